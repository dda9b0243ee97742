import type { Transferable, Worker } from 'node:worker_threads';
import { isOutOfMemory, startWorker } from './worker.js';

/**
 * A small pool of worker threads that decode untrusted files, one job per
 * worker at a time, each under a heap limit and a time limit. A worker that
 * runs out of memory, overruns its time or dies is terminated and replaced
 * (lazily, by the next job); the caller gets a failure to turn into a
 * finding, and the run goes on. Idle workers do not keep the process alive,
 * and the process exiting (Ctrl-C, SIGTERM) ends them with it: the main
 * thread stays free to handle the signal because no decoding runs on it.
 * A worker module answers `{ id, … }` to each job and posts WORKER_READY once loaded.
 */

export interface WorkerPoolOptions {
  /** Workers at most; started only when jobs come. */
  size: number;
  /** Heap limit (old generation) of each worker. */
  maxHeapMb: number;
  /** Longest one job may take before its worker is stopped. */
  timeoutMs: number;
  /** An idle worker is stopped after this long, so its memory is not held through later stages. */
  idleMs?: number;
}

export type PoolFailure = 'timeout' | 'memory' | 'crashed';
export type PoolOutcome<R> = { ok: true; reply: R } | { ok: false; failure: PoolFailure; message: string };

interface Slot { worker: Worker; busy: boolean; ready: Promise<void>; exited?: boolean; idleTimer?: NodeJS.Timeout }

/** What a pool's worker module posts once it has loaded: the time limit of a job starts then, not while it loads. */
export const WORKER_READY = 'worker-ready';

const DEFAULT_IDLE_MS = 2_000;

export class WorkerPool<Job extends { id: number }, Reply extends { id: number }> {
  private readonly slots: Slot[] = [];
  private readonly waiting: Array<(slot: Slot) => void> = [];
  private nextId = 1;

  constructor(private readonly moduleUrl: URL, readonly options: WorkerPoolOptions) {}

  private spawn(): Slot {
    // Not drained: an idle worker must let the process end (the worker module silences its own console).
    const worker = startWorker(this.moduleUrl, { maxOldGenerationSizeMb: this.options.maxHeapMb }, { drainOutput: false });
    // Loading the decoder (and, from source, tsx) takes seconds on a busy machine: that is not the file's time.
    const ready = new Promise<void>((resolve) => {
      const onReady = (message: unknown): void => { if (message === WORKER_READY) { worker.off('message', onReady); resolve(); } };
      worker.on('message', onReady).once('exit', () => resolve());
    });
    const slot: Slot = { worker, busy: true, ready };
    // A worker can fail after its job was answered (a library rejecting a promise late): an 'error'
    // with no listener would end the whole run, so the slot is dropped and the run goes on.
    worker.on('error', () => undefined);
    worker.once('exit', () => {
      slot.exited = true;
      const at = this.slots.indexOf(slot);
      if (at >= 0 && !slot.busy) this.slots.splice(at, 1);
    });
    this.slots.push(slot);
    return slot;
  }

  private acquire(): Promise<Slot> {
    const free = this.slots.find((s) => !s.busy);
    if (free) { free.busy = true; clearTimeout(free.idleTimer); return Promise.resolve(free); }
    if (this.slots.length < this.options.size) return Promise.resolve(this.spawn());
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: Slot, broken: boolean): void {
    let next: Slot | undefined = slot;
    if (broken) {
      void slot.worker.terminate();
      const at = this.slots.indexOf(slot);
      // Gone already when the pool was closed while the job ran.
      if (at >= 0) this.slots.splice(at, 1);
      next = this.waiting.length ? this.spawn() : undefined;
    }
    if (!next) return;
    const waiter = this.waiting.shift();
    if (waiter) { next.busy = true; next.worker.ref(); waiter(next); return; }
    next.busy = false;
    this.idle(next);
  }

  private idle(slot: Slot): void {
    // Idle: the run may end without closing the pool (a library caller), and must not hang on it.
    slot.worker.unref();
    slot.idleTimer = setTimeout(() => this.retire(slot), this.options.idleMs ?? DEFAULT_IDLE_MS);
    slot.idleTimer.unref();
  }

  /**
   * Start the workers now, before any job, so their start-up (loading the decoder) overlaps the caller's
   * own work; they wait idle (and are stopped when idle too long) like workers whose job is done.
   */
  warm(): void {
    while (this.slots.length < this.options.size) {
      const slot = this.spawn();
      slot.busy = false;
      this.idle(slot);
    }
  }

  private retire(slot: Slot): void {
    if (slot.busy) return;
    const at = this.slots.indexOf(slot);
    if (at >= 0) this.slots.splice(at, 1);
    void slot.worker.terminate();
  }

  /** Run one job; `transfer` lists buffers moved to the worker rather than copied (the caller must not use them after). */
  async run(job: Omit<Job, 'id'>, transfer: readonly Transferable[] = []): Promise<PoolOutcome<Reply>> {
    const slot = await this.acquire();
    slot.worker.ref();
    await slot.ready;
    // A worker that could not load its module (a missing or broken script) has exited before saying it was
    // ready: a job posted to it would wait out the whole time limit for an answer that cannot come.
    if (slot.exited) {
      this.release(slot, true);
      return { ok: false, failure: 'crashed', message: 'the decoder could not start' };
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      let settled = false;
      const finish = (outcome: PoolOutcome<Reply>, broken: boolean): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        slot.worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        this.release(slot, broken);
        resolve(outcome);
      };
      const onMessage = (reply: Reply): void => { if (reply.id === id) finish({ ok: true, reply }, false); };
      const onError = (error: Error): void => finish(isOutOfMemory(error)
        ? { ok: false, failure: 'memory', message: `needed more than ${this.options.maxHeapMb} MB of memory` }
        : { ok: false, failure: 'crashed', message: error.message.split('\n')[0]?.slice(0, 200) ?? 'worker failed' }, true);
      const onExit = (): void => finish({ ok: false, failure: 'crashed', message: 'the worker stopped unexpectedly' }, true);
      const timer = setTimeout(() => finish({ ok: false, failure: 'timeout', message: `took longer than ${Math.round(this.options.timeoutMs / 1000)} s` }, true), this.options.timeoutMs);
      slot.worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      slot.worker.postMessage({ ...job, id }, transfer);
    });
  }

  /** Workers alive now (busy or idle); for tests and diagnostics. */
  get workerCount(): number {
    return this.slots.length;
  }

  async close(): Promise<void> {
    const all = this.slots.splice(0);
    for (const slot of all) clearTimeout(slot.idleTimer);
    await Promise.all(all.map((s) => s.worker.terminate()));
  }
}
