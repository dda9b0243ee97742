import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkerPool, type PoolOutcome } from '../../src/util/worker-pool.js';
import { makeTempDir } from '../support/tree.js';

/**
 * Jobs that may wait inside a busy worker (issue 15: the worker goes straight on to the next file while the
 * main thread is busy) must keep the pool's promises: each job answered once, by its own answer; a job that
 * waited behind one that broke the worker is sent again whole, to a new worker, not failed with it.
 */
const WORKER = `
import { parentPort, threadId } from 'node:worker_threads';
let ahead = Promise.resolve();
parentPort.on('message', (job) => {
  ahead = ahead.then(() => {
    if (job.crash) process.exit(3);
    if (job.stallMs) { const end = Date.now() + job.stallMs; while (Date.now() < end) { /* a decoder spinning */ } }
    parentPort.postMessage({ id: job.id, value: job.value, bytes: job.bytes ? job.bytes.byteLength : -1, thread: threadId });
  });
});
parentPort.postMessage('worker-ready');
`;

interface TestJob { id: number; value: string; crash?: boolean; stallMs?: number; bytes?: Uint8Array }
interface TestReply { id: number; value: string; bytes: number; thread: number }

describe('a worker pool letting jobs wait inside a busy worker', () => {
  let dir = '';
  let cleanup: () => Promise<void> = async () => undefined;
  let pool: WorkerPool<TestJob, TestReply> | undefined;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    await writeFile(path.join(dir, 'echo-worker.mjs'), WORKER);
  });
  afterEach(async () => {
    await pool?.close();
    await cleanup();
  });
  const make = (timeoutMs: number, waitInWorker?: number): WorkerPool<TestJob, TestReply> =>
    (pool = new WorkerPool<TestJob, TestReply>(pathToFileURL(path.join(dir, 'echo-worker.mjs')), { size: 1, maxHeapMb: 64, timeoutMs, ...(waitInWorker ? { waitInWorker } : {}) }));
  const summary = (o: PoolOutcome<TestReply>): string => (o.ok ? `${o.reply.value}:${o.reply.bytes}` : o.failure);

  it('answers every job with its own answer, in a single worker', async () => {
    const workers = make(30_000);
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      workers.run({ value: `job${i}` }, [], { mayWaitInWorker: true })));
    expect(outcomes.map(summary)).toEqual(Array.from({ length: 20 }, (_, i) => `job${i}:-1`));
    expect(new Set(outcomes.map((o) => (o.ok ? o.reply.thread : 0))).size).toBe(1);
  });

  it('sends a waiting job again, whole, when the job ahead crashes the worker', async () => {
    const workers = make(30_000);
    const bytes = new Uint8Array(1000);
    const runs = [
      workers.run({ value: 'first' }, [], { mayWaitInWorker: true }),
      workers.run({ value: 'crash', crash: true }, [], { mayWaitInWorker: true }),
      workers.run({ value: 'after', bytes }, [bytes.buffer], { mayWaitInWorker: true }),
      workers.run({ value: 'last' }, [], { mayWaitInWorker: true }),
    ];
    const outcomes = await Promise.all(runs);
    expect(outcomes.map(summary)).toEqual(['first:-1', 'crashed', 'after:1000', 'last:-1']);
    const threads = outcomes.map((o) => (o.ok ? o.reply.thread : 0));
    expect(threads[2]).not.toBe(threads[0]);
  });

  it('times out only the job that overran, and the one waiting behind it still gets its answer', async () => {
    const workers = make(1_500);
    const outcomes = await Promise.all([
      workers.run({ value: 'spin', stallMs: 60_000 }, [], { mayWaitInWorker: true }),
      workers.run({ value: 'behind' }, [], { mayWaitInWorker: true }),
    ]);
    expect(outcomes.map(summary)).toEqual(['timeout', 'behind:-1']);
  });

  it('with several places in the worker, a crash fails only its own job and every job waiting behind it is sent again, in order', async () => {
    const workers = make(30_000, 4);
    const runs = Array.from({ length: 9 }, (_, i) =>
      workers.run({ value: `job${i}`, ...(i === 2 || i === 6 ? { crash: true } : {}) }, [], { mayWaitInWorker: true }));
    const outcomes = await Promise.all(runs);
    expect(outcomes.map(summary)).toEqual(['job0:-1', 'job1:-1', 'crashed', 'job3:-1', 'job4:-1', 'job5:-1', 'crashed', 'job7:-1', 'job8:-1']);
    const threads = outcomes.map((o) => (o.ok ? o.reply.thread : 0));
    // Three workers in turn: each crash ends one, and the jobs behind it run in the next.
    expect(new Set(threads.filter((t) => t !== 0)).size).toBe(3);
    expect(workers.workerCount).toBeLessThanOrEqual(1);
  });
});
