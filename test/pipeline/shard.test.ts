import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchRoot, parseShard, resolveShard, selectShard, shardFromEnv, shardKey, shardOf } from '../../src/pipeline/shard.js';
import { UsageError } from '../../src/util/errors.js';

const names = Array.from({ length: 40 }, (_, i) => `cases/patient-${String(i).padStart(3, '0')}`);

describe('--shard K/N', () => {
  it('reads K/N with 1 ≤ K ≤ N and refuses anything else with the form to use', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
    for (const bad of ['0/4', '5/4', '1/0', '2', 'a/b', '1.5/4', '-1/4', '', '1/100001']) {
      expect(() => parseShard(bad), bad).toThrow(UsageError);
    }
    expect(() => parseShard('0/4')).toThrow(/--shard wants K\/N.*got 0\/4/);
  });

  it('takes a Kubernetes Indexed Job\'s 0-based index and its count, and --shard wins over them', () => {
    expect(shardFromEnv({})).toBeUndefined();
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '0', JOB_COMPLETION_COUNT: '3' })).toEqual({ index: 1, count: 3 });
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '2', JOB_COMPLETION_COUNT: '3' })).toEqual({ index: 3, count: 3 });
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: '3', JOB_COMPLETION_COUNT: '3' })).toThrow(UsageError);
    // An index without a count would have every pod check every case.
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: '1' })).toThrow(/JOB_COMPLETION_COUNT is not/);
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: 'x', JOB_COMPLETION_COUNT: '3' })).toThrow(UsageError);
    expect(resolveShard('1/2', { JOB_COMPLETION_INDEX: '2', JOB_COMPLETION_COUNT: '3' })).toEqual({ index: 1, count: 2 });
    expect(resolveShard(undefined, {})).toBeUndefined();
  });

  it('N shards hold every case exactly once, for every N from 1 to 9', () => {
    for (let count = 1; count <= 9; count++) {
      const parts = Array.from({ length: count }, (_, k) => selectShard(names, { index: k + 1, count }));
      const all = parts.flat();
      expect(all).toHaveLength(names.length);
      expect(new Set(all)).toEqual(new Set(names));
      // Each part keeps the order the cases were given in.
      for (const part of parts) expect(part).toEqual(names.filter((n) => part.includes(n)));
    }
  });

  it('a case lands in the same shard wherever the batch is mounted, and whatever else is in the batch', () => {
    const here = names.map((n) => path.join('/mnt/nfs/site-a', n));
    const there = names.map((n) => path.join('/data', n));
    expect(batchRoot(here)).toBe(path.resolve('/mnt/nfs/site-a/cases'));
    expect(shardKey(here[3] as string, batchRoot(here))).toBe('patient-003');
    for (let k = 1; k <= 3; k++) {
      const a = selectShard(here, { index: k, count: 3 }).map((p) => path.basename(p));
      const b = selectShard(there, { index: k, count: 3 }).map((p) => path.basename(p));
      expect(a).toEqual(b);
    }
    // Adding a case moves no other case (a hash, not a position in the list).
    const before = selectShard(here, { index: 2, count: 3 });
    const after = selectShard([...here, '/mnt/nfs/site-a/cases/new-patient'], { index: 2, count: 3 }).filter((p) => !p.endsWith('new-patient'));
    expect(after).toEqual(before);
  });

  it('is pinned: the same key gives the same shard on every machine and release', () => {
    // If this changes, shards of a batch run by two casepack versions overlap: a breaking change (docs/api.md).
    expect(['patient-000', 'patient-001', 'patient-002', 'a', 'b/c'].map((k) => shardOf(k, 7))).toEqual([4, 4, 6, 6, 5]);
    // Spread: 40 cases over 4 shards, none empty.
    const sizes = [1, 2, 3, 4].map((k) => selectShard(names, { index: k, count: 4 }).length);
    expect(Math.min(...sizes)).toBeGreaterThan(0);
  });
});
