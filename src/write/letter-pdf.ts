// The drawing half of request-pdf.ts: letters laid out on A4 and drawn. Loaded with the first letter
// (request-pdf.ts imports it on demand), as it loads pdf-lib and fontkit.
import { saveGeneratedPdf } from './save-pdf.js';
import { PDFDocument, PageSizes, rgb, type PDFPage } from '../util/pdf-lib.js';
import { drawRun, embedFonts, missingCharacters, textRuns, type FontSet } from './fonts.js';

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

const MARGIN = 56;
const [PAGE_W, PAGE_H] = PageSizes.A4;
const CONTENT_W = PAGE_W - 2 * MARGIN;
const SIZE = 10.5;
const LEADING = 1.42;
const GREY = rgb(0.33, 0.33, 0.33);

class LetterLayout {
  page!: PDFPage;
  y = 0;
  readonly pages: PDFPage[] = [];

  constructor(private readonly doc: PDFDocument, private readonly fonts: FontSet) {
    this.newPage();
  }

  newPage(): void {
    this.page = this.doc.addPage([PAGE_W, PAGE_H]);
    this.pages.push(this.page);
    this.y = PAGE_H - MARGIN;
  }

  width(text: string, size: number, bold: boolean): number {
    return textRuns(text, this.fonts, bold).reduce((w, r) => w + r.font.widthOfTextAtSize(r.text, size), 0);
  }

  draw(text: string, x: number, size: number, bold = false, color = rgb(0, 0, 0)): void {
    let cursor = x;
    for (const run of textRuns(text, this.fonts, bold)) {
      drawRun(this.page, run.text, { x: cursor, y: this.y, size, font: run.font, color });
      cursor += run.font.widthOfTextAtSize(run.text, size);
    }
  }

  /** Greedy word wrap; a word wider than the line (an email address, a long ID) is broken by characters. */
  wrap(text: string, width: number, size: number, bold = false): string[] {
    const lines: string[] = [];
    let line = '';
    for (const word of text.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (this.width(candidate, size, bold) <= width) { line = candidate; continue; }
      if (line) lines.push(line);
      let rest = word;
      while (this.width(rest, size, bold) > width && rest.length > 1) {
        let cut = rest.length - 1;
        while (cut > 1 && this.width(rest.slice(0, cut), size, bold) > width) cut--;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    if (line) lines.push(line);
    return lines.length ? lines : [''];
  }

  /** One line of text at `indent`, moving down first; a new page when the foot is reached. */
  line(text: string, indent = 0, size = SIZE, bold = false, color = rgb(0, 0, 0)): void {
    if (this.y - size * LEADING < MARGIN + 24) this.newPage();
    this.y -= size * LEADING;
    this.draw(text, MARGIN + indent, size, bold, color);
  }

  wrapped(text: string, indent = 0, size = SIZE, bold = false, color = rgb(0, 0, 0)): void {
    for (const l of this.wrap(text, CONTENT_W - indent, size, bold)) this.line(l, indent, size, bold, color);
  }

  /** Label and value in two columns; the value wraps under itself. */
  fields(rows: readonly [string, string][]): void {
    const labelW = Math.min(170, Math.max(...rows.map(([label]) => this.width(label, SIZE, true))) + 14);
    for (const [label, value] of rows) {
      const lines = this.wrap(value, CONTENT_W - labelW, SIZE);
      lines.forEach((l, i) => {
        this.line(i === 0 ? label : '', 0, SIZE, true);
        this.draw(l, MARGIN + labelW, SIZE);
      });
    }
  }

  block(block: LetterBlock): void {
    switch (block.kind) {
      case 'lines': for (const l of block.lines) this.wrapped(l, 0, block.small ? 9 : SIZE, block.bold ?? false, block.small ? GREY : rgb(0, 0, 0)); return;
      case 'paragraph': this.wrapped(block.text, 0, SIZE, block.bold ?? false); this.y -= SIZE * 0.6; return;
      case 'heading':
        // Keep a heading with at least three lines of what follows it.
        if (this.y - SIZE * LEADING * 5 < MARGIN + 24) this.newPage();
        this.y -= SIZE * 0.5;
        this.wrapped(block.text, 0, 12, true);
        this.y -= 2;
        return;
      case 'fields': this.fields(block.rows); this.y -= SIZE * 0.6; return;
      case 'numbered':
        block.items.forEach((item, i) => {
          if (this.y - SIZE * LEADING * 4 < MARGIN + 24) this.newPage();
          const number = `${i + 1}.`;
          this.line(number, 0, SIZE, true);
          this.wrap(item.title, CONTENT_W - 18, SIZE, true).forEach((l, j) => { if (j > 0) this.line('', 18); this.draw(l, MARGIN + 18, SIZE, true); });
          for (const text of item.lines) this.wrapped(text, 18);
          this.y -= SIZE * 0.6;
        });
        return;
      case 'space': this.y -= block.height ?? SIZE; return;
      case 'signature': this.signature(block.labels); return;
    }
  }

  /** A label and a rule to the right margin, with room above the rule for handwriting. */
  signature(labels: readonly string[]): void {
    // Keep the whole signature block on one page: a form signed across a page break gets refused.
    if (this.y - labels.length * SIZE * 3.2 < MARGIN + 24) this.newPage();
    for (const label of labels) {
      this.y -= SIZE * 1.8;
      this.line(label, 0, SIZE, true);
      const start = MARGIN + Math.max(this.width(label, SIZE, true) + 8, 190);
      this.page.drawLine({ start: { x: start, y: this.y - 2 }, end: { x: PAGE_W - MARGIN, y: this.y - 2 }, thickness: 0.6, color: GREY });
    }
    this.y -= SIZE;
  }

  footers(text: string): void {
    this.pages.forEach((page, i) => {
      const label = `${text} · page ${i + 1} of ${this.pages.length}`;
      let cursor = MARGIN;
      for (const run of textRuns(label, this.fonts)) {
        drawRun(page, run.text, { x: cursor, y: MARGIN - 24, size: 8, font: run.font, color: GREY });
        cursor += run.font.widthOfTextAtSize(run.text, 8);
      }
    });
  }
}

function allText(letter: LetterDocument): string {
  return [letter.title, letter.footer ?? '', ...letter.blocks.flatMap((b) => {
    switch (b.kind) {
      case 'lines': return b.lines;
      case 'paragraph': case 'heading': return [b.text];
      case 'fields': return b.rows.flat();
      case 'numbered': return b.items.flatMap((i) => [i.title, ...i.lines]);
      case 'signature': return b.labels;
      default: return [];
    }
  })].join('\n');
}

/**
 * An A4 PDF of the letter, with embedded Noto faces (a patient's name in any
 * script the index can draw). `date` is the document date, so the same letter
 * on the same day gives the same bytes.
 */
export async function drawLetterPdf(letter: LetterDocument, date: Date, onMissingGlyphs?: (characters: string[]) => void): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const fonts = await embedFonts(doc, allText(letter));
  onMissingGlyphs?.(missingCharacters(allText(letter), fonts));
  const layout = new LetterLayout(doc, fonts);
  for (const block of letter.blocks) layout.block(block);
  if (letter.footer) layout.footers(letter.footer);
  doc.setTitle(letter.title);
  doc.setProducer('casepack');
  doc.setCreator('casepack');
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  return saveGeneratedPdf(doc, { useObjectStreams: false });
}
