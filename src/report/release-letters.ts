import type { CaseFile, Recipient, Sender } from '../casefile/schema.js';
import { formatDateLong, joinWords } from '../check/wording.js';
import type { CheckResult, ItemResult } from '../model/check.js';
import type { LetterBlock, LetterDocument } from '../write/request-pdf.js';
import { letterText } from './request-letters.js';

/**
 * Release-of-information forms, written with the request letters: records
 * offices release copies only on the patient's signed authorisation, and
 * pathology releases slides and blocks separately from the records office (the
 * patient guides say to ask for both). Each is a filled template: what casepack.yaml
 * knows is printed, what it does not is a line to fill in by hand, and the
 * patient or their legal representative signs and dates it. Pure: the CLI writes them.
 */

export interface ReleaseLetter {
  /** A file name without extension. */
  fileStem: string;
  /** Who it is addressed to, for the CLI's summary. */
  addressee: string;
  document: LetterDocument;
  text: string;
}

const BLANK = '______________________________';

/** Items about glass slides, tissue blocks or cut sections: pathology releases them, not the records office. */
function isTissueItem(item: ItemResult): boolean {
  return /slide|block|section/i.test(`${item.id} ${item.title}`);
}

function openItems(check: CheckResult): ItemResult[] {
  return check.items.filter((i) => (i.status === 'missing' || i.status === 'partial') && i.request && i.request.letter !== false);
}

function patientFields(caseFile: CaseFile | undefined): [string, string][] {
  const patient = caseFile?.patient;
  return [
    ['Patient name', patient?.name?.trim() || BLANK],
    ['Date of birth', patient?.birthDate ? formatDateLong(patient.birthDate) : BLANK],
    ['Hospital or patient number', patient?.id?.trim() || BLANK],
  ];
}

/** Where the records go: the reviewing team (casepack.yaml recipient), else the sender. */
function destination(caseFile: CaseFile | undefined): string[] {
  const recipient: Recipient | undefined = caseFile?.recipient;
  const sender: Sender | undefined = caseFile?.sender;
  const split = (address: string | undefined) => (address ?? '').split(/\n|,\s*(?=\S)/).map((l) => l.trim()).filter(Boolean);
  if (recipient && (recipient.name || recipient.organisation)) {
    return [recipient.name, recipient.department, recipient.organisation, ...split(recipient.address)].filter((l): l is string => Boolean(l));
  }
  if (sender) return [sender.name, sender.organisation, ...split(sender.address), sender.email ? `Email: ${sender.email}` : undefined, sender.phone ? `Telephone: ${sender.phone}` : undefined].filter((l): l is string => Boolean(l));
  return [BLANK, BLANK];
}

function hasPostalAddress(caseFile: CaseFile | undefined): boolean {
  const recipient = caseFile?.recipient;
  if (recipient && (recipient.name || recipient.organisation)) return Boolean(recipient.address?.trim());
  return Boolean(caseFile?.sender?.address?.trim());
}

/** The earliest clinical date the check knows (documents asked about, treatments): where the period starts. */
function periodStart(check: CheckResult, caseFile: CaseFile | undefined): string | undefined {
  const dates = [
    ...check.items.flatMap((i) => i.request?.documents ?? []).map((d) => d.date),
    ...(caseFile?.treatments ?? []).map((t) => (t.start.length === 7 ? `${t.start}-01` : t.start)),
  ].filter((d): d is string => typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d));
  return dates.sort()[0];
}

/** The procedure dates of the pathology reports the check found: the slides come from those specimens. */
export function pathologyProcedureDates(check: CheckResult): string[] {
  const dates = check.items.flatMap((i) => i.request?.documents ?? []).filter((d) => /^pathology report$/i.test(d.label)).map((d) => d.date);
  return [...new Set(dates.filter((d): d is string => d !== null))].sort();
}

/** The person preparing the request, on one line: who the office calls or writes back to. */
function contactOf(sender: Sender | undefined): string {
  if (!sender) return BLANK;
  return [sender.name, sender.organisation, ...(sender.address ?? '').split(/\n|,\s*(?=\S)/).map((l) => l.trim()), sender.email, sender.phone].filter((l): l is string => Boolean(l)).join(', ');
}

const SIGNATURE_LABELS = [
  'Signature of the patient or legal representative:',
  'Name in capitals:',
  'If a representative signs: relationship to the patient and authority:',
  'Date:',
];

function closing(): LetterBlock[] {
  return [
    { kind: 'paragraph', text: 'I understand that this authorisation is voluntary, that I may withdraw it in writing at any time except for information already released, and that it expires one year after the date of signing unless I withdraw it sooner.' },
    { kind: 'signature', labels: SIGNATURE_LABELS },
    { kind: 'lines', small: true, lines: ['Please attach a copy of the signer\'s identity document if your office requires it. A representative signing for the patient should attach proof of their authority (for example a power of attorney).'] },
  ];
}

/** The treating hospital from casepack.yaml, else a line to fill in by hand. */
function hospitalLines(caseFile: CaseFile | undefined): string[] {
  const hospital = caseFile?.hospital;
  if (!hospital) return [`Hospital: ${BLANK}`];
  return [`Hospital: ${hospital.name}`, ...(hospital.address ? [hospital.address] : [])];
}

function recordsForm(check: CheckResult, caseFile: CaseFile | undefined): LetterDocument {
  const records = openItems(check).filter((i) => !isTissueItem(i)).map((i) => i.title);
  const start = periodStart(check, caseFile);
  const patientName = caseFile?.patient?.name?.trim();
  const blocks: LetterBlock[] = [
    { kind: 'lines', lines: ['To: The medical records office (release of information)', ...hospitalLines(caseFile)] },
    { kind: 'space' },
    { kind: 'heading', text: 'Authorisation to release medical records' },
    { kind: 'heading', text: 'Patient' },
    { kind: 'fields', rows: patientFields(caseFile) },
    { kind: 'heading', text: 'Records to be released' },
    { kind: 'paragraph', text: 'I authorise the hospital named above to release copies of the following records:' },
    { kind: 'lines', lines: (records.length ? records : [BLANK]).map((title) => `•  ${title}`) },
    { kind: 'space', height: 6 },
    { kind: 'fields', rows: [['Period', start ? `from ${formatDateLong(start)} to the date of signing` : `from ${BLANK} to the date of signing`], ['Purpose', 'A second opinion from another specialist team']] },
    { kind: 'heading', text: 'Send the records to' },
    { kind: 'lines', lines: destination(caseFile) },
    { kind: 'space' },
    { kind: 'fields', rows: [['Contact for questions', contactOf(caseFile?.sender)]] },
    ...closing(),
  ];
  return { title: `Authorisation to release medical records${patientName ? `: ${patientName}` : ''}`, blocks, footer: `Release of information · records office${patientName ? ` · ${patientName}` : ''}` };
}

function slidesForm(check: CheckResult, caseFile: CaseFile | undefined): LetterDocument {
  const dates = pathologyProcedureDates(check);
  const when = dates.length ? joinWords(dates.map(formatDateLong)) : `${BLANK} (the date on the pathology report)`;
  const patientName = caseFile?.patient?.name?.trim();
  const blocks: LetterBlock[] = [
    { kind: 'lines', lines: ['To: The pathology department (slides and blocks)', ...hospitalLines(caseFile)] },
    { kind: 'space' },
    { kind: 'heading', text: 'Authorisation to release pathology slides and tissue for external review' },
    { kind: 'heading', text: 'Patient' },
    { kind: 'fields', rows: [...patientFields(caseFile), ['Specimen or accession number', BLANK]] },
    { kind: 'heading', text: 'Material to be released' },
    { kind: 'paragraph', text: `I authorise the release of the original H&E-stained slides and unstained cut sections from procedure date ${when} for external expert pathology review. If your department's policy allows, please include the immunohistochemistry slides, or the paraffin block in place of unstained sections.` },
    { kind: 'paragraph', text: 'The slides will be returned to your department after the review. Please tell us if you need them back by a particular date.' },
    { kind: 'heading', text: 'Send the material to' },
    // Glass cannot be emailed: without a postal address in casepack.yaml, leave a line for one.
    { kind: 'lines', lines: [...destination(caseFile), ...(hasPostalAddress(caseFile) ? [] : [`Postal address: ${BLANK}`])] },
    { kind: 'space' },
    { kind: 'fields', rows: [['Return address for questions', contactOf(caseFile?.sender)]] },
    ...closing(),
  ];
  return { title: `Authorisation to release pathology slides and tissue${patientName ? `: ${patientName}` : ''}`, blocks, footer: `Release of information · pathology slides and blocks${patientName ? ` · ${patientName}` : ''}` };
}

/**
 * The release forms for a checked case: one to the records office when records are still to be asked
 * for, and one to pathology when slides, blocks or sections are still missing. None when nothing is open.
 */
export function buildReleaseLetters(check: CheckResult, caseFile: CaseFile | undefined): ReleaseLetter[] {
  const open = openItems(check);
  const out: ReleaseLetter[] = [];
  if (open.some((i) => !isTissueItem(i))) {
    const document = recordsForm(check, caseFile);
    out.push({ fileStem: 'Release_of_information_Records_office', addressee: 'the medical records office', document, text: letterText(document) });
  }
  if (open.some(isTissueItem)) {
    const document = slidesForm(check, caseFile);
    out.push({ fileStem: 'Release_of_information_Pathology_slides', addressee: 'pathology (slides and blocks)', document, text: letterText(document) });
  }
  return out;
}
