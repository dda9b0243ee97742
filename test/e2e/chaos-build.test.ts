import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseExpandedArchives } from '../../src/walk/archive/index.js';
import { buildPacket } from '../../src/pipeline/build.js';
import { hashTree, makeTempDir } from '../support/tree.js';

/**
 * Build on the chaos case (regular files only, as in fixtures/chaos-case):
 * it must complete and every good file, including the one inside the portal
 * ZIP, must reach the packet; the case stays byte-identical.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const distReady = existsSync(path.join(ROOT, 'dist/index.js'));

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
  if (!distReady) return; // the generator runs from dist/; the suites below skip
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/make-chaos-case.mjs'), caseDir], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
}, 60_000);
afterAll(async () => {
  await releaseExpandedArchives(caseDir);
  await temp?.cleanup();
});

describe.skipIf(!distReady)('build on the chaos case', () => {
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

/** As in chaos-case.test.ts: find(1) can fingerprint a tree deeper than PATH_MAX, Node cannot. */
function treeFingerprint(dir: string): string {
  const run = spawnSync('sh', ['-c', 'cd "$1" && find . -printf "%y %m %s %T@ %l %p\\n" | LC_ALL=C sort && find . -type f -execdir sha256sum {} + | LC_ALL=C sort', 'sh', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`fingerprint failed: ${run.stderr}`);
  return createHash('sha256').update(run.stdout).digest('hex');
}

describe.skipIf(!existsSync(path.join(ROOT, 'dist/cli/main.js')))('the CLI on the chaos case with special files', () => {
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
