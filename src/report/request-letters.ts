import type { CaseFile, Sender } from '../casefile/schema.js';
import { formatDateLong, joinWords, pronounFor } from '../check/wording.js';
import { finding } from '../findings/codes.js';
import type { CheckResult, ItemResult } from '../model/check.js';
import type { Finding } from '../model/finding.js';
import type { LetterBlock, LetterDocument } from '../write/request-pdf.js';

/**
 * Request letters ready to send: one per department, with the patient and the
 * sender from casepack.yaml, each item with why it matters and the documents
 * it is about with their dates. Pure: the CLI writes them (PDF and text).
 * Dates come from the check's request documents, which never carry a file's
 * timestamp (undated is "date unknown") nor another person's files.
 */

export interface LetterRequest {
  /** The checklist item it asks for. */
  itemId?: string;
  title: string;
  wording: string;
  why: string;
  required: boolean;
  documents: { label: string; date: string | null; phrase?: string }[];
}

export interface RequestLetter {
  department: string;
  /** "01_Pathology": a file name without extension, numbered in letter order. */
  fileStem: string;
  document: LetterDocument;
  text: string;
}

export interface RequestLetters {
  letters: RequestLetter[];
  /** What the family provides themselves (no letter): passport copies, the question for the reviewer. */
  toDo: { title: string; wording: string }[];
  /** REQUEST_LETTER_INCOMPLETE when the sender or the patient's details are not in casepack.yaml. */
  findings: Finding[];
}

function notMet(item: ItemResult): boolean {
  return item.status === 'missing' || item.status === 'partial';
}

/** Items still to ask for, grouped by department in checklist order, needed ones first within each. */
export function requestGroups(check: CheckResult, letters = true): { department: string; requests: LetterRequest[] }[] {
  const open = check.items.filter((i) => notMet(i) && i.request && (i.request.letter !== false) === letters);
  const ordered = [...open.filter((i) => i.severity === 'required'), ...open.filter((i) => i.severity !== 'required')];
  const groups = new Map<string, LetterRequest[]>();
  for (const item of ordered) {
    const request = item.request as NonNullable<ItemResult['request']>;
    const list = groups.get(request.department) ?? [];
    list.push({ itemId: item.id, title: item.title, wording: request.wording, why: item.why.trim(), required: item.severity === 'required', documents: request.documents ?? [] });
    groups.set(request.department, list);
  }
  return [...groups.entries()].map(([department, requests]) => ({ department, requests }));
}

/** "Pathology report, 12 September 2025"; "Pathology report, date unknown"; a quoting letter by its own phrase. */
export function documentPhrase(doc: { label: string; date: string | null; phrase?: string }): string {
  if (doc.phrase) return doc.phrase;
  return `${doc.label}, ${doc.date ? formatDateLong(doc.date) : 'date unknown'}`;
}

function patientRows(caseFile: CaseFile | undefined, gaps: string[]): [string, string][] {
  const patient = caseFile?.patient;
  const missing = (what: string) => { gaps.push(`the patient's ${what}`); return `(please add the ${what})`; };
  const rows: [string, string][] = [
    ['Name', patient?.name?.trim() || missing('name')],
    ['Date of birth', patient?.birthDate ? formatDateLong(patient.birthDate) : missing('date of birth')],
    ['Hospital or patient number', patient?.id?.trim() || missing('hospital or patient number')],
  ];
  if (caseFile?.diagnosis?.trim()) rows.push(['Diagnosis', caseFile.diagnosis.trim()]);
  return rows;
}

function contactLines(sender: Sender): string[] {
  return [sender.email ? `Email: ${sender.email}` : '', sender.phone ? `Telephone: ${sender.phone}` : ''].filter(Boolean);
}

/** "To: Surgery", then the treating hospital's name and address when casepack.yaml gives them. */
export function addressedTo(department: string, caseFile: CaseFile | undefined): string[] {
  const hospital = caseFile?.hospital;
  return [`To: ${department}`, ...(hospital ? [hospital.name, ...(hospital.address ? [hospital.address] : [])] : [])];
}

function senderHeader(sender: Sender | undefined): LetterBlock[] {
  if (!sender) return [];
  const lines = [sender.name, sender.organisation ?? '', ...(sender.address ?? '').split(/\n|,\s*(?=\S)/).map((l) => l.trim()), ...contactLines(sender)].filter(Boolean);
  return [{ kind: 'lines', lines }, { kind: 'space' }];
}

function signature(sender: Sender | undefined, gaps: string[]): LetterBlock[] {
  if (!sender) {
    gaps.push('the sender');
    return [{ kind: 'lines', lines: ['Yours sincerely,', '', '(please add your name, telephone and email)'] }];
  }
  const role = [sender.role, sender.organisation].filter(Boolean).join(', ');
  const lines = ['Yours sincerely,', '', sender.name, role, sender.signature ?? '', ...contactLines(sender)].filter((l, i) => i === 1 || l !== '');
  if (!sender.email && !sender.phone) gaps.push('a telephone number or email for the sender');
  return [{ kind: 'lines', lines }];
}

function itemLines(request: LetterRequest): string[] {
  const lines = [request.wording, `Why it matters: ${request.why}`];
  if (request.documents.length) lines.push(`Concerning: ${request.documents.map(documentPhrase).join('; ')}.`);
  return lines;
}

/** An earlier request to the same department that is still outstanding: the letter is then a reminder. */
export interface Reminder {
  /** ISO date of the first request. */
  sent: string;
  reference?: string;
}

function reminderParagraph(reminder: Reminder): LetterBlock {
  const reference = reminder.reference ? ` (your reference ${reminder.reference})` : '';
  return { kind: 'paragraph', text: `This is a reminder of our request of ${formatDateLong(reminder.sent)}${reference}, which we have not yet received in full. The records still outstanding are listed below.` };
}

/** "it" for one record asked for, "them" for several or for one plural thing ("the scans as DICOM files"). */
function objectPronoun(requests: readonly LetterRequest[]): 'it' | 'them' {
  return pronounFor(requests.map((r) => r.title)) === 'it' ? 'it' : 'them';
}

/** One department's letter as blocks (for the PDF) and as plain text (for an email). */
export function composeRequestLetter(department: string, requests: readonly LetterRequest[], caseFile: CaseFile | undefined, asOf: string, reminder?: Reminder): { document: LetterDocument; text: string; gaps: string[] } {
  const gaps: string[] = [];
  const sender = caseFile?.sender;
  const patientName = caseFile?.patient?.name?.trim();
  const subject = `${reminder ? 'Reminder: request' : 'Request'} for medical records for a second opinion${patientName ? `: ${patientName}` : ''}`;
  const blocks: LetterBlock[] = [
    ...senderHeader(sender),
    { kind: 'lines', lines: [formatDateLong(asOf)] },
    { kind: 'space' },
    { kind: 'lines', lines: addressedTo(department, caseFile) },
    { kind: 'space' },
    { kind: 'paragraph', text: subject, bold: true },
    { kind: 'paragraph', text: 'Dear colleagues,' },
    ...(reminder ? [reminderParagraph(reminder)] : []),
    { kind: 'paragraph', text: `${sender ? 'I am writing on behalf of' : 'This request is made on behalf of'} the patient named below, who is seeking a second opinion from another specialist team. Please send copies of the following ${requests.length === 1 ? 'record' : 'records'}.` },
    { kind: 'heading', text: 'Patient' },
    { kind: 'fields', rows: patientRows(caseFile, gaps) },
    { kind: 'heading', text: requests.length === 1 ? 'Record requested' : 'Records requested' },
    { kind: 'numbered', items: requests.map((r) => ({ title: r.title, lines: itemLines(r) })) },
    { kind: 'paragraph', text: `Please send ${objectPronoun(requests)} to ${sender?.email ? sender.email : sender?.address ? 'the address above' : 'the person signing this letter'}${sender?.email && sender.phone ? `, or call ${sender.phone} to arrange collection` : ''}. If your department needs the patient's signed consent to release ${objectPronoun(requests)}, please say so and we will send it.` },
    { kind: 'paragraph', text: 'Thank you for your help.' },
    ...signature(sender, gaps),
  ];
  const document: LetterDocument = { title: `${subject} — ${department}`, blocks, footer: `Request to ${department}${patientName ? ` · ${patientName}` : ''}` };
  return { document, text: letterText(document), gaps };
}

/**
 * The short form shown in the check report (terminal, HTML, Markdown): the same requests, patient and
 * signature, without the letter head and the reasons, so a report with five departments stays readable.
 */
export function composeRequestEmail(department: string, requests: readonly LetterRequest[], caseFile: CaseFile | undefined): string {
  const gaps: string[] = [];
  const rows = patientRows(caseFile, gaps).filter(([label]) => label !== 'Diagnosis');
  const sender = caseFile?.sender;
  const sign = sender
    ? [sender.name, [sender.role, sender.organisation].filter(Boolean).join(', '), ...contactLines(sender)].filter(Boolean)
    : ['(please add your name, telephone and email)'];
  return [
    ...addressedTo(department, caseFile),
    '',
    'Dear colleagues,',
    '',
    `Patient: ${rows.map(([label, value]) => label === 'Name' ? value : `${label.toLowerCase()} ${value}`).join(', ')}`,
    '',
    'For a second opinion, please send the following:',
    '',
    ...requests.map((r, i) => `${i + 1}. ${r.wording}`),
    '',
    'Thank you for your help.',
    '',
    'Yours sincerely,',
    ...sign,
  ].join('\n');
}

/** The letter as plain text, the same words as the PDF: to paste into an email. */
export function letterText(document: LetterDocument): string {
  const out: string[] = [];
  for (const block of document.blocks) {
    switch (block.kind) {
      case 'lines': out.push(...block.lines); break;
      case 'paragraph': out.push(block.text, ''); break;
      case 'heading': out.push(block.text); break;
      case 'fields': {
        const width = Math.max(...block.rows.map(([label]) => label.length)) + 2;
        out.push(...block.rows.map(([label, value]) => `  ${`${label}:`.padEnd(width)}${value}`), '');
        break;
      }
      case 'numbered': block.items.forEach((item, i) => out.push(`${i + 1}. ${item.title}`, ...item.lines.map((l) => `   ${l}`), '')); break;
      case 'space': out.push(''); break;
      case 'signature': out.push('', ...block.labels.flatMap((label) => [`${label} ${'_'.repeat(Math.max(12, 60 - label.length))}`, '']));
        break;
    }
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

function sameDepartment(a: string, b: string): boolean {
  const norm = (d: string) => d.toLowerCase().replace(/\b(?:department|dept|the|office|unit)\b/g, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return norm(a) === norm(b);
}

/**
 * The first still-outstanding request (casepack.yaml requests:) this letter repeats: one to the same
 * department, or one whose outstanding items are among the letter's. Items since received are not in
 * the letter at all (the check has them met), so a letter is a reminder only for what is still owed.
 */
function reminderFor(department: string, requests: readonly LetterRequest[], check: CheckResult, caseFile: CaseFile | undefined): Reminder | undefined {
  const itemIds = new Set(requests.map((r) => r.itemId));
  const earlier = (check.requests ?? []).filter((sent) => sent.state !== 'received'
    && (sameDepartment(sent.department, department) || sent.items.some((i) => i.itemId && i.status !== 'received' && itemIds.has(i.itemId))));
  const first = earlier.sort((a, b) => (a.sent < b.sent ? -1 : a.sent > b.sent ? 1 : 0))[0];
  if (!first) return undefined;
  const reference = caseFile?.requests?.find((r) => r.sent === first.sent && r.department === first.department)?.reference?.trim();
  return reference ? { sent: first.sent, reference } : { sent: first.sent };
}

/** A department as a file name: letters, digits and underscores. */
function stemOf(index: number, department: string): string {
  const words = department.normalize('NFKD').replace(/[^\w\s-]/g, '').trim().replace(/[\s-]+/g, '_') || 'Department';
  return `${String(index + 1).padStart(2, '0')}_${words.slice(0, 60)}`;
}

/** Every request letter of a checked case, the family's own to-do list, and what casepack.yaml still lacks for them. */
export function buildRequestLetters(check: CheckResult, caseFile: CaseFile | undefined): RequestLetters {
  const allGaps = new Set<string>();
  const letters = requestGroups(check).map(({ department, requests }, index) => {
    const reminder = reminderFor(department, requests, check, caseFile);
    const { document, text, gaps } = composeRequestLetter(department, requests, caseFile, check.asOf, reminder);
    for (const gap of gaps) allGaps.add(gap);
    return { department, fileStem: stemOf(index, department), document, text };
  });
  const toDo = requestGroups(check, false).flatMap((g) => g.requests.map((r) => ({ title: r.title, wording: r.wording })));
  const findings = allGaps.size && letters.length
    ? [finding('REQUEST_LETTER_INCOMPLETE', 'casepack.yaml', { message: `The request letters lack ${joinWords([...allGaps])}; they show a gap to fill in by hand.`, details: { missing: [...allGaps].join('; ') } })]
    : [];
  return { letters, toDo, findings };
}

/** The family's own to-do list, as plain text beside the letters. */
export function renderToDoText(toDo: RequestLetters['toDo']): string {
  if (toDo.length === 0) return '';
  return `${['Before sending: things only you can add', '', ...toDo.map((t, i) => `${i + 1}. ${t.title}\n   ${t.wording}`)].join('\n')}\n`;
}
