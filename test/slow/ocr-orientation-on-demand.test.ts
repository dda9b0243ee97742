import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOcrEngine, type ExtractedText } from '../../src/extract/index.js';
import type { OcrEngine } from '../../src/extract/ocr/types.js';
import { scanCase } from '../../src/pipeline/scan.js';
import { makeScanOfPdf } from '../../tools/synth/scan-writer.js';
import { surgicalPathologyReport } from '../support/ocr-report.js';
import { makeTempDir } from '../support/tree.js';

/**
 * Orientation detection (OSD) only when the page needs it (issue 10, speed):
 * a scan read upright with sure words is taken as it is, with no OSD; an
 * upside-down scan reads as weak gibberish, so OSD runs and the page is read
 * turned. What ran is recorded on the page (`orientationDetected`), not timed.
 */

let engine: OcrEngine;
beforeAll(() => { engine = createOcrEngine({ jobs: 2 }); });
afterAll(async () => { await engine.close(); });

const REPORT = surgicalPathologyReport();

describe('OCR checks orientation only when the page needs it (slow)', () => {
  it('reads an upright scan without OSD and an upside-down scan upright after OSD', async () => {
    const { dir, cleanup } = await makeTempDir();
    try {
      await writeFile(path.join(dir, 'upright.pdf'), await makeScanOfPdf(await REPORT, { dpi: 200, noise: 0.1, jpegQuality: 80 }));
      await writeFile(path.join(dir, 'upside-down.pdf'), await makeScanOfPdf(await REPORT, { dpi: 200, rotation: 180, noise: 0.1, jpegQuality: 80, seed: 7 }));
      const collected = new Map<string, ExtractedText>();
      const scan = await scanCase(dir, { ocrEngine: engine, collectText: collected, today: new Date('2026-01-01') });

      const upright = collected.get('upright.pdf')?.ocr?.pages[0];
      expect(upright?.orientationDetected).toBe(false);
      expect(upright?.rotation).toBe(0);
      expect(upright?.text).toMatch(/invasive ductal carcinoma/i);

      const turned = collected.get('upside-down.pdf')?.ocr?.pages[0];
      expect(turned?.orientationDetected).toBe(true);
      expect(turned?.rotation).toBe(180);
      expect(turned?.meanConfidence).toBeGreaterThan(70);
      const file = scan.files.find((f) => f.path === 'upside-down.pdf');
      expect(file?.pdf?.text).toMatch(/invasive ductal carcinoma/i);
      expect(file?.classification?.category).toBe('pathology-report');
      expect(file?.classification?.date?.date).toBe('2025-03-14');
    } finally { await cleanup(); }
  }, 600_000);
});
