import { PDFDocument } from '@cantoo/pdf-lib';
import sharp from 'sharp';
import { renderPdfPages } from './degrade.js';
import { seededRandom } from './random.js';

/**
 * The "scan writer": turns a born-digital PDF (one of our report writers')
 * into what families send: an image-only PDF like a scanner makes, or a phone
 * photo of a page. Used by the OCR tests and the OCR evaluation; the source
 * text is known, so recognition can be scored against it.
 */

export interface ScanLook {
  /** Raster resolution (default 300). */
  dpi?: number;
  /** Small skew, degrees, positive clockwise (default 0). */
  skewDegrees?: number;
  /** Page put in sideways or upside down: clockwise quarter turns (default 0). */
  rotation?: 0 | 90 | 180 | 270;
  /** Grain, 0 (none) to 1 (heavy); default 0. */
  noise?: number;
  /** JPEG quality 1–100 (default 85). */
  jpegQuality?: number;
  /** A phone photo: the page on a darker table, with margins around it. */
  photoBackground?: boolean;
  /** Seed for the noise, so fixtures are reproducible. */
  seed?: number;
}

/** Render page `pageIndex` (0-based) of a PDF to a PNG at `dpi`. */
export async function rasterisePdfPage(pdf: Uint8Array, pageIndex: number, dpi: number): Promise<Buffer> {
  const pages = await renderPdfPages(pdf, dpi, pageIndex + 1);
  const page = pages[pageIndex];
  if (!page) throw new Error(`the PDF has no page ${pageIndex + 1}`);
  return page;
}

async function addNoise(png: Buffer, amount: number, seed: number): Promise<Buffer> {
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  const random = seededRandom(seed);
  const spread = 80 * amount;
  for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, (data[i] ?? 0) + (random() - 0.5) * spread));
  return sharp(data, { raw: { width: info.width, height: info.height, channels: 1 } }).png().toBuffer();
}

/** Apply the look of a scan or photo to a page image; returns a JPEG. */
export async function scanLookOf(pagePng: Buffer, look: ScanLook = {}): Promise<Buffer> {
  let image = pagePng;
  if (look.noise) image = await addNoise(image, look.noise, look.seed ?? 1);
  let pipeline = sharp(image).flatten({ background: '#ffffff' });
  if (look.skewDegrees) pipeline = pipeline.rotate(look.skewDegrees, { background: '#ffffff' });
  image = await pipeline.png().toBuffer();
  if (look.photoBackground) {
    const meta = await sharp(image).metadata();
    const margin = Math.round((meta.width ?? 1000) * 0.08);
    // A slightly warm, uneven light on the page, and a table around it.
    image = await sharp(image).linear(0.92, 6).tint({ r: 250, g: 240, b: 225 })
      .extend({ top: margin, bottom: margin, left: margin, right: margin, background: { r: 96, g: 72, b: 52 } }).blur(0.6).png().toBuffer();
  }
  if (look.rotation) image = await sharp(image).rotate(look.rotation).png().toBuffer();
  return sharp(image).jpeg({ quality: look.jpegQuality ?? 85 }).toBuffer();
}

/** An image-only PDF of `pdf`'s pages as a scanner makes it: one JPEG per page, no text layer. */
export async function makeScanOfPdf(pdf: Uint8Array, look: ScanLook = {}, pages?: number[]): Promise<Uint8Array> {
  const source = await PDFDocument.load(pdf);
  const dpi = look.dpi ?? 300;
  const out = await PDFDocument.create({ updateMetadata: false });
  const indexes = pages ?? source.getPages().map((_, i) => i);
  for (const index of indexes) {
    const jpeg = await scanLookOf(await rasterisePdfPage(pdf, index, dpi), { ...look, seed: (look.seed ?? 1) + index });
    const image = await out.embedJpg(jpeg);
    // The page keeps the image's size at the scan's resolution (a sideways scan makes a landscape page).
    const width = (image.width / dpi) * 72;
    const height = (image.height / dpi) * 72;
    out.addPage([width, height]).drawImage(image, { x: 0, y: 0, width, height });
  }
  out.setCreator('Scanner');
  out.setProducer('casepack scan writer');
  return out.save({ useObjectStreams: false });
}

/** A phone photo (JPEG) of one page of `pdf`: background around the page by default. */
export async function makePhotoOfPdfPage(pdf: Uint8Array, pageIndex = 0, look: ScanLook = {}): Promise<Buffer> {
  return scanLookOf(await rasterisePdfPage(pdf, pageIndex, look.dpi ?? 200), { photoBackground: true, noise: 0.15, jpegQuality: 80, ...look });
}
