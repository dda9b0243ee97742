import { closeSync, openSync, statSync, utimesSync, writeSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPacket } from '../../src/pipeline/build.js';
import { makeCase } from '../support/failure-case.js';
import { makeTempDir } from '../support/tree.js';

/**
 * B12: a source rewritten in place with the same size and its old mtime put
 * back (utimes) looked unchanged to a size+mtime check. The inode's ctime
 * moves on any such write and cannot be set back, so it is checked too.
 */
let temp: { dir: string; cleanup: () => Promise<void> };
let caseDir = '';
beforeAll(async () => {
  temp = await makeTempDir('casepack-rewrite-');
  caseDir = path.join(temp.dir, 'case');
  await makeCase(caseDir, 4096, 2);
}, 60_000);
afterAll(async () => temp.cleanup());

/** Overwrite 16 bytes in the middle, keep the size, restore atime/mtime (synchronous: the progress callback is not awaited). */
function rewriteInPlace(file: string): void {
  const before = statSync(file);
  const fd = openSync(file, 'r+');
  try { writeSync(fd, Buffer.alloc(16, 0x5a), 0, 16, Math.floor(before.size / 2)); } finally { closeSync(fd); }
  utimesSync(file, before.atimeMs / 1000, before.mtimeMs / 1000);
}

describe('source rewritten during packing (B12)', () => {
  it('same size and restored mtime: BUILD_SOURCE_CHANGED, no packet', async () => {
    const victim = path.join(caseDir, 'CT', 'IM0002');
    const mtimeBefore = (await stat(victim)).mtimeMs;
    const out = path.join(temp.dir, 'packet.zip');
    let rewritten = false;
    const result = await buildPacket(caseDir, {
      output: out,
      ocr: { enabled: false },
      onProgress: (p) => {
        if (p.phase !== 'index' || rewritten) return;
        rewritten = true;
        rewriteInPlace(victim);
      },
    });
    expect(rewritten).toBe(true);
    expect(Math.abs((await stat(victim)).mtimeMs - mtimeBefore)).toBeLessThanOrEqual(1);
    expect(result.written).toBe(false);
    expect(result.findings.filter((f) => f.code === 'BUILD_SOURCE_CHANGED').map((f) => f.paths)).toEqual([['CT/IM0002']]);
    expect((await readdir(temp.dir)).sort()).toEqual(['case']);
  }, 60_000);
});
