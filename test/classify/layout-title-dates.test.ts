import { describe, expect, it } from 'vitest';
import { classifyDocumentText } from '../../src/classify/document.js';
import { findClinicalDate } from '../../src/classify/dates/index.js';
import { lineRoles } from '../../src/classify/title.js';
import type { CategoryId } from '../../src/model/categories.js';
import { extractFirstPagesText } from '../../src/probe/pdf/text.js';
import { makeReportPdf, type ReportSpec } from '../../tools/synth/report-pdf.js';

/**
 * Issue 11: the document's own title behind letterheads, patient-header tables and page headers, and the
 * clinical date from the text. PDFs go through the real text layer (pdf-lib writer → unpdf/pdf.js → classify).
 */
const today = new Date('2026-01-15T12:00:00Z');

async function textOf(spec: ReportSpec): Promise<string> {
  return (await extractFirstPagesText(await makeReportPdf(spec), { maxPages: 3, maxChars: 100_000, timeoutMs: 20_000 })).text;
}

const dateOf = (text: string, category: CategoryId, metadataDate?: string) => findClinicalDate({ text, filename: 'scan.pdf', category, today, ...(metadataDate ? { metadataDate } : {}) });

const LETTERHEAD = { institution: 'Lakeside Regional Medical Center', department: 'Department of Pathology and Laboratory Medicine', lines: ['1200 Harbor View Boulevard, Suite 400, Lakeside, OH 44101', 'Tel (216) 555-0142  Fax (216) 555-0143  www.lakeside.example'] };
const HEADER: [string, string][] = [['Name', 'HARLOW, DENISE M'], ['MRN', '40021187'], ['DOB', '04/25/1950'], ['Accession', 'S25-01872'], ['Collected', '03/04/2025'], ['Received', '03/05/2025'], ['Reported', '03/10/2025'], ['Physician', 'K. Amsel, MD']];
const PATHOLOGY: ReportSpec = {
  title: 'Surgical Pathology Report',
  fields: HEADER,
  sections: [{ heading: 'FINAL DIAGNOSIS', blocks: ['Breast, left, core biopsy: Invasive ductal carcinoma, grade 2.'] }, { heading: 'GROSS DESCRIPTION', blocks: ['Three cores of tan tissue in formalin.'] }],
  metadata: { creationDate: '2025-12-30T09:00:00Z' },
};

describe('the title behind the layout, through the real text layer', () => {
  it.each<[string, Partial<ReportSpec>]>([
    ['plain', {}],
    ['monospaced', { style: 'typewriter' }],
    ['letterhead', { style: 'modern', letterhead: LETTERHEAD }],
    ['two-column header above the title', { letterhead: LETTERHEAD, fieldsBeforeTitle: true }],
    ['page header with a print date', { letterhead: LETTERHEAD, fieldsBeforeTitle: true, pageHeader: 'HARLOW, DENISE M    MRN 40021187    Printed 12/30/2025 09:14    Page 1' }],
  ])('%s: pathology report, titled, dated by collection', async (_layout, layout) => {
    const text = await textOf({ ...PATHOLOGY, ...layout });
    const verdict = classifyDocumentText(text, 'scan.pdf');
    expect(verdict.category).toBe('pathology-report');
    expect(verdict.title?.toLowerCase()).toBe('surgical pathology report');
    expect(dateOf(text, 'pathology-report', '2025-12-30')).toMatchObject({ date: '2025-03-04', source: 'content', kind: 'collection' });
  });

  it('reads two header pairs on one line as fields, not a title (as pdf.js joins a two-column table)', () => {
    const lines = ['St Example Hospital', 'Name: DOE, JOHN MRN: 123456', 'DOB: 01/02/1950 Accession: S25-1234', 'Page 1 of 3', 'SURGICAL PATHOLOGY REPORT', 'Final Diagnosis', 'Adenocarcinoma.'];
    expect(lineRoles(lines)).toEqual(['boilerplate', 'boilerplate', 'boilerplate', 'boilerplate', 'title', 'body', 'body']);
  });

  it('a heading or a sentence near the top is a mention, not the title', () => {
    const note = 'Oncology Progress Note\nPatient: GRAY, THOMAS DOB: 10/10/1960\nCURRENT MEDICATIONS:\nTamoxifen 20 mg daily.\nOndansetron 8 mg as needed.\nAssessment: stable disease on tamoxifen, seen in clinic today.';
    const verdict = classifyDocumentText(note, 'note.pdf');
    expect(verdict.category).toBe('clinical-summary');
    expect(lineRoles(note.split('\n'))[2]).toBe('body');
    expect(lineRoles(['Informed consent was obtained from the patient.', 'Procedure: colonoscopy'])[0]).not.toBe('title');
    expect(lineRoles(['History of chemotherapy', 'Cycle 1 given'])[0]).toBe('body');
  });
});

describe('the clinical date from the text', () => {
  it('pathology: collected beats received beats reported, whatever their order', () => {
    const text = 'Surgical Pathology Report\nReported: 03/10/2025 Received: 03/05/2025\nCollected: 03/04/2025\nDOB: 04/25/1950';
    expect(dateOf(text, 'pathology-report')).toMatchObject({ date: '2025-03-04', kind: 'collection' });
  });

  it('a discharge summary keeps the stay as a range', async () => {
    const text = await textOf({ title: 'Discharge Summary', letterhead: LETTERHEAD, fieldsBeforeTitle: true, fields: [['Patient', 'PARK, MIN-JI'], ['DOB', '05/21/1964'], ['Admission Date', '09/10/2025'], ['Discharge Date', '09/16/2025']], sections: [{ heading: 'Hospital Course', blocks: ['Febrile neutropenia, treated with IV antibiotics.'] }] });
    expect(classifyDocumentText(text, 'x.pdf').category).toBe('discharge-summary');
    expect(dateOf(text, 'discharge-summary')).toMatchObject({ start: '2025-09-10', date: '2025-09-16', kind: 'admission-discharge', source: 'content' });
  });

  it('a treatment record keeps its cycles as a range', () => {
    const text = 'Chemotherapy Treatment Record\nPatient: Mrs S LEIGH DOB: 21/11/1970\nCycle Date Dose\n1 03/02/2025 100%\n2 24/02/2025 100%\n3 17/03/2025 80%';
    expect(dateOf(text, 'treatment-history')).toMatchObject({ start: '2025-02-03', date: '2025-03-17', kind: 'treatment-cycles' });
  });

  it('a letter takes its own date, not the biopsy date it quotes', () => {
    const top = 'Medical Oncology Consultation\nJuly 15, 2025\nDear Dr. Marsh,\nAn MRI performed on July 2, 2025 showed a renal mass. A biopsy on 07/08/2025 showed clear cell carcinoma.\nAssessment and plan: nephrectomy.';
    expect(dateOf(top, 'clinical-summary')).toMatchObject({ date: '2025-07-15', kind: 'letter' });
    const signed = 'Clinic Letter\nDear Dr Clarke,\nHis CT scan of 2 October 2025 showed a mass and the biopsy on 16 October 2025 confirmed squamous carcinoma.\nPlan: lobectomy.\nDr Olu Adeyemi\nConsultant Respiratory Physician, 14 November 2025';
    expect(dateOf(signed, 'clinical-summary')).toMatchObject({ date: '2025-11-14', kind: 'letter' });
  });

  it('a text with no date falls back to the PDF creation date, marked as file metadata', () => {
    expect(dateOf('Surgical Pathology Report\nInvasive carcinoma.', 'pathology-report', '2025-12-30T09:00:00Z')).toMatchObject({ date: '2025-12-30', source: 'file-metadata' });
  });
});
