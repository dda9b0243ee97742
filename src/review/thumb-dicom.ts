import { open } from 'node:fs/promises';
import path from 'node:path';
import dicomParser, { type DataSet, type Element } from 'dicom-parser';
import sharp, { type Sharp } from 'sharp';
import { parseDicomHeader, PIXEL_DATA, type ParsedDicom } from '../probe/dicom/parse.js';
import { MAX_IMAGE_PIXELS } from '../probe/image/limits.js';
import { HEAD_BYTES, readAt, type RandomAccessReader } from '../probe/types.js';
import { encodeThumbnail } from './thumb-encode.js';
import type { Thumbnail } from './thumbnail-types.js';

/**
 * A cheap picture of a DICOM image: one frame (the middle one of a
 * multi-frame object), either native pixels (MONOCHROME1/2 at 8 or 16 bits,
 * signed or not, through the rescale and the file's window or its own
 * min/max; or 8-bit RGB) or an encapsulated JPEG that sharp reads as it is.
 * Anything else (JPEG 2000, RLE, JPEG-LS, palette colour, float pixels, a
 * whole-slide image's tiles) has no cheap picture: null. The header is read
 * by the probe's parser (bounded reads, lenient with odd files); of the pixel
 * data only the chosen frame is read.
 */

const TAG = {
  samplesPerPixel: 'x00280002', photometric: 'x00280004', numberOfFrames: 'x00280008', planarConfiguration: 'x00280006',
  rows: 'x00280010', columns: 'x00280011', bitsAllocated: 'x00280100', bitsStored: 'x00280101', pixelRepresentation: 'x00280103',
  windowCenter: 'x00281050', windowWidth: 'x00281051', rescaleIntercept: 'x00281052', rescaleSlope: 'x00281053',
  totalPixelMatrixColumns: 'x00480006',
} as const;

/** Deflated files are read whole to be inflated (their inflated size is capped by the parser): rare, and small in practice. */
const MAX_DEFLATED_FILE_BYTES = 32 * 1024 * 1024;

interface PixelLayout {
  rows: number;
  columns: number;
  samples: number;
  bitsAllocated: number;
  bitsStored: number;
  signed: boolean;
  photometric: string;
  planar: boolean;
  frames: number;
  littleEndian: boolean;
}

function layoutOf(dataSet: DataSet): PixelLayout | undefined {
  const rows = dataSet.uint16(TAG.rows);
  const columns = dataSet.uint16(TAG.columns);
  const bitsAllocated = dataSet.uint16(TAG.bitsAllocated);
  if (!rows || !columns || !bitsAllocated || rows * columns > MAX_IMAGE_PIXELS) return undefined;
  const frames = dataSet.intString(TAG.numberOfFrames) ?? 1;
  if (!Number.isInteger(frames) || frames < 1) return undefined;
  return {
    rows, columns, bitsAllocated, frames,
    samples: dataSet.uint16(TAG.samplesPerPixel) ?? 1,
    bitsStored: Math.min(bitsAllocated, dataSet.uint16(TAG.bitsStored) ?? bitsAllocated),
    signed: dataSet.uint16(TAG.pixelRepresentation) === 1,
    photometric: (dataSet.string(TAG.photometric) ?? 'MONOCHROME2').trim().toUpperCase(),
    planar: dataSet.uint16(TAG.planarConfiguration) === 1,
    littleEndian: dataSet.byteArrayParser !== dicomParser.bigEndianByteArrayParser,
  };
}

export async function dicomThumbnail(file: string, maxSide: number): Promise<Thumbnail | null> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const parse = async (head: Buffer): Promise<ParsedDicom | undefined> =>
      (await parseDicomHeader({ relPath: path.basename(file), absPath: file, size, head, handle, options: {} })).parsed;
    let parsed = await parse(await readAt(handle, 0, Math.min(size, HEAD_BYTES)));
    // A deflated data set is inflated only as far as the bytes read: its pixels need the whole (small) file.
    if (parsed?.deflated && size > HEAD_BYTES && size <= MAX_DEFLATED_FILE_BYTES) parsed = await parse(await readAt(handle, 0, size));
    const pixels = parsed?.dataSet.elements[PIXEL_DATA];
    if (!parsed || !pixels) return null;
    const { dataSet } = parsed;
    const layout = layoutOf(dataSet);
    if (!layout) return null;
    // A whole-slide image's frames are tiles of a larger picture: one of them shows nothing recognisable.
    if (layout.frames > 1 && dataSet.elements[TAG.totalPixelMatrixColumns]) return null;
    const middle = Math.floor(layout.frames / 2);
    if (pixels.hadUndefinedLength) return parsed.deflated ? null : await encapsulatedFrame(handle, size, parsed.shift, pixels, layout, middle, maxSide);
    const frame = await nativeFrame(handle, parsed.shift, parsed.deflated, dataSet, pixels, layout, middle);
    return frame ? await encodeThumbnail(frame, maxSide, 'png') : null;
  } finally {
    await handle.close();
  }
}

/** Compressed bytes read at most for one frame, and fragments walked at most. */
const MAX_ENCAPSULATED_BYTES = 64 * 1024 * 1024;
const MAX_FRAGMENTS = 4096;
const ITEM = 0xe000fffe;
const SEQUENCE_DELIMITER = 0xe0ddfffe;

/**
 * The fragments of encapsulated pixel data (PS3.5 A.4), walked from the file
 * with bounded reads: the header parser stops at the pixel data element and
 * does not read them. The first item, the basic offset table, is skipped.
 */
async function fragmentsOf(handle: RandomAccessReader, start: number, fileSize: number): Promise<Array<{ position: number; length: number }> | undefined> {
  const fragments: Array<{ position: number; length: number }> = [];
  let position = start;
  let total = 0;
  for (let index = 0; index <= MAX_FRAGMENTS; index++) {
    const header = await readAt(handle, position, 8);
    if (header.length < 8) return undefined;
    const tag = header.readUInt32LE(0);
    const length = header.readUInt32LE(4);
    if (tag === SEQUENCE_DELIMITER) return fragments;
    if (tag !== ITEM || length === 0xffffffff || position + 8 + length > fileSize) return undefined;
    if (index > 0) {
      total += length;
      if (total > MAX_ENCAPSULATED_BYTES) return undefined;
      fragments.push({ position: position + 8, length });
    }
    position += 8 + length;
  }
  return undefined;
}

/** A frame's compressed bytes, when the file makes it trivial: one frame (all fragments), or one fragment per frame. */
async function encapsulatedFrame(handle: RandomAccessReader, fileSize: number, shift: number, pixels: Element, layout: PixelLayout, index: number, maxSide: number): Promise<Thumbnail | null> {
  const fragments = await fragmentsOf(handle, pixels.dataOffset - shift, fileSize);
  if (!fragments?.length) return null;
  const chosen = layout.frames === 1 ? fragments : fragments.length === layout.frames ? [fragments[index]] : [];
  const parts: Buffer[] = [];
  for (const fragment of chosen) {
    if (!fragment) return null;
    const part = await readAt(handle, fragment.position, fragment.length);
    if (part.length !== fragment.length) return null;
    parts.push(part);
  }
  const bytes = Buffer.concat(parts);
  // Baseline JPEG (and what else sharp reads); JPEG 2000, JPEG-LS and RLE start otherwise and are not tried.
  if (bytes.length < 3 || bytes[0] !== 0xff || bytes[1] !== 0xd8 || bytes[2] !== 0xff) return null;
  const picture = sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' });
  return encodeThumbnail(picture, maxSide, layout.samples === 3 ? 'jpeg' : 'png');
}

/** The chosen frame's native bytes, from the parsed buffer when it holds them, else read from the file. */
async function frameBytes(handle: RandomAccessReader, shift: number, deflated: boolean, dataSet: DataSet, pixels: Element, length: number, offset: number): Promise<Uint8Array | undefined> {
  const start = pixels.dataOffset + offset;
  if (start + length <= dataSet.byteArray.length) return dataSet.byteArray.subarray(start, start + length);
  // Offsets of a deflated data set are in the inflated stream: the file cannot be read at them.
  if (deflated) return undefined;
  const bytes = await readAt(handle, start - shift, length);
  return bytes.length === length ? bytes : undefined;
}

async function nativeFrame(handle: RandomAccessReader, shift: number, deflated: boolean, dataSet: DataSet, pixels: Element, layout: PixelLayout, middle: number): Promise<Sharp | undefined> {
  const { rows, columns, samples, bitsAllocated } = layout;
  const grey = samples === 1 && (layout.photometric === 'MONOCHROME1' || layout.photometric === 'MONOCHROME2');
  const rgb = samples === 3 && layout.photometric === 'RGB' && bitsAllocated === 8;
  if (!grey && !rgb) return undefined;
  if (grey && bitsAllocated !== 8 && bitsAllocated !== 16) return undefined;
  const length = rows * columns * samples * (bitsAllocated / 8);
  // A file cut short may still hold its first frame.
  const index = (middle + 1) * length <= pixels.length ? middle : 0;
  if (length > pixels.length) return undefined;
  const bytes = await frameBytes(handle, shift, deflated, dataSet, pixels, length, index * length);
  if (!bytes) return undefined;
  if (rgb) {
    const interleaved = layout.planar ? interleave(bytes, rows * columns) : Buffer.from(bytes);
    return sharp(interleaved, { raw: { width: columns, height: rows, channels: 3 } });
  }
  const grey8 = greyToEightBits(bytes, layout, dataSet);
  return sharp(grey8, { raw: { width: columns, height: rows, channels: 1 } });
}

/** RRR…GGG…BBB… (planar configuration 1) to RGBRGB…. */
function interleave(planes: Uint8Array, pixelCount: number): Buffer {
  const out = Buffer.alloc(pixelCount * 3);
  for (let i = 0; i < pixelCount; i++) {
    out[i * 3] = planes[i] ?? 0;
    out[i * 3 + 1] = planes[pixelCount + i] ?? 0;
    out[i * 3 + 2] = planes[2 * pixelCount + i] ?? 0;
  }
  return out;
}

/** Stored values, as the pixel module says to read them: masked to BitsStored, sign-extended when signed. */
function storedValues(bytes: Uint8Array, layout: PixelLayout): Int32Array {
  const count = layout.rows * layout.columns;
  const out = new Int32Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bits = layout.bitsStored;
  const mask = bits >= 32 ? 0xffffffff : (2 ** bits) - 1;
  const shift = 32 - bits;
  for (let i = 0; i < count; i++) {
    const raw = layout.bitsAllocated === 8 ? view.getUint8(i) : view.getUint16(i * 2, layout.littleEndian);
    const masked = raw & mask;
    out[i] = layout.signed ? (masked << shift) >> shift : masked;
  }
  return out;
}

/** The display window: the file's first Window Center/Width, else the frame's own range after the rescale. */
function windowOf(dataSet: DataSet, lowest: number, highest: number): { centre: number; width: number } {
  const centre = dataSet.floatString(TAG.windowCenter, 0);
  const width = dataSet.floatString(TAG.windowWidth, 0);
  if (centre !== undefined && width !== undefined && Number.isFinite(centre) && Number.isFinite(width) && width >= 1) return { centre, width };
  return { centre: (lowest + highest + 1) / 2, width: Math.max(1, highest - lowest + 1) };
}

/**
 * Stored values → modality values (slope/intercept) → VOI linear window
 * (PS3.3 C.11.2.1.2) → 0–255, MONOCHROME1 inverted. Done through a table
 * over the stored range, so a 16-bit frame costs one lookup a pixel.
 */
function greyToEightBits(bytes: Uint8Array, layout: PixelLayout, dataSet: DataSet): Buffer {
  const stored = storedValues(bytes, layout);
  let min = Infinity;
  let max = -Infinity;
  for (const value of stored) { if (value < min) min = value; if (value > max) max = value; }
  if (!Number.isFinite(min)) { min = 0; max = 0; }
  const slopeRaw = dataSet.floatString(TAG.rescaleSlope, 0);
  const interceptRaw = dataSet.floatString(TAG.rescaleIntercept, 0);
  const slope = slopeRaw !== undefined && Number.isFinite(slopeRaw) && slopeRaw !== 0 ? slopeRaw : 1;
  const intercept = interceptRaw !== undefined && Number.isFinite(interceptRaw) ? interceptRaw : 0;
  const ends = [min * slope + intercept, max * slope + intercept];
  const { centre, width } = windowOf(dataSet, Math.min(...ends), Math.max(...ends));
  const invert = layout.photometric === 'MONOCHROME1';
  const table = new Uint8Array(max - min + 1);
  for (let value = min; value <= max; value++) {
    const x = value * slope + intercept;
    let y: number;
    if (x <= centre - 0.5 - (width - 1) / 2) y = 0;
    else if (x > centre - 0.5 + (width - 1) / 2) y = 255;
    else y = ((x - (centre - 0.5)) / Math.max(1, width - 1) + 0.5) * 255;
    const level = Math.max(0, Math.min(255, Math.round(y)));
    table[value - min] = invert ? 255 - level : level;
  }
  const out = Buffer.alloc(stored.length);
  for (let i = 0; i < stored.length; i++) out[i] = table[(stored[i] as number) - min] as number;
  return out;
}
