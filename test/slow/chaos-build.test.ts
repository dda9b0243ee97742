import { spawnSync } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseExpandedArchives } from '../../src/walk/archive/index.js';
import { buildPacket } from '../../src/pipeline/build.js';
import { hashTree, makeTempDir } from '../support/tree.js';
import { runCliInProcess } from '../support/cli.js';

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

/** One of every bad thing: each is listed under Problems and kept out of the ZIP (issue 12), never packed in Other/ as if fine. */
const PROBLEM_FILES = ['CD/DICOM/IM0009', 'bomb.zip', 'empty.pdf', 'incomplete-download.zip', 'photos/broken.jpg', 'portal-download.zip', 'reports/damaged.pdf'];

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
    expect(await readdir(out)).toEqual(['packet.zip', 'packet.zip.sha256']);
    expect(await hashTree(caseDir)).toBe(before);
  }, 180_000);

  it('keeps problem files out of the packet and lists each with its problem, or packs them under Problems/ when asked', async () => {
    const out = path.join(temp.dir, 'out-problems');
    spawnSync('mkdir', [out]);
    const result = await buildPacket(caseDir, { output: path.join(out, 'packet.zip') });
    const sources = new Set(result.manifest?.entries.flatMap((e) => e.sources) ?? []);
    const problems = result.manifest?.leftOut.filter((l) => l.reason === 'problem-file') ?? [];
    expect(problems.map((l) => l.source).sort()).toEqual(PROBLEM_FILES);
    for (const p of PROBLEM_FILES) expect(sources.has(p), p).toBe(false);
    expect(problems.find((l) => l.source === 'empty.pdf')?.detail).toBe('The file is empty (0 bytes).');
    expect(result.manifest?.entries.some((e) => e.path.startsWith('Problems/'))).toBe(false);

    const included = await buildPacket(caseDir, { output: path.join(out, 'with-problems.zip'), includeProblemFiles: true });
    const packed = new Map((included.manifest?.entries ?? []).flatMap((e) => e.sources.map((s) => [s, e.path] as const)));
    for (const p of PROBLEM_FILES) expect(packed.get(p), p).toMatch(/^Problems\//);
    expect(included.manifest?.leftOut.filter((l) => l.reason === 'problem-file')).toEqual([]);
  }, 180_000);

  it('casepack build prints the error and warning findings at the end, and --json carries them', async () => {
    const out = path.join(temp.dir, 'out-cli');
    spawnSync('mkdir', [out]);
    const text = await cli(['build', caseDir, '-o', path.join(out, 'p.zip')]);
    expect(text.code).toBe(1);
    const tail = text.stdout.slice(text.stdout.indexOf('File problems'));
    expect(text.stdout.indexOf('File problems')).toBeGreaterThan(text.stdout.indexOf('Packet written'));
    for (const code of ['FILE_EMPTY', 'DICOM_TRUNCATED', 'PDF_DAMAGED', 'IMAGE_UNREADABLE', 'ARCHIVE_UNREADABLE', 'ARCHIVE_ENTRY_REFUSED']) expect(tail, code).toContain(code);
    expect(tail).not.toContain('FILE_UNKNOWN_TYPE'); // info stays out of the summary, as in check

    const json = await cli(['build', caseDir, '-o', path.join(out, 'q.zip'), '--json']);
    const codes = (JSON.parse(json.stdout) as { findings: { code: string }[] }).findings.map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining(['FILE_EMPTY', 'DICOM_TRUNCATED', 'PDF_DAMAGED', 'ARCHIVE_ENTRY_REFUSED', 'FILE_UNKNOWN_TYPE']));
  }, 180_000);
});

/** Run the CLI in-process and capture what it prints. */
const cli = runCliInProcess;
