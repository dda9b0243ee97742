/**
 * missingCharacters looks each distinct character up once (issue 15: the cover letter, index and summary ask about
 * their whole model as JSON, thousands of repeated characters). Held here to the character-by-character way, in
 * order, on the real faces and on a font set whose Latin face lacks letters.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PDFDocument } from '../../src/util/pdf-lib.js';
import { embedFonts, missingCharacters, scriptOf, type FontSet } from '../../src/write/fonts.js';

/** The way before: every character looked up where it stands. */
function missingOneByOne(text: string, fonts: FontSet): string[] {
  const missing = new Set<string>();
  for (const ch of text.normalize('NFC')) {
    if (/\s/.test(ch)) continue;
    const cp = ch.codePointAt(0) ?? 0x3f;
    if (!fonts.cjk.has(cp) && !fonts.covers(scriptOf(cp), cp)) missing.add(ch);
  }
  return [...missing];
}

// ASCII, whitespace, a mark that NFC composes, Arabic, Devanagari, CJK the set embeds and does not, Ethiopic, emoji.
const pieces = fc.constantFrom('a', 'Z', '0', ' ', '\t', '\n', 'é', 'e\u0301', 'ñ', 'م', 'रा', '中', '国', 'ሀ', '😀', '\u0007', '"', '{', 'ß');
const text = fc.array(pieces, { maxLength: 80 }).map((parts) => parts.join(''));

describe('characters no face can draw', () => {
  it('are the ones the character-by-character lookup finds, in the same order', async () => {
    const real = await embedFonts(await PDFDocument.create(), '中');
    const withoutSome: FontSet = { ...real, covers: (script, cp) => cp !== 0x5a && cp !== 0xe9 && real.covers(script, cp) };
    fc.assert(fc.property(text, fc.boolean(), (sample, lacking) => {
      const fonts = lacking ? withoutSome : real;
      expect(missingCharacters(sample, fonts)).toEqual(missingOneByOne(sample, fonts));
    }), { numRuns: 400 });
    // Not a test that passes on nothing: these are missing with the faces above.
    expect(missingCharacters('Zé ሀ😀 Zé', withoutSome)).toEqual(['Z', 'é', 'ሀ', '😀']);
  }, 60_000);
});
