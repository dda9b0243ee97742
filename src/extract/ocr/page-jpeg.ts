import { decodePDFRawStream, ParseSpeeds, PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, type PDFPage } from '../../util/pdf-lib.js';

/**
 * A scanned PDF page is usually one JPEG drawn over the whole page. Its bytes
 * can go to the image decoder as they are, instead of pdf.js decoding the JPEG
 * in JavaScript and painting it on a canvas (RGBA at 300 dpi: ~35 MB per copy,
 * several copies). Only the plainest case is taken: anything else (a mask, a
 * turned page, a crop box, other drawing, CMYK) is left to pdf.js.
 */

export interface FullPageJpeg {
  jpeg: Uint8Array;
  /** Page size in points. */
  widthPt: number;
  heightPt: number;
}

/** A 3x3 PDF matrix [a b c d e f]. */
type Matrix = [number, number, number, number, number, number];
const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5],
];

function contentBytes(page: PDFPage): Uint8Array | undefined {
  const contents = page.node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => page.doc.context.lookup(ref)) : [contents];
  const parts: Uint8Array[] = [];
  for (const stream of streams) {
    if (!(stream instanceof PDFRawStream)) return undefined;
    parts.push(decodePDFRawStream(stream).decode());
  }
  return Buffer.concat(parts);
}

/** The matrix the one image is drawn with, when the content is nothing but q/Q/cm and a single Do of `name`. */
function soleImageMatrix(content: string, name: string): Matrix | undefined {
  const tokens = content.split(/\s+/).filter(Boolean);
  let current: Matrix = [1, 0, 0, 1, 0, 0];
  const saved: Matrix[] = [];
  const operands: string[] = [];
  let drawn: Matrix | undefined;
  for (const token of tokens) {
    if (token === 'q') saved.push(current);
    else if (token === 'Q') current = saved.pop() ?? current;
    else if (token === 'cm') {
      const numbers = operands.splice(0).map(Number);
      if (numbers.length !== 6 || numbers.some((n) => !Number.isFinite(n))) return undefined;
      current = multiply(numbers as Matrix, current);
    } else if (token === 'Do') {
      if (drawn || operands.splice(0).join(' ') !== `/${name}`) return undefined;
      drawn = current;
    } else if (/^[-+.\d]/.test(token) || token.startsWith('/')) operands.push(token);
    else return undefined; // any other operator: text, paths, clipping… not a bare scan
    if (token === 'q' || token === 'Q') { if (operands.length) return undefined; }
  }
  return drawn;
}

const near = (a: number, b: number): boolean => Math.abs(a - b) <= 1;

/** A PDF parsed once for `fullPageJpegOf`, so every page of a multi-page scan does not parse the whole file again. */
export type ParsedPdf = PDFDocument;

/** The PDF parsed for finding page JPEGs, or undefined when pdf-lib cannot read it (pdf.js then renders its pages). */
export async function parsePdfForJpegs(bytes: Uint8Array): Promise<ParsedPdf | undefined> {
  try {
    return await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest, throwOnInvalidObject: true });
  } catch {
    return undefined;
  }
}

/** The page's JPEG when the page is exactly one baseline grey or RGB JPEG covering it; otherwise undefined (pdf.js renders it). */
export async function fullPageJpeg(bytes: Uint8Array, pageIndex: number): Promise<FullPageJpeg | undefined> {
  const doc = await parsePdfForJpegs(bytes);
  return doc && fullPageJpegOf(doc, pageIndex);
}

/** `fullPageJpeg` of a PDF already parsed by `parsePdfForJpegs`. */
export function fullPageJpegOf(doc: ParsedPdf, pageIndex: number): FullPageJpeg | undefined {
  try {
    if (pageIndex >= doc.getPageCount()) return undefined;
    const page = doc.getPage(pageIndex);
    if (page.getRotation().angle % 360 !== 0) return undefined;
    const media = page.getMediaBox();
    const crop = page.getCropBox();
    if (media.x !== 0 || media.y !== 0 || !near(crop.x, 0) || !near(crop.y, 0) || !near(crop.width, media.width) || !near(crop.height, media.height)) return undefined;
    const xobjects = page.node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict);
    const entries = xobjects?.entries() ?? [];
    if (entries.length !== 1) return undefined;
    const [name, ref] = entries[0]!;
    const image = doc.context.lookup(ref);
    if (!(image instanceof PDFRawStream)) return undefined;
    const dict = image.dict;
    const filter = dict.get(PDFName.of('Filter'));
    const filterName = filter instanceof PDFArray && filter.size() === 1 ? filter.get(0) : filter;
    const colourSpace = dict.get(PDFName.of('ColorSpace'));
    const bits = dict.get(PDFName.of('BitsPerComponent'));
    if (dict.get(PDFName.of('Subtype')) !== PDFName.of('Image') || filterName !== PDFName.of('DCTDecode')) return undefined;
    if (colourSpace !== PDFName.of('DeviceGray') && colourSpace !== PDFName.of('DeviceRGB')) return undefined;
    if (!(bits instanceof PDFNumber) || bits.asNumber() !== 8) return undefined;
    if (['SMask', 'Mask', 'Decode', 'DecodeParms', 'ImageMask'].some((key) => dict.has(PDFName.of(key)))) return undefined;
    const content = contentBytes(page);
    const matrix = content && soleImageMatrix(Buffer.from(content).toString('latin1'), name.decodeText());
    if (!matrix) return undefined;
    const [a, b, c, d, e, f] = matrix;
    if (!near(b, 0) || !near(c, 0) || !near(a, media.width) || !near(d, media.height) || !near(e, 0) || !near(f, 0)) return undefined;
    return { jpeg: image.contents, widthPt: media.width, heightPt: media.height };
  } catch {
    return undefined;
  }
}
