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
  /**
   * Jobs that may (`mayWaitInWorker`) wait inside a busy worker at most, behind its running job (default 1).
   * Deep enough to cover the main thread's longest busy stretch (a cold document reading, a module load),
   * during which it cannot send the worker its next job.
   */
  waitInWorker?: number;
}

export type PoolFailure = 'timeout' | 'memory' | 'crashed';
export type PoolOutcome<R> = { ok: true; reply: R } | { ok: false; failure: PoolFailure; message: string };

interface Slot<R> {
  worker: Worker;
  /** Has a job (running, or about to be posted once the worker is ready). */
  busy: boolean;
  ready: Promise<void>;
  /** The worker said it was ready (its module loaded). */
  isReady?: boolean;
  exited?: boolean;
  /** Its running job has been posted: one posted now is answered after it. */
  posted?: boolean;
  /** Jobs posted to the worker behind the running one, in order: each starts the moment the one ahead answers. */
  behind: Array<{ queued: Queued<R>; start: () => void }>;
  idleTimer?: NodeJS.Timeout;
}

interface Queued<R> {
  job: object;
  transfer: readonly Transferable[];
  mayWaitInWorker: boolean;
  resolve: (outcome: PoolOutcome<R>) => void;
}

export interface RunOptions {
  /**
   * The job may wait inside a busy worker rather than in the pool: the worker then starts it the moment the
   * job ahead answers, without waiting for the main thread (which, reading the answers, can be busy for a
   * document's reading time) to send it. A job that waits so is copied, not moved (`transfer` is not used
   * then), so that if the job ahead breaks the worker it is sent again whole. For small jobs.
   */
  mayWaitInWorker?: boolean;
}

/** What a pool's worker module posts once it has loaded: the time limit of a job starts then, not while it loads. */
export const WORKER_READY = 'worker-ready';

const DEFAULT_IDLE_MS = 2_000;

export class WorkerPool<Job extends { id: number }, Reply extends { id: number }> {
  private readonly slots: Slot<Reply>[] = [];
  private readonly queue: Queued<Reply>[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly moduleUrl: URL, readonly options: WorkerPoolOptions) {}

  private spawn(): Slot<Reply> {
    // Not drained: an idle worker must let the process end (the worker module silences its own console).
    const worker = startWorker(this.moduleUrl, { maxOldGenerationSizeMb: this.options.maxHeapMb }, { drainOutput: false });
    const slot: Slot<Reply> = { worker, busy: true, ready: Promise.resolve(), behind: [] };
    // Loading the decoder (and, from source, tsx) takes seconds on a busy machine: that is not the file's time.
    slot.ready = new Promise<void>((resolve) => {
      const onReady = (message: unknown): void => { if (message === WORKER_READY) { worker.off('message', onReady); slot.isReady = true; resolve(); } };
      worker.on('message', onReady).once('exit', () => resolve());
    });
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

  /** Hands the queued jobs, in order, to free workers, new workers, or (those that may) busy workers' waiting places. */
  private pump(): void {
    while (this.queue.length > 0) {
      const free = this.slots.find((s) => !s.busy);
      if (free) {
        free.busy = true;
        clearTimeout(free.idleTimer);
        this.begin(free, this.queue.shift()!);
        continue;
      }
      if (this.slots.length < this.options.size) {
        this.begin(this.spawn(), this.queue.shift()!);
        continue;
      }
      const head = this.queue[0]!;
      const room = this.options.waitInWorker ?? 1;
      const host = head.mayWaitInWorker ? this.slots.find((s) => s.posted && s.behind.length < room && !s.exited) : undefined;
      if (!host) return;
      this.queue.shift();
      this.postBehind(host, head);
    }
  }

  private begin(slot: Slot<Reply>, queued: Queued<Reply>): void {
    slot.worker.ref();
    if (slot.isReady || slot.exited) this.post(slot, queued);
    else void slot.ready.then(() => this.post(slot, queued));
  }

  private post(slot: Slot<Reply>, queued: Queued<Reply>): void {
    // A worker that could not load its module (a missing or broken script) has exited before saying it was
    // ready: a job posted to it would wait out the whole time limit for an answer that cannot come.
    if (slot.exited) {
      this.release(slot, true);
      queued.resolve({ ok: false, failure: 'crashed', message: 'the decoder could not start' });
      return;
    }
    const id = this.nextId++;
    this.watch(slot, id, queued.resolve);
    slot.worker.postMessage({ ...queued.job, id }, queued.transfer);
    slot.posted = true;
    this.pump();
  }

  private postBehind(slot: Slot<Reply>, queued: Queued<Reply>): void {
    const id = this.nextId++;
    slot.behind.push({ queued, start: () => this.watch(slot, id, queued.resolve) });
    slot.worker.postMessage({ ...queued.job, id });
  }

  private release(slot: Slot<Reply>, broken: boolean): void {
    const behind = slot.behind.shift();
    if (broken) {
      void slot.worker.terminate();
      const at = this.slots.indexOf(slot);
      // Gone already when the pool was closed while the job ran.
      if (at >= 0) this.slots.splice(at, 1);
      slot.posted = false;
      // The jobs waiting in the worker never started: none of them broke it, so they are sent again, in order.
      const unstarted = behind ? [behind, ...slot.behind.splice(0)] : [];
      if (this.closed) for (const w of unstarted) w.queued.resolve({ ok: false, failure: 'crashed', message: 'the decoding was stopped' });
      else this.queue.unshift(...unstarted.map((w) => w.queued));
      this.pump();
      return;
    }
    if (behind) {
      behind.start();
      // The next queued job may take the place it leaves in the worker.
      this.pump();
      return;
    }
    slot.busy = false;
    slot.posted = false;
    this.pump();
    if (!slot.busy) this.idle(slot);
  }

  private idle(slot: Slot<Reply>): void {
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

  private retire(slot: Slot<Reply>): void {
    if (slot.busy) return;
    const at = this.slots.indexOf(slot);
    if (at >= 0) this.slots.splice(at, 1);
    void slot.worker.terminate();
  }

  /** Run one job; `transfer` lists buffers moved to the worker rather than copied (the caller must not use them after). */
  run(job: Omit<Job, 'id'>, transfer: readonly Transferable[] = [], options: RunOptions = {}): Promise<PoolOutcome<Reply>> {
    this.closed = false;
    return new Promise((resolve) => {
      this.queue.push({ job, transfer, mayWaitInWorker: options.mayWaitInWorker ?? false, resolve });
      this.pump();
    });
  }

  /** Waits for the answer to job `id`, which the worker has begun (or begins next), under the pool's time limit. */
  private watch(slot: Slot<Reply>, id: number, resolve: (outcome: PoolOutcome<Reply>) => void): void {
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
  }

  /** Workers alive now (busy or idle); for tests and diagnostics. */
  get workerCount(): number {
    return this.slots.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = this.slots.splice(0);
    for (const slot of all) clearTimeout(slot.idleTimer);
    await Promise.all(all.map((s) => s.worker.terminate()));
  }
}
