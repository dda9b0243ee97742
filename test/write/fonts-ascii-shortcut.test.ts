/**
 * Runs of printable ASCII that no substitution of the face can touch are not shaped (write/fonts.ts:
 * plainAsciiRun): their glyphs are the cmap's. Held here to fontkit's shaping as pdf-lib asks for it (no
 * positioning), glyph by glyph (id, advance, code points, the very object), on every face the packet draws
 * with: every single character and pair of printable ASCII, random runs heavy in the letters the faces'
 * ligatures and contexts start with, and the runs it must decline (Noto Sans's f-ligatures).
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

const PRINTABLE = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));
const pairs = PRINTABLE.flatMap((a) => PRINTABLE.map((b) => a + b));
const tricky = fc.string({ unit: fc.constantFrom('f', 'i', 'l', 'j', 'I', 'J', 'a', 'e', 'o', 'A', 'L', ' ', '-', '.', '0', '1', '/', ...PRINTABLE), maxLength: 40 });

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
      };
      for (const text of [...PRINTABLE, ...pairs]) check(text);
      fc.assert(fc.property(tricky, (text) => check(text)), { numRuns: 1500, seed: 15 });
      // Nearly every pair is plain in these faces: the test would say nothing if the shortcut were never taken.
      expect(taken).toBeGreaterThan(pairs.length * 0.9);
    }, 60_000);
  }

  it('declines the runs Noto Sans ligates, and takes plain words, dates and paths', async () => {
    const latin = await face(FONT_FILES.latin);
    const shortcut = plainAsciiShortcut(latin);
    for (const text of ['office', 'fluffy', 'affix', 'Surgical Pathology Report 2025-09-15 fi']) {
      expect(shortcut(text), text).toBeUndefined();
      // ...because shaping does ligate them: fewer glyphs than characters.
      expect(latin.layout(text, WITHOUT_POSITIONING).glyphs.length).toBeLessThan(text.length);
    }
    for (const text of ['Surgical Pathology Report', 'Documents/Pathology/2024-03-01_report-042.pdf', 'f i l', 'Ij ij']) expect(shortcut(text), text).toBeDefined();
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
