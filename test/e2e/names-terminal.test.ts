import { spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeReportPdf } from '../../tools/synth/report-pdf.js';
import { runCliInProcess } from '../support/cli.js';
import { hasTool } from '../support/packet-tools.js';
import { hashTree, makeTempDir } from '../support/tree.js';

/**
 * B14: names and text from a case reach every human output escaped. A file
 * name that clears the screen and retitles the window, one with a right-to-left
 * override, a PDF whose title carries ESC and a casepack.yaml question with
 * control characters: no raw ESC, other control or bidi character may reach
 * stdout/stderr or a report file, and the names stay recognisable.
 */
const CLEAR_AND_TITLE = '\u001b[2J\u001b]0;owned\u0007scan-report.pdf';
const RTL_NAME = 'notes\u202Egnp.txt';
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/u;

let temp: { dir: string; cleanup: () => Promise<void> };
let root: string;
let before: string;

beforeAll(async () => {
  temp = await makeTempDir('casepack-names-');
  root = path.join(temp.dir, 'case');
  await mkdir(path.join(root, 'sub\u001b[31mdir'), { recursive: true });
  await writeFile(path.join(root, CLEAR_AND_TITLE), await makeReportPdf({
    title: 'Surgical Pathology Report',
    fields: [['Patient', 'DOE, JANE'], ['Date of procedure', '02/06/2025']],
    sections: [{ heading: 'Diagnosis', blocks: ['Invasive ductal carcinoma.'] }],
    metadata: { title: 'Pathology \u001b[2J\u202Eevil title' },
  }));
  await writeFile(path.join(root, RTL_NAME), 'Clinic letter. Seen in clinic on 3 June 2025.\n');
  await writeFile(path.join(root, 'sub\u001b[31mdir', 'empty\u0085.pdf'), '');
  await writeFile(path.join(root, 'casepack.yaml'), 'questions:\n  - "Is \\e[2J this \\u202E right?"\n');
  before = await hashTree(root);
});
afterAll(async () => {
  expect(await hashTree(root)).toBe(before);
  await temp.cleanup();
});

function expectSafe(output: string): void {
  expect(output).not.toMatch(RAW_CONTROL);
}

describe('hostile names in human output (B14)', () => {
  it('scan and scan --explain escape control and bidi characters and keep the names recognisable', async () => {
    for (const args of [['scan', root], ['scan', root, '--explain']]) {
      const r = await runCliInProcess(args);
      expectSafe(r.stdout);
      expectSafe(r.stderr);
      expect(r.stdout).toContain('\\x1b[2J\\x1b]0;owned\\x07scan-report.pdf');
      expect(r.stdout).toContain('notes<U+202E>gnp.txt');
      expect(r.stdout).toContain('sub\\x1b[31mdir/empty\\x85.pdf');
    }
  });

  it('scan --json keeps the exact names (JSON escapes them) and prints no raw bidi character', async () => {
    const r = await runCliInProcess(['scan', root, '--json']);
    expectSafe(r.stdout);
    const paths = (JSON.parse(r.stdout) as { files: { path: string }[] }).files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining([CLEAR_AND_TITLE, RTL_NAME]));
  });

  it('check escapes them on the terminal and in the Markdown, HTML and JUnit reports', async () => {
    const md = path.join(temp.dir, 'report.md');
    const html = path.join(temp.dir, 'report.html');
    const junit = path.join(temp.dir, 'junit.xml');
    const r = await runCliInProcess(['check', root, '--report', md, '--junit', junit]);
    expectSafe(r.stdout);
    expectSafe(r.stderr);
    expect(r.stdout + r.stderr).toContain('\\x85');
    await runCliInProcess(['check', root, '--report', html, '--quiet']);
    for (const file of [md, html, junit]) {
      const text = await readFile(file, 'utf8');
      expectSafe(text);
    }
    expect(await readFile(md, 'utf8')).toContain('notes\\<U+202E\\>gnp.txt');
    expect(await readFile(html, 'utf8')).toContain('notes&lt;U+202E&gt;gnp.txt');
  });

  it('build and verify print no raw control characters', async () => {
    const out = path.join(temp.dir, 'packet.zip');
    const built = await runCliInProcess(['build', root, '-o', out]);
    expect([0, 1]).toContain(built.code);
    expectSafe(built.stdout);
    expectSafe(built.stderr);
    if (hasTool('pdftotext')) {
      const index = spawnSync('sh', ['-c', 'unzip -p "$1" 00_Index.pdf | pdftotext - -', 'sh', out], { encoding: 'utf8' }).stdout;
      expect(index).toContain('Pathology');
      expect(index.replace(/\f/g, '\n')).not.toMatch(RAW_CONTROL); // pdftotext ends pages with a form feed
    }
    const verified = await runCliInProcess(['verify', out]);
    expect(verified.code).toBe(0);
    expectSafe(verified.stdout);
    expectSafe(verified.stderr);
  });

  it('a usage error naming a hostile path is escaped too', async () => {
    const r = await runCliInProcess(['scan', path.join(temp.dir, 'missing\u001b[2J\u202E')]);
    expect(r.code).toBe(2);
    expectSafe(r.stderr);
    expect(r.stderr).toContain('missing\\x1b[2J<U+202E>');
  });
});
