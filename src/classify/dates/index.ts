import { format } from 'date-fns/format';
import type { ClinicalDate } from '../../model/scan.js';
import type { CategoryId } from '../../model/categories.js';
import type { DateOrder } from '../../casefile/schema.js';
import { findDateMentions } from './candidates.js';
import { labelMentions, type LabelledMention } from './context.js';
import { filenameDate } from './filename.js';
import { EXCLUDED_KINDS, SERIES_KINDS, kindWeight, type DateKind } from './labels.js';
import { documentOrder } from './order.js';
import { normaliseDateToken } from './tokens.js';

export { normaliseDateToken } from './tokens.js';
export { dicomClinicalDate, slideClinicalDate } from './tags.js';

/**
 * The clinically meaningful date of one document.
 *
 * Precedence: content, then file name, then file metadata. Within content the
 * label next to a date decides (weights per category in labels.ts); birth,
 * expiry, appointment and reference-range dates, dates after `today` and
 * before 1900 are never chosen.
 *
 * Month-only dates ("Jul 2019") are skipped, never chosen: in reports they
 * name past history ("diagnosed Jul 2019"), not the document's event, and
 * turning them into the 1st of the month would invent a day. A document whose
 * only dates are month-only gets its date from the file name or metadata, or
 * none (then the classifier reports DATE_MISSING and a person can set it).
 *
 * Split scans: each page is judged by its own text first; a page without text
 * gets only the weak, shared scan date of its file name, at low confidence.
 *
 * Day/month order of a numeric date: a date in the same document valid only
 * one way settles it; else the case file's `dateOrder`; else a file name date
 * equal to one reading; else, when one reading is in the future, the other
 * (less confident); else `date: null` with both readings in `ambiguous`.
 *
 * Confidence, roughly: 0.9–0.95 a date under the label the category wants;
 * 0.6–0.8 a weaker label (report, letter "Date:"); 0.45–0.55 an unlabelled
 * date; 0.5 a file name a person wrote; 0.2–0.3 a device's file name
 * (WhatsApp, camera, scanner; 0.2 for one page of a split scan); 0.2 PDF/EXIF
 * metadata; 0.1 the file's modification time. Ambiguous results carry 0.6 of
 * what the date would have had.
 *
 * `kind` says what the date is: procedure, collection, received, operation,
 * exam, admission, discharge, visit, report, letter, printed, unlabelled,
 * collection-series (labs: `start`..`date`), whatsapp-received, photo-taken,
 * screenshot, scan-date, filename, file-created, file-modified.
 */
export interface DateInput {
  /** Extracted document text (may be empty: scanned PDFs). */
  text?: string;
  /** Case-relative path; the base name is a weak hint. */
  filename: string;
  /** Decides which labelled date matters. */
  category: CategoryId;
  /** From casepack.yaml. */
  dateOrder?: DateOrder;
  /** Never choose a date after today. */
  today: Date;
  /** Last resort, low confidence, source 'file-metadata'. */
  fileMtime?: Date;
  /** e.g. PDF CreationDate (ISO): also 'file-metadata'. */
  metadataDate?: string;
  /**
   * The patient's known birth dates (casepack.yaml, DICOM PatientBirthDate), ISO. Optional, additive to the
   * issue's contract: a date equal to one is never chosen from any source, labelled or not.
   */
  birthDates?: readonly string[];
}

const EARLIEST = '1900-01-01';
/** A label met in a sentence counts for less than one heading a field. */
const PROSE_FACTOR = 0.85;
const EVIDENCE_MAX = 60;

/** A content date after the rules: one date, both readings, or excluded. */
interface Resolved {
  mention: LabelledMention;
  kind: DateKind;
  iso?: string;
  readings?: [string, string];
  /** How day/month order was settled, for confidence. */
  settledBy?: 'document' | 'case-file' | 'only-plausible' | 'file-name';
}

function isPlausible(iso: string, todayIso: string): boolean {
  return iso >= EARLIEST && iso <= todayIso;
}

function resolveMention(mention: LabelledMention, order: { document?: DateOrder; caseFile?: DateOrder }, todayIso: string): Resolved | undefined {
  if (EXCLUDED_KINDS.has(mention.kind)) return undefined;
  const kind = mention.kind as DateKind;
  if (mention.iso) return isPlausible(mention.iso, todayIso) ? { mention, kind, iso: mention.iso } : undefined;
  if (!mention.readings) return undefined;
  const [dayFirst, monthFirst] = mention.readings;
  const settled = order.document ?? order.caseFile;
  if (settled) {
    const iso = settled === 'DMY' ? dayFirst : monthFirst;
    return isPlausible(iso, todayIso) ? { mention, kind, iso, settledBy: order.document ? 'document' : 'case-file' } : undefined;
  }
  const plausible = mention.readings.filter((iso) => isPlausible(iso, todayIso));
  if (plausible.length === 2) return { mention, kind, readings: mention.readings };
  if (plausible.length === 1) return { mention, kind, iso: plausible[0] as string, settledBy: 'only-plausible' };
  return undefined;
}

function evidenceOf(text: string, mention: LabelledMention): string {
  const own = text.slice(mention.evidenceStart, mention.end);
  const snippet = (mention.labelAbove ? `${mention.labelAbove.replace(/[\s:]+$/, '')}: ${own}` : own).replace(/\s+/g, ' ').trim();
  return snippet.length <= EVIDENCE_MAX ? snippet : `…${snippet.slice(snippet.length - EVIDENCE_MAX + 1)}`;
}

const SETTLED_FACTOR: Record<NonNullable<Resolved['settledBy']>, number> = {
  'document': 0.95, 'case-file': 0.9, 'file-name': 0.85, 'only-plausible': 0.8,
};

function round(value: number): number {
  return Math.round(Math.min(1, Math.max(0, value)) * 100) / 100;
}

function contentConfidence(weight: number, settledBy: Resolved['settledBy'], competing: boolean): number {
  // A labelled date of the kind the category cares about is near-certain; an unlabelled one among others is a guess.
  let confidence = 0.45 + 0.5 * weight;
  if (settledBy) confidence *= SETTLED_FACTOR[settledBy];
  if (competing) confidence -= 0.1;
  return round(confidence);
}

/**
 * Labs and markers: every sample date is kept; `start` is the earliest, `date`
 * the latest. Sample dates are the collection-labelled ones; only when there
 * are none do the plain dates of a cumulative table count (a lab sheet's lone
 * "Date:" with one "Collected:" is one sample, not a series).
 */
function labSeries(resolved: Resolved[], text: string): ClinicalDate | undefined {
  const sampled = resolved.filter((r) => r.kind === 'collection' || r.kind === 'procedure');
  const points = sampled.length > 0 ? sampled : resolved.filter((r) => SERIES_KINDS.has(r.kind));
  if (points.some((p) => p.readings)) return undefined;
  const dates = [...new Set(points.map((p) => p.iso as string))].sort();
  if (dates.length < 2) return undefined;
  const latest = points.find((p) => p.iso === dates[dates.length - 1]) as Resolved;
  const settled = points.flatMap((p) => (p.settledBy ? [SETTLED_FACTOR[p.settledBy]] : [1]));
  return {
    date: latest.iso as string,
    start: dates[0] as string,
    source: 'content',
    confidence: round((sampled.length > 0 ? 0.9 : 0.65) * Math.min(...settled)),
    kind: 'collection-series',
    evidence: evidenceOf(text, latest.mention),
  };
}

/** Categories whose document covers a period: a stay, a course of treatment. */
const STAY_CATEGORIES: ReadonlySet<CategoryId> = new Set(['discharge-summary']);
const COURSE_CATEGORIES: ReadonlySet<CategoryId> = new Set(['treatment-history', 'radiotherapy-record']);
/** A row of a cycle table: the cycle's number, then its date ("3 14/07/2025 202 mg …", "C2 24/02/2025"). */
const CYCLE_ROW = /^[ \t]*(?:c(?:ycle)?[ \t]*)?\d{1,2}[ \t.:)|-]+$/i;

function periodFrom(first: Resolved, last: Resolved, kind: string, text: string): ClinicalDate {
  const settled = [first, last].map((r) => (r.settledBy ? SETTLED_FACTOR[r.settledBy] : 1));
  const start = first.iso as string;
  const end = last.iso as string;
  const evidence = start === end ? evidenceOf(text, last.mention) : `${evidenceOf(text, first.mention)} … ${evidenceOf(text, last.mention)}`;
  return {
    date: end,
    ...(start < end ? { start } : {}),
    source: 'content',
    confidence: round(0.95 * Math.min(...settled)),
    kind,
    evidence: evidence.length <= EVIDENCE_MAX * 2 ? evidence : evidence.slice(0, EVIDENCE_MAX * 2),
  };
}

/**
 * A document about a period keeps it: a discharge summary from admission to discharge, a treatment record
 * from its first to its last day (labelled start and end, or the rows of a cycle table). `date` is the end.
 */
function periodOf(category: CategoryId, resolved: Resolved[], text: string): ClinicalDate | undefined {
  // A stay told in a sentence ("die sich vom … bis zum … in unserer stationären Behandlung befand") is this letter's own.
  const dated = resolved.filter((r) => r.iso && (!r.mention.inProse || r.mention.labelId?.startsWith('stay.')));
  const byIso = (a: Resolved, b: Resolved): number => ((a.iso as string) < (b.iso as string) ? -1 : (a.iso as string) > (b.iso as string) ? 1 : 0);
  const earliest = (kind: DateKind): Resolved | undefined => dated.filter((r) => r.kind === kind).sort(byIso)[0];
  const latest = (kind: DateKind): Resolved | undefined => dated.filter((r) => r.kind === kind).sort(byIso).pop();
  if (STAY_CATEGORIES.has(category)) {
    const admitted = earliest('admission');
    const discharged = latest('discharge');
    if (admitted && discharged && (admitted.iso as string) <= (discharged.iso as string)) return periodFrom(admitted, discharged, 'admission-discharge', text);
    return undefined;
  }
  if (!COURSE_CATEGORIES.has(category)) return undefined;
  const started = earliest('treatment-start');
  const ended = latest('treatment-end');
  if (started && ended && (started.iso as string) <= (ended.iso as string)) return periodFrom(started, ended, 'treatment-course', text);
  const rows = dated.filter((r) => (r.kind === 'unlabelled' || r.kind === 'letter') && CYCLE_ROW.test(text.slice(text.lastIndexOf('\n', r.mention.index - 1) + 1, r.mention.index))).sort(byIso);
  if (rows.length >= 2) return periodFrom(rows[0] as Resolved, rows[rows.length - 1] as Resolved, 'treatment-cycles', text);
  return undefined;
}

/**
 * A letter reports what happened before it was written: where it gives its own date (a date line under the
 * address, "Arztbrief vom …", "Date:"), a later date in it is a plan ("Tumorboard-Vorstellung am …" a few days on),
 * not the clinical date. Letters only: a discharge summary's "Date:" may be the day it was dictated, before the
 * discharge it records, and a lab sheet's "Date" columns are a series.
 */
function withinOwnDate(category: CategoryId, resolved: Resolved[]): Resolved[] {
  if (category !== 'clinical-summary') return resolved;
  const own = resolved.filter((r) => r.kind === 'letter' && r.iso && !r.mention.inProse).map((r) => r.iso as string).sort().pop();
  if (!own) return resolved;
  return resolved.filter((r) => r.kind === 'letter' || !r.iso || r.iso <= own);
}

/** pdf.js may join two printed lines with no break ("02/05/2025Date of discharge: …"): split them again so the second line's label is a label. */
function contentText(text: string): string {
  return text.replace(/(\d{1,2}[./-]\d{1,2}[./-]\d{2,4})(?=\p{Lu}\p{Ll})/gu, '$1\n');
}

/**
 * A text's labelled date mentions, found ahead of `findClinicalDate` (issue 15: the scan reads each PDF's
 * text while the decode worker still runs, and the mentions are most of the date finder's work). They depend
 * on the text and `today` alone; everything that depends on the rest of the case (birth dates found by
 * group, the category, the day/month order, the file name) is applied after, by findClinicalDate.
 */
const mentionsAhead = new Map<string, { todayMs: number; mentions: LabelledMention[] }>();
/** Texts held at most: in a very large case the rest are read when classified, as before. */
const MENTIONS_AHEAD_MAX = 2_000;

/** Find `text`'s date mentions now, for one later `findClinicalDate` of the very same text and `today`. */
export function findDateMentionsAhead(text: string, today: Date): void {
  const content = contentText(text);
  if (!content.trim() || mentionsAhead.size >= MENTIONS_AHEAD_MAX) return;
  mentionsAhead.set(content, { todayMs: today.getTime(), mentions: labelMentions(content, findDateMentions(content, today)) });
}

/** Texts whose mentions were found ahead and not yet taken (for tests). */
export function dateMentionsAheadCount(): number {
  return mentionsAhead.size;
}

/** Drop the mentions found ahead and not used (a file whose category or text changed, a scan that stopped). */
export function forgetDateMentionsAhead(): void {
  mentionsAhead.clear();
}

function mentionsOf(text: string, today: Date): LabelledMention[] {
  const ahead = mentionsAhead.get(text);
  if (ahead) {
    mentionsAhead.delete(text);
    if (ahead.todayMs === today.getTime()) return ahead.mentions;
  }
  return labelMentions(text, findDateMentions(text, today));
}

function fromContent(input: DateInput, todayIso: string, fileHint: string | undefined): ClinicalDate | undefined {
  const text = contentText(input.text ?? '');
  if (!text.trim()) return undefined;
  const mentions = mentionsOf(text, input.today);
  // A birth date repeated elsewhere without its label is still a birth date.
  const birthDates = new Set([...(input.birthDates ?? []), ...mentions.filter((m) => m.kind === 'birth').flatMap((m) => m.iso ? [m.iso] : m.readings ?? [])]);
  const order = { document: documentOrder(mentions), caseFile: input.dateOrder };
  const resolved = withinOwnDate(input.category, mentions
    .map((m) => resolveMention(m, order, todayIso))
    .filter((r): r is Resolved => r !== undefined)
    // A print date says when someone printed the file, never when anything clinical happened, even when it is the
    // only date: then the file name or metadata (shown as such) are more honest.
    .filter((r) => r.kind !== 'printed')
    .filter((r) => !(r.iso && birthDates.has(r.iso)) && !(r.readings && r.readings.every((iso) => birthDates.has(iso)))));
  if (resolved.length === 0) return undefined;

  if (input.category === 'lab-results') {
    const series = labSeries(resolved, text);
    if (series) return series;
  }

  const period = periodOf(input.category, resolved, text);
  if (period) return period;

  const scored = resolved.map((r, position) => ({ r, position, weight: kindWeight(input.category, r.kind) * (r.mention.inProse ? PROSE_FACTOR : 1) }));
  scored.sort((a, b) => b.weight - a.weight || a.position - b.position);
  const best = scored[0] as (typeof scored)[number];
  const distinct = new Set(resolved.map((r) => r.iso ?? r.readings?.join('|')));
  const competing = best.r.kind === 'unlabelled' && distinct.size > 1;
  let { iso, settledBy } = best.r;
  if (!iso && best.r.readings && fileHint && best.r.readings.includes(fileHint)) {
    iso = fileHint;
    settledBy = 'file-name';
  }
  const base = { source: 'content' as const, kind: best.r.kind, evidence: evidenceOf(text, best.r.mention) };
  if (!iso) {
    return { ...base, date: null, confidence: round(contentConfidence(best.weight, undefined, competing) * 0.6), ambiguous: best.r.readings as [string, string] };
  }
  return { ...base, date: iso, confidence: contentConfidence(best.weight, settledBy, competing) };
}

function fromFilename(input: DateInput, todayIso: string): ClinicalDate | undefined {
  const found = filenameDate(input.filename, input.dateOrder, input.today);
  if (!found) return undefined;
  // A device's date is when the file was made or received; a split page shares it with every other page.
  const confidence = found.weak ? (found.splitPage ? 0.2 : 0.3) : 0.5;
  const evidence = found.raw.slice(0, EVIDENCE_MAX);
  if (found.iso) {
    return isPlausible(found.iso, todayIso) ? { date: found.iso, source: 'filename', confidence, kind: found.kind, evidence } : undefined;
  }
  const plausible = (found.readings ?? []).filter((iso) => isPlausible(iso, todayIso));
  if (plausible.length === 1) return { date: plausible[0] as string, source: 'filename', confidence: round(confidence * 0.8), kind: found.kind, evidence };
  if (plausible.length === 2) return { date: null, source: 'filename', confidence: round(confidence * 0.6), kind: found.kind, evidence, ambiguous: found.readings as [string, string] };
  return undefined;
}

function fromMetadata(input: DateInput, todayIso: string): ClinicalDate | undefined {
  // Metadata dates arrive as ISO, maybe with a time: the calendar day is the first ten characters.
  const metadataIso = input.metadataDate && /^\d{4}-\d{2}-\d{2}/.test(input.metadataDate) ? normaliseDateToken(input.metadataDate.slice(0, 10)).iso : undefined;
  if (metadataIso && isPlausible(metadataIso, todayIso)) {
    return { date: metadataIso, source: 'file-metadata', confidence: 0.2, kind: 'file-created', evidence: 'document metadata' };
  }
  if (input.fileMtime && !Number.isNaN(input.fileMtime.getTime())) {
    const mtimeIso = format(input.fileMtime, 'yyyy-MM-dd');
    if (isPlausible(mtimeIso, todayIso)) return { date: mtimeIso, source: 'file-metadata', confidence: 0.1, kind: 'file-modified', evidence: 'file modification time' };
  }
  return undefined;
}

/** A file-name or metadata date equal to a known birth date is the birth date, not the document's. */
function notBirthDate(result: ClinicalDate | undefined, input: DateInput): ClinicalDate | undefined {
  const known = new Set(input.birthDates ?? []);
  if (!result) return undefined;
  if (result.date && known.has(result.date)) return undefined;
  if (result.ambiguous?.every((iso) => known.has(iso))) return undefined;
  return result;
}

export function findClinicalDate(input: DateInput): ClinicalDate | null {
  const todayIso = format(input.today, 'yyyy-MM-dd');
  const fromName = notBirthDate(fromFilename(input, todayIso), input);
  // Only a name a person wrote may settle day/month order; a device's download or scan day can match a reading by chance.
  const nameHint = fromName?.kind === 'filename' ? fromName.date ?? undefined : undefined;
  return fromContent(input, todayIso, nameHint)
    ?? fromName
    ?? notBirthDate(fromMetadata(input, todayIso), input)
    ?? null;
}
