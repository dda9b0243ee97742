/**
 * The document classifier's features, shared by training (tools/train) and
 * inference so the two can never drift: word unigrams and bigrams, the words
 * of lines that look like section headings, the words of the first short
 * lines (where a title sits, even behind a letterhead) and, when the model
 * was trained with them, character n-grams of the words, so that a word OCR
 * has damaged ("patholoqy", "diaqnosis") still shares most of its pieces with
 * the word it should have been.
 */

export type FeatureVector = Map<string, number>;

/** Which feature families a model was trained on; the model file says, inference follows. */
export interface FeatureSet {
  /** Character n-grams of each word (padded with `<` and `>`), lengths min..max; absent: none. */
  charNgrams?: { min: number; max: number; weight: number };
  /** Heading features count this many times over a word: a section heading says more than a word of prose. */
  headingWeight?: number;
  /** Word pairs of headings of three words or more, as features of their own (`hb:`). */
  headingBigrams?: boolean;
}

/** The feature families of a model file written before the file said (words, bigrams, headings, title zone). */
export const WORDS_ONLY: FeatureSet = {};

const WORD = /[\p{L}][\p{L}\p{N}'-]*/gu;
const TOP_LINES = 8;
/**
 * Function words say how a text is written (transcribed prose or a printed
 * form), not what it is: left out, so the model cannot learn "prose means a
 * clinic note" from a corpus where the forms were written by our writers.
 */
const STOPWORDS = new Set('a an and are as at be been but by for from had has have he her his if in into is it its of on or she so than that the their them then there these they this to was were which while who will with'.split(' '));

function words(line: string): string[] {
  return (line.toLowerCase().match(WORD) ?? []).map((w) => w.replace(/^[-']+|[-']+$/g, '')).filter((w) => w.length >= 2 && !STOPWORDS.has(w));
}

/** A line that reads as a section heading: short, and either ends in a colon or is in capitals. */
function headingOf(line: string): string | undefined {
  const t = line.trim();
  const colon = /^([\p{L}][\p{L} &/()'-]{2,50}):/u.exec(t);
  if (colon?.[1]) return colon[1];
  if (t.length >= 4 && t.length <= 50 && /\p{L}{3}/u.test(t) && t === t.toUpperCase() && !/\d{3}/.test(t)) return t;
  return undefined;
}

function add(v: FeatureVector, key: string, by = 1): void {
  v.set(key, (v.get(key) ?? 0) + by);
}

/** Character n-grams of one word, padded so that a word's start and end are pieces of their own. */
function addCharNgrams(v: FeatureVector, word: string, min: number, max: number, weight: number): void {
  // Digits and one-letter noise say nothing about a document's kind; a word's letters do.
  const letters = word.replace(/[^\p{L}]/gu, '');
  if (letters.length < 3) return;
  const padded = `<${letters}>`;
  for (let n = min; n <= max; n++) {
    for (let i = 0; i + n <= padded.length; i++) add(v, `c:${padded.slice(i, i + n)}`, weight);
  }
}

/** Sparse, L2-normalised feature vector of a text (log-scaled counts). Deterministic. */
export function extractFeatures(text: string, set: FeatureSet = WORDS_ONLY): FeatureVector {
  const v: FeatureVector = new Map();
  const chars: FeatureVector = new Map();
  const lines = text.split(/\r?\n/);
  const headingWeight = set.headingWeight ?? 1;
  let topSeen = 0;
  for (const line of lines) {
    const ws = words(line);
    if (ws.length === 0) continue;
    for (let i = 0; i < ws.length; i++) {
      const w = ws[i] as string;
      add(v, `w:${w}`);
      if (i > 0) add(v, `b:${ws[i - 1]} ${w}`);
      if (set.charNgrams) addCharNgrams(chars, w, set.charNgrams.min, set.charNgrams.max, 1);
    }
    const heading = headingOf(line);
    if (heading) {
      const hw = words(heading);
      add(v, `h:${hw.join(' ')}`);
      // "HISTORY AND HOSPITAL COURSE" is a hospital course too: the pairs of a longer heading's words count on their own.
      if (set.headingBigrams) for (let i = 1; i < hw.length && hw.length > 2; i++) add(v, `hb:${hw[i - 1]} ${hw[i]}`);
    }
    if (topSeen < TOP_LINES && line.trim().length <= 70) {
      for (const w of ws) add(v, `t:${w}`);
      topSeen++;
    }
  }
  // Each family is log-scaled and normalised on its own, then weighted: the
  // thousands of character pieces must not drown the words and headings.
  const out: FeatureVector = new Map();
  normaliseInto(out, v, (k) => (k.startsWith('h:') || k.startsWith('hb:') ? headingWeight : 1));
  if (set.charNgrams && chars.size > 0) normaliseInto(out, chars, () => set.charNgrams?.weight ?? 1);
  let norm = 0;
  for (const x of out.values()) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  for (const [k, x] of out) out.set(k, x / norm);
  return out;
}

function normaliseInto(out: FeatureVector, counts: FeatureVector, weightOf: (key: string) => number): void {
  let norm = 0;
  const scaled: [string, number][] = [];
  for (const [k, c] of counts) {
    const x = (1 + Math.log(c)) * weightOf(k);
    scaled.push([k, x]);
    norm += x * x;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [k, x] of scaled) out.set(k, x / norm);
}
