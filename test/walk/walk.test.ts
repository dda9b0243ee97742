import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { walkCase } from '../../src/walk/walk.js';
import { hashTree, makeTempDir } from '../support/tree.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
afterEach(async () => cleanup());

describe('walkCase', () => {
  it('lists files sorted, relative and POSIX, names in any script intact, junk skipped and counted', async () => {
    const names = ['تقرير علم الأمراض.pdf', 'रिपोर्ट.pdf', 'a & b (1).pdf', 'Z.pdf'];
    for (const n of names) await writeFile(path.join(dir, n), 'x');
    await mkdir(path.join(dir, 'sub', '__MACOSX'), { recursive: true });
    await writeFile(path.join(dir, 'sub', 'IM0001'), 'y');
    await writeFile(path.join(dir, 'sub', '.DS_Store'), 'junk');
    await writeFile(path.join(dir, 'sub', '._IM0001'), 'junk');
    await writeFile(path.join(dir, 'Thumbs.db'), 'junk');
    await writeFile(path.join(dir, 'sub', '__MACOSX', 'x'), 'junk');
    const before = await hashTree(dir);
    const result = await walkCase(dir);
    expect(result.files.map((f) => f.path)).toEqual(['Z.pdf', 'a & b (1).pdf', 'sub/IM0001', 'रिपोर्ट.pdf', 'تقرير علم الأمراض.pdf'].sort((a, b) => (a < b ? -1 : 1)));
    expect(result.skippedJunk).toBe(4);
    expect(result.findings).toEqual([]);
    expect(await hashTree(dir)).toBe(before);
  });

  it('does not follow links out of the root or into loops, and reports them', async () => {
    const { dir: outside, cleanup: cleanOutside } = await makeTempDir();
    try {
      await writeFile(path.join(outside, 'secret.pdf'), 'x');
      await writeFile(path.join(dir, 'real.pdf'), 'x');
      await symlink(path.join(outside, 'secret.pdf'), path.join(dir, 'out.pdf'));
      await symlink(dir, path.join(dir, 'loop'));
      await symlink(path.join(dir, 'nothing-here'), path.join(dir, 'broken'));
      const result = await walkCase(dir);
      expect(result.files.map((f) => f.path)).toEqual(['real.pdf']);
      expect(result.findings.map((f) => f.code).sort()).toEqual(['WALK_BROKEN_LINK', 'WALK_LINK_OUTSIDE_ROOT']);
    } finally {
      await cleanOutside();
    }
  });
});
