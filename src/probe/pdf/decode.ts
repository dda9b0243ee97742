import { availableParallelism } from 'node:os';
import { WorkerPool, type PoolOutcome, type WorkerPoolOptions } from '../../util/worker-pool.js';
import type { DecodeJob, DecodeReply } from './decode-worker.js';
import { codeUrl } from '../../util/package-root.js';

/**
 * pdf-lib and pdf.js run in a warm pool of worker threads, one per run, not
 * one per file: min(2, cores - 1) workers (at least one), each under a heap limit, each file
 * under a time limit. A hostile PDF that makes either library allocate or
 * spin without end costs its worker, not the run (issue 13).
 */

/** Test hooks: files whose path matches make their worker stall or fill its heap, as hostile PDFs would (see DecodeJob). */
export interface PdfDecodeTestHooks {
  paths: RegExp;
  stallMs?: number;
  exhaustHeap?: boolean;
}

export interface PdfDecodeSettings extends WorkerPoolOptions {
  testHooks?: PdfDecodeTestHooks;
}

const DEFAULTS: PdfDecodeSettings = {
  // A core is left to the main thread, which reads each text as it comes back (pipeline/preread.ts): on 2 cores one
  // worker and the reading beside it took ~0.3 s less CPU than two workers competing with it, and no longer (issue 15).
  size: Math.max(1, Math.min(2, availableParallelism() - 1)),
  // pdf.js needs well under 100 MB for an ordinary report; 512 MB leaves room for a long one.
  maxHeapMb: 512,
  timeoutMs: 30_000,
  // The main thread reads each text as it comes back, and its first readings (cold code) or a module load take
  // 0.1-0.3 s during which it cannot send the next file: small files wait in the worker instead (issue 15).
  waitInWorker: 16,
};

let settings: PdfDecodeSettings = { ...DEFAULTS };
let pool: WorkerPool<DecodeJob, DecodeReply> | undefined;

/** Change the pool's limits (tests, benchmarks); the next file starts a fresh pool with them. */
export async function configurePdfDecoding(changes: Partial<PdfDecodeSettings> | 'defaults'): Promise<void> {
  await closePdfDecoding();
  settings = changes === 'defaults' ? { ...DEFAULTS } : { ...settings, ...changes };
}

/** Stop the workers (idle ones do not hold the process open, so this is a courtesy at the end of a run). */
export async function closePdfDecoding(): Promise<void> {
  const current = pool;
  pool = undefined;
  await current?.close();
}

/** Workers alive now (for tests: the pool stays within its size). */
export function pdfDecodeWorkerCount(): number {
  return pool?.workerCount ?? 0;
}

/** Start the decode workers ahead of the first PDF (a walk that has seen one), so pdf.js loads while the caller goes on. */
export function warmPdfDecoding(): void {
  decodePool().warm();
}

/** Files up to this size may wait in a busy decode worker (a copy of each is kept until it is answered). */
const WAIT_IN_WORKER_MAX_BYTES = 1024 * 1024;

// One place makes the pool: from the CLI bundle a module-relative URL would point into dist/cli-bundle/.
function decodePool(): WorkerPool<DecodeJob, DecodeReply> {
  pool ??= new WorkerPool(codeUrl('probe/pdf/decode-worker.js'), settings);
  return pool;
}

export interface DecodeRequest {
  relPath: string;
  bytes: Uint8Array;
  /** True when the caller gives the bytes up: they are moved to the worker, not copied. */
  owned: boolean;
  headerOffset: number;
  maxPages: number;
  maxChars: number;
  textTimeoutMs: number;
}

export function decodePdfInWorker(request: DecodeRequest): Promise<PoolOutcome<DecodeReply>> {
  const workers = decodePool();
  const { bytes, owned } = request;
  const wholeBuffer = bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  // Moving the file's bytes costs nothing; a view into a larger or shared buffer (or the caller's) is copied once.
  const sent = owned && wholeBuffer ? new Uint8Array(bytes.buffer, 0, bytes.byteLength) : new Uint8Array(bytes);
  const job: Omit<DecodeJob, 'id'> = {
    bytes: sent, headerOffset: request.headerOffset,
    maxPages: request.maxPages, maxChars: request.maxChars, textTimeoutMs: request.textTimeoutMs,
    ...testHooksFor(request.relPath),
  };
  // A small file may wait in a busy worker (copied, so that it can be sent again): the worker goes straight on to it.
  return workers.run(job, [sent.buffer as ArrayBuffer], { mayWaitInWorker: bytes.byteLength <= WAIT_IN_WORKER_MAX_BYTES });
}

function testHooksFor(relPath: string): Pick<DecodeJob, 'stallMs' | 'exhaustHeap'> {
  const hooks = settings.testHooks;
  if (!hooks?.paths.test(relPath)) return {};
  return { ...(hooks.stallMs ? { stallMs: hooks.stallMs } : {}), ...(hooks.exhaustHeap ? { exhaustHeap: true } : {}) };
}
