import type { CategoryId } from '../../model/categories.js';

/**
 * The words that say what a date in a document is. Data, not code: a label is
 * a pattern, the kind of date it introduces, and whether it may ever be chosen.
 * Which kind matters most depends on the document's category (KIND_WEIGHTS).
 */

export type DateKind =
  | 'procedure' | 'collection' | 'received' | 'operation' | 'exam' | 'admission' | 'discharge'
  | 'visit' | 'report' | 'letter' | 'printed' | 'unlabelled';

/** Dates that must never be chosen as the clinical date, whatever else is near them. */
export type ExcludedKind = 'birth' | 'expiry' | 'future-visit' | 'reference-range';

export interface DateLabel {
  id: string;
  pattern: RegExp;
  kind: DateKind | ExcludedKind;
}

// Patterns are matched against the text just before a date (same line, or the line/column header above).
// Order does not matter: the label ending nearest the date wins, then the longer one.
export const DATE_LABELS: readonly DateLabel[] = [
  // never chosen
  { id: 'dob', pattern: /\b(?:date\s+of\s+birth|birth\s*date|d\.?\s?o\.?\s?b\b\.?|born(?:\s+on)?|geb(?:\.|oren)|né(?:e)?\s+le)/gi, kind: 'birth' },
  { id: 'expiry', pattern: /\b(?:expiry(?:\s+date)?|date\s+of\s+expiry|expir(?:es|ation)(?:\s+date)?|exp\.|valid\s+(?:until|till|thru|through|to)|use\s+by|best\s+before)/gi, kind: 'expiry' },
  { id: 'future-visit', pattern: /\b(?:appointment|appt\.?|follow[\s-]?up|next\s+(?:visit|review|appointment|cycle|dose|scan)|review\s+(?:on|in|date)|due\s+(?:on|date)|scheduled(?:\s+for)?|to\s+be\s+seen|recall\s+(?:on|date))/gi, kind: 'future-visit' },
  { id: 'reference-range', pattern: /\b(?:reference\s+(?:range|interval|values?)|ref\.?\s+(?:range|interval)|normal\s+(?:range|values?)|biological\s+reference)/gi, kind: 'reference-range' },
  // clinical events
  { id: 'procedure', pattern: /\b(?:date\s+of\s+(?:procedure|biopsy|sampling|resection|excision|fna|aspiration)|(?:procedure|biopsy|sampling)\s+date|biopsy\s+(?:taken|performed|done)(?:\s+on)?|procedure\s+(?:performed|done)(?:\s+on)?)/gi, kind: 'procedure' },
  { id: 'collection', pattern: /\b(?:collect(?:ed|ion)(?:\s+(?:date|on|at|time))?|date\s+(?:of\s+)?collect(?:ed|ion)|(?:sample|specimen)\s+(?:date|taken|drawn|collected)(?:\s+on)?|date\s+(?:taken|drawn|sampled)|drawn(?:\s+on)?|sampled(?:\s+on)?|sample\s+collection\s+date)/gi, kind: 'collection' },
  { id: 'received', pattern: /\b(?:(?:specimen|sample)\s+received(?:\s+on)?|received(?:\s+(?:on|date))?|date\s+(?:of\s+)?receipt|date\s+received|receipt\s+date|registered(?:\s+on)?|registration\s+date|accessioned(?:\s+on)?)/gi, kind: 'received' },
  { id: 'operation', pattern: /\b(?:date\s+of\s+(?:operation|surgery|op)|(?:operation|surgery|surgical|op)\s+date|operated\s+on)/gi, kind: 'operation' },
  { id: 'exam', pattern: /\b(?:exam(?:ination)?\s+date|date\s+of\s+(?:exam(?:ination)?|study|scan|service|imaging|investigation)|study\s+date|scan\s+date|date\s+of\s+test|test\s+date|acquisition\s+date|acquired(?:\s+on)?|performed(?:\s+on)?|exam\s+performed|date\s+performed)/gi, kind: 'exam' },
  { id: 'admission', pattern: /\b(?:date\s+of\s+admission|admission\s+date|admitted(?:\s+on)?|date\s+admitted|doa\b)/gi, kind: 'admission' },
  { id: 'discharge', pattern: /\b(?:date\s+of\s+discharge|discharge\s+date|discharged(?:\s+on)?|date\s+discharged|dod\b)/gi, kind: 'discharge' },
  { id: 'visit', pattern: /\b(?:clinic\s+date|date\s+of\s+(?:clinic|visit|consultation|encounter|attendance)|visit\s+date|consultation\s+date|seen\s+(?:on|in\s+clinic\s+on)|date\s+seen|encounter\s+date)/gi, kind: 'visit' },
  { id: 'report', pattern: /\b(?:report(?:ed)?\s+(?:date|on)|date\s+(?:of\s+)?report(?:ed)?|reported|signed\s*(?:out|off)?(?:\s+(?:on|date))?|sign[\s-]?out\s+date|authori[sz]ed(?:\s+on)?|verified(?:\s+on)?|validated(?:\s+on)?|finali[sz]ed(?:\s+on)?|approved(?:\s+on)?|electronically\s+signed(?:\s+on)?|dictated(?:\s+on)?|transcribed(?:\s+on)?)/gi, kind: 'report' },
  { id: 'letter', pattern: /\b(?:date|dated|dt\.?)(?=\s*[:\-–]|\s+\d|\s*$)/gi, kind: 'letter' },
  { id: 'printed', pattern: /\b(?:printed(?:\s+on)?|print\s+date|date\s+printed|generated(?:\s+on)?|downloaded(?:\s+on)?|page\s+\d+\s+of\s+\d+)/gi, kind: 'printed' },
];

export const EXCLUDED_KINDS: ReadonlySet<string> = new Set<ExcludedKind>(['birth', 'expiry', 'future-visit', 'reference-range']);

/** Headings that open a block of normal values: every date up to the next blank line is excluded. */
export const REFERENCE_BLOCK_HEADING = /^\s*(?:reference\s+(?:ranges?|intervals?|values)|normal\s+(?:ranges?|values)|biological\s+reference\s+intervals?)\b/i;

type KindWeights = Partial<Record<DateKind, number>>;

/** Shared floor: any labelled date beats an unlabelled one, a print date beats nothing. */
const BASE: KindWeights = {
  procedure: 0.7, collection: 0.7, received: 0.55, operation: 0.7, exam: 0.7, admission: 0.5, discharge: 0.6,
  visit: 0.7, report: 0.5, letter: 0.5, printed: 0.1, unlabelled: 0.2,
};

const SPECIMEN: KindWeights = { ...BASE, procedure: 1, collection: 0.95, operation: 0.9, received: 0.8, report: 0.45, letter: 0.4, exam: 0.4 };

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
  'radiotherapy-record': { ...BASE, procedure: 0.8, report: 0.6, letter: 0.6 },
  'treatment-history': { ...BASE, visit: 0.9, letter: 0.75, report: 0.7 },
  'clinical-summary': { ...BASE, visit: 1, letter: 0.85, report: 0.7, exam: 0.4, procedure: 0.4, operation: 0.4 },
  'medication-list': { ...BASE, letter: 0.8, report: 0.7, visit: 0.8 },
  'identity-document': { ...BASE, letter: 0.5 },
  'consent-form': { ...BASE, letter: 0.8, report: 0.6 },
  'other': BASE,
};

export function kindWeight(category: CategoryId, kind: DateKind): number {
  return KIND_WEIGHTS[category][kind] ?? BASE[kind] ?? 0.2;
}

/** Kinds that are points of a lab/marker series rather than the paperwork around it. */
export const SERIES_KINDS: ReadonlySet<DateKind> = new Set<DateKind>(['collection', 'procedure', 'letter', 'unlabelled']);
