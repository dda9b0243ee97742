import { PDFDocument } from '@cantoo/pdf-lib';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import sharp from 'sharp';
import { getDocumentProxy, renderPageAsImage } from 'unpdf';
import { ensureTransferToFixedLength, pdfJsRenderOptions } from '../../src/extract/ocr/raster.js';
import { seededRandom } from './random.js';
import { SYNTH_DEFAULT_DATE } from './report-pdf.js';

/**
 * Degraded copies of born-digital PDFs, the way families send them: image-only
 * "clinic scans" (greyscale, skewed, speckled, JPEG-compressed, some pages
 * upside down or sideways) and "phone photos" of the first page (tilted and
 * keystoned, on a table, unevenly lit, some with an EXIF orientation tag).
 * Used by the OCR evaluation (tools/eval/ocr) and the OCR benchmark.
 *
 * Deterministic: the same input and seed give the same bytes (seeded random
 * numbers, fixed PDF dates). Named degrade.ts so it does not clash with the
 * OCR engine's own scan writer.
 */


const between = (random: () => number, low: number, high: number): number => low + (high - low) * random();
const sign = (random: () => number): number => (random() < 0.5 ? -1 : 1);

/** A stable seed from a name, so each document gets its own degradations. */
export function seedFromName(name: string, salt = 0): number {
  let hash = 2166136261 ^ salt;
  for (const char of name) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
  return hash >>> 0;
}

/** Render a PDF's pages (first `maxPages`) to PNG at `dpi`, through pdf.js and @napi-rs/canvas. */
export async function renderPdfPages(pdf: Uint8Array, dpi: number, maxPages = Infinity): Promise<Buffer[]> {
  ensureTransferToFixedLength();
  const doc = await getDocumentProxy(new Uint8Array(pdf), pdfJsRenderOptions());
  const pages: Buffer[] = [];
  try {
    const last = Math.min(doc.numPages, maxPages);
    for (let page = 1; page <= last; page++) {
      const png = await renderPageAsImage(doc, page, { canvasImport: () => import('@napi-rs/canvas'), scale: dpi / 72 });
      pages.push(Buffer.from(png));
    }
  } finally {
    await doc.destroy();
  }
  return pages;
}

export type QuarterTurn = 0 | 90 | 180 | 270;

export interface ScanPageInfo {
  /** Small skew applied, degrees (positive: clockwise). */
  skewDegrees: number;
  /** Quarter turn applied clockwise (a page fed sideways or upside down). */
  quarterTurn: QuarterTurn;
  jpegQuality: number;
  specks: number;
}

/** One in six pages upside down, one in ten sideways, the rest upright: a feeder's share of mistakes. */
function pickQuarterTurn(random: () => number): QuarterTurn {
  const r = random();
  if (r < 1 / 6) return 180;
  if (r < 1 / 6 + 0.05) return 90;
  if (r < 1 / 6 + 0.1) return 270;
  return 0;
}

/** Dark and light specks over a greyscale page: dust on the glass and toner dropouts. */
async function speckle(grey: Buffer, random: () => number): Promise<{ image: Buffer; specks: number }> {
  const { data, info } = await sharp(grey).removeAlpha().extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  const specks = Math.round((info.width * info.height) / between(random, 6000, 15000));
  for (let i = 0; i < specks; i++) {
    const x = Math.floor(random() * info.width);
    const y = Math.floor(random() * info.height);
    const dark = random() < 0.7;
    const size = random() < 0.2 ? 2 : 1;
    for (let dy = 0; dy < size && y + dy < info.height; dy++) {
      for (let dx = 0; dx < size && x + dx < info.width; dx++) {
        data[(y + dy) * info.width + x + dx] = dark ? Math.floor(between(random, 20, 110)) : 255;
      }
    }
  }
  const image = await sharp(data, { raw: { width: info.width, height: info.height, channels: 1 } }).png({ compressionLevel: 1 }).toBuffer();
  return { image, specks };
}

/** A clinic scan of one rendered page: greyscale, skewed, speckled, maybe turned, JPEG. */
export async function degradeScanPage(png: Buffer, random: () => number, options: { allowTurn?: boolean } = {}): Promise<{ jpeg: Buffer; info: ScanPageInfo }> {
  const skewDegrees = Math.round(sign(random) * between(random, 0.5, 3) * 100) / 100;
  const quarterTurn = options.allowTurn === false ? 0 : pickQuarterTurn(random);
  const jpegQuality = Math.round(between(random, 60, 85));
  const grey = await sharp(png)
    .flatten({ background: '#ffffff' })
    .greyscale()
    .linear(between(random, 0.85, 1), between(random, 0, 12))
    .rotate(skewDegrees, { background: '#f4f4f4' })
    .png({ compressionLevel: 1 })
    .toBuffer();
  const { image, specks } = await speckle(grey, random);
  const turned = quarterTurn === 0 ? sharp(image) : sharp(image).rotate(quarterTurn);
  const jpeg = await turned.blur(0.5).jpeg({ quality: jpegQuality, chromaSubsampling: '4:2:0' }).toBuffer();
  return { jpeg, info: { skewDegrees, quarterTurn, jpegQuality, specks } };
}

/** Wrap page JPEGs into an image-only PDF, each page sized so the image is at `dpi`. */
export async function imagesToPdf(jpegs: Buffer[], dpi: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setProducer('casepack synthetic scan');
  doc.setCreator('casepack synthetic scan');
  doc.setCreationDate(SYNTH_DEFAULT_DATE);
  doc.setModificationDate(SYNTH_DEFAULT_DATE);
  for (const jpeg of jpegs) {
    const image = await doc.embedJpg(jpeg);
    const width = (image.width * 72) / dpi;
    const height = (image.height * 72) / dpi;
    doc.addPage([width, height]).drawImage(image, { x: 0, y: 0, width, height });
  }
  return doc.save({ useObjectStreams: false });
}

export interface ScanCopy {
  pdf: Uint8Array;
  pages: ScanPageInfo[];
  /** The page JPEGs inside the PDF, for an OCR run that skips PDF rendering. */
  jpegs: Buffer[];
}

/** An image-only scan of a born-digital PDF at `dpi` (300 or 200 in the evaluation). */
export async function scanCopy(pdf: Uint8Array, options: { dpi: number; seed: number; maxPages?: number }): Promise<ScanCopy> {
  const random = seededRandom(options.seed);
  const rendered = await renderPdfPages(pdf, options.dpi, options.maxPages);
  const jpegs: Buffer[] = [];
  const pages: ScanPageInfo[] = [];
  for (const png of rendered) {
    const { jpeg, info } = await degradeScanPage(png, random);
    jpegs.push(jpeg);
    pages.push(info);
  }
  return { pdf: await imagesToPdf(jpegs, options.dpi), pages, jpegs };
}

export interface PhotoInfo {
  /** In-plane tilt of the page in the photo, degrees. */
  tiltDegrees: number;
  /** Keystone: how much narrower the far edge of the page is, 0–1. */
  keystone: number;
  /** EXIF Orientation written (6: pixels stored sideways, a viewer turns them), or none. */
  exifOrientation?: 6 | 8 | 3;
  jpegQuality: number;
}

/** Pixels of the simulated phone photo (8 MP, portrait). */
export const PHOTO_SIZE = { width: 2448, height: 3264 } as const;

/** Draw the page keystoned (far edge narrower) as thin horizontal bands, since a 2D canvas has no perspective transform. */
function drawKeystoned(ctx: import('@napi-rs/canvas').SKRSContext2D, page: import('@napi-rs/canvas').Image, width: number, height: number, keystone: number): void {
  const band = 3;
  for (let y = 0; y < page.height; y += band) {
    const rows = Math.min(band, page.height - y);
    const farness = 1 - y / page.height;
    const rowWidth = width * (1 - keystone * farness);
    const destY = (y / page.height) * height;
    ctx.drawImage(page, 0, y, page.width, rows, -rowWidth / 2, destY - height / 2, rowWidth, (rows / page.height) * height + 0.5);
  }
}

/** Table under the page, then the page, then light falling off from one side. */
async function composePhoto(png: Buffer, random: () => number, tiltDegrees: number, keystone: number): Promise<Buffer> {
  const { width, height } = PHOTO_SIZE;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  const table = ctx.createLinearGradient(0, 0, width, height);
  const shade = Math.round(between(random, 90, 160));
  table.addColorStop(0, `rgb(${shade}, ${shade - 20}, ${shade - 45})`);
  table.addColorStop(1, `rgb(${shade - 40}, ${shade - 55}, ${shade - 70})`);
  ctx.fillStyle = table;
  ctx.fillRect(0, 0, width, height);
  const page = await loadImage(png);
  const pageWidth = width * between(random, 0.8, 0.9);
  const pageHeight = pageWidth * (page.height / page.width);
  ctx.save();
  ctx.translate(width / 2 + between(random, -60, 60), height / 2 + between(random, -60, 60));
  ctx.rotate((tiltDegrees * Math.PI) / 180);
  // One shadow under the whole sheet: a shadow per band would cost seconds.
  ctx.shadowColor = 'rgba(0,0,0,0.45)';
  ctx.shadowBlur = 30;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(-pageWidth / 2, -pageHeight / 2, pageWidth, pageHeight);
  ctx.shadowBlur = 0;
  ctx.shadowColor = 'rgba(0,0,0,0)';
  drawKeystoned(ctx, page, pageWidth, pageHeight, keystone);
  ctx.restore();
  const light = ctx.createRadialGradient(width * random(), height * random() * 0.5, 100, width / 2, height / 2, height);
  light.addColorStop(0, 'rgb(255,255,250)');
  light.addColorStop(1, `rgb(${Math.round(between(random, 120, 170))},${Math.round(between(random, 115, 160))},110)`);
  ctx.globalCompositeOperation = 'multiply';
  ctx.fillStyle = light;
  ctx.fillRect(0, 0, width, height);
  return canvas.encode('png');
}

/**
 * A phone photo of a rendered page (render it at about 300 dpi): tilted,
 * keystoned, on a table, unevenly lit, slightly soft, JPEG; one in three is
 * stored sideways with an EXIF Orientation tag the way phones do.
 */
export async function photographPage(png: Buffer, seed: number): Promise<{ jpeg: Buffer; info: PhotoInfo }> {
  const random = seededRandom(seed);
  const tiltDegrees = Math.round(sign(random) * between(random, 1, 6) * 10) / 10;
  const keystone = Math.round(between(random, 0.02, 0.08) * 1000) / 1000;
  const jpegQuality = Math.round(between(random, 70, 90));
  const composed = await composePhoto(png, random, tiltDegrees, keystone);
  const r = random();
  const exifOrientation = r < 0.25 ? 6 : r < 0.33 ? 8 : r < 0.4 ? 3 : undefined;
  // Stored pixels are turned against the tag, so a viewer that honours it shows the page upright.
  const storedTurn = { 6: 270, 8: 90, 3: 180 } as const;
  let image = sharp(composed).blur(between(random, 0.6, 1.2));
  if (exifOrientation) image = sharp(await image.rotate(storedTurn[exifOrientation]).png({ compressionLevel: 1 }).toBuffer()).withMetadata({ orientation: exifOrientation });
  const jpeg = await image.jpeg({ quality: jpegQuality }).toBuffer();
  return { jpeg, info: { tiltDegrees, keystone, exifOrientation, jpegQuality } };
}
