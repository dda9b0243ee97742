import path from 'node:path';
import type { CheckResult, ItemResult, RequestedItem, RequestFollowUp } from '../model/check.js';
import type { Finding } from '../model/finding.js';
import type { ScanResult } from '../model/scan.js';
import { factPhrase } from '../check/facts.js';
import { formatDateLong, isPluralPhrase, joinWords } from '../check/wording.js';
import { problemFiles } from '../plan/left-out.js';
import type { CaseFile } from '../casefile/schema.js';
import { composeRequestEmail, renderToDoText } from './request-letters.js';

/**
 * What every check report shows, computed once so the terminal, Markdown and
 * HTML reports cannot drift apart: items grouped the way a family reads them,
 * requests grouped by department, and file problems.
 */
export interface CheckView {
  caseName: string;
  checklistTitle: string;
  checklistId: string;
  checklistDescription?: string;
  checklistSources: string[];
  asOf: string;
  asOfLong: string;
  complete: boolean;
  headline: string;
  /** "5 of 13 items there · 4 partly there · 3 missing (0 needed, 3 recommended)". */
  countsLine: string;
  missingRequired: ItemView[];
  missingRecommended: ItemView[];
  /** Met items (partly met ones sit in the missing groups, with their detail). */
  present: ItemView[];
  notApplicable: ItemView[];
  requests: DepartmentRequests[];
  /** Requests already sent (casepack.yaml `requests:`), followed up: oldest first. */
  sentRequests: SentRequestView[];
  /** Letters found instead of the report they quote, and reports that lack a part. */
  documentGaps: DocumentGapView[];
  fileProblems: FindingGroup[];
  /** Problem files (empty, damaged, cut short, refused archives), each with its plain problem: not packed as if fine. */
  problemFiles: { source: string; problem: string }[];
  /** True when the build packs them under Problems/ (`--include-problem-files`); otherwise they are kept out. */
  problemFilesPacked: boolean;
  assumedFacts: { name: string; phrase: string; items: string[] }[];
  counts: { items: number; met: number; missingRequired: number; missingRecommended: number; partial: number; errors: number; warnings: number };
}

export interface ItemView {
  item: ItemResult;
  /** ✓ met, ◐ partly, ✗ missing, – not needed. */
  mark: '✓' | '◐' | '✗' | '–';
  statusText: string;
  /** What satisfied it, in readable labels (at most a few, then "and N more"). */
  evidence: string[];
}

export interface DepartmentRequests {
  department: string;
  requests: { itemId: string; title: string; wording: string; required: boolean; why: string; documents: { label: string; date: string | null }[]; letter: boolean }[];
  /** A ready-to-send message for this department (the family's own to-do list when nothing goes to a department). */
  email: string;
}

export interface SentRequestView {
  department: string;
  /** "Pathology, asked on 3 March 2025 by email". */
  heading: string;
  state: RequestFollowUp['state'];
  /** ✓ all received, … waiting, ! overdue. */
  mark: '✓' | '…' | '!';
  statusText: string;
  items: { label: string; mark: '✓' | '◐' | '✗' | '?' | '–'; statusText: string }[];
  followUp?: string;
  /** The table row: "6 October 2025", 20, "overdue"; the items asked for in one cell. */
  sentLong: string;
  businessDays: number;
  /** outstanding while within the 15 business days the guides give, overdue past them, received when all arrived. */
  status: 'outstanding' | 'overdue' | 'received';
  /** "the pathology report (outstanding); the slides (received)". */
  itemsText: string;
}

/**
 * A document that is there but does not do its job: a letter that only quotes a result the report of which is
 * missing, or a report that lacks a part. What it is, what is missing, and whom to ask.
 */
export interface DocumentGapView {
  kind: 'summary-only' | 'incomplete';
  /** Case-relative path. */
  document: string;
  /** The checklist item it was counted for. */
  itemTitle: string;
  /** "Dr Rafael Ortiz's letter of 30 October 2025 quotes the KRAS result; not the lab's own report" / "lacks the VAF of each variant". */
  what: string;
  missing: string[];
  ask?: string;
}

export interface FindingGroup {
  code: string;
  severity: Finding['severity'];
  message: string;
  hint: string;
  paths: string[];
  count: number;
}

const MAX_EVIDENCE = 4;

const NON_IMAGE_MODALITIES = new Set(['SR', 'DOC', 'KO', 'PR', 'SEG', 'REG', 'RTPLAN', 'RTSTRUCT', 'RTDOSE', 'RTRECORD', 'ECG', 'OT']);

/** Codes that only restate a checklist item: shown as the item, not again as file problems (IMAGING_NOT_DICOM stays: it names the picture files). */
/** Codes the "Requests sent" section says in full, with the follow-up wording. */
export const SENT_REQUEST_CODES = ['REQUEST_OVERDUE', 'REQUEST_ITEM_UNMATCHED'];

const ITEM_CODES = new Set(['ITEM_MISSING', 'ITEM_RECOMMENDED_MISSING', 'ITEM_PARTIAL', ...SENT_REQUEST_CODES]);

function statusText(item: ItemResult): string {
  switch (item.status) {
    case 'met': return item.alternative ? `there (${item.alternative})` : 'there';
    case 'partial': return 'partly there';
    case 'missing': return 'missing';
    default: return 'not needed for this case';
  }
}

function markOf(item: ItemResult): ItemView['mark'] {
  return item.status === 'met' ? '✓' : item.status === 'partial' ? '◐' : item.status === 'missing' ? '✗' : '–';
}

interface StudyEntry { study: ScanResult['dicom']['studies'][number]; images: number; reports: number }

/** One pass over the files, so labelling stays linear on a 30,000-slice case. */
function studyIndex(scan: ScanResult | undefined): Map<string, StudyEntry> {
  const index = new Map<string, StudyEntry>((scan?.dicom.studies ?? []).map((study) => [study.studyInstanceUid, { study, images: 0, reports: 0 }]));
  for (const file of scan?.files ?? []) {
    const entry = file.dicom?.studyInstanceUid ? index.get(file.dicom.studyInstanceUid) : undefined;
    if (!entry || file.duplicateOf || file.otherEncodingOf) continue;
    if (file.classification?.category === 'imaging-report') entry.reports++; else entry.images++;
  }
  return index;
}

/** CT+PT reads as "PET-CT", MR as "MRI": the words on a family's appointment letter. */
function modalityWords(modalities: readonly string[]): string {
  const set = new Set(modalities.map((m) => m.toUpperCase()).filter((m) => !NON_IMAGE_MODALITIES.has(m)));
  const words: string[] = [];
  if (set.has('PT') && set.has('CT')) { words.push('PET-CT'); set.delete('PT'); set.delete('CT'); }
  for (const m of set) words.push(m === 'PT' ? 'PET' : m === 'MR' ? 'MRI' : m === 'SM' ? 'slide' : m);
  return words.join('/');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * A study UID becomes "PET-CT scan “WHOLE BODY”, 5 October 2025 (8 images, 1 report)";
 * a path stays a path. The counts come from the files' own categories, so a
 * report stored inside a study is not mistaken for more images.
 */
export function evidenceLabels(keys: readonly string[], scan: ScanResult | undefined, attested: readonly string[] = [], index = studyIndex(scan)): string[] {
  const labels = keys.map((key) => {
    const entry = index.get(key);
    if (!entry) return key;
    const { study, images, reports } = entry;
    const words = modalityWords(study.modalities);
    let label = words ? `${words} scan` : 'DICOM study';
    if (study.description) label += ` “${study.description}”`;
    if (study.date) label += `, ${formatDateLong(study.date)}`;
    const counts = [images ? plural(images, 'image') : undefined, reports ? plural(reports, 'report') : undefined].filter(Boolean);
    return counts.length ? `${label} (${counts.join(', ')})` : label;
  });
  // Facts stated in casepack.yaml say so themselves; physical items were sent.
  const all = [...attested.map((a) => a.startsWith('casepack.yaml') ? a : `sent: ${a}`), ...labels];
  if (all.length <= MAX_EVIDENCE) return all;
  return [...all.slice(0, MAX_EVIDENCE), `and ${all.length - MAX_EVIDENCE} more`];
}

/** The short form of the letter `check --requests` writes, with the patient and sender from casepack.yaml. */
function emailFor(department: string, requests: DepartmentRequests['requests'], caseFile: CaseFile | undefined): string {
  if (requests.every((r) => !r.letter)) return renderToDoText(requests).trimEnd();
  return composeRequestEmail(department, requests.filter((r) => r.letter), caseFile);
}

const REQUESTED_ITEM_TEXT: Record<RequestedItem['status'], { mark: SentRequestView['items'][number]['mark']; text: string; short: string }> = {
  received: { mark: '✓', text: 'received', short: 'received' },
  'not-needed': { mark: '–', text: 'no longer needed for this case', short: 'not needed' },
  partial: { mark: '◐', text: 'partly received', short: 'partly received' },
  outstanding: { mark: '✗', text: 'outstanding', short: 'outstanding' },
  unmatched: { mark: '?', text: 'cannot be ticked off automatically (no checklist item by that name)', short: 'not ticked off automatically' },
};

/** Each quoting letter and each incomplete report of the items not met, once per document and item. */
export function documentGaps(items: readonly ItemResult[]): DocumentGapView[] {
  const out: DocumentGapView[] = [];
  for (const item of items.filter((i) => i.status === 'missing' || i.status === 'partial')) {
    const ask = item.request ? `${item.request.letter === false ? 'to be provided by the family' : `ask ${item.request.department}`}` : undefined;
    for (const quote of item.quotedIn ?? []) {
      out.push({ kind: 'summary-only', document: quote.document, itemTitle: item.title, what: `${capitalise(quote.phrase.replace(/ \([^()]*\)$/, ''))} quotes ${quote.result}; it is not the report itself`, missing: ['the report itself'], ...(ask ? { ask: `${ask} for the full report` } : {}) });
    }
    for (const gap of item.incomplete ?? []) {
      const missing = gap.missing.map((m) => m.label);
      out.push({ kind: 'incomplete', document: gap.document, itemTitle: item.title, what: `there, incomplete: ${joinWords(missing)} ${missing.length === 1 && !isPluralPhrase(missing[0] ?? '') ? 'is' : 'are'} not in it`, missing, ...(ask ? { ask: `${ask} for the complete report` } : {}) });
    }
  }
  return out;
}

function capitalise(text: string): string {
  return text ? `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}` : text;
}

function sentRequestView(request: RequestFollowUp): SentRequestView {
  const view: SentRequestView = {
    sentLong: formatDateLong(request.sent),
    businessDays: request.businessDays,
    status: request.state === 'received' ? 'received' : request.state === 'overdue' ? 'overdue' : 'outstanding',
    itemsText: request.items.map((item) => `${item.title ?? item.asked} (${REQUESTED_ITEM_TEXT[item.status].short})`).join('; '),
    department: request.department,
    heading: `${request.department}, asked on ${formatDateLong(request.sent)}${request.via ? ` by ${request.via}` : ''}`,
    state: request.state,
    mark: request.state === 'received' ? '✓' : request.state === 'overdue' ? '!' : '…',
    statusText: request.statusText,
    items: request.items.map((item) => ({ label: item.title ?? item.asked, mark: REQUESTED_ITEM_TEXT[item.status].mark, statusText: REQUESTED_ITEM_TEXT[item.status].text })),
  };
  if (request.followUp) view.followUp = request.followUp;
  return view;
}

function groupFindings(findings: readonly Finding[]): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const f of findings) {
    if (ITEM_CODES.has(f.code)) continue;
    const key = `${f.code}\u0000${f.severity}\u0000${f.message}`;
    const group = groups.get(key);
    if (group) { group.paths.push(...f.paths); group.count++; continue; }
    groups.set(key, { code: f.code, severity: f.severity, message: f.message, hint: f.hint, paths: [...f.paths], count: 1 });
  }
  return [...groups.values()];
}

export interface CheckViewOptions {
  /** The build packs problem files under Problems/ (`--include-problem-files`). */
  problemFilesPacked?: boolean;
  /** casepack.yaml: the patient and the sender the request letters are filled with. */
  caseFile?: CaseFile;
}

export function buildCheckView(check: CheckResult, scan?: ScanResult, options: CheckViewOptions = {}): CheckView {
  const index = studyIndex(scan);
  const view = (item: ItemResult): ItemView => ({ item, mark: markOf(item), statusText: statusText(item), evidence: evidenceLabels(item.satisfiedBy, scan, item.attested, index) });
  const notMet = check.items.filter((i) => i.status === 'missing' || i.status === 'partial');
  const byDepartment = new Map<string, DepartmentRequests['requests']>();
  // Required requests first, so each department's list starts with what matters most.
  for (const item of [...notMet.filter((i) => i.severity === 'required'), ...notMet.filter((i) => i.severity !== 'required')]) {
    if (!item.request) continue;
    const list = byDepartment.get(item.request.department) ?? [];
    list.push({ itemId: item.id, title: item.title, wording: item.request.wording, required: item.severity === 'required', why: item.why.trim(), documents: item.request.documents ?? [], letter: item.request.letter !== false });
    byDepartment.set(item.request.department, list);
  }
  const requests = [...byDepartment.entries()].map(([department, list]) => ({ department, requests: list, email: emailFor(department, list, options.caseFile) }));
  const missingRequired = notMet.filter((i) => i.severity === 'required').map(view);
  const missingRecommended = notMet.filter((i) => i.severity !== 'required').map(view);
  const complete = check.status === 'complete';
  const headline = complete
    ? 'Everything this checklist needs is here.'
    : missingRequired.length
      ? `${missingRequired.length} needed item${missingRequired.length === 1 ? ' is' : 's are'} missing or incomplete.`
      : 'All needed items are here, but some files have problems to fix first.';
  const notApplicable = check.items.filter((i) => i.status === 'not-applicable').length;
  const missing = check.summary.requiredMissing + check.summary.recommendedMissing;
  const countsLine = [
    `${check.summary.met} of ${check.items.length - notApplicable} items there`,
    check.summary.partial ? `${check.summary.partial} partly there` : undefined,
    missing ? `${missing} missing (${check.summary.requiredMissing} needed, ${check.summary.recommendedMissing} recommended)` : undefined,
    notApplicable ? `${notApplicable} not needed` : undefined,
  ].filter(Boolean).join(' · ');
  return {
    caseName: path.basename(check.case) || check.case,
    countsLine,
    checklistTitle: check.checklist.title,
    checklistId: check.checklist.id,
    ...(check.checklist.description ? { checklistDescription: check.checklist.description } : {}),
    checklistSources: check.checklist.sources ?? [],
    asOf: check.asOf,
    asOfLong: formatDateLong(check.asOf),
    complete,
    headline,
    missingRequired,
    missingRecommended,
    present: check.items.filter((i) => i.status === 'met').map(view),
    notApplicable: check.items.filter((i) => i.status === 'not-applicable').map(view),
    requests,
    sentRequests: (check.requests ?? []).map(sentRequestView),
    documentGaps: documentGaps(check.items),
    fileProblems: groupFindings(check.findings),
    problemFiles: scan ? [...problemFiles(scan).values()].map(({ source, problem }) => ({ source, problem })) : [],
    problemFilesPacked: options.problemFilesPacked ?? false,
    assumedFacts: (check.facts ?? []).filter((f) => f.source === 'unknown').map((f) => ({ name: f.name, phrase: factPhrase(f.name), items: f.items })),
    counts: {
      items: check.items.length,
      met: check.summary.met,
      missingRequired: check.summary.requiredMissing,
      missingRecommended: check.summary.recommendedMissing,
      partial: check.summary.partial,
      errors: check.summary.errors,
      warnings: check.summary.warnings,
    },
  };
}

/** What happens to problem files, said once above their list. */
export function problemsIntro(packed: boolean): string {
  return packed
    ? 'These files are empty, damaged, cut short or could not be unpacked safely. They are packed under Problems/ as they are, on request; they may not open.'
    : 'These files are empty, damaged, cut short or could not be unpacked safely, so they are not in the packet. Get a fresh copy from the sender.';
}
