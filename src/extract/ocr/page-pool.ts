import type { Worker } from 'node:worker_threads';
import { isOutOfMemory, startWorker } from '../../util/worker.js';
import type { PageJob, PageReply } from './page-worker.js';
import { codeUrl } from '../../util/package-root.js';

/**
 * The page workers (worker threads) of one process, each rasterising and
 * recognising one page at a time under a heap limit and a per-page timeout.
 * A page that fails, runs out of memory or times out is answered as a failure
 * and its worker replaced; the run goes on.
 */

export interface PagePoolLimits {
  /** Longest a page may take before its worker is stopped. */
  pageTimeoutMs: number;
  /** Heap limit of each page worker. */
  maxHeapMb: number;
  /** Pages a worker reads before it is replaced by a fresh one (engine.ts says why). */
  recyclePages: number;
}

/** What reads pages: this pool in the process itself, or the same pool in a child process (page-process.ts). */
export interface PageReader {
  run(job: Omit<PageJob, 'id'>, signal?: AbortSignal): Promise<PageReply>;
  close(): Promise<void>;
}

interface Slot { worker: Worker; busy: boolean; pagesRead: number }
interface Waiting { run: (slot: Slot) => void }

export class PagePool implements PageReader {
  private readonly slots: Slot[] = [];
  private readonly waiting: Waiting[] = [];
  private nextId = 1;

  constructor(private readonly size: number, private readonly options: PagePoolLimits) {}

  private spawn(): Slot {
    // Tesseract prints its own diagnostics ("Too few characters…") on the worker's stdout/stderr: startWorker drains them.
    const worker = startWorker(codeUrl('extract/ocr/page-worker.js'), { maxOldGenerationSizeMb: this.options.maxHeapMb });
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
