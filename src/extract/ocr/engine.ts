import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';
import type { PrivateTempDir } from '../../util/tempdir.js';
import { isOutOfMemory, startWorker } from '../../util/worker.js';
import { linkModels, osdModelFile, resolveModels } from './models.js';
import type { PageJob, PageReply } from './page-worker.js';
import type { EnglishModel, OcrEngine, OcrPage, OcrPageFailure, OcrRequest, OcrResult } from './types.js';

/**
 * The OCR engine: a pool of page workers (worker threads), each rasterising
 * and recognising one page at a time under a heap limit and a per-page
 * timeout. A page that fails, runs out of memory or times out is reported as
 * a failure and its worker replaced; the run goes on. Nothing is started
 * until the first page is asked for.
 */

export interface OcrEngineOptions {
  /** Pages read at once; default: the machine's cores. */
  jobs?: number;
  /** Longest a page may take before its worker is stopped. */
  pageTimeoutMs?: number;
  /** Heap limit of each page worker. Rendering a 300 dpi A4 page needs ~150 MB. */
  maxHeapMb?: number;
  /**
   * Pages a worker reads before it is replaced by a fresh one. tesseract's
   * WebAssembly heap grows to fit the largest page it has seen and never
   * shrinks, so a long run would otherwise hold every worker at its high-water
   * mark; a fresh worker costs a model load (~0.5 s), paid once per this many pages.
   */
  recyclePages?: number;
  /** Detect pages turned sideways or upside down (OSD). Default true. */
  detectOrientation?: boolean;
  env?: NodeJS.ProcessEnv;
}

export const TESSERACT_JS_VERSION: string = (createRequire(import.meta.url)('tesseract.js/package.json') as { version: string }).version;
const DEFAULT_PAGE_TIMEOUT_MS = 180_000;
// 4, not 16: on a 20-page scan (two 10-page PDFs) two workers grew from ~640 to ~930 MB before any was replaced (8: 840 MB).
const DEFAULT_RECYCLE_PAGES = 4;

interface Slot { worker: Worker; busy: boolean; pagesRead: number }
interface Waiting { run: (slot: Slot) => void }

class PagePool {
  private readonly slots: Slot[] = [];
  private readonly waiting: Waiting[] = [];
  private nextId = 1;

  constructor(private readonly size: number, private readonly options: Required<Pick<OcrEngineOptions, 'pageTimeoutMs' | 'maxHeapMb' | 'recyclePages'>>) {}

  private spawn(): Slot {
    // Tesseract prints its own diagnostics ("Too few characters…") on the worker's stdout/stderr: startWorker drains them.
    const worker = startWorker(new URL('./page-worker.js', import.meta.url), { maxOldGenerationSizeMb: this.options.maxHeapMb });
    const slot: Slot = { worker, busy: false, pagesRead: 0 };
    // A worker can fail after its page was answered (pdf.js rejecting a promise of a damaged file late):
    // an 'error' with no listener would end the whole run, so the slot is dropped and the run goes on.
    worker.on('error', () => undefined);
    worker.once('exit', () => {
      const at = this.slots.indexOf(slot);
      if (at >= 0 && !slot.busy) this.slots.splice(at, 1);
    });
    this.slots.push(slot);
    return slot;
  }

  private acquire(): Promise<Slot> {
    const free = this.slots.find((s) => !s.busy);
    if (free) { free.busy = true; return Promise.resolve(free); }
    if (this.slots.length < this.size) { const slot = this.spawn(); slot.busy = true; return Promise.resolve(slot); }
    return new Promise((resolve) => this.waiting.push({ run: (slot) => { slot.busy = true; resolve(slot); } }));
  }

  private release(slot: Slot, broken: boolean): void {
    let next = slot;
    slot.pagesRead += 1;
    if (broken || slot.pagesRead >= this.options.recyclePages) {
      void slot.worker.terminate();
      this.slots.splice(this.slots.indexOf(slot), 1);
      if (!this.waiting.length) return;
      next = this.spawn();
    }
    next.busy = false;
    this.waiting.shift()?.run(next);
  }

  async run(job: Omit<PageJob, 'id'>, signal?: AbortSignal): Promise<PageReply> {
    const slot = await this.acquire();
    const id = this.nextId++;
    return new Promise<PageReply>((resolve) => {
      let settled = false;
      const finish = (reply: PageReply, broken: boolean): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        slot.worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        this.release(slot, broken);
        resolve(reply);
      };
      const onMessage = (reply: PageReply): void => { if (reply.id === id) finish(reply, false); };
      const onError = (error: Error): void => finish({ id, ok: false, reason: isOutOfMemory(error) ? 'reading the page needed more memory than allowed' : error.message.split('\n')[0] ?? 'worker failed' }, true);
      const onExit = (): void => finish({ id, ok: false, reason: 'the page reader stopped unexpectedly' }, true);
      const onAbort = (): void => finish({ id, ok: false, reason: 'cancelled' }, true);
      const timer = setTimeout(() => finish({ id, ok: false, reason: `reading the page took longer than ${Math.round(this.options.pageTimeoutMs / 1000)} s` }, true), this.options.pageTimeoutMs);
      slot.worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (signal?.aborted) { onAbort(); return; }
      slot.worker.postMessage({ ...job, id } satisfies PageJob);
    });
  }

  async close(): Promise<void> {
    const all = this.slots.splice(0);
    await Promise.all(all.map((s) => s.worker.terminate()));
  }
}

class TesseractPoolEngine implements OcrEngine {
  private pool: PagePool | undefined;
  private models: Promise<PrivateTempDir> | undefined;
  private modelKey = '';

  constructor(private readonly options: OcrEngineOptions) {}

  /** The private folder linking the models of `languages` (those present; missing ones are the caller's finding). */
  private modelDir(languages: readonly string[], englishModel: EnglishModel | undefined): Promise<PrivateTempDir> {
    const key = `${languages.join('+')}:${englishModel ?? ''}`;
    if (!this.models || key !== this.modelKey) {
      const found = resolveModels(languages, this.options.env, englishModel).found;
      const osd = this.options.detectOrientation === false ? undefined : osdModelFile();
      this.modelKey = key;
      this.models = linkModels([...found, ...(osd ? [{ code: 'osd', file: osd }] : [])]);
    }
    return this.models;
  }

  async recognize(request: OcrRequest, signal?: AbortSignal): Promise<OcrResult> {
    const { languages, englishModel } = request.settings;
    const found = resolveModels(languages, this.options.env, englishModel).found.map((m) => m.code);
    if (!found.length) return { pages: [], failures: [{ pageIndex: 0, reason: `no OCR model for ${languages.join(', ')}` }] };
    const dir = await this.modelDir(languages, englishModel);
    this.pool ??= new PagePool(Math.max(1, this.options.jobs ?? availableParallelism()), {
      pageTimeoutMs: this.options.pageTimeoutMs ?? DEFAULT_PAGE_TIMEOUT_MS,
      maxHeapMb: this.options.maxHeapMb ?? 768,
      recyclePages: Math.max(1, this.options.recyclePages ?? DEFAULT_RECYCLE_PAGES),
    });
    const pool = this.pool;
    const detectOsd = this.options.detectOrientation !== false && osdModelFile() !== undefined;
    const pageIndexes = request.kind === 'image' ? [0] : request.pages;
    const replies = await Promise.all(pageIndexes.map((pageIndex) => pool.run({
      absPath: request.absPath, kind: request.kind, pageIndex, dpi: request.settings.renderDpi,
      models: { langPath: dir.path, languages: found },
      ...(detectOsd ? { osd: { langPath: dir.path, languages: ['osd'] } } : {}),
    }, signal)));
    const pages: OcrPage[] = [];
    const failures: OcrPageFailure[] = [];
    replies.forEach((reply, i) => {
      if (reply.ok) pages.push(reply.page);
      else failures.push({ pageIndex: pageIndexes[i] ?? 0, reason: reply.reason });
    });
    return { pages, failures };
  }

  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = undefined;
    const dir = await this.models?.catch(() => undefined);
    await dir?.remove();
    this.models = undefined;
  }
}

/** The engine the CLI and library use (the cache helper wraps it). Cheap: nothing starts until a page is read. */
export function createOcrEngine(options: OcrEngineOptions = {}): OcrEngine {
  return new TesseractPoolEngine(options);
}
