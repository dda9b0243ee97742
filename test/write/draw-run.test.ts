/**
 * drawRun (write/fonts.ts) draws runs with the page's current font instead of handing pdf-lib the font on every
 * call, which added a new font resource to the page each time (hundreds per index page). The page keeps one
 * resource per change of face, and each run is still drawn in its own face.
 */
import { describe, expect, it } from 'vitest';
import { PDFDict, PDFDocument, PDFName, rgb } from '../../src/util/pdf-lib.js';
import { drawRun, embedFonts } from '../../src/write/fonts.js';

function fontEntries(page: import('../../src/util/pdf-lib.js').PDFPage): number {
  const fonts = page.node.Resources()?.lookup(PDFName.of('Font'));
  return fonts instanceof PDFDict ? fonts.keys().length : 0;
}

describe('drawRun', () => {
  it('adds a font resource per change of face, not per run, and draws each run in its face', async () => {
    const doc = await PDFDocument.create();
    const fonts = await embedFonts(doc);
    const page = doc.addPage();
    const black = rgb(0, 0, 0);
    for (let i = 0; i < 30; i++) drawRun(page, `line ${i}`, { x: 10, y: 800 - i * 10, size: 9, font: fonts.regular.latin, color: black });
    for (let i = 0; i < 30; i++) drawRun(page, `bold ${i}`, { x: 200, y: 800 - i * 10, size: 9, font: fonts.bold, color: black });
    expect(fontEntries(page)).toBe(2);
    // pdf-lib given the font each time: one resource per call, as before.
    const other = doc.addPage();
    for (let i = 0; i < 5; i++) other.drawText(`line ${i}`, { x: 10, y: 800 - i * 10, size: 9, font: fonts.regular.latin, color: black });
    expect(fontEntries(other)).toBe(5);
  });
});
