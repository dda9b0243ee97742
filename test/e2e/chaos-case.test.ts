import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCaseFolder } from '../../src/pipeline/check.js';
import { isFindingCode } from '../../src/findings/codes.js';
import type { Finding } from '../../src/model/finding.js';
import type { ScanResult } from '../../src/model/scan.js';
import { scanCase } from '../../src/pipeline/scan.js';
import { releaseExpandedArchives } from '../../src/walk/archive/index.js';
import { makeTempDir } from '../support/tree.js';

/**
 * The chaos case (scripts/make-chaos-case.mjs): one of every bad thing next
 * to good files. Scan and check must complete, list each problem once with
 * its code and a hint, keep every good file, and leave the case untouched.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');

/** What each bad thing must be reported as (code → a path it names). */
const EXPECTED: [string, string][] = [
  ['FILE_EMPTY', 'empty.pdf'],
  ['DICOM_TRUNCATED', 'CD/DICOM/IM0009'],
  ['PDF_DAMAGED', 'reports/damaged.pdf'],
  ['DUPLICATE_FILE', 'reports/pathology-report (copy).pdf'],
  ['PATIENT_MISMATCH', 'stranger/IM0001'],
  ['DICOM_GZIPPED', 'scan.dcm.gz'],
  ['FILE_UNKNOWN_TYPE', 'mystery.bin'],
  ['IMAGE_UNREADABLE', 'photos/broken.jpg'],
  ['ARCHIVE_ENTRY_REFUSED', 'portal-download.zip!/../outside.txt'],
  ['ARCHIVE_ENTRY_REFUSED', 'portal-download.zip!/shortcut'],
  ['ARCHIVE_ENTRY_REFUSED', 'bomb.zip!/zeros.bin'],
  ['ARCHIVE_UNREADABLE', 'incomplete-download.zip'],
  ['WALK_SPECIAL_FILE', 'pipe'],
  ['WALK_LINK_LOOP', 'loop-a'],
  ['WALK_LINK_OUTSIDE_ROOT', 'outside-link'],
  ['WALK_BROKEN_LINK', 'broken-link.pdf'],
];

/** Good files: every one must be listed, probed into its real family and not reported as broken. */
const GOOD: [string, string][] = [
  ['CD/DICOM/IM0001', 'dicom'], ['CD/DICOM/IM0002', 'dicom'], ['CD/DICOM/IM0003', 'dicom'],
  ['reports/pathology-report.pdf', 'pdf'], ['reports/discharge-summary.pdf', 'pdf'], ['reports/ct-report.pdf', 'pdf'],
  ['photos/lab-results.jpg', 'image'], ['notes.txt', 'text'],
  ['portal-download.zip!/Letters/referral-letter.txt', 'text'], ['scan.dcm.gz!/scan.dcm', 'dicom'],
];
const BROKEN_CODES = /UNREADABLE|TRUNCATED|DAMAGED|EMPTY|FAILED|REFUSED/;

let temp: { dir: string; cleanup: () => Promise<void> };
let caseDir: string;
let before: string;
let scan: ScanResult;

function generate(dir: string, specials: boolean): void {
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/make-chaos-case.mjs'), dir, ...(specials ? ['--specials'] : [])], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`make-chaos-case failed: ${run.stderr}`);
}

/**
 * hashTree's role for this case: it has a path longer than PATH_MAX, which Node
 * cannot name, so find(1) (which walks relative to each folder) lists every
 * entry with type, mode, size, mtime and link target, and hashes every file.
 */
function treeFingerprint(dir: string): string {
  const run = spawnSync('sh', ['-c', 'cd "$1" && find . -printf "%y %m %s %T@ %l %p\\n" | LC_ALL=C sort && find . -type f -execdir sha256sum {} + | LC_ALL=C sort', 'sh', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`fingerprint failed: ${run.stderr}`);
  return createHash('sha256').update(run.stdout).digest('hex');
}

/** Content fingerprint of the regular files (mtimes differ between runs; bytes must not). */
async function contentDigest(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
  const hash = createHash('sha256');
  for (const rel of files) hash.update(`${rel}\0`).update(await readFile(path.join(dir, rel)));
  return hash.digest('hex');
}

describe('the chaos case', () => {
  beforeAll(async () => {
    temp = await makeTempDir('casepack-chaos-');
    caseDir = path.join(temp.dir, 'chaos-case');
    generate(caseDir, true);
    before = treeFingerprint(caseDir);
    scan = await scanCase(caseDir);
  }, 120_000);
  afterAll(async () => {
    await releaseExpandedArchives(caseDir);
    // The long-path folder needs coreutils rm (Node's rm cannot name its deepest levels).
    if (caseDir) spawnSync('rm', ['-rf', caseDir]);
    await temp?.cleanup();
  });

  it('fixtures/chaos-case is what the script makes (regular files)', async () => {
    const fresh = path.join(temp.dir, 'fresh');
    generate(fresh, false);
    expect(await contentDigest(path.join(ROOT, 'fixtures/chaos-case'))).toBe(await contentDigest(fresh));
  });

  it('scan reports every bad thing with its code and a hint', () => {
    for (const [code, where] of EXPECTED) {
      const hit = scan.findings.find((f) => f.code === code && f.paths.includes(where));
      expect(hit, `${code} for ${where}`).toBeDefined();
      expect(hit!.hint.trim().length, `${code} hint`).toBeGreaterThan(0);
    }
    expect(scan.findings.some((f) => f.code === 'WALK_UNREADABLE' && f.paths[0]?.startsWith('long/'))).toBe(true);
    for (const f of scan.findings) expect(isFindingCode(f.code), f.code).toBe(true);
  });

  it('lists each problem once', () => {
    const keys = scan.findings.map((f: Finding) => `${f.code} ${f.paths.join('|')}`);
    expect(keys.length).toBe(new Set(keys).size);
  });

  it('keeps every good file, in its real family, with no breakage reported against it', () => {
    const byPath = new Map(scan.files.map((f) => [f.path, f]));
    for (const [rel, family] of GOOD) {
      expect(byPath.get(rel)?.family, rel).toBe(family);
      const broken = scan.findings.filter((f) => f.paths.includes(rel) && BROKEN_CODES.test(f.code));
      expect(broken, rel).toEqual([]);
    }
    // Odd names survive exactly as on disk.
    for (const name of ['odd names/line\nbreak.txt', 'odd names/invoice\u202Efdp.txt', 'odd names/caf\u00e9.txt', 'odd names/cafe\u0301.txt']) {
      expect(byPath.has(name), JSON.stringify(name)).toBe(true);
    }
    expect(scan.summary.skippedJunk).toBe(2);
  });

  it('check completes on it and the case is unchanged', async () => {
    const checked = await checkCaseFolder(caseDir);
    expect(checked.check.items.length).toBeGreaterThan(0);
    expect(checked.scan.files.length).toBe(scan.files.length);
    expect(treeFingerprint(caseDir)).toBe(before);
  }, 120_000);
});
