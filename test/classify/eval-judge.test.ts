import { describe, expect, it } from 'vitest';
import type { ClinicalDate } from '../../src/index.js';
import { judgeDate, showDate, showTruthDate } from '../../tools/eval/evaluate.js';
import type { LabelledDocument } from '../../tools/eval/truth.js';

const truth = (fields: Partial<LabelledDocument>): LabelledDocument => ({ file: 'a.pdf', category: 'pathology-report', date: '2025-03-04', origin: 'UK', ...fields });
const got = (fields: Partial<ClinicalDate>): ClinicalDate => ({ date: '2025-03-04', source: 'content', confidence: 0.8, ...fields });

/** The one date rule every labelled set is scored by. */
describe('judgeDate', () => {
  it('a dated truth wants that date, and the series start where one is given', () => {
    expect(judgeDate(truth({}), got({}))).toBe(true);
    expect(judgeDate(truth({}), got({ date: '2025-04-03' }))).toBe(false);
    expect(judgeDate(truth({}), null)).toBe(false);
    expect(judgeDate(truth({ start: '2025-01-01' }), got({ start: '2025-01-01' }))).toBe(true);
    expect(judgeDate(truth({ start: '2025-01-01' }), got({}))).toBe(false);
  });

  it('an ambiguous truth wants the tool to say so with both readings, in any order', () => {
    const ambiguous = truth({ date: null, ambiguous: ['2025-03-04', '2025-04-03'] });
    expect(judgeDate(ambiguous, got({ date: null, ambiguous: ['2025-04-03', '2025-03-04'] }))).toBe(true);
    expect(judgeDate(ambiguous, got({ date: null, ambiguous: ['2025-04-03'] }))).toBe(false);
    expect(judgeDate(ambiguous, got({}))).toBe(false);
    expect(judgeDate(ambiguous, null)).toBe(false);
  });

  it('a truth without a date wants no date', () => {
    const none = truth({ date: null });
    expect(judgeDate(none, null)).toBe(true);
    expect(judgeDate(none, got({ date: null }))).toBe(true);
    expect(judgeDate(none, got({ date: null, ambiguous: ['2025-03-04', '2025-04-03'] }))).toBe(false);
    expect(judgeDate(none, got({ source: 'file-metadata', confidence: 0.2 }))).toBe(false);
  });

  it('prints both sides the same way', () => {
    expect(showTruthDate(truth({ date: null, ambiguous: ['2025-03-04', '2025-04-03'] }))).toBe('ambiguous 2025-03-04 | 2025-04-03');
    expect(showTruthDate(truth({ start: '2025-01-01' }))).toBe('2025-01-01..2025-03-04');
    expect(showDate(null)).toBe('none');
    expect(showDate(got({ date: null }))).toBe('none');
  });
});
