export type { LetterBlock, LetterDocument } from './letter-pdf.js';
import type { LetterDocument } from './letter-pdf.js';

/**
 * An A4 PDF of the letter, with embedded Noto faces (a patient's name in any
 * script the index can draw). `date` is the document date, so the same letter
 * on the same day gives the same bytes. The drawing code (letter-pdf.ts) loads
 * with the first letter: the commands that import this one (check, build) load
 * pdf-lib and fontkit then, not at start-up when most runs write no letter.
 */
export async function renderLetterPdf(letter: LetterDocument, date: Date, onMissingGlyphs?: (characters: string[]) => void): Promise<Uint8Array> {
  const { drawLetterPdf } = await import('./letter-pdf.js');
  return drawLetterPdf(letter, date, onMissingGlyphs);
}
