import type * as chrono from 'chrono-node/en';
import { foldDigits } from '../../dates/written.js';
import { chronoDayFirst, normaliseDateToken, writtenDateMentions } from './tokens.js';

/**
 * Finds every date written in a text, without judging it. Numeric tokens are
 * found by shape here and parsed both ways by tokens.ts; dates with
 * month names are found and read by chrono-node.
 */
export interface DateMention {
  /** Offset of the first character in the text, and one past the last. */
  index: number;
  end: number;
  raw: string;
  /** Day precision, one reading. */
  iso?: string;
  /** Day-first then month-first reading, when both exist and differ. */
  readings?: [string, string];
  /** The token is valid only day-first (`25/03/2025`) or only month-first (`03/25/2025`). */
  proves?: 'DMY' | 'MDY';
}

// Bounded by anything that is not part of a longer number, code or decimal (lab values, IDs).
// A capital letter may follow straight on: pdf.js joins two printed lines without a break ("02/05/2025Date of discharge").
const NUMERIC_TOKEN = /(?<![\w./-])(\d{1,2}([./-])\d{1,2}\2(?:\d{4}|\d{2}))(?![0-9a-z_]|[./-]\d)/g;
// An ISO timestamp's `T10:00` may follow.
const YMD_TOKEN = /(?<![\w./-])((?:19|20)\d{2}([./-])\d{1,2}\2\d{1,2})(?!(?!T\d)\w|[./-]\d)/g;
const MONTH_NAME = /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?/i;
const DATE_START = /\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i;
const MONTH_NAMES = new RegExp(MONTH_NAME.source, 'gi');
const DOTTED_MONTH = /\b(\d{1,2})\.([a-z]{3,9})\.(\d{2,4})\b/gi;

/** `12/09/2025-13/09/2025`: the dash between two dates becomes a space (same length, so offsets hold). */
const DATE_RANGE_DASH = /(\d{1,2}([./-])\d{1,2}\2(?:\d{4}|\d{2}))[-–](?=\d{1,2}([./-])\d{1,2}\3(?:\d{4}|\d{2})(?!\d))/g;

function numericMentions(text: string, today: Date): DateMention[] {
  const found: DateMention[] = [];
  const scrubbed = text.replace(DATE_RANGE_DASH, '$1 ');
  for (const match of scrubbed.matchAll(NUMERIC_TOKEN)) {
    const raw = match[1] as string;
    const index = match.index ?? 0;
    const dayFirst = normaliseDateToken(raw, 'DMY', today).iso;
    const monthFirst = normaliseDateToken(raw, 'MDY', today).iso;
    const either = normaliseDateToken(raw, undefined, today);
    if (!dayFirst && !monthFirst) continue;
    const mention: DateMention = { index, end: index + raw.length, raw };
    if (either.ambiguous) mention.readings = either.ambiguous;
    else mention.iso = either.iso;
    // A token proves an order only when the other reading does not exist (not merely when both coincide, 05/05).
    const [first, second] = raw.split(/[./-]/).map(Number) as [number, number];
    if (first > 12 && second <= 12) mention.proves = 'DMY';
    if (second > 12 && first <= 12) mention.proves = 'MDY';
    found.push(mention);
  }
  for (const match of text.matchAll(YMD_TOKEN)) {
    const raw = match[1] as string;
    const index = match.index ?? 0;
    const iso = normaliseDateToken(raw, undefined, today).iso;
    if (iso) found.push({ index, end: index + raw.length, raw, iso });
  }
  return found;
}

function overlaps(a: { index: number; end: number }, b: { index: number; end: number }): boolean {
  return a.index < b.end && b.index < a.end;
}

/** Text kept on each side of a month name for chrono: "Friday, 12th of September 2025 07:45" fits. */
const WINDOW_BEFORE = 24;
const WINDOW_AFTER = 28;

/**
 * chrono-node over short windows around each month name, in one call (chrono
 * is the slow part, and each call has a fixed cost); the rest of a report
 * (numbers, tables, prose) would only cost time. Windows never cross a line.
 */
function chronoResults(text: string, today: Date): Array<{ index: number; result: chrono.ParsedResult }> {
  const windows: Array<{ start: number; end: number }> = [];
  for (const match of text.matchAll(MONTH_NAMES)) {
    const at = match.index ?? 0;
    const lineStart = text.lastIndexOf('\n', at) + 1;
    const lineEnd = text.indexOf('\n', at) === -1 ? text.length : text.indexOf('\n', at);
    const start = Math.max(lineStart, at - WINDOW_BEFORE);
    const end = Math.min(lineEnd, at + match[0].length + WINDOW_AFTER);
    const last = windows[windows.length - 1];
    if (last && start <= last.end && text.lastIndexOf('\n', start) < last.start) last.end = Math.max(last.end, end);
    else windows.push({ start, end });
  }
  if (windows.length === 0) return [];
  /** Start of each window in the joined text and in the original text. */
  const starts: Array<{ joined: number; original: number }> = [];
  let joined = 0;
  for (const w of windows) {
    starts.push({ joined, original: w.start });
    joined += w.end - w.start + 1;
  }
  // Day-first where chrono has to guess; month names themselves are unambiguous either way.
  // `12.Sep.2025` (German and Indian forms): chrono reads it with spaces; same length, so offsets hold.
  const windowText = windows.map((w) => text.slice(w.start, w.end)).join('\n').replace(DOTTED_MONTH, '$1 $2 $3');
  return chronoDayFirst.parse(windowText, today).map((result) => {
    let at = starts[0] as { joined: number; original: number };
    for (const start of starts) if (start.joined <= result.index) at = start;
    return { index: at.original + (result.index - at.joined), result };
  });
}

function namedMonthMentions(text: string, today: Date, taken: DateMention[]): DateMention[] {
  const found: DateMention[] = [];
  // Numeric dates are already found: blank them (same length, offsets hold) so chrono neither re-reads nor
  // slows down on them.
  const pieces: string[] = [];
  let at = 0;
  for (const t of [...taken].sort((a, b) => a.index - b.index)) {
    if (t.index < at) continue;
    pieces.push(text.slice(at, t.index), ' '.repeat(t.end - t.index));
    at = t.end;
  }
  const blanked = pieces.join('') + text.slice(at);
  for (const { index, result } of chronoResults(blanked, today)) {
    // chrono's text may open with "on", "the" or a weekday; the mention starts at the date itself so the label
    // before it ("Follow-up on") stays before it.
    const lead = Math.max(0, result.text.search(DATE_START));
    const span = { index: index + lead, end: index + result.text.length };
    if (!MONTH_NAME.test(result.text) || taken.some((t) => overlaps(t, span))) continue;
    for (const component of result.end ? [result.start, result.end] : [result.start]) {
      // Day, month and year all written: a month-only "Jul 2019" is never read as the 1st (strict chrono does
      // not return those anyway; this keeps the rule if it ever did).
      if (!component.isCertain('year') || !component.isCertain('month') || !component.isCertain('day')) continue;
      const year = component.get('year');
      const month = component.get('month');
      const day = component.get('day');
      const iso = year === null || month === null || day === null ? undefined : normaliseDateToken(`${year}-${month}-${day}`).iso;
      if (!iso) continue;
      const mention: DateMention = { ...span, raw: result.text.slice(lead), iso };
      found.push(mention);
    }
  }
  return found;
}

/**
 * OCR often loses the J of January, June and July at the start of a line or after a bold label: it reads it
 * as a bar, splits it off or drops it ("| anuary 27, 2023", "J une 4, 2021", ":une 12, 2021"). Only where a
 * day and a year follow is the month name mended, and always to the same length, so offsets hold.
 */
const OCR_LOST_J = /(?<![A-Za-z])(?:[|\]lI1][ \t]?|J[ \t]|[ \t])(anuary|une|uly)(?=\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}(?!\d))/gi;

export function mendOcrMonthNames(text: string): string {
  return text.replace(OCR_LOST_J, (whole: string, rest: string) => {
    const month = `J${rest}`;
    return whole.length > month.length ? ' '.repeat(whole.length - month.length) + month : month;
  });
}

/** Every date mention in the text, in reading order. */
export function findDateMentions(rawText: string, today: Date): DateMention[] {
  // Arabic-Indic and Devanagari digits read as ASCII (same length: offsets hold); other languages' month names
  // and CJK year/month/day dates are found before chrono reads the English ones.
  const text = mendOcrMonthNames(foldDigits(rawText));
  const numeric = numericMentions(text, today);
  const written = writtenDateMentions(text, numeric);
  const named = namedMonthMentions(text, today, [...numeric, ...written]);
  return [...numeric, ...written, ...named].sort((a, b) => a.index - b.index || a.end - b.end);
}
