/**
 * Decoding a photo into pixels for OCR and for the packet page, whatever its
 * format: sharp for JPEG/PNG/WebP/GIF/BMP; HEIC/HEIF (the iPhone default),
 * which the npm build of sharp cannot read, through libheif compiled to wasm
 * (heif-decode.ts; in a worker: heif-worker.ts). Sizes are checked against the
 * pixel cap before a pixel is decoded.
 */
import { open } from 'node:fs/promises';
import sharp, { type Sharp } from 'sharp';
import { isMainThread } from 'node:worker_threads';
import { WorkerPool, type WorkerPoolOptions } from '../../util/worker-pool.js';
import { imageFormat } from './format.js';
import { declaredTooLarge, decodeHeifHere, type RgbaPixels } from './heif-decode.js';
import { HeifDecodeError, ImageTooLargeError } from './heif-errors.js';
import type { HeifJob, HeifReply } from './heif-worker.js';
import { codeUrl } from '../../util/package-root.js';

export { HeifDecodeError, ImageTooLargeError } from './heif-errors.js';
export type { RgbaPixels } from './heif-decode.js';

/** One worker: a 12 MP photo takes ~1.5 s of CPU; libheif's wasm memory is bounded by the declared-size check, not by the heap limit. */
const HEIF_POOL: WorkerPoolOptions = { size: 1, maxHeapMb: 256, timeoutMs: 60_000 };
let heifPool: WorkerPool<HeifJob, HeifReply> | undefined;

/** Workers alive now (for tests: HEIC photos are decoded off the main thread). */
export function heifDecodeWorkerCount(): number {
  return heifPool?.workerCount ?? 0;
}

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
 * HEIC/HEIF → upright RGBA pixels of the primary image. From the main thread
 * the wasm decoder runs in a worker (one, started on the first HEIC, stopped
 * when idle) under a time limit, so a hostile or huge photo never blocks the
 * run or its Ctrl-C; inside a worker that is already bounded (OCR) it runs
 * there. Declared sizes are checked first, on the caller's side, for free.
 */
export async function decodeHeif(bytes: Uint8Array): Promise<RgbaPixels> {
  const tooLarge = declaredTooLarge(bytes);
  if (tooLarge) throw tooLarge;
  if (!isMainThread) return decodeHeifHere(bytes);
  heifPool ??= new WorkerPool(codeUrl('probe/image/heif-worker.js'), HEIF_POOL);
  const outcome = await heifPool.run({ bytes: new Uint8Array(bytes) });
  if (!outcome.ok) throw new HeifDecodeError(`the decoder ${outcome.failure === 'timeout' ? 'took too long' : outcome.failure === 'memory' ? 'ran out of memory' : 'stopped'}: ${outcome.message}`);
  const reply = outcome.reply;
  if (reply.tooLarge) throw new ImageTooLargeError(reply.tooLarge.width, reply.tooLarge.height);
  if (!reply.pixels) throw new HeifDecodeError(reply.error ?? 'not decoded');
  return reply.pixels;
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
