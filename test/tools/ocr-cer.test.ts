import { describe, expect, it } from 'vitest';
import { countCer, editDistance, normaliseForCer, pooledCer } from '../../tools/eval/ocr/cer.js';
import { sourceText } from '../../tools/eval/ocr/variants.js';

describe('OCR evaluation: character error rate', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('does not count layout whitespace or typography as errors, but does count a split word', () => {
    expect(normaliseForCer('Date:\u00a0 12\u201305\u20132025\n\n  \u201cok\u201d')).toBe('Date: 12-05-2025 "ok"');
    expect(countCer('Histology  report\n', 'Histology report').errors).toBe(0);
    expect(countCer('Histo logy report', 'Histology report').errors).toBe(1);
  });

  it('pools over documents by characters, so a short page does not weigh as much as a long one', () => {
    expect(pooledCer([{ errors: 1, length: 10 }, { errors: 0, length: 90 }])).toBeCloseTo(0.01);
    expect(pooledCer([])).toBe(0);
  });
});

describe('OCR evaluation: the source text OCR is scored against', () => {
  it('reads a born-digital page line by line, top to bottom, left to right', async () => {
    const { PDFDocument, StandardFonts } = await import('@cantoo/pdf-lib');
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const page = doc.addPage([595, 842]);
    page.drawText('Specimen: left breast', { x: 200, y: 700, font, size: 11 });
    page.drawText('PATHOLOGY REPORT', { x: 72, y: 760, font, size: 14 });
    page.drawText('Diagnosis:', { x: 72, y: 700, font, size: 11 });
    expect((await sourceText(await doc.save())).split('\n')).toEqual(['PATHOLOGY REPORT', 'Diagnosis: Specimen: left breast']);
  });
});
