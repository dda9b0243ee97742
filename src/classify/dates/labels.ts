import type { CategoryId } from '../../model/categories.js';
import { DATE_LABEL_PATTERNS_I18N } from './labels-i18n.js';

/**
 * The words that say what a date in a document is. Data, not code: a label is
 * a pattern, the kind of date it introduces, and whether it may ever be chosen.
 * Which kind matters most depends on the document's category (KIND_WEIGHTS).
 */

export type DateKind =
  | 'procedure' | 'collection' | 'received' | 'operation' | 'exam' | 'admission' | 'discharge'
  | 'visit' | 'report' | 'letter' | 'printed' | 'unlabelled' | 'treatment-start' | 'treatment-end';

/** Dates that must never be chosen as the clinical date, whatever else is near them. */
export type ExcludedKind = 'birth' | 'expiry' | 'future-visit' | 'reference-range';

export interface DateLabel {
  id: string;
  pattern: RegExp;
  kind: DateKind | ExcludedKind;
}

/** "Date", "Date/Time", "Date & time": how forms head a date field. */
const DATE = String.raw`date(?:\s*(?:\/|&|and)\s*time)?`;

/**
 * A label pattern from alternatives written with `DATE` and plain regex syntax; case-insensitive, whole words.
 * Whitespace inside a label is one space or tab: a wider gap is a column break in a laid-out table
 * ("Collection date   Report date" is two labels, not "date Report").
 */
function label(...alternatives: string[]): RegExp {
  const source = alternatives.join('|')
    .replace(/\[([^\]]*)\\s([^\]]*)\]/g, '[$1 \\t$2]')
    .replace(/\\s[+*?]/g, '[ \\t]?')
    .replace(/\\s/g, '[ \\t]');
  // `m`: a label that ends its line (a header above its value) may use `$`.
  return new RegExp(String.raw`\b(?:${source})`, 'gim');
}

// Patterns are matched against the text just before a date (same line, or the line/column header above).
// Order does not matter: the label ending nearest the date wins, then the longer one.
/** A Chinese record's date: 2025年9月15日, 2025-09-15, 2025.09.15, 2025/9/15 (with an hour after it or not). */
const ZH_DATE = String.raw`\d{4}[ \t]*(?:年[ \t]*\d{1,2}[ \t]*月[ \t]*\d{1,2}[ \t]*日?|[-./]\d{1,2}[-./]\d{1,2})(?:[ \t]*\d{1,2}(?:[:：]\d{2}|时|時)(?:\d{1,2}分)?)?`;
/** The word between the two days of a Chinese range: 至, 到, a dash or a tilde. */
const ZH_UNTIL = String.raw`(?:至|到|~|～|－|—|–|-)`;

export const DATE_LABELS: readonly DateLabel[] = [
  // never chosen
  { id: 'dob', kind: 'birth', pattern: label(String.raw`${DATE}\s+of\s+birth`, String.raw`birth\s*${DATE}`, String.raw`d\.?\s?o\.?\s?b\b\.?`, String.raw`born(?:\s+on)?`, String.raw`geb(?:\.|oren)`, String.raw`née?\s+le`, String.raw`d\/o\/b`, String.raw`geburtsdatum`, String.raw`date\s+de\s+naissance`, String.raw`fecha\s+de\s+nacimiento`, String.raw`data\s+di\s+nascita`, String.raw`birth(?=\s*:)`) },
  { id: 'expiry', kind: 'expiry', pattern: label(String.raw`expiry(?:\s+date)?`, String.raw`${DATE}\s+of\s+expiry`, String.raw`expir(?:es|ation|y)(?:\s+(?:date|on))?`, String.raw`exp\.`, String.raw`exp(?=\s*:)`, String.raw`valid\s+(?:until|till|thru|through|to)`, String.raw`use\s+by`, String.raw`best\s+before`) },
  { id: 'future-visit', kind: 'future-visit', pattern: label(String.raw`appointment`, String.raw`appt\.?`, String.raw`follow[\s-]?up(?:\s+(?:on|date|visit))?`, String.raw`next\s+(?:visit|review|appointment|cycle|dose|scan|follow[\s-]?up)`, String.raw`review\s+(?:on|in|date)`, String.raw`due\s+(?:on|date)`, String.raw`scheduled(?:\s+(?:for|on))?`, String.raw`to\s+be\s+seen`, String.raw`recall\s+(?:on|date)`, String.raw`revisit(?:\s+on)?`) },
  { id: 'reference-range', kind: 'reference-range', pattern: label(String.raw`reference\s+(?:range|interval|values?)`, String.raw`ref\.?\s+(?:range|interval)`, String.raw`normal\s+(?:range|values?)`, String.raw`biological\s+reference`) },
  // clinical events
  { id: 'procedure', kind: 'procedure', pattern: label(String.raw`${DATE}\s+of\s+(?:procedure|biopsy|sampling|resection|excision|fna|aspiration|endoscopy|colonoscopy)`, String.raw`(?:procedure|biopsy|sampling|endoscopy)\s+${DATE}`, String.raw`biopsy\s+(?:taken|performed|done)(?:\s+on)?`, String.raw`procedure\s+(?:performed|done)(?:\s+on)?`) },
  { id: 'collection', kind: 'collection', pattern: label(String.raw`collect(?:ed|ion)(?:\s+(?:${DATE}|on|at|time))?`, String.raw`${DATE}\s+(?:of\s+)?collect(?:ed|ion)`, String.raw`(?:sample|specimen)\s+(?:${DATE}|taken|drawn|collected)(?:\s+on)?`, String.raw`${DATE}\s+(?:taken|drawn|sampled)`, String.raw`drawn(?:\s+on)?`, String.raw`sampled(?:\s+on)?`, String.raw`(?:sample|specimen)\s+collection(?:\s+${DATE})?`, String.raw`coll\.?\s+${DATE}`, String.raw`${DATE}\s+of\s+(?:sample|specimen)(?:\s+collection)?`) },
  { id: 'received', kind: 'received', pattern: label(String.raw`(?:specimen|sample)\s+received(?:\s+on)?`, String.raw`received(?:\s+(?:on|${DATE}))?`, String.raw`${DATE}\s+(?:of\s+)?receipt`, String.raw`${DATE}\s+received`, String.raw`receipt\s+${DATE}`, String.raw`registered(?:\s+on)?`, String.raw`rec(?:'|’)?d(?:\s+on)?`, String.raw`registration\s+${DATE}`, String.raw`accessioned(?:\s+on)?`, String.raw`request(?:ed)?\s+${DATE}`, String.raw`${DATE}\s+(?:of\s+)?request(?:ed)?`, String.raw`requested(?:\s+on)?`) },
  { id: 'operation', kind: 'operation', pattern: label(String.raw`${DATE}\s+of\s+(?:operation|surgery|op)`, String.raw`(?:operation|surgery|surgical|op)\s+${DATE}`, String.raw`operated\s+on`) },
  { id: 'exam', kind: 'exam', pattern: label(String.raw`exam(?:ination)?\s+${DATE}`, String.raw`${DATE}\s+of\s+(?:exam(?:ination)?|study|scan|service|imaging|investigation|test)`, String.raw`service\s+${DATE}`, String.raw`dos(?=\s*:)`, String.raw`study\s+${DATE}`, String.raw`scan\s+${DATE}`, String.raw`test\s+${DATE}`, String.raw`acquisition\s+${DATE}`, String.raw`acquired(?:\s+on)?`, String.raw`(?:exam\s+)?performed(?:\s+on)?`, String.raw`${DATE}\s+performed`) },
  { id: 'admission', kind: 'admission', pattern: label(String.raw`${DATE}\s+of\s+admission`, String.raw`admission\s+${DATE}`, String.raw`admitted(?:\s+on)?`, String.raw`${DATE}\s+admitted`, String.raw`doa\b`) },
  { id: 'discharge', kind: 'discharge', pattern: label(String.raw`${DATE}\s+of\s+discharge`, String.raw`discharge\s+${DATE}`, String.raw`discharged(?:\s+on)?`, String.raw`${DATE}\s+discharged`, String.raw`dod\b`) },
  { id: 'visit', kind: 'visit', pattern: label(String.raw`clinic\s+${DATE}`, String.raw`${DATE}\s+of\s+(?:clinic|visit|consultation|encounter|attendance)`, String.raw`(?:visit|consultation|encounter)\s+${DATE}`, String.raw`seen\s+(?:on|in\s+clinic\s+on)`, String.raw`${DATE}\s+seen`) },
  // A course of treatment: its first and last day (radiotherapy, chemotherapy cycles).
  { id: 'treatment-start', kind: 'treatment-start', pattern: label(String.raw`(?:treatment|therapy|rt|radiotherapy|chemotherapy)\s+start(?:ed)?(?:\s+(?:${DATE}|on))?`, String.raw`start(?:ed)?\s+(?:${DATE}|on)`, String.raw`${DATE}\s+(?:of\s+)?(?:start|commencement)(?:\s+of\s+(?:treatment|therapy))?`, String.raw`commenced(?:\s+on)?`, String.raw`first\s+(?:fraction|cycle|dose|treatment)(?:\s+(?:${DATE}|on|given))?`) },
  { id: 'treatment-end', kind: 'treatment-end', pattern: label(String.raw`(?:treatment|therapy|rt|radiotherapy|chemotherapy)\s+(?:end|completion|completed|finish(?:ed)?)(?:\s+(?:${DATE}|on))?`, String.raw`(?:end|completion|finish)\s+${DATE}`, String.raw`${DATE}\s+(?:of\s+)?(?:completion|end\s+of\s+treatment)`, String.raw`completed(?:\s+on)?`, String.raw`last\s+(?:fraction|cycle|dose|treatment)(?:\s+(?:${DATE}|on|given))?`) },
  { id: 'report', kind: 'report', pattern: label(String.raw`report(?:ed|ing)?\s+(?:${DATE}|on)`, String.raw`${DATE}\s+(?:of\s+)?report(?:ed|ing)?`, String.raw`reported`, String.raw`report\s+released(?:\s+on)?`, String.raw`released(?:\s+on)?`, String.raw`result(?:ed)?\s+(?:${DATE}|on)`, String.raw`signed\s*(?:out|off)?(?:\s+(?:on|${DATE}))?`, String.raw`sign[\s-]?out\s+${DATE}`, String.raw`authori[sz]ed(?:\s+on)?`, String.raw`verified(?:\s+on)?`, String.raw`validated(?:\s+on)?`, String.raw`finali[sz]ed(?:\s+on)?`, String.raw`approved(?:\s+on)?`, String.raw`electronically\s+signed(?:\s+on)?`, String.raw`dictated(?:\s+on)?`, String.raw`transcribed(?:\s+on)?`) },
  { id: 'letter', kind: 'letter', pattern: label(String.raw`(?:${DATE}|dated|dt\.?|${DATE}\s+of\s+issue|issue\s+${DATE}|issued(?:\s+on)?|${DATE}\s+of\s+(?:letter|document)|letter\s+${DATE}|typed(?:\s+on)?)(?=[ \t]*[:\-–]|[ \t]+\d|[ \t]*$)`) },
  { id: 'printed', kind: 'printed', pattern: label(String.raw`printed(?:\s+on)?`, String.raw`print\s+${DATE}`, String.raw`${DATE}\s+printed`, String.raw`generated(?:\s+on)?`, String.raw`downloaded(?:\s+on)?`, String.raw`page\s+\d+\s+of\s+\d+`) },
  // Chinese, Spanish, French, German, Arabic, Hindi, Dutch and Italian labels (labels-i18n.ts).
  ...DATE_LABEL_PATTERNS_I18N,
  // German letters mark a birth date with a star after the name: "Klaus Muster, * 23.11.1999", "(*29.2.1984)". A star
  // opening its line is a bullet, so one is only read after a name, a comma or a bracket.
  { id: 'dob.star', kind: 'birth', pattern: /(?<=[\p{L},(][ \t]?)\*(?=[ \t]?\d)/gmu },
  // A German letter's own date: "Berlin, den 22.06.2032" or "Heidelberg, 14.09.2039" on a line of its own, a title line
  // "Arztbrief vom 25.8.2068" (not "auf meinen Brief vom ... verweisen" in a sentence), "Datum: 08/06/2012".
  { id: 'letter.de', kind: 'letter', pattern: /(?<=^[ \t]*\p{Lu}[\p{L} .-]{1,40},[ \t]*)den(?=[ \t]+\d)|(?<=^[ \t]*)\p{Lu}[\p{L} .-]{1,40},(?=[ \t]*\d{1,2}\.[ \t]?\d{1,2}\.[ \t]?\d{2,4}[ \t]*$)|(?<=^[ \t]*)(?:arzt|entlassungs|kurz|verlegungs|abschluss)?brief[ \t]+vom(?![\p{L}])|(?<![\p{L}])datum(?=[ \t]*[:\-–]|[ \t]+\d)/gimu },
  // The stay a German letter is about, in its first sentence: "die sich vom 20.12.2033 bis zum 28.12.2033 in unserer
  // stationären Behandlung befand", "Stationär von 12.3.2023 bis 28.3.2023". Its first day is the admission, its last
  // the discharge; a quoted course of treatment ("Chemotherapie vom ... bis ...") names no stay and stays unlabelled.
  { id: 'stay.de.admission', kind: 'admission', pattern: /(?<![\p{L}])vo[nm](?=\s+\d{1,2}\.[ \t]?\d{1,2}\.[ \t]?\d{2,4}\s+bis\s+(?:zum\s+)?\d{1,2}\.[ \t]?\d{1,2}\.[ \t]?\d{2,4}[\s\S]{0,80}?(?:station|behandlung|in unserem hause|in unserer klinik|aufenthalt|aufhielt|behandelt))|(?<=station\p{L}*[ \t]+)vo[nm](?=[ \t]+\d)/gimu },
  { id: 'stay.de.discharge', kind: 'discharge', pattern: /(?<=(?<![\p{L}])vo[nm]\s+\d{1,2}\.[ \t]?\d{1,2}\.[ \t]?\d{2,4}\s+)bis(?:\s+zum)?(?=\s+\d{1,2}\.[ \t]?\d{1,2}\.[ \t]?\d{2,4}[\s\S]{0,80}?(?:station|behandlung|in unserem hause|in unserer klinik|aufenthalt|aufhielt|behandelt))|(?<=station\p{L}*[ \t]+vo[nm]\s+\d{1,2}\.[ \t]?\d{1,2}\.[ \t]?\d{2,4}\s+)bis(?=[ \t]+\d)/gimu },
  // A Chinese stay as one range: "住院日期：2025年9月1日至2025年9月15日", "住院时间 2025-09-01 至 2025-09-15"; or told
  // in the record's sentence: "于2025年9月1日入院……于2025年9月15日出院". Its first day is the admission, its last the
  // discharge; a course quoted in prose ("2023-06-25至2023-09-06行化疗") names no stay and stays unlabelled.
  { id: 'stay.zh.admission', kind: 'admission', pattern: new RegExp(String.raw`住院(?:日期|时间|時間|期间|期間)(?=[ \t]*[:：]?[ \t]*${ZH_DATE}[ \t]*${ZH_UNTIL}[ \t]*${ZH_DATE})|(?<!出)于(?=[ \t]*${ZH_DATE}[ \t]*(?:在|于|於)?(?:我院|本院|我科|本科)?[ \t]*(?:入院|住院|收入))`, 'gmu') },
  { id: 'stay.zh.discharge', kind: 'discharge', pattern: new RegExp(String.raw`(?<=住院(?:日期|时间|時間|期间|期間)[ \t]*[:：]?[ \t]*${ZH_DATE}[ \t]*)${ZH_UNTIL}(?=[ \t]*${ZH_DATE})|于(?=[ \t]*${ZH_DATE}[ \t]*(?:出院|康复出院|好转出院))`, 'gmu') },
  // An out-patient letter's visit, said in its first sentence with the date before the verb: "der sich am 15.03.2013
  // in unserer Protonensprechstunde vorstellte". Courses quoted later ("Chemotherapie 23.01. - 15.02.12") stay unlabelled.
  { id: 'visit.de.presented', kind: 'visit', pattern: /(?<![\p{L}])sich[ \t]+am(?=\s+\d{1,2}\.[ \t]?\d{1,2}\.[ \t]?\d{2,4}[^.]{0,80}?(?:vorstellte|vorgestellt|in unserer|in unserem|in der))/gimu },
];

export const EXCLUDED_KINDS: ReadonlySet<string> = new Set<ExcludedKind>(['birth', 'expiry', 'future-visit', 'reference-range']);

/** A heading alone on its line that opens a block of normal values: every date up to the next blank line is excluded. */
export const REFERENCE_BLOCK_HEADING = /^\s*(?:reference\s+(?:ranges?|intervals?|values)|normal\s+(?:ranges?|values)|biological\s+reference\s+intervals?)(?:\s+\(?[a-z ]+\)?)?\s*:?\s*$/i;

type KindWeights = Partial<Record<DateKind, number>>;

/** Shared floor: any labelled date beats an unlabelled one, a print date beats nothing. */
const BASE: KindWeights = {
  procedure: 0.7, collection: 0.7, received: 0.55, operation: 0.7, exam: 0.7, admission: 0.5, discharge: 0.6,
  visit: 0.7, report: 0.5, letter: 0.5, printed: 0.1, unlabelled: 0.2, 'treatment-start': 0.45, 'treatment-end': 0.5,
};

// "Date of service" (an exam label) on a pathology report is the specimen's day: it beats the sign-out date.
const SPECIMEN: KindWeights = { ...BASE, procedure: 1, collection: 0.95, operation: 0.9, received: 0.8, exam: 0.6, report: 0.45, letter: 0.4 };

/** Which labelled date is the clinical one, per category (issue 3: biopsy/collection, exam, operation, discharge, report last). */
export const KIND_WEIGHTS: Record<CategoryId, KindWeights> = {
  'pathology-report': SPECIMEN,
  'pathology-slides': SPECIMEN,
  'molecular-report': SPECIMEN,
  'lab-results': { ...BASE, collection: 1, procedure: 0.85, received: 0.75, report: 0.45, letter: 0.45 },
  'imaging': { ...BASE, exam: 1, procedure: 0.85, report: 0.5, received: 0.3 },
  'imaging-report': { ...BASE, exam: 1, procedure: 0.85, report: 0.5, received: 0.3 },
  'imaging-export': { ...BASE, exam: 1, procedure: 0.8, report: 0.5 },
  'operative-report': { ...BASE, operation: 1, procedure: 0.95, admission: 0.5, discharge: 0.45, report: 0.45 },
  'discharge-summary': { ...BASE, discharge: 1, admission: 0.6, operation: 0.5, letter: 0.55, report: 0.5 },
  'radiotherapy-record': { ...BASE, 'treatment-end': 1, 'treatment-start': 0.75, procedure: 0.8, report: 0.6, letter: 0.6 },
  'treatment-history': { ...BASE, 'treatment-end': 1, 'treatment-start': 0.75, visit: 0.9, letter: 0.75, report: 0.7 },
  'clinical-summary': { ...BASE, visit: 1, letter: 0.85, report: 0.7, exam: 0.4, procedure: 0.4, operation: 0.4 },
  'medication-list': { ...BASE, letter: 0.8, report: 0.7, visit: 0.8 },
  'identity-document': { ...BASE, letter: 0.5 },
  'consent-form': { ...BASE, letter: 0.8, report: 0.6 },
  'other': BASE,
};

export function kindWeight(category: CategoryId, kind: DateKind): number {
  return KIND_WEIGHTS[category][kind] ?? BASE[kind] ?? 0.2;
}

/** Dates that may be points of a cumulative lab table when no date says "collected". */
export const SERIES_KINDS: ReadonlySet<DateKind> = new Set<DateKind>(['letter', 'unlabelled']);
