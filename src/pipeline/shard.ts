import { createHash } from 'node:crypto';
import path from 'node:path';
import { UsageError } from '../util/errors.js';

/**
 * One slice of a batch: shard `index` (1-based, as people count) of `count`.
 * N processes given the same case list and shards 1/N … N/N check every case
 * exactly once, on any machine, without talking to each other: the job
 * runner (a Kubernetes Indexed Job, a CI matrix, GNU parallel) does the
 * scheduling, casepack only the choosing.
 */
export interface Shard {
  index: number;
  count: number;
}

/** The most shards a batch may be cut into; beyond it a typo (`--shard 1/10000000`) is likelier than intent. */
export const MAX_SHARDS = 100_000;

/** `K/N` → { index: K, count: N }, 1 ≤ K ≤ N; anything else is a usage error that shows the form. */
export function parseShard(text: string, source = '--shard'): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || !Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || count > MAX_SHARDS || index < 1 || index > count) {
    throw new UsageError(`${source} wants K/N, this process's part K of N parts, with 1 ≤ K ≤ N ≤ ${MAX_SHARDS} (e.g. 2/4), got ${text}`);
  }
  return { index, count };
}

/**
 * The shard a Kubernetes Indexed Job gives its pods: `JOB_COMPLETION_INDEX`
 * (0-based) of `JOB_COMPLETION_COUNT` (which we ask the Job to set, see
 * docs/batch.md; Kubernetes sets only the index). Undefined when the index
 * is not set; an index without a count, or either not a whole number, is a
 * usage error: checking every case in every pod would multiply the work
 * silently.
 */
export function shardFromEnv(env: NodeJS.ProcessEnv = process.env): Shard | undefined {
  const rawIndex = env['JOB_COMPLETION_INDEX'];
  if (rawIndex === undefined || rawIndex === '') return undefined;
  const rawCount = env['JOB_COMPLETION_COUNT'];
  if (rawCount === undefined || rawCount === '') {
    throw new UsageError('JOB_COMPLETION_INDEX is set but JOB_COMPLETION_COUNT is not: set it to the Job\'s completions (see docs/batch.md), or pass --shard K/N');
  }
  if (!/^\d+$/.test(rawIndex.trim()) || !/^\d+$/.test(rawCount.trim())) {
    throw new UsageError(`JOB_COMPLETION_INDEX and JOB_COMPLETION_COUNT want whole numbers, got ${rawIndex} and ${rawCount}`);
  }
  return parseShard(`${Number(rawIndex) + 1}/${Number(rawCount)}`, 'JOB_COMPLETION_INDEX/JOB_COMPLETION_COUNT');
}

/** `--shard` wins over the environment; neither means the whole batch. */
export function resolveShard(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Shard | undefined {
  return flag !== undefined ? parseShard(flag) : shardFromEnv(env);
}

/**
 * The deepest folder holding every case: the batch root. Keys are made
 * relative to it, so `/mnt/a/cases/x` on one machine and `/data/cases/x` on
 * another get the same shard.
 */
export function batchRoot(cases: readonly string[]): string {
  const resolved = cases.map((c) => path.resolve(c));
  if (resolved.length === 0) return path.resolve('.');
  let root = path.dirname(resolved[0] as string);
  for (const c of resolved) {
    while (!isWithin(root, c)) {
      const up = path.dirname(root);
      if (up === root) return root;
      root = up;
    }
  }
  return root;
}

function isWithin(dir: string, target: string): boolean {
  const rel = path.relative(dir, target);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** The key a case is placed by: its path below the batch root, with forward slashes (Windows and POSIX agree). */
export function shardKey(casePath: string, root: string): string {
  return path.relative(root, path.resolve(casePath)).split(path.sep).join('/');
}

/**
 * The 0-based shard of a key: SHA-256 of the key, its first 6 bytes as a
 * number, modulo the count. A hash, not the position in the list, so adding
 * a case moves no other case and the answer is the same on every machine and
 * Node version. Shards are balanced only on average: with few cases some
 * may get none (an empty shard is a success with nothing to report).
 */
export function shardOf(key: string, count: number): number {
  const digest = createHash('sha256').update(key, 'utf8').digest();
  return digest.readUIntBE(0, 6) % count;
}

/** The cases of `shard`, in the order given; all of them without a shard. */
export function selectShard<T extends string>(cases: readonly T[], shard: Shard | undefined): T[] {
  if (!shard) return [...cases];
  const root = batchRoot(cases);
  return cases.filter((c) => shardOf(shardKey(c, root), shard.count) === shard.index - 1);
}
