import { describe, expect, it } from 'vitest';
import { PDFDict, PDFDocument, pdfLibLoadedFrom } from '../../src/util/pdf-lib.js';

describe('the one copy of pdf-lib', () => {
  it('is the single-file bundle, not the package modules that take 0.4 s longer to load', () => {
    expect(pdfLibLoadedFrom).toBe('single-file bundle');
  });

  it('gives objects that are instances of its own classes (a second copy would not)', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([100, 100]);
    const reloaded = await PDFDocument.load(await doc.save());
    expect(reloaded).toBeInstanceOf(PDFDocument);
    expect(reloaded.catalog).toBeInstanceOf(PDFDict);
    expect(reloaded.getPageCount()).toBe(1);
  });
});
