import { PagePool, type PagePoolLimits } from './page-pool.js';
import type { PageJob, PageReply } from './page-worker.js';

/**
 * The child process that reads pages (started by page-process-client.ts): the
 * page workers of `page-pool.ts`, in a process of their own so it can start
 * with its own glibc malloc settings (MALLOC_ARENA_MAX is read only when a
 * process starts; docs/ocr-evaluation.md says why it matters). It reads what
 * its parent sends and nothing else; it ends when the parent closes the
 * channel, exits or dies, so it is never left behind.
 */

export interface PageProcessConfig { poolSize: number; limits: PagePoolLimits }

export type ToPageProcess =
  | { type: 'page'; id: number; job: Omit<PageJob, 'id'> }
  | { type: 'cancel'; id: number };

export type FromPageProcess = PageReply;

const config = JSON.parse(process.argv[2] ?? '{}') as PageProcessConfig;
const pool = new PagePool(config.poolSize, config.limits);
const running = new Map<number, AbortController>();

// Ctrl-C reaches the whole process group: the parent decides what it means (it aborts the pages or exits, and this process follows).
process.on('SIGINT', () => undefined);
// The parent exited, died or closed the engine: stop at once, page workers with it.
process.on('disconnect', () => process.exit(0));

process.on('message', (message: ToPageProcess) => {
  if (message.type === 'cancel') { running.get(message.id)?.abort(); return; }
  const controller = new AbortController();
  running.set(message.id, controller);
  void pool.run(message.job, controller.signal).then((reply) => {
    running.delete(message.id);
    // The pool numbers its own jobs: the reply carries the parent's number back.
    process.send?.({ ...reply, id: message.id } satisfies FromPageProcess);
  });
});
