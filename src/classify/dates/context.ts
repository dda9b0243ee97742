import type { DateMention } from './candidates.js';
import { DATE_LABELS, EXCLUDED_KINDS, REFERENCE_BLOCK_HEADING, type DateKind, type DateLabel, type ExcludedKind } from './labels.js';
import { DATE_LABELS_I18N } from './labels-i18n.js';

/**
 * Ties each date mention to the label that introduces it, in this order:
 * inside a "Reference ranges" block → never chosen; the nearest label before
 * it on the same line; a header row of as many labels as the row has dates
 * (by position); the label of the date just before it in a single-spaced row;
 * a column header above it (laid-out text) or a label alone on the line above
 * ("Date of procedure:\n12/09/2025"); the label of the date before it in a
 * wide-spaced row; else unlabelled.
 */
export interface LabelledMention extends DateMention {
  kind: DateKind | ExcludedKind;
  labelId?: string;
  /** Where the evidence snippet starts (the label, or a little before the date). */
  evidenceStart: number;
  /** The label's words when they are not on the date's line (line or column header above). */
  labelAbove?: string;
  /** The label sits inside a sentence rather than heading a field: it may describe another event. */
  inProse?: boolean;
}

export interface LabelHit { id: string; kind: DateKind | ExcludedKind; index: number; end: number }

/** How far before a date (same line) a label may start; keeps a label from reaching across a sentence. */
const LABEL_WINDOW = 60;
/** Longest gap between a label and its date: "Reported by Dr A. Smith on" fits. */
const LABEL_GAP = 32;
/** Table rows between a column header and a date; header labels further up are not trusted. */
const HEADER_LOOKBACK_LINES = 10;

/**
 * Each label's pattern, compiled once. A phrase label (labels-i18n.ts) starts its phrases with lookarounds over
 * every letter, mark and digit, which irregexp compiles for each phrase on the pattern's first use (~50 ms a
 * label, most of the date finder's cost in a run of small documents) and tries at every position of the text:
 * - a gate skips the label in a text where none of its phrases occurs (the phrases without their lookarounds:
 *   a necessary condition, under the same flags), so an English report never compiles it;
 * - a lookahead for the characters its phrases start with lets the scan pass over the other positions at once.
 * Both match exactly what the label's own pattern matches (test/classify/dates-context-scan.test.ts).
 */
interface LabelScanner { label: DateLabel; pattern(): RegExp; gate?: RegExp; wholeText: boolean }

const LABEL_SCANNERS: readonly LabelScanner[] = DATE_LABELS.map(scannerFor);

function scannerFor(label: DateLabel): LabelScanner {
  const phrases = DATE_LABELS_I18N.find((l) => l.id === label.id)?.phrases ?? [];
  const firsts = new Set(phrases.map((phrase) => String.fromCodePoint(phrase.codePointAt(0) ?? 0)));
  const compiled = (source: string): (() => RegExp) => {
    let pattern: RegExp | undefined;
    // Built on first use: a /u pattern over letter classes costs milliseconds to parse, and most texts never open the gate.
    return () => (pattern ??= new RegExp(source, label.pattern.flags));
  };
  // A label whose pattern reads across line ends (the German stay "vom … bis …", its context on the next line)
  // cannot be matched inside a window of lines: it reads the whole text.
  const wholeText = /\\s|\\n/.test(label.pattern.source);
  if (phrases.length === 0 || [...firsts].some((ch) => /\s/.test(ch))) return { label, pattern: compiled(label.pattern.source), wholeText };
  const inClass = [...firsts].map((ch) => (/[\\\][^-]/.test(ch) ? `\\${ch}` : ch)).join('');
  // A phrase's words with its gaps, without the lookarounds: what the phrase pattern holds between them.
  const bodies = phrases.map((phrase) => phrase.split(' ').map(escapeRegExp).join('[ \\t]+'));
  return {
    label,
    pattern: compiled(`(?=[${inClass}])(?:${label.pattern.source})`),
    wholeText,
    gate: new RegExp([...new Set(bodies)].join('|'), label.pattern.flags.replace(/[gym]/g, '')),
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A stretch of the text from a line's start to a line's end: labels never span lines, so a window holds whole ones. */
interface Window { start: number; end: number }

/**
 * Every label match in the windows (default: the whole text), overlapping ones too, by position in `text`.
 * Exported for the test that holds it to the labels' own patterns.
 */
export function labelsIn(text: string, windows: readonly Window[] = [{ start: 0, end: text.length }]): LabelHit[] {
  const hits: LabelHit[] = [];
  for (const scanner of LABEL_SCANNERS) {
    const { label, gate } = scanner;
    if (gate && !gate.test(text)) continue;
    const pattern = scanner.pattern();
    for (const window of scanner.wholeText ? [{ start: 0, end: text.length }] : windows) {
      const segment = window.start === 0 && window.end === text.length ? text : text.slice(window.start, window.end);
      // Overlapping matches too: in "Collection date Report date" the report label must not lose its "Report"
      // to a "date Report" match; distinctLabels() and nearest() choose among them.
      pattern.lastIndex = 0;
      for (let match = pattern.exec(segment); match; match = pattern.exec(segment)) {
        const index = window.start + match.index;
        hits.push({ id: label.id, kind: label.kind, index, end: index + match[0].length });
        pattern.lastIndex = match.index + 1;
      }
    }
  }
  return hits;
}

/**
 * The label ending nearest `before` (ties: the longer, more specific one). A bare "Date" right after another
 * label ("Sample Drawn Date:") only completes that label, which says what the date is.
 */
function nearest(hits: LabelHit[], before: number): LabelHit | undefined {
  const ordered = hits
    .filter((hit) => hit.end <= before)
    .sort((a, b) => b.end - a.end || (b.end - b.index) - (a.end - a.index));
  const first = ordered[0];
  if (first?.id !== 'letter') return first;
  return ordered.find((hit) => hit.id !== 'letter' && hit.end <= first.index && first.index - hit.end <= 2) ?? first;
}

interface Line { start: number; end: number }

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === '\n') {
      lines.push({ start, end: i });
      start = i + 1;
    }
  }
  return lines;
}

function lineIndexAt(lines: Line[], offset: number): number {
  let low = 0;
  let high = lines.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((lines[mid] as Line).start <= offset) low = mid; else high = mid - 1;
  }
  return low;
}

/** Longest "Reference ranges" block: pdf.js text often has no blank line to end it. */
const REFERENCE_BLOCK_MAX_LINES = 20;

/**
 * Line numbers inside a "Reference ranges" / "Normal values" block: from its heading to the next blank line,
 * the next line with a clinical date label (the report went on), or at most REFERENCE_BLOCK_MAX_LINES.
 */
function referenceBlockLines(text: string, lines: Line[], hitsByLine: Map<number, LabelHit[]>): Set<number> {
  const inside = new Set<number>();
  let openedAt: number | undefined;
  lines.forEach((line, number) => {
    const content = text.slice(line.start, line.end);
    if (REFERENCE_BLOCK_HEADING.test(content)) openedAt = number;
    else if (openedAt !== undefined) {
      const clinicalLabel = (hitsByLine.get(number) ?? []).some((hit) => !EXCLUDED_KINDS.has(hit.kind));
      if (content.trim() === '' || clinicalLabel || number - openedAt > REFERENCE_BLOCK_MAX_LINES) openedAt = undefined;
    }
    if (openedAt !== undefined) inside.add(number);
  });
  return inside;
}

/**
 * The lines whose labels can bear on a date: each date's line and the lines above it that the rules below
 * read (a column header or a label alone up to HEADER_LOOKBACK_LINES non-empty lines up, a reference block
 * opened up to REFERENCE_BLOCK_MAX_LINES + 1 lines up), as windows of whole lines. A long report's other
 * pages are not scanned for labels at all.
 */
function windowsNearDates(text: string, lines: Line[], dateLines: ReadonlySet<number>): Window[] {
  const near = new Uint8Array(lines.length);
  for (const dateLine of dateLines) {
    let nonEmpty = 0;
    for (let n = dateLine; n >= 0; n--) {
      near[n] = 1;
      const line = lines[n] as Line;
      if (n < dateLine && text.slice(line.start, line.end).trim() !== '') nonEmpty++;
      if (dateLine - n > REFERENCE_BLOCK_MAX_LINES && nonEmpty >= HEADER_LOOKBACK_LINES) break;
    }
  }
  const windows: Window[] = [];
  for (let n = 0; n < lines.length; n++) {
    if (!near[n]) continue;
    const first = n;
    while (n + 1 < lines.length && near[n + 1]) n++;
    windows.push({ start: (lines[first] as Line).start, end: (lines[n] as Line).end });
  }
  return windows;
}

/** Every label in the windows (default the whole text), found once and filed by line (labels never span lines). */
function labelsByLine(text: string, lines: Line[], windows?: readonly Window[]): Map<number, LabelHit[]> {
  const byLine = new Map<number, LabelHit[]>();
  for (const hit of labelsIn(text, windows)) {
    const number = lineIndexAt(lines, hit.index);
    const bucket = byLine.get(number);
    if (bucket) bucket.push(hit); else byLine.set(number, [hit]);
  }
  return byLine;
}

/**
 * `scan`: `near-dates` (the default) reads labels only where they can bear on a date; `whole-text` reads them
 * everywhere, for the test that holds the two to the same answer.
 */
export function labelMentions(text: string, mentions: DateMention[], scan: 'near-dates' | 'whole-text' = 'near-dates'): LabelledMention[] {
  const lines = splitLines(text);
  const mentionsByLine = new Map<number, DateMention[]>();
  for (const mention of mentions) {
    const number = lineIndexAt(lines, mention.index);
    const bucket = mentionsByLine.get(number);
    if (bucket) bucket.push(mention); else mentionsByLine.set(number, [mention]);
  }
  const hitsByLine = labelsByLine(text, lines, scan === 'near-dates' ? windowsNearDates(text, lines, new Set(mentionsByLine.keys())) : undefined);
  const referenceLines = referenceBlockLines(text, lines, hitsByLine);
  const labelled: LabelledMention[] = [];

  mentions.forEach((mention, position) => {
    const lineNumber = lineIndexAt(lines, mention.index);
    const line = lines[lineNumber] as Line;
    const previous = position > 0 ? mentions[position - 1] : undefined;
    const previousOnLine = previous && previous.end <= mention.index && previous.end >= line.start ? previous : undefined;
    const windowStart = Math.max(line.start, previousOnLine?.end ?? line.start, mention.index - LABEL_WINDOW);
    const before = text.slice(windowStart, mention.index);

    const result = (kind: LabelledMention['kind'], labelId: string | undefined, evidenceStart: number, extra: { labelAbove?: string; inProse?: boolean } = {}): void => {
      labelled.push({ ...mention, kind, ...(labelId ? { labelId } : {}), evidenceStart, ...(extra.labelAbove ? { labelAbove: extra.labelAbove } : {}), ...(extra.inProse ? { inProse: true } : {}) });
    };

    if (referenceLines.has(lineNumber)) return result('reference-range', 'reference-block', windowStart);

    const lineHits = (hitsByLine.get(lineNumber) ?? []).filter((hit) => hit.index >= windowStart);
    const sameLine = nearest(lineHits, mention.index);
    if (sameLine && mention.index - sameLine.end <= LABEL_GAP) {
      return result(sameLine.kind, sameLine.id, sameLine.index, { inProse: isInProse(text, line, sameLine, mention) });
    }

    const header = headerByPosition(text, lines, hitsByLine, mentionsByLine, lineNumber, mention);
    if (header) return result(header.kind, header.id, mention.index, { labelAbove: text.slice(header.index, header.end) });

    // Nothing but separators before the date in its cell (cells split at wide gaps, tabs, bars): the label is
    // above it, or it continues a row of dates.
    const cell = before.split(/ {2,}|\t|\|/).pop() ?? '';
    if (/^[\s:,;()[\]*-]*$/.test(cell)) {
      const prior = previousOnLine ? labelled[labelled.length - 1] : undefined;
      const gap = prior ? text.slice(prior.end, mention.index) : '';
      const inherit = (): void => {
        const from = prior as LabelledMention;
        result(from.kind, from.labelId, mention.index, { labelAbove: from.labelAbove ?? text.slice(from.evidenceStart, from.index).trim() });
      };
      // Dates a single space apart are one row of flowing text ("Test 26.05.2024 23.06.2024"): they share a label.
      if (prior && /^[ ,;]{1,2}$/.test(gap)) return inherit();
      const above = labelAbove(text, lines, hitsByLine, mentionsByLine, lineNumber, mention);
      if (above) return result(above.kind, above.id, mention.index, { labelAbove: text.slice(above.index, above.end) });
      if (prior && prior.kind !== 'unlabelled' && gap.trim().length <= 3) return inherit();
    }
    // A letter's own date: alone on a line under the letterhead, or ending a short signature line at the foot.
    if (isOwnDateLine(text, lines, lineNumber, mention)) return result('letter', 'own-date-line', mention.index);
    // Evidence for an unlabelled date is the date alone: the words before it may be a name.
    return result('unlabelled', undefined, mention.index);
  });
  return labelled;
}

/** Non-empty lines from the top (and from the foot) where a letter prints its own date. */
const OWN_DATE_TOP_LINES = 15;
const OWN_DATE_FOOT_LINES = 12;
const OWN_DATE_LINE_MAX = 80;

/**
 * A date a letter gives itself, not one it quotes: the only thing on its line near the top ("July 15, 2025"
 * under the address), or ending a short line at the foot ("Consultant Oncologist, 14 November 2025"). A date
 * inside a sentence ("her biopsy on 12/09/2025 showed") is neither.
 */
function isOwnDateLine(text: string, lines: Line[], lineNumber: number, mention: DateMention): boolean {
  const line = lines[lineNumber] as Line;
  const before = text.slice(line.start, mention.index).trim();
  const after = text.slice(mention.end, line.end).trim();
  if (after.replace(/^[\s,.;:)]*(\d{1,2}:\d{2}(?:\s*[ap]m)?)?\s*$/i, '') !== '' || line.end - line.start > OWN_DATE_LINE_MAX) return false;
  const nonEmpty = (from: number, to: number): number => lines.slice(from, to).filter((l) => text.slice(l.start, l.end).trim() !== '').length;
  const fromTop = nonEmpty(0, lineNumber);
  const fromFoot = nonEmpty(lineNumber + 1, lines.length);
  const alone = /^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?)?$/i.test(before);
  if (alone) return fromTop < OWN_DATE_TOP_LINES || fromFoot < OWN_DATE_FOOT_LINES;
  // At the foot, after a signer's role: a short line that is no sentence.
  return fromFoot < OWN_DATE_FOOT_LINES && /,$/.test(before) && !/[.;]/.test(before);
}

/**
 * "Date of procedure: 12/09/2025" is a field of this document; "a biopsy performed on 01/02/2024" in a history
 * paragraph (label after a lower-case word, no colon) may be about another event.
 */
function isInProse(text: string, line: Line, label: LabelHit, mention: DateMention): boolean {
  const afterSentenceWord = /\b[a-z]{2,},?[ \t]+$/.test(text.slice(Math.max(line.start, label.index - 20), label.index));
  const fieldColon = /^[ \t]*[:=]/.test(text.slice(label.end, mention.index));
  return afterSentenceWord && !fieldColon;
}

/**
 * A label above the date: a column header whose columns overlap the date's (pdftotext -layout keeps table
 * columns aligned), else a label standing alone on the line just above ("Date of procedure:" then the date).
 */
function labelAbove(
  text: string, lines: Line[], hitsByLine: Map<number, LabelHit[]>, mentionsByLine: Map<number, DateMention[]>,
  lineNumber: number, mention: DateMention,
): LabelHit | undefined {
  const line = lines[lineNumber] as Line;
  // Two columns of slack: headers and values are not always aligned to the character.
  const column = mention.index - line.start - 2;
  const columnEnd = mention.end - line.start + 2;
  let checked = 0;
  for (let n = lineNumber - 1; n >= 0 && checked < HEADER_LOOKBACK_LINES; n--) {
    const above = lines[n] as Line;
    const content = text.slice(above.start, above.end);
    if (content.trim() === '') continue;
    checked++;
    // A label with its own date right after it ("Reported: 2024-07-22") is a field, not a column header.
    const onLine = mentionsByLine.get(n) ?? [];
    const hits = (hitsByLine.get(n) ?? []).filter((hit) => !onLine.some((m) => m.index >= hit.end && m.index - hit.end <= LABEL_GAP));
    const overlapOf = (hit: LabelHit): number => Math.min(hit.end - above.start, columnEnd) - Math.max(hit.index - above.start, column);
    const header = hits
      .filter((hit) => overlapOf(hit) > 0)
      .sort((a, b) => overlapOf(b) - overlapOf(a) || (b.end - b.index) - (a.end - a.index))[0];
    if (header) return header;
    if (checked === 1) {
      const last = nearest(hits, above.end);
      if (last && /^[\s:.-]*$/.test(text.slice(last.end, above.end))) {
        if (text.slice(above.start, last.index).trim() === '') return last;
        // A sentence wrapped between its label and the date ("die sich vom 20.12.2033 bis zum" / "28.12.2033 in
        // unserer Behandlung befand"): the label ending the line above belongs to the date opening this one.
        if (text.slice(line.start, mention.index).trim() === '') return last;
      }
    }
  }
  return undefined;
}

/** Overlapping hits ("Report date" and its "date") are one label: keep the longest. */
function distinctLabels(hits: LabelHit[]): LabelHit[] {
  const kept: LabelHit[] = [];
  for (const hit of [...hits].sort((a, b) => (b.end - b.index) - (a.end - a.index))) {
    if (!kept.some((k) => k.index < hit.end && hit.index < k.end)) kept.push(hit);
  }
  return kept.sort((a, b) => a.index - b.index);
}

/**
 * A header row of N date labels over a row of N dates: the k-th date belongs to the k-th label. This holds
 * whether or not the text kept its columns (pdf.js joins cells with single spaces), where column overlap fails.
 */
function headerByPosition(
  text: string, lines: Line[], hitsByLine: Map<number, LabelHit[]>, mentionsByLine: Map<number, DateMention[]>,
  lineNumber: number, mention: DateMention,
): LabelHit | undefined {
  const row = mentionsByLine.get(lineNumber) ?? [];
  if (row.length < 2) return undefined;
  let n = lineNumber - 1;
  while (n >= 0 && text.slice((lines[n] as Line).start, (lines[n] as Line).end).trim() === '') n--;
  if (n < 0 || (mentionsByLine.get(n) ?? []).length > 0) return undefined;
  const headers = distinctLabels(hitsByLine.get(n) ?? []);
  if (headers.length !== row.length) return undefined;
  return headers[row.indexOf(mention)];
}
