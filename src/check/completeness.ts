import { categoryDefinition, type CategoryId } from '../model/categories.js';
import type { ResultKind } from '../model/scan.js';
import type { CompletenessPart, Criteria } from './checklist-schema.js';
import type { EvidenceUnit } from './evidence.js';
import { lacksTextDate } from './text-dates.js';
import { formatDateLong, joinWords } from './wording.js';

/**
 * Two questions the guides ask of a document beyond its category: is it the primary report or a summary that
 * quotes it (`primary: true`), and does it hold every part a complete report of its type holds (`complete:`)?
 * Both are declarative in the checklist; the detectors named there are here.
 */

/** The result a report category holds, as summaries quote it. */
const RESULT_OF: Partial<Record<CategoryId, ResultKind>> = {
  'molecular-report': 'molecular',
  'pathology-report': 'pathology',
  'imaging-report': 'imaging',
};

/** The kind of result the first report category among `categories` holds. */
export function resultKindOf(categories: readonly CategoryId[]): ResultKind | undefined {
  return categories.map((c) => RESULT_OF[c]).find((k) => k !== undefined);
}

const RESULT_WORDS: Record<ResultKind, string> = { molecular: 'molecular', pathology: 'pathology', imaging: 'scan' };

export interface PrimarySplit {
  /** Candidates that may count: primary reports, and documents not judged (benefit of the doubt). */
  primary: EvidenceUnit[];
  /** Summaries of the wanted categories, and summaries elsewhere that quote the wanted kind of result. */
  summaries: EvidenceUnit[];
}

/** Split the candidates of a `primary: true` criterion; summaries of other categories that quote the result join them. */
export function splitPrimary(candidates: readonly EvidenceUnit[], categories: readonly CategoryId[], units: readonly EvidenceUnit[]): PrimarySplit {
  const kinds = new Set(categories.map((c) => RESULT_OF[c]).filter((k): k is ResultKind => k !== undefined));
  const wanted = new Set<string>(categories);
  const quoting = units.filter((u) => u.source === 'summary' && !wanted.has(u.category) && (u.mentions ?? []).some((k) => kinds.has(k)));
  return {
    primary: candidates.filter((u) => u.source !== 'summary'),
    summaries: [...candidates.filter((u) => u.source === 'summary'), ...quoting],
  };
}

const TITLES = String.raw`(?:Dr\.?|Doctor|Prof\.?|Professor|Mr\.?|Mrs\.?|Ms\.?|Miss)`;
const NAME = String.raw`[A-Z](?:[\p{L}'-]+|\.?(?=[ \t]+[A-Z]))(?:[ \t]+[A-Z]\.?(?=[ \t]))?(?:[ \t]+[A-Z][\p{L}'-]+){0,2}`;
/** Who signed a letter: the name under its closing, or the one a "dictated by"/"from" line gives; a title is required, so a stray capitalised line is no author. */
const AUTHOR_PATTERNS: readonly RegExp[] = [
  // The closing words in either case; the name itself must be capitalised (no 'i' flag).
  new RegExp(String.raw`(?:[Yy]ours (?:[Ss]incerely|[Ff]aithfully|[Tt]ruly)|[Ss]incerely|[Kk]ind [Rr]egards|[Bb]est [Rr]egards|[Ww]ith best wishes)[,.]?[ \t]*\n\s*(${TITLES}[ \t]+${NAME})`, 'u'),
  new RegExp(String.raw`\b(?:[Dd]ictated|[Ww]ritten|[Ss]igned|[Ff]rom)(?:[ \t]+by)?[ \t]*:?[ \t]*(${TITLES}[ \t]+${NAME})`, 'u'),
];

/** "Dr Rafael Ortiz" from a letter's signature, or undefined when it names nobody with a title. */
export function letterAuthor(text: string): string | undefined {
  for (const pattern of AUTHOR_PATTERNS) {
    const match = pattern.exec(text);
    const name = match?.[1]?.replace(/\s+/g, ' ').replace(/^(\w+)\./, '$1').trim();
    // "Dr Ortiz, Consultant…": the name stops at the first comma or line end, and a title alone is no name.
    if (name && name.split(' ').length >= 2) return name;
  }
  return undefined;
}

const GENE = /\b(KRAS|NRAS|EGFR|BRAF|ALK|ROS1|HER2|ERBB2|PIK3CA|TP53|BRCA[12]|NTRK\d?|MET|RET|IDH[12]|FGFR\d?|MSI|MMR|PD-?L1)\b/;

/** "the KRAS result" when a letter names the gene it quotes, else "the molecular result". */
export function quotedResultPhrase(kind: ResultKind | undefined, texts: readonly string[], fallback: string): string {
  if (kind === 'molecular') {
    const genes = [...new Set(texts.map((t) => GENE.exec(t)?.[1]).filter((g): g is string => g !== undefined))];
    if (genes.length === 1) return `the ${genes[0]} result`;
  }
  return kind ? `the ${RESULT_WORDS[kind]} result` : fallback;
}

/** What a summary is called in a sentence: "letter", "discharge summary", "clinic note". */
function summaryNoun(unit: EvidenceUnit): string {
  if (unit.category === 'discharge-summary') return 'discharge summary';
  if (/\b(clinic|progress|consultation) note\b/i.test(unit.text)) return 'clinic note';
  if (/\bdear\b/i.test(unit.text)) return 'letter';
  return categoryDefinition(unit.category).displayName.toLowerCase();
}

/** One quoting document, structured: the report and the letters phrase it from this. */
export interface QuotingDocument { document: string; category: CategoryId; date: string | null; author?: string; noun: string }

export function quotingDocument(unit: EvidenceUnit): QuotingDocument {
  const author = unit.kind === 'file' ? letterAuthor(unit.text) : undefined;
  return { document: unit.key, category: unit.category, date: unit.date, noun: summaryNoun(unit), ...(author ? { author } : {}) };
}

/** "Dr Rafael Ortiz's letter of 30 October 2025 (Letters/clinic.pdf)"; without an author "the clinical summary of 30 October 2025 (…)"; undated "… (date unknown)". */
export function quotingPhrase(doc: QuotingDocument): string {
  const whose = doc.author ? `${doc.author}'s ${doc.noun}` : `the ${doc.noun}`;
  return `${whose}${doc.date ? ` of ${formatDateLong(doc.date)}` : ', date unknown,'} (${doc.document})`.replace(/,\s*\(/, ' (');
}

/** "the KRAS result appears only in Dr Rafael Ortiz's letter of 30 October 2025 (Letters/clinic.pdf)". */
export function quotedOnlyIn(summaries: readonly EvidenceUnit[], categories: readonly CategoryId[]): string {
  const kind = categories.map((c) => RESULT_OF[c]).find((k) => k !== undefined);
  const what = quotedResultPhrase(kind, summaries.map((u) => u.text), `the ${categoryDefinition(categories[0] ?? 'other').displayName.toLowerCase()}`);
  const shown = summaries.slice(0, 3).map((u) => quotingPhrase(quotingDocument(u)));
  const more = summaries.length > shown.length ? ` and ${summaries.length - shown.length} more` : '';
  return `${what} appears only in ${joinWords(shown)}${more}`;
}

/** "a summary was found, not the report itself: the KRAS result appears only in Dr X's letter of 30 October 2025 (letters/clinic.pdf); the full molecular report is needed". */
export function summaryOnlyDetail(summaries: readonly EvidenceUnit[], categories: readonly CategoryId[]): string {
  return `a summary was found, not the report itself: ${quotedOnlyIn(summaries, categories)}; the full ${categoryDefinition(categories[0] ?? 'other').displayName.toLowerCase()} is needed`;
}

export interface IncompleteDocument { unit: EvidenceUnit; missing: CompletenessPart[] }

function patternFound(patterns: readonly string[] | undefined, text: string): boolean {
  return (patterns ?? []).some((p) => new RegExp(p, 'im').test(text));
}

function detectorFound(part: CompletenessPart, unit: EvidenceUnit, asOf: string): boolean {
  return (part.detectors ?? []).some((d) => d === 'dicom-rt-plan'
    ? unit.dicom && unit.modalities.includes('RTPLAN')
    : !lacksTextDate(unit.text, ['procedure', 'collection', 'operation', 'exam'], asOf));
}

/** The parts each document lacks; a part with `appliesIf` is asked only of documents it applies to. */
export function incompleteDocuments(units: readonly EvidenceUnit[], parts: NonNullable<Criteria['complete']>, asOf: string): IncompleteDocument[] {
  const out: IncompleteDocument[] = [];
  for (const unit of units) {
    const missing = parts.filter((part) => (!part.appliesIf || patternFound(part.appliesIf, unit.text))
      && !patternFound(part.anyOf, unit.text) && !detectorFound(part, unit, asOf));
    if (missing.length) out.push({ unit, missing });
  }
  return out;
}

/** "NGS.pdf (2 May 2025) is there but incomplete: it lacks the variant allele fraction (VAF) of each variant". */
export function incompleteDetail(documents: readonly IncompleteDocument[]): string {
  return documents.slice(0, 3).map(({ unit, missing }) => `${unit.label}${unit.date ? ` (${formatDateLong(unit.date)})` : ''} is there but incomplete: it lacks ${joinWords(missing.map((p) => p.label))}`).join('; ')
    + (documents.length > 3 ? `; and ${documents.length - 3} more` : '');
}

/** The sentence a request adds, asking for exactly what is missing. */
export function incompleteRequest(documents: readonly IncompleteDocument[]): string {
  const labels = [...new Set(documents.flatMap((d) => d.missing.map((p) => p.label)))];
  const dates = [...new Set(documents.map((d) => d.unit.date).filter((d): d is string => d !== null))].map(formatDateLong);
  return `The copy we have${dates.length ? ` (of ${joinWords(dates)})` : ''} lacks ${joinWords(labels)}: please send the complete report that includes ${labels.length === 1 ? 'it' : 'them'}.`;
}

export function summaryRequest(summaries: readonly EvidenceUnit[]): string {
  const dates = [...new Set(summaries.map((u) => u.date).filter((d): d is string => d !== null))].map(formatDateLong);
  return `We have only a letter or summary${dates.length ? ` of ${joinWords(dates)}` : ''} that quotes the result; please send the full report itself.`;
}
