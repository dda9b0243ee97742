import { categoryDefinition, type CategoryId } from '../model/categories.js';
import type { ResultKind } from '../model/scan.js';
import type { CompletenessPart, Criteria } from './checklist-schema.js';
import type { EvidenceUnit } from './evidence.js';
import { lacksTextDate } from './text-dates.js';
import { formatDateLong, joinWords, pronounFor } from './wording.js';

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

/**
 * A result reported inside another department's own report: the pathology lab's report with its MMR
 * immunohistochemistry or PD-L1 section is that lab's own report of the result, not a letter quoting it.
 * Only a result with its reading counts (MLH1 retained, PD-L1 TPS 5%, KRAS p.G12D), never "PD-L1 requested".
 */
const RESULT_SECTION_LINES: Partial<Record<ResultKind, readonly RegExp[]>> = {
  molecular: [
    /\b(MLH1|MSH2|MSH6|PMS2)\b[^\n]{0,40}\b(retained|intact|preserved|lost|loss|absent|deficient)\b/i,
    /\bPD-?L1\b[^\n]{0,80}(\bTPS\b|\bCPS\b|tumou?r proportion score|combined positive score|\d+\s*%)/i,
    /\b(MSI[- ]?(H|L|high|low)|MSS|microsatellite (stable|instability[- ]?(high|low)))\b/i,
    /\b(mismatch repair|MMR)\b[^\n]{0,40}\b(proficient|deficient|intact|retained|lost)\b/i,
    /\b(HER2|ERBB2)\b[^\n]{0,40}(\b[0-3]\+|\bscore\s*[0-3]\b|\bamplified\b|\bnot amplified\b)/i,
    /\b(KRAS|NRAS|EGFR|BRAF|PIK3CA|IDH[12]|TP53|BRCA[12])\b[^\n]{0,30}(\bp\.[A-Z][a-z]{0,2}\d+|\bc\.\d+|\bexon \d+|\bG12[A-Z]\b|\bV600E\b|\bwild[- ]type\b|\bno (mutation|variant)s? (was |were )?detected\b)/i,
    /\b(ALK|ROS1|NTRK[1-3]?)\b[^\n]{0,40}\b(rearrange\w*|fusion|positive|negative)\b/i,
  ],
};
/** A heading that opens such a section; lines under it belong to it. */
const SECTION_HEADING = /^\s*(immunohistochem\w*|IHC|biomarkers?|molecular( (studies|testing|results))?|mismatch repair( proteins?)?|MMR|PD-?L1|ancillary (studies|tests))\b[^\n]{0,40}$/i;

/**
 * The part of a report that reports a `kind` result: each line that gives one, with its heading and the lines
 * around it (the antibody clone is often on the line above the score). Empty when the report gives none.
 */
export function resultSection(text: string, kind: ResultKind): string {
  const patterns = RESULT_SECTION_LINES[kind];
  if (!patterns) return '';
  const lines = text.split('\n');
  const keep = new Set<number>();
  lines.forEach((line, i) => {
    if (!patterns.some((p) => p.test(line))) return;
    for (let j = Math.max(0, i - 2); j <= Math.min(lines.length - 1, i + 3); j++) keep.add(j);
    // The section's heading, when it is a few lines up.
    for (let j = i - 1; j >= Math.max(0, i - 8); j--) if (SECTION_HEADING.test(lines[j] ?? '')) { keep.add(j); break; }
  });
  return [...keep].sort((a, b) => a - b).map((i) => lines[i]).join('\n');
}

/** Report categories that may hold another kind's result in a section of their own (a pathology report's IHC). */
const HOSTS: Partial<Record<ResultKind, readonly CategoryId[]>> = { molecular: ['pathology-report'] };

/**
 * The primary reports of other categories that report the wanted result in a section of their own, each as a
 * unit whose text is that section only, so its completeness is judged like the wanted report's relevant part
 * (a pathology report's MMR section is asked for its MMR result, not for a variant list).
 */
export function hostedResults(units: readonly EvidenceUnit[], categories: readonly CategoryId[]): EvidenceUnit[] {
  const kind = resultKindOf(categories);
  const hosts = new Set<string>(kind ? HOSTS[kind] ?? [] : []);
  if (!kind || hosts.size === 0) return [];
  const wanted = new Set<string>(categories);
  const out: EvidenceUnit[] = [];
  for (const unit of units) {
    if (!hosts.has(unit.category) || wanted.has(unit.category) || unit.source === 'summary') continue;
    const section = resultSection(unit.text, kind);
    if (section) out.push({ ...unit, text: section, hostedBy: unit.category });
  }
  return out;
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
  return `The copy we have${dates.length ? ` (of ${joinWords(dates)})` : ''} lacks ${joinWords(labels)}: please send the complete report that includes ${pronounFor(labels) === 'it' ? 'it' : 'them'}.`;
}

export function summaryRequest(summaries: readonly EvidenceUnit[]): string {
  const dates = [...new Set(summaries.map((u) => u.date).filter((d): d is string => d !== null))].map(formatDateLong);
  return `We have only a letter or summary${dates.length ? ` of ${joinWords(dates)}` : ''} that quotes the result; please send the full report itself.`;
}
