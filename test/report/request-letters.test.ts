import { describe, expect, it } from 'vitest';
import { checkCase } from '../../src/check/index.js';
import { loadChecklist } from '../../src/check/checklist-schema.js';
import type { CaseFile } from '../../src/casefile/schema.js';
import { buildRequestLetters } from '../../src/report/request-letters.js';
import { buildCheckView } from '../../src/report/check-view.js';
import { renderLetterPdf } from '../../src/write/request-pdf.js';
import { ScanBuilder } from '../support/scan-builder.js';

const CASE_FILE: CaseFile = {
  patient: { name: 'Jane Testperson', birthDate: '1960-02-03', id: 'MRN 00451' },
  diagnosis: 'Adenocarcinoma of the pancreas',
  questions: ['Is surgery possible?'],
  sender: { name: 'Sam Sender', role: 'Care coordinator', organisation: 'Test Care', email: 'sam@example.org', phone: '+1 555 0100', signature: 'On behalf of the family' },
};

async function lettersFor(build: (b: ScanBuilder) => ScanBuilder, caseFile: CaseFile | undefined) {
  const scan = build(new ScanBuilder()).build();
  const check = checkCase(scan, await loadChecklist('general'), { asOf: '2025-11-01', ...(caseFile ? { caseFile } : {}) });
  return { check, scan, ...buildRequestLetters(check, caseFile) };
}

describe('request letters', () => {
  it('carry the patient and the sender from casepack.yaml, and no placeholder', async () => {
    const { letters, findings } = await lettersFor((b) => b.doc('Pathology report.pdf', 'pathology-report', { date: '2025-09-12', text: 'Date of biopsy: 12 September 2025' }), CASE_FILE);
    expect(letters.map((l) => l.department)).toEqual(['Pathology', 'Radiology', 'Treating oncologist', 'Treating doctor or pharmacy']);
    // Issue 14: allergies are the family's to give (casepack.yaml), never in a department's letter.
    expect(letters.every((l) => !/allerg/i.test(l.text))).toBe(true);
    for (const letter of letters) {
      expect(letter.text).toContain('Jane Testperson');
      expect(letter.text).toContain('3 February 1960');
      expect(letter.text).toContain('MRN 00451');
      expect(letter.text).toContain('Sam Sender');
      expect(letter.text).toContain('sam@example.org');
      expect(letter.text).toContain('On behalf of the family');
      expect(letter.text).toContain(`To: ${letter.department}`);
      expect(letter.text).not.toMatch(/\(please add|\(name, date of birth|[{}]/i);
    }
    expect(findings).toEqual([]);
    const pathology = letters.find((l) => l.department === 'Pathology');
    // Why each item matters, and the documents it is about with their dates.
    expect(pathology?.text).toContain('Why it matters: A second-opinion pathologist');
    expect(pathology?.text).toContain('Concerning: Pathology report, 12 September 2025.');
    expect(pathology?.fileStem).toBe('01_Pathology');
  });

  it('the family\'s own items (the question, passports) are a to-do list, not a letter', async () => {
    const { letters, toDo } = await lettersFor((b) => b, { ...CASE_FILE, questions: [], attendants: [{ name: 'Ann Companion' }] });
    expect(letters.some((l) => l.department === 'Patient or family')).toBe(false);
    // Issue 14: allergies joined the family's list.
    expect(toDo.map((t) => t.title)).toEqual(['A question for the reviewer', 'Passport copies of the people travelling with the patient', 'Allergies (with the medication list)']);
    expect(toDo[1]?.wording).toContain('Ann Companion');
  });

  it('a pathology report dated only by its file time is "date unknown", never the file date', async () => {
    const { letters } = await lettersFor((b) => b.doc('Pathology report.pdf', 'pathology-report', { date: '2024-02-29', text: 'Adenocarcinoma' }), CASE_FILE);
    // Run with the date marked as the file's own (what classify does for PDF metadata).
    const scan = new ScanBuilder().doc('Pathology report.pdf', 'pathology-report', { date: '2024-02-29', text: 'Adenocarcinoma' }).build();
    const entry = scan.files[0];
    if (entry?.classification?.date) entry.classification.date.source = 'file-metadata';
    const fileDated = buildRequestLetters(checkCase(scan, await loadChecklist('general'), { asOf: '2025-11-01', caseFile: CASE_FILE }), CASE_FILE);
    const pathology = fileDated.letters.find((l) => l.department === 'Pathology');
    expect(pathology?.text).toContain('Pathology report, date unknown');
    expect(fileDated.letters.map((l) => l.text).join('\n')).not.toMatch(/2024|29 February/);
    // The same report with a clinical date is cited with it: the test can tell the two apart.
    expect(letters.find((l) => l.department === 'Pathology')?.text).toContain('Pathology report, 29 February 2024');
  });

  it('without a sender or patient details the gaps are visible and a finding says what to add', async () => {
    const { letters, findings } = await lettersFor((b) => b, { questions: ['Q?'] });
    expect(letters[0]?.text).toContain('(please add the date of birth)');
    expect(letters[0]?.text).toContain('(please add your name, telephone and email)');
    expect(findings.map((f) => f.code)).toEqual(['REQUEST_LETTER_INCOMPLETE']);
    expect(findings[0]?.message).toContain('the sender');
  });

  it('the check report\'s ready-to-send message names the patient and is signed by the sender', async () => {
    const { check, scan } = await lettersFor((b) => b, CASE_FILE);
    const email = buildCheckView(check, scan, { caseFile: CASE_FILE }).requests.find((r) => r.department === 'Radiology')?.email ?? '';
    expect(email).toContain('Patient: Jane Testperson, date of birth 3 February 1960, hospital or patient number MRN 00451');
    expect(email).toMatch(/Yours sincerely,\nSam Sender\nCare coordinator, Test Care\nEmail: sam@example.org/);
    expect(email).not.toContain('(name, date of birth');
    // Without casepack.yaml the gap is said plainly, as before.
    expect(buildCheckView(check, scan).requests[0]?.email).toContain('(please add the name)');
  });

  it('renders as a PDF with the patient\'s name in it', async () => {
    const { letters } = await lettersFor((b) => b, CASE_FILE);
    const letter = letters[0];
    if (!letter) throw new Error('no letter');
    const bytes = await renderLetterPdf(letter.document, new Date('2025-11-01T12:00:00Z'));
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const again = await renderLetterPdf(letter.document, new Date('2025-11-01T12:00:00Z'));
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
  });
});

describe('the treating hospital from casepack.yaml', () => {
  it('heads every request letter and release form; without it the form keeps a line to fill in', async () => {
    const { buildReleaseLetters } = await import('../../src/report/release-letters.js');
    const withHospital: CaseFile = { ...CASE_FILE, hospital: { name: 'Rivertown General Hospital', address: '2 Mill Lane, Rivertown' } };
    const { letters, check } = await lettersFor((b) => b, withHospital);
    expect(letters.length).toBeGreaterThan(0);
    for (const letter of letters) expect(letter.text).toContain(`To: ${letter.department}\nRivertown General Hospital\n2 Mill Lane, Rivertown`);
    for (const form of buildReleaseLetters(check, withHospital)) expect(form.text).toContain('Hospital: Rivertown General Hospital\n2 Mill Lane, Rivertown');
    const [withoutHospital] = buildReleaseLetters((await lettersFor((b) => b, CASE_FILE)).check, CASE_FILE);
    expect(withoutHospital?.text).toMatch(/Hospital: _{10,}/);
  });
});

describe('release-of-information forms', () => {
  it('fill in what casepack.yaml knows, leave a line for the rest, and go to pathology separately for slides', async () => {
    const { buildReleaseLetters } = await import('../../src/report/release-letters.js');
    const withRecipient: CaseFile = { ...CASE_FILE, recipient: { name: 'Dr Alex Reviewer', organisation: 'University Cancer Centre', address: '1 Hospital Road, Rivertown' } };
    const { check } = await lettersFor((b) => b.doc('Pathology report.pdf', 'pathology-report', { date: '2025-09-12', text: 'Date of biopsy: 12 September 2025' }), withRecipient);
    const [records, slides] = buildReleaseLetters(check, withRecipient);
    expect(records?.fileStem).toBe('Release_of_information_Records_office');
    expect(records?.text).toMatch(/Patient name: +Jane Testperson\n +Date of birth: +3 February 1960\n +Hospital or patient number: +MRN 00451/);
    expect(records?.text).toContain('•  Scans as DICOM files');
    expect(records?.text).not.toContain('Pathology slides');
    expect(records?.text).toMatch(/Send the records to\nDr Alex Reviewer\nUniversity Cancer Centre\n1 Hospital Road\nRivertown/);
    expect(records?.text).toMatch(/Signature of the patient or legal representative: _+\n\nName in capitals: _+/);
    expect(slides?.text).toContain('original H&E-stained slides and unstained cut sections from procedure date 12 September 2025 for external expert pathology review');
    // Without a pathology report or patient details: lines to fill in, never a guess; and nothing at all when nothing is open.
    const bare = buildReleaseLetters((await lettersFor((b) => b, undefined)).check, undefined);
    expect(bare[1]?.text).toMatch(/from procedure date _+ \(the date on the pathology report\)/);
    expect(bare[0]?.text).toMatch(/Patient name: +_{10,}/);
    expect(bare[1]?.text).toMatch(/Postal address: _{10,}/);
    expect(slides?.text).not.toContain('Postal address');
    const done = { ...check, items: check.items.map((i) => ({ ...i, status: 'met' as const })) };
    expect(buildReleaseLetters(done, withRecipient)).toEqual([]);
  });
});
