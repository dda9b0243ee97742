import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOcrEngine, type ExtractedText } from '../../src/extract/index.js';
import type { OcrEngine } from '../../src/extract/ocr/types.js';
import { scanCase } from '../../src/pipeline/scan.js';
import { makeReportPdf } from '../../tools/synth/report-pdf.js';
import { makeScanOfPdf } from '../../tools/synth/scan-writer.js';
import { makeTempDir } from '../support/tree.js';

/**
 * The real engine (tesseract.js in page workers), kept to two pages for
 * `npm test`: heavier OCR suites are in test/slow/.
 */

let dir: string;
let cleanup: () => Promise<void>;
let engine: OcrEngine;
beforeAll(async () => { ({ dir, cleanup } = await makeTempDir()); engine = createOcrEngine({ jobs: 1 }); });
afterAll(async () => { await engine.close(); await cleanup(); });

const OCR_TIMEOUT = 300_000;

describe('OCR engine on real pages', () => {
  it('reads a scanned pathology report put in sideways: turned upright, classified, dated from its text', async () => {
    const report = await makeReportPdf({
      title: 'Surgical Pathology Report',
      letterhead: { institution: 'Riverside General Hospital', department: 'Department of Pathology' },
      fields: [['Date of procedure', '14 March 2025'], ['Specimen', 'Left breast, core needle biopsy']],
      sections: [{ heading: 'Final diagnosis', blocks: ['Invasive ductal carcinoma, Nottingham grade 2.', 'Estrogen receptor positive. Margins clear of tumour.'] }],
    });
    // 200 dpi keeps the test quick; the slow suite covers 300 dpi.
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
  }, OCR_TIMEOUT);

  it('refuses an image bomb (a PNG whose header claims 30000x30000) as a finding, and the run goes on', async () => {
    const { bombPng } = await import('./bomb.js');
    const { dir: bombDir, cleanup: done } = await makeTempDir();
    try {
      await writeFile(path.join(bombDir, 'photo.png'), bombPng(30000, 30000));
      const scan = await scanCase(bombDir, { ocrEngine: engine });
      const failed = scan.findings.find((f) => f.code === 'OCR_PAGE_FAILED');
      expect(failed?.paths).toEqual(['photo.png']);
      expect(failed?.message).toMatch(/too large|pixel/i);
      expect(scan.files[0]?.textSource).toBeUndefined();
    } finally {
      await done();
    }
  }, OCR_TIMEOUT);
});
