import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEVICE_YEARS, TEXT_YEARS, daysInMonth, expandTwoDigitYear, expandTwoDigitYearByPivot, isCalendarDate, isoDate } from '../../src/dates/calendar.js';

describe('the one calendar rule', () => {
  it('knows month lengths and leap years (1900 no, 2000 yes)', () => {
    expect(daysInMonth(2025, 2)).toBe(28);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2025, 4)).toBe(30);
    expect(isCalendarDate(2025, 2, 29)).toBe(false);
    expect(isCalendarDate(2025, 13, 1)).toBe(false);
    expect(isCalendarDate(2025, 1, 0)).toBe(false);
    expect(isCalendarDate(2025, 1.5, 1)).toBe(false);
  });

  it('agrees with the JavaScript Date on every day of four centuries', () => {
    fc.assert(fc.property(fc.integer({ min: 1800, max: 2200 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (year, month, day) => {
      const date = new Date(Date.UTC(year, month - 1, day));
      expect(isCalendarDate(year, month, day)).toBe(date.getUTCMonth() === month - 1 && date.getUTCDate() === day);
    }), { numRuns: 2000 });
  });

  it('formats ISO within a source’s year range only', () => {
    expect(isoDate(2025, 9, 1, DEVICE_YEARS)).toBe('2025-09-01');
    expect(isoDate(1899, 9, 1, DEVICE_YEARS)).toBeUndefined();
    expect(isoDate(1899, 9, 1, TEXT_YEARS)).toBe('1899-09-01');
  });

  it('expands two-digit years: never into the future in text, by pivot 69 in device metadata', () => {
    const today = new Date(2026, 10, 22);
    expect(expandTwoDigitYear(26, today)).toBe(2026);
    expect(expandTwoDigitYear(27, today)).toBe(1927);
    expect(expandTwoDigitYearByPivot(69)).toBe(2069);
    expect(expandTwoDigitYearByPivot(70)).toBe(1970);
  });
});
