import { describe, expect, it } from 'vitest';
import { checkCase } from '../../src/check/index.js';
import { loadChecklist } from '../../src/check/checklist-schema.js';
import type { CaseFile } from '../../src/casefile/schema.js';
import type { CheckResult } from '../../src/model/check.js';
import type { ScanResult } from '../../src/model/scan.js';
import { ScanBuilder } from '../support/scan-builder.js';

/** The items the patient guides ask for (issue 14): a question, allergies, attendants' passports, the biopsy date. */

function item(check: CheckResult, id: string) {
  const found = check.items.find((i) => i.id === id);
  if (!found) throw new Error(`no item ${id}`);
  return found;
}

async function check(scan: ScanResult, caseFile: CaseFile = {}): Promise<CheckResult> {
  return checkCase(scan, await loadChecklist('general'), { asOf: '2025-11-01', caseFile });
}

/** Everything the general checklist asks for, so only the item under test decides. */
function fullCase(pathologyText = 'Date of biopsy: 12 September 2025\nAdenocarcinoma', medsText = 'Allergies: none known'): ScanBuilder {
  return new ScanBuilder()
    .doc('Pathology report.pdf', 'pathology-report', { date: '2025-09-12', text: pathologyText })
    .doc('slides/H1.svs', 'pathology-slides', { family: 'slide', date: '2025-09-13' })
    .study('CD/DICOM/ST1', 'CT', '2025-10-05', 4)
    .doc('CT report.pdf', 'imaging-report', { date: '2025-10-05', modality: 'CT' })
    .doc('letter.pdf', 'clinical-summary', { date: '2025-10-20' })
    .doc('meds.pdf', 'medication-list', { date: '2025-10-20', text: medsText });
}

const QUESTIONS = { questions: ['Is the tumour resectable after chemotherapy?'] };

describe('a question for the reviewer', () => {
  it('a case with every document but no questions: is not complete', async () => {
    const result = await check(fullCase().build());
    expect(item(result, 'reviewer-question').status).toBe('missing');
    expect(item(result, 'reviewer-question').request?.letter).toBe(false);
    expect(result.status).toBe('incomplete');
  });

  it('the same case with a question is complete, the question shown as what satisfied it', async () => {
    const result = await check(fullCase().build(), QUESTIONS);
    expect(item(result, 'reviewer-question').status).toBe('met');
    expect(item(result, 'reviewer-question').attested?.[0]).toContain('Is the tumour resectable');
    expect(result.status).toBe('complete');
  });
});

describe('allergies', () => {
  it('a medication list that mentions allergies counts; one that does not, does not', async () => {
    expect(item(await check(fullCase().build(), QUESTIONS), 'allergies').status).toBe('met');
    const silent = await check(fullCase(undefined, 'Metformin 500 mg twice daily').build(), QUESTIONS);
    expect(item(silent, 'allergies').status).toBe('missing');
    // Issue 14: the family provides allergies; no hospital department's letter asks for them.
    expect(item(silent, 'allergies').request).toMatchObject({ department: 'Patient or family', letter: false });
  });

  it('allergies stated in casepack.yaml count', async () => {
    const result = await check(fullCase(undefined, 'Metformin 500 mg').build(), { ...QUESTIONS, allergies: ['penicillin (rash)'] });
    expect(item(result, 'allergies').status).toBe('met');
    expect(item(result, 'allergies').alternative).toBe('stated in casepack.yaml');
  });
});

describe('attendants\' passports', () => {
  const attendants = [{ name: 'Maria Example', relation: 'daughter' }];

  it('are asked for only when casepack.yaml names attendants, by name', async () => {
    expect(item(await check(fullCase().build(), QUESTIONS), 'attendant-passports').status).toBe('not-applicable');
    const result = await check(fullCase().build(), { ...QUESTIONS, attendants });
    const passports = item(result, 'attendant-passports');
    expect(passports.status).toBe('missing');
    expect(passports.severity).toBe('required');
    expect(passports.request?.wording).toContain('of Maria Example (daughter)');
    expect(result.status).toBe('incomplete');
  });

  it('a passport naming the attendant satisfies it; the patient\'s own does not', async () => {
    const patientOnly = fullCase().doc('passport.pdf', 'identity-document', { text: 'PASSPORT Surname EXAMPLE Given names JOHN' }).build();
    expect(item(await check(patientOnly, { ...QUESTIONS, attendants }), 'attendant-passports').status).toBe('missing');
    const both = fullCase()
      .doc('passport.pdf', 'identity-document', { text: 'PASSPORT Surname EXAMPLE Given names JOHN' })
      .doc('maria.pdf', 'identity-document', { text: 'PASSPORT\nMaria Example\nNationality' })
      .build();
    const result = await check(both, { ...QUESTIONS, attendants });
    expect(item(result, 'attendant-passports').status).toBe('met');
    expect(result.status).toBe('complete');
  });
});

describe('the biopsy date on the pathology report', () => {
  it('a report that states when the tissue was taken meets it', async () => {
    const result = await check(fullCase('SURGICAL PATHOLOGY\nSpecimen collected: 12/09/2025\nReported: 15/09/2025').build(), { ...QUESTIONS, dateOrder: 'DMY' });
    expect(item(result, 'biopsy-date').status).toBe('met');
  });

  it('a report with only its sign-out date gets a warning naming it, and the case stays complete', async () => {
    const result = await check(fullCase('SURGICAL PATHOLOGY\nReport signed out: 15 September 2025\nAdenocarcinoma').build(), QUESTIONS);
    const dated = item(result, 'biopsy-date');
    expect(dated.status).toBe('partial');
    expect(dated.detail).toContain('Pathology report.pdf does not state when the tissue was taken');
    const warning = result.findings.find((f) => f.code === 'ITEM_PARTIAL' && f.details?.['item'] === 'biopsy-date');
    expect(warning?.severity).toBe('warning');
    expect(result.status).toBe('complete');
  });
});

describe('request documents and their dates', () => {
  it('a pathology report dated only by its file time is "date unknown" (null), never the file date', async () => {
    const scan = new ScanBuilder().doc('Pathology report.pdf', 'pathology-report', { date: '2024-02-29', text: 'Adenocarcinoma' }).build();
    const file = scan.files[0];
    if (file?.classification?.date) file.classification.date.source = 'file-metadata';
    const result = await check(scan);
    const slides = item(result, 'pathology-slides');
    expect(slides.request?.documents).toEqual([{ label: 'Pathology report', date: null }]);
    expect(JSON.stringify(result.items)).not.toContain('2024');
  });

  it('another person\'s study is never cited', async () => {
    const scan = new ScanBuilder()
      .study('theirs', 'MR', '2023-03-03', 2)
      .doc('MR report.pdf', 'imaging-report', { date: '2025-10-05', modality: 'MR' })
      .build();
    for (const file of scan.files) if (file.path.startsWith('theirs/')) file.identity = { source: 'dicom-header', patientKey: 'other', otherPerson: true };
    const result = await check(scan);
    expect(JSON.stringify(result.items.map((i) => i.request))).not.toContain('2023');
    expect(item(result, 'imaging-dicom').request?.documents).toEqual([{ label: 'MRI scan report', date: '2025-10-05' }]);
  });
});
