import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * Start a worker thread running the module at `jsUrl`: the compiled file in
 * dist/, or, when running from the TypeScript source (tests, tsx), a small
 * bootstrap that registers tsx in the worker first (loader flags given to a
 * worker are not applied to it). Workers decode untrusted files under a heap
 * limit; their own console output (library diagnostics) means nothing to a
 * user, so it is drained, not passed through. A drained worker keeps the
 * process alive even when unref'd (its output streams hold it): a worker that
 * must not (an idle pool) silences its console itself and passes
 * `drainOutput: false`.
 */
export function startWorker(jsUrl: URL, resourceLimits: ResourceLimits, options: { drainOutput?: boolean } = {}): Worker {
  const drain = options.drainOutput ?? true;
  const quiet = drain ? { resourceLimits, stdout: true, stderr: true } : { resourceLimits };
  let worker: Worker;
  if (existsSync(fileURLToPath(jsUrl))) worker = new Worker(jsUrl, quiet);
  else {
    const ts = new URL(jsUrl.href.replace(/\.js$/, '.ts')).href;
    const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(ts)}); });`;
    worker = new Worker(bootstrap, { ...quiet, eval: true });
  }
  if (drain) {
    worker.stdout.resume();
    worker.stderr.resume();
  }
  return worker;
}

/** True when a worker's 'error' says it ran out of its heap limit (ERR_WORKER_OUT_OF_MEMORY). */
export function isOutOfMemory(error: Error): boolean {
  return (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY' || /memory/i.test(error.message);
}

/**
 * Test hooks a worker job can carry, to show the pool's limits hold: block the thread as a decoder
 * spinning on a hostile file would (synchronously: such a hang does not yield to timers either)...
 */
export function stallThread(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** ...or fill the heap until the worker's resource limit stops it. */
export function exhaustHeap(): never {
  const hoard: unknown[] = [];
  for (;;) hoard.push({ filler: new Array(1024).fill(hoard.length) });
}
