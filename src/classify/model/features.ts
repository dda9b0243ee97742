/**
 * The document classifier's features, shared by training (tools/train) and
 * inference so the two can never drift: word unigrams and bigrams, the words
 * of lines that look like section headings, and the words of the first short
 * lines (where a title sits, even behind a letterhead).
 */

export type FeatureVector = Map<string, number>;

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

function add(v: FeatureVector, key: string): void {
  v.set(key, (v.get(key) ?? 0) + 1);
}

/** Sparse, L2-normalised feature vector of a text (log-scaled counts). Deterministic. */
export function extractFeatures(text: string): FeatureVector {
  const v: FeatureVector = new Map();
  const lines = text.split(/\r?\n/);
  let topSeen = 0;
  for (const line of lines) {
    const ws = words(line);
    if (ws.length === 0) continue;
    for (let i = 0; i < ws.length; i++) {
      add(v, `w:${ws[i]}`);
      if (i > 0) add(v, `b:${ws[i - 1]} ${ws[i]}`);
    }
    const heading = headingOf(line);
    if (heading) add(v, `h:${words(heading).join(' ')}`);
    if (topSeen < TOP_LINES && line.trim().length <= 70) {
      for (const w of ws) add(v, `t:${w}`);
      topSeen++;
    }
  }
  let norm = 0;
  for (const [k, c] of v) {
    const x = 1 + Math.log(c);
    v.set(k, x);
    norm += x * x;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [k, x] of v) v.set(k, x / norm);
  return v;
}
