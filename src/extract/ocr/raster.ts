import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { getDocumentProxy, renderPageAsImage } from 'unpdf';
import { guardOrphanedPdfJsRejections } from '../../probe/pdf/text.js';
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
/** Source images above this are refused before decoding (a 30000x30000 PNG is 900 Mpx). */
export const MAX_INPUT_PIXELS = 100_000_000;

export interface PageImage {
  png: Buffer;
  width: number;
  height: number;
  dpi: number;
  /** Quarter turns applied from EXIF (photos). */
  exifRotation: 0 | 90 | 180 | 270;
  /** A photo whose sheet of paper was found and straightened (photo-page.ts); absent when left as it is. */
  photoPage?: OcrPhotoPage;
}

/** The dpi a page of `widthPt` x `heightPt` points can be rendered at without passing the pixel cap. */
export function cappedDpi(widthPt: number, heightPt: number, wantedDpi: number, maxPixels = MAX_PAGE_PIXELS): number {
  const pixelsAt = (dpi: number): number => (widthPt * dpi / 72) * (heightPt * dpi / 72);
  if (pixelsAt(wantedDpi) <= maxPixels) return wantedDpi;
  return Math.floor(Math.sqrt(maxPixels / pixelsAt(1)));
}

/** Render one page (0-based) of a PDF at ~`dpi`, greyscale. */
export async function renderPdfPage(absPath: string, pageIndex: number, dpi: number): Promise<PageImage> {
  ensureTransferToFixedLength();
  guardOrphanedPdfJsRejections();
  const bytes = new Uint8Array(await readFile(absPath));
  const doc = await getDocumentProxy(bytes, pdfJsRenderOptions());
  try {
    if (pageIndex >= doc.numPages) throw new Error(`the PDF has no page ${pageIndex + 1}`);
    const page = await doc.getPage(pageIndex + 1);
    const viewport = page.getViewport({ scale: 1 });
    const usedDpi = cappedDpi(viewport.width, viewport.height, dpi);
    const rendered = await renderPageAsImage(doc, pageIndex + 1, { canvasImport: () => import('@napi-rs/canvas'), scale: usedDpi / 72 });
    const { data, info } = await sharp(Buffer.from(rendered), { limitInputPixels: MAX_INPUT_PIXELS })
      .greyscale().png({ compressionLevel: 1 }).toBuffer({ resolveWithObject: true });
    return { png: data, width: info.width, height: info.height, dpi: usedDpi, exifRotation: 0 };
  } finally {
    await doc.destroy();
  }
}

/** The clockwise turn EXIF orientation asks for (mirrored orientations count as their turn). */
function exifTurn(orientation: number | undefined): 0 | 90 | 180 | 270 {
  if (orientation === 3 || orientation === 4) return 180;
  if (orientation === 5 || orientation === 6) return 90;
  if (orientation === 7 || orientation === 8) return 270;
  return 0;
}

/** Decode a photo or picture: EXIF orientation applied, greyscale, shrunk to the pixel cap. */
export async function decodeImage(absPath: string): Promise<PageImage> {
  const input = sharp(absPath, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', pages: 1 });
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
  return { png, width: image.width, height: image.height, dpi, exifRotation: exifTurn(meta.orientation), ...(photoPage ? { photoPage } : {}) };
}

/** Turn a page image clockwise by a quarter-turn multiple and/or a small angle (white fill). */
export async function turnImage(image: PageImage, quarterTurns: 0 | 90 | 180 | 270, skewDegrees: number): Promise<PageImage> {
  if (quarterTurns === 0 && Math.abs(skewDegrees) < 0.3) return image;
  let pipeline = sharp(image.png, { limitInputPixels: MAX_INPUT_PIXELS });
  if (quarterTurns) pipeline = pipeline.rotate(quarterTurns);
  const turned = await pipeline.png({ compressionLevel: 1 }).toBuffer();
  let out = sharp(turned);
  if (Math.abs(skewDegrees) >= 0.3) out = out.rotate(skewDegrees, { background: '#ffffff' });
  const { data, info } = await out.greyscale().png({ compressionLevel: 1 }).toBuffer({ resolveWithObject: true });
  return { ...image, png: data, width: info.width, height: info.height };
}
