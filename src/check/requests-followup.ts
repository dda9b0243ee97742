import type { SentRequest } from '../casefile/schema.js';
import type { CategoryId } from '../model/categories.js';
import type { ChecklistItem } from './checklist-schema.js';
import { finding } from '../findings/codes.js';
import type { ItemResult, RequestedItem, RequestFollowUp } from '../model/check.js';
import type { Finding } from '../model/finding.js';
import { formatDateLong, isPluralPhrase, joinWords, pronounFor } from './wording.js';

/**
 * Requests recorded in casepack.yaml (`requests:`) followed up on every check:
 * each asked-for item is matched to a checklist item, ticked off once the case's
 * documents meet it, and what is still outstanding is measured in business days
 * against the 5–15 the patient guides say a records request takes.
 */

/** Within this many business days a request is simply "sent"; the guides' lower bound. */
export const REQUEST_PROMPT_DAYS = 5;
/** After this many business days without everything, a request is overdue; the guides' upper bound. */
export const REQUEST_DUE_DAYS = 15;

const DAY_MS = 86_400_000;

function utcDay(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

function isWeekend(date: Date): boolean {
  const day = date.getUTCDay();
  return day === 0 || day === 6;
}

/**
 * Business days (Monday to Friday) after `from` up to and including `to`: a request sent on a
 * Friday has been waiting one business day on the Monday. Public holidays differ by country and
 * are not known, so they count as business days.
 */
export function businessDaysBetween(from: string, to: string): number {
  const start = utcDay(from).getTime();
  const end = utcDay(to).getTime();
  if (!(end > start)) return 0;
  const days = Math.round((end - start) / DAY_MS);
  const weeks = Math.floor(days / 7);
  let count = weeks * 5;
  for (let t = start + weeks * 7 * DAY_MS + DAY_MS; t <= end; t += DAY_MS) if (!isWeekend(new Date(t))) count++;
  return count;
}

/** The date `n` business days after `from`. */
export function addBusinessDays(from: string, n: number): string {
  let t = utcDay(from).getTime();
  for (let left = n; left > 0;) {
    t += DAY_MS;
    if (!isWeekend(new Date(t))) left--;
  }
  return new Date(t).toISOString().slice(0, 10);
}

const STOP_WORDS = new Set(['the', 'a', 'an', 'of', 'and', 'or', 'for', 'from', 'on', 'in', 'with', 'all', 'any', 'copy', 'copies', 'please', 'as', 'to', 'our', 'my', 'his', 'her', 'their', 'by', 'at', 'including']);

/** Words that say what form a thing takes, not what it is: they never decide a match alone. */
const GENERIC_WORDS = new Set(['report', 'result', 'record', 'note', 'file', 'document', 'test', 'list', 'letter', 'copy', 'paper']);

/** Words that say a thing is a written document about something (a report of the scans, not the scans). */
const FORM_WORDS = new Set(['report', 'result', 'record', 'note', 'letter']);

/** Short and lay forms families write, as the words the checklists use. */
const SYNONYMS: Record<string, string> = {
  path: 'pathology', histology: 'pathology', histopathology: 'pathology', cytology: 'pathology',
  op: 'operative', surgical: 'operative', surgeon: 'operative', surgery: 'operative', operation: 'operative',
  chemo: 'chemotherapy', radiation: 'radiotherapy', rt: 'radiotherapy', radiology: 'scan',
  image: 'scan', imaging: 'scan', disc: 'scan', disk: 'scan', cd: 'scan', dvd: 'scan',
  genetic: 'molecular', genomic: 'molecular', ngs: 'molecular', sequencing: 'molecular', biomarker: 'molecular',
  medicine: 'medication', drug: 'medication', prescription: 'medication', allergie: 'allergy', testing: 'test',
};

/**
 * The words that name what each category holds, as families ask for it (data). A thing asked for that names
 * none of an item's title words may still mean it through these ("op notes" → the operative report).
 */
const CATEGORY_WORDS: Partial<Record<CategoryId, readonly string[]>> = {
  'pathology-report': ['pathology', 'biopsy', 'addendum', 'diagnosis'],
  'pathology-slides': ['slide', 'h&e', 'ihc', 'glass', 'stained', 'whole-slide', 'digital'],
  imaging: ['scan', 'dicom', 'ct', 'mri', 'pet', 'pet-ct', 'ultrasound', 'x-ray', 'mammogram'],
  'imaging-report': ['scan', 'ct', 'mri', 'pet', 'pet-ct', 'ultrasound', 'x-ray', 'mammogram', 'report', 'written'],
  'molecular-report': ['molecular', 'foundation', 'kras', 'egfr', 'braf', 'her2', 'pd-l1', 'mmr', 'msi', 'tumour', 'tumor', 'mutation', 'marker'],
  'operative-report': ['operative', 'whipple', 'resection', 'procedure', 'ectomy'],
  'radiotherapy-record': ['radiotherapy', 'dose', 'field', 'fraction', 'plan', 'summary'],
  'treatment-history': ['chemotherapy', 'infusion', 'cycle', 'dose', 'regimen', 'folfirinox', 'folfox', 'treatment'],
  'clinical-summary': ['summary', 'oncologist', 'doctor', 'opinion', 'letter'],
  'discharge-summary': ['discharge'],
  'medication-list': ['medication', 'current'],
  'identity-document': ['passport', 'identity', 'id'],
};

/** Words of physical things asked for (casepack.yaml physical: kinds). */
const PHYSICAL_WORDS: Record<string, readonly string[]> = {
  'glass-slides': ['slide', 'glass', 'h&e'],
  'paraffin-blocks': ['block', 'paraffin', 'tissue', 'ffpe'],
  'unstained-sections': ['unstained', 'section', 'tissue'],
};

function normalise(word: string): string {
  const singular = word.length > 3 && word.endsWith('s') && !/(ss|is|us)$/.test(word) ? word.slice(0, -1) : word;
  return SYNONYMS[singular] ?? SYNONYMS[word] ?? singular;
}

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().split(/[^\p{L}\p{N}&-]+/u)
    .flatMap((w) => (w.includes('-') && !CATEGORY_WORD_SET.has(w) ? w.split('-') : [w]))
    .filter((w) => w.length > 1 && !STOP_WORDS.has(w))
    .map(normalise));
}

const CATEGORY_WORD_SET = new Set(Object.values(CATEGORY_WORDS).flat());

/** What a checklist item is about beyond its title: the categories and physical things that meet it. */
export interface RequestableItem {
  categories: readonly CategoryId[];
  physical: readonly string[];
  /** The item asks for a detail of a document (the biopsy date stated on it), not for a document. */
  detail: boolean;
}

/** Each checklist item's categories and physical kinds, for matching requests by meaning as well as by title. */
export function requestableItems(checklist: { items: readonly ChecklistItem[] }): Map<string, RequestableItem> {
  return new Map(checklist.items.map((item) => {
    const criteria = [item, ...(item.anyOf ?? [])];
    return [item.id, {
      categories: criteria.flatMap((c) => c.categories ?? []),
      physical: criteria.flatMap((c) => c.physical ?? []),
      detail: criteria.some((c) => c.datedInText !== undefined),
    }];
  }));
}

/**
 * The checklist item an asked-for thing means: its id; else the item whose title words and whose categories'
 * words (CATEGORY_WORDS: "op notes" is the operative report) cover most of it. A title word counts twice a
 * category word, and ties go to the item whose title the ask covers best, so "pathology report" is the
 * pathology report, not "Biopsy date stated on the pathology report"; an item about a detail of a document
 * is matched only when the ask names that detail. Half the asked words must be found, one of them not a
 * generic word ("report", "results").
 */
export function matchRequestedItem(asked: string, items: readonly ItemResult[], about: ReadonlyMap<string, RequestableItem> = new Map()): ItemResult | undefined {
  const wanted = asked.trim().toLowerCase();
  const byId = items.find((i) => i.id.toLowerCase() === wanted);
  if (byId) return byId;
  const askedWords = words(asked);
  if (askedWords.size === 0) return undefined;
  let best: { item: ItemResult; score: number; form: number; cover: number } | undefined;
  for (const item of items) {
    // A qualifier in brackets is not what the item is: "Allergies (with the medication list)" is not the medication list.
    const titleWords = words(`${item.title.replace(/\([^)]*\s[^)]*\)/g, ' ')} ${item.id.replace(/-/g, ' ')}`);
    const info = about.get(item.id);
    const meaning = new Set([...(info?.categories ?? []).flatMap((c) => CATEGORY_WORDS[c] ?? []), ...(info?.physical ?? []).flatMap((p) => PHYSICAL_WORDS[p] ?? [])].map(normalise));
    const inTitle = [...askedWords].filter((w) => titleWords.has(w));
    const inMeaning = [...askedWords].filter((w) => !titleWords.has(w) && meaning.has(w));
    const specific = [...inTitle, ...inMeaning].filter((w) => !GENERIC_WORDS.has(w));
    const askedSpecific = [...askedWords].filter((w) => !GENERIC_WORDS.has(w)).length;
    if (specific.length === 0 || specific.length / askedSpecific < 0.5) continue;
    if (info?.detail && ![...titleWords].some((w) => askedWords.has(w) && !meaning.has(w) && !GENERIC_WORDS.has(w) && w !== 'pathology' && w !== 'biopsy')) continue;
    const score = 2 * inTitle.length + inMeaning.length;
    // "the scans" are the scans, not "Reports of the scans": on a tie, the item whose form (a report or not) the ask shares.
    const form = [...titleWords].some((w) => FORM_WORDS.has(w)) === [...askedWords].some((w) => FORM_WORDS.has(w)) ? 1 : 0;
    const cover = inTitle.length / titleWords.size;
    if (!best || score > best.score || (score === best.score && (form > best.form || (form === best.form && cover > best.cover)))) best = { item, score, form, cover };
  }
  return best?.item;
}

function itemStatus(item: ItemResult | undefined): RequestedItem['status'] {
  if (!item) return 'unmatched';
  if (item.status === 'met') return 'received';
  if (item.status === 'not-applicable') return 'not-needed';
  return item.status === 'partial' ? 'partial' : 'outstanding';
}

/** "the pathology report", "scans as DICOM files": a title inside a sentence. */
function phrase(item: RequestedItem): string {
  if (!item.title) return item.asked;
  const title = /^[A-Z][a-z]/.test(item.title) ? `${item.title[0]?.toLowerCase()}${item.title.slice(1)}` : item.title;
  return /^(?:a|an|the)\s/i.test(title) ? title : `the ${title}`;
}

export function isOutstanding(item: RequestedItem): boolean {
  return item.status === 'partial' || item.status === 'outstanding' || item.status === 'unmatched';
}

/** The reminder, ready to paste into an email or read on the telephone. */
function followUpWording(request: SentRequest, items: readonly RequestedItem[]): string {
  const open = items.filter(isOutstanding);
  const received = items.filter((i) => i.status === 'received');
  const via = request.via ? ` (by ${request.via})` : '';
  return [
    `On ${formatDateLong(request.sent)} we asked ${request.department}${via} for ${joinWords(items.map(phrase))}.`,
    received.length ? `Thank you for ${joinWords(received.map(phrase))}.` : '',
    `We have not yet received ${joinWords(open.map((i) => `${i.status === 'partial' ? 'all of ' : ''}${phrase(i)}`))}.`,
    `Could you tell us when ${pronounFor(open.map(phrase))} will be sent, or whether you need anything more from us (such as the patient's signed consent)?`,
  ].filter(Boolean).join(' ');
}

function statusOf(request: SentRequest, days: number, open: number, expectedBy: string): Pick<RequestFollowUp, 'state' | 'statusText'> {
  if (open === 0) return { state: 'received', statusText: 'everything asked for has arrived' };
  if (days <= REQUEST_PROMPT_DAYS) return { state: 'sent', statusText: `sent ${days} business day${days === 1 ? '' : 's'} ago` };
  if (days <= REQUEST_DUE_DAYS) return { state: 'waiting', statusText: `sent ${days} business days ago; expected by ${formatDateLong(expectedBy)}` };
  return { state: 'overdue', statusText: `overdue: ${days} business days since ${formatDateLong(request.sent)} (the guides expect 5 to 15)` };
}

/** One request followed up: its items ticked off against the checklist results, and its state on `asOf`. */
export function followUpRequest(request: SentRequest, items: readonly ItemResult[], asOf: string, about: ReadonlyMap<string, RequestableItem> = new Map()): RequestFollowUp {
  const requested = request.items.map((asked): RequestedItem => {
    const item = matchRequestedItem(asked, items, about);
    return { asked, ...(item ? { itemId: item.id, title: item.title } : {}), status: itemStatus(item) };
  });
  const days = businessDaysBetween(request.sent, asOf);
  const expectedBy = addBusinessDays(request.sent, REQUEST_DUE_DAYS);
  const state = statusOf(request, days, requested.filter(isOutstanding).length, expectedBy);
  const result: RequestFollowUp = { department: request.department, sent: request.sent, businessDays: days, expectedBy, ...state, items: requested };
  if (request.via) result.via = request.via;
  if (state.state === 'overdue') result.followUp = followUpWording(request, requested);
  return result;
}

function findingsOf(followed: RequestFollowUp): Finding[] {
  const details = { department: followed.department, sent: followed.sent };
  const out: Finding[] = [];
  if (followed.state === 'overdue') {
    const open = followed.items.filter(isOutstanding).map(phrase);
    out.push(finding('REQUEST_OVERDUE', 'casepack.yaml', {
      message: `The request to ${followed.department} of ${formatDateLong(followed.sent)} is overdue: ${followed.businessDays} business days, and ${joinWords(open)} ${open.length === 1 && !isPluralPhrase(open[0] ?? '') ? 'has' : 'have'} not arrived.`,
      hint: `Send a reminder: "${followed.followUp ?? ''}"`,
      details: { ...details, businessDays: followed.businessDays },
    }));
  }
  for (const item of followed.items.filter((i) => i.status === 'unmatched')) {
    out.push(finding('REQUEST_ITEM_UNMATCHED', 'casepack.yaml', {
      message: `"${item.asked}" (asked of ${followed.department} on ${formatDateLong(followed.sent)}) matches no checklist item, so it cannot be ticked off when it arrives.`,
      details,
    }));
  }
  return out;
}

/** Every request of the case file followed up, oldest first, with the findings they raise. */
export function followUpRequests(requests: readonly SentRequest[], items: readonly ItemResult[], asOf: string, about: ReadonlyMap<string, RequestableItem> = new Map()): { requests: RequestFollowUp[]; findings: Finding[] } {
  const followed = [...requests].sort((a, b) => (a.sent < b.sent ? -1 : a.sent > b.sent ? 1 : 0)).map((r) => followUpRequest(r, items, asOf, about));
  return { requests: followed, findings: followed.flatMap(findingsOf) };
}
