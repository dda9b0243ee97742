import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { format } from 'date-fns';
import { normaliseDateToken } from '../../src/classify/dates/index.js';
import { expandTwoDigitYear } from '../../src/dates/calendar.js';
import { parseDicomDate } from '../../src/dates/formats.js';

const today = new Date(2026, 10, 22);

describe('normaliseDateToken', () => {
  it('reads ISO and year-first numeric dates', () => {
    expect(normaliseDateToken('2025-09-12')).toEqual({ iso: '2025-09-12' });
    expect(normaliseDateToken('2025/9/12')).toEqual({ iso: '2025-09-12' });
    expect(normaliseDateToken('2025.09.12')).toEqual({ iso: '2025-09-12' });
  });
  it('returns both readings of a numeric date valid both ways, and none chosen', () => {
    expect(normaliseDateToken('03/04/2025')).toEqual({ ambiguous: ['2025-04-03', '2025-03-04'] });
    expect(normaliseDateToken('03.04.2025')).toEqual({ ambiguous: ['2025-04-03', '2025-03-04'] });
    expect(normaliseDateToken('03-04-2025')).toEqual({ ambiguous: ['2025-04-03', '2025-03-04'] });
  });
  it('uses the given order for an ambiguous token', () => {
    expect(normaliseDateToken('03/04/2025', 'DMY')).toEqual({ iso: '2025-04-03' });
    expect(normaliseDateToken('03/04/2025', 'MDY')).toEqual({ iso: '2025-03-04' });
  });
  it('reads a token valid only one way that way, whatever the order says', () => {
    expect(normaliseDateToken('25/03/2025', 'MDY')).toEqual({ iso: '2025-03-25' });
    expect(normaliseDateToken('03/25/2025', 'DMY')).toEqual({ iso: '2025-03-25' });
  });
  it('is not ambiguous when both readings are the same day', () => {
    expect(normaliseDateToken('05/05/2025')).toEqual({ iso: '2025-05-05' });
  });
  it('rejects impossible dates (31/02)', () => {
    expect(normaliseDateToken('31/02/2025')).toEqual({});
    expect(normaliseDateToken('2025-02-31')).toEqual({});
    expect(normaliseDateToken('13/13/2025')).toEqual({});
  });
  it('expands two-digit years, never into the future', () => {
    expect(normaliseDateToken('12/09/25', 'DMY', today)).toEqual({ iso: '2025-09-12' });
    expect(normaliseDateToken('25.3.98', undefined, today)).toEqual({ iso: '1998-03-25' });
    expect(expandTwoDigitYear(26, today)).toBe(2026);
    expect(expandTwoDigitYear(27, today)).toBe(1927);
  });
  it('reads month-name forms', () => {
    expect(normaliseDateToken('12 Sep 2025')).toEqual({ iso: '2025-09-12' });
    expect(normaliseDateToken('Sep 12, 2025')).toEqual({ iso: '2025-09-12' });
    expect(normaliseDateToken('28-Sep-2025 07:45')).toEqual({ iso: '2025-09-28' });
    expect(normaliseDateToken('12th September 2025')).toEqual({ iso: '2025-09-12' });
    expect(normaliseDateToken('3 Sept. 2025')).toEqual({ iso: '2025-09-03' });
  });
  it('refuses month-only and year-less forms (no invented day or year)', () => {
    expect(normaliseDateToken('Jul 2019')).toEqual({});
    expect(normaliseDateToken('12 Sep')).toEqual({});
    expect(normaliseDateToken('next Monday')).toEqual({});
  });

  it('round-trips every real calendar day in every numeric style', () => {
    const day = fc.date({ min: new Date(1900, 0, 1), max: new Date(2026, 10, 22), noInvalidDate: true });
    fc.assert(fc.property(day, fc.constantFrom('/', '.', '-'), (date, sep) => {
      const iso = format(date, 'yyyy-MM-dd');
      expect(normaliseDateToken(format(date, `dd${sep}MM${sep}yyyy`), 'DMY').iso).toBe(iso);
      expect(normaliseDateToken(format(date, `MM${sep}dd${sep}yyyy`), 'MDY').iso).toBe(iso);
      expect(normaliseDateToken(format(date, `d${sep}M${sep}yyyy`), 'DMY').iso).toBe(iso);
      expect(normaliseDateToken(format(date, 'd MMM yyyy')).iso).toBe(iso);
      expect(normaliseDateToken(format(date, 'MMMM do, yyyy')).iso).toBe(iso);
      expect(parseDicomDate(format(date, 'yyyyMMdd'))).toBe(iso);
    }), { numRuns: 300 });
  });
});
