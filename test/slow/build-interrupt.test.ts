import { spawn } from 'node:child_process';
import { mkdir, open, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFixtureCase } from '../support/packet-fixtures.js';
import { hashTree, makeTempDir } from '../support/tree.js';

const BIN = path.resolve(import.meta.dirname, '../..', 'bin', 'casepack');

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

/**
 * In test:slow because of its 1.5 GiB file: hashing the case around each run
 * reads it four times. The same exit codes and leftovers on SIGINT/SIGTERM
 * are checked on a small case in npm test (test/e2e/failure-build.test.ts).
 */
describe('an interrupted build', () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  let root: string;
  beforeAll(async () => {
    tmp = await makeTempDir();
    root = (await writeFixtureCase(path.join(tmp.dir, 'case'))).root;
    // A large sparse file keeps the ZIP stage busy long enough to interrupt it.
    const big = await open(path.join(root, 'big.bin'), 'w');
    await big.truncate(1.5 * 1024 ** 3);
    await big.close();
  });
  afterAll(() => tmp.cleanup());

  it.each(['SIGINT', 'SIGTERM'] as const)('leaves neither a packet nor a temp file on %s', async (signal) => {
    const before = await hashTree(root);
    const outDir = path.join(tmp.dir, `out-${signal}`);
    await mkdir(outDir);
    const child = spawn(process.execPath, [BIN, 'build', root, '-o', path.join(outDir, 'packet.zip'), '--quiet'], { stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const started = await waitFor(async () => (await readdir(outDir)).some((n) => n.endsWith('.partial')), 60_000);
    expect(started).toBe(true);
    child.kill(signal);
    const code = await exited;
    expect(code).toBe(signal === 'SIGINT' ? 130 : 143);
    expect(await readdir(outDir)).toEqual([]);
    expect(await hashTree(root)).toBe(before);
  });
});
