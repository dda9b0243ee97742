import { embedFonts, textRuns, type FontSet } from '../../src/write/fonts.js';
import { seededRandom } from './random.js';
import { createHash } from 'node:crypto';
import {
  PDFDocument,
  PDFHexString,
  PageSizes,
  StandardFonts,
  concatTransformationMatrix,
  drawObject,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  type PDFFont,
  type PDFPage,
  type RGB,
} from '@cantoo/pdf-lib';

/**
 * Synthetic medical-report PDFs for tests, benchmarks and the demo case.
 *
 * Everything here is deterministic: the same spec gives the same bytes
 * (fixed Info dates, Producer and trailer /ID derived from the spec), so
 * generated fixtures can be committed and regenerated without diffs.
 */

/** Dates written when a spec gives none: fixed, so output never depends on the clock. */
export const SYNTH_DEFAULT_DATE = new Date('2020-01-01T00:00:00Z');
export const SYNTH_PRODUCER = 'casepack synthetic report';

export type ReportStyle = 'classic' | 'modern' | 'typewriter';

export type ReportBlock =
  | { type: 'paragraph'; text: string }
  | { type: 'table'; columns: string[]; rows: string[][]; /** Relative column widths; equal by default. */ widths?: number[] }
  | { type: 'list'; items: string[] }
  | { type: 'pageBreak' };

export interface ReportSection {
  heading?: string;
  /** A plain string is a paragraph; `\n` inside it starts a new line. */
  blocks: (ReportBlock | string)[];
}

export interface PdfMetadataSpec {
  title?: string;
  author?: string;
  subject?: string;
  creator?: string;
  /** Defaults to SYNTH_PRODUCER. */
  producer?: string;
  /** Defaults to SYNTH_DEFAULT_DATE; `null` leaves the entry out. */
  creationDate?: Date | string | null;
  /** Defaults to the creation date; `null` leaves the entry out. */
  modificationDate?: Date | string | null;
}

export interface ReportSpec {
  /** Document title printed under the letterhead, e.g. "Surgical Pathology Report". */
  title: string;
  letterhead?: { institution: string; department?: string; lines?: string[] };
  /** Header fields printed as a label/value grid, e.g. ["Date of procedure", "12/09/2025"]. */
  fields?: [label: string, value: string][];
  sections: ReportSection[];
  signatures?: { name: string; role?: string; date?: string }[];
  /** Printed at the foot of every page, beside "Page n of N". */
  footer?: string;
  /**
   * Printed at the top of every page before anything else, as EHR printouts do
   * ("DOE, JOHN  MRN 123456  Printed 05/06/2025 10:22"): text extraction reads it first.
   */
  pageHeader?: string;
  /** The patient-header table comes above the title (many hospital systems print it so). */
  fieldsBeforeTitle?: boolean;
  style?: ReportStyle;
  pageSize?: 'A4' | 'Letter';
  metadata?: PdfMetadataSpec;
  /**
   * Draw every script with embedded Noto faces (the packet writer's fonts: Latin, Arabic, Devanagari,
   * CJK), shaped by fontkit, instead of the standard fonts' WinAnsi: reports in Chinese or Hindi.
   * Arabic is drawn but its text layer is not true: pdf-lib writes no Unicode for the dot glyphs
   * fontkit composes Noto Sans Arabic's letters from, so extraction reads noise.
   */
  unicode?: boolean;
}

interface StyleSheet {
  regular: StandardFonts;
  bold: StandardFonts;
  italic: StandardFonts;
  body: number;
  heading: number;
  title: number;
  leading: number;
  margin: number;
  accent: RGB;
  ink: RGB;
  muted: RGB;
  centeredLetterhead: boolean;
  letterheadBand: boolean;
  upperCaseHeadings: boolean;
}

const STYLES: Record<ReportStyle, StyleSheet> = {
  classic: {
    regular: StandardFonts.TimesRoman, bold: StandardFonts.TimesRomanBold, italic: StandardFonts.TimesRomanItalic,
    body: 11, heading: 12.5, title: 16, leading: 1.3, margin: 64,
    accent: rgb(0.1, 0.1, 0.1), ink: rgb(0, 0, 0), muted: rgb(0.35, 0.35, 0.35),
    centeredLetterhead: true, letterheadBand: false, upperCaseHeadings: true,
  },
  modern: {
    regular: StandardFonts.Helvetica, bold: StandardFonts.HelveticaBold, italic: StandardFonts.HelveticaOblique,
    body: 10, heading: 12, title: 17, leading: 1.35, margin: 54,
    accent: rgb(0.05, 0.32, 0.55), ink: rgb(0.1, 0.1, 0.12), muted: rgb(0.4, 0.42, 0.45),
    centeredLetterhead: false, letterheadBand: true, upperCaseHeadings: false,
  },
  typewriter: {
    regular: StandardFonts.Courier, bold: StandardFonts.CourierBold, italic: StandardFonts.CourierOblique,
    body: 10, heading: 10.5, title: 12, leading: 1.25, margin: 60,
    accent: rgb(0, 0, 0), ink: rgb(0, 0, 0), muted: rgb(0.25, 0.25, 0.25),
    centeredLetterhead: false, letterheadBand: false, upperCaseHeadings: true,
  },
};

/** Render a multi-section report with a text layer. */
export async function makeReportPdf(spec: ReportSpec): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const sheet = STYLES[spec.style ?? 'classic'];
  const fonts = {
    regular: await doc.embedFont(sheet.regular),
    bold: await doc.embedFont(sheet.bold),
    italic: await doc.embedFont(sheet.italic),
  };
  const unicode = spec.unicode ? await embedFonts(doc, specText(spec)) : undefined;
  const layout = new Layout(doc, sheet, fonts, pageSizeOf(spec.pageSize), unicode, spec.pageHeader);

  layout.letterhead(spec.letterhead);
  if (spec.fieldsBeforeTitle && spec.fields?.length) layout.fields(spec.fields);
  layout.title(spec.title);
  if (!spec.fieldsBeforeTitle && spec.fields?.length) layout.fields(spec.fields);
  for (const section of spec.sections) {
    if (section.heading) layout.heading(section.heading);
    for (const block of section.blocks) layout.block(typeof block === 'string' ? { type: 'paragraph', text: block } : block);
  }
  if (spec.signatures?.length) layout.signatures(spec.signatures);
  layout.footers(spec.footer);

  applyMetadata(doc, { title: spec.title, ...spec.metadata }, spec);
  return doc.save({ useObjectStreams: false });
}

export interface ScannedPdfSpec {
  /** Number of scanned pages (default 1). */
  pages?: number;
  pageSize?: 'A4' | 'Letter';
  /** Raster resolution; low by default to keep fixtures small. */
  dpi?: number;
  /** Seed for the text-like marks, so different documents look different. */
  seed?: number;
  metadata?: PdfMetadataSpec;
}

/**
 * An image-only PDF like a scanner makes: each page is one grey raster with
 * text-like marks and no text layer, so text extraction finds nothing.
 */
export async function makeScannedPdf(spec: ScannedPdfSpec = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const [pageWidth, pageHeight] = pageSizeOf(spec.pageSize);
  const dpi = spec.dpi ?? 60;
  const width = Math.max(8, Math.round((pageWidth / 72) * dpi));
  const height = Math.max(8, Math.round((pageHeight / 72) * dpi));
  const pageCount = Math.max(1, spec.pages ?? 1);
  const random = seededRandom(spec.seed ?? 1);

  for (let index = 0; index < pageCount; index += 1) {
    const pixels = scanRaster(width, height, random);
    const image = doc.context.flateStream(pixels, {
      Type: 'XObject', Subtype: 'Image', Width: width, Height: height, ColorSpace: 'DeviceGray', BitsPerComponent: 8,
    });
    const page = doc.addPage([pageWidth, pageHeight]);
    const name = page.node.newXObject('Scan', doc.context.register(image));
    page.pushOperators(
      pushGraphicsState(),
      concatTransformationMatrix(pageWidth, 0, 0, pageHeight, 0, 0),
      drawObject(name),
      popGraphicsState(),
    );
  }

  applyMetadata(doc, { creator: 'Scanner', ...spec.metadata }, spec);
  return doc.save({ useObjectStreams: false });
}

/** All the text of a spec, so the fonts that draw it can be chosen before layout. */
function specText(spec: ReportSpec): string {
  const blocks = spec.sections.flatMap((s) => [s.heading ?? '', ...s.blocks.map((b) => (typeof b === 'string' ? b : JSON.stringify(b)))]);
  return [spec.title, JSON.stringify(spec.letterhead ?? {}), JSON.stringify(spec.fields ?? []), ...blocks, JSON.stringify(spec.signatures ?? []), spec.footer ?? ''].join('\n');
}

/** Keep only what the standard (WinAnsi) fonts can draw: strip accents, spell out a few symbols, drop the rest. */
export function toWinAnsi(text: string, font: PDFFont): string {
  const supported = supportedCodePoints(font);
  let out = '';
  for (const char of text.normalize('NFC')) {
    const code = char.codePointAt(0) ?? 0;
    if (supported.has(code)) { out += char; continue; }
    const replacement = TRANSLITERATIONS[char] ?? char.normalize('NFD').replace(/\p{M}/gu, '');
    for (const part of replacement) if (supported.has(part.codePointAt(0) ?? 0)) out += part;
  }
  return out;
}

const TRANSLITERATIONS: Record<string, string> = {
  '≥': '>=', '≤': '<=', '≠': '!=', '→': '->', '←': '<-', 'ß': 'ss', 'æ': 'ae', 'Æ': 'AE', 'ø': 'o', 'Ø': 'O',
  'ł': 'l', 'Ł': 'L', 'đ': 'd', 'Đ': 'D', 'ı': 'i', '\u2009': ' ', '\u00a0': ' ', '\t': '    ', '−': '-', '×': 'x',
};

const codePointCache = new WeakMap<PDFFont, Set<number>>();
function supportedCodePoints(font: PDFFont): Set<number> {
  let set = codePointCache.get(font);
  if (!set) {
    set = new Set(font.getCharacterSet());
    codePointCache.set(font, set);
  }
  return set;
}

function pageSizeOf(size: ReportSpec['pageSize']): [number, number] {
  return size === 'Letter' ? [...PageSizes.Letter] : [...PageSizes.A4];
}

function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

function applyMetadata(doc: PDFDocument, meta: PdfMetadataSpec, spec: unknown): void {
  if (meta.title) doc.setTitle(meta.title);
  if (meta.author) doc.setAuthor(meta.author);
  if (meta.subject) doc.setSubject(meta.subject);
  if (meta.creator) doc.setCreator(meta.creator);
  doc.setProducer(meta.producer ?? SYNTH_PRODUCER);
  const created = meta.creationDate === undefined ? SYNTH_DEFAULT_DATE : meta.creationDate;
  if (created !== null) doc.setCreationDate(toDate(created));
  const modified = meta.modificationDate === undefined ? created : meta.modificationDate;
  if (modified !== null) doc.setModificationDate(toDate(modified));
  // A real writer puts a random /ID in the trailer; ours hashes the spec so the bytes stay reproducible.
  const id = createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 32);
  doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of(id), PDFHexString.of(id)]);
}

interface Fonts { regular: PDFFont; bold: PDFFont; italic: PDFFont }

/** A top-down cursor over pages that starts a new page when the next line would not fit. */
class Layout {
  private page!: PDFPage;
  private y = 0;
  private readonly pages: PDFPage[] = [];
  private readonly left: number;
  private readonly right: number;
  private readonly bottom: number;

  constructor(
    private readonly doc: PDFDocument,
    private readonly sheet: StyleSheet,
    private readonly fonts: Fonts,
    private readonly size: [number, number],
    /** Embedded faces for every script (ReportSpec.unicode); the standard fonts otherwise. */
    private readonly unicode?: FontSet,
    private readonly pageHeader?: string,
  ) {
    this.left = sheet.margin;
    this.right = size[0] - sheet.margin;
    // Room for the footer line.
    this.bottom = sheet.margin + sheet.body * 2;
    this.newPage();
  }

  private get width(): number {
    return this.right - this.left;
  }

  private newPage(): void {
    this.page = this.doc.addPage(this.size);
    this.pages.push(this.page);
    this.y = this.size[1] - this.sheet.margin;
    if (this.pageHeader) {
      const size = this.sheet.body - 2;
      this.page.drawText(toWinAnsi(this.pageHeader, this.fonts.regular), { x: this.left, y: this.size[1] - this.sheet.margin / 2, size, font: this.fonts.regular, color: this.sheet.muted });
    }
  }

  /** Make room for `height` points, breaking the page when it does not fit. */
  private ensure(height: number): void {
    if (this.y - height < this.bottom) this.newPage();
  }

  private text(value: string, x: number, size: number, font: PDFFont, color: RGB = this.sheet.ink, page: PDFPage = this.page, y: number = this.y): void {
    const clean = this.clean(value, font);
    if (!clean) return;
    if (!this.unicode) { page.drawText(clean, { x, y, size, font, color }); return; }
    for (const run of textRuns(clean, this.unicode, font === this.fonts.bold)) {
      page.drawText(run.text, { x, y, size, font: run.font, color });
      x += run.font.widthOfTextAtSize(run.text, size);
    }
  }

  private clean(value: string, font: PDFFont): string {
    return this.unicode ? value.normalize('NFC') : toWinAnsi(value, font);
  }

  private widthOf(value: string, font: PDFFont, size: number): number {
    if (!this.unicode) return font.widthOfTextAtSize(value, size);
    return textRuns(value, this.unicode, font === this.fonts.bold).reduce((w, r) => w + r.font.widthOfTextAtSize(r.text, size), 0);
  }

  private wrap(value: string, font: PDFFont, size: number, width: number): string[] {
    const lines: string[] = [];
    for (const rawLine of this.clean(value, font).split('\n')) {
      let line = '';
      for (const whole of rawLine.split(/ +/)) {
        let word = whole;
        // A run wider than the line (Chinese and Japanese write sentences without spaces) breaks between characters, as a word processor breaks them; it used to run off the page, so its end never reached the PDF's text.
        while (this.widthOf(word, font, size) > width && [...word].length > 1) {
          if (line) { lines.push(line); line = ''; }
          const characters = [...word];
          let fits = 1;
          while (fits < characters.length && this.widthOf(characters.slice(0, fits + 1).join(''), font, size) <= width) fits++;
          lines.push(characters.slice(0, fits).join(''));
          word = characters.slice(fits).join('');
        }
        const candidate = line ? `${line} ${word}` : word;
        if (this.widthOf(candidate, font, size) <= width || !line) {
          line = candidate;
        } else {
          lines.push(line);
          line = word;
        }
      }
      lines.push(line);
    }
    return lines;
  }

  letterhead(head: ReportSpec['letterhead']): void {
    if (!head) return;
    const { sheet, fonts } = this;
    const lines = [head.department, ...(head.lines ?? [])].filter((line): line is string => Boolean(line));
    if (sheet.letterheadBand) {
      // The band runs from the top edge to just below the last letterhead line.
      const bandBottom = this.y - sheet.title - lines.length * sheet.body * sheet.leading - sheet.body;
      this.page.drawRectangle({ x: 0, y: bandBottom, width: this.size[0], height: this.size[1] - bandBottom, color: sheet.accent });
    }
    const color = sheet.letterheadBand ? rgb(1, 1, 1) : sheet.accent;
    this.y -= sheet.title;
    this.centeredOrLeft(head.institution, fonts.bold, sheet.title, color);
    for (const line of lines) {
      this.y -= sheet.body * sheet.leading;
      this.centeredOrLeft(line, fonts.regular, sheet.body, sheet.letterheadBand ? rgb(0.92, 0.95, 1) : sheet.muted);
    }
    this.y -= sheet.body * 1.2;
    if (!sheet.letterheadBand) this.rule(1);
    this.y -= sheet.body * 1.5;
  }

  private centeredOrLeft(value: string, font: PDFFont, size: number, color: RGB): void {
    const clean = this.clean(value, font);
    const x = this.sheet.centeredLetterhead ? (this.size[0] - this.widthOf(clean, font, size)) / 2 : this.left;
    this.text(clean, x, size, font, color);
  }

  private rule(thickness: number): void {
    this.page.drawLine({ start: { x: this.left, y: this.y }, end: { x: this.right, y: this.y }, thickness, color: this.sheet.muted });
  }

  title(value: string): void {
    const { sheet, fonts } = this;
    this.ensure(sheet.title * 2);
    this.y -= sheet.title;
    this.centeredOrLeft(sheet.upperCaseHeadings ? value.toUpperCase() : value, fonts.bold, sheet.title, sheet.accent);
    this.y -= sheet.title;
  }

  fields(fields: [string, string][]): void {
    const { sheet, fonts } = this;
    const columnWidth = this.width / 2;
    const labelWidth = Math.max(...fields.map(([label]) => this.widthOf(this.clean(`${label}:`, fonts.bold), fonts.bold, sheet.body))) + 6;
    const line = sheet.body * sheet.leading;
    // Two columns when labels are short, one column otherwise.
    const twoColumns = labelWidth < columnWidth * 0.45;
    for (let index = 0; index < fields.length; index += twoColumns ? 2 : 1) {
      const row = twoColumns ? fields.slice(index, index + 2) : fields.slice(index, index + 1);
      const wrapped = row.map(([, value]) => this.wrap(value, fonts.regular, sheet.body, (twoColumns ? columnWidth : this.width) - labelWidth - 8));
      const rowLines = Math.max(...wrapped.map((lines) => lines.length));
      this.ensure(rowLines * line);
      this.y -= sheet.body;
      row.forEach(([label], column) => {
        const x = this.left + column * columnWidth;
        this.text(`${label}:`, x, sheet.body, fonts.bold);
        const top = this.y;
        (wrapped[column] ?? []).forEach((text, lineIndex) => {
          this.y = top - lineIndex * line;
          this.text(text, x + labelWidth, sheet.body, fonts.regular);
        });
        this.y = top;
      });
      this.y -= (rowLines - 1) * line + (line - sheet.body);
    }
    this.y -= sheet.body * 0.6;
    this.rule(0.5);
    this.y -= sheet.body * 0.6;
  }

  heading(value: string): void {
    const { sheet, fonts } = this;
    // Keep a heading with at least two lines of its text.
    this.ensure(sheet.heading * 1.8 + sheet.body * sheet.leading * 2);
    this.y -= sheet.heading * 1.2;
    this.text(sheet.upperCaseHeadings ? value.toUpperCase() : value, this.left, sheet.heading, fonts.bold, sheet.accent);
    this.y -= sheet.heading * 0.6;
  }

  block(block: ReportBlock): void {
    switch (block.type) {
      case 'paragraph': this.paragraph(block.text); break;
      case 'list': for (const item of block.items) this.paragraph(item, '-'); break;
      case 'table': this.table(block.columns, block.rows, block.widths); break;
      case 'pageBreak': this.newPage(); break;
    }
  }

  private paragraph(value: string, bullet?: string): void {
    const { sheet, fonts } = this;
    const indent = bullet ? sheet.body * 1.2 : 0;
    const line = sheet.body * sheet.leading;
    const lines = this.wrap(value, fonts.regular, sheet.body, this.width - indent);
    lines.forEach((text, index) => {
      this.ensure(line);
      this.y -= line;
      if (bullet && index === 0) this.text(bullet, this.left, sheet.body, fonts.regular);
      this.text(text, this.left + indent, sheet.body, fonts.regular);
    });
    this.y -= line * 0.45;
  }

  private table(columns: string[], rows: string[][], widths?: number[]): void {
    const { sheet, fonts } = this;
    const size = sheet.body - 0.5;
    const line = size * sheet.leading;
    const weights = columns.map((_, index) => widths?.[index] ?? 1);
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    const columnWidths = weights.map((weight) => (weight / total) * this.width);
    const padding = 3;

    const drawRow = (cells: string[], font: PDFFont, shaded: boolean): void => {
      const wrapped = columnWidths.map((width, index) => this.wrap(cells[index] ?? '', font, size, width - padding * 2));
      const height = Math.max(...wrapped.map((lines) => lines.length)) * line + padding * 2;
      if (this.y - height < this.bottom) {
        this.newPage();
        // Repeat the header row so a table cut by a page break stays readable.
        if (font !== fonts.bold) drawRow(columns, fonts.bold, true);
      }
      if (shaded) this.page.drawRectangle({ x: this.left, y: this.y - height, width: this.width, height, color: rgb(0.9, 0.91, 0.93) });
      let x = this.left;
      const top = this.y;
      wrapped.forEach((lines, index) => {
        lines.forEach((text, lineIndex) => {
          this.y = top - padding - size - lineIndex * line;
          this.text(text, x + padding, size, font);
        });
        x += columnWidths[index] ?? 0;
      });
      this.y = top - height;
      this.page.drawLine({ start: { x: this.left, y: this.y }, end: { x: this.right, y: this.y }, thickness: 0.4, color: sheet.muted });
    };

    this.ensure(line * 3);
    this.y -= line * 0.3;
    drawRow(columns, fonts.bold, true);
    for (const row of rows) drawRow(row, fonts.regular, false);
    this.y -= line * 0.8;
  }

  signatures(signatures: NonNullable<ReportSpec['signatures']>): void {
    const { sheet, fonts } = this;
    const line = sheet.body * sheet.leading;
    for (const signature of signatures) {
      this.ensure(line * 5);
      this.y -= line * 2.5;
      this.page.drawLine({ start: { x: this.left, y: this.y }, end: { x: this.left + 200, y: this.y }, thickness: 0.6, color: sheet.ink });
      this.y -= line;
      this.text(signature.name, this.left, sheet.body, fonts.bold);
      const detail = [signature.role, signature.date].filter(Boolean).join(', ');
      if (detail) {
        this.y -= line;
        this.text(detail, this.left, sheet.body, fonts.italic, sheet.muted);
      }
    }
  }

  /** Drawn last, when the page count is known. */
  footers(footer: string | undefined): void {
    const { sheet, fonts } = this;
    const size = sheet.body - 2;
    this.pages.forEach((page, index) => {
      const label = `Page ${index + 1} of ${this.pages.length}`;
      const y = sheet.margin / 2;
      page.drawText(label, { x: this.right - fonts.regular.widthOfTextAtSize(label, size), y, size, font: fonts.regular, color: sheet.muted });
      if (footer) this.text(footer, this.left, size, fonts.italic, sheet.muted, page, y);
    });
  }
}


/** An off-white page with dark word-like bars in paragraphs, as a grey 8-bit raster (top row first). */
function scanRaster(width: number, height: number, random: () => number): Uint8Array {
  const pixels = new Uint8Array(width * height).fill(242);
  const margin = Math.round(width * 0.1);
  const lineHeight = Math.max(3, Math.round(height / 70));
  const barHeight = Math.max(2, Math.round(lineHeight * 0.55));
  let y = Math.round(height * 0.08);
  while (y + barHeight < height * 0.9) {
    if (random() < 0.12) { y += lineHeight * 2; continue; } // paragraph gap
    const lineEnd = width - margin - Math.round(random() * width * 0.3);
    let x = margin;
    while (x < lineEnd) {
      const word = Math.max(2, Math.round((0.02 + random() * 0.06) * width));
      const shade = 40 + Math.round(random() * 50);
      for (let row = y; row < y + barHeight; row += 1) pixels.fill(shade, row * width + x, row * width + Math.min(x + word, lineEnd));
      x += word + Math.max(2, Math.round(width * 0.012));
    }
    y += lineHeight;
  }
  return pixels;
}
