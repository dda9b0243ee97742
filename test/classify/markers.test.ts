import { describe, expect, it } from 'vitest';
import { attachMarkerReadings, markerSeries, readMarkerValues } from '../../src/classify/markers/index.js';
import { redactScan } from '../../src/report/json-privacy.js';
import { evaluateMarkers } from '../../tools/eval/markers.js';
import { ScanBuilder } from '../support/scan-builder.js';

const CUMULATIVE = [
  'Blood Sciences', 'Hospital no.: X-1 Printed: 29/10/2025', 'Tumour markers', 'Test Collected', '15/09/2025', 'Collected', '28/10/2025',
  'Reference range Units', 'CA 19-9 1,250 612 0 - 37 kU/L', 'CEA 6.1 4.2 0 - 5 ug/L',
].join('\n');

describe('tumour-marker values read from text', () => {
  it('reads a cumulative table: one reading per sample-date column, the reference range and unit of its row', () => {
    const readings = readMarkerValues(CUMULATIVE, { kind: 'lab-report', documentDate: '2025-10-28', dateOrder: 'DMY' });
    expect(readings.map((r) => [r.marker, r.value, r.unit, r.date, r.reference?.upper])).toEqual([
      ['ca19-9', 1250, 'kU/L', '2025-09-15', 37], ['ca19-9', 612, 'kU/L', '2025-10-28', 37],
      ['cea', 6.1, 'µg/L', '2025-09-15', 5], ['cea', 4.2, 'µg/L', '2025-10-28', 5],
    ]);
    expect(readings.every((r) => r.dateSource === 'sample' && r.page === 1)).toBe(true);
  });

  it('reads European decimal commas, a value below the assay limit, and never a ratio in %', () => {
    const text = 'Sample date: 03.04.2025\nCEA 4,7 µg/L 0,0 - 5,0\nPSA, total <0,01 ng/ml\nPSA ratio (free/total) 13 %';
    const readings = readMarkerValues(text, { kind: 'lab-report', dateOrder: 'DMY' });
    expect(readings.map((r) => [r.marker, r.value, r.qualifier, r.unit, r.date])).toEqual([['cea', 4.7, undefined, 'µg/L', '2025-04-03'], ['psa', 0.01, '<', 'ng/mL', '2025-04-03']]);
  });

  it('takes a letter\'s quoted values only with a unit and a date in the sentence', () => {
    const text = 'Her CA-125 was 1,020 U/mL on 12 January 2025 and fell to 45 U/mL by 3 May 2025. CA 19-9 was normal.';
    const readings = readMarkerValues(text, { kind: 'mention', documentDate: '2025-05-10' });
    expect(readings.map((r) => [r.marker, r.value, r.date, r.kind])).toEqual([['ca-125', 1020, '2025-01-12', 'mention'], ['ca-125', 45, '2025-05-03', 'mention']]);
  });

  it('joins U/mL and kU/L into one series, keeps IU/mL apart and says so with MARKER_UNITS_DIFFER', () => {
    const scan = new ScanBuilder()
      .doc('Labs/a.pdf', 'lab-results', { date: '2025-01-10', text: 'Collected 10/01/2025\nCA 19-9 900 U/mL (ref < 37)' })
      .doc('Labs/b.pdf', 'lab-results', { date: '2025-02-10', text: 'Collected 10/02/2025\nCA 19-9 400 kU/L (ref < 37)' })
      .doc('Labs/c.pdf', 'lab-results', { date: '2025-03-10', text: 'Collected 10/03/2025\nCA 19-9 80 IU/mL (ref < 35)' })
      .build();
    const findings = attachMarkerReadings(scan, { dateOrder: 'DMY' });
    const series = markerSeries(scan.files);
    expect(series.map((s) => [s.marker, s.units, s.points.map((p) => p.value)])).toEqual([['ca19-9', ['U/mL', 'kU/L'], [900, 400]], ['ca19-9', ['IU/mL'], [80]]]);
    expect(findings.map((f) => [f.code, f.paths])).toEqual([['MARKER_UNITS_DIFFER', ['Labs/a.pdf', 'Labs/b.pdf', 'Labs/c.pdf']]]);
    expect(findings[0]?.message).toContain('U/mL = kU/L and in IU/mL');
  });

  it('leaves marker values out of JSON unless the text is asked for', () => {
    const scan = new ScanBuilder().doc('Labs/a.pdf', 'lab-results', { date: '2025-01-10', text: 'Collected 10/01/2025\nCEA 9.1 ng/mL' }).build();
    attachMarkerReadings(scan, { dateOrder: 'DMY' });
    expect(scan.files[0]?.markers).toHaveLength(1);
    expect(redactScan(scan).files[0]?.markers).toBeUndefined();
    expect(redactScan(scan, { includeText: true }).files[0]?.markers).toHaveLength(1);
  });

  it('keeps its accuracy on the held-out labelled texts', async () => {
    const heldout = await evaluateMarkers('heldout');
    expect(heldout.precision).toBeGreaterThanOrEqual(0.95);
    expect(heldout.recall).toBeGreaterThanOrEqual(0.8);
  });
});
