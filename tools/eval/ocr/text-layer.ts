import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { SYNTH_DEFAULT_DATE } from '../../synth/report-pdf.js';

/** What Helvetica's WinAnsi encoding can draw; anything else becomes '?', as an unknown glyph would. */
const DRAWABLE = /[^\x20-\x7e\u00a0-\u00ff]/g;

/**
 * A PDF whose text layer is the recognised text, line by line: how the
 * tesseract.js-direct adapter hands OCR text to the real pipeline (probe text,
 * classify, dates) before the extraction stage exists. The dates in its
 * metadata are fixed and old, as a scanner's would be unrelated to the report.
 */
export async function textLayerPdf(pagesText: readonly string[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setCreationDate(SYNTH_DEFAULT_DATE);
  doc.setModificationDate(SYNTH_DEFAULT_DATE);
  doc.setProducer('casepack eval-ocr text layer');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const size = 8;
  for (const text of pagesText) {
    let page = doc.addPage([595, 842]);
    let y = 810;
    for (const line of text.split('\n')) {
      if (y < 20) { page = doc.addPage([595, 842]); y = 810; }
      const drawable = line.replace(DRAWABLE, '?').trimEnd();
      if (drawable) page.drawText(drawable, { x: 20, y, size, font });
      y -= size * 1.3;
    }
  }
  return doc.save({ useObjectStreams: false });
}
