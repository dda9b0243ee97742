import { heifDeclaredSize } from './heif.js';
import { HeifDecodeError, ImageTooLargeError } from './heif-errors.js';
import { MAX_IMAGE_PIXELS } from './limits.js';

/**
 * HEIC/HEIF decoding by libheif compiled to wasm (heic-decode: in-process, no
 * external tool, no network, its wasm embedded in the package), where the
 * caller runs it: in the HEIF worker (decode.ts) from the main thread, or
 * directly inside a worker that is already bounded (an OCR page worker).
 */

export function declaredTooLarge(bytes: Uint8Array): ImageTooLargeError | undefined {
  const declared = heifDeclaredSize(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
  if (declared && Math.max(declared.largestPixels, declared.width * declared.height) > MAX_IMAGE_PIXELS) {
    return new ImageTooLargeError(declared.width, declared.height);
  }
  return undefined;
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
export async function decodeHeifHere(bytes: Uint8Array): Promise<RgbaPixels> {
  const tooLarge = declaredTooLarge(bytes);
  if (tooLarge) throw tooLarge;
  const declared = heifDeclaredSize(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
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
