import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { fullPageJpeg, fullPageJpegOf, parsePdfForJpegs } from '../../src/extract/ocr/page-jpeg.js';
import { renderPdfPage } from '../../src/extract/ocr/raster.js';
import { imagesToPdf } from '../../tools/synth/degrade.js';
import { makeTempDir } from '../support/tree.js';

/**
 * A page worker keeps the PDF it read last open (issue 10, memory): the pages
 * of one scan come one after another. Reusing it must never serve a page of
 * another file, or of the same file as it was before it changed.
 */

const pageJpeg = (width: number, height: number, grey: number): Promise<Buffer> =>
  sharp({ create: { width, height, channels: 3, background: { r: grey, g: grey, b: grey } } }).jpeg({ quality: 80 }).toBuffer();

const sizeOf = async (file: string, page: number): Promise<number[]> => {
  const image = await renderPdfPage(file, page, 300);
  return [image.width, image.height, Math.round(image.dpi)];
};

describe('a page worker reading a scan page after page', () => {
  it('finds the same page JPEGs from one parse as from a parse per page', async () => {
    const pdf = await imagesToPdf([await pageJpeg(850, 1100, 240), await pageJpeg(1100, 850, 200)], 100);
    const parsed = await parsePdfForJpegs(pdf);
    for (const page of [0, 1, 2]) {
      const once = parsed && fullPageJpegOf(parsed, page);
      const each = await fullPageJpeg(pdf, page);
      expect(once && Buffer.from(once.jpeg)).toEqual(each && Buffer.from(each.jpeg));
    }
  });

  it('reads every page of the file asked for, and the file again once it changed', async () => {
    const { dir, cleanup } = await makeTempDir();
    try {
      const first = path.join(dir, 'first.pdf');
      const second = path.join(dir, 'second.pdf');
      await writeFile(first, await imagesToPdf([await pageJpeg(850, 1100, 240), await pageJpeg(1100, 850, 240)], 100));
      await writeFile(second, await imagesToPdf([await pageJpeg(600, 800, 240)], 100));
      expect(await sizeOf(first, 0)).toEqual([850, 1100, 100]);
      expect(await sizeOf(first, 1)).toEqual([1100, 850, 100]);
      expect(await sizeOf(second, 0)).toEqual([600, 800, 100]);
      expect(await sizeOf(first, 1)).toEqual([1100, 850, 100]);
      // The same path, new content: a different size on disk, so the kept copy is not used.
      await writeFile(first, await imagesToPdf([await pageJpeg(1275, 1650, 240), await pageJpeg(1650, 1275, 240)], 150));
      expect(await sizeOf(first, 1)).toEqual([1650, 1275, 150]);
      await expect(renderPdfPage(first, 2, 300)).rejects.toThrow(/no page 3/);
    } finally { await cleanup(); }
  });
});
