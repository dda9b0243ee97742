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

export interface HardPhotoInfo {
  /** In-plane rotation of the page in the photo, degrees (up to 10 either way). */
  rotationDegrees: number;
  /** How far the phone was tilted off square to the page, degrees (5–12): the page's far edge comes out narrower and shorter. */
  keystoneDegrees: number;
  /** True when the far edge is the page's foot rather than its head. */
  footFar: boolean;
  /** Darkest share of light the hand/phone shadow takes away, 0–1. */
  shadowStrength: number;
  exifOrientation?: 6 | 8 | 3;
  jpegQuality: number;
}

/**
 * Camera distance over page height for the hard photo: a phone that fills
 * 80–90 % of its frame with an A4 page is about one page-height away.
 */
const HARD_PHOTO_DISTANCE = 0.95;

/** Wood grain: a base colour, wavy darker and lighter streaks, a few knots. Drawn, so it is seeded and has edges a page finder can mistake for paper. */
function drawTable(ctx: import('@napi-rs/canvas').SKRSContext2D, random: () => number, width: number, height: number): void {
  const base = [Math.round(between(random, 110, 175)), 0, 0];
  base[1] = Math.round(base[0]! * between(random, 0.7, 0.85));
  base[2] = Math.round(base[0]! * between(random, 0.45, 0.65));
  ctx.fillStyle = `rgb(${base[0]},${base[1]},${base[2]})`;
  ctx.fillRect(0, 0, width, height);
  const streaks = Math.round(between(random, 250, 400));
  for (let i = 0; i < streaks; i++) {
    const dark = random() < 0.65;
    const shift = dark ? -between(random, 15, 50) : between(random, 10, 35);
    ctx.strokeStyle = `rgba(${base.map((c) => Math.max(0, Math.min(255, Math.round(c + shift)))).join(',')},${between(random, 0.25, 0.7).toFixed(2)})`;
    ctx.lineWidth = between(random, 1, 9);
    const y0 = random() * height;
    const amplitude = between(random, 4, 40);
    const wavelength = between(random, 300, 1400);
    const phase = random() * Math.PI * 2;
    ctx.beginPath();
    for (let x = -20; x <= width + 20; x += 40) {
      const y = y0 + amplitude * Math.sin(phase + (x / wavelength) * Math.PI * 2);
      if (x === -20) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    }
    ctx.stroke();
  }
  const knots = Math.floor(between(random, 0, 4));
  for (let i = 0; i < knots; i++) {
    ctx.fillStyle = `rgba(${Math.round(base[0]! * 0.55)},${Math.round(base[1]! * 0.5)},${Math.round(base[2]! * 0.5)},0.6)`;
    ctx.beginPath();
    ctx.ellipse(random() * width, random() * height, between(random, 20, 70), between(random, 8, 25), 0, 0, Math.PI * 2);
    ctx.fill();
  }
}

/**
 * Draw the page as seen by a camera tilted `keystoneDegrees` about the page's
 * horizontal axis: a true perspective of the rows (far rows narrower and
 * closer together), in thin bands since a 2D canvas has no perspective transform.
 */
function drawInPerspective(ctx: import('@napi-rs/canvas').SKRSContext2D, page: import('@napi-rs/canvas').Image, width: number, height: number, keystoneDegrees: number, footFar: boolean): void {
  const theta = (keystoneDegrees * Math.PI) / 180;
  const distance = HARD_PHOTO_DISTANCE * height;
  // v: height above the page's centre along the sheet, positive towards the far edge.
  const project = (v: number): { y: number; scale: number } => {
    const scale = distance / (distance + v * Math.sin(theta));
    return { y: -v * Math.cos(theta) * scale, scale };
  };
  const band = 3;
  for (let y = 0; y < page.height; y += band) {
    const rows = Math.min(band, page.height - y);
    const toV = (row: number): number => (footFar ? -1 : 1) * (height / 2 - (row / page.height) * height);
    const top = project(toV(y));
    const bottom = project(toV(y + rows));
    const rowWidth = width * (top.scale + bottom.scale) / 2;
    const destTop = footFar ? -top.y : top.y;
    const destBottom = footFar ? -bottom.y : bottom.y;
    ctx.drawImage(page, 0, y, page.width, rows, -rowWidth / 2, Math.min(destTop, destBottom), rowWidth, Math.abs(destBottom - destTop) + 0.5);
  }
}

/** A soft shadow (a hand or the phone) over part of the frame: a polygon drawn tiny and scaled up, so its edge is a wide blur. */
function drawShadow(ctx: import('@napi-rs/canvas').SKRSContext2D, random: () => number, width: number, height: number, strength: number): void {
  const small = createCanvas(Math.ceil(width / 32), Math.ceil(height / 32));
  const s = small.getContext('2d');
  s.fillStyle = '#ffffff';
  s.fillRect(0, 0, small.width, small.height);
  const grey = Math.round(255 * (1 - strength));
  s.fillStyle = `rgb(${grey},${grey},${grey})`;
  // From one edge of the frame into it, a third to a half of the way, with an uneven front.
  const edge = Math.floor(random() * 4);
  const reach = between(random, 0.3, 0.5);
  const points: Array<[number, number]> = [];
  const steps = 6;
  for (let i = 0; i <= steps; i++) {
    const along = i / steps;
    const depth = reach * between(random, 0.6, 1.2);
    points.push(edge === 0 ? [along, depth] : edge === 1 ? [1 - depth, along] : edge === 2 ? [along, 1 - depth] : [depth, along]);
  }
  const corners: Array<[number, number]> = edge === 0 ? [[1, 0], [0, 0]] : edge === 1 ? [[1, 1], [1, 0]] : edge === 2 ? [[1, 1], [0, 1]] : [[0, 1], [0, 0]];
  s.beginPath();
  for (const [i, [x, y]] of [...points, ...corners].entries()) {
    if (i === 0) s.moveTo(x * small.width, y * small.height);
    else s.lineTo(x * small.width, y * small.height);
  }
  s.closePath();
  s.fill();
  ctx.save();
  ctx.globalCompositeOperation = 'multiply';
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(small, 0, 0, width, height);
  ctx.restore();
}

/**
 * A harder phone photo of a rendered page (issue 10's `--photo hard`): the
 * phone tilted 5–12° off square (true perspective), the page turned up to 10°
 * in the frame, on a wood-grain table, half in a hand's soft shadow, light
 * falling off, soft, JPEG 60–85; EXIF orientation as `photographPage`.
 * Separate from `photographPage`, whose copies stay byte-identical for a seed.
 * `frame` is the photo's size in pixels (tests use a small one).
 */
export async function photographPageHard(png: Buffer, seed: number, frame: { width: number; height: number } = PHOTO_SIZE): Promise<{ jpeg: Buffer; info: HardPhotoInfo }> {
  const random = seededRandom(seed ^ 0x5eed);
  const rotationDegrees = Math.round(sign(random) * between(random, 0, 10) * 10) / 10;
  const keystoneDegrees = Math.round(between(random, 5, 12) * 10) / 10;
  const footFar = random() < 0.25;
  const shadowStrength = Math.round(between(random, 0.25, 0.5) * 100) / 100;
  const jpegQuality = Math.round(between(random, 60, 85));
  const { width, height } = frame;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  drawTable(ctx, random, width, height);
  const page = await loadImage(png);
  const pageWidth = width * between(random, 0.72, 0.86);
  const pageHeight = pageWidth * (page.height / page.width);
  ctx.save();
  const offset = width / PHOTO_SIZE.width;
  ctx.translate(width / 2 + offset * between(random, -80, 80), height / 2 + offset * between(random, -80, 80));
  ctx.rotate((rotationDegrees * Math.PI) / 180);
  ctx.shadowColor = 'rgba(0,0,0,0.5)';
  ctx.shadowBlur = 40;
  ctx.shadowOffsetX = between(random, -15, 15);
  ctx.shadowOffsetY = between(random, 5, 25);
  // The sheet's outline under the drawn page, so the shadow follows its perspective outline.
  ctx.fillStyle = '#fbfbf8';
  ctx.beginPath();
  const outline = perspectiveOutline(pageWidth, pageHeight, keystoneDegrees, footFar);
  outline.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
  ctx.closePath();
  ctx.fill();
  ctx.shadowBlur = 0;
  ctx.shadowColor = 'rgba(0,0,0,0)';
  drawInPerspective(ctx, page, pageWidth, pageHeight, keystoneDegrees, footFar);
  ctx.restore();
  drawShadow(ctx, random, width, height, shadowStrength);
  const light = ctx.createRadialGradient(width * random(), height * random(), 100, width / 2, height / 2, height * 0.9);
  light.addColorStop(0, 'rgb(255,255,245)');
  light.addColorStop(1, `rgb(${Math.round(between(random, 110, 160))},${Math.round(between(random, 105, 150))},100)`);
  ctx.save();
  ctx.globalCompositeOperation = 'multiply';
  ctx.fillStyle = light;
  ctx.fillRect(0, 0, width, height);
  ctx.restore();
  const composed = await canvas.encode('png');
  const r = random();
  const exifOrientation = r < 0.25 ? 6 : r < 0.33 ? 8 : r < 0.4 ? 3 : undefined;
  const storedTurn = { 6: 270, 8: 90, 3: 180 } as const;
  let image = sharp(composed).blur(between(random, 0.8, 1.6));
  if (exifOrientation) image = sharp(await image.rotate(storedTurn[exifOrientation]).png({ compressionLevel: 1 }).toBuffer()).withMetadata({ orientation: exifOrientation });
  const jpeg = await image.jpeg({ quality: jpegQuality }).toBuffer();
  return { jpeg, info: { rotationDegrees, keystoneDegrees, footFar, shadowStrength, exifOrientation, jpegQuality } };
}

/** The four corners of the page as `drawInPerspective` draws it (centred coordinates): head left, head right, foot right, foot left. */
export function perspectiveOutline(width: number, height: number, keystoneDegrees: number, footFar: boolean): Array<[number, number]> {
  const theta = (keystoneDegrees * Math.PI) / 180;
  const distance = HARD_PHOTO_DISTANCE * height;
  const at = (v: number): [number, number] => {
    const scale = distance / (distance + v * Math.sin(theta));
    return [(width / 2) * scale, -v * Math.cos(theta) * scale];
  };
  const far = at(height / 2);
  const near = at(-height / 2);
  const [headHalf, headY] = footFar ? [near[0], -near[1]] : far;
  const [footHalf, footY] = footFar ? [far[0], -far[1]] : near;
  return [[-headHalf, headY], [headHalf, headY], [footHalf, footY], [-footHalf, footY]];
}
