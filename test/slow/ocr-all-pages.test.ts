import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createOcrEngine } from '../../src/extract/index.js';
import { scanLookOf, rasterisePdfPage } from '../../tools/synth/scan-writer.js';
import { imagesToPdf } from '../../tools/synth/degrade.js';
import { makeReportPdf } from '../../tools/synth/report-pdf.js';
import { makeTempDir } from '../support/tree.js';
import type { OcrRequest } from '../../src/extract/ocr/types.js';

/**
 * Real OCR of a 5-page scan (slow suite: ~5 pages of recognition): every page
 * gets its own text, also when the page workers are replaced mid-file, and a
 * cancelled run stops with every page reported as cancelled or read.
 */

const WORDS = ['Haematology', 'Radiology', 'Oncology', 'Pathology', 'Cardiology'];

async function fivePageScan(): Promise<Uint8Array> {
  const jpegs: Buffer[] = [];
  for (const [i, word] of WORDS.entries()) {
    const pdf = await makeReportPdf({ title: `${word} Department Letter`, sections: [{ heading: 'Summary', blocks: [`Page ${i + 1} of the ${word.toLowerCase()} letter. The patient was seen in clinic and is well.`] }] });
    jpegs.push(await scanLookOf(await rasterisePdfPage(pdf, 0, 300), { dpi: 300, seed: i + 1, skewDegrees: i % 2 ? 1.5 : -1 }));
  }
  return imagesToPdf(jpegs, 300);
}

function requestFor(absPath: string): OcrRequest {
  return {
    relPath: 'scan.pdf', absPath, contentHash: 'x'.repeat(64), kind: 'pdf-pages', pages: [0, 1, 2, 3, 4],
    settings: { languages: ['eng'], engine: 'tesseract.js', engineVersion: 'test', renderDpi: 300 },
  };
}

describe('OCR of every page of a scanned PDF (slow)', () => {
  it('reads all five pages, each its own text, with workers recycled after every two pages', async () => {
    const { dir, cleanup } = await makeTempDir();
    const engine = createOcrEngine({ jobs: 2, recyclePages: 2 });
    try {
      const file = path.join(dir, 'scan.pdf');
      await writeFile(file, await fivePageScan());
      const result = await engine.recognize(requestFor(file));
      expect(result.failures).toEqual([]);
      expect(result.pages.map((p) => p.pageIndex)).toEqual([0, 1, 2, 3, 4]);
      result.pages.forEach((page, i) => expect(page.text).toMatch(new RegExp(`${WORDS[i] ?? "?"} letter`, "i")));
    } finally { await engine.close(); await cleanup(); }
  }, 900_000);

  it('a cancelled run ends at once: no page is left hanging, the unread ones say cancelled', async () => {
    const { dir, cleanup } = await makeTempDir();
    const engine = createOcrEngine({ jobs: 1 });
    try {
      const file = path.join(dir, 'scan.pdf');
      await writeFile(file, await fivePageScan());
      const controller = new AbortController();
      const pending = engine.recognize(requestFor(file), controller.signal);
      setTimeout(() => controller.abort(), 500);
      const started = Date.now();
      const result = await pending;
      expect(Date.now() - started).toBeLessThan(60_000);
      expect(result.pages.length + result.failures.length).toBe(5);
      expect(result.failures.some((f) => f.reason === 'cancelled')).toBe(true);
    } finally { await engine.close(); await cleanup(); }
  }, 900_000);
});
