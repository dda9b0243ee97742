/**
 * A small TIFF/BigTIFF writer for tests, benchmarks and the demo case. It
 * lays out headers exactly (every tag, count and offset is valid TIFF) but
 * pixel data are placeholder bytes: nothing in casepack decodes pixels, and
 * real JPEG tiles would only make fixtures big. It can also write
 * deliberately broken files (IFD loops, lying counts, offsets past the end)
 * so probes are tested against what damaged copies look like.
 */
import { open } from 'node:fs/promises';
import type { SlideVendor } from '../../src/formats/slides/index.js';

export const TiffType = {
  BYTE: 1, ASCII: 2, SHORT: 3, LONG: 4, RATIONAL: 5, SBYTE: 6, UNDEFINED: 7, SSHORT: 8, SLONG: 9,
  SRATIONAL: 10, FLOAT: 11, DOUBLE: 12, IFD: 13, LONG8: 16, SLONG8: 17, IFD8: 18,
} as const;
export type TiffTypeCode = (typeof TiffType)[keyof typeof TiffType];

const TYPE_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4, 16: 8, 17: 8, 18: 8 };

export const Tag = {
  NewSubfileType: 254, ImageWidth: 256, ImageLength: 257, BitsPerSample: 258, Compression: 259,
  Photometric: 262, ImageDescription: 270, Make: 271, Model: 272, StripOffsets: 273, SamplesPerPixel: 277,
  RowsPerStrip: 278, StripByteCounts: 279, XResolution: 282, YResolution: 283, PlanarConfig: 284,
  ResolutionUnit: 296, Software: 305, DateTime: 306, TileWidth: 322, TileLength: 323, TileOffsets: 324,
  TileByteCounts: 325, SubIFDs: 330, XMP: 700,
  // Hamamatsu NDPI private tags
  NdpiFormatFlag: 65420, NdpiSourceLens: 65421, NdpiXOffset: 65422, NdpiYOffset: 65423, NdpiFocalPlane: 65424,
  NdpiScannerSerial: 65442, NdpiReference: 65427,
} as const;

/** A tag value: numbers (RATIONAL as numerator/denominator pairs), bigints for 8-byte types, text, or raw bytes. */
export type TagValue = number | readonly number[] | readonly bigint[] | string | Buffer;

export interface TagSpec {
  tag: number;
  /** Defaults: string → ASCII, Buffer → UNDEFINED, numbers → SHORT when all fit, else LONG. */
  type?: TiffTypeCode;
  value: TagValue;
}

/**
 * An entry written verbatim: count and value/offset field are not checked.
 * Use it for damaged files (a count of 2^32-1, an offset past the end).
 */
export interface RawEntrySpec {
  tag: number;
  type: number;
  count: number | bigint;
  /** The value/offset field, as an unsigned integer. */
  valueOrOffset: number | bigint;
}

export type PixelDataSpec =
  /** Placeholder bytes written after the IFD (default). */
  | { kind: 'inline'; bytesPerChunk?: number }
  /** Offsets/byte counts as given (sparse files, offsets past EOF). */
  | { kind: 'external'; offsets: readonly number[]; byteCounts: readonly number[] }
  /** No StripOffsets/TileOffsets tags at all. */
  | { kind: 'none' };

export interface IfdSpec {
  width: number;
  height: number;
  /** Tiled when given; stripped otherwise. */
  tile?: { width: number; height: number };
  /** Rows per strip when stripped (default: the whole image in one strip). */
  rowsPerStrip?: number;
  /** TIFF compression code (default 7 = JPEG). */
  compression?: number;
  samplesPerPixel?: number;
  /** NewSubfileType (1 = reduced resolution). */
  subfileType?: number;
  imageDescription?: string;
  software?: string;
  make?: string;
  model?: string;
  /** TIFF DateTime, `YYYY:MM:DD HH:MM:SS`. */
  dateTime?: string;
  /** Any further tags, including private ones (e.g. NDPI 65420). */
  tags?: readonly TagSpec[];
  rawEntries?: readonly RawEntrySpec[];
  pixelData?: PixelDataSpec;
  subIfds?: readonly IfdSpec[];
  /** Override the next-IFD pointer: to another top-level IFD (loops) or to an absolute offset. */
  next?: { toIfd: number } | { offset: number | bigint };
}

export interface TiffOptions {
  bigTiff?: boolean;
  byteOrder?: 'little' | 'big';
  ifds: readonly IfdSpec[];
  /** Override the first-IFD offset in the header. */
  firstIfdOffset?: number | bigint;
  /**
   * Hamamatsu's NDPI layout for files over 4 GiB: a classic TIFF whose header
   * and next-IFD pointers are 8 bytes, while value offsets keep only their low
   * 32 bits (readers restore the high bits from the IFD's own position).
   */
  ndpi64?: boolean;
  /** Place the first IFD here (e.g. after gigabytes of pixel data); the result then comes in `segments`. */
  ifdStart?: number;
}

export interface BuiltTiff {
  /** The whole file (header, IFDs, values, inline data); empty when `ifdStart` split it into segments. */
  buffer: Buffer;
  /** What to write where: the whole buffer at 0, or the header at 0 and the IFD block at `ifdStart`. */
  segments: { position: number; bytes: Buffer }[];
  /** Absolute offsets of the top-level IFDs, in order. */
  ifdOffsets: number[];
  /** Where header/IFD/value bytes end and inline pixel data of the last IFD finish. */
  length: number;
}

interface Entry {
  tag: number;
  type: number;
  count: number | bigint;
  /** Encoded value bytes (count × type size); undefined for raw entries. */
  data?: Buffer;
  raw?: bigint;
}

interface Layout {
  spec: IfdSpec;
  offset: number;
  entries: Entry[];
  /** Overflow value offsets per entry (0 when the value fits inline). */
  valueOffsets: number[];
  chunkOffsets: number[];
  chunkCounts: number[];
  inlineChunkBytes: number;
  subLayouts: Layout[];
  end: number;
}

class Writer {
  constructor(readonly big: boolean, readonly le: boolean, readonly ndpi = false) {}
  get entrySize(): number { return this.big ? 20 : 12; }
  get countSize(): number { return this.big ? 8 : 2; }
  get offsetSize(): number { return this.big ? 8 : 4; }
  /** Next-IFD pointer size: 8 in BigTIFF and in NDPI's 64-bit layout. */
  get nextSize(): number { return this.big || this.ndpi ? 8 : 4; }

  u16(buf: Buffer, pos: number, v: number): void { if (this.le) buf.writeUInt16LE(v, pos); else buf.writeUInt16BE(v, pos); }
  u32(buf: Buffer, pos: number, v: number): void { if (this.le) buf.writeUInt32LE(v >>> 0, pos); else buf.writeUInt32BE(v >>> 0, pos); }
  u64(buf: Buffer, pos: number, v: bigint): void { if (this.le) buf.writeBigUInt64LE(BigInt.asUintN(64, v), pos); else buf.writeBigUInt64BE(BigInt.asUintN(64, v), pos); }
  /** Offset-sized unsigned write (4 bytes classic, 8 bytes BigTIFF). */
  off(buf: Buffer, pos: number, v: number | bigint): void {
    if (this.big) this.u64(buf, pos, BigInt(v));
    else this.u32(buf, pos, Number(BigInt.asUintN(32, BigInt(v))));
  }

  encode(spec: TagSpec): Entry {
    const { value } = spec;
    if (typeof value === 'string') {
      const bytes = Buffer.from(`${value}\0`, 'latin1');
      return { tag: spec.tag, type: spec.type ?? TiffType.ASCII, count: bytes.length, data: bytes };
    }
    if (Buffer.isBuffer(value)) {
      return { tag: spec.tag, type: spec.type ?? TiffType.UNDEFINED, count: value.length, data: Buffer.from(value) };
    }
    const list: readonly (number | bigint)[] = typeof value === 'number' ? [value] : value;
    const type = spec.type ?? (list.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffff) ? TiffType.SHORT : TiffType.LONG);
    const size = TYPE_SIZE[type];
    if (size === undefined) throw new Error(`unsupported TIFF type ${type}`);
    const isRational = type === TiffType.RATIONAL || type === TiffType.SRATIONAL;
    const count = isRational ? Math.ceil(list.length / 2) : list.length;
    const data = Buffer.alloc(count * size);
    const step = isRational ? 4 : size;
    list.forEach((v, i) => this.writeNumber(data, i * step, type, v));
    return { tag: spec.tag, type, count, data };
  }

  private writeNumber(buf: Buffer, pos: number, type: number, v: number | bigint): void {
    const n = Number(v);
    switch (type) {
      case TiffType.BYTE: case TiffType.UNDEFINED: case TiffType.ASCII: buf.writeUInt8(n & 0xff, pos); break;
      case TiffType.SBYTE: buf.writeInt8(n, pos); break;
      case TiffType.SHORT: this.u16(buf, pos, n); break;
      case TiffType.SSHORT: if (this.le) buf.writeInt16LE(n, pos); else buf.writeInt16BE(n, pos); break;
      case TiffType.LONG: case TiffType.IFD: case TiffType.RATIONAL: this.u32(buf, pos, n); break;
      case TiffType.SLONG: case TiffType.SRATIONAL: if (this.le) buf.writeInt32LE(n, pos); else buf.writeInt32BE(n, pos); break;
      case TiffType.FLOAT: if (this.le) buf.writeFloatLE(n, pos); else buf.writeFloatBE(n, pos); break;
      case TiffType.DOUBLE: if (this.le) buf.writeDoubleLE(n, pos); else buf.writeDoubleBE(n, pos); break;
      default: this.u64(buf, pos, BigInt(v));
    }
  }
}

function chunkCount(spec: IfdSpec): number {
  if (spec.tile) return Math.ceil(spec.width / spec.tile.width) * Math.ceil(spec.height / spec.tile.height);
  const rows = spec.rowsPerStrip ?? spec.height;
  return Math.max(1, Math.ceil(spec.height / Math.max(1, rows)));
}

function baseTags(spec: IfdSpec): TagSpec[] {
  const spp = spec.samplesPerPixel ?? 3;
  const tags: TagSpec[] = [
    { tag: Tag.ImageWidth, type: TiffType.LONG, value: spec.width },
    { tag: Tag.ImageLength, type: TiffType.LONG, value: spec.height },
    { tag: Tag.BitsPerSample, type: TiffType.SHORT, value: new Array<number>(spp).fill(8) },
    { tag: Tag.Compression, type: TiffType.SHORT, value: spec.compression ?? 7 },
    { tag: Tag.Photometric, type: TiffType.SHORT, value: spp === 1 ? 1 : (spec.compression ?? 7) === 7 ? 6 : 2 },
    { tag: Tag.SamplesPerPixel, type: TiffType.SHORT, value: spp },
    { tag: Tag.PlanarConfig, type: TiffType.SHORT, value: 1 },
  ];
  if (spec.subfileType !== undefined) tags.push({ tag: Tag.NewSubfileType, type: TiffType.LONG, value: spec.subfileType });
  if (spec.imageDescription !== undefined) tags.push({ tag: Tag.ImageDescription, value: spec.imageDescription });
  if (spec.make !== undefined) tags.push({ tag: Tag.Make, value: spec.make });
  if (spec.model !== undefined) tags.push({ tag: Tag.Model, value: spec.model });
  if (spec.software !== undefined) tags.push({ tag: Tag.Software, value: spec.software });
  if (spec.dateTime !== undefined) tags.push({ tag: Tag.DateTime, value: spec.dateTime });
  if (spec.tile) {
    tags.push({ tag: Tag.TileWidth, type: TiffType.LONG, value: spec.tile.width });
    tags.push({ tag: Tag.TileLength, type: TiffType.LONG, value: spec.tile.height });
  } else {
    tags.push({ tag: Tag.RowsPerStrip, type: TiffType.LONG, value: spec.rowsPerStrip ?? spec.height });
  }
  return tags;
}

/** Lay out one IFD (and its SubIFDs after it) starting at `start`; returns the layout with its end. */
function layoutIfd(w: Writer, spec: IfdSpec, start: number): Layout {
  const pixel: PixelDataSpec = spec.pixelData ?? { kind: 'inline' };
  const n = chunkCount(spec);
  const offsetType = w.big ? TiffType.LONG8 : TiffType.LONG;
  const tagSpecs = baseTags(spec);
  const [offsetsTag, countsTag] = spec.tile ? [Tag.TileOffsets, Tag.TileByteCounts] : [Tag.StripOffsets, Tag.StripByteCounts];
  const chunkCounts = pixel.kind === 'external' ? [...pixel.byteCounts] : new Array<number>(n).fill(pixel.kind === 'inline' ? (pixel.bytesPerChunk ?? 16) : 0);
  // Placeholders: real offsets are filled in once the layout is known (their byte size is fixed now).
  if (pixel.kind !== 'none') {
    const len = pixel.kind === 'external' ? pixel.offsets.length : n;
    tagSpecs.push({ tag: offsetsTag, type: offsetType, value: w.big ? new Array<bigint>(len).fill(0n) : new Array<number>(len).fill(0) });
    tagSpecs.push({ tag: countsTag, type: offsetType, value: w.big ? chunkCounts.map((c) => BigInt(c)) : chunkCounts });
  }
  if (spec.subIfds?.length) {
    tagSpecs.push({ tag: Tag.SubIFDs, type: w.big ? TiffType.IFD8 : TiffType.IFD, value: w.big ? new Array<bigint>(spec.subIfds.length).fill(0n) : new Array<number>(spec.subIfds.length).fill(0) });
  }
  for (const t of spec.tags ?? []) tagSpecs.push(t);
  const entries: Entry[] = tagSpecs.map((t) => w.encode(t));
  for (const r of spec.rawEntries ?? []) entries.push({ tag: r.tag, type: r.type, count: r.count, raw: BigInt(r.valueOrOffset) });
  entries.sort((a, b) => a.tag - b.tag);

  const tableSize = w.countSize + entries.length * w.entrySize + w.nextSize;
  // NDPI writes values before their IFD (readers restore 32-bit value offsets as "just below the IFD").
  let pos = w.ndpi ? start : start + tableSize;
  const valueOffsets = entries.map((e) => {
    if (!e.data || e.data.length <= w.offsetSize) return 0;
    pos += pos % 2; // values start on a word boundary
    const at = pos;
    pos += e.data.length;
    return at;
  });
  pos += pos % 2;
  const ifdOffset = w.ndpi ? pos : start;
  if (w.ndpi) pos += tableSize;
  let chunkOffsets: number[] = [];
  let inlineChunkBytes = 0;
  if (pixel.kind === 'inline') {
    inlineChunkBytes = pixel.bytesPerChunk ?? 16;
    chunkOffsets = Array.from({ length: n }, (_, i) => pos + i * inlineChunkBytes);
    pos += n * inlineChunkBytes;
  } else if (pixel.kind === 'external') {
    chunkOffsets = [...pixel.offsets];
  }
  const subLayouts: Layout[] = [];
  for (const sub of spec.subIfds ?? []) {
    pos += pos % 2;
    const l = layoutIfd(w, sub, pos);
    subLayouts.push(l);
    pos = l.end;
  }
  const patch = (tag: number, values: readonly number[]): void => {
    const e = entries.find((x) => x.tag === tag);
    if (!e?.data) return;
    const size = TYPE_SIZE[e.type] ?? 4;
    values.forEach((v, i) => { if (size === 8) w.u64(e.data as Buffer, i * 8, BigInt(v)); else w.u32(e.data as Buffer, i * 4, v); });
  };
  if (pixel.kind !== 'none') patch(offsetsTag, chunkOffsets);
  if (subLayouts.length) patch(Tag.SubIFDs, subLayouts.map((l) => l.offset));
  return { spec, offset: ifdOffset, entries, valueOffsets, chunkOffsets, chunkCounts, inlineChunkBytes, subLayouts, end: pos };
}

/** Write one IFD into `buf`, which holds the file from absolute position `shift` on. */
function serialiseIfd(w: Writer, buf: Buffer, l: Layout, next: number | bigint, shift: number): void {
  let p = l.offset - shift;
  if (w.big) w.u64(buf, p, BigInt(l.entries.length)); else w.u16(buf, p, l.entries.length);
  p += w.countSize;
  l.entries.forEach((e, i) => {
    w.u16(buf, p, e.tag);
    w.u16(buf, p + 2, e.type);
    w.off(buf, p + 4, e.count);
    const field = p + 4 + w.offsetSize;
    if (e.raw !== undefined) w.off(buf, field, e.raw);
    else if (e.data && e.data.length <= w.offsetSize) e.data.copy(buf, field);
    else if (e.data) { w.off(buf, field, l.valueOffsets[i] ?? 0); e.data.copy(buf, (l.valueOffsets[i] ?? 0) - shift); }
    p += w.entrySize;
  });
  if (w.nextSize === 8) w.u64(buf, p, BigInt(next)); else w.off(buf, p, next);
  if (l.inlineChunkBytes > 0) {
    // Recognisable filler rather than zeros, so a reader that wrongly treats pixel bytes as a header fails visibly.
    for (const at of l.chunkOffsets) buf.fill(0xa5, at - shift, at - shift + l.inlineChunkBytes);
  }
  for (const sub of l.subLayouts) serialiseIfd(w, buf, sub, 0, shift);
}

/** Build a TIFF and report where its IFDs landed. */
export function buildTiff(options: TiffOptions): BuiltTiff {
  const big = options.bigTiff ?? false;
  const le = (options.byteOrder ?? 'little') === 'little';
  const ndpi = options.ndpi64 === true && !big;
  const w = new Writer(big, le, ndpi);
  // NDPI's header pointer is 8 bytes, so its header is 12 bytes long.
  const headerSize = big ? 16 : ndpi ? 12 : 8;
  const start = options.ifdStart ?? headerSize;
  if (start < headerSize) throw new Error('ifdStart lies inside the header');
  const layouts: Layout[] = [];
  let pos = start;
  for (const spec of options.ifds) {
    pos += pos % 2;
    const l = layoutIfd(w, spec, pos);
    layouts.push(l);
    pos = l.end;
  }
  const split = options.ifdStart !== undefined;
  const header = Buffer.alloc(headerSize);
  const block = Buffer.alloc(split ? pos - start : 0);
  const buf = split ? block : Buffer.alloc(pos);
  const shift = split ? start : 0;
  const target = split ? header : buf;
  target.write(le ? 'II' : 'MM', 0, 'latin1');
  w.u16(target, 2, big ? 43 : 42);
  if (big) { w.u16(target, 4, 8); w.u16(target, 6, 0); }
  const first = options.firstIfdOffset ?? layouts[0]?.offset ?? 0;
  if (ndpi) w.u64(target, 4, BigInt(first)); else w.off(target, big ? 8 : 4, first);
  layouts.forEach((l, i) => {
    const override = l.spec.next;
    let next: number | bigint = layouts[i + 1]?.offset ?? 0;
    if (override && 'toIfd' in override) next = layouts[override.toIfd]?.offset ?? 0;
    else if (override) next = override.offset;
    serialiseIfd(w, buf, l, next, shift);
  });
  const segments = split ? [{ position: 0, bytes: header }, { position: start, bytes: block }] : [{ position: 0, bytes: buf }];
  return { buffer: split ? Buffer.alloc(0) : buf, segments, ifdOffsets: layouts.map((l) => l.offset), length: pos };
}

/** Classic or BigTIFF, either byte order, tiled or stripped, any number of IFDs and tags. */
export function writeTiff(options: TiffOptions): Buffer {
  if (options.ifdStart !== undefined) throw new Error('writeTiff makes one buffer; use buildTiff(...).segments with ifdStart');
  return buildTiff(options).buffer;
}

// ---------------------------------------------------------------------------
// Vendor-shaped slides

export interface SlideSpecOptions {
  /** Level-0 size (default 46000 × 32914, the size of OpenSlide's CMU-1). */
  width?: number;
  height?: number;
  levels?: number;
  bigTiff?: boolean;
  byteOrder?: 'little' | 'big';
  /** Aperio `Date`, MM/DD/YY. */
  date?: string;
  time?: string;
  appMag?: number;
  mpp?: number;
}

const TILE = 240;

/**
 * IFDs shaped like an Aperio SVS: tiled level 0 with the Aperio description
 * (`Aperio Image Library … |AppMag = 20|…|Date = MM/DD/YY|…|MPP = 0.499`),
 * a stripped thumbnail as IFD 1, reduced levels, then label and macro.
 */
export function aperioIfds(opts: SlideSpecOptions = {}): IfdSpec[] {
  const width = opts.width ?? 46000;
  const height = opts.height ?? 32914;
  const levels = opts.levels ?? 3;
  const desc = `Aperio Image Library v11.2.1 \r\n${width}x${height} [0,0 ${width}x${height}] (${TILE}x${TILE}) JPEG/RGB Q=70`
    + `|AppMag = ${opts.appMag ?? 20}|StripeWidth = 2040|ScanScope ID = SS1234|Filename = SYNTH-1|Date = ${opts.date ?? '03/15/24'}`
    + `|Time = ${opts.time ?? '09:59:15'}|Time Zone = GMT+01:00|User = synthetic|MPP = ${opts.mpp ?? 0.499}|Left = 25.0|Top = 23.0`;
  const ifds: IfdSpec[] = [{ width, height, tile: { width: TILE, height: TILE }, imageDescription: desc }];
  ifds.push({ width: 1024, height: Math.max(1, Math.round((1024 * height) / width)), rowsPerStrip: 16, imageDescription: `Aperio Image Library v11.2.1 \r\n${width}x${height} -> 1024x${Math.round((1024 * height) / width)} - |AppMag = ${opts.appMag ?? 20}|MPP = ${opts.mpp ?? 0.499}` });
  for (let level = 1; level < levels; level++) {
    const f = 4 ** level;
    const lw = Math.max(1, Math.floor(width / f));
    const lh = Math.max(1, Math.floor(height / f));
    ifds.push({ width: lw, height: lh, tile: { width: TILE, height: TILE }, imageDescription: `Aperio Image Library v11.2.1 \r\n${width}x${height} [0,0 ${width}x${height}] (${TILE}x${TILE}) -> ${lw}x${lh} JPEG/RGB Q=70` });
  }
  ifds.push({ width: 387, height: 463, rowsPerStrip: 16, compression: 5, subfileType: 1, imageDescription: 'Aperio Image Library v11.2.1\r\nlabel 387x463' });
  ifds.push({ width: 1280, height: 431, rowsPerStrip: 16, subfileType: 9, imageDescription: 'Aperio Image Library v11.2.1\r\nmacro 1280x431' });
  return ifds;
}

/**
 * IFDs shaped like a Hamamatsu NDPI: Make "Hamamatsu", private tag 65420 in
 * every IFD, one JPEG strip per level (NDPI compresses a level as one JPEG
 * with restart markers), 65421 = objective magnification (-1 for the macro).
 */
export function hamamatsuIfds(opts: SlideSpecOptions = {}): IfdSpec[] {
  const width = opts.width ?? 51200;
  const height = opts.height ?? 38144;
  const levels = opts.levels ?? 4;
  const mag = opts.appMag ?? 20;
  const mpp = opts.mpp ?? 0.4416;
  const pxPerCm = Math.round(10000 / mpp);
  const common = (sourceLens: number): TagSpec[] => [
    { tag: Tag.XResolution, type: TiffType.RATIONAL, value: [pxPerCm, 1] },
    { tag: Tag.YResolution, type: TiffType.RATIONAL, value: [pxPerCm, 1] },
    { tag: Tag.ResolutionUnit, type: TiffType.SHORT, value: 3 },
    { tag: Tag.NdpiFormatFlag, type: TiffType.LONG, value: 1 },
    { tag: Tag.NdpiSourceLens, type: TiffType.FLOAT, value: sourceLens },
    { tag: Tag.NdpiXOffset, type: TiffType.SLONG, value: 1234 },
    { tag: Tag.NdpiYOffset, type: TiffType.SLONG, value: -5678 },
    { tag: Tag.NdpiFocalPlane, type: TiffType.SLONG, value: 0 },
    { tag: Tag.NdpiScannerSerial, value: 'SYNTH-0001' },
  ];
  const dateTime = opts.date ?? '2024:03:15 10:22:01';
  const ifds: IfdSpec[] = [];
  for (let level = 0; level < levels; level++) {
    const f = 4 ** level;
    ifds.push({
      width: Math.max(1, Math.floor(width / f)), height: Math.max(1, Math.floor(height / f)),
      make: 'Hamamatsu', model: 'C13210', software: 'NDP.scan 3.2.15', dateTime,
      tags: common(mag / f),
    });
  }
  ifds.push({ width: 1920, height: 684, make: 'Hamamatsu', model: 'C13210', software: 'NDP.scan 3.2.15', dateTime, tags: common(-1) });
  return ifds;
}

/**
 * IFDs shaped like a Leica SCN: `<scn>` XML in Leica's namespace on IFD 0; a
 * macro image whose view covers the whole collection (IFD 0) and a main
 * image of two levels (IFDs 1, 2) plus a second channel (IFD 3).
 */
export function leicaIfds(): IfdSpec[] {
  const xml = `<?xml version="1.0"?><scn xmlns="http://www.leica-microsystems.com/scn/2010/10/01"><collection name="c" sizeX="20000000" sizeY="10000000">
      <image name="macro"><creationDate>2019-04-01T10:00:00Z</creationDate><pixels sizeX="1000" sizeY="500"><dimension sizeX="1000" sizeY="500" r="0" ifd="0"/></pixels>
      <view sizeX="20000000" sizeY="10000000" offsetX="0" offsetY="0"/><scanSettings><objectiveSettings><objective>0.5</objective></objectiveSettings></scanSettings></image>
      <image name="main"><creationDate>2019-04-02T11:12:13Z</creationDate><device model="Leica SCN400;Leica SCN" version="1"/>
      <pixels sizeX="8000" sizeY="4000"><dimension sizeX="8000" sizeY="4000" r="0" ifd="1"/><dimension sizeX="2000" sizeY="1000" r="1" ifd="2"/><dimension sizeX="8000" sizeY="4000" r="0" c="1" ifd="3"/></pixels>
      <view sizeX="4000000" sizeY="2000000" offsetX="1" offsetY="1"/><scanSettings><objectiveSettings><objective>20</objective></objectiveSettings></scanSettings></image>
      </collection></scn>`;
  return [
    { width: 1000, height: 500, tile: { width: 256, height: 256 }, imageDescription: xml },
    { width: 8000, height: 4000, tile: { width: 256, height: 256 } },
    { width: 2000, height: 1000, tile: { width: 256, height: 256 } },
    { width: 8000, height: 4000, tile: { width: 256, height: 256 } },
  ];
}

/** IFDs shaped like a Philips TIFF: Software "Philips …", DPUfsImport XML, a 3-level tiled pyramid and a macro. */
export function philipsIfds(): IfdSpec[] {
  const xml = `<?xml version="1.0"?><DataObject ObjectType="DPUfsImport">
      <Attribute Name="DICOM_ACQUISITION_DATETIME" PMSVR="IString">20220309143000.000000</Attribute>
      <Attribute Name="DICOM_MANUFACTURER" PMSVR="IString">PHILIPS</Attribute>
      <Attribute Name="DICOM_MANUFACTURERS_MODEL_NAME" PMSVR="IString">UFS Scanner</Attribute>
      <Attribute Name="DICOM_PIXEL_SPACING" PMSVR="IDoubleArray">&quot;0.00025&quot; &quot;0.00026&quot;</Attribute></DataObject>`;
  return [
    { width: 4096, height: 2048, tile: { width: 512, height: 512 }, imageDescription: xml, software: 'Philips DP v1.0' },
    { width: 2048, height: 1024, tile: { width: 512, height: 512 } },
    { width: 1024, height: 512, tile: { width: 512, height: 512 } },
    { width: 600, height: 300, tile: { width: 512, height: 512 }, imageDescription: 'Macro' },
  ];
}

/** IFDs shaped like a Ventana BIF: a stripped label with the `<iScan>` XMP, then `level=N` tiled IFDs. */
export function ventanaIfds(): IfdSpec[] {
  const xmp = '<?xpacket?><iScan Magnification="40" ScanRes="0.2325" ScannerModel="VENTANA DP 200" UnitNumber="1"></iScan>';
  return [
    { width: 800, height: 400, rowsPerStrip: 16, imageDescription: 'Label Image', tags: [{ tag: Tag.XMP, type: TiffType.BYTE, value: Buffer.from(xmp) }] },
    { width: 20000, height: 10000, tile: { width: 1024, height: 1024 }, imageDescription: 'level=0 mag=40 quality=90' },
    { width: 10000, height: 5000, tile: { width: 1024, height: 1024 }, imageDescription: 'level=1 mag=20 quality=90' },
  ];
}

/** One OME-TIFF plane with OME-XML (Zeiss Axio, 63x, 120 nm pixels) and two SubIFD pyramid levels. */
export function omeIfds(): IfdSpec[] {
  const xml = '<?xml version="1.0"?><OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06"><Instrument><Microscope Manufacturer="Zeiss" Model="Axio"/><Objective NominalMagnification="63"/></Instrument>'
    + '<Image><AcquisitionDate>2020-10-05T09:30:00</AcquisitionDate><Pixels SizeX="2048" SizeY="1024" PhysicalSizeX="120" PhysicalSizeXUnit="nm" PhysicalSizeY="0.12"/></Image></OME>';
  return [{
    width: 2048, height: 1024, tile: { width: 256, height: 256 }, imageDescription: xml,
    subIfds: [{ width: 1024, height: 512, tile: { width: 256, height: 256 }, subfileType: 1 }, { width: 512, height: 256, tile: { width: 256, height: 256 }, subfileType: 1 }],
  }];
}

/** A tiled pyramid with no vendor text: three tiled IFDs, 0.25 µm/px in cm units, Make/Model and DateTime. */
export function genericTiledIfds(): IfdSpec[] {
  const res: TagSpec[] = [{ tag: Tag.XResolution, type: TiffType.RATIONAL, value: [40000, 1] }, { tag: Tag.YResolution, type: TiffType.RATIONAL, value: [40000, 1] }, { tag: Tag.ResolutionUnit, value: 3 }];
  return [
    { width: 4096, height: 4096, tile: { width: 256, height: 256 }, tags: res, make: 'Acme', model: 'Scan 1', dateTime: '2018:01:02 03:04:05' },
    { width: 1024, height: 1024, tile: { width: 256, height: 256 }, subfileType: 1 },
    { width: 256, height: 256, tile: { width: 256, height: 256 }, subfileType: 1 },
  ];
}

/**
 * One fixture per TIFF-based slide format, keyed by its registry id
 * (src/formats/slides): test/probe/slide-formats.test.ts fails for a format
 * without one.
 */
export const TIFF_SLIDE_FIXTURES: Readonly<Partial<Record<SlideVendor, () => IfdSpec[]>>> = {
  'aperio': () => aperioIfds({ width: 4800, height: 3600 }),
  'hamamatsu': () => hamamatsuIfds({ width: 8000, height: 6000, levels: 3 }),
  'leica': leicaIfds,
  'philips': philipsIfds,
  'ventana': ventanaIfds,
  'ome': omeIfds,
  'generic-tiled': genericTiledIfds,
};

export interface SparseSlideOptions {
  vendor: 'aperio' | 'hamamatsu';
  /** Total file size; the pixel region is a hole (ftruncate), only headers are written. */
  bytes: number;
  bigTiff?: boolean;
  slide?: SlideSpecOptions;
}

/**
 * Write a sparse slide file of `bytes` bytes: valid IFDs and tags at the start,
 * tile/strip offsets spread over the hole that fills the rest. A probe that
 * reads only headers is then measured against a real file size at almost no
 * disk cost. Returns the number of header bytes written.
 */
export async function writeSparseSlideFile(path: string, options: SparseSlideOptions): Promise<{ headerBytes: number }> {
  const base = options.vendor === 'aperio' ? aperioIfds(options.slide) : hamamatsuIfds(options.slide);
  const big = options.bigTiff ?? options.slide?.bigTiff ?? false;
  const byteOrder = options.slide?.byteOrder ?? 'little';
  const totalChunks = base.reduce((s, spec) => s + chunkCount(spec), 0);
  const external = (ifds: IfdSpec[], start: number, per: number): IfdSpec[] => {
    let at = start;
    return ifds.map((spec) => {
      const n = chunkCount(spec);
      const offsets = Array.from({ length: n }, (_, i) => at + i * per);
      at += n * per;
      return { ...spec, pixelData: { kind: 'external', offsets, byteCounts: new Array<number>(n).fill(per) } };
    });
  };
  const tooSmall = (): Error => new Error(`${options.bytes} bytes is too small for a ${options.vendor} slide of ${totalChunks} tiles`);

  let built: BuiltTiff;
  if (options.vendor === 'hamamatsu' && !big) {
    // Real NDPI files put the pixel data first and the IFDs at the end, with 8-byte IFD pointers
    // (NDPI's 64-bit layout, harmless below 4 GiB) and 32-bit value offsets that keep only the low bits.
    const dataStart = 4096;
    const blockSize = buildTiff({ byteOrder, ndpi64: true, ifdStart: 1 << 20, ifds: external(base, dataStart, 1) }).length - (1 << 20);
    const ifdStart = Math.floor((options.bytes - blockSize) / 16) * 16;
    const per = Math.floor((ifdStart - dataStart) / totalChunks);
    if (per < 1) throw tooSmall();
    built = buildTiff({ byteOrder, ndpi64: true, ifdStart, ifds: external(base, dataStart, per) });
  } else {
    // Aperio: headers first (measured with dummy offsets, which do not change their size), tiles after.
    const headerEnd = buildTiff({ bigTiff: big, byteOrder, ifds: external(base, 0, 1) }).length;
    const dataStart = Math.ceil(headerEnd / 4096) * 4096;
    const per = Math.floor((options.bytes - dataStart) / totalChunks);
    if (per < 1) throw tooSmall();
    if (!big && dataStart + per * totalChunks > 0xffffffff) throw new Error('a classic TIFF cannot address more than 4 GiB; use bigTiff');
    built = buildTiff({ bigTiff: big, byteOrder, ifds: external(base, dataStart, per) });
  }
  const handle = await open(path, 'w');
  try {
    await handle.truncate(options.bytes);
    for (const { position, bytes } of built.segments) await handle.write(bytes, 0, bytes.length, position);
  } finally {
    await handle.close();
  }
  return { headerBytes: built.segments.reduce((s, seg) => s + seg.bytes.length, 0) };
}
