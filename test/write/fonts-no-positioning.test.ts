/**
 * The index's faces shape without GPOS (write/fonts.ts: WITHOUT_POSITIONING):
 * positioning moves glyphs, never chooses them, so every glyph id and advance
 * width pdf-lib reads must be what full shaping gives, in every script the
 * faces draw (ligatures, Arabic joining forms and marks, Devanagari conjuncts
 * and marks, combining accents, joiners).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@cantoo/fontkit';
import { describe, expect, it } from 'vitest';
import { FONT_FILES, WITHOUT_POSITIONING } from '../../src/write/fonts.js';

const require = createRequire(import.meta.url);
const FACES = FONT_FILES;
const TEXTS: Record<keyof typeof FACES, string[]> = {
  latin: ['Surgical Pathology Report', 'office fluffy affix ffi ffl', 'AV Wa To. Ty, LT 1/2 ½', 'Müller-Lüdenscheidt Ångström São João', 'e\u0301 a\u0308 n\u0303 q\u0323\u0307', 'Ωμέγα Жизнь Ђорђе', 'a\u200db a\u200cb', 'Report no. R-00042 — 15/09/2025'],
  latinBold: ['Timeline', 'Affiliation office', 'ÆØÅ Ǆ ǅ ǆ', 'A\u0301V'],
  arabic: ['محمد عبد الله', 'تقرير علم الأمراض', 'مُحَمَّد', 'لا إله', 'ﻻ ٣٤٥'],
  devanagari: ['राम कुमार शर्मा', 'क्षत्रिय श्री', 'हिन्दी पाठ्य', 'कृष्ण द्वि र्क', 'ज़्यादा'],
};

interface Run { glyphs: { id: number; advanceWidth: number }[] }
interface ShapingFace { layout(text: string, features?: unknown): Run }

describe('shaping without GPOS', () => {
  for (const [name, spec] of Object.entries(FACES) as [keyof typeof FACES, string][]) {
    it(`draws the same glyphs with the same advances as full shaping (${name})`, async () => {
      const bytes = await readFile(require.resolve(spec));
      const full = fontkit.create(bytes) as unknown as ShapingFace;
      const unpositioned = fontkit.create(bytes) as unknown as ShapingFace;
      for (const text of TEXTS[name]) {
        const expected = full.layout(text).glyphs.map((g) => [g.id, g.advanceWidth]);
        const actual = unpositioned.layout(text, WITHOUT_POSITIONING).glyphs.map((g) => [g.id, g.advanceWidth]);
        expect(actual, text).toEqual(expected);
      }
    });
  }

  it('leaves positioning off (kerning, marks): what makes it cheaper', async () => {
    const bytes = await readFile(require.resolve(FACES.latin));
    const face = fontkit.create(bytes) as unknown as { layout(text: string, features?: unknown): { positions: { xAdvance: number }[] } };
    const kerned = face.layout('AV').positions[0]?.xAdvance;
    const plain = face.layout('AV', WITHOUT_POSITIONING).positions[0]?.xAdvance;
    expect(kerned).toBeLessThan(plain ?? 0);
  });
});
