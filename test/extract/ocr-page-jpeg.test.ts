import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { fullPageJpeg } from '../../src/extract/ocr/page-jpeg.js';
import { renderPdfPage } from '../../src/extract/ocr/raster.js';
import { imagesToPdf } from '../../tools/synth/degrade.js';
import { makeReportPdf } from '../../tools/synth/report-pdf.js';
import { makeTempDir } from '../support/tree.js';

/** A scanned page that is one JPEG goes to sharp as it is, not through pdf.js (issue 10, speed and memory). */

const pageJpeg = (width: number, height: number): Promise<Buffer> =>
  sharp({ create: { width, height, channels: 3, background: '#f4f4f4' } }).jpeg({ quality: 80 }).toBuffer();

describe('full-page JPEG of a scanned PDF', () => {
  it('finds the JPEG of each page of an image-only scan, byte for byte', async () => {
    const jpegs = [await pageJpeg(850, 1100), await pageJpeg(1100, 850)];
    const pdf = await imagesToPdf(jpegs, 100);
    for (const [i, jpeg] of jpegs.entries()) {
      const found = await fullPageJpeg(pdf, i);
      expect(Buffer.from(found!.jpeg).equals(jpeg)).toBe(true);
      expect(found!.widthPt).toBeCloseTo((i === 0 ? 850 : 1100) * 0.72, 1);
    }
    expect(await fullPageJpeg(pdf, 2)).toBeUndefined();
  });

  it('leaves a born-digital page (text, no image) and damaged bytes to pdf.js', async () => {
    const report = await makeReportPdf({ title: 'Pathology Report', sections: [{ heading: 'Diagnosis', blocks: ['Benign.'] }] });
    expect(await fullPageJpeg(report, 0)).toBeUndefined();
    expect(await fullPageJpeg(new TextEncoder().encode('%PDF-1.7 not really'), 0)).toBeUndefined();
  });

  it('renders such a page at the resolution it was scanned at, at most the one asked for', async () => {
    const { dir, cleanup } = await makeTempDir();
    try {
      const file = path.join(dir, 'scan.pdf');
      await writeFile(file, await imagesToPdf([await pageJpeg(1275, 1650)], 150));
      const asScanned = await renderPdfPage(file, 0, 300);
      expect([asScanned.width, asScanned.height, Math.round(asScanned.dpi)]).toEqual([1275, 1650, 150]);
      const smaller = await renderPdfPage(file, 0, 100);
      expect([smaller.width, smaller.height, Math.round(smaller.dpi)]).toEqual([850, 1100, 100]);
    } finally { await cleanup(); }
  });
});
