import type { CategoryId } from '../model/categories.js';
import type { Reason } from '../model/scan.js';
import { TEXT_RULES, type TextRule } from './rules.js';
import { TEXT_RULES_I18N } from './rules-i18n.js';
import { NARRATIVE_RULE } from './narrative.js';
import { joinCutWordsWithinEdges, withoutOcrEdges } from './ocr-lines.js';
import { lineRoles } from './title.js';

/**
 * The one rule engine: scores text against weighted rules and says why.
 *
 * Where a phrase occurs matters more than how often. The document's own title
 * (a short line near the top that is mostly the phrase) weighs most; the rest
 * of the title zone and headings weigh more than body text; a mention right
 * after "history", "prior", "compared with"… (a document citing another) is
 * damped, so a CT named in a pathology report's history cannot flip it.
 */

/** Plain text (a file name): how many non-empty lines at the top form the title zone. */
const PLAIN_TITLE_ZONE_LINES = 10;
const TITLE_LINE_MAX = 90;
/** How far before a match its context is read ("compared with the prior … CT"). */
const CONTEXT_CHARS = 80;
const HEADING_LINE_MAX = 50;
/** Between a title and its subtitle: a spaced dash, a bar, or a colon. */
const TITLE_SUBTITLE = /\s+[-–—|]\s+|:\s+/;

export const PLACE_WEIGHT = { title: 4, top: 2, heading: 2, body: 1 } as const;
type Place = keyof typeof PLACE_WEIGHT;
/** Multiplier for a mention that cites another document rather than naming this one. */
const CITED_DAMPING = 0.35;
const CITATION_CONTEXT = /\b(history|h\/o|previous|previously|prior|outside|external|earlier|compared|comparison|correlat\w*|referred|refer to|see|as per|per the|cited|reported|recent|done on|dated|known case of|k\/c\/o|s\/p|status post|following|after|for)\b[^.\n]{0,40}$/i;

export interface Scored {
  category: CategoryId;
  score: number;
  reasons: Reason[];
}

export interface EngineResult {
  /** Categories by descending score (only those that scored). */
  ranked: Scored[];
}

interface Line {
  text: string;
  start: number;
  zone: 'top' | 'rest';
  /** The document's own title line (title.ts): only there does a phrase count as the title. */
  title: boolean;
  /** Inside a history / indication / comparison section: it describes other documents. */
  cited: boolean;
}

/** Sections whose content is about other documents (the CT that led here, the prior study). */
const CITING_SECTION = /^\s*(clinical (history|information|details|indication|notes?|summary)|history|indications?|reason for (exam(ination)?|referral|request|study)|comparison|prior (studies|imaging|exams?)|previous (studies|imaging|reports?|investigations)|background|relevant history|investigations? to date)\s*:?\s*$/i;
/** Any other short line that opens a section ends a citing section. */
const SECTION_START = /^\s*\p{Lu}[^.]{0,40}:?\s*$/u;
const LETTERHEAD_LINE = /\b(department|dept\.?|division|institute|centre|center|unit|services)\b/i;
/** Words right after a mention that show it is another document: "(pathology report attached)". */
const CITED_AFTER = /^[\s)\],.;:-]{0,3}(attached|enclosed|awaited|pending|to follow|sent|requested|results? awaited)\b/i;

interface PreparedText {
  text: string;
  lines: Line[];
}

/**
 * Lines with their place in the document. `document` layout finds the title
 * behind letterheads, header tables and page headers (title.ts); `plain` (a
 * file name) takes the first lines as the top, every filling line a title.
 */
export function prepareText(original: string, layout: 'document' | 'plain' = 'document'): PreparedText {
  const lines: Line[] = [];
  let offset = 0;
  let inCitingSection = false;
  // A heading's word OCR cut in two ("DIS CHARGE DIAG NOSES") made whole again (ocr-lines.ts), also beside the
  // marks OCR leaves at a line's edges; other lines as they are.
  const vocabulary = ruleVocabulary();
  const text = original.split('\n').map((line) => joinCutWordsWithinEdges(line, vocabulary)).join('\n');
  for (const raw of text.split('\n')) {
    const trimmed = withoutOcrEdges(raw.trim());
    if (trimmed) {
      const opensCiting = CITING_SECTION.test(trimmed);
      if (opensCiting) inCitingSection = true;
      else if (inCitingSection && SECTION_START.test(trimmed)) inCitingSection = false;
      lines.push({ text: raw, start: offset, zone: 'rest', title: false, cited: inCitingSection && !opensCiting });
    }
    offset += raw.length + 1;
  }
  if (layout === 'plain') {
    lines.forEach((line, index) => { line.zone = index < PLAIN_TITLE_ZONE_LINES ? 'top' : 'rest'; line.title = line.zone === 'top'; });
  } else {
    const roles = lineRoles(lines.map((l) => l.text));
    lines.forEach((line, index) => {
      const role = roles[index];
      line.zone = role === 'body' ? 'rest' : 'top';
      line.title = role === 'title';
    });
  }
  return { text, lines };
}

let vocabulary: ReadonlySet<string> | undefined;

/** The words of the rules' phrases (four letters or more): the words a cut heading is joined back into. */
function ruleVocabulary(): ReadonlySet<string> {
  vocabulary ??= new Set(TEXT_RULES.flatMap((r) => [...(r.any ?? []), ...(r.all ?? [])])
    .flatMap((phrase) => phrase.toLowerCase().split(/[^\p{L}]+/u)).filter((w) => w.length >= 4));
  return vocabulary;
}

function lineAt(prepared: PreparedText, index: number): Line | undefined {
  let lo = 0;
  let hi = prepared.lines.length - 1;
  let found: Line | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const line = prepared.lines[mid];
    if (!line) break;
    if (line.start <= index) { found = line; lo = mid + 1; } else hi = mid - 1;
  }
  return found;
}

const letters = (s: string): number => s.replace(/[^\p{L}\p{N}]/gu, '').length;

/** Where in the document a match sits, and whether its context cites another document. */
function placeOf(prepared: PreparedText, index: number, matched: string): { place: Place; cited: boolean } {
  const line = lineAt(prepared, index);
  // Bounded windows: a text layer without line breaks is one huge line, and this runs for every match.
  const lineStart = line ? Math.max(line.start, index - CONTEXT_CHARS) : Math.max(0, index - CONTEXT_CHARS);
  const before = prepared.text.slice(lineStart, index);
  const after = prepared.text.slice(index + matched.length, index + matched.length + 30);
  // The document's own title line names this document: "REQUEST FOR SECOND OPINION" asks for one, it cites none.
  const cited = (line?.cited ?? false) || (!line?.title && CITATION_CONTEXT.test(before)) || CITED_AFTER.test(after);
  // A text layer without line breaks: only its opening words can be a title zone.
  // Past a Chinese clause mark those words are a sentence's ("患者1年前…，复查肿瘤标志物…"), as on a wrapped first line.
  if (line && line.text.length > TITLE_LINE_MAX * 2) return { place: line.zone === 'top' && index - line.start < TITLE_LINE_MAX * 2 && !/[，。；]/.test(prepared.text.slice(line.start, index)) ? 'top' : 'body', cited };
  // What OCR adds at the line's edges ("PLAN   |") is no part of its shape.
  const lineText = withoutOcrEdges(line?.text.trim() ?? '');
  // Mostly this phrase, and shaped like a title: capitalised, no sentence end (a wrapped line such as
  // "induction chemotherapy." is the tail of a sentence, not a heading).
  // Scripts without case (Chinese, Arabic, Devanagari: \p{Lo}) start a title with any letter.
  const shaped = lineText.length > 0 && /^[\p{Lu}\p{Lo}\p{N}]/u.test(lineText) && !/[.,;。]$/.test(lineText);
  // A title with a subtitle ("Consent Form - Patient Agreement to Systemic Anti-Cancer Therapy") is named by its
  // first part; the rest says what it is about, so a phrase filling the first part is the title too.
  const head = lineText.split(TITLE_SUBTITLE)[0] ?? lineText;
  const inHead = line !== undefined && index - (line.start + line.text.indexOf(lineText)) < head.length;
  const fills = shaped && (letters(matched) >= 0.4 * letters(lineText) || (inHead && head.length < lineText.length && letters(matched) >= 0.4 * letters(head)));
  // A Chinese sentence opening the text with no title above it names departments and reports as it tells the story
  // ("我院病理科会诊为…"): a phrase that does not fill it is a mention, as in any other sentence.
  if (line?.zone === 'top' && !fills && HAN_SENTENCE.test(lineText)) return { place: 'body', cited };
  // A letterhead's department line says who wrote it, not what it is (a pathology department issues biomarker reports too).
  if (line?.zone === 'top' && lineText.length <= TITLE_LINE_MAX) return { place: fills && line.title && !LETTERHEAD_LINE.test(lineText) ? 'title' : 'top', cited };
  // A Chinese record runs its section's text on after the heading's colon ("诊疗经过：入院后完善检查…"): a heading all the same.
  if (line && HAN_START.test(matched) && /^[ \t]*[:：]/.test(prepared.text.slice(index + matched.length, index + matched.length + 3)) && prepared.text.slice(line.start, index).trim() === '') return { place: 'heading', cited };
  // "In capitals" says nothing of a line in a script without case: a Chinese sentence quoting "KRAS、NRAS、BRAF" is no heading.
  const capitals = lineText === lineText.toUpperCase() && /\p{Lu}/u.test(lineText) && !/\p{Lo}/u.test(lineText);
  const headingLike = lineText.length <= HEADING_LINE_MAX && (fills || /:\s*$/.test(lineText) || capitals);
  return { place: headingLike ? 'heading' : 'body', cited };
}

const HAN_START = /^\p{Script=Han}/u;
/** A line that is a Chinese sentence: characters, then a comma or full stop, then more characters. */
const HAN_SENTENCE = /\p{Script=Han}{4}[^\n]*?[，。；][^\n]*?\p{Script=Han}{4}/u;

const escape = (w: string): string => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Words of a phrase: any run of spaces, hyphens or slashes between them (never a line break). */
const WORD_GAP = '[ \\t\\-/]+';
const normalise = (s: string, caseSensitive: boolean): string => (caseSensitive ? s : s.toLowerCase()).trim().split(/[\s\-/]+/).join(' ');

/** Scripts written without spaces between words: a phrase in them has no word boundary to wait for. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/** Where a phrase needs a word edge: it starts or ends with a letter or digit, outside Chinese and Japanese. */
interface PhraseEdges { start: boolean; end: boolean }

function edgesOf(phrase: string): PhraseEdges {
  const trimmed = phrase.trim();
  return {
    start: /^[\p{L}\p{N}]/u.test(trimmed) && !UNSPACED.test(trimmed[0] ?? ''),
    end: /[\p{L}\p{M}\p{N}]$/u.test(trimmed) && !UNSPACED.test(trimmed.at(-1) ?? ''),
  };
}

/** A phrase as a regex source: its words with any gap between them. Word edges are checked in code (`atWordEdges`). */
function phraseSource(phrase: string): string {
  return phrase.trim().split(/[\s\-/]+/).map(escape).join(WORD_GAP);
}

/** A letter, a combining mark (a Devanagari or Arabic vowel sign continues a word) or a digit. */
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;

function codePointBefore(text: string, index: number): string {
  if (index <= 0) return '';
  const low = text.charCodeAt(index - 1);
  return low >= 0xdc00 && low <= 0xdfff && index >= 2 ? text.slice(index - 2, index) : text.slice(index - 1, index);
}

function atWordEdges(text: string, index: number, length: number, edges: PhraseEdges): boolean {
  if (edges.start && WORD_CHAR.test(codePointBefore(text, index))) return false;
  if (edges.end && WORD_CHAR.test(String.fromCodePoint(text.codePointAt(index + length) ?? 32))) return false;
  return true;
}

/** `sticky` is built on first use: it serves only the rare match whose first pick fails its word edges, and building ~600 /iu patterns up front cost ~30 ms a run. */
interface CompiledPhrase { phrase: string; sticky?: RegExp; edges: PhraseEdges }
interface CompiledPhrases { re: RegExp; byNorm: Map<string, CompiledPhrase>; longestFirst: CompiledPhrase[]; flags: string }
const compiled = new WeakMap<readonly string[], CompiledPhrases>();

/**
 * All phrases of a rule as one alternation, longest first, so the text is
 * scanned once per rule rather than once per phrase, and an overlapping
 * shorter phrase ("CT" inside "CT scan") does not count twice. Word edges are
 * not lookarounds in the pattern: Unicode property classes in lookarounds made
 * V8 run every rule ~50x slower (about 0.5 s a document); they are checked on
 * each match instead, falling back to the phrases one by one at that position.
 */
function phrasesRegex(phrases: readonly string[], caseSensitive: boolean): CompiledPhrases {
  let entry = compiled.get(phrases);
  if (!entry) {
    const flags = caseSensitive ? 'u' : 'iu';
    const longestFirst: CompiledPhrase[] = [...phrases].sort((a, b) => b.length - a.length).map((phrase) => ({ phrase, edges: edgesOf(phrase) }));
    const re = new RegExp(longestFirst.map((p) => `(?:${phraseSource(p.phrase)})`).join('|'), `g${flags}`);
    entry = { re, byNorm: new Map(longestFirst.map((p) => [normalise(p.phrase, caseSensitive), p])), longestFirst, flags };
    compiled.set(phrases, entry);
  }
  return entry;
}

/** The longest phrase that matches at `index` with its word edges, if any (the alternation's first pick failed its edges). */
function phraseAt(text: string, index: number, phrases: CompiledPhrases): { phrase: string; matched: string } | undefined {
  for (const p of phrases.longestFirst) {
    p.sticky ??= new RegExp(phraseSource(p.phrase), `y${phrases.flags}`);
    p.sticky.lastIndex = index;
    const m = p.sticky.exec(text);
    if (m && atWordEdges(text, index, m[0].length, p.edges)) return { phrase: p.phrase, matched: m[0] };
  }
  return undefined;
}

interface Hit { label: string; weight: number; cited: boolean }

/** The best-placed occurrence of each phrase found in the text. */
function bestHits(prepared: PreparedText, phrases: readonly string[], caseSensitive: boolean, titleOnly: boolean): Map<string, Hit> {
  const compiledPhrases = phrasesRegex(phrases, caseSensitive);
  const { re, byNorm } = compiledPhrases;
  const text = prepared.text;
  const best = new Map<string, Hit>();
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const first = byNorm.get(normalise(m[0], caseSensitive));
    const found = first && atWordEdges(text, m.index, m[0].length, first.edges) ? { phrase: first.phrase, matched: m[0] } : phraseAt(text, m.index, compiledPhrases);
    if (!found) { re.lastIndex = m.index + 1; continue; }
    re.lastIndex = m.index + found.matched.length;
    const { place, cited } = placeOf(prepared, m.index, found.matched);
    if (titleOnly && place !== 'title' && place !== 'top') continue;
    const weight = PLACE_WEIGHT[place] * (cited ? CITED_DAMPING : 1);
    const prev = best.get(found.phrase);
    if (!prev || weight > prev.weight) best.set(found.phrase, { label: found.phrase, weight, cited });
  }
  return best;
}

/** Score one rule: its weight times where the best match sits, plus a little for each further distinct phrase. */
export function scoreRule(prepared: PreparedText, rule: TextRule): Reason | undefined {
  const caseSensitive = rule.case === true;
  const hits: Hit[] = [];
  if (rule.all) {
    const found = bestHits(prepared, rule.all, caseSensitive, rule.titleOnly === true);
    if (found.size < new Set(rule.all).size) return undefined;
    hits.push(...found.values());
  }
  if (rule.any) {
    const found = bestHits(prepared, rule.any, caseSensitive, rule.titleOnly === true);
    if (found.size < Math.max(1, rule.minDistinct ?? 1)) return undefined;
    hits.push(...found.values());
  }
  if (rule.regex) {
    const re = new RegExp(rule.regex, caseSensitive ? 'gmu' : 'gimu');
    const seen = new Map<string, Hit>();
    for (const m of prepared.text.matchAll(re)) {
      const { place, cited } = placeOf(prepared, m.index, m[0]);
      if (rule.titleOnly && place !== 'title' && place !== 'top') continue;
      const weight = PLACE_WEIGHT[place] * (cited ? CITED_DAMPING : 1);
      const key = m[0].toLowerCase();
      const prev = seen.get(key);
      if (!prev || weight > prev.weight) seen.set(key, { label: m[0], weight, cited });
    }
    if (seen.size === 0) return undefined;
    hits.push(...seen.values());
  }
  if (hits.length === 0) return undefined;
  hits.sort((a, b) => b.weight - a.weight);
  const [first, ...rest] = hits;
  if (!first) return undefined;
  const extra = Math.min(1.5, rest.reduce((sum, h) => sum + 0.25 * h.weight, 0));
  const weight = round(rule.weight * (first.weight + extra));
  const matched = hits.slice(0, 6).map((h) => (h.cited ? `${h.label} (cited)` : h.label));
  return { rule: rule.id, category: rule.category, weight, matched };
}

export function scoreText(text: string, rules: readonly TextRule[]): EngineResult {
  return rankReasons(scoreReasons(prepareText(text), rules));
}

export function scoreReasons(prepared: PreparedText, rules: readonly TextRule[]): Reason[] {
  const reasons: Reason[] = [];
  for (const rule of rules) {
    const reason = scoreRule(prepared, rule);
    if (reason) reasons.push(reason);
  }
  return reasons;
}

/**
 * How a document is written rather than what it tells: a letter's salutation, its opening about "our patient", a
 * subject line, a title or file name that only says "letter"; and a case told as prose (narrative.ts).
 */
const FORM_RULES: ReadonlySet<string> = new Set(['summary.salutation', 'summary.salutation.i18n', 'summary.letter-opening.i18n', 'summary.subject-line', 'summary.title.letter', 'summary.title.letter.i18n', 'name.summary', NARRATIVE_RULE]);
/** A stay in hospital told ("die sich vom ... bis ... in unserer stationären Behandlung befand") or a discharge summary's sections, two or more. */
const STAY_RULES: ReadonlySet<string> = new Set(['dc.stay.i18n', 'dc.sections.several', 'dc.sections.several.i18n']);
/** One section only a discharge summary has, as a heading ("DISCHARGE MEDICATIONS"): a mention in a sentence weighs less. */
const DISCHARGE_SECTION_RULES: ReadonlySet<string> = new Set(['dc.sections', 'dc.sections.i18n']);
const DISCHARGE_SECTION_AS_HEADING = 6 * PLACE_WEIGHT.heading;
/** What the form still weighs beside a stay: a little, it is a letter or a story all the same. */
export const FORM_UNDER_STAY = 0.25;

function tellsStay(r: Reason): boolean {
  if (r.category !== 'discharge-summary' || r.matched?.every((m) => m.endsWith('(cited)'))) return false;
  return STAY_RULES.has(r.rule) || (DISCHARGE_SECTION_RULES.has(r.rule) && r.weight >= DISCHARGE_SECTION_AS_HEADING);
}

/**
 * A letter's form says that a doctor wrote to a doctor, not about what: a letter about a stay in hospital is a
 * discharge letter (German hospitals send every one as a "Sehr geehrte Frau Kollegin, wir berichten über ..."
 * Arztbrief). Nor does telling the admission as prose make a discharge summary a clinic letter: a summary with a
 * heading or two lost (a scan's "PLAN   |") reads as a story. Where the text tells a stay, or has a section only a
 * discharge summary has as a heading, the form is damped, so it cannot tie a discharge summary with a clinical
 * summary; without a stay it stays a letter's or a story's evidence.
 */
export function weighFormBesideStay(reasons: readonly Reason[]): Reason[] {
  if (!reasons.some(tellsStay)) return [...reasons];
  return reasons.map((r) => (FORM_RULES.has(r.rule) ? { ...r, weight: round(r.weight * FORM_UNDER_STAY) } : r));
}

export function rankReasons(reasons: readonly Reason[]): EngineResult {
  const byCategory = new Map<CategoryId, Scored>();
  for (const reason of weighFormBesideStay(reasons)) {
    if (!reason.category) continue;
    const entry = byCategory.get(reason.category) ?? { category: reason.category, score: 0, reasons: [] };
    entry.score = round(entry.score + reason.weight);
    entry.reasons.push(reason);
    byCategory.set(reason.category, entry);
  }
  const ranked = [...byCategory.values()].sort((a, b) => b.score - a.score || (a.category < b.category ? -1 : 1));
  return { ranked };
}

/** Below this a document is not classified at all: one body mention is not evidence. */
export const MIN_SCORE = 10;
/**
 * The floor where the evidence is in another language than English (rules-i18n.ts). The trained model reads
 * English only, so there the rules decide alone, from phrase lists much shorter than the English ones: a Dutch
 * pathology report's "Macroscopie" and "Verkrijgingswijze" headings (7.5) are as telling as an English report's
 * many matches, and still more than one heading of one rule (6) or a body mention.
 */
export const MIN_SCORE_OTHER_LANGUAGE = 7;
const OTHER_LANGUAGE_RULES = new Set(TEXT_RULES_I18N.map((r) => r.id));
/** A runner-up within this share of the winner is a tie, said out loud. */
export const TIE_RATIO = 0.85;

export interface Decision {
  category: CategoryId | undefined;
  confidence: number;
  tiedWith: CategoryId[];
  reasons: Reason[];
}

/**
 * From ranked scores to a decision: the winner, how sure (margin over the
 * runner-up and strength of evidence), and any categories tied with it.
 */
export function decide(result: EngineResult, options: { minScore?: number; maxConfidence?: number } = {}): Decision {
  const [top, second] = result.ranked;
  const otherLanguage = top !== undefined && top.reasons.filter((r) => OTHER_LANGUAGE_RULES.has(r.rule)).reduce((sum, r) => sum + r.weight, 0) >= top.score / 2;
  const minScore = options.minScore ?? (otherLanguage ? MIN_SCORE_OTHER_LANGUAGE : MIN_SCORE);
  const allReasons = result.ranked.flatMap((r) => r.reasons).sort((a, b) => b.weight - a.weight);
  if (!top || top.score < minScore) return { category: undefined, confidence: 0, tiedWith: [], reasons: allReasons };
  const tiedWith = result.ranked.slice(1).filter((r) => r.score >= TIE_RATIO * top.score).map((r) => r.category);
  const margin = second ? (top.score - second.score) / top.score : 1;
  const strength = Math.min(1, top.score / 60);
  const confidence = Math.min(options.maxConfidence ?? 0.99, round(0.35 + 0.4 * margin + 0.25 * strength));
  return { category: top.category, confidence, tiedWith, reasons: allReasons };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
