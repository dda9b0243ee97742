import { readFile, stat } from 'node:fs/promises';
import sharp from 'sharp';
import { getDocumentProxy } from 'unpdf';
import { cappedDpi, ensureTransferToFixedLength, pdfJsRenderOptions, renderPageRgba } from '../extract/ocr/raster.js';
import { PDF_FULL_READ_CAP } from '../probe/pdf/index.js';
import { findOversizedStream } from '../probe/pdf/streams.js';
import { guardOrphanedPdfJsRejections } from '../probe/pdf/text.js';
import { encodeThumbnail } from './thumb-encode.js';
import type { Thumbnail } from './thumbnail-types.js';

/**
 * A PDF's first page, drawn small in colour by pdf.js on @napi-rs/canvas
 * (OCR's renderer settings: no eval, no fetched fonts, standard fonts from
 * Noto). The probe's bomb checks come first: pdf.js inflates streams into
 * typed arrays outside the worker's heap limit, so a stream that inflates
 * past the probe's cap is never handed to it.
 */

export async function pdfThumbnail(file: string, maxSide: number): Promise<Thumbnail | null> {
  if ((await stat(file)).size > PDF_FULL_READ_CAP) return null;
  const bytes = new Uint8Array(await readFile(file));
  if (await findOversizedStream(bytes)) return null;
  ensureTransferToFixedLength();
  guardOrphanedPdfJsRejections();
  const doc = await getDocumentProxy(bytes, pdfJsRenderOptions());
  try {
    if (doc.numPages < 1) return null;
    const page = await doc.getPage(1);
    const unscaled = page.getViewport({ scale: 1 });
    if (!(unscaled.width > 0 && unscaled.height > 0)) return null;
    // The dpi that makes the longer side maxSide pixels, under OCR's page pixel cap (a page can declare any size).
    const dpi = cappedDpi(unscaled.width, unscaled.height, (72 * maxSide) / Math.max(unscaled.width, unscaled.height));
    const viewport = page.getViewport({ scale: dpi / 72 });
    const { rgba, width, height } = await renderPageRgba(page, viewport, Math.max(1, Math.round(viewport.width)), Math.max(1, Math.round(viewport.height)));
    const picture = sharp(Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength), { raw: { width, height, channels: 4 } }).flatten({ background: '#ffffff' });
    return await encodeThumbnail(picture, maxSide, 'png');
  } finally {
    await doc.destroy();
  }
}
