import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeReportPdf } from '../../tools/synth/report-pdf.js';
import { hashTree, makeTempDir } from '../support/tree.js';
import { writeCaseFolder } from '../support/scan-builder.js';
import { runCliInProcess } from '../support/cli.js';

const cli = (...args: string[]): ReturnType<typeof runCliInProcess> => runCliInProcess(args);

const CASE_FILE = `patient:
  name: Jane Testperson
  birthDate: 1960-02-03
  id: MRN 00451
sender:
  name: Sam Sender
  organisation: Test Care
  email: sam@example.org
  phone: +1 555 0100
attendants:
  - name: Ann Companion
    relation: sister
`;

describe('casepack check --requests (CLI)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(async () => cleanup());

  it('writes a PDF and a text letter per department with patient and sender, a to-do list, and leaves the case untouched', async () => {
    const caseDir = path.join(dir, 'case');
    await writeCaseFolder(caseDir, { ctDate: '2025-10-05', caseFileYaml: CASE_FILE });
    // A pathology report whose text gives no date: only its PDF metadata (a file date) does.
    await writeFile(path.join(caseDir, 'Pathology report.pdf'), await makeReportPdf({
      title: 'Surgical Pathology Report',
      fields: [['Patient', 'TESTPERSON, JANE']],
      sections: [{ heading: 'Diagnosis', blocks: ['Adenocarcinoma, moderately differentiated.'] }],
      metadata: { creationDate: '2024-02-29T10:00:00Z' },
    }));
    const before = await hashTree(caseDir);
    const out = path.join(dir, 'letters');
    const { code, stdout } = await cli('check', caseDir, '--as-of', '2025-11-01', '--requests', out);
    expect(code).toBe(1);
    expect(stdout).toMatch(/Wrote \d request letters? \(PDF and text\) and Before_sending\.txt to /);
    const files = (await readdir(out)).sort();
    expect(files).toContain('01_Pathology.pdf');
    expect(files).toContain('01_Pathology.txt');
    expect(files).toContain('Before_sending.txt');
    const pathology = await readFile(path.join(out, '01_Pathology.txt'), 'utf8');
    expect(pathology).toContain('Jane Testperson');
    expect(pathology).toContain('3 February 1960');
    expect(pathology).toContain('Sam Sender');
    expect(pathology).toContain('Pathology report, date unknown');
    const all = (await Promise.all(files.filter((f) => f.endsWith('.txt')).map((f) => readFile(path.join(out, f), 'utf8')))).join('\n');
    expect(all).not.toMatch(/2024|29 February|\(please add|[{}]/);
    expect(await readFile(path.join(out, 'Before_sending.txt'), 'utf8')).toContain('Ann Companion (sister)');
    expect((await readFile(path.join(out, '01_Pathology.pdf'))).subarray(0, 5).toString()).toBe('%PDF-');
    expect(await hashTree(caseDir)).toBe(before);
  }, 60_000);

  it('follows a sent request up: what arrived is ticked off, the rest is overdue after 20 business days with follow-up wording; release forms beside the letters', async () => {
    const caseDir = path.join(dir, 'case');
    // 6 October 2025 is 20 business days before Monday 3 November 2025. The report has arrived since; the slides have not.
    const yaml = `${CASE_FILE.replace('Jane Testperson', 'Jane Doe').replace('MRN 00451', 'X123')}dateOrder: DMY\nrequests:\n  - department: Pathology\n    items: [pathology-report, the slides]\n    sent: 2025-10-06\n    via: email\n`;
    await writeCaseFolder(caseDir, { ctDate: '2025-10-05', pathologyDate: '2025-09-12', caseFileYaml: yaml });
    const out = path.join(dir, 'letters');
    const before = await hashTree(caseDir);
    const { stdout } = await cli('check', caseDir, '--as-of', '2025-11-03', '--requests', out);
    expect(stdout).toContain('Pathology, asked on 6 October 2025 by email — overdue: 20 business days since 6 October 2025');
    expect(stdout).toContain('✓ Pathology report: received');
    expect(stdout).toContain('✗ Pathology slides or whole-slide scans: outstanding');
    expect(stdout).toContain('Follow up: “On 6 October 2025 we asked Pathology (by email) for the pathology report and the pathology slides or whole-slide scans. Thank you for the pathology report. We have not yet received the pathology slides or whole-slide scans.');
    expect(stdout).toMatch(/and 2 release-of-information forms for the patient to sign/);
    const files = await readdir(out);
    for (const name of ['Release_of_information_Records_office', 'Release_of_information_Pathology_slides']) {
      expect(files).toContain(`${name}.pdf`);
      expect(files).toContain(`${name}.txt`);
    }
    const letter = await readFile(path.join(out, '01_Pathology.txt'), 'utf8');
    expect(letter).toContain('This is a reminder of our request of 6 October 2025');
    expect(letter).not.toContain('final pathology report');
    const records = await readFile(path.join(out, 'Release_of_information_Records_office.txt'), 'utf8');
    expect(records).toContain('Jane Doe');
    expect(records).toContain('Signature of the patient or legal representative:');
    expect(await readFile(path.join(out, 'Release_of_information_Pathology_slides.txt'), 'utf8'))
      .toContain('original H&E-stained slides and unstained cut sections from procedure date 12 September 2025 for external expert pathology review');
    expect(await hashTree(caseDir)).toBe(before);
  }, 60_000);

  it('refuses a folder inside the case (exit 2), and several cases without {case}', async () => {
    const caseDir = path.join(dir, 'case');
    await writeCaseFolder(caseDir, { ctDate: '2025-10-05' });
    const before = await hashTree(caseDir);
    const inside = await cli('check', caseDir, '--requests', path.join(caseDir, 'letters'));
    expect(inside.code).toBe(2);
    expect(inside.stderr).toContain('case folders are read-only');
    expect(await hashTree(caseDir)).toBe(before);
    const many = await cli('check', caseDir, caseDir + '-other', '--requests', path.join(dir, 'letters'));
    expect(many.code).toBe(2);
    expect(many.stderr).toContain('{case}');
  }, 60_000);
});
