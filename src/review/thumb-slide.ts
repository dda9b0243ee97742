import { open, type FileHandle } from 'node:fs/promises';
import sharp from 'sharp';
import type { IfdSummary } from '../formats/slides/tiff-ifd.js';
import { MAX_IMAGE_PIXELS } from '../probe/image/limits.js';
import { countingSource, fixNdpiOffset, readTiffStructure, type Ifd, type TiffReader } from '../probe/tiff/reader.js';
import { summariseIfd, TAG } from '../probe/tiff/summary.js';
import { HEAD_BYTES, readAt } from '../probe/types.js';
import { encodeThumbnail } from './thumb-encode.js';
import type { Thumbnail, ThumbnailRequest } from './thumbnail-types.js';

/**
 * A whole-slide scan's own small pictures: the label, the macro (overview)
 * and the thumbnail that Aperio, Ventana, Philips and others store as extra
 * IFDs, or the lowest pyramid level when it is small. The slide itself (tens
 * of thousands of pixels a side) is never decoded. The chosen IFD is copied
 * out as a TIFF of its own (its pixel tags and its strips or tiles, nothing
 * else) and decoded by sharp's libtiff, which reads every compression a
 * vendor uses for these pictures (none, LZW, JPEG with or without shared
 * tables, Deflate, PackBits); JPEG 2000 and the like fail there and the next
 * candidate is tried.
 */

type Role = 'label' | 'macro' | 'thumbnail' | 'level' | 'other';

interface Candidate { ifd: Ifd; summary: IfdSummary; role: Role; pixels: number }

/** Largest picture taken as "small": a label or macro is well under this, a level this size is already a thumbnail's source. */
const MAX_CANDIDATE_PIXELS = 25_000_000;
/** Compressed bytes copied out at most, and strips or tiles at most. */
const MAX_CANDIDATE_BYTES = 64 * 1024 * 1024;
const MAX_CHUNKS = 16_384;
/** Compressions libtiff in sharp decodes: none, LZW, JPEG, Deflate (both codes), PackBits. */
const DECODABLE = new Set([1, 5, 7, 8, 32946, 32773]);

const EXTRA_TAG = {
  BitsPerSample: 258, Photometric: 262, FillOrder: 266, SamplesPerPixel: 277, RowsPerStrip: 278, PlanarConfig: 284,
  Predictor: 317, ColorMap: 320, TileLength: 323, ExtraSamples: 338, SampleFormat: 339, JpegTables: 347,
  YCbCrSubsampling: 530, YCbCrPositioning: 531, ReferenceBlackWhite: 532,
} as const;

/** The tags that say how to read the pixels; everything else (descriptions, vendor XML, resolution) stays behind. */
const PIXEL_TAGS = [
  TAG.ImageWidth, TAG.ImageLength, EXTRA_TAG.BitsPerSample, TAG.Compression, EXTRA_TAG.Photometric, EXTRA_TAG.FillOrder,
  EXTRA_TAG.SamplesPerPixel, EXTRA_TAG.RowsPerStrip, EXTRA_TAG.PlanarConfig, EXTRA_TAG.Predictor, EXTRA_TAG.ColorMap,
  TAG.TileWidth, EXTRA_TAG.TileLength, EXTRA_TAG.ExtraSamples, EXTRA_TAG.SampleFormat, EXTRA_TAG.JpegTables,
  EXTRA_TAG.YCbCrSubsampling, EXTRA_TAG.YCbCrPositioning, EXTRA_TAG.ReferenceBlackWhite,
];

function roleOf(summary: IfdSummary, first: IfdSummary | undefined): Role {
  if (summary.ndpiMagnification === -1) return 'macro';
  // NDPI's focus map (-2) is a grid of focus heights, not a picture of the slide.
  if (summary.ndpiMagnification !== undefined && summary.ndpiMagnification < -1) return 'other';
  // Vendor XML (OME, Leica, Philips) names every image in the file: only a short plain description names this one.
  const description = (summary.description ?? '').slice(0, 400);
  if (!description.trimStart().startsWith('<')) {
    if (/\blabel\b/i.test(description)) return 'label';
    if (/\b(macro|overview)\b/i.test(description)) return 'macro';
    if (/\bthumbnail\b/i.test(description)) return 'thumbnail';
  }
  // Aperio's second IFD is its stripped thumbnail (the levels are tiled).
  if (summary.index === 1 && !summary.tiled && (first?.description ?? '').startsWith('Aperio')) return 'thumbnail';
  return 'level';
}

/** The IFDs worth trying, best first for what was asked. */
function candidatesInOrder(candidates: Candidate[], prefer: 'label' | 'thumbnail'): Candidate[] {
  const byRole = (role: Role): Candidate[] => candidates.filter((c) => c.role === role).sort((a, b) => a.pixels - b.pixels);
  const smallestLevel = byRole('level').slice(0, 1);
  const order: Role[] = prefer === 'label' ? ['label', 'macro', 'thumbnail'] : ['thumbnail'];
  const picked = order.flatMap(byRole);
  return prefer === 'label' ? [...picked, ...smallestLevel] : [...picked, ...smallestLevel, ...byRole('macro'), ...byRole('label')];
}

export async function slideThumbnail(file: string, maxSide: number, prefer: ThumbnailRequest['prefer']): Promise<Thumbnail | null> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const head = await readAt(handle, 0, Math.min(size, HEAD_BYTES));
    const structure = await readTiffStructure(countingSource(size, (position, length) => readAt(handle, position, length)), head);
    if ('error' in structure) return null;
    const { ifds, reader } = structure;
    const candidates: Candidate[] = [];
    let first: IfdSummary | undefined;
    for (const [index, ifd] of ifds.entries()) {
      const summary = await summariseIfd(reader, ifd, index);
      first ??= summary;
      const pairs: Array<[Ifd, IfdSummary]> = [[ifd, summary], ...ifd.subIfds.map((sub, i): [Ifd, IfdSummary] => [sub, summary.subIfds[i] as IfdSummary])];
      for (const [one, facts] of pairs) {
        const pixels = (facts.width ?? 0) * (facts.height ?? 0);
        if (pixels < 1 || pixels > MAX_CANDIDATE_PIXELS || !DECODABLE.has(facts.compression ?? 1)) continue;
        candidates.push({ ifd: one, summary: facts, role: roleOf(facts, first), pixels });
      }
    }
    for (const candidate of candidatesInOrder(candidates, prefer ?? 'thumbnail')) {
      const picture = await wholeJpegOf(handle, size, reader, candidate.ifd) ?? await ifdAsTiff(handle, size, reader, candidate.ifd);
      if (!picture) continue;
      try {
        return await encodeThumbnail(sharp(picture, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' }), maxSide, 'jpeg');
      } catch {
        // This picture's compression or data is beyond libtiff: the next one may do.
      }
    }
    return null;
  } finally {
    await handle.close();
  }
}

/**
 * An IFD whose one strip is a whole JPEG file (NDPI stores every level and its
 * macro so; other vendors their macro): handed to sharp as a JPEG. Read through
 * libtiff instead, its colour reading depends on TIFF tags the vendor may not
 * have written (NDPI's macro has no YCbCrSubsampling), and it came out black.
 */
async function wholeJpegOf(handle: FileHandle, size: number, reader: TiffReader, ifd: Ifd): Promise<Buffer | undefined> {
  if (ifd.entries.has(TAG.TileOffsets) || ifd.entries.has(EXTRA_TAG.JpegTables)) return undefined;
  if ((await reader.number(ifd.entries.get(TAG.Compression))) !== 7) return undefined;
  const offsets = ifd.entries.get(TAG.StripOffsets);
  const counts = ifd.entries.get(TAG.StripByteCounts);
  if (offsets?.count !== 1 || counts?.count !== 1) return undefined;
  let offset = await reader.number(offsets);
  const length = await reader.number(counts);
  if (offset === undefined || length === undefined || length > MAX_CANDIDATE_BYTES) return undefined;
  if (reader.header.ndpi) offset = fixNdpiOffset(ifd.offset, offset);
  if (offset < 0 || offset + length > size) return undefined;
  const jpeg = await readAt(handle, offset, length);
  return jpeg.length === length && jpeg[0] === 0xff && jpeg[1] === 0xd8 && jpeg[2] === 0xff ? jpeg : undefined;
}

// --- One IFD copied out as a little-endian classic TIFF --------------------------------------------

interface OutEntry { tag: number; type: number; count: number; data: Buffer }

const BYTE_TYPES = new Set([1, 2, 6, 7]);
/** Wide and 8-byte integer types become their 4-byte kin: a small TIFF needs no more. */
const INTEGER_TYPE_OUT: Readonly<Record<number, number>> = { 3: 3, 8: 8, 4: 4, 13: 4, 16: 4, 18: 4, 9: 9, 17: 9 };
const MAX_TAG_VALUES = 3 * 65_536;

function encodeIntegers(type: number, values: readonly number[]): Buffer {
  const size = type === 3 || type === 8 ? 2 : 4;
  const out = Buffer.alloc(values.length * size);
  values.forEach((v, i) => {
    if (type === 3) out.writeUInt16LE(v & 0xffff, i * 2);
    else if (type === 8) out.writeInt16LE(v, i * 2);
    else if (type === 9) out.writeInt32LE(v, i * 4);
    else out.writeUInt32LE(v >>> 0, i * 4);
  });
  return out;
}

async function copiedEntry(reader: TiffReader, ifd: Ifd, tag: number): Promise<OutEntry | undefined> {
  const entry = ifd.entries.get(tag);
  if (!entry || entry.count > MAX_TAG_VALUES) return undefined;
  if (BYTE_TYPES.has(entry.type)) {
    const data = await reader.bytes(entry);
    return data ? { tag, type: entry.type, count: data.length, data: Buffer.from(data) } : undefined;
  }
  const type = INTEGER_TYPE_OUT[entry.type];
  if (type === undefined) return undefined;
  const values = await reader.numbers(entry, entry.count);
  if (values.length !== entry.count || values.some((v) => !Number.isFinite(v))) return undefined;
  return { tag, type, count: values.length, data: encodeIntegers(type, values) };
}

/** The IFD's strips or tiles and its pixel tags as a TIFF of their own, or undefined when they are not all there or too big. */
async function ifdAsTiff(handle: FileHandle, size: number, reader: TiffReader, ifd: Ifd): Promise<Buffer | undefined> {
  const tiled = ifd.entries.has(TAG.TileOffsets);
  const offsetsEntry = ifd.entries.get(tiled ? TAG.TileOffsets : TAG.StripOffsets);
  const countsEntry = ifd.entries.get(tiled ? TAG.TileByteCounts : TAG.StripByteCounts);
  if (!offsetsEntry || !countsEntry || offsetsEntry.count !== countsEntry.count || offsetsEntry.count > MAX_CHUNKS || offsetsEntry.count < 1) return undefined;
  let offsets = await reader.numbers(offsetsEntry, offsetsEntry.count);
  const counts = await reader.numbers(countsEntry, countsEntry.count);
  if (offsets.length !== offsetsEntry.count || counts.length !== offsets.length) return undefined;
  // NDPI keeps only the low 32 bits of an offset; its data lies before its IFD.
  if (reader.header.ndpi) offsets = offsets.map((o) => fixNdpiOffset(ifd.offset, o));
  const total = counts.reduce((sum, n) => sum + n, 0);
  if (!Number.isFinite(total) || total > MAX_CANDIDATE_BYTES) return undefined;
  const chunks: Buffer[] = [];
  for (const [i, offset] of offsets.entries()) {
    const length = counts[i] as number;
    if (!Number.isFinite(offset) || offset < 0 || offset + length > size) return undefined;
    const chunk = await readAt(handle, offset, length);
    if (chunk.length !== length) return undefined;
    chunks.push(chunk);
  }
  const entries: OutEntry[] = [];
  for (const tag of PIXEL_TAGS) {
    const copied = await copiedEntry(reader, ifd, tag);
    if (copied) entries.push(copied);
  }
  const offsetsTag = tiled ? TAG.TileOffsets : TAG.StripOffsets;
  const countsTag = tiled ? TAG.TileByteCounts : TAG.StripByteCounts;
  entries.push({ tag: countsTag, type: 4, count: counts.length, data: encodeIntegers(4, counts) });
  // Placeholder: the real offsets are known once the layout is.
  entries.push({ tag: offsetsTag, type: 4, count: offsets.length, data: Buffer.alloc(offsets.length * 4) });
  entries.sort((a, b) => a.tag - b.tag);
  return layoutTiff(entries, offsetsTag, chunks);
}

function layoutTiff(entries: OutEntry[], offsetsTag: number, chunks: Buffer[]): Buffer {
  const tableSize = 2 + entries.length * 12 + 4;
  let position = 8 + tableSize;
  const valueAt = entries.map((entry) => {
    if (entry.data.length <= 4) return 0;
    position += position % 2;
    const at = position;
    position += entry.data.length;
    return at;
  });
  position += position % 2;
  let chunkAt = position;
  const offsetsEntry = entries.find((e) => e.tag === offsetsTag) as OutEntry;
  chunks.forEach((chunk, i) => { offsetsEntry.data.writeUInt32LE(chunkAt, i * 4); chunkAt += chunk.length; });
  const out = Buffer.alloc(chunkAt);
  out.write('II', 0, 'latin1');
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(8, 4);
  out.writeUInt16LE(entries.length, 8);
  entries.forEach((entry, i) => {
    const at = 10 + i * 12;
    out.writeUInt16LE(entry.tag, at);
    out.writeUInt16LE(entry.type, at + 2);
    out.writeUInt32LE(entry.count, at + 4);
    if (entry.data.length <= 4) entry.data.copy(out, at + 8);
    else { out.writeUInt32LE(valueAt[i] as number, at + 8); entry.data.copy(out, valueAt[i] as number); }
  });
  let at = position;
  for (const chunk of chunks) { chunk.copy(out, at); at += chunk.length; }
  return out;
}
