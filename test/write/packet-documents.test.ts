import { execFileSync } from 'node:child_process';
import { PDFDocument } from '../../src/util/pdf-lib.js';
import { describe, expect, it } from 'vitest';
import type { CaseFile, Treatment } from '../../src/casefile/schema.js';
import { loadChecklist } from '../../src/check/checklist-schema.js';
import { checkCase } from '../../src/check/index.js';
import type { ScanResult } from '../../src/model/scan.js';
import { planPacket } from '../../src/plan/plan.js';
import { buildCoverLetterModel, SENDER_PLACEHOLDER } from '../../src/write/cover-letter.js';
import type { IndexInputs } from '../../src/write/index-model.js';
import { renderPacketDocuments } from '../../src/write/packet-documents.js';
import { buildTreatmentSummaryModel, calmCase, renderTreatmentSummary } from '../../src/write/treatment-summary.js';
import { hasTool } from '../support/packet-tools.js';
import { ScanBuilder } from '../support/scan-builder.js';

const GENERATED = new Date('2025-11-01T00:00:00Z');

function inputsFor(scan: ScanResult, caseFile: CaseFile | undefined, check?: IndexInputs['check']): IndexInputs {
  const plan = planPacket(scan, check);
  // Page counts as the writer reports them: one page per merged source.
  const merged: IndexInputs['merged'] = new Map(plan.entries.flatMap((e) => (e.kind === 'merged-pdf'
    ? [[e.path, e.sources.map((s) => ({ source: s.source, pages: 2, title: s.title, date: s.date, ...(s.start ? { start: s.start } : {}), category: e.category ?? 'other' }))] as const] : [])));
  return { caseName: 'case', scan, check, caseFile, plan, merged, asIs: [], generatedAt: GENERATED, tool: 'casepack test' };
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  return execFileSync('pdftotext', ['-layout', '-', '-'], { input: Buffer.from(bytes) }).toString('utf8');
}

const smallCase = (): ScanResult => new ScanBuilder()
  .doc('path/biopsy.pdf', 'pathology-report', { date: '2025-09-12' })
  .doc('path/resection.pdf', 'pathology-report', { date: '2025-12-02' })
  .doc('ct1.pdf', 'imaging-report', { date: '2025-09-03', modality: 'CT' })
  .doc('labs.pdf', 'lab-results', { date: '2025-10-28', start: '2025-09-15' })
  .study('CD/CT1', 'CT', '2025-09-03', 4, { description: 'CT ABDOMEN PANCREAS PROTOCOL' })
  .build();

describe('cover letter', () => {
  it('tells the recipient what is enclosed (per category, dates, pages and series), what comes separately and what is missing', async () => {
    const scan = smallCase();
    const caseFile: CaseFile = {
      patient: { name: 'Test Person', birthDate: '1960-01-02', id: 'T-1' },
      questions: ['Is surgery possible?'],
      physical: [{ kind: 'glass-slides', count: 12, courier: 'DHL Express', tracking: '1234 5678', shippedOn: '2025-10-30' }],
      facts: { surgery: false },
    };
    const check = checkCase(scan, await loadChecklist('pancreatic'), { asOf: '2025-11-01', caseFile });
    const model = buildCoverLetterModel(inputsFor(scan, caseFile, check));
    expect(model.recipient).toEqual(['The reviewing team']);
    expect(model.enclosed).toContainEqual({ category: 'Pathology report', dates: '12 September 2025 to 2 December 2025', extent: '2 documents, 4 pages' });
    expect(model.enclosed).toContainEqual({ category: 'Imaging (DICOM)', dates: '3 September 2025', extent: '1 study, 1 series, 4 images' });
    expect(model.enclosed).toContainEqual({ category: 'Laboratory results', dates: '15 September 2025 to 28 October 2025', extent: '1 document, 2 pages' });
    expect(model.separately).toEqual([{ what: '12 glass slides', shipping: 'sent by DHL Express on 30 October 2025, tracking number 1234 5678' }]);
    const missing = check.items.filter((i) => i.status === 'missing' || i.status === 'partial').map((i) => i.title);
    expect(missing.length).toBeGreaterThan(0);
    expect(model.missing?.map((m) => m.title).sort()).toEqual([...missing].sort());
  });

  it('without a sender: a placeholder nobody overlooks and a SENDER_MISSING finding; with one: no finding', async () => {
    const scan = smallCase();
    const without = await renderPacketDocuments(inputsFor(scan, { patient: { name: 'Test Person' } }));
    expect(without.findings.map((f) => f.code)).toEqual(['SENDER_MISSING']);
    expect(without.bytes.has('00_Cover_Letter.pdf')).toBe(true);
    const withSender = await renderPacketDocuments(inputsFor(scan, { sender: { name: 'Sam Coordinator', email: 'sam@example.org' }, recipient: { department: 'International Patient Office' } }));
    expect(withSender.findings).toEqual([]);
    if (!hasTool('pdftotext')) return;
    expect((await pdfText(without.bytes.get('00_Cover_Letter.pdf') as Uint8Array)).replace(/\s+/g, ' ')).toContain(SENDER_PLACEHOLDER);
    const text = (await pdfText(withSender.bytes.get('00_Cover_Letter.pdf') as Uint8Array)).replace(/\s+/g, ' ');
    expect(text).toContain('International Patient Office');
    expect(text).toContain('sam@example.org');
    expect(text).not.toContain(SENDER_PLACEHOLDER);
  });
});

function treatments(n: number): Treatment[] {
  return Array.from({ length: n }, (_, i): Treatment => {
    const year = 2012 + Math.floor(i / 2);
    const month = i % 2 === 0 ? '02' : '08';
    return i % 5 === 4
      ? { kind: 'surgery', name: `Operation number ${i + 1}`, start: `${year}-${month}-10` }
      : { kind: i % 3 === 0 ? 'chemotherapy' : i % 3 === 1 ? 'targeted-therapy' : 'radiotherapy', name: `Regimen ${i + 1} with a long descriptive name`, start: `${year}-${month}`, ...(i < n - 1 ? { end: `${year}-${month === '02' ? '06' : '12'}` } : {}), cycles: 6, response: 'partial response', stopped: 'progression after an initial response', notes: 'Dose reduced after the second cycle because of neutropenia; growth factor support given.' };
  });
}

describe('treatment summary', () => {
  it('dates the diagnosis by the earliest pathology report and joins a scan\'s report and images', () => {
    const model = buildTreatmentSummaryModel(inputsFor(smallCase(), { treatments: [{ kind: 'chemotherapy', name: 'B', start: '2025-10' }, { kind: 'surgery', name: 'A', start: '2025-09-20' }] }));
    expect(model.biopsy?.date).toBe('2025-09-12');
    expect(model.treatments.map((t) => t.name)).toEqual(['A', 'B']);
    expect(model.scans).toEqual([{ date: '2025-09-03', what: 'CT report; CT images: CT abdomen pancreas protocol (1 series)' }]);
    expect(calmCase('PET-CT FDG WHOLE BODY')).toBe('PET-CT FDG whole body');
    expect(calmCase('Histopathology Report')).toBe('Histopathology Report');
  });

  it('stays on one page with 15 treatment lines and 30 dated documents, the latest line in full', async () => {
    const builder = new ScanBuilder();
    for (let i = 0; i < 30; i++) builder.doc(`scans/report-${i}.pdf`, 'imaging-report', { date: `${2012 + Math.floor(i / 3)}-0${1 + (i % 3) * 3}-15`, modality: i % 2 ? 'CT' : 'MR' });
    const scan = builder.doc('biopsy.pdf', 'pathology-report', { date: '2011-12-01' }).build();
    const model = buildTreatmentSummaryModel(inputsFor(scan, { diagnosis: 'Metastatic test carcinoma', staging: 'pT3 pN1 M1', treatments: treatments(15) }));
    expect(model.scans).toHaveLength(30);
    const bytes = await renderTreatmentSummary(model, GENERATED, 'casepack test');
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(1);
    if (!hasTool('pdftotext')) return;
    const text = (await pdfText(bytes)).replace(/\s+/g, ' ');
    // Every line is still named, the oldest as it is or condensed; the latest stays in the table.
    expect(text).toContain('Surgery: Operation number 15');
    for (let n = 1; n <= 14; n++) if (n % 5 !== 0) expect(text).toMatch(new RegExp(`Regimen ${n} with a long`));
    expect(text).toMatch(/earlier scan\(s\) and report\(s\)/);
  });

  it('a short history is drawn in full, notes included', async () => {
    const model = buildTreatmentSummaryModel(inputsFor(smallCase(), { treatments: treatments(3) }));
    const bytes = await renderTreatmentSummary(model, GENERATED, 'casepack test');
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(1);
    if (!hasTool('pdftotext')) return;
    const text = (await pdfText(bytes)).replace(/\s+/g, ' ');
    expect(text).toContain('growth factor support given');
    expect(text).not.toContain('Earlier lines');
  });
});
