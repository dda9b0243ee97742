import { describe, expect, it } from 'vitest';
import { findDateMentions, mendOcrMonthNames } from '../../src/classify/dates/candidates.js';

const TODAY = new Date('2026-06-01T00:00:00Z');
const isoOf = (text: string) => findDateMentions(text, TODAY).map((m) => m.iso);

/** OCR of a scanned header often loses the J of January, June and July; the date must still be found. */
describe('month names OCR has damaged', () => {
  it('mends a J read as a bar, split off, or dropped after a label, when a day and a year follow', () => {
    expect(isoOf('Date of service: | anuary 27, 2023')).toEqual(['2023-01-27']);
    expect(isoOf('Date of service: |une 15, 2022')).toEqual(['2022-06-15']);
    expect(isoOf('Date of service: J une 4, 2021')).toEqual(['2021-06-04']);
    expect(isoOf('Date of service: une 12, 2021')).toEqual(['2021-06-12']);
    expect(isoOf('DATE OF SERVICE: | ULY 16, 2021')).toEqual(['2021-07-16']);
    expect(isoOf('Seen on Ianuary 3rd, 2024 in clinic')).toEqual(['2024-01-03']);
  });

  it('keeps every offset: the mended text has the same length', () => {
    for (const text of ['x | anuary 27, 2023 y', 'J une 4, 2021', 'a: une 12, 2021', 'Iuly 2, 2020']) expect(mendOcrMonthNames(text)).toHaveLength(text.length);
  });

  it('leaves words alone where no date follows, and correct names as they are', () => {
    for (const text of ['the une 12, 2021 entry', 'Prune 12, 2021', 'dune 3 2020', '| anuary was cold', 'January 27, 2023', 'rule 12, 2021']) {
      expect(mendOcrMonthNames(text)).toBe(text);
    }
  });
});
