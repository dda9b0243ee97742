/**
 * The faces' post tables are read for their header only (write/fonts.ts: deferGlyphNames): pdf-lib asks each
 * face its italic angle, and fontkit would decode every glyph name to answer. Held here to fontkit's own
 * decoding on every face the packet draws with: the header's fields, and the glyph names when asked.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@cantoo/fontkit';
import { describe, expect, it } from 'vitest';
import { deferGlyphNames, FONT_FILES } from '../../src/write/fonts.js';

const require = createRequire(import.meta.url);

interface Face {
  post: Record<string, unknown>;
  italicAngle: number;
  underlinePosition: number;
  underlineThickness: number;
  numGlyphs: number;
  getGlyph(id: number): { name: string };
  _decodeTable(table: unknown): unknown;
}

async function open(spec: string): Promise<Face> {
  return fontkit.create(await readFile(require.resolve(spec))) as unknown as Face;
}

const FIELDS = ['version', 'italicAngle', 'underlinePosition', 'underlineThickness', 'isFixedPitch', 'minMemType42', 'maxMemType42', 'minMemType1', 'maxMemType1', 'numberOfGlyphs', 'glyphNameIndex', 'names'];

describe('post table read for its header', () => {
  for (const [name, spec] of Object.entries(FONT_FILES)) {
    it(`answers what fontkit decodes, names only when asked (${name})`, async () => {
      const full = await open(spec);
      const deferred = await open(spec);
      let decoded = 0;
      const decode = deferred._decodeTable.bind(deferred);
      deferred._decodeTable = (table) => { decoded++; return decode(table); };
      deferGlyphNames(deferred);
      expect([deferred.italicAngle, deferred.underlinePosition, deferred.underlineThickness]).toEqual([full.italicAngle, full.underlinePosition, full.underlineThickness]);
      expect(decoded).toBe(0);
      for (const field of FIELDS) expect(deferred.post[field], field).toEqual(full.post[field]);
      expect(decoded).toBe(1);
      for (const id of [0, 1, 36, 100, full.numGlyphs - 1]) expect(deferred.getGlyph(id).name).toBe(full.getGlyph(id).name);
    });
  }
});
