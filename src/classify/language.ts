import { francAll } from 'franc-min';
import type { DocumentLanguage } from '../model/scan.js';

/**
 * The language a document is written in, from its readable text.
 *
 * franc-min (MIT, trigram profiles of the 82 most-spoken languages) does the
 * statistics. Around it: the body decides, not the letterhead (an English
 * report from a hospital in Madrid carries a Spanish address); franc is only
 * offered languages that have an ISO 639-1 code, because the others in its
 * list are close relatives that steal medical Hindi (Magahi, Bhojpuri) or
 * English (nothing, but Scots-like noise in OCR) without ever being the
 * language a hospital writes reports in; Japanese written mostly in kanji is
 * told from Chinese by its kana.
 */

interface LanguageInfo { iso1: string; name: string }

/** franc (ISO 639-3) → ISO 639-1 and the English name a finding shows. Only these are ever answered. */
const LANGUAGES: Record<string, LanguageInfo> = {
  eng: { iso1: 'en', name: 'English' }, spa: { iso1: 'es', name: 'Spanish' }, fra: { iso1: 'fr', name: 'French' },
  deu: { iso1: 'de', name: 'German' }, por: { iso1: 'pt', name: 'Portuguese' }, ita: { iso1: 'it', name: 'Italian' },
  nld: { iso1: 'nl', name: 'Dutch' }, pol: { iso1: 'pl', name: 'Polish' }, ron: { iso1: 'ro', name: 'Romanian' },
  tur: { iso1: 'tr', name: 'Turkish' }, hun: { iso1: 'hu', name: 'Hungarian' }, ces: { iso1: 'cs', name: 'Czech' },
  swe: { iso1: 'sv', name: 'Swedish' }, hrv: { iso1: 'hr', name: 'Croatian' }, bos: { iso1: 'bs', name: 'Bosnian' },
  srp: { iso1: 'sr', name: 'Serbian' }, ind: { iso1: 'id', name: 'Indonesian' }, zlm: { iso1: 'ms', name: 'Malay' },
  vie: { iso1: 'vi', name: 'Vietnamese' }, tgl: { iso1: 'tl', name: 'Tagalog' }, swh: { iso1: 'sw', name: 'Swahili' },
  hau: { iso1: 'ha', name: 'Hausa' }, yor: { iso1: 'yo', name: 'Yoruba' }, ibo: { iso1: 'ig', name: 'Igbo' },
  som: { iso1: 'so', name: 'Somali' }, zul: { iso1: 'zu', name: 'Zulu' }, kin: { iso1: 'rw', name: 'Kinyarwanda' },
  uzn: { iso1: 'uz', name: 'Uzbek' }, azj: { iso1: 'az', name: 'Azerbaijani' }, jav: { iso1: 'jv', name: 'Javanese' },
  sun: { iso1: 'su', name: 'Sundanese' }, nya: { iso1: 'ny', name: 'Chichewa' }, lin: { iso1: 'ln', name: 'Lingala' },
  run: { iso1: 'rn', name: 'Kirundi' }, plt: { iso1: 'mg', name: 'Malagasy' },
  rus: { iso1: 'ru', name: 'Russian' }, ukr: { iso1: 'uk', name: 'Ukrainian' }, bel: { iso1: 'be', name: 'Belarusian' },
  bul: { iso1: 'bg', name: 'Bulgarian' }, kaz: { iso1: 'kk', name: 'Kazakh' },
  arb: { iso1: 'ar', name: 'Arabic' }, urd: { iso1: 'ur', name: 'Urdu' }, pes: { iso1: 'fa', name: 'Persian' },
  pbu: { iso1: 'ps', name: 'Pashto' }, ckb: { iso1: 'ku', name: 'Kurdish (Sorani)' },
  hin: { iso1: 'hi', name: 'Hindi' }, mar: { iso1: 'mr', name: 'Marathi' }, npi: { iso1: 'ne', name: 'Nepali' },
  cmn: { iso1: 'zh', name: 'Chinese' }, jpn: { iso1: 'ja', name: 'Japanese' }, kor: { iso1: 'ko', name: 'Korean' },
  ben: { iso1: 'bn', name: 'Bengali' }, tel: { iso1: 'te', name: 'Telugu' }, tam: { iso1: 'ta', name: 'Tamil' },
  guj: { iso1: 'gu', name: 'Gujarati' }, kan: { iso1: 'kn', name: 'Kannada' }, mal: { iso1: 'ml', name: 'Malayalam' },
  mya: { iso1: 'my', name: 'Burmese' }, pan: { iso1: 'pa', name: 'Punjabi' }, amh: { iso1: 'am', name: 'Amharic' },
  tha: { iso1: 'th', name: 'Thai' }, sin: { iso1: 'si', name: 'Sinhala' }, ell: { iso1: 'el', name: 'Greek' },
};
/** Languages franc-min has no profile for, told by their own function words instead (`ownWordsLanguage`). */
const BY_OWN_WORDS: Record<string, LanguageInfo> = { eus: { iso1: 'eu', name: 'Basque' } };
const OFFERED = Object.keys(LANGUAGES);
for (const [code, info] of Object.entries(BY_OWN_WORDS)) LANGUAGES[code] = info;

/** Characters of scripts that write a word in one or two characters: each weighs like a short word's letters. */
const DENSE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/gu;
/** Below this much text the language is `und`: a name and a date say nothing. */
const MIN_LETTERS = 60;
/** Lines at the top that a letterhead, address and header fields may fill. */
const HEAD_LINES = 10;

/** Letters, with CJK characters counted as three (one is a word's worth of meaning). */
function letterWeight(text: string): number {
  const dense = text.match(DENSE_SCRIPT)?.length ?? 0;
  const letters = text.replace(/[^\p{L}\p{M}]/gu, '').length;
  return letters - dense + 3 * dense;
}

/**
 * Letters one language writes and its close relative never does: franc's trigrams mix them up on short
 * clinical texts (a Russian pathology report read as Bulgarian, a Portuguese one as Spanish).
 */
const TELLING_LETTERS: ReadonlyArray<{ language: string; letters: RegExp; instead: readonly string[] }> = [
  { language: 'rus', letters: /[ыэё]/giu, instead: ['bul', 'srp', 'ukr', 'bel', 'kaz'] },
  { language: 'por', letters: /[ãõ]/giu, instead: ['spa', 'ita', 'fra'] },
];

/** Words that only English uses this often ("in", "an", "was", "no" are German or Spanish words too; "is" is Dutch). */
const ENGLISH_FUNCTION_WORDS = new Set(['the', 'of', 'and', 'to', 'with', 'for', 'that', 'this', 'from', 'are', 'were', 'has', 'have', 'which', 'been', 'there', 'by', 'on', 'at', 'or', 'not', 'be']);
/** Share of such words above which a Latin-script text is English whatever its trigrams say (English tables: 0.04–0.05; the Spanish, French, German reports of the evaluation set: 0–0.02). */
const ENGLISH_FUNCTION_SHARE = 0.03;

function englishFunctionShare(text: string): number {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  if (words.length === 0) return 0;
  return words.filter((w) => ENGLISH_FUNCTION_WORDS.has(w)).length / words.length;
}

/**
 * Basque is written in hospitals of the Basque Country and Navarre, and franc-min has no profile for it: its
 * trigrams make a Basque case report Sundanese, Indonesian, Turkish or Spanish. Its commonest words are its own
 * ("eta" and, "zen" was, "egin" did, the past auxiliaries): a share no other language reaches names it.
 */
const BASQUE_FUNCTION_WORDS = new Set(['eta', 'zen', 'ziren', 'zuen', 'zuten', 'zituen', 'zitzaion', 'zitzaien', 'zaio', 'zaie', 'egin', 'egiten', 'eginda', 'baten', 'batean', 'dira', 'dute', 'zela', 'dela', 'direla', 'zirela', 'baina', 'beraz', 'ondoren', 'aurretik', 'bezala', 'izan', 'zegoen', 'zeuden', 'urteko', 'gabe', 'honen', 'horren', 'artean']);
/** Invented Basque case texts: 0.22–0.30 of their words; the training corpus's 3,215 English texts and the 18 in-house documents of eval:languages (zh, es, fr, de, ar, hi, ko, ...): none above 0.01. */
const BASQUE_FUNCTION_SHARE = 0.05;

function ownWordsLanguage(text: string): DocumentLanguage | undefined {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  if (words.length < 20) return undefined;
  const share = words.filter((w) => BASQUE_FUNCTION_WORDS.has(w)).length / words.length;
  return share >= BASQUE_FUNCTION_SHARE ? { code: 'eu', franc: 'eus', confidence: share >= 2 * BASQUE_FUNCTION_SHARE ? 0.9 : 0.7 } : undefined;
}

/** The text after the title zone when it is long enough to decide on; else all of it. */
export function bodyOf(text: string): string {
  const lines = text.split('\n').filter((l) => l.trim());
  const body = lines.slice(HEAD_LINES).join('\n');
  return letterWeight(body) >= 3 * MIN_LETTERS ? body : lines.join('\n');
}

/**
 * Detect the language of a document's text; `und` with confidence 0 when it is
 * too short to tell. Confidence is franc's margin over the runner-up, scaled:
 * a heuristic (0.5 = barely ahead, 0.99 = ahead by a tenth or more), not a probability.
 */
export function detectLanguage(text: string | undefined): DocumentLanguage {
  // Classifying a document asks twice for the same text (may the English model read it? which finding?): franc runs once.
  const key = text ?? '';
  let known = recentAnswers.get(key);
  if (!known) {
    known = detectLanguageOnce(key);
    if (recentAnswers.size >= RECENT_ANSWERS) recentAnswers.delete(recentAnswers.keys().next().value as string);
    recentAnswers.set(key, known);
  }
  return { ...known };
}

/** The last few texts' answers: enough for the calls one document makes, so memory does not grow with the case. */
const RECENT_ANSWERS = 4;
const recentAnswers = new Map<string, DocumentLanguage>();

function detectLanguageOnce(text: string): DocumentLanguage {
  const body = bodyOf(text).replace(/[\p{N}_]+/gu, ' ');
  if (letterWeight(body) < MIN_LETTERS) return { code: 'und', franc: 'und', confidence: 0 };
  const dense = denseScriptLanguage(body);
  if (dense) return dense;
  const own = ownWordsLanguage(body);
  if (own) return own;
  const ranked = francAll(body, { only: OFFERED, minLength: 10 });
  const best = ranked[0];
  if (!best || best[0] === 'und') return { code: 'und', franc: 'und', confidence: 0 };
  // Clinical English is tables, labels and drug names: on a chemotherapy chart franc's trigrams may lean French.
  // English prose's function words settle it; a report in another Latin-script language has next to none.
  if (best[0] !== 'eng' && ranked.some(([code]) => code === 'eng') && englishFunctionShare(body) >= ENGLISH_FUNCTION_SHARE) {
    return { code: 'en', franc: 'eng', confidence: 0.6 };
  }
  const franc = correctedCode(best[0], body);
  const info = LANGUAGES[franc];
  if (!info) return { code: 'und', franc, confidence: 0 };
  // franc's scores of related languages sit close together on clinical text (Spanish 1.00, Portuguese 0.97):
  // a lead of a tenth is already decisive. A correction by telling letters is fairly sure, not certain.
  const margin = franc !== best[0] ? 0.06 : 1 - (ranked[1]?.[1] ?? 0);
  const confidence = Math.round(Math.min(0.99, 0.5 + 5 * margin) * 100) / 100;
  return { code: info.iso1, franc, confidence };
}

const HANGUL = /\p{Script=Hangul}/gu;

/**
 * Chinese, Japanese or Korean by script, when those characters carry most of
 * the text's weight. franc picks the script with the most characters and then
 * reads only that script's trigrams: a Chinese record full of Latin
 * abbreviations and units (CT, CEA 12.5ng/ml, EGFR, PD-L1) has more Latin
 * letters than Han characters, and franc then reads its Latin scraps as
 * Tagalog or Indonesian. A Han character is a word's worth of meaning (weight
 * 3, as in letterWeight), so 30 of them outweigh 90 letters of abbreviations.
 */
function denseScriptLanguage(body: string): DocumentLanguage | undefined {
  const dense = body.match(DENSE_SCRIPT)?.length ?? 0;
  if (dense === 0) return undefined;
  const otherLetters = letterWeight(body) - 3 * dense;
  if (3 * dense < otherLetters) return undefined;
  const hangul = body.match(HANGUL)?.length ?? 0;
  const franc = hangul > dense / 2 ? 'kor' : correctedCode('cmn', body);
  const info = LANGUAGES[franc];
  return info ? { code: info.iso1, franc, confidence: 3 * dense >= 2 * otherLetters ? 0.95 : 0.8 } : undefined;
}

/** franc's answer, unless kana (Japanese, which franc reads as Chinese when kanji dominate) or telling letters say otherwise. */
function correctedCode(code: string, body: string): string {
  if (code === 'cmn' && (body.match(KANA)?.length ?? 0) >= 0.05 * (body.match(DENSE_SCRIPT)?.length ?? 1)) return 'jpn';
  const telling = TELLING_LETTERS.find((t) => t.instead.includes(code) && (body.match(t.letters)?.length ?? 0) >= 3);
  return telling?.language ?? code;
}

/**
 * Languages whose titles, headings and phrasing the rules were written for (rules.ts, rules-i18n.ts,
 * narrative.ts; docs/model.md). In any other language what the rules recognise is borrowed vocabulary
 * (a drug, "biopsia", "TAC", a unit), not how the document is built.
 */
export const READ_LANGUAGES: ReadonlySet<string> = new Set(['en', 'es', 'fr', 'de', 'it', 'nl', 'zh', 'ar', 'hi']);

/** "Spanish" for `es`; the code itself for one casepack has no name for. */
export function languageName(code: string): string {
  for (const info of Object.values(LANGUAGES)) if (info.iso1 === code) return info.name;
  return code;
}

/**
 * Languages whose numeric dates are day-first (15/09/2025 is 15 September):
 * everywhere but the US convention, so every detected language except English
 * (whose order stays the case file's or the document's own) and the
 * year-first East Asian ones, whose numeric dates start with the year anyway.
 */
export function writesDayFirst(code: string): boolean {
  return code !== 'en' && code !== 'und';
}
