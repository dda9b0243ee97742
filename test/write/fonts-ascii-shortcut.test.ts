/**
 * Runs of plain text (printable ASCII, Latin-1, general punctuation, arrows) that no substitution of the face can
 * touch but its ligatures are not shaped (write/fonts.ts: plainRun): their glyphs are the cmap's, with the
 * ligatures made as fontkit makes them. Held here to fontkit's shaping as pdf-lib asks for it (no positioning),
 * glyph by glyph (id, code points, the very object), on every face the packet draws with: every single character
 * and every pair of printable ASCII, each other plain character beside a set of ASCII ones, random runs heavy in
 * the letters the faces' ligatures and contexts start with, and the runs it must decline.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@cantoo/fontkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FONT_FILES, plainAsciiShortcut, WITHOUT_POSITIONING } from '../../src/write/fonts.js';

const require = createRequire(import.meta.url);

interface Glyph { id: number; advanceWidth: number; codePoints: number[] }
interface ShapingFace { layout(text: string, features?: unknown): { glyphs: Glyph[] } }

const range = (a: number, b: number): string[] => Array.from({ length: b - a + 1 }, (_, i) => String.fromCharCode(a + i));
const PRINTABLE = range(0x20, 0x7e);
const OTHER_PLAIN = [...range(0xa0, 0xac), ...range(0xae, 0xff), ...range(0x2010, 0x2027), ...range(0x2030, 0x2043), ...range(0x2045, 0x205e), ...range(0x2190, 0x21ff)];
const NEIGHBOURS = [...'fFiIlLjJaeoAE ,.-/01'];
const asciiPairs = PRINTABLE.flatMap((a) => PRINTABLE.map((b) => a + b));
const pairs = [...asciiPairs, ...OTHER_PLAIN.flatMap((a) => NEIGHBOURS.flatMap((b) => [a + b, b + a, `f${a}`, `${a}fi`]))];
// Not plain: the shortcut must leave them to shaping.
const NOT_PLAIN = ['\u00ad', '\u2044', '\u200b', '\u200d', '\u202e', '\u0301', 'ě', 'Ω', 'ж', 'ب', 'क'];
// Runs of the letters ligatures are made of, where the order fontkit tries them in decides (ffi before ff).
const ligatureHeavy = fc.string({ unit: fc.constantFrom('f', 'i', 'l', 'j', ' ', 'a', '—'), maxLength: 12 });
const tricky = fc.string({ unit: fc.constantFrom('f', 'f', 'f', 'i', 'l', 'j', 'I', 'J', 'a', 'e', 'o', 'A', 'L', ' ', '-', '.', '0', '1', '/', ...PRINTABLE, ...OTHER_PLAIN, ...NOT_PLAIN), maxLength: 40 });

async function face(spec: string): Promise<ShapingFace> {
  return fontkit.create(await readFile(require.resolve(spec))) as unknown as ShapingFace;
}

describe('printable ASCII drawn without shaping', () => {
  for (const [name, spec] of Object.entries(FONT_FILES)) {
    it(`gives the glyphs shaping gives, or declines (${name})`, async () => {
      const shaped = await face(spec);
      const shortcut = plainAsciiShortcut(shaped);
      let taken = 0;
      const check = (text: string): void => {
        const plain = shortcut(text);
        if (!plain) return;
        taken++;
        const full = shaped.layout(text, WITHOUT_POSITIONING).glyphs;
        expect(plain.glyphs.map((g) => g.id), text).toEqual(full.map((g) => g.id));
        plain.glyphs.forEach((g, i) => expect(g, text).toBe(full[i]));
        expect(plain.glyphs.map((g) => g.codePoints), text).toEqual(full.map((g) => g.codePoints));
      };
      for (const text of asciiPairs) check(text);
      const takenOfAsciiPairs = taken;
      for (const text of [...PRINTABLE, ...pairs.slice(asciiPairs.length)]) check(text);
      fc.assert(fc.property(tricky, (text) => check(text)), { numRuns: 2000, seed: 15 });
      fc.assert(fc.property(ligatureHeavy, (text) => check(text)), { numRuns: 1000, seed: 15 });
      for (const text of NOT_PLAIN) expect(shortcut(`a${text}b`), text).toBeUndefined();
      // Nearly every pair is plain in these faces: the test would say nothing if the shortcut were never taken.
      expect(takenOfAsciiPairs).toBeGreaterThan(asciiPairs.length * 0.9);
      expect(taken).toBeGreaterThan(pairs.length * 0.5);
    }, 60_000);
  }

  it('makes Noto Sans\'s ligatures as shaping does, and takes plain words, dates, paths and punctuation', async () => {
    const latin = await face(FONT_FILES.latin);
    const shortcut = plainAsciiShortcut(latin);
    for (const text of ['office', 'fluffy', 'affix', 'Surgical Pathology Report 2025-09-15 fi', 'Required — first files · page 1']) {
      const plain = shortcut(text);
      expect(plain, text).toBeDefined();
      // Shaping does ligate them: fewer glyphs than characters, and the shortcut gives the same ones.
      const full = latin.layout(text, WITHOUT_POSITIONING).glyphs;
      expect(full.length).toBeLessThan(text.length);
      expect(plain?.glyphs.map((g) => g.id)).toEqual(full.map((g) => g.id));
    }
    for (const text of ['Surgical Pathology Report', 'Documents/Pathology/2024-03-01_report-042.pdf', 'f i l', 'Ij ij', '• Scans → CD', 'Müller']) expect(shortcut(text), text).toBeDefined();
  });

  it('declines a character whose glyph was first met under another code point', async () => {
    const latin = await face(FONT_FILES.latin) as ShapingFace & { _cmapProcessor: { lookup(cp: number): number }; getGlyph(id: number, codePoints: number[]): Glyph };
    // fontkit keeps the code points a glyph was first made with; a font that drew the soft hyphen (default-ignorable)
    // with the hyphen's glyph would then have shaping hide every later hyphen. Made so here by asking for it first.
    latin.getGlyph(latin._cmapProcessor.lookup(0x2d), [0xad]);
    // Shaping now draws that hyphen as a space: what the cmap gives would be wrong.
    expect(latin.layout('well-known', WITHOUT_POSITIONING).glyphs[4]?.codePoints).toEqual([0x20]);
    expect(plainAsciiShortcut(latin)('well-known')).toBeUndefined();
    expect(plainAsciiShortcut(latin)('well known')).toBeDefined();
  });
});
