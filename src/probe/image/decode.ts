/**
 * Decoding a photo into pixels for OCR and for the packet page, whatever its
 * format: sharp for JPEG/PNG/WebP/GIF/BMP; HEIC/HEIF (the iPhone default),
 * which the npm build of sharp cannot read, through libheif compiled to wasm
 * (heic-decode, in-process, no external tool, no network: its wasm is
 * embedded in the package). Sizes are checked against the pixel cap before a
 * pixel is decoded.
 */
import { open } from 'node:fs/promises';
import sharp, { type Sharp } from 'sharp';
import { heifDeclaredSize } from './heif.js';
import { imageFormat } from './format.js';
import { MAX_IMAGE_PIXELS } from './limits.js';

/** A HEIC that declares (or decodes to) more pixels than MAX_IMAGE_PIXELS: never decoded. */
export class ImageTooLargeError extends Error {
  constructor(readonly width: number, readonly height: number) {
    super(`the picture declares ${width} x ${height} pixels, more than casepack decodes`);
  }
}

/** A HEIC/HEIF libheif could not decode (damaged, or a codec it lacks, such as AVIF's AV1). */
export class HeifDecodeError extends Error {}

export function isHeif(bytes: Uint8Array): boolean {
  return imageFormat(Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 16))) === 'heic';
}

/** Whether the file at `absPath` is HEIC/HEIF, from its first bytes. */
export async function fileIsHeif(absPath: string): Promise<boolean> {
  const handle = await open(absPath, 'r');
  try {
    const head = Buffer.alloc(16);
    const { bytesRead } = await handle.read(head, 0, 16, 0);
    return isHeif(head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/**
 * libheif-js reports parse and decode errors with console.log, which would
 * land in the CLI's stdout (and in `--json` output): muted while it works
 * (the error still comes back as a rejection).
 */
async function quietly<T>(work: () => Promise<T>): Promise<T> {
  const log = console.log;
  console.log = () => undefined;
  try {
    return await work();
  } finally {
    console.log = log;
  }
}

export interface RgbaPixels { data: Uint8Array; width: number; height: number }

/**
 * HEIC/HEIF → upright RGBA pixels of the primary image. libheif applies the
 * container's `irot`/`imir` itself; the EXIF orientation inside a HEIC is
 * ignored (HEIF says the transforms win, and iPhones write both), so the
 * photo is turned once.
 */
export async function decodeHeif(bytes: Uint8Array): Promise<RgbaPixels> {
  const declared = heifDeclaredSize(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
  if (declared && Math.max(declared.largestPixels, declared.width * declared.height) > MAX_IMAGE_PIXELS) {
    throw new ImageTooLargeError(declared.width, declared.height);
  }
  const { default: decode } = await import('heic-decode');
  let images: Awaited<ReturnType<typeof decode.all>>;
  try {
    images = await quietly(() => decode.all({ buffer: bytes }));
  } catch (err) {
    throw new HeifDecodeError(err instanceof Error ? err.message : String(err));
  }
  try {
    // The top-level list is in item order; the primary is the one the header names, else the first.
    const primary = images.find((i) => declared && i.width === declared.width && i.height === declared.height) ?? images[0];
    if (!primary) throw new HeifDecodeError('no image in the file');
    if (primary.width * primary.height > MAX_IMAGE_PIXELS) throw new ImageTooLargeError(primary.width, primary.height);
    const { data, width, height } = await quietly(() => primary.decode()).catch((err: unknown) => {
      throw new HeifDecodeError(err instanceof Error ? err.message : String(err));
    });
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width, height };
  } finally {
    images.dispose();
  }
}

/**
 * sharp over a photo's bytes: HEIC/HEIF decoded to upright raw pixels first
 * (then sharp's autoOrient has no EXIF to act on, so nothing turns twice);
 * any other format handed to sharp as it is.
 */
export async function sharpOfPhoto(bytes: Uint8Array, limitInputPixels: number): Promise<Sharp> {
  if (!isHeif(bytes)) return sharp(bytes, { limitInputPixels, failOn: 'error' });
  const pixels = await decodeHeif(bytes);
  return sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: 4 }, limitInputPixels });
}
