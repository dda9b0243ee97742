import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { WorkerPool, type WorkerPoolOptions } from '../util/worker-pool.js';
import { ThumbnailCache, type ThumbnailCacheStats } from './thumb-cache.js';
import type { RenderThumbnail, Thumbnail, ThumbnailRequest } from './thumbnail-types.js';
import type { ThumbnailJob, ThumbnailReply } from './thumbnail-worker.js';
import { codeUrl } from '../util/package-root.js';

/**
 * Thumbnails for the review page. Every file is decoded in a warm pool of
 * worker threads (thumbnail-worker.ts on util/worker-pool.ts: a heap limit
 * and a time limit per file, a failed worker replaced), never on the main
 * thread, which serves the page. A file that cannot be shown cheaply, or
 * fails, or takes too long, gives null (the page shows a neutral tile);
 * nothing here throws to the caller. Answers are cached in memory by
 * (path, size, mtime, size asked, family, preference).
 */

export type { Thumbnail, ThumbnailRequest } from './thumbnail-types.js';

export const DEFAULT_MAX_SIDE = 320;
/** Longest side the page may ask for: more is a picture, not a thumbnail. */
export const LARGEST_MAX_SIDE = 2048;
const SMALLEST_MAX_SIDE = 16;

/** Test hooks: files whose path matches make their worker stall or fill its heap, as hostile files would. */
export interface ThumbnailTestHooks {
  paths: RegExp;
  stallMs?: number;
  exhaustHeap?: boolean;
}

export interface ThumbnailSettings extends WorkerPoolOptions {
  /** Bytes of thumbnails kept in memory. */
  cacheBytes: number;
  testHooks?: ThumbnailTestHooks;
}

const DEFAULTS: ThumbnailSettings = {
  // One page of a case asks for dozens at once; two workers keep a core for the server and the browser.
  size: Math.min(2, availableParallelism()),
  // pdf.js draws a page within ~100 MB; a 100 Mpx photo's pixels live in sharp, outside this heap.
  maxHeapMb: 384,
  timeoutMs: 20_000,
  // The page asks in bursts (scrolling): keep the workers warm between them.
  idleMs: 15_000,
  cacheBytes: 48 * 1024 * 1024,
};

let settings: ThumbnailSettings = { ...DEFAULTS };
let pool: WorkerPool<ThumbnailJob, ThumbnailReply> | undefined;
let cache = new ThumbnailCache(settings.cacheBytes);
const inFlight = new Map<string, Promise<Thumbnail | null>>();

/** Change the limits (tests, benchmarks) or go back to the defaults; the cache and the workers start afresh. */
export async function configureThumbnails(changes: Partial<ThumbnailSettings> | 'defaults'): Promise<void> {
  await closeThumbnails();
  settings = changes === 'defaults' ? { ...DEFAULTS } : { ...settings, ...changes };
  cache = new ThumbnailCache(settings.cacheBytes);
}

/** Stop the workers (the review server calls it on shutdown; idle workers do not hold the process open anyway). */
export async function closeThumbnails(): Promise<void> {
  const current = pool;
  pool = undefined;
  await current?.close();
}

/** Workers alive now and the cache's figures (for tests and diagnostics). */
export function thumbnailStats(): ThumbnailCacheStats & { workers: number } {
  return { ...cache.stats, workers: pool?.workerCount ?? 0 };
}

function sideOf(request: ThumbnailRequest): number {
  const asked = request.maxSide ?? DEFAULT_MAX_SIDE;
  if (!Number.isFinite(asked)) return DEFAULT_MAX_SIDE;
  return Math.min(LARGEST_MAX_SIDE, Math.max(SMALLEST_MAX_SIDE, Math.round(asked)));
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];
const JPEG_MAGIC = [0xff, 0xd8, 0xff];

/** The worker's answer is believed only when it is what was asked for: a small PNG or JPEG within maxSide. */
function checked(thumbnail: Thumbnail | null | undefined, maxSide: number): Thumbnail | null {
  if (!thumbnail) return null;
  const { mime, bytes, width, height } = thumbnail;
  const magic = mime === 'image/png' ? PNG_MAGIC : mime === 'image/jpeg' ? JPEG_MAGIC : undefined;
  if (!magic || !(bytes instanceof Uint8Array) || !magic.every((b, i) => bytes[i] === b)) return null;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > maxSide || height > maxSide) return null;
  return { mime, bytes, width, height };
}

function testHooksFor(file: string): Pick<ThumbnailJob, 'stallMs' | 'exhaustHeap'> {
  const hooks = settings.testHooks;
  if (!hooks?.paths.test(file)) return {};
  return { ...(hooks.stallMs ? { stallMs: hooks.stallMs } : {}), ...(hooks.exhaustHeap ? { exhaustHeap: true } : {}) };
}

/** The picture, and whether the answer holds for this file (a timeout may be the machine's load, not the file's fault). */
async function decode(request: ThumbnailRequest, maxSide: number): Promise<{ thumbnail: Thumbnail | null; lasting: boolean }> {
  pool ??= new WorkerPool(codeUrl('review/thumbnail-worker.js'), settings);
  const job: Omit<ThumbnailJob, 'id'> = {
    file: request.file, family: request.family, maxSide,
    ...(request.prefer ? { prefer: request.prefer } : {}),
    ...testHooksFor(request.file),
  };
  const outcome = await pool.run(job);
  return outcome.ok ? { thumbnail: checked(outcome.reply.thumbnail, maxSide), lasting: true } : { thumbnail: null, lasting: outcome.failure !== 'timeout' };
}

export const renderThumbnail: RenderThumbnail = async (request) => {
  try {
    if (!path.isAbsolute(request.file)) return null;
    const maxSide = sideOf(request);
    const facts = await stat(request.file);
    if (!facts.isFile() || facts.size === 0) return null;
    const key = JSON.stringify([request.file, facts.size, facts.mtimeMs, maxSide, request.family, request.prefer ?? '']);
    const known = cache.get(key);
    if (known !== undefined) return known;
    // The page may ask for the same picture twice before the first answer: one decode serves both.
    let pending = inFlight.get(key);
    if (!pending) {
      const owner = cache;
      pending = decode(request, maxSide)
        .catch(() => ({ thumbnail: null, lasting: true }))
        // A timed-out picture is asked for again the next time the page shows it.
        .then(({ thumbnail, lasting }) => { if (lasting) owner.set(key, thumbnail); return thumbnail; })
        .finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return await pending;
  } catch {
    // A file gone or unreadable since the scan: the page shows the neutral tile.
    return null;
  }
};
