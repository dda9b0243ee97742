import { TEXT_YEARS, isoDate } from '../dates/calendar.js';
import type { DateOrder } from '../casefile/schema.js';
import { nameWords } from './names.js';

/**
 * Who a document is about, as its text layer labels it: the patient block a
 * report prints at the top ("Patient Name: Doe, John  DOB: 12/03/1961  MRN: 123").
 * Pure: text in, identity out. Only labelled values are read, never a name
 * guessed from prose, because a wrong name here leaves a document out.
 */
export interface DocumentIdentity {
  name?: string;
  birthDate?: string;
  patientId?: string;
}

/** Only the top of a document carries the patient block; later pages name doctors, relatives, other studies. */
const HEAD_CHARS = 4000;

const NAME_LABEL = String.raw`(?:patient(?:'s)?\s+name|name\s+of\s+(?:the\s+)?patient|patient|nombre\s+del\s+paciente|paciente|nom\s+du\s+patient|patient\(e\)|patientenname|name\s+des\s+patienten)`;
/** A bare "Name:" is a patient's only where a line starts with it: "Test Name:", "Drug name:" are not. */
const BARE_NAME_LABEL = String.raw`(?:name|nombre|nom)`;
const BIRTH_LABEL = String.raw`(?:date\s+of\s+birth|born|d\.\s?o\.\s?b\.?|dob|birth\s*date|fecha\s+de\s+nacimiento|f\.\s?nac\.?|date\s+de\s+naissance|n[ée]\(?e?\)?\s+le|geburtsdatum|geb\.?(?:-?datum)?)`;
const ID_LABEL = String.raw`(?:mrn|medical\s+record\s+(?:no\.?|number)|hospital\s+(?:no\.?|number)|nhs\s+(?:no\.?|number)|uhid|patient\s+id|n\.?\s?h\.?\s?c\.?|n[º°o]\.?\s+(?:de\s+)?historia(?:\s+cl[ií]nica)?|ipp|patientennummer)`;
/** Labels that end the value before them when a report prints several fields on one line. */
const OTHER_LABEL = String.raw`(?:date|age|edad|[âa]ge|alter|sex|sexo|gender|ref(?:erring)?|report|accession|specimen|collected|received|physician|doctor|consultant|ward|address|tel|phone|${BIRTH_LABEL}|${ID_LABEL})[^:\n]{0,30}:`;

// A label starts a line or follows a gap, and is followed by a colon (or, for DOB and IDs, at least a space).
/** "Physician Name:", "Next of kin name:": a name label another word makes someone else's. */
const NOT_PATIENT = String.raw`(?<!(?:physician|doctor|consultant|referrer|referring|kin|contact|father's|mother's|guardian|surgeon|pathologist|radiologist|signed|signature|by|m[ée]dico|m[ée]decin|arzt|[äa]rztin)\s)`;
const NAME_RE = new RegExp(String.raw`(?:(?:^|\s)${NOT_PATIENT}${NAME_LABEL}|^${BARE_NAME_LABEL})\s*[:：]\s*([^\n]+)`, 'gimu');
/**
 * OCR of a printed table keeps the gap but often loses the colon: "Patient      Mr Dennis O'CONNELL      DOB: 09/10/1950".
 * A two-word label ("Patient name") followed by a wide gap is enough; a bare "Patient" only when the same line goes on to
 * another field of the patient block (birth date, ID, age, sex), so a heading like "Patient      Information" is not a name.
 */
const GAP_NAME_RE = new RegExp(String.raw`^[ \t]*(?:patient(?:'s)?\s+name|name\s+of\s+(?:the\s+)?patient|nombre\s+del\s+paciente|nom\s+du\s+patient|patientenname|name\s+des\s+patienten)[ \t]{2,}([^\n]+)`, 'gimu');
const GAP_PATIENT_RE = new RegExp(String.raw`^[ \t]*(?:patient|paciente|patient\(e\))[ \t]{2,}(\S[^\n]*?[ \t]{2,}(?:${BIRTH_LABEL}|${ID_LABEL}|age|sex|gender|edad|sexo|alter)\b[^\n]*)$`, 'gimu');
const BIRTH_RE = new RegExp(String.raw`(?:^|[\s(])(${BIRTH_LABEL})\s*[:：]?\s*([^\n]{1,40})`, 'giu');
const ID_RE = new RegExp(String.raw`(?:^|\s)${ID_LABEL}\s*[:：#]?\s*((?:[A-Z0-9][A-Z0-9/-]*)(?:\s\d{3,4}){0,2})`, 'giu');
/** "IP No.:", "Lab no.:": any word with a number label. */
const NUMBER_LABEL = String.raw`(?:[\p{L}.]+\s+)?(?:no|nr|number|n[º°])\.?\s*:`;
const CUT_RE = new RegExp(String.raw`(?:\s+|,\s*)(?:${OTHER_LABEL}|${NUMBER_LABEL}|born\b|n[ée]e?\b|geb\.)`, 'iu');
/** "Surname: BRENNAN Forename: Siobhan": the two halves labelled apart. */
const SURNAME_RE = /(?:^|\s)(?:surname|family\s+name|last\s+name|apellidos|nom\s+de\s+famille|nachname)\s*[:：]\s*([^\n]+)/giu;
const FORENAME_RE = /(?:^|\s)(?:forenames?|first\s+names?|given\s+names?|pr[ée]nom|vorname)\s*[:：]\s*([^\n]+)/giu;

/** Words that are a title, not part of the name. */
const TITLES = new Set(['MR', 'MRS', 'MS', 'MISS', 'MX', 'DR', 'PROF', 'SR', 'SRA', 'SRTA', 'DON', 'DONA', 'M', 'MME', 'MLLE', 'HERR', 'FRAU', 'SIR', 'MADAM', 'MEVR', 'DHR', 'SIG', 'SIGRA', 'SHRI', 'SMT', 'KUM']);

const MONTHS = new Map<string, number>([
  ...['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((m, i): [string, number] => [m, i + 1]),
  ...['ene', 'abr', 'ago', 'dic'].map((m): [string, number] => [m, { ene: 1, abr: 4, ago: 8, dic: 12 }[m] ?? 0]),
  ...['janv', 'févr', 'fevr', 'mars', 'avr', 'mai', 'juin', 'juil', 'août', 'aout', 'sept', 'déc'].map((m): [string, number] => [m, { janv: 1, févr: 2, fevr: 2, mars: 3, avr: 4, mai: 5, juin: 6, juil: 7, août: 8, aout: 8, sept: 9, déc: 12 }[m] ?? 0]),
  ...['jän', 'mär', 'okt', 'dez'].map((m): [string, number] => [m, { jän: 1, mär: 3, okt: 10, dez: 12 }[m] ?? 0]),
]);

/** The leading name-like words of a value, without a title in front. */
function nameTokens(value: string): string {
  const cut = value.split(CUT_RE)[0] ?? '';
  const words: string[] = [];
  for (const token of cut.trim().split(/\s+/u)) {
    // A digit, a colon or a bracket ends the name: "Doe, John 45 y", "Doe, John (M)".
    if (!/^[\p{L}'’^,.-]+$/u.test(token)) break;
    if (words.length === 0 && TITLES.has(nameWords(token).join(''))) continue; // "Mr John Doe"
    words.push(token);
  }
  return words.join(' ').replace(/[,.\s]+$/u, '');
}

/** A labelled name; undefined unless it is at least two words. */
function cleanName(value: string): string | undefined {
  const raw = nameTokens(value);
  const kept = nameWords(raw).filter((w) => !TITLES.has(w));
  if (kept.length < 2 || kept.length > 6) return undefined;
  return raw;
}

/** A birth date as documents write it; a day/month order that cannot be settled gives no date. */
export function parseBirthDate(value: string, dateOrder?: DateOrder): string | undefined {
  const iso = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b/u.exec(value);
  if (iso) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]), TEXT_YEARS);
  const numeric = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b/u.exec(value);
  if (numeric) {
    const [a, b, year] = [Number(numeric[1]), Number(numeric[2]), Number(numeric[3])];
    const dmy = isoDate(year, b, a, TEXT_YEARS);
    const mdy = isoDate(year, a, b, TEXT_YEARS);
    if (dmy && mdy && dmy !== mdy) return dateOrder === 'DMY' ? dmy : dateOrder === 'MDY' ? mdy : undefined;
    return dmy ?? mdy;
  }
  const dayFirst = /^(\d{1,2})\.?\s+(?:de\s+)?([\p{L}]{3,})\.?,?\s+(?:de\s+)?(\d{4})\b/u.exec(value);
  if (dayFirst) return monthDate(Number(dayFirst[3]), dayFirst[2] ?? '', Number(dayFirst[1]));
  const monthFirst = /^([\p{L}]{3,})\.?\s+(\d{1,2}),?\s+(\d{4})\b/u.exec(value);
  if (monthFirst) return monthDate(Number(monthFirst[3]), monthFirst[1] ?? '', Number(monthFirst[2]));
  return undefined;
}

function monthDate(year: number, monthName: string, day: number): string | undefined {
  const lower = monthName.toLowerCase();
  const month = MONTHS.get(lower) ?? MONTHS.get(lower.slice(0, 4)) ?? MONTHS.get(lower.slice(0, 3));
  return month ? isoDate(year, month, day, TEXT_YEARS) : undefined;
}

function firstMatch<T>(re: RegExp, text: string, read: (value: string, label: string) => T | undefined): T | undefined {
  for (const match of text.matchAll(re)) {
    const value = match.length > 2 ? read(match[2] ?? '', match[1] ?? '') : read(match[1] ?? '', '');
    if (value !== undefined) return value;
  }
  return undefined;
}

function splitName(head: string): string | undefined {
  const surname = firstMatch(SURNAME_RE, head, (v) => nameTokens(v) || undefined);
  const forename = firstMatch(FORENAME_RE, head, (v) => nameTokens(v) || undefined);
  // DICOM order, family name first: normalised like any other name.
  return surname && forename ? cleanName(`${surname}^${forename}`) : undefined;
}

/** The labelled patient name, birth date and record number at the top of a document's text, where present. */
export function readDocumentIdentity(text: string, dateOrder?: DateOrder): DocumentIdentity {
  const head = text.slice(0, HEAD_CHARS);
  const identity: DocumentIdentity = {};
  const name = firstMatch(NAME_RE, head, cleanName) ?? firstMatch(GAP_NAME_RE, head, cleanName) ?? firstMatch(GAP_PATIENT_RE, head, cleanName) ?? splitName(head);
  if (name) identity.name = name;
  // Spanish, French and German labels come with day-first dates.
  const birthDate = firstMatch(BIRTH_RE, head, (value, label) => parseBirthDate(value.trim(), dateOrder ?? (/^(?:d\.|dob|date\s+of|birth)/iu.test(label) ? undefined : 'DMY')));
  if (birthDate) identity.birthDate = birthDate;
  const patientId = firstMatch(ID_RE, head, (value) => {
    const id = value.trim().replace(/\s+/gu, '');
    // An ID has a digit: "MRN: pending" or "NHS No: see letter" is not one.
    return /\d/u.test(id) && id.length >= 3 ? id : undefined;
  });
  if (patientId) identity.patientId = patientId;
  return identity;
}
