import { execFileSync } from 'node:child_process';
import { PDFDocument } from '../../src/util/pdf-lib.js';
import { describe, expect, it } from 'vitest';
import type { CaseFile } from '../../src/casefile/schema.js';
import { attachMarkerReadings } from '../../src/classify/markers/index.js';
import type { ScanResult } from '../../src/model/scan.js';
import { planPacket } from '../../src/plan/plan.js';
import type { IndexInputs } from '../../src/write/index-model.js';
import { formatValue, valueScale } from '../../src/write/marker-chart.js';
import { timeRange } from '../../src/write/timeline-chart.js';
import { buildTreatmentSummaryModel, chartDataOf, renderTreatmentSummary } from '../../src/write/treatment-summary.js';
import { hasTool } from '../support/packet-tools.js';
import { ScanBuilder } from '../support/scan-builder.js';

const GENERATED = new Date('2025-12-01T00:00:00Z');

function inputsFor(scan: ScanResult, caseFile: CaseFile): IndexInputs {
  const plan = planPacket(scan, undefined);
  const merged: IndexInputs['merged'] = new Map(plan.entries.flatMap((e) => (e.kind === 'merged-pdf'
    ? [[e.path, e.sources.map((s) => ({ source: s.source, pages: 2, title: s.title, date: s.date, category: e.category ?? 'other' }))] as const] : [])));
  return { caseName: 'case', scan, check: undefined, caseFile, plan, merged, asIs: [], generatedAt: GENERATED, tool: 'casepack test' };
}

const CASE: CaseFile = {
  diagnosis: 'Adenocarcinoma of the pancreas', asOf: '2025-11-20',
  treatments: [{ kind: 'chemotherapy', name: 'FOLFIRINOX', start: '2025-02-01', end: '2025-06-30' }, { kind: 'chemotherapy', name: 'Gemcitabine', start: '2025-08-01' }],
};

function labCase(): ScanResult {
  const scan = new ScanBuilder()
    .doc('labs/markers-1.pdf', 'lab-results', { date: '2025-04-01', text: 'Date CEA (ug/L) CA 19-9 (kU/L)\n15/01/2025 12.0 4,800\n01/04/2025 6.1 310\n\nCA 19-9 is repeated on page two\n' })
    .doc('labs/markers-2.pdf', 'lab-results', { date: '2025-07-20', text: 'Collected: 20/07/2025\nCA 19-9 35 kU/L (ref < 37)\nCEA 3.9 ug/L (ref < 5)' })
    .doc('labs/blood-count.pdf', 'lab-results', { date: '2025-07-21', text: 'Collected: 21/07/2025\nHaemoglobin 121 g/L' })
    .build();
  attachMarkerReadings(scan, { dateOrder: 'DMY' });
  return scan;
}

describe('tumour-marker trend on the treatment summary', () => {
  it('puts the disease\'s marker first and traces every value to its packet file and page', () => {
    const model = buildTreatmentSummaryModel(inputsFor(labCase(), CASE));
    expect(model.markers.map((m) => [m.name, m.unit, m.points.map((p) => p.value), m.upper])).toEqual([
      ['CA 19-9', 'kU/L', [4800, 310, 35], 37], ['CEA', 'µg/L', [12, 6.1, 3.9], 5],
    ]);
    // Merged in date order, two pages each: markers-1 is pages 1-2 of the labs PDF, markers-2 pages 3-4.
    expect(model.markers[0]?.sources).toEqual([expect.stringMatching(/^Labs_.*\.pdf p\. 1, 3$/)]);
  });

  it('draws the trend on one page with a log scale and its values listed; no values, no trend', async () => {
    expect(valueScale([4800, 310, 35], 37).log).toBe(true);
    expect(valueScale([6.1, 12], 5).log).toBe(false);
    expect([formatValue(4800), formatValue(4), formatValue(0.01, '<')]).toEqual(['4,800', '4.0', '<0.01']);
    const bytes = await renderTreatmentSummary(buildTreatmentSummaryModel(inputsFor(labCase(), CASE)), GENERATED, 'casepack test');
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(1);
    const plain = buildTreatmentSummaryModel(inputsFor(new ScanBuilder().doc('labs/blood-count.pdf', 'lab-results', { date: '2025-07-21' }).build(), CASE));
    expect(plain.markers).toEqual([]);
    if (!hasTool('pdftotext')) return;
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: Buffer.from(bytes) }).toString('utf8').replace(/\s+/g, ' ');
    expect(text).toContain('Tumour markers');
    expect(text).toContain('CA 19-9, kU/L — logarithmic scale');
    expect(text).toContain('15 Jan 2025 4,800; 1 Apr 2025 310; 20 Jul 2025 35');
  });

  it('runs the time axis to the summary date, past the last event', () => {
    const chart = chartDataOf({ ...buildTreatmentSummaryModel(inputsFor(new ScanBuilder().build(), { treatments: [{ kind: 'chemotherapy', name: 'A', start: '2025-01-01', end: '2025-03-01' }], asOf: '2025-11-20' })) });
    expect(timeRange(chart).to).toBeGreaterThan(Date.UTC(2025, 10, 20));
  });
});
