// The English locale only: the package root loads every locale (266 modules).
import * as chrono from 'chrono-node/en';
import type { DateOrder } from '../../casefile/schema.js';
import { TEXT_YEARS, expandTwoDigitYear, isoDate } from '../../dates/calendar.js';
import { findWrittenDates } from '../../dates/written.js';

/**
 * Single date tokens of free text → ISO `YYYY-MM-DD`. Numeric shapes are read
 * here against the one calendar rule (dates/calendar.ts: no 31/02); month
 * names are read by chrono-node. Dates in file formats' own fields (DICOM,
 * TIFF, PDF, vendors) are parsed in dates/formats.ts, not here.
 */

/**
 * chrono-node, English, day-first where it has to guess (en-GB), strict: no
 * "today", "next Monday" or bare weekdays, which are never clinical dates.
 * Strict is also several times faster on long reports.
 */
export const chronoDayFirst = new chrono.Chrono(chrono.configuration.createConfiguration(true, true));

/** `year-month-day` as ISO if that day exists and the year has four digits. */
function calendarDate(year: number, month: number, day: number): string | undefined {
  return isoDate(year, month, day, TEXT_YEARS);
}

/** Numeric day/month/year in either order: `12/09/2025`, `12.09.25`, `1-2-2025`. */
export const NUMERIC_DMY_OR_MDY = /^(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})$/;
/** Year first, always year-month-day: `2025-09-12`, `2025/9/12`, `2025.09.12`. */
export const NUMERIC_YMD = /^(\d{4})([./-])(\d{1,2})\2(\d{1,2})$/;

export interface NormalisedToken {
  iso?: string;
  /** Both readings, day-first then month-first, when the order decides and is unknown. */
  ambiguous?: [string, string];
}

/**
 * One date token → ISO. Numeric day/month tokens valid both ways need `order`;
 * without it both readings are returned and none is chosen. A token valid only
 * one way (`25/03/2025`) is read that way whatever `order` says: it proves itself.
 */
export function normaliseDateToken(token: string, order?: DateOrder, today: Date = new Date()): NormalisedToken {
  const text = token.trim();
  const ymd = NUMERIC_YMD.exec(text);
  if (ymd) {
    const iso = calendarDate(Number(ymd[1]), Number(ymd[3]), Number(ymd[4]));
    return iso ? { iso } : {};
  }
  // Compact `YYYYMMDD` (file names: IMG-20250912-WA0001) is year-first too.
  if (/^\d{8}$/.test(text)) {
    const iso = calendarDate(Number(text.slice(0, 4)), Number(text.slice(4, 6)), Number(text.slice(6, 8)));
    return iso ? { iso } : {};
  }
  const numeric = NUMERIC_DMY_OR_MDY.exec(text);
  if (numeric) {
    const first = Number(numeric[1]);
    const second = Number(numeric[3]);
    const yearText = numeric[4] as string;
    const year = yearText.length === 2 ? expandTwoDigitYear(Number(yearText), today) : Number(yearText);
    const dayFirst = calendarDate(year, second, first);
    const monthFirst = calendarDate(year, first, second);
    if (dayFirst && monthFirst) {
      if (dayFirst === monthFirst) return { iso: dayFirst };
      if (order === 'DMY') return { iso: dayFirst };
      if (order === 'MDY') return { iso: monthFirst };
      return { ambiguous: [dayFirst, monthFirst] };
    }
    const only = dayFirst ?? monthFirst;
    return only ? { iso: only } : {};
  }
  return parseNamedMonth(text, today);
}

/**
 * Month-name forms (`12 Sep 2025`, `Sep 12, 2025`, `28-Sep-2025 07:45`,
 * `12th September 2025`) through chrono-node. The whole token must be one
 * full date with a certain day, month and year.
 */
function parseNamedMonth(text: string, today: Date): NormalisedToken {
  if (!/[a-z]/i.test(text) || !/\d/.test(text)) return {};
  const results = chronoDayFirst.parse(text, today);
  const first = results[0];
  if (!first || results.length !== 1) return {};
  const start = first.start;
  if (!start.isCertain('day') || !start.isCertain('month') || !start.isCertain('year')) return {};
  // chrono may ignore surrounding words; only accept when it read (nearly) the whole token.
  if (first.text.replace(/\W/g, '').length < text.replace(/\W/g, '').length * 0.7) return {};
  const year = start.get('year');
  const month = start.get('month');
  const day = start.get('day');
  if (year === null || month === null || day === null) return {};
  const iso = calendarDate(year, month, day);
  return iso ? { iso } : {};
}

export interface WrittenMention { index: number; end: number; raw: string; iso: string }

/**
 * Dates written with other languages' month names or with CJK year/month/day
 * characters (dates/written.ts), leaving out any that overlap a date already
 * found (`taken`): a numeric or English reading of the same characters wins.
 */
export function writtenDateMentions(text: string, taken: ReadonlyArray<{ index: number; end: number }>): WrittenMention[] {
  return findWrittenDates(text).filter((w) => !taken.some((t) => t.index < w.end && w.index < t.end));
}
