import { createRequire } from 'node:module';
import { readFile, stat } from 'node:fs/promises';
import sharp, { type Sharp } from 'sharp';
import { createIsomorphicCanvasFactory, getDocumentProxy } from 'unpdf';
import { fileIsHeif, sharpOfPhoto } from '../../probe/image/decode.js';
import { MAX_IMAGE_PIXELS } from '../../probe/image/limits.js';
import { guardOrphanedPdfJsRejections } from '../../probe/pdf/text.js';
import { fullPageJpegOf, parsePdfForJpegs, type FullPageJpeg, type ParsedPdf } from './page-jpeg.js';
import { straightenPhotoPage } from './photo-page.js';
import type { OcrPhotoPage } from './types.js';

/**
 * Turning untrusted pages into greyscale PNGs for recognition, with hard
 * limits: this runs inside a page worker (worker thread with memory limits),
 * never on the main thread.
 */

/**
 * pdf.js decodes JPEG pages with `ArrayBuffer.prototype.transferToFixedLength`
 * (Node 21+); on Node 20 the page would silently render blank. A copy does
 * what pdf.js needs from it.
 */
export function ensureTransferToFixedLength(): void {
  const proto = ArrayBuffer.prototype as ArrayBuffer & { transferToFixedLength?: (length?: number) => ArrayBuffer };
  if (typeof proto.transferToFixedLength === 'function') return;
  Object.defineProperty(proto, 'transferToFixedLength', {
    configurable: true, writable: true,
    value(this: ArrayBuffer, length?: number): ArrayBuffer {
      const out = new ArrayBuffer(length ?? this.byteLength);
      new Uint8Array(out).set(new Uint8Array(this, 0, Math.min(this.byteLength, out.byteLength)));
      return out;
    },
  });
}

const requireFromHere = createRequire(import.meta.url);
const standardFontFiles = new Map<string, Promise<Uint8Array>>();

/**
 * pdf.js draws the 14 standard fonts (Helvetica, Times, Courier: used, not
 * embedded, by many hospital systems' PDFs) from font files unpdf does not
 * ship, so without this a page renders with no text. Noto Sans (already a
 * dependency, OFL) stands in for all of them, read from node_modules, never
 * fetched (Noto Sans Mono for Courier): pdf.js still places each glyph by the standard font's widths.
 */
class StandardFontsFromNoto {
  async fetch({ kind, filename }: { kind: string; filename: string }): Promise<Uint8Array> {
    if (kind !== 'standardFontDataUrl') throw new Error(`no ${kind} data offline: ${filename}`);
    const weight = /bold/i.test(filename) ? '700Bold' : '400Regular';
    // Courier (pdf.js asks for FoxitFixed*) needs a fixed-pitch face: a proportional one leaves gaps OCR reads as spaces inside words.
    const [pkg, face] = /fixed|courier/i.test(filename) ? ['noto-sans-mono', 'NotoSansMono'] : ['noto-sans', 'NotoSans'];
    const file = requireFromHere.resolve(`@expo-google-fonts/${pkg}/${weight}/${face}_${weight}.ttf`);
    let data = standardFontFiles.get(file);
    if (!data) standardFontFiles.set(file, (data = readFile(file).then((b) => new Uint8Array(b))));
    return data;
  }
}

/** pdf.js options for rendering untrusted pages offline: no eval, no system or fetched fonts, errors only, go on past damage. */
export function pdfJsRenderOptions(): Parameters<typeof getDocumentProxy>[1] {
  return {
    verbosity: 0, isEvalSupported: false, stopAtErrors: false, useSystemFonts: false, useWorkerFetch: false,
    BinaryDataFactory: StandardFontsFromNoto,
  } as Parameters<typeof getDocumentProxy>[1];
}

/** No page image is made larger than this: 300 dpi A3 is ~17 Mpx, a decompression bomb is far more. */
export const MAX_PAGE_PIXELS = 40_000_000;
/** Source images above this are refused before decoding (a 30000x30000 PNG is 900 Mpx): the probe's cap, so what it lets through OCR can read. */
export const MAX_INPUT_PIXELS = MAX_IMAGE_PIXELS;

export interface PageImage {
  /**
   * The page as an image file both tesseract (Leptonica) and sharp read:
   * PNG for photos; binary PGM (8-bit greyscale, no compression) for rendered
   * PDF pages, which skips a PNG encode and decode of ~9 Mpx per page.
   */
  png: Buffer;
  width: number;
  height: number;
  dpi: number;
  /** Quarter turns applied from EXIF (photos). */
  exifRotation: 0 | 90 | 180 | 270;
  /** The picture carried an EXIF Orientation tag: it says which way is up, even when that is "as stored". */
  orientationTagged?: boolean;
  /** A photo whose sheet of paper was found and straightened (photo-page.ts); absent when left as it is. */
  photoPage?: OcrPhotoPage;
}

/** The dpi a page of `widthPt` x `heightPt` points can be rendered at without passing the pixel cap. */
export function cappedDpi(widthPt: number, heightPt: number, wantedDpi: number, maxPixels = MAX_PAGE_PIXELS): number {
  const pixelsAt = (dpi: number): number => (widthPt * dpi / 72) * (heightPt * dpi / 72);
  if (pixelsAt(wantedDpi) <= maxPixels) return wantedDpi;
  return Math.floor(Math.sqrt(maxPixels / pixelsAt(1)));
}

interface CanvasFactoryLike {
  create(width: number, height: number): { canvas: { width: number; height: number }; context: { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
  destroy(drawing: unknown): void;
}

type PdfPage = Awaited<ReturnType<Awaited<ReturnType<typeof getDocumentProxy>>['getPage']>>;

/**
 * Draw one pdf.js page on a `width` x `height` canvas and hand back its RGBA pixels; the page's
 * resources are released whatever happens. unpdf's canvas factory also installs the Path2D/ImageData
 * pdf.js draws with; its renderPageAsImage would PNG-encode the canvas.
 */
export async function renderPageRgba(page: PdfPage, viewport: ReturnType<PdfPage['getViewport']>, width: number, height: number): Promise<{ rgba: Uint8ClampedArray; width: number; height: number }> {
  const CanvasFactory = await createIsomorphicCanvasFactory(() => import('@napi-rs/canvas'));
  const factory = new CanvasFactory() as CanvasFactoryLike;
  const drawing = factory.create(width, height);
  try {
    await page.render({ canvas: drawing.canvas, canvasContext: drawing.context, viewport } as unknown as Parameters<typeof page.render>[0]).promise;
    const canvas = drawing.canvas;
    return { rgba: drawing.context.getImageData(0, 0, canvas.width, canvas.height).data, width: canvas.width, height: canvas.height };
  } finally {
    factory.destroy(drawing);
    page.cleanup();
  }
}

/** Binary PGM (P5) header + 8-bit grey pixels: read by Leptonica as is, no compression to undo. */
export function greyPgm(pixels: Buffer, width: number, height: number): Buffer {
  return Buffer.concat([Buffer.from(`P5\n${width} ${height}\n255\n`), pixels]);
}

/** The width, height and pixel offset of a binary PGM made by `greyPgm`, or undefined for any other bytes. */
function pgmLayout(bytes: Buffer): { width: number; height: number; offset: number } | undefined {
  const header = /^P5\n(\d+) (\d+)\n255\n/.exec(bytes.subarray(0, 40).toString('latin1'));
  if (!header) return undefined;
  return { width: Number(header[1]), height: Number(header[2]), offset: header[0].length };
}

/** sharp reading a page image: a PNG as a file, a PGM as raw grey pixels (sharp has no PGM loader). */
export function sharpOfPage(bytes: Buffer): Sharp {
  const pgm = pgmLayout(bytes);
  if (!pgm) return sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS });
  return sharp(bytes.subarray(pgm.offset), { raw: { width: pgm.width, height: pgm.height, channels: 1 }, limitInputPixels: MAX_INPUT_PIXELS });
}

/** One grey channel out of sharp, as a PGM: alpha dropped (the canvas renders RGBA), colour turned to luminance. */
async function toGreyPgm(pipeline: Sharp): Promise<{ pgm: Buffer; width: number; height: number }> {
  const { data, info } = await pipeline.flatten({ background: '#ffffff' }).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`expected one grey channel, got ${info.channels}`);
  return { pgm: greyPgm(data, info.width, info.height), width: info.width, height: info.height };
}

/** A smaller copy of a page image (PGM or PNG) for orientation detection, which needs no 300 dpi detail. */
export async function shrunkCopy(image: PageImage, factor: number): Promise<Buffer> {
  if (factor >= 1) return image.png;
  const { pgm } = await toGreyPgm(sharpOfPage(image.png).resize(Math.max(1, Math.round(image.width * factor))));
  return pgm;
}

/** Above this a PDF is not kept open between pages: a worker should not sit on a huge file. */
const MAX_KEPT_PDF_BYTES = 64 * 1024 * 1024;

interface OpenPdf { absPath: string; size: number; mtimeMs: number; bytes: Uint8Array; parsed: Promise<ParsedPdf | undefined> }

/**
 * The PDF this worker read last, kept open: a scan's pages come one after
 * another, and reading and parsing the whole file again for each page cost a
 * file's worth of memory and parse time per page (a 10-page scan, 10 times).
 * Only one file is kept, and only while it is unchanged on disk.
 */
let lastPdf: OpenPdf | undefined;

async function openPdf(absPath: string): Promise<OpenPdf> {
  const info = await stat(absPath);
  if (lastPdf && lastPdf.absPath === absPath && lastPdf.size === info.size && lastPdf.mtimeMs === info.mtimeMs) return lastPdf;
  lastPdf = undefined;
  const bytes = await readFile(absPath);
  const open: OpenPdf = { absPath, size: info.size, mtimeMs: info.mtimeMs, bytes, parsed: parsePdfForJpegs(bytes) };
  if (bytes.byteLength <= MAX_KEPT_PDF_BYTES) lastPdf = open;
  return open;
}

/**
 * Render one page (0-based) of a PDF at ~`dpi`, greyscale, as a PGM. The
 * canvas's RGBA pixels go to sharp raw (no PNG encode by the canvas), and the
 * pdf.js document is destroyed before returning, so a worker holds one page
 * image at a time.
 */
export async function renderPdfPage(absPath: string, pageIndex: number, dpi: number): Promise<PageImage> {
  const pdf = await openPdf(absPath);
  const parsed = await pdf.parsed;
  const scanned = parsed && fullPageJpegOf(parsed, pageIndex);
  if (scanned) {
    const decoded = await pageFromJpeg(scanned, dpi).catch(() => undefined);
    if (decoded) return decoded;
  }
  ensureTransferToFixedLength();
  guardOrphanedPdfJsRejections();
  // A copy: pdf.js may take over (detach) the bytes it is given, and the kept file must stay readable.
  const doc = await getDocumentProxy(new Uint8Array(pdf.bytes), pdfJsRenderOptions());
  try {
    if (pageIndex >= doc.numPages) throw new Error(`the PDF has no page ${pageIndex + 1}`);
    const page = await doc.getPage(pageIndex + 1);
    const unscaled = page.getViewport({ scale: 1 });
    const usedDpi = cappedDpi(unscaled.width, unscaled.height, dpi);
    const viewport = page.getViewport({ scale: usedDpi / 72 });
    const { rgba, width, height } = await renderPageRgba(page, viewport, viewport.width, viewport.height);
    const { pgm } = await toGreyPgm(sharp(Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength), { raw: { width, height, channels: 4 }, limitInputPixels: MAX_INPUT_PIXELS }));
    return { png: pgm, width, height, dpi: usedDpi, exifRotation: 0 };
  } finally {
    await doc.destroy();
  }
}

/**
 * A scanned page's own JPEG (page-jpeg.ts) decoded by sharp: no pdf.js
 * decode and canvas paint. Scaled down to `dpi` when scanned finer (and to the
 * pixel cap), never up: the scan holds no more detail than it has.
 */
async function pageFromJpeg(scanned: FullPageJpeg, dpi: number): Promise<PageImage> {
  const input = sharp(scanned.jpeg, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' });
  const meta = await input.metadata();
  if (!meta.width || !meta.height) throw new Error('the page image has no size');
  const scannedDpi = (meta.width * 72) / scanned.widthPt;
  const usedDpi = Math.min(scannedDpi, cappedDpi(scanned.widthPt, scanned.heightPt, dpi));
  const width = Math.max(1, Math.round((scanned.widthPt * usedDpi) / 72));
  const pipeline = width < meta.width * 0.95 ? input.resize(width, Math.max(1, Math.round((scanned.heightPt * usedDpi) / 72)), { fit: 'fill' }) : input;
  const { pgm, width: outWidth, height } = await toGreyPgm(pipeline);
  return { png: pgm, width: outWidth, height, dpi: (outWidth * 72) / scanned.widthPt, exifRotation: 0 };
}

/** The clockwise turn EXIF orientation asks for (mirrored orientations count as their turn). */
function exifTurn(orientation: number | undefined): 0 | 90 | 180 | 270 {
  if (orientation === 3 || orientation === 4) return 180;
  if (orientation === 5 || orientation === 6) return 90;
  if (orientation === 7 || orientation === 8) return 270;
  return 0;
}

/**
 * The picture for sharp: a file path as it is, or a HEIC/HEIF decoded
 * in-process to upright raw pixels (libheif applies irot/imir; no EXIF turn
 * remains, so exifRotation is 0 and nothing turns twice).
 */
async function openPicture(absPath: string): Promise<Sharp> {
  if (await fileIsHeif(absPath)) return sharpOfPhoto(await readFile(absPath), MAX_INPUT_PIXELS);
  return sharp(absPath, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', pages: 1 });
}

/** Decode a photo or picture: EXIF orientation applied, greyscale, shrunk to the pixel cap. */
export async function decodeImage(absPath: string): Promise<PageImage> {
  const input = await openPicture(absPath);
  const meta = await input.metadata();
  const sideways = (meta.orientation ?? 1) >= 5;
  const width = (sideways ? meta.height : meta.width) ?? 0;
  const height = (sideways ? meta.width : meta.height) ?? 0;
  if (!width || !height) throw new Error('the image has no size');
  const scale = Math.min(1, Math.sqrt(MAX_PAGE_PIXELS / (width * height)));
  let pipeline = input.rotate().greyscale();
  if (scale < 1) pipeline = pipeline.resize(Math.floor(width * scale), Math.floor(height * scale));
  const { data, info } = await pipeline.extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  // The page in a phone photo is found and flattened here, in the worker; a picture with no sure page is left as it is.
  const { image, found } = await straightenPhotoPage({ data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height }, MAX_PAGE_PIXELS);
  const png = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } }).extractChannel(0).png({ compressionLevel: 1 }).toBuffer();
  // Photos carry no meaningful dpi; 300 keeps a page-sized photo close to a scan for the text layer.
  const dpi = meta.density && meta.density >= 72 ? meta.density * scale : 300 * scale;
  const photoPage = found && { corners: found.corners.map((p) => ({ x: Math.round(p.x), y: Math.round(p.y) })), sourceWidth: info.width, sourceHeight: info.height };
  return { png, width: image.width, height: image.height, dpi, exifRotation: exifTurn(meta.orientation), orientationTagged: meta.orientation !== undefined, ...(photoPage ? { photoPage } : {}) };
}

/** Turn a page image clockwise by a quarter-turn multiple and/or a small angle (white fill); a PGM stays a PGM. */
export async function turnImage(image: PageImage, quarterTurns: 0 | 90 | 180 | 270, skewDegrees: number): Promise<PageImage> {
  if (quarterTurns === 0 && Math.abs(skewDegrees) < 0.3) return image;
  const isPgm = pgmLayout(image.png) !== undefined;
  let pipeline = sharpOfPage(image.png);
  if (quarterTurns) pipeline = pipeline.rotate(quarterTurns);
  if (Math.abs(skewDegrees) >= 0.3) pipeline = sharp(await pipeline.png({ compressionLevel: 0 }).toBuffer()).rotate(skewDegrees, { background: '#ffffff' });
  if (isPgm) {
    const { pgm, width, height } = await toGreyPgm(pipeline);
    return { ...image, png: pgm, width, height };
  }
  const { data, info } = await pipeline.greyscale().png({ compressionLevel: 1 }).toBuffer({ resolveWithObject: true });
  return { ...image, png: data, width: info.width, height: info.height };
}
