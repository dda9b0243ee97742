import { parentPort } from 'node:worker_threads';
import { WORKER_READY } from '../../util/worker-pool.js';
import { decodeHeifHere, type RgbaPixels } from './heif-decode.js';
import { ImageTooLargeError } from './heif-errors.js';

/**
 * The HEIF decode worker (started by decode.ts with a heap and a time limit):
 * libheif's wasm parses untrusted bytes and can take seconds per photo, so it
 * runs here and never holds the main thread (its signals, its progress).
 */

export interface HeifJob { id: number; bytes: Uint8Array }
export interface HeifReply { id: number; pixels?: RgbaPixels; tooLarge?: { width: number; height: number }; error?: string }

async function answer(job: HeifJob): Promise<Omit<HeifReply, 'id'>> {
  try {
    return { pixels: await decodeHeifHere(job.bytes) };
  } catch (err) {
    if (err instanceof ImageTooLargeError) return { tooLarge: { width: err.width, height: err.height } };
    return { error: err instanceof Error ? err.message.slice(0, 200) : 'not decoded' };
  }
}

// libheif reports errors with console.log; the pool does not drain this thread's output.
if (parentPort) for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) console[method] = () => undefined;
parentPort?.on('message', (job: HeifJob) => {
  void answer(job).then((reply) => {
    const transfer = reply.pixels ? [reply.pixels.data.buffer as ArrayBuffer] : [];
    parentPort?.postMessage({ id: job.id, ...reply } satisfies HeifReply, transfer);
  });
});
parentPort?.postMessage(WORKER_READY);
