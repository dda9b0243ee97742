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

/** "the KRAS result… appears only in letter.pdf (30 October 2025); the full report itself is needed". */
export function summaryOnlyDetail(summaries: readonly EvidenceUnit[], categories: readonly CategoryId[]): string {
  const kind = categories.map((c) => RESULT_OF[c]).find((k) => k !== undefined);
  const what = kind ? `the ${RESULT_WORDS[kind]} result` : `the ${categoryDefinition(categories[0] ?? 'other').displayName.toLowerCase()}`;
  const shown = summaries.slice(0, 3).map((u) => `${u.label}${u.date ? ` (${formatDateLong(u.date)})` : ''}`);
  const more = summaries.length > shown.length ? ` and ${summaries.length - shown.length} more` : '';
  return `a summary was found, not the report itself: ${what} appears only in ${joinWords(shown)}${more}; the full ${categoryDefinition(categories[0] ?? 'other').displayName.toLowerCase()} is needed`;
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
