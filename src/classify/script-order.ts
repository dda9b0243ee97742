/**
 * Devanagari as PDF text layers give it: in the order the glyphs are drawn,
 * not the order the words are spelled. pdf.js (and most extractors) return the
 * short i sign (ि) before the consonant it follows in writing, and the reph
 * (र् drawn as a hook above the syllable) after the syllable: "िरपोटर्" for
 * "रिपोर्ट". Pages printed from word processors and hospital systems commonly
 * come out so; casepack's own writer does too. Reading them back in spelling
 * order lets the rules, labels and language detection see Hindi words.
 *
 * Only when the text shows it is in drawing order (a short i sign where spelling
 * never puts one), and only two reorderings: a reph is moved back
 * only at the end of a word (inside a word "र्" before a consonant is also how
 * correct text spells a conjunct, so it is left alone there).
 */
const CONSONANT = '[\\u0915-\\u0939\\u0958-\\u095F]\\u093C?';
const CLUSTER = `(?:${CONSONANT}\\u094D)*${CONSONANT}`;
const SHORT_I_FIRST = new RegExp(`\\u093F(${CLUSTER})`, 'gu');
const REPH_LAST = new RegExp(`(${CLUSTER}[\\u093E-\\u094C]?)\\u0930\\u094D(?![\\p{L}\\p{M}])`, 'gu');

/** A short i sign where spelling never puts one (word start, after a vowel sign): the text is in drawing order. */
const DRAWING_ORDER = new RegExp(`(?<!${CONSONANT})\\u093F`, 'u');

/**
 * A space after a virama before a consonant: extractors split a half-form
 * conjunct at its glyph boundary ("स् कैन" for "स्कैन"). Hindi words
 * practically never end in a written virama, so the space is an artefact.
 */
const SPLIT_CONJUNCT = new RegExp(`\u094D (?=${CONSONANT})`, 'gu');

/** Text in spelling order where a text layer gave Devanagari in drawing order; any other text unchanged. */
export function spellingOrder(text: string): string {
  if (!DRAWING_ORDER.test(text)) return text;
  return text.replace(SPLIT_CONJUNCT, '\u094D').replace(SHORT_I_FIRST, '$1\u093F').replace(REPH_LAST, '\u0930\u094D$1');
}
