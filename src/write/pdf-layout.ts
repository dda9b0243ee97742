import { PageSizes, rgb, type PDFDocument, type PDFPage } from '../util/pdf-lib.js';
import { drawRun, textRuns, type FontSet, type TextRun } from './fonts.js';
import { safeText } from '../util/terminal-text.js';

export const MARGIN = 48;
export const [PAGE_W, PAGE_H] = PageSizes.A4;
export const CONTENT_W = PAGE_W - 2 * MARGIN;
export const GREY = rgb(0.35, 0.35, 0.35);

/**
 * Widths of runs already shaped, by face, size and text, shared by every
 * document of a run: the same labels and dates recur across the index, cover
 * letter and summary, and each measure shapes the text again (~0.1 ms a word).
 * A face's name stands for its bytes (the faces come from fixed files).
 */
const runWidths = new Map<string, number>();
const MAX_REMEMBERED_WIDTHS = 100_000;

function runWidth(run: TextRun, size: number): number {
  const key = `${run.font.name}|${size}|${run.text}`;
  let width = runWidths.get(key);
  if (width === undefined) {
    width = run.font.widthOfTextAtSize(run.text, size);
    if (runWidths.size >= MAX_REMEMBERED_WIDTHS) runWidths.clear();
    runWidths.set(key, width);
  }
  return width;
}

/** Writes lines top to bottom, starting new pages as needed; knows nothing about packets. */
export class Layout {
  page!: PDFPage;
  y = 0;
  readonly pages: PDFPage[] = [];
  /** Paragraph line height as a multiple of the type size; a letter tightens it to stay on one page. */
  lineSpacing = 1.4;

  constructor(private readonly doc: PDFDocument, readonly fonts: FontSet) {
    this.newPage();
  }

  newPage(): void {
    this.page = this.doc.addPage([PAGE_W, PAGE_H]);
    this.pages.push(this.page);
    this.y = PAGE_H - MARGIN;
  }

  ensure(height: number): void {
    if (this.y - height < MARGIN + 20) this.newPage();
  }

  /**
   * Measured and drawn as shown: a control or bidi character from a case (a file
   * name, a PDF title, a casepack.yaml value) becomes a visible escape (B14), so
   * an RTL override cannot reorder a name on a page of the packet.
   */
  width(text: string, size: number, bold = false): number {
    // fontkit shapes the whole string on every measure (~0.1 ms a word): remembered, since the same words recur.
    const key = `${bold ? 'b' : 'r'}${size}|${text}`;
    let known = this.widths.get(key);
    if (known === undefined) {
      known = textRuns(safeText(text), this.fonts, bold).reduce((w, r) => w + runWidth(r, size), 0);
      this.widths.set(key, known);
    }
    return known;
  }

  private readonly widths = new Map<string, number>();

  draw(text: string, x: number, y: number, size: number, bold = false, color = rgb(0, 0, 0)): void {
    let cursor = x;
    for (const run of textRuns(safeText(text), this.fonts, bold)) {
      drawRun(this.page, run.text, { x: cursor, y, size, font: run.font, color });
      cursor += runWidth(run, size);
    }
  }

  /** Greedy word wrap; a word wider than the line is broken by characters. */
  wrap(text: string, width: number, size: number, bold = false): string[] {
    const lines: string[] = [];
    let line = '';
    // A line's width is the sum of its words and spaces (no kerning across a space), so each word is measured once, not every growing line.
    let lineWidth = 0;
    const space = this.width(' ', size, bold);
    for (const word of text.split(/\s+/).filter(Boolean)) {
      const wordWidth = this.width(word, size, bold);
      const candidateWidth = line ? lineWidth + space + wordWidth : wordWidth;
      if (candidateWidth <= width) { line = line ? `${line} ${word}` : word; lineWidth = candidateWidth; continue; }
      if (line) lines.push(line);
      line = '';
      let rest = word;
      while (this.width(rest, size, bold) > width) {
        let cut = rest.length - 1;
        while (cut > 1 && this.width(rest.slice(0, cut), size, bold) > width) cut--;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
      lineWidth = this.width(rest, size, bold);
    }
    if (line) lines.push(line);
    return lines.length ? lines : [''];
  }

  /** Paths break after `/` (or `_` when a folder name alone is too wide), never inside a date. */
  wrapPath(text: string, width: number, size: number): string[] {
    const parts = text.split(/(?<=\/)/).flatMap((part) => (this.width(part, size) <= width ? [part] : part.split(/(?<=_)/)));
    const lines: string[] = [];
    let line = '';
    for (const part of parts) {
      if (line && this.width(line + part, size) > width) { lines.push(line); line = ''; }
      line += part;
    }
    if (line) lines.push(line);
    return lines.flatMap((l) => (this.width(l, size) > width ? this.wrap(l, width, size) : [l]));
  }

  paragraph(text: string, size = 10, bold = false, indent = 0, color = rgb(0, 0, 0)): void {
    for (const line of this.wrap(text, CONTENT_W - indent, size, bold)) {
      this.ensure(size * this.lineSpacing);
      this.y -= size * this.lineSpacing;
      this.draw(line, MARGIN + indent, this.y, size, bold, color);
    }
  }

  heading(text: string): void {
    this.ensure(40);
    this.y -= 10;
    this.paragraph(text, 13, true);
    this.y -= 2;
  }

  table(columns: { title: string; width: number; path?: boolean }[], rows: string[][], size = 8.5): void {
    const lineH = size * 1.35;
    const header = (): void => {
      this.ensure(lineH * 2);
      this.y -= lineH;
      let x = MARGIN;
      for (const c of columns) { this.draw(c.title, x, this.y, size, true); x += c.width * CONTENT_W; }
      this.y -= 3;
      this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: PAGE_W - MARGIN, y: this.y }, thickness: 0.5, color: GREY });
    };
    header();
    for (const row of rows) {
      const cells = row.map((cell, i) => {
        const width = (columns[i]?.width ?? 0) * CONTENT_W - 6;
        return columns[i]?.path ? this.wrapPath(cell, width, size) : this.wrap(cell, width, size);
      });
      const height = Math.max(...cells.map((c) => c.length)) * lineH + 2;
      if (this.y - height < MARGIN + 20) { this.newPage(); header(); }
      let x = MARGIN;
      cells.forEach((lines, i) => {
        lines.forEach((line, j) => this.draw(line, x, this.y - lineH * (j + 1), size));
        x += (columns[i]?.width ?? 0) * CONTENT_W;
      });
      this.y -= height;
    }
  }
}

