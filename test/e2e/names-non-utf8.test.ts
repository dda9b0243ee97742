import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanCase } from '../../src/pipeline/scan.js';
import { walkCase } from '../../src/walk/walk.js';
import { makeReportPdf } from '../../tools/synth/report-pdf.js';
import { runCliInProcess } from '../support/cli.js';
import { hasTool, run } from '../support/packet-tools.js';
import { makeTempDir } from '../support/tree.js';

/**
 * B15: a file whose name is not valid UTF-8 (a Latin-1 name copied from an old
 * CD, a Windows share) is a file like any other: listed under a display name
 * with the bad bytes escaped (`report-\xff\xfe.pdf`), read through its real
 * bytes, classified and packed with its bytes intact.
 */
let temp: { dir: string; cleanup: () => Promise<void> };
let root: string;
let pdfBytes: Uint8Array;
const bytesPath = (...parts: (string | number[])[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

/** find(1) sees every byte of every name; Node's string paths cannot. */
function fingerprint(dir: string): string {
  const r = spawnSync('sh', ['-c', 'cd "$1" && find . -printf "%y %m %s %T@ %p\\n" | LC_ALL=C sort && find . -type f -exec sha256sum {} + | LC_ALL=C sort', 'sh', dir]);
  return createHash('sha256').update(r.stdout).digest('hex');
}

beforeAll(async () => {
  temp = await makeTempDir('casepack-bytes-');
  root = path.join(temp.dir, 'case');
  mkdirSync(root);
  pdfBytes = await makeReportPdf({
    title: 'Surgical Pathology Report',
    fields: [['Patient', 'DOE, JANE'], ['Date of procedure', '02/06/2025']],
    sections: [{ heading: 'Microscopic description', blocks: ['Sections show invasive ductal carcinoma, grade 2.'] }, { heading: 'Diagnosis', blocks: ['Invasive ductal carcinoma of the left breast.'] }],
  });
  writeFileSync(bytesPath(root, '/report-', [0xff, 0xfe], '.pdf'), pdfBytes);
  // A folder whose name is Latin-1 ("Befund-é") holding a text note.
  mkdirSync(bytesPath(root, '/Befund-', [0xe9]));
  writeFileSync(bytesPath(root, '/Befund-', [0xe9], '/note.txt'), 'Clinic letter. Seen on 3 June 2025.\n');
  // And in it a Latin-1 name ("Brief-ü.txt"): both levels of bad bytes at once.
  writeFileSync(bytesPath(root, '/Befund-', [0xe9], '/Brief-', [0xfc], '.txt'), 'Referral letter to the breast clinic, 4 June 2025.\n');
});
afterAll(() => temp.cleanup());

describe('file names that are not valid UTF-8 (B15)', () => {
  it('the walk lists them under escaped display names, with no finding', async () => {
    const walked = await walkCase(root);
    expect(walked.findings).toEqual([]);
    expect(walked.files.map((f) => f.path)).toEqual(['Befund-\\xe9/Brief-\\xfc.txt', 'Befund-\\xe9/note.txt', 'report-\\xff\\xfe.pdf']);
  });

  it('scan reads and classifies them like any other file, and leaves the case untouched', async () => {
    const before = fingerprint(root);
    const scan = await scanCase(root, { ocr: { enabled: false } });
    expect(scan.findings.map((f) => f.code)).not.toContain('WALK_UNREADABLE');
    expect(scan.findings.map((f) => f.code)).not.toContain('PROBE_FAILED');
    const report = scan.files.find((f) => f.path === 'report-\\xff\\xfe.pdf');
    expect(report?.family).toBe('pdf');
    expect(report?.classification?.category).toBe('pathology-report');
    expect(scan.files.find((f) => f.path === 'Befund-\\xe9/note.txt')?.family).toBe('text');
    expect(fingerprint(root)).toBe(before);
  });

  it.runIf(hasTool('unzip'))('build packs the file with its bytes intact (round trip)', async () => {
    const out = path.join(temp.dir, 'packet.zip');
    const built = await runCliInProcess(['build', root, '-o', out, '--json']);
    expect([0, 1]).toContain(built.code);
    const summary = JSON.parse(built.stdout) as { entries: { path: string; derivation: string }[] };
    const paths = summary.entries.map((e) => e.path);
    // The note from the Latin-1 folder is copied: its bytes must come back identical.
    expect(paths, built.stdout).toContain('Other/note.txt');
    const pathology = paths.find((p) => p.startsWith('Pathology_'));
    expect(pathology, built.stdout).toBeDefined();
    const unpacked = path.join(temp.dir, 'unpacked');
    expect(run('unzip', ['-q', out, '-d', unpacked]).status).toBe(0);
    expect(await readFile(path.join(unpacked, 'Other/note.txt'))).toEqual(await readFile(bytesPath(root, '/Befund-', [0xe9], '/note.txt')));
    const letter = paths.find((p) => p.includes('Brief'));
    expect(letter, built.stdout).toMatch(/^[A-Za-z0-9._/-]+$/);
    expect(await readFile(path.join(unpacked, letter ?? ''))).toEqual(await readFile(bytesPath(root, '/Befund-', [0xe9], '/Brief-', [0xfc], '.txt')));
    // The report is merged (rewritten), so its text, not its bytes, must be there.
    if (hasTool('pdftotext')) expect(run('pdftotext', [path.join(unpacked, pathology ?? ''), '-']).stdout).toContain('invasive ductal carcinoma');
    expect((await runCliInProcess(['verify', out, '--quiet'])).code).toBe(0);
  });
});
