import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookAtCaseFolders, SMALL_CASE_MAX_ENTRIES, SMALL_CASE_MIN_FILES, tieringFlagsFor } from '../../src/cli/tiering.js';
import { hashTree, makeTempDir } from '../support/tree.js';

/**
 * Issue 15: a scan, check or build of a small case makes V8 optimise less eagerly (a bigger interrupt budget); a
 * large case, and one of a few files, keep V8's defaults. The choice is made from the early look at the case folder, which lists at most
 * SMALL_CASE_MAX_ENTRIES entries and says whether that was the whole case.
 */
let temp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  temp = await makeTempDir('casepack-tiering-');
  await mkdir(path.join(temp.dir, 'small', 'reports'), { recursive: true });
  for (let i = 0; i < 100; i++) await writeFile(path.join(temp.dir, 'small', 'reports', `report-${i}.pdf`), '%PDF-1.4\n');
  await mkdir(path.join(temp.dir, 'one'));
  await writeFile(path.join(temp.dir, 'one', 'report.pdf'), '%PDF-1.4\n');
  await mkdir(path.join(temp.dir, 'cd', 'DICOM'), { recursive: true });
  for (let i = 0; i < 450; i++) await writeFile(path.join(temp.dir, 'cd', 'DICOM', `IM${i}`), 'x');
});
afterAll(async () => { await temp.cleanup(); });

describe('the tiering choice per case', () => {
  it('asks for a bigger interrupt budget for a case listed whole within the bound, with enough files to pay', () => {
    expect(tieringFlagsFor({ entries: SMALL_CASE_MIN_FILES, files: SMALL_CASE_MIN_FILES, complete: true })).toMatch(/^--interrupt-budget=\d+$/);
    expect(tieringFlagsFor({ entries: SMALL_CASE_MAX_ENTRIES, files: 300, complete: true })).toMatch(/^--interrupt-budget=\d+$/);
    const budget = Number(/=(\d+)/.exec(tieringFlagsFor({ entries: 101, files: 100, complete: true }) ?? '')?.[1]);
    // Bigger than V8's default in Node 20 (67,584), so only code that runs long is optimised.
    expect(budget).toBeGreaterThan(67_584);
  });

  it('keeps V8\'s defaults for a large case, a look cut short, a case of a few files, nothing listed, or no look', () => {
    expect(tieringFlagsFor({ entries: SMALL_CASE_MAX_ENTRIES + 1, files: 300, complete: false })).toBeUndefined();
    expect(tieringFlagsFor({ entries: SMALL_CASE_MAX_ENTRIES + 1, files: 300, complete: true })).toBeUndefined();
    expect(tieringFlagsFor({ entries: 12, files: 12, complete: false })).toBeUndefined();
    expect(tieringFlagsFor({ entries: 30, files: SMALL_CASE_MIN_FILES - 1, complete: true })).toBeUndefined();
    expect(tieringFlagsFor({ entries: 0, files: 0, complete: true })).toBeUndefined();
    expect(tieringFlagsFor(undefined)).toBeUndefined();
  });

  it('is chosen for a 100-report case and not for one report or a 450-image CD, from what the early look lists, which only reads', async () => {
    const before = await hashTree(temp.dir);
    const small = await lookAtCaseFolders([path.join(temp.dir, 'small'), '/no/such/packet.zip']);
    expect(small).toEqual({ entries: 101, files: 100, complete: true });
    expect(tieringFlagsFor(small)).toBeDefined();
    expect(tieringFlagsFor(await lookAtCaseFolders([path.join(temp.dir, 'one')]))).toBeUndefined();
    const cd = await lookAtCaseFolders([path.join(temp.dir, 'cd')]);
    expect(cd.complete).toBe(false);
    expect(tieringFlagsFor(cd)).toBeUndefined();
    // The small case and the CD together are more than the bound: one build of both is not small.
    expect(tieringFlagsFor(await lookAtCaseFolders([path.join(temp.dir, 'small'), path.join(temp.dir, 'cd')]))).toBeUndefined();
    expect(await hashTree(temp.dir)).toBe(before);
  });
});
