import { readFile, stat } from 'node:fs/promises';
import sharp from 'sharp';
import { createIsomorphicCanvasFactory, getDocumentProxy } from 'unpdf';
import { cappedDpi, ensureTransferToFixedLength, pdfJsRenderOptions } from '../extract/ocr/raster.js';
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

interface CanvasFactoryLike {
  create(width: number, height: number): { canvas: { width: number; height: number }; context: { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
  destroy(drawing: unknown): void;
}

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
    const CanvasFactory = await createIsomorphicCanvasFactory(() => import('@napi-rs/canvas'));
    const factory = new CanvasFactory() as CanvasFactoryLike;
    const drawing = factory.create(Math.max(1, Math.round(viewport.width)), Math.max(1, Math.round(viewport.height)));
    const { width, height } = drawing.canvas;
    let rgba: Uint8ClampedArray;
    try {
      await page.render({ canvas: drawing.canvas, canvasContext: drawing.context, viewport } as unknown as Parameters<typeof page.render>[0]).promise;
      rgba = drawing.context.getImageData(0, 0, width, height).data;
    } finally {
      factory.destroy(drawing);
      page.cleanup();
    }
    const picture = sharp(Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength), { raw: { width, height, channels: 4 } }).flatten({ background: '#ffffff' });
    return await encodeThumbnail(picture, maxSide, 'png');
  } finally {
    await doc.destroy();
  }
}
