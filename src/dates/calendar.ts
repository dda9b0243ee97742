/**
 * The calendar, once for all of casepack: whether a year-month-day exists and
 * how a two-digit year becomes four digits. Every date parser (the probes'
 * format parsers in formats.ts, the classifier's free-text tokens) asks here,
 * so "31/02" and "29/02/2025" are refused by one rule everywhere.
 *
 * Lowest layer: imports nothing from src/.
 */

/** Inclusive bounds on the years a source may plausibly write; outside them a value is noise, not a date. */
export interface YearRange {
  min: number;
  max: number;
}

/**
 * Scanner, camera and PDF metadata: devices and writers that post-date 1900
 * and whose clocks, when wrong, jump to absurd far-future years.
 */
export const DEVICE_YEARS: YearRange = { min: 1900, max: 2200 };
/** DICOM DA/DT: old film digitised into DICOM keeps its 19th-century dates. */
export const DICOM_YEARS: YearRange = { min: 1850, max: 9999 };
/** Dates written in documents' text: any four-digit year; the clinical-date choice filters plausibility later. */
export const TEXT_YEARS: YearRange = { min: 1000, max: 9999 };

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

export function daysInMonth(year: number, month: number): number {
  if (month === 2 && isLeapYear(year)) return 29;
  return DAYS_IN_MONTH[month - 1] ?? 0;
}

/** The one calendar-validity check: integers, a month 1–12 and a day that month has (proleptic Gregorian). */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** `YYYY-MM-DD` when the day exists and its year lies in `years`, else undefined (never a guess). */
export function isoDate(year: number, month: number, day: number, years: YearRange): string | undefined {
  if (year < years.min || year > years.max || !isCalendarDate(year, month, day)) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Two-digit years in free text. Clinical documents are never from the future,
 * so `yy` is this century unless that would be after `today`'s year (then 19yy).
 */
export function expandTwoDigitYear(yy: number, today: Date = new Date()): number {
  const thisYear = today.getFullYear();
  const candidate = Math.floor(thisYear / 100) * 100 + yy;
  return candidate > thisYear ? candidate - 100 : candidate;
}

/**
 * Two-digit years in device metadata, POSIX `strptime %y` style: 00–`pivot`
 * are 20xx, the rest 19xx. A device's own clock needs no "today" to read.
 */
export function expandTwoDigitYearByPivot(yy: number, pivot = 69): number {
  return yy + (yy <= pivot ? 2000 : 1900);
}
