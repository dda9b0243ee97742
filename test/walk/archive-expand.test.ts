import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model/finding.js';
import { scanCase } from '../../src/pipeline/scan.js';
import { expandedFilePath, releaseExpandedArchives } from '../../src/walk/archive/index.js';
import { makeZip } from '../support/fuzz-zip.js';
import { hashTree, makeTempDir } from '../support/tree.js';

let temp: { dir: string; cleanup: () => Promise<void> };
let caseDir: string;
beforeEach(async () => {
  temp = await makeTempDir('casepack-archive-');
  caseDir = path.join(temp.dir, 'case');
  await mkdir(caseDir);
});
afterEach(async () => {
  await releaseExpandedArchives(caseDir);
  await temp.cleanup();
});

const refusals = (findings: Finding[]): Record<string, string[]> => Object.fromEntries(
  findings.filter((f) => f.code === 'ARCHIVE_ENTRY_REFUSED').map((f) => [String(f.details?.['reason']), f.paths]));

describe('ZIP archives in the case', () => {
  it('scans the contents as part of the case, named archive!/inner, without touching the case', async () => {
    await mkdir(path.join(caseDir, 'downloads'));
    await writeFile(path.join(caseDir, 'downloads', 'portal.zip'), makeZip([
      { name: 'REPORTS/' },
      { name: 'REPORTS/pathology.txt', data: 'Pathology report: invasive carcinoma', deflate: true },
      { name: 'notes.txt', data: 'stored, not deflated' },
      { name: '__MACOSX/REPORTS/._pathology.txt', data: 'resource fork' },
      { name: 'REPORTS/.DS_Store', data: 'junk' },
    ]));
    const before = await hashTree(caseDir);
    const scan = await scanCase(caseDir);
    const inner = scan.files.filter((f) => f.fromArchive);
    expect(inner.map((f) => [f.path, f.fromArchive, f.family])).toEqual([
      ['downloads/portal.zip!/REPORTS/pathology.txt', 'downloads/portal.zip', 'text'],
      ['downloads/portal.zip!/notes.txt', 'downloads/portal.zip', 'text'],
    ]);
    expect(scan.files.find((f) => f.path === 'downloads/portal.zip')?.family).toBe('archive');
    expect(scan.findings.map((f) => f.code)).not.toContain('ARCHIVE_NOT_EXPANDED');
    expect(scan.findings.filter((f) => f.code.startsWith('ARCHIVE_'))).toEqual([]);
    // The archive's date, not the unpack time, so the entry is the same on every run.
    expect(new Date(inner[0]!.mtimeMs).getFullYear()).toBe(2024);

    const unpacked = expandedFilePath(caseDir, 'downloads/portal.zip!/REPORTS/pathology.txt');
    expect(unpacked).toBeDefined();
    expect(unpacked!.startsWith(caseDir)).toBe(false);
    expect(await readFile(unpacked!, 'utf8')).toBe('Pathology report: invasive carcinoma');
    expect((await stat(unpacked!)).mode & 0o777).toBe(0o600);
    // <private root>/<archive index>/REPORTS/pathology.txt
    const unpackRoot = path.dirname(path.dirname(path.dirname(unpacked!)));
    expect(path.basename(unpackRoot)).toMatch(/^casepack-archives-/);
    expect((await stat(unpackRoot)).mode & 0o777).toBe(0o700);
    expect(await hashTree(caseDir)).toBe(before);

    await releaseExpandedArchives(caseDir);
    expect(existsSync(unpacked!)).toBe(false);
    expect(existsSync(unpackRoot)).toBe(false);
  });

  it('refuses hostile entries one by one and unpacks the honest ones', async () => {
    await writeFile(path.join(caseDir, 'evil.zip'), makeZip([
      { name: '../escaped.txt', data: 'zip slip' },
      { name: 'a/../../escaped2.txt', data: 'zip slip' },
      { name: '/etc/evil.txt', data: 'absolute' },
      { name: 'C:\\Windows\\evil.txt', data: 'drive' },
      { name: 'link', data: '/etc/passwd', unixMode: 0o120777 },
      { name: 'fifo', data: '', unixMode: 0o010644 },
      { name: 'secret.txt', data: 'x', encrypted: true },
      { name: 'ok.txt', data: 'first' },
      { name: 'ok.txt', data: 'second' },
      { name: 'ok.txt/child.txt', data: 'under a file' },
    ]));
    const before = await hashTree(temp.dir);
    const scan = await scanCase(caseDir);
    expect(scan.files.filter((f) => f.fromArchive).map((f) => f.path)).toEqual(['evil.zip!/ok.txt']);
    expect(await readFile(expandedFilePath(caseDir, 'evil.zip!/ok.txt')!, 'utf8')).toBe('first');
    expect(refusals(scan.findings)).toEqual({
      'parent-path': ['evil.zip!/../escaped.txt', 'evil.zip!/a/../../escaped2.txt'],
      'absolute-path': ['evil.zip!//etc/evil.txt', 'evil.zip!/C:/Windows/evil.txt'],
      link: ['evil.zip!/link'],
      'special-file': ['evil.zip!/fifo'],
      encrypted: ['evil.zip!/secret.txt'],
      'duplicate-name': ['evil.zip!/ok.txt'],
      'name-conflict': ['evil.zip!/ok.txt/child.txt'],
    });
    for (const f of scan.findings.filter((x) => x.code === 'ARCHIVE_ENTRY_REFUSED')) expect(f.hint.length).toBeGreaterThan(0);
    // Nothing escaped anywhere near the case: the whole test folder is as it was.
    expect(await hashTree(temp.dir)).toBe(before);
  });

  it('refuses a zip bomb by its compression ratio before writing it', async () => {
    await writeFile(path.join(caseDir, 'bomb.zip'), makeZip([
      { name: 'zeros.bin', data: Buffer.alloc(8 * 1024 * 1024), deflate: true },
      { name: 'small.txt', data: 'fine' },
    ]));
    const scan = await scanCase(caseDir, { archives: { ratioFloorBytes: 1024 * 1024, maxRatio: 100 } });
    expect(refusals(scan.findings)).toEqual({ 'compression-ratio': ['bomb.zip!/zeros.bin'] });
    expect(scan.files.filter((f) => f.fromArchive).map((f) => f.path)).toEqual(['bomb.zip!/small.txt']);
  });

  it('stops at the entry limit with one finding that says how many were left', async () => {
    await writeFile(path.join(caseDir, 'many.zip'), makeZip(Array.from({ length: 12 }, (_, i) => ({ name: `f${i}.txt`, data: `n${i}` }))));
    const scan = await scanCase(caseDir, { archives: { maxEntries: 5 } });
    expect(scan.files.filter((f) => f.fromArchive)).toHaveLength(5);
    const refused = scan.findings.filter((f) => f.code === 'ARCHIVE_ENTRY_REFUSED');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ paths: ['many.zip'], details: { reason: 'too-many-entries', count: 7 } });
  });

  it('refuses entries over the size limits, per entry and for the whole case', async () => {
    await writeFile(path.join(caseDir, 'a.zip'), makeZip([{ name: 'big.bin', data: Buffer.alloc(4000, 7) }, { name: 'one.bin', data: Buffer.alloc(600, 1) }]));
    await writeFile(path.join(caseDir, 'b.zip'), makeZip([{ name: 'two.bin', data: Buffer.alloc(600, 2) }]));
    const scan = await scanCase(caseDir, { archives: { maxEntryBytes: 1000, maxTotalBytes: 1000 } });
    expect(refusals(scan.findings)).toEqual({ 'too-large': ['a.zip!/big.bin'], 'total-size': ['b.zip!/two.bin'] });
    expect(scan.files.filter((f) => f.fromArchive).map((f) => f.path)).toEqual(['a.zip!/one.bin']);
  });

  it('reports damaged entries (lying size, wrong checksum) and a damaged archive', async () => {
    await writeFile(path.join(caseDir, 'damaged.zip'), makeZip([
      { name: 'liar.txt', data: 'much longer than declared', declaredSize: 4, deflate: true },
      { name: 'badcrc.txt', data: 'checksum does not match', crc: 12345, deflate: true },
      { name: 'good.txt', data: 'good' },
    ]));
    const whole = makeZip([{ name: 'x.txt', data: 'x'.repeat(100) }]);
    await writeFile(path.join(caseDir, 'truncated.zip'), whole.subarray(0, whole.length - 30));
    const scan = await scanCase(caseDir);
    const unreadable = scan.findings.filter((f) => f.code === 'ARCHIVE_UNREADABLE').map((f) => f.paths[0]).sort();
    expect(unreadable).toEqual(['damaged.zip!/badcrc.txt', 'damaged.zip!/liar.txt', 'truncated.zip']);
    expect(scan.files.filter((f) => f.fromArchive).map((f) => f.path)).toEqual(['damaged.zip!/good.txt']);
  });

  it('a scan after the archive is gone (or after every file is) lets go of its unpacked copy', async () => {
    // The archives' code loads only when an archive is found; a later scan of the same case must still release.
    await writeFile(path.join(caseDir, 'portal.zip'), makeZip([{ name: 'letter.txt', data: 'Clinic letter' }]));
    await writeFile(path.join(caseDir, 'note.txt'), 'kept');
    await scanCase(caseDir, { ocr: { enabled: false } });
    const unpacked = expandedFilePath(caseDir, 'portal.zip!/letter.txt');
    expect(unpacked && existsSync(unpacked)).toBe(true);
    await rm(path.join(caseDir, 'portal.zip'));
    await scanCase(caseDir, { ocr: { enabled: false } });
    expect(expandedFilePath(caseDir, 'portal.zip!/letter.txt')).toBeUndefined();
    expect(existsSync(unpacked as string)).toBe(false);

    await writeFile(path.join(caseDir, 'portal.zip'), makeZip([{ name: 'letter.txt', data: 'Clinic letter' }]));
    await scanCase(caseDir, { ocr: { enabled: false } });
    const again = expandedFilePath(caseDir, 'portal.zip!/letter.txt');
    await rm(path.join(caseDir, 'portal.zip'));
    await rm(path.join(caseDir, 'note.txt'));
    await scanCase(caseDir, { ocr: { enabled: false } });
    expect(expandedFilePath(caseDir, 'portal.zip!/letter.txt')).toBeUndefined();
    expect(existsSync(again as string)).toBe(false);
  });

  it('leaves archives packed when asked', async () => {
    await writeFile(path.join(caseDir, 'p.zip'), makeZip([{ name: 'x.txt', data: 'x' }]));
    const scan = await scanCase(caseDir, { archives: false });
    expect(scan.files.map((f) => f.path)).toEqual(['p.zip']);
    expect(scan.findings.map((f) => f.code)).toContain('ARCHIVE_NOT_EXPANDED');
  });
});

describe('gzip files in the case', () => {
  const gzipWithName = (data: Buffer | string, name: string): Buffer => {
    const plain = gzipSync(data);
    const header = Buffer.from(plain.subarray(0, 10));
    header[3] = (header[3] ?? 0) | 0x08;
    return Buffer.concat([header, Buffer.from(`${name}\0`, 'latin1'), plain.subarray(10)]);
  };

  it('unpacks under the stored name, but never its folders', async () => {
    await writeFile(path.join(caseDir, 'report.gz'), gzipWithName('Discharge summary', 'summary.txt'));
    await writeFile(path.join(caseDir, 'sneaky.gz'), gzipWithName('text', '../../../etc/cron.txt'));
    await writeFile(path.join(caseDir, 'plain.txt.gz'), gzipSync('no stored name'));
    const scan = await scanCase(caseDir);
    expect(scan.files.filter((f) => f.fromArchive).map((f) => f.path)).toEqual([
      'plain.txt.gz!/plain.txt', 'report.gz!/summary.txt', 'sneaky.gz!/cron.txt']);
    expect(await readFile(expandedFilePath(caseDir, 'report.gz!/summary.txt')!, 'utf8')).toBe('Discharge summary');
  });

  it('refuses a gzip bomb and reports a corrupt gzip', async () => {
    await writeFile(path.join(caseDir, 'bomb.bin.gz'), gzipSync(Buffer.alloc(6 * 1024 * 1024)));
    const good = gzipSync('some text that is long enough to be cut in the middle of its stream');
    await writeFile(path.join(caseDir, 'cut.txt.gz'), good.subarray(0, good.length - 12));
    await writeFile(path.join(caseDir, 'fine.txt.gz'), good);
    const scan = await scanCase(caseDir, { archives: { ratioFloorBytes: 1024 * 1024, maxRatio: 100 } });
    expect(refusals(scan.findings)).toEqual({ 'compression-ratio': ['bomb.bin.gz!/bomb.bin'] });
    expect(scan.findings.filter((f) => f.code === 'ARCHIVE_UNREADABLE').map((f) => f.paths)).toEqual([['cut.txt.gz']]);
    expect(scan.files.filter((f) => f.fromArchive).map((f) => f.path)).toEqual(['fine.txt.gz!/fine.txt']);
    // Partial output of refused or damaged entries is removed at once: only the good file is left.
    const unpackRoot = path.dirname(path.dirname(expandedFilePath(caseDir, 'fine.txt.gz!/fine.txt')!));
    const left = await readdir(unpackRoot, { recursive: true, withFileTypes: true });
    expect(left.filter((d) => d.isFile()).map((d) => d.name)).toEqual(['fine.txt']);
  });
});
