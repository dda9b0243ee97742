import { describe, expect, it } from 'vitest';
import type { CaseFile } from '../../src/casefile/schema.js';
import type { ScanResult } from '../../src/model/scan.js';
import { planPacket } from '../../src/plan/plan.js';
import { buildCoverLetterModel } from '../../src/write/cover-letter.js';
import { letterDay, type IndexInputs } from '../../src/write/index-model.js';
import { renderPacketDocuments } from '../../src/write/packet-documents.js';
import { ScanBuilder } from '../support/scan-builder.js';

// The packet's time is the newest file's (reproducible): 2025-11-01 here. A letter must not carry it.
const FILE_TIME = new Date('2025-11-01T00:00:00Z');

function inputsFor(scan: ScanResult, caseFile: CaseFile | undefined, letterDate?: string): IndexInputs {
  const plan = planPacket(scan, undefined);
  const merged: IndexInputs['merged'] = new Map(plan.entries.flatMap((e) => (e.kind === 'merged-pdf'
    ? [[e.path, e.sources.map((s) => ({ source: s.source, pages: 1, title: s.title, date: s.date, category: e.category ?? 'other' }))] as const] : [])));
  return { caseName: 'case', scan, check: undefined, caseFile, plan, merged, asIs: [], generatedAt: FILE_TIME, ...(letterDate ? { letterDate } : {}), tool: 'casepack test' };
}

const scan = (): ScanResult => new ScanBuilder().doc('path/biopsy.pdf', 'pathology-report', { date: '2025-09-12' }).build();

describe('the cover letter\'s date', () => {
  it('is casepack.yaml asOf, else the day of the build (SOURCE_DATE_EPOCH when set), never a file time', () => {
    const now = new Date('2026-03-04T10:00:00Z');
    expect(letterDay({ asOf: '2026-02-01' }, now, {})).toBe('2026-02-01');
    expect(letterDay(undefined, now, {})).toBe('2026-03-04');
    expect(letterDay(undefined, now, { SOURCE_DATE_EPOCH: '1700000000' })).toBe('2023-11-14');
    expect(buildCoverLetterModel(inputsFor(scan(), undefined, '2026-03-04')).date).toBe('2026-03-04');
    expect(buildCoverLetterModel(inputsFor(scan(), { asOf: '2026-02-01' })).date).toBe('2026-02-01');
  });
});

describe('characters the fonts lack in the cover letter and the treatment summary', () => {
  it('are reported as FONT_MISSING_GLYPHS per document, not drawn as a silent "?"', async () => {
    const { findings } = await renderPacketDocuments(inputsFor(scan(), { patient: { name: 'สมชาย ใจดี' }, sender: { name: 'Sam' } }, '2026-03-04'));
    const glyphs = findings.filter((f) => f.code === 'FONT_MISSING_GLYPHS');
    expect(glyphs.map((f) => f.details?.['document']).sort()).toEqual(['00_Cover_Letter.pdf', '00_Treatment_Summary.pdf']);
    expect(glyphs[0]?.message).toContain('สมชาย');
  });

  it('are not reported for a name the fonts draw (Arabic, Hindi)', async () => {
    const { findings } = await renderPacketDocuments(inputsFor(scan(), { patient: { name: 'محمد राम' }, sender: { name: 'Sam' } }, '2026-03-04'));
    expect(findings.map((f) => f.code)).not.toContain('FONT_MISSING_GLYPHS');
  });
});

describe('what the family provides', () => {
  it('is "to be provided by the family" in the cover letter and the index, never "requested from Patient or family"', async () => {
    const { checkCase } = await import('../../src/check/index.js');
    const { loadChecklist } = await import('../../src/check/checklist-schema.js');
    const { buildIndexModel } = await import('../../src/write/index-model.js');
    const caseFile: CaseFile = { patient: { name: 'Test Person' }, attendants: [{ name: 'Ann Companion' }] };
    const check = checkCase(scan(), await loadChecklist('international-review'), { asOf: '2026-03-04', caseFile });
    const inputs = { ...inputsFor(scan(), caseFile, '2026-03-04'), check };
    const missing = buildCoverLetterModel(inputs).missing ?? [];
    const family = missing.filter((m) => m.byFamily).map((m) => m.title);
    expect(family).toEqual(expect.arrayContaining(['A question for the reviewer', 'Passport copies of the people travelling with the patient', 'Allergies (with the medication list)']));
    expect(missing.filter((m) => m.byFamily).every((m) => m.department === undefined)).toBe(true);
    expect(missing.some((m) => m.department === 'Patient or family')).toBe(false);
    const index = buildIndexModel(inputs);
    expect(index.missing.map((m) => m.request ?? '').filter((r) => r.startsWith('Patient or family'))).toEqual([]);
    expect(index.missing.some((m) => m.request?.startsWith('To be provided by the family: Write one or two questions'))).toBe(true);
  });
});
