import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/util/worker-pool.js';
import { makeTempDir } from '../support/tree.js';

/**
 * A decoder script that cannot load (seen when a worker's path pointed into the CLI bundle's folder) must fail
 * its jobs at once as a crashed decoder, not leave each waiting out the time limit for an answer.
 */
describe('a worker pool whose worker cannot start', () => {
  it('answers each job as crashed, not timed out', async () => {
    const { dir, cleanup } = await makeTempDir();
    const pool = new WorkerPool<{ id: number }, { id: number }>(pathToFileURL(path.join(dir, 'broken-worker.js')), { size: 1, maxHeapMb: 64, timeoutMs: 20_000 });
    try {
      await writeFile(path.join(dir, 'broken-worker.js'), "throw new Error('cannot load');\n");
      const first = await pool.run({});
      expect(first).toEqual({ ok: false, failure: 'crashed', message: 'the decoder could not start' });
      const second = await pool.run({});
      expect(second.ok ? 'answered' : second.failure).toBe('crashed');
      expect(pool.workerCount).toBe(0);
    } finally {
      await pool.close();
      await cleanup();
    }
  });
});
