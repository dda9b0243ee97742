import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOcrEngine, type ExtractedText } from '../../src/extract/index.js';
import type { OcrEngine } from '../../src/extract/ocr/types.js';
import { scanCase } from '../../src/pipeline/scan.js';
import { photographPage, renderPdfPages } from '../../tools/synth/degrade.js';
import { surgicalPathologyReport } from '../support/ocr-report.js';
import { makeTempDir } from '../support/tree.js';

/** A keystoned, tilted phone photo of a page on a table, read for real: the sheet is found, straightened and classified (issue 10). */

let engine: OcrEngine;
beforeAll(() => { engine = createOcrEngine(); });
afterAll(async () => { await engine.close(); });

describe('phone photo page finding (slow, real OCR)', () => {
  it('finds the sheet in a tilted, keystoned photo and reads it into the right category', async () => {
    const report = await surgicalPathologyReport();
    const [page] = await renderPdfPages(report, 300, 1);
    const { jpeg, info } = await photographPage(page!, 20_41);
    expect(Math.abs(info.tiltDegrees)).toBeGreaterThan(1);
    expect(info.keystone).toBeGreaterThan(0.02);
    const { dir, cleanup } = await makeTempDir();
    try {
      await writeFile(path.join(dir, 'IMG_2041.jpg'), jpeg);
      const collected = new Map<string, ExtractedText>();
      const scan = await scanCase(dir, { ocrEngine: engine, collectText: collected, today: new Date('2026-01-01') });
      const read = collected.get('IMG_2041.jpg')?.ocr?.pages[0];
      expect(read?.photoPage?.corners).toHaveLength(4);
      expect(scan.files[0]?.classification?.category).toBe('pathology-report');
      expect(read?.text).toMatch(/Invasive ductal carcinoma/i);
    } finally { await cleanup(); }
  }, 600_000);
});
