import { describe, expect, it } from 'vitest';
import { collectEvidence } from '../../src/check/evidence.js';
import { ScanBuilder } from '../support/scan-builder.js';

describe('checklist evidence never takes a file\'s date for a clinical date', () => {
  for (const source of ['file-metadata', 'filename'] as const) {
    it(`a ${source} date is no date at all: not the date, not its start, not its two readings`, () => {
      const scan = new ScanBuilder()
        .doc('Histology 03-04-2024.pdf', 'pathology-report', { date: '2024-04-03', start: '2024-03-01', text: 'Adenocarcinoma' })
        .doc('CT 2024.pdf', 'imaging-report', { ambiguous: ['2024-03-04', '2024-04-03'], text: 'CT chest' })
        .build();
      for (const file of scan.files) if (file.classification?.date) file.classification.date.source = source;
      for (const unit of collectEvidence(scan)) {
        expect(unit.date).toBeNull();
        expect(unit.start).toBeUndefined();
        expect(unit.ambiguous).toBeUndefined();
      }
    });
  }

  it('a date read from the text stays', () => {
    const scan = new ScanBuilder().doc('Histology.pdf', 'pathology-report', { date: '2024-04-03', text: 'Adenocarcinoma' }).build();
    expect(collectEvidence(scan)[0]?.date).toBe('2024-04-03');
  });
});
