import { PageSizes, type PDFDocument, type PDFPage } from '../util/pdf-lib.js';
import { sharpOfPhoto } from '../probe/image/decode.js';
import type { Placement } from './text-layer.js';

const MARGIN = 24;
/** Long side of a photo as packed: sharp at 300 dpi on A4, small enough that 450 photos stay a sendable packet. */
const MAX_SIDE = 2500;
/** Decoding stops at this many pixels (a 30000x30000 bomb is refused, a 48 MP phone photo is not; HEIC stops at the probe's 100 Mpx cap). */
const MAX_INPUT_PIXELS = 120_000_000;

export interface UprightPhoto {
  jpeg: Uint8Array;
  width: number;
  height: number;
}

/**
 * A photo as a reviewer should see it: turned upright (the OCR page's
 * rotation when the photo was read, which already counts its EXIF
 * orientation; else the EXIF orientation alone), alpha flattened on white,
 * CMYK and 16-bit brought to 8-bit sRGB, at most MAX_SIDE pixels long, JPEG.
 * HEIC/HEIF is decoded in-process by libheif (wasm). Throws when the picture
 * cannot be decoded or is larger than the pixel cap.
 */
export async function uprightPhoto(bytes: Uint8Array, rotation?: 0 | 90 | 180 | 270): Promise<UprightPhoto> {
  let image = await sharpOfPhoto(bytes, MAX_INPUT_PIXELS);
  // An explicit angle ignores EXIF in sharp, so rotation from OCR is not applied on top of the EXIF turn.
  // A HEIC arrives as upright raw pixels (libheif applied irot/imir), with no EXIF left to turn it again.
  image = rotation === undefined ? image.autoOrient() : image.rotate(rotation);
  const { data, info } = await image
    .flatten({ background: '#ffffff' })
    .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
    .toColourspace('srgb')
    .jpeg({ quality: 85 })
    .toBuffer({ resolveWithObject: true });
  return { jpeg: new Uint8Array(data), width: info.width, height: info.height };
}

/** A photo of a paper report becomes one A4 page, scaled to fit, turned to landscape when the photo is. */
export async function addImagePage(doc: PDFDocument, photo: UprightPhoto): Promise<{ page: PDFPage; placement: Placement }> {
  const image = await doc.embedJpg(photo.jpeg);
  // Into the document now rather than at save: a streaming merge writes and drops each page's objects as it goes.
  await image.embed();
  const [a4w, a4h] = PageSizes.A4;
  const landscape = image.width > image.height;
  const [pageW, pageH] = landscape ? [a4h, a4w] : [a4w, a4h];
  const scale = Math.min((pageW - 2 * MARGIN) / image.width, (pageH - 2 * MARGIN) / image.height);
  const w = image.width * scale;
  const h = image.height * scale;
  const page = doc.addPage([pageW, pageH]);
  const x = (pageW - w) / 2, y = (pageH - h) / 2;
  page.drawImage(image, { x, y, width: w, height: h });
  return { page, placement: { x0: x, y0: y, x1: x + w, y1: y + h, turns: 0 } };
}
