import { describe, expect, it } from 'vitest';
import { planPacket } from '../../src/plan/plan.js';
import { buildIndexModel } from '../../src/write/index-model.js';
import { mixedCase } from '../support/scan-builder.js';

describe('index page model', () => {
  it('lists required missing items before recommended ones, whatever the checklist order', async () => {
    const { scan, check } = await mixedCase();
    const model = buildIndexModel({
      caseName: 'case', scan, check, caseFile: undefined, plan: planPacket(scan, check),
      merged: new Map(), asIs: [], generatedAt: new Date('2025-11-01T00:00:00Z'), tool: 'casepack test',
    });
    const severities = model.missing.map((m) => m.severity);
    expect(severities).toContain('required');
    expect(severities).toContain('recommended');
    expect(severities).toEqual([...severities].sort((a, b) => (a === b ? 0 : a === 'required' ? -1 : 1)));
    // Stable within a group: the checklist's own order is kept.
    const requiredTitles = check.items.filter((i) => i.severity === 'required' && (i.status === 'missing' || i.status === 'partial')).map((i) => i.title);
    expect(model.missing.filter((m) => m.severity === 'required').map((m) => m.title)).toEqual(requiredTitles);
  });

  it('shows a DICOM patient name as people read it (Given Family), the stored PN kept in the scan', async () => {
    const { scan: base, check } = await mixedCase();
    const scan = { ...base, patients: [{ key: 'DOE JANE|X123|', name: 'DOE^JANE', patientId: 'X123', sources: ['CD/IM1'], fileCount: 1 }] };
    const model = buildIndexModel({
      caseName: 'case', scan, check, caseFile: undefined, plan: planPacket(scan, check),
      merged: new Map(), asIs: [], generatedAt: new Date('2025-11-01T00:00:00Z'), tool: 'casepack test',
    });
    expect(model.patient).toMatchObject({ name: 'JANE DOE', source: 'DICOM' });
  });

  it('marks merged scans whose text was recognised, and the pages a person should check', async () => {
    const { scan, check } = await mixedCase();
    const row = (title: string, ocr?: { lowConfidencePages: number[] }) => ({ source: `${title}.pdf`, pages: 3, title, date: '2025-09-12', category: 'Pathology report', ocr });
    const model = buildIndexModel({
      caseName: 'case', scan, check, caseFile: undefined, plan: planPacket(scan, check),
      merged: new Map([['Pathology.pdf', [row('Born digital'), row('Clean scan', { lowConfidencePages: [] }), row('Poor scan', { lowConfidencePages: [0, 2] })]]]),
      asIs: [], generatedAt: new Date('2025-11-01T00:00:00Z'), tool: 'casepack test',
    });
    expect(model.timeline.filter((r) => r.packetPath === 'Pathology.pdf').map((r) => [r.title, r.extent])).toEqual([
      ['Born digital', '3 pages'],
      ['Clean scan (text recognised by OCR)', '3 pages'],
      ['Poor scan (text recognised by OCR; pages 1, 3: low confidence, check by eye)', '3 pages'],
    ]);
  });
});
