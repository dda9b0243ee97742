import { copyFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOcrEngine, type ExtractedText } from '../../src/extract/index.js';
import type { OcrEngine } from '../../src/extract/ocr/types.js';
import { scanCase } from '../../src/pipeline/scan.js';
import { makeReportPdf } from '../../tools/synth/report-pdf.js';
import { makePhotoOfPdfPage, makeScanOfPdf } from '../../tools/synth/scan-writer.js';
import { surgicalPathologyReport } from '../support/ocr-report.js';
import { CORPUS_DIR, makeTempDir } from '../support/tree.js';

/** The real OCR engine on more pages than `npm test` can afford: 300 dpi skewed scans, phone photos, the public corpus scan. */

let engine: OcrEngine;
beforeAll(() => { engine = createOcrEngine(); });
afterAll(async () => { await engine.close(); });

const REPORT = surgicalPathologyReport();

describe('OCR on real pages (slow)', () => {
  it('the public corpus scanned PDF gets its text from OCR', async () => {
    const source = path.join(CORPUS_DIR, 'pdf', 'issue7229_scanned_image_only.pdf');
    if (!existsSync(source)) { console.warn(`SKIPPED: corpus file missing: ${source}`); return; }
    const { dir, cleanup } = await makeTempDir();
    try {
      await copyFile(source, path.join(dir, 'scan.pdf'));
      const scan = await scanCase(dir, { ocrEngine: engine, ocr: { maxPages: 1 } });
      expect(scan.files[0]?.textSource?.source).toBe('ocr');
      expect(scan.files[0]?.pdf?.text).toMatch(/inspection/i);
      // A Russian vehicle-inspection form read with the English model: not English, so the trained model stays out, and no rule names it.
      expect(scan.files[0]?.classification?.category).toBe('other');
    } finally { await cleanup(); }
  }, 600_000);

  it('a 300 dpi scan skewed 2 degrees is straightened and read', async () => {
    const { dir, cleanup } = await makeTempDir();
    try {
      await writeFile(path.join(dir, 'scan.pdf'), await makeScanOfPdf(await REPORT, { dpi: 300, skewDegrees: 2, noise: 0.15, jpegQuality: 75 }));
      const collected = new Map();
      const scan = await scanCase(dir, { ocrEngine: engine, collectText: collected, today: new Date('2026-01-01') });
      expect(scan.files[0]?.classification?.category).toBe('pathology-report');
      expect(scan.files[0]?.classification?.date?.date).toBe('2025-03-14');
      expect(Math.abs((collected.get('scan.pdf')?.ocr?.pages[0]?.skewDegrees ?? 0) - 2)).toBeLessThan(0.5);
    } finally { await cleanup(); }
  }, 600_000);

  it('a phone photo of the page, on a table, is read as the report', async () => {
    const { dir, cleanup } = await makeTempDir();
    try {
      await writeFile(path.join(dir, 'IMG_2041.jpg'), await makePhotoOfPdfPage(await REPORT, 0, { skewDegrees: -1.5 }));
      const scan = await scanCase(dir, { ocrEngine: engine, today: new Date('2026-01-01') });
      expect(scan.files[0]?.textSource?.source).toBe('ocr');
      expect(scan.files[0]?.classification?.category).toBe('pathology-report');
    } finally { await cleanup(); }
  }, 600_000);
  it('reads a scanned pathology report put in sideways: turned upright, classified, dated from its text', async () => {
    const report = await makeReportPdf({
      title: 'Surgical Pathology Report',
      letterhead: { institution: 'Riverside General Hospital', department: 'Department of Pathology' },
      fields: [['Date of procedure', '14 March 2025'], ['Specimen', 'Left breast, core needle biopsy']],
      sections: [{ heading: 'Final diagnosis', blocks: ['Invasive ductal carcinoma, Nottingham grade 2.', 'Estrogen receptor positive. Margins clear of tumour.'] }],
    });
    const { dir, cleanup } = await makeTempDir();
    try {
    await writeFile(path.join(dir, 'scan0001.pdf'), await makeScanOfPdf(report, { dpi: 200, rotation: 90, noise: 0.1, jpegQuality: 80 }));
    const collected = new Map<string, ExtractedText>();
    const scan = await scanCase(dir, { ocrEngine: engine, collectText: collected, today: new Date('2026-01-01') });
    const file = scan.files.find((f) => f.path === 'scan0001.pdf');
    expect(file?.textSource?.source).toBe('ocr');
    expect(file?.textSource?.meanConfidence).toBeGreaterThan(70);
    const page = collected.get('scan0001.pdf')?.ocr?.pages[0];
    // Scanned a quarter turn clockwise: a quarter turn anticlockwise (270 clockwise) puts it upright.
    expect(page?.rotation).toBe(270);
    expect(page && page.height > page.width).toBe(true);
    expect(file?.pdf?.text).toMatch(/invasive ductal carcinoma/i);
    expect(file?.classification?.category).toBe('pathology-report');
    expect(file?.classification?.date?.date).toBe('2025-03-14');
    // Word boxes lie inside the upright page image.
    for (const word of page?.words ?? []) expect(word.box.x1 <= page!.width && word.box.y1 <= page!.height).toBe(true);
    } finally { await cleanup(); }
  }, 600_000);

});
