import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@cantoo/fontkit';
import {
  beginText, endText, PDFHexString, popGraphicsState, pushGraphicsState, setCharacterSqueeze, setFontAndSize, setTextMatrix,
  setTextRenderingMode, showText, TextRenderingMode, type PDFDocument, type PDFFont, type PDFName, type PDFPage,
} from '../util/pdf-lib.js';
import { applyHomography, homographyFrom } from '../extract/ocr/homography.js';
import type { OcrPage, OcrPhotoPage, OcrWord } from '../extract/ocr/types.js';

const require = createRequire(import.meta.url);
/** The index's own Latin/Greek/Cyrillic face, read here rather than through fonts.ts so the index's font set is untouched. */
const TEXT_FONT = '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf';

let fontBytes: Promise<Uint8Array> | undefined;

/** Where the recognised image lies on the PDF page, in the page's default user space. */
export interface Placement {
  /** The rectangle the upright image covers, before the page's /Rotate: the CropBox for a scan, the drawn image for a photo. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Clockwise quarter turns from that rectangle, as stored, to the upright image the words were read on. */
  turns: 0 | 90 | 180 | 270;
}

/** One embedded font per merged PDF, subset on save: only the glyphs of recognised words are written. */
export class InvisibleTextWriter {
  private font: PDFFont | undefined;
  private charset: Set<number> | undefined;
  /** Glyph code (hex) and width at size 1 per character: shaping each word with fontkit cost ~0.7 ms a word, 100 s for 450 pages. */
  private glyphs = new Map<string, { hex: string; width: number }>();
  /** Words drawn and words skipped because the font has no glyph for them. */
  drawn = 0;
  skipped = 0;

  constructor(private readonly doc: PDFDocument) {}

  private async ensureFont(): Promise<PDFFont> {
    if (this.font) return this.font;
    fontBytes ??= readFile(require.resolve(TEXT_FONT));
    this.doc.registerFontkit(fontkit);
    this.font = await this.doc.embedFont(await fontBytes, { subset: true, customName: 'NotoSans-OCR' });
    this.charset = new Set(this.font.getCharacterSet());
    return this.font;
  }

  /** Draw every word of `ocr` in text render mode 3 (invisible) over the page, where its pixels are. */
  async addPage(page: PDFPage, ocr: OcrPage, placement: Placement): Promise<void> {
    const words = ocr.words.filter((w) => w.text.trim() !== '' && w.box.x1 > w.box.x0 && w.box.y1 > w.box.y0);
    if (words.length === 0 || ocr.width <= 0 || ocr.height <= 0) return;
    const font = await this.ensureFont();
    const key = page.node.newFontDictionary('OCRText', font.ref);
    // The source page's content may leave the graphics state changed (no closing Q): wrap it so our matrix starts clean.
    page.node.normalize();
    const start = this.doc.context.register(this.doc.context.contentStream([pushGraphicsState()]));
    const end = this.doc.context.register(this.doc.context.contentStream([popGraphicsState()]));
    page.node.wrapContentStreams(start, end);
    const toPage = ocr.photoPage ? photoPixelMapper(ocr, ocr.photoPage, placement) : pixelMapper(ocr, placement);
    const operators = [pushGraphicsState(), beginText(), setTextRenderingMode(TextRenderingMode.Invisible)];
    for (const word of words) {
      const ops = this.wordOperators(word, font, key, toPage);
      if (ops) operators.push(...ops); else this.skipped++;
    }
    operators.push(endText(), popGraphicsState());
    page.pushOperators(...operators);
  }

  /** Tf, Tm and Tz put one word on its box: baseline near the box bottom, scaled to the box width. */
  private wordOperators(word: OcrWord, font: PDFFont, key: PDFName, toPage: (u: number, v: number) => [number, number]): ReturnType<typeof showText>[] | undefined {
    const text = word.text.trim();
    const encoded = this.encode(text, font);
    // A word with a character the font cannot draw is left out, never written as '?'.
    if (!encoded) return undefined;
    const { x0, y0, x1, y1 } = word.box;
    const baseline = y1 - 0.2 * (y1 - y0);
    const origin = toPage(x0, baseline);
    const along = toPage(x1, baseline);
    const above = toPage(x0, y0);
    const dx = along[0] - origin[0], dy = along[1] - origin[1];
    const ux = above[0] - origin[0], uy = above[1] - origin[1];
    const width = Math.hypot(dx, dy);
    const size = Math.hypot(ux, uy) / 0.8;
    const natural = encoded.width * size;
    if (width <= 0 || size <= 0 || natural <= 0) return undefined;
    this.drawn++;
    return [
      setFontAndSize(key, round(size)),
      setTextMatrix(round(dx / width), round(dy / width), round(ux / Math.hypot(ux, uy)), round(uy / Math.hypot(ux, uy)), round(origin[0]), round(origin[1])),
      setCharacterSqueeze(round((100 * width) / natural)),
      showText(PDFHexString.of(encoded.hex)),
    ];
  }

  /** Character by character (no ligatures or kerning: invisible text only has to be found and copied), cached. */
  private encode(text: string, font: PDFFont): { hex: string; width: number } | undefined {
    let hex = '';
    let width = 0;
    for (const ch of text) {
      let glyph = this.glyphs.get(ch);
      if (!glyph) {
        if (!this.charset?.has(ch.codePointAt(0) as number)) return undefined;
        glyph = { hex: font.encodeText(ch).asString(), width: font.widthOfTextAtSize(ch, 1) };
        this.glyphs.set(ch, glyph);
      }
      hex += glyph.hex;
      width += glyph.width;
    }
    return { hex, width };
  }
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/**
 * Pixel of the upright, deskewed image → point of the page's user space:
 * undo the skew correction (turn back around the image centre), scale to the
 * upright view of the placement, then undo the quarter turns.
 */
export function pixelMapper(ocr: OcrPage, placement: Placement): (u: number, v: number) => [number, number] {
  const { x0, y0, x1, y1, turns } = placement;
  const sideways = turns === 90 || turns === 270;
  const viewW = sideways ? y1 - y0 : x1 - x0;
  const viewH = sideways ? x1 - x0 : y1 - y0;
  const sx = viewW / ocr.width, sy = viewH / ocr.height;
  const theta = (ocr.skewDegrees * Math.PI) / 180;
  const cos = Math.cos(theta), sin = Math.sin(theta);
  const cx = ocr.width / 2, cy = ocr.height / 2;
  return (u, v) => {
    // In y-down pixels this turns clockwise by the skew the source had before it was straightened.
    const X = (cx + (u - cx) * cos - (v - cy) * sin) * sx;
    const Y = (cy + (u - cx) * sin + (v - cy) * cos) * sy;
    switch (turns) {
      case 90: return [x0 + Y, y0 + X];
      case 180: return [x1 - X, y0 + Y];
      case 270: return [x1 - Y, y1 - X];
      default: return [x0 + X, y1 - Y];
    }
  };
}

/**
 * Pixel of the straightened, upright sheet read from a phone photo → point
 * of the page on which the photo itself is drawn (upright, `turns` 0): undo
 * the skew, undo the detected quarter turn to the sheet as straightened, map
 * the sheet back into the photo through the corners it was found at, then
 * turn the photo as it is shown. Words follow the page's perspective, so the
 * reviewer selects text where it is seen in the photo as sent.
 */
export function photoPixelMapper(ocr: OcrPage, photoPage: OcrPhotoPage, placement: Placement): (u: number, v: number) => [number, number] {
  const turn = photoPage.turn ?? 0;
  const sideways = turn === 90 || turn === 270;
  const sheetW = sideways ? ocr.height : ocr.width;
  const sheetH = sideways ? ocr.width : ocr.height;
  const unitSquare = [{ x: 0, y: 0 }, { x: 1, y: 0 }, { x: 1, y: 1 }, { x: 0, y: 1 }];
  const corners = photoPage.corners.map((c) => ({ x: c.x / photoPage.sourceWidth, y: c.y / photoPage.sourceHeight }));
  const toPhoto = homographyFrom(unitSquare, corners);
  const unskew = pixelMapper(ocr, { x0: 0, y0: 0, x1: ocr.width, y1: ocr.height, turns: 0 });
  const { x0, y0, x1, y1 } = placement;
  return (u, v) => {
    const [X, flippedY] = unskew(u, v);
    const Y = ocr.height - flippedY;
    const [sx, sy] = untilt(X, Y, turn, sheetW, sheetH);
    const p = toPhoto ? applyHomography(toPhoto, { x: sx / sheetW, y: sy / sheetH }) : { x: sx / sheetW, y: sy / sheetH };
    const [a, b] = turnUnit(p.x, p.y, turn);
    return [x0 + a * (x1 - x0), y1 - b * (y1 - y0)];
  };
}

/** A point of the sheet turned clockwise by `turn` (turned image X, Y) → the same point before the turn. */
function untilt(X: number, Y: number, turn: 0 | 90 | 180 | 270, sheetW: number, sheetH: number): [number, number] {
  switch (turn) {
    case 90: return [Y, sheetH - X];
    case 180: return [sheetW - X, sheetH - Y];
    case 270: return [sheetW - Y, X];
    default: return [X, Y];
  }
}

/** A point in unit coordinates turned clockwise by `turn`. */
function turnUnit(x: number, y: number, turn: 0 | 90 | 180 | 270): [number, number] {
  switch (turn) {
    case 90: return [1 - y, x];
    case 180: return [1 - x, 1 - y];
    case 270: return [y, 1 - x];
    default: return [x, y];
  }
}

/** The rectangle a scanned PDF page was rendered from (CropBox, else MediaBox) and its quarter turns to upright. */
export function scannedPagePlacement(page: PDFPage, ocr: OcrPage): Placement {
  const box = page.getCropBox();
  const pageTurns = ((page.getRotation().angle % 360) + 360) % 360;
  const turns = ((pageTurns + ocr.rotation) % 360) as Placement['turns'];
  return { x0: box.x, y0: box.y, x1: box.x + box.width, y1: box.y + box.height, turns: [0, 90, 180, 270].includes(turns) ? turns : 0 };
}
