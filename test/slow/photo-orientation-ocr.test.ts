import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOcrEngine } from '../../src/extract/index.js';
import type { OcrEngine } from '../../src/extract/ocr/types.js';
import { scanCase } from '../../src/pipeline/scan.js';
import { makeReportPdf } from '../../tools/synth/report-pdf.js';
import { makePhotoOfPdfPage } from '../../tools/synth/scan-writer.js';
import { makeTempDir } from '../support/tree.js';

/**
 * Photos taken with the phone turned are read by OCR as the upright page
 * (issue 14): JPEGs with EXIF orientations 3, 6 and 8, and the committed
 * iPhone HEIC (irot 3, plus the EXIF orientation 6 HEIF readers ignore).
 */

let engine: OcrEngine;
beforeAll(() => { engine = createOcrEngine({ jobs: 1 }); });
afterAll(async () => { await engine.close(); });

const REPORT = makeReportPdf({
  title: 'Surgical Pathology Report',
  letterhead: { institution: 'Riverside General Hospital', department: 'Department of Pathology' },
  fields: [['Date of procedure', '14 March 2025']],
  sections: [{ heading: 'Final diagnosis', blocks: ['Invasive ductal carcinoma, Nottingham grade 2. Margins clear of tumour.'] }],
});

describe('OCR reads turned phone photos upright (slow)', () => {
  it.each([3, 6, 8] as const)('a JPEG with EXIF orientation %i', async (orientation) => {
    const upright = await makePhotoOfPdfPage(await REPORT, 0, { dpi: 150, seed: orientation });
    const stored = await sharp(upright).rotate({ 3: 180, 6: 270, 8: 90 }[orientation]).jpeg({ quality: 85 }).withMetadata({ orientation }).toBuffer();
    const { dir, cleanup } = await makeTempDir();
    try {
      await writeFile(path.join(dir, 'IMG_0001.jpg'), stored);
      const collected = new Map();
      const scan = await scanCase(dir, { ocrEngine: engine, collectText: collected });
      expect(scan.files[0]?.image?.text).toMatch(/Surgical Pathology Report/i);
      expect(scan.files[0]?.classification?.category).toBe('pathology-report');
      // The page as read is portrait: OCR did not need a turn of its own beyond the EXIF one.
      const page = collected.get('IMG_0001.jpg')?.ocr?.pages[0];
      expect(page.height).toBeGreaterThan(page.width);
    } finally { await cleanup(); }
  }, 600_000);

  it('an iPhone HEIC photo of a letter', async () => {
    const { dir, cleanup } = await makeTempDir();
    try {
      await copyFile(path.join(import.meta.dirname, '../../fixtures/photos/demo-dietetic-letter.heic'), path.join(dir, 'IMG_4127.HEIC'));
      const scan = await scanCase(dir, { ocrEngine: engine });
      expect(scan.files[0]?.textSource?.source).toBe('ocr');
      expect(scan.files[0]?.image?.text).toMatch(/Dietetic Clinic Letter/i);
      expect(scan.files[0]?.image?.text).toMatch(/enzyme replacement/i);
      expect(scan.findings.map((f) => f.code)).not.toContain('PHOTO_FORMAT_NOT_READ');
    } finally { await cleanup(); }
  }, 600_000);
});
