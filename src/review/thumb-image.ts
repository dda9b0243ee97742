import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { decodeHeif, fileIsHeif } from '../probe/image/decode.js';
import { MAX_IMAGE_PIXELS } from '../probe/image/limits.js';
import { encodeThumbnail } from './thumb-encode.js';
import type { Thumbnail } from './thumbnail-types.js';

/**
 * Photos and scanned pictures (JPEG, PNG, TIFF's first page, WebP, GIF, and
 * HEIC through libheif's wasm): upright by EXIF (HEIC by its own irot/imir),
 * refused above the probe's pixel cap before a pixel is decoded. Runs inside
 * a thumbnail worker only.
 */
export async function imageThumbnail(file: string, maxSide: number): Promise<Thumbnail> {
  if (await fileIsHeif(file)) {
    // Inside a worker decodeHeif decodes in place (the worker is already bounded), after the declared-size check.
    const pixels = await decodeHeif(new Uint8Array(await readFile(file)));
    const picture = sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: 4 }, limitInputPixels: MAX_IMAGE_PIXELS });
    return encodeThumbnail(picture, maxSide, 'jpeg');
  }
  const picture = sharp(file, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error', pages: 1 });
  const meta = await picture.metadata();
  // PNG keeps transparency and line art sharp; photos are far smaller as JPEG.
  const format = meta.hasAlpha || meta.format === 'png' || meta.format === 'gif' ? 'png' : 'jpeg';
  return encodeThumbnail(picture.rotate(), maxSide, format);
}
