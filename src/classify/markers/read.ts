import type { DateOrder } from '../../casefile/schema.js';
import type { MarkerReading } from '../../model/markers.js';
import { MARKER_PATTERNS, UNIT_PATTERN, readUnit, type MarkerDefinition, type UnitReading } from './names.js';
import { parseNumber, parseRow, type ParsedRow } from './row.js';
import { SAMPLE_LABEL, datesInLine, type LineDate } from './text-dates.js';

export interface MarkerReadContext {
  /** `lab-report`: results tables and lines; `mention`: values quoted in a letter's sentences. */
  kind: MarkerReading['kind'];
  /** The document's clinical date: the date of a value when the report names no sample date. */
  documentDate?: string | null | undefined;
  dateOrder?: DateOrder | undefined;
  today?: Date | undefined;
}

interface MarkerHit { marker: MarkerDefinition; index: number; end: number }

/** Every marker named in a line, left to right; where names overlap (`free PSA` and `PSA`) the longer wins. */
export function markersInLine(line: string): MarkerHit[] {
  const hits: MarkerHit[] = [];
  for (const { marker, pattern } of MARKER_PATTERNS) {
    for (const m of line.matchAll(new RegExp(pattern.source, 'gi'))) hits.push({ marker, index: m.index, end: m.index + m[0].length });
  }
  hits.sort((a, b) => a.index - b.index || b.end - a.end);
  const kept: MarkerHit[] = [];
  for (const h of hits) if (!kept.some((k) => h.index < k.end && k.index < h.end)) kept.push(h);
  return kept;
}

/** A document that writes `6,1` for six point one (and so `1.250` for a thousand two hundred and fifty). */
export function writesDecimalComma(text: string): boolean {
  const comma = text.match(/(?<![\d.,])\d+,\d{1,2}(?![\d,])/g)?.length ?? 0;
  const dot = text.match(/(?<![\d.,/])\d+\.\d{1,2}(?![\d.,/])/g)?.length ?? 0;
  return comma > dot;
}

interface LabState {
  /** Dates printed since the last row of values: the column heads of the next table. */
  headerDates: string[];
  afterRow: boolean;
  /** The last date a line labelled as the sample's. */
  sampleDate?: string;
  /** A table whose columns are markers and whose rows start with a date. */
  columns?: { marker: MarkerDefinition; unit?: UnitReading }[];
}

interface Emit { (marker: MarkerDefinition, row: ParsedRow, i: number, date: string, dateSource: MarkerReading['dateSource'], evidence: string): void }

/** A header of a table with markers as columns: `Date  CA 19-9 (U/mL)  CEA (ng/mL)`, no values. */
function columnHeader(line: string, hits: MarkerHit[]): LabState['columns'] {
  if (hits.length === 0 || (hits.length < 2 && !/\bdate\b/i.test(line))) return undefined;
  const names = hits.map((h, i) => line.slice(h.end, hits[i + 1]?.index ?? line.length));
  if (names.some((rest) => /\d/.test(rest.replace(UNIT_PATTERN, '')))) return undefined;
  return hits.map((h, i) => {
    const unit = UNIT_PATTERN.exec(names[i] ?? '');
    const reading = unit ? readUnit(unit[0]) : undefined;
    return { marker: h.marker, ...(reading ? { unit: reading } : {}) };
  });
}

/** A row under a markers-as-columns header: a date, then one value per column. */
function columnRow(line: string, dates: LineDate[], state: LabState, decimalComma: boolean, emit: Emit): boolean {
  const first = dates[0];
  if (!state.columns || !first || first.index > 2) return false;
  const cells = line.slice(first.end).trim().split(/\s{2,}|\t|\s(?=[<>]?\d)/).map((c) => c.trim()).filter(Boolean);
  state.columns.forEach((column, i) => {
    const cell = cells[i];
    if (!cell || /^[-–—]$|^n\/?a$/i.test(cell)) return;
    const row = parseRow(` ${cell}`, decimalComma);
    if (row) emit(column.marker, { ...row, ...(column.unit && !row.unit ? { unit: column.unit } : {}) }, 0, first.iso, 'sample', line);
  });
  return true;
}

/** Which date each value of a row was sampled on: column heads, a date on the line, a labelled sample date, the report's. */
function rowDates(count: number, lineDates: LineDate[], state: LabState, documentDate: string | null | undefined): { date: string; source: MarkerReading['dateSource'] }[] | undefined {
  if (count > 1) return state.headerDates.length >= count ? state.headerDates.slice(0, count).map((date) => ({ date, source: 'sample' })) : undefined;
  const onLine = lineDates.find((d) => !d.admin);
  if (onLine) return [{ date: onLine.iso, source: 'sample' }];
  if (state.headerDates.length === 1) return [{ date: state.headerDates[0] as string, source: 'sample' }];
  if (state.headerDates.length > 1) return undefined;
  if (state.sampleDate) return [{ date: state.sampleDate, source: 'sample' }];
  return documentDate ? [{ date: documentDate, source: 'document' }] : undefined;
}

function labLine(line: string, state: LabState, ctx: MarkerReadContext, decimalComma: boolean, emit: Emit): void {
  const today = ctx.today ?? new Date();
  const dates = datesInLine(line, ctx.dateOrder, ctx.documentDate ?? undefined, today);
  const hits = markersInLine(line);
  const header = columnHeader(line, hits);
  if (header) { state.columns = header; return; }
  if (columnRow(line, dates, state, decimalComma, emit)) return;
  if (line.trim()) delete state.columns;
  const rows = hits.flatMap((hit, i) => {
    const segment = line.slice(hit.end, hits[i + 1]?.index ?? line.length);
    if (/ratio|\//i.test(segment.slice(0, 3)) || /\bratio\b/i.test(line.slice(Math.max(0, hit.index - 12), hit.index))) return [];
    const row = parseRow(segment, decimalComma);
    return row ? [{ hit, row }] : [];
  });
  const sampleDates = dates.filter((d) => !d.admin);
  if (rows.length === 0) {
    if (sampleDates.length === 0) { if (/^[A-Za-z][^\d:]*\s[<>]?\d/.test(line)) state.afterRow = true; return; }
    if (state.afterRow) { state.headerDates = []; state.afterRow = false; }
    state.headerDates.push(...sampleDates.map((d) => d.iso));
    if (SAMPLE_LABEL.test(line)) state.sampleDate = sampleDates[sampleDates.length - 1]?.iso;
    return;
  }
  for (const { hit, row } of rows) {
    const onLine = sampleDates.filter((d) => d.index < hit.index || d.index > hit.end);
    const when = rowDates(row.values.length, onLine, state, ctx.documentDate);
    when?.forEach((w, i) => emit(hit.marker, row, i, w.date, w.source, line));
  }
  state.afterRow = true;
}

const MENTION_LEAD = /^[\s(:=,]*(?:(?:was|is|of|at|levels?|value|rose|rising|fell|falling|fallen|down|up|to|from|now|still|remains?|increased|decreased|dropped)\s+){0,4}[<>]?\s*\d/i;
const MENTION_VALUE = new RegExp(`([<>])?\\s*(\\d+(?:[.,]\\d+)*)\\s*(${UNIT_PATTERN.source})`, 'gi');

/** The date a quoted value was measured on: just after it (`612 kU/L on 28/10/2025`), else the last one before it, else any after. */
function mentionDate(dates: LineDate[], valueStart: number, valueEnd: number): LineDate | undefined {
  return dates.find((d) => d.index >= valueEnd && d.index - valueEnd <= 30) ?? dates.filter((d) => d.end <= valueStart).pop() ?? dates.find((d) => d.index >= valueEnd);
}

/**
 * Values quoted in a letter's sentences: `CA 19-9 (612 kU/L on 28/10/2025)`, `CA-125 was 1,020 U/mL on 12 January
 * and fell to 45 U/mL by 3 May`. Each value needs a unit and a date in its sentence.
 */
function mentionsIn(page: string, ctx: MarkerReadContext, decimalComma: boolean, emit: Emit): void {
  const text = page.replace(/\s*\n\s*/g, ' ');
  const today = ctx.today ?? new Date();
  for (const sentence of text.split(/(?<=[.;!?])\s+(?=[A-Z(])/)) {
    const dates = datesInLine(sentence, ctx.dateOrder, ctx.documentDate ?? undefined, today).filter((d) => !d.admin);
    const hits = markersInLine(sentence);
    if (dates.length === 0) continue;
    hits.forEach((hit, h) => {
      const segment = sentence.slice(hit.end, hits[h + 1]?.index ?? sentence.length);
      if (!MENTION_LEAD.test(segment)) return;
      for (const m of segment.matchAll(MENTION_VALUE)) {
        const unit = readUnit(m[3] ?? '');
        const value = parseNumber(m[2] ?? '', decimalComma);
        const start = hit.end + m.index;
        const date = mentionDate(dates, start, start + m[0].length);
        if (!unit || value === undefined || !date || dates.some((d) => start < d.end && d.index < start + m[0].length)) continue;
        const row: ParsedRow = { values: [{ value, raw: m[2] ?? '', ...(m[1] ? { qualifier: m[1] as '<' | '>' } : {}) }], unit };
        emit(hit.marker, row, 0, date.iso, 'sample', sentence.slice(Math.max(0, hit.index - 40), start + m[0].length + 40));
      }
    });
  }
}

/**
 * Tumour-marker values in a document's text: results tables (a column per sample date, or a row per date),
 * single result lines (`CA 19-9: 1,234 U/mL (ref < 37)`), and in letters the values quoted with a date. Pages
 * are the text's blank-line-separated parts, as the extraction stage writes them.
 */
export function readMarkerValues(text: string, ctx: MarkerReadContext): MarkerReading[] {
  const decimalComma = writesDecimalComma(text);
  const readings: MarkerReading[] = [];
  const seen = new Set<string>();
  text.split(/\n{2,}/).forEach((pageText, p) => {
    const emit: Emit = (marker, row, i, date, dateSource, evidence) => {
      const v = row.values[i];
      if (!v) return;
      const key = `${marker.id}|${v.value}|${row.unit?.unit ?? ''}|${date}`;
      if (seen.has(key)) return;
      seen.add(key);
      readings.push({
        marker: marker.id, value: v.value, ...(v.qualifier ? { qualifier: v.qualifier } : {}), unit: row.unit?.unit ?? '', date, dateSource,
        ...(row.reference ? { reference: row.reference } : {}), ...(row.method ? { method: row.method } : {}),
        page: p + 1, kind: ctx.kind, evidence: evidence.trim().slice(0, 200),
      });
    };
    if (ctx.kind === 'mention') { mentionsIn(pageText, ctx, decimalComma, emit); return; }
    const state: LabState = { headerDates: [], afterRow: false };
    for (const line of pageText.split('\n')) labLine(line, state, ctx, decimalComma, emit);
  });
  return readings;
}
