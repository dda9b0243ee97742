import type { Worker } from 'node:worker_threads';
import { internDicomInfo } from './dicom/intern.js';
import type { ProbeTarget } from './index.js';
import type { ProbeBatch, ProbeBatchReply } from './probe-worker.js';
import type { ProbeOptions, ProbeOutput } from './types.js';
import { codeUrl } from '../util/package-root.js';

/** Files per message: one message per file would cost more than probing a DICOM header. */
const BATCH_SIZE = 64;
/** Batches sent ahead, so the helper never waits for the main thread to notice its reply. */
const IN_FLIGHT = 2;
/** The helper's heap limit: a batch of headers needs a few MB; a hostile one must not take the machine. */
const HELPER_HEAP_MB = 256;

/**
 * A second thread probing beside the main one (issue 15: scan on both cores). Files are offered as
 * the walk lists them; once `startAt` have come, the helper thread starts and takes batches from
 * the front of the queue while the walk goes on, and after the walk the main thread takes batches
 * from the back (`takeBatch`) until none is left. A file the helper leaves (not a DICOM header), a
 * batch it had when it failed, and every file of a case too small to start it, the main thread
 * probes itself, so the results are the same whichever thread probed a file.
 */
export class ProbeHelper {
  private worker: Worker | undefined;
  private starting = false;
  private closed = false;
  private failed = false;
  private offered = 0;
  private filling: ProbeTarget[] = [];
  private readonly queue: ProbeTarget[][] = [];
  private readonly inFlight = new Map<number, ProbeTarget[]>();
  private readonly results = new Map<string, ProbeOutput>();
  private nextId = 1;
  private settled: (() => void) | undefined;

  constructor(private readonly options: ProbeOptions, private readonly startAt: number) {}

  offer(target: ProbeTarget): void {
    this.offered++;
    this.filling.push(target);
    if (this.filling.length >= BATCH_SIZE) {
      this.queue.push(this.filling);
      this.filling = [];
    }
    if (!this.starting && this.offered >= this.startAt) this.start();
    this.pump();
  }

  /** The next batch for the main thread (from the back of the queue), or undefined when none is left to take. */
  takeBatch(): ProbeTarget[] | undefined {
    if (this.filling.length > 0) {
      this.queue.push(this.filling);
      this.filling = [];
    }
    return this.queue.pop();
  }

  /** Whether batches are still queued (after `settle`: a failed helper's batches came back). */
  hasQueued(): boolean {
    return this.queue.length > 0 || this.filling.length > 0;
  }

  /** What the helper thread found for a file, if it probed it. */
  result(relPath: string): ProbeOutput | undefined {
    return this.results.get(relPath);
  }

  /** Waits for the batches the helper thread holds; any it could not answer go back to the queue. */
  async settle(): Promise<void> {
    if (this.inFlight.size === 0) return;
    await new Promise<void>((resolve) => { this.settled = resolve; });
  }

  close(): void {
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    if (worker) void worker.terminate();
  }

  private start(): void {
    this.starting = true;
    // node:worker_threads loads only for a case big enough (start-up, issue 15); batches queue meanwhile.
    import('../util/worker.js').then(({ startWorker }) => {
      // Closed before the module came (the scan ended first): no thread is started to outlive it.
      if (this.failed || this.closed) return;
      this.attach(startWorker(codeUrl('probe/probe-worker.js'), { maxOldGenerationSizeMb: HELPER_HEAP_MB }));
    }).catch(() => this.fail());
  }

  private attach(worker: Worker): void {
    this.worker = worker;
    worker.on('message', (reply: ProbeBatchReply) => this.receive(reply));
    // A helper that dies (out of memory on a hostile header, a bug) hands its batches back: the main thread probes them.
    worker.on('error', () => this.fail());
    worker.on('exit', () => this.fail());
    this.pump();
  }

  private pump(): void {
    const worker = this.worker;
    if (!worker) return;
    while (this.inFlight.size < IN_FLIGHT) {
      const targets = this.queue.shift();
      if (!targets) return;
      const batch: ProbeBatch = { id: this.nextId++, targets, options: this.options };
      this.inFlight.set(batch.id, targets);
      worker.postMessage(batch);
    }
  }

  private receive(reply: ProbeBatchReply): void {
    const targets = this.inFlight.get(reply.id);
    if (!targets) return;
    this.inFlight.delete(reply.id);
    reply.outputs.forEach((output, i) => {
      const target = targets[i];
      if (!output || !target) return;
      if (output.dicom) internDicomInfo(output.dicom);
      this.results.set(target.relPath, output);
    });
    this.pump();
    this.wakeIfSettled();
  }

  private fail(): void {
    if (this.failed) return;
    this.failed = true;
    this.close();
    for (const targets of this.inFlight.values()) this.queue.push(targets);
    this.inFlight.clear();
    this.wakeIfSettled();
  }

  private wakeIfSettled(): void {
    if (this.inFlight.size > 0 || !this.settled) return;
    const wake = this.settled;
    this.settled = undefined;
    wake();
  }
}
