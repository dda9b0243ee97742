import type { CaseFile } from '../casefile/schema.js';
import { applyFindingPolicy } from '../casefile/policy.js';
import { finding } from '../findings/codes.js';
import { sortFindings } from '../findings/sort.js';
import { CHECK_SCHEMA_VERSION, type CheckResult, type ItemResult } from '../model/check.js';
import type { Finding } from '../model/finding.js';
import type { ScanResult } from '../model/scan.js';
import { categoryDefinition } from '../model/categories.js';
import type { ChecklistItem, ResolvedChecklist } from './checklist-schema.js';
import { evaluateAlternatives, evaluateCriteria, type CriteriaOutcome, type EvaluationContext } from './evaluate.js';
import { collectEvidence, type EvidenceUnit } from './evidence.js';
import { factPhrase } from './facts.js';
import { imagingCompleteness } from './imaging-completeness.js';
import { followUpRequests, requestableItems } from './requests-followup.js';
import { fillWording } from './wording.js';
import { incompleteRequest, quotedOnlyIn, quotedResultPhrase, quotingDocument, quotingPhrase, resultKindOf, summaryRequest } from './completeness.js';

export interface CheckOptions {
  caseFile?: CaseFile;
  /** ISO date the recency rules count from; default: the case file's asOf, else today (UTC). */
  asOf?: string;
}

type FactState = { applies: true; assumed: string[] } | { applies: false };

/** `when` facts: false when a stated fact rules the item out; unknown facts are collected as assumed. */
function factState(item: ChecklistItem, facts: Record<string, boolean>): FactState {
  const assumed: string[] = [];
  for (const [name, expected] of Object.entries(item.when ?? {})) {
    if (!Object.hasOwn(facts, name)) { assumed.push(name); continue; }
    if (facts[name] !== expected) return { applies: false };
  }
  return { applies: true, assumed };
}

/** Dates that make the request concrete: the related documents' dates, and what was found so far. */
function requestValues(item: ChecklistItem, outcome: CriteriaOutcome, units: readonly EvidenceUnit[]): { dates: string[]; modality?: string } {
  // forEach shortfalls: ask precisely for what is still missing, by its date.
  if (outcome.uncovered?.length) {
    const dates = outcome.uncovered.map((u) => u.date).filter((d): d is string => d !== null);
    const modalities = [...new Set(outcome.uncovered.flatMap((u) => u.modalities))];
    return modalities.length ? { dates, modality: modalities.join('/') } : { dates };
  }
  const relevant = relevantUnits(item, outcome, units);
  const dates = relevant.map((u) => u.date).filter((d): d is string => d !== null);
  const modalities = [...new Set(relevant.flatMap((u) => u.modalities))];
  const values: { dates: string[]; modality?: string } = { dates };
  if (modalities.length) values.modality = modalities.join('/');
  return values;
}

function relevantUnits(item: ChecklistItem, outcome: CriteriaOutcome, units: readonly EvidenceUnit[]): EvidenceUnit[] {
  const related = new Set<string>(item.related ?? []);
  const wanted = item.modality?.map((m) => m.toUpperCase());
  return [
    ...outcome.units,
    ...outcome.notDicom,
    ...units.filter((u) => related.has(u.category) && (!wanted || u.modalities.length === 0 || u.modalities.some((m) => wanted.includes(m)))),
  ];
}

/**
 * The documents a request is about, for the letter's "documents concerned": those still without their match
 * (forEach, datedInText), else the related ones found. Each once, oldest first, undated last; the date is the
 * clinical one or null ("date unknown"), never a file's timestamp (collectEvidence drops those).
 */
function requestDocuments(item: ChecklistItem, outcome: CriteriaOutcome, units: readonly EvidenceUnit[]): { label: string; date: string | null; phrase?: string }[] {
  // Only a letter quotes the result: the records office is told which letter, so it can find the report it quotes.
  if (outcome.summaries?.length) {
    const categories = [...(item.categories ?? []), ...(item.anyOf ?? []).flatMap((c) => c.categories ?? [])];
    return outcome.summaries.slice(0, 8).map((u) => ({ label: documentLabel(u), date: u.date, phrase: quotedOnlyIn([u], categories) }));
  }
  const chosen = outcome.uncovered?.length ? outcome.uncovered : outcome.incomplete?.length ? outcome.incomplete.map((d) => d.unit) : relevantUnits(item, outcome, units);
  const seen = new Set<string>();
  const out: { label: string; date: string | null }[] = [];
  for (const unit of chosen) {
    const doc = { label: documentLabel(unit), date: unit.date };
    const key = `${doc.label}|${doc.date ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(doc);
  }
  return out.sort((a, b) => (a.date ?? '9999') < (b.date ?? '9999') ? -1 : (a.date ?? '9999') > (b.date ?? '9999') ? 1 : 0).slice(0, 8);
}

/** "CT scan", "Pathology report": what a records office calls it (the family's file names mean nothing to them). */
function documentLabel(unit: EvidenceUnit): string {
  const modality = modalityWords(unit.modalities);
  if (unit.category === 'imaging' || unit.category === 'imaging-export') return modality ? `${modality} scan` : 'Scan';
  if (unit.category === 'imaging-report') return modality ? `${modality} scan report` : 'Scan report';
  return categoryDefinition(unit.category).displayName;
}

function modalityWords(modalities: readonly string[]): string {
  const set = new Set(modalities.filter((m) => !['SR', 'DOC', 'OT', 'KO', 'PR'].includes(m)));
  if (set.has('PT') && set.has('CT')) return 'PET-CT';
  return [...set].map((m) => m === 'PT' ? 'PET' : m === 'MR' ? 'MRI' : m).join('/');
}

/** The request as the report and the letters show it: filled wording, and the documents it is about with their dates. */
function requestOf(item: ChecklistItem, outcome: CriteriaOutcome, units: readonly EvidenceUnit[]): NonNullable<ItemResult['request']> {
  const values = requestValues(item, outcome, units);
  const filled = fillWording(item.request.wording, outcome.people?.length ? { ...values, people: outcome.people } : values);
  // Ask for exactly what is wrong: the report itself instead of the letter quoting it, or the parts a copy lacks.
  const wording = [filled, outcome.summaries?.length ? summaryRequest(outcome.summaries) : undefined,
    outcome.incomplete?.length ? incompleteRequest(outcome.incomplete) : undefined].filter(Boolean).join(' ');
  const request: NonNullable<ItemResult['request']> = { department: item.request.department, wording };
  if (!item.request.letter) request.letter = false;
  const documents = requestDocuments(item, outcome, units);
  if (documents.length) request.documents = documents;
  return request;
}

/** casepack.yaml fields `stated:` criteria look at, as printable lines. */
function statedLines(caseFile: CaseFile | undefined): NonNullable<EvaluationContext['stated']> {
  return {
    questions: caseFile?.questions?.filter((q) => q.trim()) ?? [],
    allergies: caseFile?.allergies?.filter((a) => a.trim()) ?? [],
    diagnosis: caseFile?.diagnosis?.trim() ? [caseFile.diagnosis.trim()] : [],
    treatments: (caseFile?.treatments ?? []).map((t) => `${t.name} from ${t.start}`),
  };
}

function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Evaluate a checklist against a scanned case. Pure: no I/O. Scan findings are
 * folded in; the case file's finding policy (ignore / severity) applies to all.
 */
export function checkCase(scan: ScanResult, checklist: ResolvedChecklist, options: CheckOptions = {}): CheckResult {
  const caseFile = options.caseFile;
  const asOf = options.asOf ?? caseFile?.asOf ?? todayIso();
  // Whether someone travels with the patient is known from the case file itself (attendants:), never assumed.
  const facts: Record<string, boolean> = { attendants: (caseFile?.attendants?.length ?? 0) > 0, ...caseFile?.facts };
  const units = collectEvidence(scan);
  const ctx: EvaluationContext = { units, physical: caseFile?.physical ?? [], asOf, stated: statedLines(caseFile), attendants: caseFile?.attendants ?? [] };
  const items: ItemResult[] = [];
  const itemFindings: Finding[] = [];
  const factUse = new Map<string, string[]>();
  // The same JPEGs can fail several DICOM items (latest scan, prior scans): name them once.
  const picturesFlagged = new Set<string>();

  for (const item of checklist.items) {
    for (const name of Object.keys(item.when ?? {})) factUse.set(name, [...(factUse.get(name) ?? []), item.id]);
    const base = { id: item.id, title: item.title, why: item.why };
    const state = factState(item, facts);
    if (!state.applies) {
      const reason = Object.entries(item.when ?? {}).map(([name, value]) => factPhrase(name, value)).join(' and ');
      items.push({ ...base, severity: item.severity, status: 'not-applicable', detail: `applies only if ${reason}`, satisfiedBy: [] });
      continue;
    }
    const outcome = item.anyOf ? evaluateAlternatives(item.anyOf, ctx) : evaluateCriteria(item, ctx);
    if (outcome.notApplicable) {
      items.push({ ...base, severity: item.severity, status: 'not-applicable', detail: outcome.notApplicable, satisfiedBy: [] });
      continue;
    }
    const request = requestOf(item, outcome, units);
    const result: ItemResult = { ...base, severity: item.severity, status: outcome.status, satisfiedBy: outcome.units.map((u) => u.key), request };
    if (outcome.detail) result.detail = outcome.detail;
    if (outcome.attested.length) result.attested = outcome.attested;
    if ('label' in outcome && typeof outcome.label === 'string') result.alternative = outcome.label;
    if (outcome.summaries?.length) {
      result.summaries = outcome.summaries.map((u) => u.key);
      const kind = resultKindOf([...(item.categories ?? []), ...(item.anyOf ?? []).flatMap((c) => c.categories ?? [])]);
      result.quotedIn = outcome.summaries.map((u) => {
        const doc = quotingDocument(u);
        return { document: doc.document, result: quotedResultPhrase(kind, [u.text], 'the result'), date: doc.date, ...(doc.author ? { author: doc.author } : {}), phrase: quotingPhrase(doc) };
      });
    }
    if (outcome.incomplete?.length) result.incomplete = outcome.incomplete.map((d) => ({ document: d.unit.key, missing: d.missing.map((p) => ({ id: p.id, label: p.label })) }));
    if (state.assumed.length) {
      result.assumedFacts = state.assumed;
      // Unknown facts: the item is still checked (better to ask than to miss it), but a
      // required item cannot make the case incomplete on a fact nobody stated.
      if (outcome.status !== 'met' && item.severity === 'required') {
        result.severity = 'recommended';
        result.checklistSeverity = 'required';
        const phrase = state.assumed.map((name) => factPhrase(name)).join(' and ');
        result.detail = [`needed only if ${phrase}; casepack.yaml does not say (facts:), so it is listed as recommended`, outcome.detail].filter(Boolean).join('; ');
      }
    }
    items.push(result);
    itemFindings.push(...findingsFor(result, outcome, picturesFlagged));
  }

  // Requests already sent: ticked off against the items just evaluated, overdue ones raise a finding.
  const followed = followUpRequests(caseFile?.requests ?? [], items, asOf, requestableItems(checklist));
  // Each imaging report's own study, whole: only when the checklist asks for scans at all.
  const imaging = checklist.items.some(asksForScans) ? imagingCompleteness(scan, units) : [];
  const findings = sortFindings(applyFindingPolicy([...scan.findings, ...itemFindings, ...followed.findings, ...imaging], caseFile));
  const blocking = items.filter((i) => i.severity === 'required' && (i.status === 'missing' || i.status === 'partial'));
  const errors = findings.filter((f) => f.severity === 'error').length;
  const result: CheckResult = {
    schemaVersion: CHECK_SCHEMA_VERSION,
    case: scan.root,
    checklist: {
      id: checklist.id, title: checklist.title, source: checklist.source,
      ...(checklist.description ? { description: checklist.description } : {}),
      ...(checklist.sources.length ? { sources: checklist.sources } : {}),
    },
    asOf,
    status: blocking.length === 0 && errors === 0 ? 'complete' : 'incomplete',
    items,
    ...(followed.requests.length ? { requests: followed.requests } : {}),
    findings,
    summary: {
      requiredMissing: items.filter((i) => i.severity === 'required' && i.status === 'missing').length,
      recommendedMissing: items.filter((i) => i.severity === 'recommended' && i.status === 'missing').length,
      partial: items.filter((i) => i.status === 'partial').length,
      met: items.filter((i) => i.status === 'met').length,
      errors,
      warnings: findings.filter((f) => f.severity === 'warning').length,
    },
  };
  if (factUse.size) {
    result.facts = [...factUse.entries()].sort(([a], [b]) => compare(a, b)).map(([name, ids]) => {
      const known = Object.hasOwn(facts, name);
      return { name, value: known ? facts[name] ?? null : null, source: known ? 'case-file' as const : 'unknown' as const, items: ids };
    });
  }
  return result;
}

function findingsFor(item: ItemResult, outcome: CriteriaOutcome, picturesFlagged: Set<string>): Finding[] {
  if (item.status === 'met' || item.status === 'not-applicable') return [];
  const required = item.severity === 'required';
  const ask = item.request ? `Ask ${item.request.department}: "${item.request.wording}"` : undefined;
  const details = { item: item.id };
  const pictures = outcome.notDicom.flatMap((u) => u.paths);
  if (pictures.length && !pictures.every((p) => picturesFlagged.has(p))) {
    for (const p of pictures) picturesFlagged.add(p);
    return [finding('IMAGING_NOT_DICOM', pictures, {
      severity: required ? 'error' : 'warning',
      message: `${item.title}: only pictures (JPEG/PNG) of the scans are here, not the DICOM files.`,
      ...(ask ? { hint: ask } : {}),
      details,
    })];
  }
  if (item.status === 'partial' && outcome.incomplete?.length) {
    return [finding('DOCUMENT_INCOMPLETE', outcome.incomplete.flatMap((d) => d.unit.paths).slice(0, 50), {
      severity: required ? 'error' : 'warning',
      message: `${item.title}: ${item.detail ?? 'a document is incomplete'}.`,
      ...(ask ? { hint: ask } : {}),
      details: { ...details, missing: [...new Set(outcome.incomplete.flatMap((d) => d.missing.map((p) => p.id)))].join(', ') },
    })];
  }
  if (item.status === 'missing' && outcome.summaries?.length) {
    return [finding('PRIMARY_REPORT_MISSING', outcome.summaries.flatMap((u) => u.paths).slice(0, 50), {
      severity: required ? 'error' : 'warning',
      message: `${item.title}: ${item.detail ?? 'only a summary was found'}.`,
      ...(ask ? { hint: ask } : {}),
      details,
    })];
  }
  if (item.status === 'partial') {
    return [finding('ITEM_PARTIAL', [...outcome.units, ...(outcome.wrongLanguage ?? [])].flatMap((u) => u.paths).slice(0, 50), {
      severity: required ? 'error' : 'warning',
      message: `${item.title} is only partly there: ${item.detail ?? 'see the report'}.`,
      ...(ask ? { hint: ask } : {}),
      details,
    })];
  }
  return [finding(required ? 'ITEM_MISSING' : 'ITEM_RECOMMENDED_MISSING', [], {
    message: `${required ? 'Missing' : 'Missing (recommended)'}: ${item.title}.`,
    ...(ask ? { hint: ask } : {}),
    details,
  })];
}

function asksForScans(item: ChecklistItem): boolean {
  return [item, ...(item.anyOf ?? [])].some((criteria) => criteria.categories?.includes('imaging') ?? false);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export { loadChecklist, listBuiltinChecklists, ChecklistError, ChecklistSchema, type ResolvedChecklist } from './checklist-schema.js';
