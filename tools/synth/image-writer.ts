/**
 * Tiny, valid JPEG and PNG files for tests and the demo case, with optional
 * EXIF (camera, software, DateTimeOriginal). Pure JS, no native codecs: the
 * JPEG is a flat grey baseline image whose every 8×8 block is "DC unchanged,
 * end of block", which any decoder accepts; the PNG is a flat colour.
 */
import { deflateSync } from 'node:zlib';

export interface ExifSpec {
  /** `YYYY:MM:DD HH:MM:SS`, as cameras write it. */
  dateTimeOriginal?: string;
  make?: string;
  model?: string;
  software?: string;
  /** EXIF Orientation 1–8 (6 = the camera was turned: display rotated 90°). */
  orientation?: number;
}

export interface ImageSpec {
  width: number;
  height: number;
  exif?: ExifSpec;
}

// --- EXIF (a little-endian TIFF block: IFD0 with camera tags, Exif IFD with the date) ---

const ASCII = 2;
const SHORT = 3;
const LONG = 4;

interface ExifEntry { tag: number; type: number; count: number; data: Buffer }

function asciiEntry(tag: number, text: string): ExifEntry {
  const data = Buffer.from(`${text}\0`, 'latin1');
  return { tag, type: ASCII, count: data.length, data };
}

function shortEntry(tag: number, value: number): ExifEntry {
  const data = Buffer.alloc(2);
  data.writeUInt16LE(value);
  return { tag, type: SHORT, count: 1, data };
}

function longEntry(tag: number, value: number): ExifEntry {
  const data = Buffer.alloc(4);
  data.writeUInt32LE(value);
  return { tag, type: LONG, count: 1, data };
}

/** Serialise one IFD at `start`; values longer than 4 bytes follow the entry table. */
function ifdBytes(entries: ExifEntry[], start: number, next: number): Buffer {
  entries.sort((a, b) => a.tag - b.tag);
  const tableSize = 2 + entries.length * 12 + 4;
  const extra = entries.filter((e) => e.data.length > 4).reduce((s, e) => s + e.data.length + (e.data.length % 2), 0);
  const buf = Buffer.alloc(tableSize + extra);
  buf.writeUInt16LE(entries.length, 0);
  let valuePos = tableSize;
  entries.forEach((e, i) => {
    const p = 2 + i * 12;
    buf.writeUInt16LE(e.tag, p);
    buf.writeUInt16LE(e.type, p + 2);
    buf.writeUInt32LE(e.count, p + 4);
    if (e.data.length <= 4) {
      e.data.copy(buf, p + 8);
    } else {
      buf.writeUInt32LE(start + valuePos, p + 8);
      e.data.copy(buf, valuePos);
      valuePos += e.data.length + (e.data.length % 2);
    }
  });
  buf.writeUInt32LE(next, tableSize - 4);
  return buf;
}

/** The TIFF-structured EXIF payload (without the `Exif\0\0` prefix JPEG adds). */
export function exifTiff(spec: ExifSpec): Buffer {
  const ifd0: ExifEntry[] = [];
  if (spec.make !== undefined) ifd0.push(asciiEntry(271, spec.make));
  if (spec.model !== undefined) ifd0.push(asciiEntry(272, spec.model));
  if (spec.software !== undefined) ifd0.push(asciiEntry(305, spec.software));
  if (spec.orientation !== undefined) ifd0.push(shortEntry(274, spec.orientation));
  const exifIfd: ExifEntry[] = [];
  if (spec.dateTimeOriginal !== undefined) {
    exifIfd.push(asciiEntry(36867, spec.dateTimeOriginal));
    exifIfd.push(asciiEntry(36868, spec.dateTimeOriginal));
  }
  // Sizes first (the pointer's value does not change them), then the real offset.
  const header = Buffer.from([0x49, 0x49, 42, 0, 8, 0, 0, 0]);
  const withPointer = exifIfd.length ? [...ifd0, longEntry(34665, 0)] : ifd0;
  const ifd0Size = ifdBytes([...withPointer], 8, 0).length;
  const exifStart = 8 + ifd0Size;
  const finalIfd0 = exifIfd.length ? [...ifd0, longEntry(34665, exifStart)] : ifd0;
  const parts = [header, ifdBytes(finalIfd0, 8, 0)];
  if (exifIfd.length) parts.push(ifdBytes(exifIfd, exifStart, 0));
  return Buffer.concat(parts);
}

// --- JPEG ---

function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16BE(0xff00 | marker, 0);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/** A flat mid-grey baseline JPEG of any size, with optional EXIF in APP1. */
export function writeJpeg(spec: ImageSpec): Buffer {
  const { width, height } = spec;
  if (width < 1 || height < 1 || width > 0xffff || height > 0xffff) throw new Error('JPEG size must be 1..65535');
  const parts: Buffer[] = [Buffer.from([0xff, 0xd8])];
  parts.push(segment(0xe0, Buffer.from([0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0])));
  if (spec.exif) parts.push(segment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), exifTiff(spec.exif)])));
  // One quantisation table of ones.
  parts.push(segment(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)])));
  const sof = Buffer.alloc(9);
  sof.writeUInt8(8, 0);
  sof.writeUInt16BE(height, 1);
  sof.writeUInt16BE(width, 3);
  sof.writeUInt8(1, 5); // one component (grey)
  sof.writeUInt8(1, 6);
  sof.writeUInt8(0x11, 7);
  sof.writeUInt8(0, 8);
  parts.push(segment(0xc0, sof));
  // Huffman tables with a single 1-bit code: DC category 0 and AC end-of-block.
  const oneCode = (symbol: number): Buffer => Buffer.concat([Buffer.from([1]), Buffer.alloc(15), Buffer.from([symbol])]);
  parts.push(segment(0xc4, Buffer.concat([Buffer.from([0x00]), oneCode(0)])));
  parts.push(segment(0xc4, Buffer.concat([Buffer.from([0x10]), oneCode(0)])));
  parts.push(segment(0xda, Buffer.from([1, 1, 0x00, 0, 63, 0])));
  // Each block costs two 0-bits; pad the last byte with 1-bits as JPEG requires.
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  const bits = blocks * 2;
  const data = Buffer.alloc(Math.ceil(bits / 8));
  const spare = data.length * 8 - bits;
  if (spare > 0) data[data.length - 1] = (1 << spare) - 1;
  parts.push(data, Buffer.from([0xff, 0xd9]));
  return Buffer.concat(parts);
}

// --- PNG ---

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = (CRC_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A flat-colour RGB PNG, with optional EXIF in an eXIf chunk. */
export function writePng(spec: ImageSpec): Buffer {
  const { width, height } = spec;
  if (width < 1 || height < 1) throw new Error('PNG size must be at least 1×1');
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(2, 9); // RGB
  const row = Buffer.alloc(1 + width * 3, 0xc8);
  row[0] = 0; // filter: none
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr)];
  if (spec.exif) parts.push(chunk('eXIf', exifTiff(spec.exif)));
  parts.push(chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat(parts);
}
