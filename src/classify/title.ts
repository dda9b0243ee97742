import type { CategoryId } from '../model/categories.js';
import type { Reason } from '../model/scan.js';
import { withoutOcrEdges } from './ocr-lines.js';

/**
 * The document's own title, wherever the layout puts it.
 *
 * Hospital printouts open with things that are not the title: a letterhead
 * (institution, department, address, phone, fax, web), a patient-header table
 * of `Label: value` pairs (two pairs a line when pdf.js joins the cells of a
 * two-column table), a page header repeated on every page, a letter's date.
 * Those lines are "boilerplate": they still belong to the top of the document
 * (a letterhead's department and a `Re:` line are evidence), but none is the
 * title. The title is the first title-like line among them: short, capitalised,
 * not a sentence, not a field. The body starts at the first sentence or
 * section heading, and nothing after it is in the title zone: a heading such as
 * "CURRENT MEDICATIONS:" or a sentence such as "Informed consent was obtained"
 * near the top is a mention, not the document's title.
 */

export type LineRole = 'boilerplate' | 'title' | 'top' | 'body';

/** Lines examined for a leading block: a letterhead and header table rarely take more. */
const LEADING_MAX_LINES = 30;
/** After the leading block, how many further lines may still be header fields counted as top. */
const TITLE_ZONE_LINES = 10;
const TITLE_MAX_CHARS = 90;
const TITLE_MAX_WORDS = 12;

const INSTITUTION = /\b(hospitals?|medical (?:cent(?:er|re)|college|group|associates)|health(?:care)?(?: system| services| trust| network)?|clinics?|university|nhs|trust|foundation|institute|laborator(?:y|ies)|diagnostics?|imaging cent(?:er|re)|cancer cent(?:er|re)|pvt\.?|ltd\.?|inc\.?|llc|gmbh|department|dept\.?|division|services|centre|center|unit|faculty|school of medicine)\b/i;
/** Words that make a line name a document rather than an organisation ("Oncology Clinic Letter"). */
const DOCUMENT_NOUN = /\b(report|summary|letter|note|notes|record|form|consent|results?|plan|request|referral|consultation|prescription|card|list|chart|passport|licen[cs]e|authori[sz]ation|opinion|outcome|profile|panel|test|scan|study|examination|procedure|operation|biopsy|cytology|histology|pathology|radiology|imaging|mri|ct|pet|ultrasound|x-ray|mammogra\w*)\b/i;
// Street words in any case ("1 Example Road", "400 HOSPITAL DRIVE"); postcodes keep their capitals.
const STREET = /(\b\d{1,5}[a-z]?\s+[\p{L} .'-]{2,40}\b(road|rd|street|st|avenue|ave|boulevard|blvd|lane|ln|drive|dr|way|place|square|suite|floor|building|marg|nagar)\b)|(\b(po box|p\.o\. box|suite|floor|level \d+|building)\b)/iu;
const POSTCODE = /(\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b)|(\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b)/u;
// A phone number in groups ("000 000 0000", "+44 20 7946 0000") is contact information even when OCR has mangled
// its label ("Te. 000 000 0000"); a date's groups are too short to look like one.
const CONTACT = /(\b(tel|telephone|phone|ph|fax|mobile|mob|email|e-mail|web|website)\b\.?\s*[:.]?\s*[+\d(]?)|(@[\w-]+\.\w)|(\bwww\.)|(https?:\/\/)|(\(\d{3}\)\s*\d{3}-\d{4})|((?<![\d/.-])\(?\d{2,5}\)?[ .-]\d{3,4}[ .-]\d{3,4}(?![\d/.-]))/i;
const PAGE_LINE = /\bpage\s+\d+(\s*(of|\/)\s*\d+)?\b/i;
/** `Label: value` at the start of a line (one or two pairs: a two-column header table). */
const FIELD_LINE = /^[\p{L}][\p{L}\d .#/&()'’-]{0,40}?\s*[:=]\s*\S/u;
/** A date field whose colon OCR read as a stop or a semicolon ("Date of service. April 3, 2020", "DOB; 04/12/1961"). */
const OCR_DATE_FIELD = /^[\p{L}][\p{L} ]{1,30}[.;]\s+(?:\d{1,4}[./-]\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4})/iu;
/** A line that is only a date, a letter's date under the address ("July 15, 2025", "24/10/2025"). */
const DATE_ONLY = /^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+[a-z]{3,9}\.?,?\s+\d{4}|[a-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,4}[./-]\d{1,2}[./-]\d{1,4})$/i;
/** Section headings every kind of document has: a document that starts with one has no title line. */
const SECTION_HEADING = /^(final |pathologic(?:al)? |clinical |working |provisional )?(diagnos[ie]s|findings|impression|conclusions?|history|indications?|technique|comparison|procedures?|specimens?( submitted| received)?|gross( description)?|microscop(y|ic description)|comments?|results?|assessment( and plan)?|plan|current medications|medications|allergies|hospital course|chief complaint|history of present illness|past (medical|surgical) history|social history|family history|review of systems|physical exam(ination)?|vital signs|recommendations?|details|information|addendum|synoptic report|interpretation|methods?|course|follow[- ]?up|examination|investigations)\s*:?$/i;
/** A mention that cites another document or a past event, never a title. */
const CITING_START = /^(history|h\/o|prior|previous|past|s\/p|status post|known case|k\/c\/o|h\.o\.)\b/i;
/** Words of a sentence, not of a title ("Informed consent was obtained", "We saw him today"). */
const SENTENCE_WORD = /\b(was|were|is|are|has|have|had|been|being|showed|shows|obtained|received|given|noted|seen|underwent|will|would|should|could|we|i|he|she|they|this|that|these|dear|please|thank)\b/i;
const SMALL_WORD = /^(of|and|the|for|with|in|on|to|a|an|at|by|or|de|del|la|le|und|von|der|y|e|&)$/i;

const lettersOf = (s: string): number => s.replace(/[^\p{L}\p{N}]/gu, '').length;

/** An organisational unit names who wrote the document even when its name holds a document word ("Department of Pathology"). */
const ORG_UNIT = /^(?:(?:the\s+)?(?:department|dept\.?|division|faculty|directorate|school|institute|service|section)\s+of\b)|\b(?:department|dept\.?)$/i;

function isLetterhead(line: string): boolean {
  if (STREET.test(line) || POSTCODE.test(line) || CONTACT.test(line) || ORG_UNIT.test(line)) return true;
  // An organisation's name is short and no sentence ("is given in the day unit" is prose).
  return line.length <= TITLE_MAX_CHARS && INSTITUTION.test(line) && !DOCUMENT_NOUN.test(line) && !SENTENCE_WORD.test(line) && !/[.;]$/.test(line);
}

/** Lines that are never the title, in any position: letterhead, fields, page furniture, a lone date. */
export function isBoilerplate(line: string, repeated: ReadonlySet<string>): boolean {
  const trimmed = withoutOcrEdges(line.trim());
  return isLetterhead(trimmed) || FIELD_LINE.test(trimmed) || OCR_DATE_FIELD.test(trimmed) || PAGE_LINE.test(trimmed) || DATE_ONLY.test(trimmed) || repeated.has(shapeOf(trimmed));
}

/** Short, capitalised, not a sentence, not a field: how a document's title looks. */
export function isTitleLike(line: string): boolean {
  const trimmed = withoutOcrEdges(line.trim()).replace(/\s+/g, ' ');
  // Scripts without case (Chinese, Arabic, Devanagari: \p{Lo}) start a title with any letter.
  if (!trimmed || trimmed.length > TITLE_MAX_CHARS || !/^[\p{Lu}\p{Lo}\p{N}]/u.test(trimmed) || /[.,;:。]$/.test(trimmed)) return false;
  if (CITING_START.test(trimmed) || lettersOf(trimmed) < 3) return false;
  const words = trimmed.split(' ');
  if (words.length > TITLE_MAX_WORDS) return false;
  const content = words.filter((w) => lettersOf(w) >= 3 && !SMALL_WORD.test(w));
  const capitalised = content.filter((w) => /^[\p{Lu}\p{N}(]/u.test(w)).length;
  if (content.length > 0 && capitalised / content.length >= 0.6) return true;
  // Sentence case ("Surgical pathology report") is a title when it is short and has no sentence words.
  return words.length <= 6 && !SENTENCE_WORD.test(trimmed);
}

/** A line's shape with its numbers blanked: page headers differ only by their page number. */
function shapeOf(line: string): string {
  return line.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ');
}

/** Fewest lines between two copies of a page header or footer: consecutive look-alike lines are a table or a list. */
const PAGE_HEADER_GAP = 8;

/** Lines printed again further on (page headers and footers on every page). */
function repeatedLines(lines: readonly string[]): Set<string> {
  const lastSeen = new Map<string, number>();
  const repeated = new Set<string>();
  lines.forEach((line, index) => {
    const shape = shapeOf(withoutOcrEdges(line.trim()));
    if (shape.length < 6 || shape.length > TITLE_MAX_CHARS) return;
    const last = lastSeen.get(shape);
    if (last !== undefined && index - last >= PAGE_HEADER_GAP) repeated.add(shape);
    lastSeen.set(shape, index);
  });
  return repeated;
}

/**
 * The role of each non-empty line: the leading block (boilerplate and title
 * lines before the body starts) is the top of the document; among it the first
 * title-like line is the title, and the next one too when the first names no
 * document (an undetected institution or a doctor's name above the real title).
 * Header fields within the first lines after the title still count as top.
 */
export function lineRoles(lines: readonly string[]): LineRole[] {
  const repeated = repeatedLines(lines);
  const roles: LineRole[] = lines.map(() => 'body');
  let index = 0;
  let titleNamesDocument = false;
  let titles = 0;
  let firstContent = true;
  for (; index < lines.length && index < LEADING_MAX_LINES; index++) {
    const line = withoutOcrEdges((lines[index] as string).trim());
    if (isBoilerplate(line, repeated)) { roles[index] = 'boilerplate'; continue; }
    const heading = SECTION_HEADING.test(line);
    const first = firstContent;
    firstContent = false;
    if (!isTitleLike(line) || (heading && !first)) {
      // The line that opens a document is its top even when it is no title ("Histopathology report for Mrs X …"),
      // unless it is a section heading or a citation; a flat text layer's opening words too (engine.ts bounds them).
      if (first && !CITING_START.test(line)) roles[index] = 'top';
      index++;
      break;
    }
    // A generic heading is a title only as the very first content of the document ("Current Medications" list).
    // A second title line: right under the first (a title on two lines), or when the first named no document
    // (an institution or a doctor's name above the title).
    const adjacent = roles[index - 1] === 'title';
    if (titles === 0 || (titles < 2 && (adjacent || (!titleNamesDocument && DOCUMENT_NOUN.test(line))))) {
      roles[index] = 'title';
      titles++;
      titleNamesDocument ||= DOCUMENT_NOUN.test(line);
    } else roles[index] = 'top';
  }
  // After the leading block: header fields and letterhead lines among the next lines are still the top.
  for (let seen = 0; index < lines.length && seen < TITLE_ZONE_LINES; index++, seen++) {
    const line = (lines[index] as string).trim();
    if (isBoilerplate(line, repeated)) roles[index] = 'top';
  }
  return roles;
}

/** The line that carried the winning title rule, kept short (a title, not text); title lines first. */
export function titleLine(candidates: readonly string[], reasons: Reason[], category: CategoryId | undefined): string | undefined {
  if (!category) return undefined;
  const titleReason = reasons.find((r) => r.category === category && r.rule.includes('.title'));
  const phrase = titleReason?.matched?.[0]?.replace(/ \(cited\)$/, '').toLowerCase();
  if (!phrase) return undefined;
  // Only a line that is mostly the title phrase: a header line may also carry a name or a number.
  const line = candidates.find((l) => l.toLowerCase().includes(phrase) && l.length <= 80 && lettersOf(phrase) >= 0.4 * lettersOf(l));
  return line?.replace(/\s+/g, ' ');
}
