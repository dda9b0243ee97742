import type { DateOrder } from '../../casefile/schema.js';
import { TEXT_YEARS, isoDate } from '../../dates/calendar.js';
import { normaliseDateToken } from '../dates/tokens.js';

/** A date written in a line of a report, with where it stands. */
export interface LineDate { iso: string; index: number; end: number; admin: boolean }

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const NUMERIC = /(?<![\d./-])(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}([./-])\d{1,2}\2(?:\d{4}|\d{2}))(?![\d]|[./-]\d)/g;
const DAY_MONTH = /\b(\d{1,2})(?:st|nd|rd|th)?[ -]([A-Za-z]{3,9})\.?[ -,]+(\d{4})\b/g;
const MONTH_DAY = /\b([A-Za-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b/g;
/**
 * Dates that are not when a sample was taken: when the report was printed, received or signed, the patient's birth.
 * Matched on the words just before the date.
 */
const ADMIN_LABEL = /(?:print(?:ed)?|report(?:ed)?|report date|received|receipt|authori[sz]ed|issued|birth|d\.?o\.?b\.?|born|verified|validated|signed|request(?:ed)?|registered|letter|dictated|typed|next (?:visit|appointment)|review(?:ed)?|expir\w*)\b[^\d]{0,14}$/i;

function monthIndex(word: string): number | undefined {
  const i = MONTHS.indexOf(word.slice(0, 3).toLowerCase());
  return i === -1 ? undefined : i + 1;
}

/** One numeric token → ISO; a token valid both ways takes the reading nearer `near` (the document's date), else none. */
function numericDate(token: string, order: DateOrder | undefined, near: string | undefined, today: Date): string | undefined {
  const read = normaliseDateToken(token, order, today);
  if (read.iso) return read.iso;
  if (!read.ambiguous || !near) return undefined;
  const distance = (iso: string): number => Math.abs(Date.parse(iso) - Date.parse(near));
  const [a, b] = read.ambiguous;
  return distance(a) <= distance(b) ? a : b;
}

/** Every date in one line of text, left to right, each marked when an administrative label (printed, born…) precedes it. */
export function datesInLine(line: string, order: DateOrder | undefined, near: string | undefined, today: Date): LineDate[] {
  const found: LineDate[] = [];
  const push = (iso: string | undefined, index: number, length: number): void => {
    if (!iso || found.some((d) => index < d.end && d.index < index + length)) return;
    found.push({ iso, index, end: index + length, admin: ADMIN_LABEL.test(line.slice(Math.max(0, index - 30), index)) });
  };
  for (const m of line.matchAll(NUMERIC)) push(numericDate(m[1] ?? '', order, near, today), m.index, m[0].length);
  for (const m of line.matchAll(DAY_MONTH)) {
    const month = monthIndex(m[2] ?? '');
    if (month) push(isoDate(Number(m[3]), month, Number(m[1]), TEXT_YEARS), m.index, m[0].length);
  }
  for (const m of line.matchAll(MONTH_DAY)) {
    const month = monthIndex(m[1] ?? '');
    if (month) push(isoDate(Number(m[3]), month, Number(m[2]), TEXT_YEARS), m.index, m[0].length);
  }
  return found.sort((a, b) => a.index - b.index);
}

/** Words that say a date is when the sample was taken. */
export const SAMPLE_LABEL = /\b(?:collect(?:ed|ion)|sample[ds]?|specimen|drawn|taken|venepuncture|blood (?:taken|drawn))\b/i;
