import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../support/tree.js';

/**
 * The whole CLI (scan, scan --json, check, build) on the chaos case with what
 * git cannot hold: a FIFO, a socket, link loops, odd names and a tree deeper
 * than PATH_MAX. Moved from test/e2e/chaos-build.test.ts to test:slow: four
 * CLI runs over a tree fingerprinted with find(1) take about a minute on 2
 * cores. Each special file's finding is also checked in npm test on the
 * library (test/walk/tree-hostile.test.ts).
 */
const ROOT = path.resolve(import.meta.dirname, '../..');

let temp: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => { temp = await makeTempDir('casepack-chaos-specials-'); });
afterAll(async () => temp?.cleanup());

/** As in chaos-case.test.ts: find(1) can fingerprint a tree deeper than PATH_MAX, Node cannot. */
function treeFingerprint(dir: string): string {
  const run = spawnSync('sh', ['-c', 'cd "$1" && find . -printf "%y %m %s %T@ %l %p\\n" | LC_ALL=C sort && find . -type f -execdir sha256sum {} + | LC_ALL=C sort', 'sh', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`fingerprint failed: ${run.stderr}`);
  return createHash('sha256').update(run.stdout).digest('hex');
}

describe('the CLI on the chaos case with special files', () => {
  it('scan, check and build all complete with findings, never a crash, and leave the case unchanged', () => {
    const full = path.join(temp.dir, 'chaos-full');
    const made = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/make-chaos-case.mjs'), full, '--specials'], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    const before = treeFingerprint(full);
    const env = { ...process.env, NO_COLOR: '1' };
    const out = path.join(temp.dir, 'cli-out');
    spawnSync('mkdir', [out]);
    try {
      for (const args of [['scan', full], ['scan', full, '--json'], ['check', full], ['build', full, '-o', path.join(out, 'packet.zip')]]) {
        const run = spawnSync(process.execPath, [path.join(ROOT, 'bin/casepack'), ...args], { encoding: 'utf8', env, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
        expect([0, 1], `${args[0]}: ${run.stderr}`).toContain(run.status);
        expect(run.stderr).not.toContain('the tool failed');
        expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
      }
      expect(existsSync(path.join(out, 'packet.zip'))).toBe(true);
      expect(treeFingerprint(full)).toBe(before);
    } finally {
      spawnSync('rm', ['-rf', full]);
    }
  }, 300_000);
});
