/**
 * textRuns draws printable ASCII in one Latin run without looking at each character (issue 15: ~0.1 s of a
 * 100-document build). Held here to the character-by-character way it skips, on the real faces and on a font
 * set whose Latin face lacks a letter (where the shortcut must not be taken).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PDFDocument } from '../../src/util/pdf-lib.js';
import { embedFonts, runsByCharacter, textRuns, type FontSet } from '../../src/write/fonts.js';

const names = (runs: ReturnType<typeof textRuns>): Array<[string, string]> => runs.map((r) => [r.text, r.font.name]);
const ascii = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((cp) => String.fromCharCode(cp)), maxLength: 60 });
// Around the shortcut: a non-ASCII letter, a mark, Arabic, Devanagari, a tab, a control character.
const mixed = fc.tuple(ascii, fc.constantFrom('', 'é', 'e\u0301', 'محمد ', 'राम', '\t', '\u0007', '中'), ascii).map((parts) => parts.join(''));

describe('text runs of printable ASCII', () => {
  it('are what the character-by-character split gives, regular and bold', async () => {
    const fonts = await embedFonts(await PDFDocument.create(), '中');
    fc.assert(fc.property(fc.oneof(ascii, mixed), fc.boolean(), (text, bold) => {
      expect(names(textRuns(text, fonts, bold))).toEqual(names(runsByCharacter(text, fonts, bold)));
    }), { numRuns: 400 });
  }, 60_000);

  it('are split as before when the Latin face cannot draw one of the characters', async () => {
    const real = await embedFonts(await PDFDocument.create());
    const withoutX: FontSet = { ...real, covers: (script, cp) => cp !== 0x78 && real.covers(script, cp) };
    const runs = textRuns('box of wax', withoutX);
    expect(runs.map((r) => r.text).join('')).toBe('bo? of wa?');
    expect(names(runs)).toEqual(names(runsByCharacter('box of wax', withoutX)));
  });
});
