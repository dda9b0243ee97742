import { spawnSync } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseExpandedArchives } from '../../src/walk/archive/index.js';
import { buildPacket } from '../../src/pipeline/build.js';
import { hashTree, makeTempDir } from '../support/tree.js';

/**
 * Build on the chaos case (regular files only, as in fixtures/chaos-case):
 * it must complete and every good file, including the one inside the portal
 * ZIP, must reach the packet; the case stays byte-identical. The CLI on the
 * chaos case with special files is in test/slow/chaos-specials.test.ts.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');

const GOOD_SOURCES: (string | string[])[] = [
  'CD/DICOM/IM0001', 'CD/DICOM/IM0002', 'CD/DICOM/IM0003',
  // The pathology report and its identical copy are packed once, under either name.
  ['reports/pathology-report.pdf', 'reports/pathology-report (copy).pdf'], 'reports/discharge-summary.pdf', 'reports/ct-report.pdf',
  'photos/lab-results.jpg', 'notes.txt', 'portal-download.zip!/Letters/referral-letter.txt', 'scan.dcm.gz!/scan.dcm',
];

let temp: { dir: string; cleanup: () => Promise<void> };
let caseDir: string;

beforeAll(async () => {
  temp = await makeTempDir('casepack-chaos-build-');
  caseDir = path.join(temp.dir, 'chaos-case');
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/make-chaos-case.mjs'), caseDir], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
}, 60_000);
afterAll(async () => {
  await releaseExpandedArchives(caseDir);
  await temp?.cleanup();
});

describe('build on the chaos case', () => {
  it('writes a packet holding every good file and leaves the case unchanged', async () => {
    const before = await hashTree(caseDir);
    const out = path.join(temp.dir, 'out');
    spawnSync('mkdir', [out]);
    const result = await buildPacket(caseDir, { output: path.join(out, 'packet.zip') });
    expect(result.findings.filter((f) => f.code === 'BUILD_SOURCE_CHANGED')).toEqual([]);
    expect(result.written).toBe(true);
    const sources = new Set(result.manifest?.entries.flatMap((e) => e.sources) ?? []);
    for (const good of GOOD_SOURCES) {
      const names = Array.isArray(good) ? good : [good];
      expect(names.filter((n) => sources.has(n)).length, names.join(' or ')).toBe(1);
    }
    expect(await readdir(out)).toEqual(['packet.zip']);
    expect(await hashTree(caseDir)).toBe(before);
  }, 180_000);
});
