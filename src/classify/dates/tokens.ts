// The English locale only: the package root loads every locale (266 modules).
import * as chrono from 'chrono-node/en';
// Subpath imports: the date-fns root pulls in 300 modules at start-up.
import { format } from 'date-fns/format';
import { isExists } from 'date-fns/isExists';
import { isValid } from 'date-fns/isValid';
import { parse } from 'date-fns/parse';
import type { DateOrder } from '../../casefile/schema.js';

/**
 * Single date tokens → ISO `YYYY-MM-DD`. Parsing is done by date-fns (strict:
 * 31/02 is invalid) and chrono-node (month names); this module only decides
 * which format string a token's shape calls for.
 */

/**
 * chrono-node, English, day-first where it has to guess (en-GB), strict: no
 * "today", "next Monday" or bare weekdays, which are never clinical dates.
 * Strict is also several times faster on long reports.
 */
export const chronoDayFirst = new chrono.Chrono(chrono.configuration.createConfiguration(true, true));

/** date-fns parse against a fixed reference, strict: the output must format back to the input. */
function strictParse(value: string, pattern: string): Date | undefined {
  const parsed = parse(value, pattern, new Date(2000, 0, 1));
  if (!isValid(parsed)) return undefined;
  // date-fns rejects impossible days itself but is lenient about digit counts; formatting back rejects those.
  if (format(parsed, pattern) !== value) return undefined;
  return parsed;
}

function toIso(date: Date): string {
  return format(date, 'yyyy-MM-dd');
}

/** DICOM DA: `YYYYMMDD`, and the pre-1993 ACR-NEMA form `YYYY.MM.DD`. Trailing pad spaces/NULs allowed. */
export function parseDicomDate(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.replace(/[\s\0]+$/u, '').trim();
  if (/^\d{8}$/.test(trimmed)) {
    const date = strictParse(trimmed, 'yyyyMMdd');
    return date ? toIso(date) : undefined;
  }
  if (/^\d{4}\.\d{2}\.\d{2}$/.test(trimmed)) {
    const date = strictParse(trimmed, 'yyyy.MM.dd');
    return date ? toIso(date) : undefined;
  }
  return undefined;
}

/**
 * Expand a two-digit year. Clinical documents are never from the future, so
 * `yy` is this century unless that would be after `today`'s year (then 19yy).
 */
export function expandTwoDigitYear(yy: number, today: Date = new Date()): number {
  const thisYear = today.getFullYear();
  const candidate = Math.floor(thisYear / 100) * 100 + yy;
  return candidate > thisYear ? candidate - 100 : candidate;
}

/** `year-month-day` as ISO if that day exists (date-fns `isExists`: no 31/02, no 29/02 outside leap years). */
function calendarDate(year: number, month: number, day: number): string | undefined {
  if (year < 1000 || year > 9999 || !isExists(year, month - 1, day)) return undefined;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Aperio ImageDescription `Date = MM/DD/YY` (always month-first; the scanners post-date 2000). */
export function parseAperioDate(value: string): string | undefined {
  const match = /^\s*(\d{2})\/(\d{2})\/(\d{2}|\d{4})\s*$/.exec(value);
  if (!match) return undefined;
  const [, mm, dd, yy] = match as unknown as [string, string, string, string];
  const year = yy.length === 2 ? 2000 + Number(yy) : Number(yy);
  return calendarDate(year, Number(mm), Number(dd));
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
  if (/^\d{8}$/.test(text)) {
    const iso = parseDicomDate(text);
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
