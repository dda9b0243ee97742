import { PageSizes, type PDFDocument } from '@cantoo/pdf-lib';

const MARGIN = 24;

/** A photo of a paper report becomes one A4 page, scaled to fit, turned to landscape when the photo is. */
export async function addImagePage(doc: PDFDocument, bytes: Uint8Array, format: 'jpeg' | 'png'): Promise<void> {
  const image = format === 'jpeg' ? await doc.embedJpg(bytes) : await doc.embedPng(bytes);
  const [a4w, a4h] = PageSizes.A4;
  const landscape = image.width > image.height;
  const [pageW, pageH] = landscape ? [a4h, a4w] : [a4w, a4h];
  const scale = Math.min((pageW - 2 * MARGIN) / image.width, (pageH - 2 * MARGIN) / image.height);
  const w = image.width * scale;
  const h = image.height * scale;
  const page = doc.addPage([pageW, pageH]);
  page.drawImage(image, { x: (pageW - w) / 2, y: (pageH - h) / 2, width: w, height: h });
}
