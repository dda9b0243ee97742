import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOcrEngine } from '../../src/extract/index.js';
import type { OcrEngine } from '../../src/extract/ocr/types.js';
import { scanCase } from '../../src/pipeline/scan.js';
import { makeTempDir } from '../support/tree.js';

/**
 * The real engine (tesseract.js in page workers) refusing a bomb, kept cheap
 * for `npm test`; pages actually read are in test/slow/ocr-real.test.ts (and
 * the demo case's photo is read by the e2e tests).
 */

let engine: OcrEngine;
beforeAll(() => { engine = createOcrEngine({ jobs: 1 }); });
afterAll(async () => { await engine.close(); });

const OCR_TIMEOUT = 300_000;

describe('OCR engine on real pages', () => {
  it('refuses an image bomb (a PNG whose header claims 30000x30000) as a finding, and the run goes on', async () => {
    const { bombPng } = await import('./bomb.js');
    const { dir: bombDir, cleanup: done } = await makeTempDir();
    try {
      await writeFile(path.join(bombDir, 'photo.png'), bombPng(30000, 30000));
      const scan = await scanCase(bombDir, { ocrEngine: engine });
      // Issue 13 (B1): refused from its header by the probe, so OCR never tries to decode it (it used to fail there, as OCR_PAGE_FAILED).
      const refused = scan.findings.find((f) => f.code === 'IMAGE_TOO_LARGE_TO_READ');
      expect(refused?.paths).toEqual(['photo.png']);
      expect(refused?.message).toMatch(/too large|larger|pixel/i);
      expect(scan.findings.map((f) => f.code)).not.toContain('OCR_PAGE_FAILED');
      expect(scan.files[0]?.textSource).toBeUndefined();
    } finally {
      await done();
    }
  }, OCR_TIMEOUT);
});
