import type { SentRequest } from '../casefile/schema.js';
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

const STOP_WORDS = new Set(['the', 'a', 'an', 'of', 'and', 'or', 'for', 'from', 'on', 'in', 'with', 'all', 'any', 'copy', 'copies', 'please', 'as', 'to', 'our', 'my', 'his', 'her', 'their']);

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 && !STOP_WORDS.has(w))
    .map((w) => (w.length > 3 && w.endsWith('s') ? w.slice(0, -1) : w)));
}

/**
 * The checklist item an asked-for thing means: its id, else the item whose title and id share the
 * most words with it, relative to all the words of both (so "pathology report" is the pathology
 * report, not "Biopsy date stated on the pathology report"). Half the asked words must be found.
 */
export function matchRequestedItem(asked: string, items: readonly ItemResult[]): ItemResult | undefined {
  const wanted = asked.trim().toLowerCase();
  const byId = items.find((i) => i.id.toLowerCase() === wanted);
  if (byId) return byId;
  const askedWords = words(asked);
  if (askedWords.size === 0) return undefined;
  let best: { item: ItemResult; score: number } | undefined;
  for (const item of items) {
    const itemWords = words(`${item.title} ${item.id}`);
    const shared = [...askedWords].filter((w) => itemWords.has(w)).length;
    if (shared === 0 || shared / askedWords.size < 0.5) continue;
    const score = shared / new Set([...askedWords, ...itemWords]).size;
    if (!best || score > best.score) best = { item, score };
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
export function followUpRequest(request: SentRequest, items: readonly ItemResult[], asOf: string): RequestFollowUp {
  const requested = request.items.map((asked): RequestedItem => {
    const item = matchRequestedItem(asked, items);
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
export function followUpRequests(requests: readonly SentRequest[], items: readonly ItemResult[], asOf: string): { requests: RequestFollowUp[]; findings: Finding[] } {
  const followed = [...requests].sort((a, b) => (a.sent < b.sent ? -1 : a.sent > b.sent ? 1 : 0)).map((r) => followUpRequest(r, items, asOf));
  return { requests: followed, findings: followed.flatMap(findingsOf) };
}
