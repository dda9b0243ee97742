import type { Attendant, PhysicalItem } from '../casefile/schema.js';
import type { ItemStatus } from '../model/check.js';
import type { Criteria, STATED_FIELDS } from './checklist-schema.js';
import { lacksTextDate } from './text-dates.js';
import { mentionsAny, type EvidenceUnit } from './evidence.js';
import { languageName } from '../classify/language.js';
import { formatDateLong, joinWords } from './wording.js';
import { hostedResults, incompleteDetail, incompleteDocuments, splitPrimary, summaryOnlyDetail, type IncompleteDocument } from './completeness.js';

/** What one set of criteria found in the case. */
export interface CriteriaOutcome {
  status: Exclude<ItemStatus, 'not-applicable'>;
  detail?: string;
  /** The units that (at least partly) satisfied it. */
  units: EvidenceUnit[];
  attested: string[];
  /** Pictures of scans that would have counted had they been DICOM. */
  notDicom: EvidenceUnit[];
  /** forEach: the documents still without their match (their dates go into the request). */
  uncovered?: EvidenceUnit[];
  /** Documents of the right kind in another language than the item asks for: they do not count. */
  wrongLanguage?: EvidenceUnit[];
  /** perAttendant: the attendants no document names yet (their names go into the request). */
  people?: string[];
  /** primary: letters or notes that quote the result when no primary report was found (they do not count). */
  summaries?: EvidenceUnit[];
  /** complete: the documents that lack parts, with the parts they lack. */
  incomplete?: IncompleteDocument[];
  /** datedInText with no document to look at: the item waits for the document itself (another item asks for it). */
  notApplicable?: string;
}

export type StatedField = typeof STATED_FIELDS[number];

export interface EvaluationContext {
  units: readonly EvidenceUnit[];
  physical: readonly PhysicalItem[];
  asOf: string;
  /** What casepack.yaml states for `stated:` criteria, as printable lines (empty or absent: not stated). */
  stated?: Partial<Record<StatedField, string[]>>;
  attendants?: readonly Attendant[];
}

const DAY_MS = 86_400_000;

export function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(`${toIso}T00:00:00Z`) - Date.parse(`${fromIso}T00:00:00Z`)) / DAY_MS);
}

function modalityMatches(unit: EvidenceUnit, wanted: readonly string[] | undefined): boolean {
  if (!wanted) return true;
  // A report whose modality was not recognised gets the benefit of the doubt; a DICOM object always states one.
  if (unit.modalities.length === 0) return !unit.dicom;
  const want = new Set(wanted.map((m) => m.toUpperCase()));
  return unit.modalities.some((m) => want.has(m));
}

function describeAttestation(item: PhysicalItem): string {
  const kind = item.kind.replace(/-/g, ' ');
  const parts = [item.count ? `${item.count} × ${kind}` : kind];
  if (item.description) parts.push(item.description);
  if (item.shippedOn) parts.push(`sent ${formatDateLong(item.shippedOn)}`);
  if (item.courier) parts.push(`by ${item.courier}`);
  if (item.tracking) parts.push(`tracking ${item.tracking}`);
  return parts.join(', ');
}

/** Count scan dates: units on the same day are one time point; an undated unit counts on its own. */
function distinctDates(units: readonly EvidenceUnit[], withStart: boolean): { count: number; dates: string[] } {
  const dates = new Set<string>();
  let undated = 0;
  for (const u of units) {
    if (u.date) dates.add(u.date); else undated++;
    if (withStart && u.start) dates.add(u.start);
  }
  return { count: dates.size + undated, dates: [...dates].sort() };
}

/** Evaluate one set of criteria (an item, or one alternative of an anyOf). */
export function evaluateCriteria(criteria: Criteria, ctx: EvaluationContext): CriteriaOutcome {
  const outcome: CriteriaOutcome = { status: 'missing', units: [], attested: [], notDicom: [] };
  if (criteria.stated) {
    const said = criteria.stated.map((field) => ({ field, lines: ctx.stated?.[field] ?? [] }));
    if (said.every((s) => s.lines.length > 0)) {
      return { ...outcome, status: 'met', attested: said.flatMap((s) => s.lines.map((line) => `casepack.yaml ${s.field}: ${line}`)) };
    }
    if (!criteria.categories && !criteria.physical) {
      const unsaid = said.filter((s) => s.lines.length === 0).map((s) => `${s.field}:`);
      return { ...outcome, detail: `not stated in casepack.yaml (${unsaid.join(', ')})` };
    }
  }
  if (criteria.physical) {
    const kinds = new Set<string>(criteria.physical);
    const sent = ctx.physical.filter((p) => kinds.has(p.kind));
    outcome.attested = sent.map(describeAttestation);
    const minCount = criteria.minCount ?? 1;
    // Counts are checked only when every attestation gives one: an uncounted shipment is taken at its word.
    const counted = sent.every((p) => p.count !== undefined) ? sent.reduce((n, p) => n + (p.count ?? 0), 0) : undefined;
    if (sent.length && counted !== undefined && counted < minCount) {
      return { ...outcome, status: 'partial', detail: `${counted} sent; at least ${minCount} are needed` };
    }
    if (sent.length) return { ...outcome, status: 'met' };
    if (!criteria.categories) return { ...outcome, detail: 'not marked as sent in casepack.yaml (physical:)' };
  }
  if (!criteria.categories) return outcome;
  const categories = new Set<string>(criteria.categories);
  let candidates = ctx.units.filter((u) => categories.has(u.category) && modalityMatches(u, criteria.modality));
  // A result in another department's own report (the pathology lab's MMR section) is a primary source of it.
  if (criteria.primary) candidates = [...candidates, ...hostedResults(ctx.units, criteria.categories)];
  if (criteria.mentions) {
    const terms = criteria.mentions;
    candidates = candidates.filter((u) => mentionsAny(u.text, terms));
  }
  const wrongLanguage = criteria.language ? candidates.filter((u) => u.language !== undefined && u.language !== criteria.language) : [];
  if (wrongLanguage.length) {
    candidates = candidates.filter((u) => !wrongLanguage.includes(u));
    if (candidates.length === 0) {
      return { ...outcome, status: 'partial', wrongLanguage, detail: languageShortfall(wrongLanguage, criteria.language as string) };
    }
  }
  if (criteria.primary) {
    const split = splitPrimary(candidates, criteria.categories, ctx.units);
    candidates = split.primary;
    if (candidates.length === 0 && split.summaries.length > 0) {
      return { ...outcome, summaries: split.summaries, detail: summaryOnlyDetail(split.summaries, criteria.categories) };
    }
  }
  if (criteria.form === 'dicom') {
    const pictures = [
      ...candidates.filter((u) => !u.dicom),
      ...ctx.units.filter((u) => u.category === 'imaging-export' && !categories.has('imaging-export') && modalityMatches(u, criteria.modality)),
    ];
    candidates = candidates.filter((u) => u.dicom);
    if (candidates.length === 0 && pictures.length > 0) {
      return { ...outcome, status: 'partial', notDicom: pictures,
        detail: `only pictures of scans (${pictures.length} JPEG/PNG file${pictures.length === 1 ? '' : 's'}) were found, not the DICOM files a radiologist needs` };
    }
  }
  if (criteria.perAttendant) return attendantOutcome(candidates, ctx.attendants ?? [], outcome);
  outcome.units = candidates;
  if (candidates.length === 0) {
    if (criteria.datedInText) outcome.notApplicable = 'applies once the document itself is here';
    return outcome;
  }
  if (criteria.datedInText) return textDateOutcome(candidates, criteria.datedInText, ctx.asOf, outcome);

  const shortfalls: string[] = [];
  const minCount = criteria.minCount ?? 1;
  if (candidates.length < minCount) shortfalls.push(`${candidates.length} of ${minCount} needed`);
  if (criteria.minStudies) {
    const { count, dates } = distinctDates(candidates, false);
    if (count < criteria.minStudies) {
      const have = dates.length ? ` (${joinWords(dates.map(formatDateLong))})` : '';
      shortfalls.push(`${count} scan date${count === 1 ? '' : 's'}${have} of ${criteria.minStudies} needed: the latest plus earlier ones for comparison`);
    }
  }
  if (criteria.minDates) {
    const { count } = distinctDates(candidates, true);
    if (count < criteria.minDates) shortfalls.push(`values from ${count} date${count === 1 ? '' : 's'}; at least ${criteria.minDates} dates are needed to see a trend`);
  }
  if (criteria.forEach) {
    const uncovered = uncoveredBy(candidates, criteria.forEach, criteria.modality, ctx.units);
    if (uncovered.length) {
      outcome.uncovered = uncovered;
      const shown = uncovered.slice(0, 4).map(describeUnit);
      const more = uncovered.length > shown.length ? ` and ${uncovered.length - shown.length} more` : '';
      shortfalls.push(`${criteria.forEach.label} still missing for ${joinWords(shown)}${more}`);
    }
  }
  if (criteria.maxAgeDays) {
    const recency = recencyShortfall(candidates, criteria.maxAgeDays, ctx.asOf);
    if (recency) shortfalls.push(recency);
  }
  const incomplete = criteria.complete ? incompleteDocuments(candidates, criteria.complete, ctx.asOf) : [];
  if (incomplete.length) {
    outcome.incomplete = incomplete;
    shortfalls.push(incompleteDetail(incomplete));
  }
  if (shortfalls.length) return { ...outcome, status: 'partial', detail: shortfalls.join('; ') };
  return { ...outcome, status: 'met' };
}

/** Each attendant needs a document that names them (their passport copy). */
function attendantOutcome(candidates: readonly EvidenceUnit[], attendants: readonly Attendant[], outcome: CriteriaOutcome): CriteriaOutcome {
  const named = (a: Attendant, u: EvidenceUnit) => mentionsAny(u.text, [a.name, a.name.trim().split(/\s+/).reverse().join(' ')]);
  const found = candidates.filter((u) => attendants.some((a) => named(a, u)));
  const missing = attendants.filter((a) => !candidates.some((u) => named(a, u)));
  const people = missing.map((a) => a.relation ? `${a.name} (${a.relation})` : a.name);
  if (missing.length === 0) return { ...outcome, units: found, status: 'met' };
  const detail = `no copy naming ${joinWords(people)} yet`;
  return { ...outcome, units: found, people, status: found.length ? 'partial' : 'missing', detail };
}

/** The documents must say in their text when the tissue was taken; those that do not are named. */
function textDateOutcome(candidates: readonly EvidenceUnit[], kinds: readonly string[], asOf: string, outcome: CriteriaOutcome): CriteriaOutcome {
  const undated = candidates.filter((u) => lacksTextDate(u.text, kinds, asOf));
  if (undated.length === 0) return { ...outcome, status: 'met' };
  const shown = undated.slice(0, 3).map((u) => u.label);
  const more = undated.length > shown.length ? ` and ${undated.length - shown.length} more` : '';
  return {
    ...outcome,
    status: 'partial',
    uncovered: undated,
    detail: `${joinWords(shown)}${more} ${undated.length === 1 ? 'does' : 'do'} not state when the tissue was taken (a procedure, biopsy or collection date)`,
  };
}

/** "summary.pdf is in Spanish; the item asks for English". */
function languageShortfall(units: readonly EvidenceUnit[], wanted: string): string {
  const shown = units.slice(0, 3).map((u) => `${u.label} is in ${languageName(u.language ?? '')}`);
  const more = units.length > shown.length ? ` (and ${units.length - shown.length} more)` : '';
  return `${joinWords(shown)}${more}; the item asks for ${languageName(wanted)}, so ${units.length === 1 ? 'it does' : 'they do'} not count until a version in ${languageName(wanted)} or a certified translation is added`;
}

const MODALITY_WORDS: Record<string, string> = { PT: 'PET', MR: 'MRI' };

function modalityText(unit: EvidenceUnit): string {
  const m = unit.modalities.filter((x) => !['SR', 'DOC', 'OT'].includes(x));
  if (m.includes('PT') && m.includes('CT')) return 'PET-CT';
  return m.map((x) => MODALITY_WORDS[x] ?? x).join('/');
}

/** "the CT scan of 5 October 2025", "the scan reported on 5 October 2025 (MRI)". */
export function describeUnit(unit: EvidenceUnit): string {
  const date = unit.date ? formatDateLong(unit.date) : 'an unknown date';
  const modality = modalityText(unit);
  if (unit.category === 'imaging') return `the ${modality ? `${modality} ` : ''}scan of ${date}`;
  if (unit.category === 'imaging-report') return `the ${modality ? `${modality} ` : ''}scan reported on ${date}`;
  return `the ${unit.category.replace(/-/g, ' ')} of ${date}`;
}

/** Dated documents of the forEach categories with no candidate near their date (and of a compatible modality). */
function uncoveredBy(candidates: readonly EvidenceUnit[], forEach: NonNullable<Criteria['forEach']>, modality: readonly string[] | undefined, units: readonly EvidenceUnit[]): EvidenceUnit[] {
  const categories = new Set<string>(forEach.categories);
  const wanted = units.filter((u) => categories.has(u.category) && u.date !== null && modalityMatches(u, modality));
  const compatible = (a: EvidenceUnit, b: EvidenceUnit) => a.modalities.length === 0 || b.modalities.length === 0 || a.modalities.some((m) => b.modalities.includes(m));
  return wanted.filter((w) => !candidates.some((c) => c.date !== null && Math.abs(daysBetween(c.date, w.date as string)) <= forEach.withinDays && compatible(c, w)));
}

/**
 * Is the newest document recent enough? A date that reads two ways (03/04 as
 * 3 April or 4 March) still proves recency when both readings are recent
 * enough; otherwise the report says which readings are in doubt.
 */
function recencyShortfall(units: readonly EvidenceUnit[], maxAgeDays: number, asOf: string): string | undefined {
  const dated = units.map((u) => u.date).filter((d): d is string => d !== null).sort();
  // The earliest reading is the cautious one: the document is at least that recent.
  const cautious = units.filter((u) => u.date === null && u.ambiguous?.length).map((u) => [...(u.ambiguous ?? [])].sort()[0] as string);
  const newest = [...dated, ...cautious].sort().at(-1);
  if (!newest) return 'no date was found on them, so it is not known whether they are recent';
  const age = daysBetween(newest, asOf);
  if (age <= maxAgeDays) return undefined;
  const doubtful = units.filter((u) => u.date === null && u.ambiguous?.some((d) => daysBetween(d, asOf) <= maxAgeDays));
  if (doubtful.length) {
    const readings = joinWords((doubtful[0]?.ambiguous ?? []).map(formatDateLong));
    return `the newest date can be read two ways (${readings}); only one of them is recent enough. Set dateOrder (DMY or MDY) in casepack.yaml`;
  }
  return `the newest is from ${formatDateLong(newest)}, ${age} days before ${formatDateLong(asOf)}; it should be at most ${maxAgeDays} days old`;
}

const RANK = { met: 2, partial: 1, missing: 0 } as const;

/** anyOf: the best alternative wins (met over partial over missing; the first on a tie). */
export function evaluateAlternatives(alternatives: readonly Criteria[], ctx: EvaluationContext): CriteriaOutcome & { label?: string } {
  let best: (CriteriaOutcome & { label?: string }) | undefined;
  for (const alt of alternatives) {
    const outcome = evaluateCriteria(alt, ctx);
    if (!best || RANK[outcome.status] > RANK[best.status]) {
      best = { ...outcome };
      if (alt.label) best.label = alt.label;
    }
  }
  if (!best || best.status === 'missing') {
    const labels = alternatives.map((a, i) => a.label ?? `option ${i + 1}`);
    return { status: 'missing', units: [], attested: [], notDicom: [], detail: `none of: ${labels.join('; ')}` };
  }
  return best;
}
