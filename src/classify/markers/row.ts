import { UNIT_PATTERN, readUnit, type UnitReading } from './names.js';

/** One value printed after a marker's name: `1,250`, `<2`, `612 H`. */
export interface RowValue { value: number; qualifier?: '<' | '>'; raw: string }

/** What follows a marker's name on its line: the values, then the unit, the reference range, the method. */
export interface ParsedRow {
  values: RowValue[];
  unit?: UnitReading;
  reference?: { text: string; upper?: number };
  method?: string;
}

const NUMBER = '\\d+(?:[.,]\\d+)*';
const VALUE = new RegExp(`^([<>≤≥]|&lt;|&gt;)?\\s*(${NUMBER})(?:\\s*(?:\\*+|HH?|LL?|HIGH|LOW|↑|↓|\\(H\\)|\\(L\\)|!)(?![A-Za-z0-9]))?`, 'i');
const RANGE_AHEAD = /^\s*(?:-|–|—|to)\s*\d/;
const LIMIT_REFERENCE = new RegExp(`(?:ref\\w*\\.?(?:\\s*(?:range|interval|value)s?)?|normal(?:\\s*range)?|rr|upper limit)?\\s*[:(\\[]?\\s*(<=?|≤|up to|below|less than)\\s*(${NUMBER})`, 'i');
const SPAN_REFERENCE = new RegExp(`(${NUMBER})\\s*(?:-|–|—|to)\\s*(${NUMBER})`);
const METHOD = /\b(?:method|assay|analy[sz]er|platform)\s*[:=]?\s*([A-Za-z][\w .-]{1,30}?)(?=\s*(?:[;,)]|$))/i;

/**
 * A printed number → its value. `decimalComma`: the document writes decimals with a comma (`6,1`), so dots group
 * thousands (`1.250`); otherwise commas group thousands (`1,250`) and a dot is the decimal point.
 */
export function parseNumber(raw: string, decimalComma: boolean): number | undefined {
  let text = raw;
  if (decimalComma) text = text.replace(/\.(?=\d{3}(?!\d))/g, '').replace(',', '.');
  else if (/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(text)) text = text.replace(/,/g, '');
  else if (/^\d+,\d{1,2}$/.test(text)) text = text.replace(',', '.');
  if (!/^\d+(?:\.\d+)?$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** The unit in parentheses or brackets right after a name (`CA 19-9 (U/mL)`), or a method there (`CEA (Elecsys)`). */
function leadingParenthesis(rest: string): { rest: string; unit?: UnitReading; method?: string } {
  const m = /^\s*[([]([^)\]]{1,30})[)\]]/.exec(rest);
  if (!m) return { rest };
  const inside = (m[1] ?? '').trim();
  const unit = readUnit(inside);
  if (unit) return { rest: rest.slice(m[0].length), unit };
  if (!/\d/.test(inside)) return { rest: rest.slice(m[0].length), method: inside };
  return { rest };
}

function qualifierOf(sign: string | undefined): '<' | '>' | undefined {
  if (!sign) return undefined;
  return sign === '<' || sign === '≤' || sign === '&lt;' ? '<' : '>';
}

/** Values one after the other, until a unit, a reference range or a word. */
function readValues(text: string, decimalComma: boolean): { values: RowValue[]; rest: string; unit?: UnitReading } {
  const values: RowValue[] = [];
  let rest = text;
  let unit: UnitReading | undefined;
  for (;;) {
    rest = rest.replace(/^[\s:=|…]+|^\.{2,}\s*/, '');
    const m = VALUE.exec(rest);
    if (!m) break;
    const after = rest.slice(m[0].length);
    // `0 - 37` is the reference range, not two values; `15/09/2025` is a date.
    if (RANGE_AHEAD.test(after) || /^[./-]\d/.test(after)) break;
    const value = parseNumber(m[2] ?? '', decimalComma);
    if (value === undefined) break;
    const qualifier = qualifierOf(m[1]);
    values.push({ value, raw: m[0].trim(), ...(qualifier ? { qualifier } : {}) });
    rest = after;
    const unitHere = UNIT_PATTERN.exec(rest);
    if (/^\s*%/.test(rest)) return { values: [], rest };
    // A unit closes the values: what follows it is the reference range (`1,250 kU/L < 35`).
    if (unitHere && /^\s*$/.test(rest.slice(0, unitHere.index))) {
      unit = readUnit(unitHere[0]);
      rest = rest.slice(unitHere.index + unitHere[0].length);
      break;
    }
  }
  return { values, rest, ...(unit ? { unit } : {}) };
}

function referenceOf(rest: string, decimalComma: boolean): ParsedRow['reference'] {
  const limit = LIMIT_REFERENCE.exec(rest);
  const span = SPAN_REFERENCE.exec(rest);
  if (limit && (!span || limit.index <= span.index)) {
    const upper = parseNumber(limit[2] ?? '', decimalComma);
    return { text: `< ${limit[2] ?? ''}`, ...(upper !== undefined ? { upper } : {}) };
  }
  if (span) {
    const upper = parseNumber(span[2] ?? '', decimalComma);
    return { text: `${span[1] ?? ''} - ${span[2] ?? ''}`, ...(upper !== undefined ? { upper } : {}) };
  }
  return undefined;
}

/** What follows a marker's name on its line; no values → none. */
export function parseRow(afterName: string, decimalComma: boolean): ParsedRow | undefined {
  const lead = leadingParenthesis(afterName);
  const read = readValues(lead.rest, decimalComma);
  if (read.values.length === 0) return undefined;
  const unitMatch = UNIT_PATTERN.exec(read.rest);
  const unit = lead.unit ?? read.unit ?? (unitMatch ? readUnit(unitMatch[0]) : undefined);
  const reference = referenceOf(read.rest, decimalComma);
  const method = lead.method ?? METHOD.exec(afterName)?.[1]?.trim();
  return { values: read.values, ...(unit ? { unit } : {}), ...(reference ? { reference } : {}), ...(method ? { method } : {}) };
}
