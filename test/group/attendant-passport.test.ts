import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanCase } from '../../src/pipeline/scan.js';
import { belongsToAnotherPerson } from '../../src/model/scan.js';
import { makeReportPdf } from '../../tools/synth/report-pdf.js';
import { makeTempDir } from '../support/tree.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => { ({ dir, cleanup } = await makeTempDir()); });
afterEach(async () => { await cleanup(); });

const page = (title: string, fields: [string, string][], text: string): Promise<Uint8Array> =>
  makeReportPdf({ title, fields, sections: [{ heading: 'Details', blocks: [text] }] });

/** The patient's report, the attendant's passport copy and another paper of the attendant's. */
async function writeCase(attendants: string): Promise<void> {
  await writeFile(path.join(dir, 'pathology.pdf'), await page('Surgical Pathology Report', [['Patient Name', 'Doe, John'], ['DOB', '01/01/1960']], 'Adenocarcinoma of the pancreatic head.'));
  await writeFile(path.join(dir, 'passport-ann.pdf'), await page('Passport', [['Name', 'Ann Companion'], ['Date of birth', '14/05/1990'], ['Passport No', 'X1234567']], 'United Kingdom of Great Britain and Northern Ireland passport, photo page.'));
  await writeFile(path.join(dir, 'ann-lab.pdf'), await page('Laboratory Report', [['Patient Name', 'Ann Companion'], ['DOB', '14/05/1990']], 'Full blood count within normal limits.'));
  await writeFile(path.join(dir, 'casepack.yaml'), `patient:\n  name: John Doe\n  birthDate: 1960-01-01\n${attendants}`);
}

describe('an attendant\'s passport copy', () => {
  it('belongs to the case when casepack.yaml lists that attendant; their other papers do not', async () => {
    await writeCase('attendants:\n  - name: Ann Companion\n    relation: daughter\n');
    const scan = await scanCase(dir);
    const file = (name: string) => scan.files.find((f) => f.path === name);
    expect(file('passport-ann.pdf')?.identity?.otherPerson).toBe(true);
    expect(belongsToAnotherPerson(file('passport-ann.pdf') ?? {})).toBe(false);
    expect(file('passport-ann.pdf')?.identity?.keptOnPurpose).toMatch(/passport copy of a person travelling with the patient/);
    expect(belongsToAnotherPerson(file('ann-lab.pdf') ?? {})).toBe(true);
    expect(belongsToAnotherPerson(file('pathology.pdf') ?? {})).toBe(false);
  });

  it('is another person\'s file when no attendant of that name is listed', async () => {
    await writeCase('attendants:\n  - name: Bob Other\n');
    const scan = await scanCase(dir);
    expect(belongsToAnotherPerson(scan.files.find((f) => f.path === 'passport-ann.pdf') ?? {})).toBe(true);
  });
});
