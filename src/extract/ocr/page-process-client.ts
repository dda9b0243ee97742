import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PagePoolLimits, PageReader } from './page-pool.js';
import type { FromPageProcess, PageProcessConfig, ToPageProcess } from './page-process.js';
import type { PageJob, PageReply } from './page-worker.js';
import { codeUrl } from '../../util/package-root.js';

/**
 * The page pool run in a child process (page-process.ts), started on the
 * first page and stopped by `close`. Why a process: the page workers' freed
 * page buffers stay in glibc's per-thread malloc arenas, which held ~300 MB
 * of a scan's peak; fewer arenas (MALLOC_ARENA_MAX) keep a 200-page scan
 * under 600 MB, and that variable only takes effect in a process started
 * with it (CHILD_MALLOC_ENV). Only this process pays for it, and only when a page needs OCR.
 * Elsewhere than glibc (macOS, Windows, musl) the variable is ignored.
 *
 * Limits, timeouts and replacement of workers stay in the child's pool;
 * cancelling a page here cancels it there (its worker is stopped). If the
 * child dies, its pages fail with a reason and the next page starts a new
 * one; if this process ends, the child sees its channel close and exits.
 */

/**
 * glibc's malloc settings in the child, unless whoever started casepack chose
 * otherwise: one arena for all its threads (the page workers' JavaScript and
 * libvips; tesseract's WebAssembly heaps are not malloc's), and blocks from
 * 1 MiB up (page images, their copies) always mapped on their own, so freeing
 * one gives it back to the system at once. By default glibc raises that
 * threshold to the size of the largest block freed (up to 32 MiB), after
 * which page-sized buffers stay in the arenas. Measured on 40 scanned pages
 * (docs/ocr-evaluation.md): one arena against two, 589 against 617 MB with no
 * measurable CPU cost; the threshold, 547–566 against 610–617 MB.
 */
export const CHILD_MALLOC_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '1', MALLOC_MMAP_THRESHOLD_: String(1024 * 1024) };

/** Flags that would make the child run something other than its module (a script given with -e, a REPL, a test runner): not passed on. */
const NOT_INHERITED = new Set(['-e', '--eval', '-p', '--print', '-i', '--interactive', '-c', '--check', '--test', '--watch', '--input-type']);
const TAKES_VALUE = new Set(['-e', '--eval', '-p', '--print', '--input-type']);

/** `execArgv` without the flags of NOT_INHERITED (and their values). */
export function nodeFlagsForChild(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const flag = execArgv[i] ?? '';
    const name = flag.split('=')[0] ?? flag;
    if (NOT_INHERITED.has(name) || name.startsWith('--watch')) {
      if (TAKES_VALUE.has(name) && !flag.includes('=')) i++;
      continue;
    }
    kept.push(flag);
  }
  return kept;
}

/**
 * The child runs with this process's Node flags, as page workers do: a module
 * preloaded with `--import` (the privacy test's network guard) must watch the
 * pages being read too.
 */
function childEntry(): { modulePath: string; execArgv: string[] } {
  const inherited = nodeFlagsForChild(process.execArgv);
  const built = codeUrl('extract/ocr/page-process.js');
  if (existsSync(fileURLToPath(built))) return { modulePath: fileURLToPath(built), execArgv: inherited };
  // Running from the TypeScript source (tests, tsx): the child registers tsx first.
  const withTsx = inherited.some((flag) => flag.includes('tsx')) ? inherited : [...inherited, '--import', import.meta.resolve('tsx')];
  return { modulePath: fileURLToPath(codeUrl('extract/ocr/page-process.ts')), execArgv: withTsx };
}

export class ProcessPagePool implements PageReader {
  private child: ChildProcess | undefined;
  private readonly pending = new Map<number, { child: ChildProcess; settle: (reply: PageReply) => void }>();
  private nextId = 1;

  constructor(private readonly poolSize: number, private readonly limits: PagePoolLimits) {}

  /** Process id of the running child, if any: for tests and diagnostics. */
  get childPid(): number | undefined {
    return this.child?.pid;
  }

  private start(): ChildProcess {
    const { modulePath, execArgv } = childEntry();
    const config: PageProcessConfig = { poolSize: this.poolSize, limits: this.limits };
    const child = fork(modulePath, [JSON.stringify(config)], {
      execArgv,
      env: { ...CHILD_MALLOC_ENV, ...process.env },
      // Tesseract's diagnostics are drained in the workers. Standard error is shared, as it was when the
      // workers ran in this process: what writes to it directly (a preloaded guard) must still be seen.
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      // Structured clone, as the page workers' replies were posted before.
      serialization: 'advanced',
    });
    child.on('message', (reply: FromPageProcess) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      waiting?.settle(reply);
      this.holdOpen();
    });
    child.on('error', () => undefined);
    child.once('exit', () => {
      if (this.child === child) this.child = undefined;
      // Only this child's pages: a new child may already be reading the next ones.
      for (const [id, waiting] of [...this.pending.entries()]) {
        if (waiting.child !== child) continue;
        this.pending.delete(id);
        waiting.settle({ id, ok: false, reason: 'the page reader stopped unexpectedly' });
      }
    });
    this.child = child;
    return child;
  }

  /** The child keeps this process alive only while a page is being read (a library caller that forgets `close` must not hang). */
  private holdOpen(): void {
    const child = this.child;
    if (!child) return;
    if (this.pending.size) { child.ref(); child.channel?.ref(); } else { child.unref(); child.channel?.unref(); }
  }

  private send(message: ToPageProcess): void {
    const child = this.child;
    if (child?.connected) child.send(message, (error) => { if (error) child.kill('SIGKILL'); });
  }

  run(job: Omit<PageJob, 'id'>, signal?: AbortSignal): Promise<PageReply> {
    const id = this.nextId++;
    if (signal?.aborted) return Promise.resolve({ id, ok: false, reason: 'cancelled' });
    const child = this.child?.connected ? this.child : this.start();
    return new Promise<PageReply>((resolve) => {
      const onAbort = (): void => {
        if (!this.pending.delete(id)) return;
        this.send({ type: 'cancel', id });
        this.holdOpen();
        resolve({ id, ok: false, reason: 'cancelled' });
      };
      this.pending.set(id, { child, settle: (reply) => { signal?.removeEventListener('abort', onAbort); resolve(reply); } });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.holdOpen();
      this.send({ type: 'page', id, job });
    });
  }

  async close(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // An idle child is unref'd (holdOpen): without this the process could end while waiting here, before the caller's next step.
    child.ref();
    // Closing the channel is the child's signal to stop (page-process.ts); a kill makes sure.
    child.disconnect();
    child.kill();
    await exited;
  }
}
