/**
 * A letter as blocks of text, laid out on A4 by renderLetterPdf. The report
 * layer composes the words (src/report/request-letters.ts); this module only
 * knows pages, fonts and wrapping, so any plain letter can reuse it.
 */
export type LetterBlock =
  | { kind: 'lines'; lines: string[]; bold?: boolean; small?: boolean }
  | { kind: 'paragraph'; text: string; bold?: boolean }
  | { kind: 'heading'; text: string }
  | { kind: 'fields'; rows: [label: string, value: string][] }
  | { kind: 'numbered'; items: { title: string; lines: string[] }[] }
  | { kind: 'space'; height?: number }
  /** Lines to sign or fill in by hand: each label with a rule after it, room to write above the rule. */
  | { kind: 'signature'; labels: string[] };

export interface LetterDocument {
  /** The PDF's title (document properties). */
  title: string;
  blocks: LetterBlock[];
  /** Small print at the foot of every page ("Request to Pathology · page 1 of 2"). */
  footer?: string;
}

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
