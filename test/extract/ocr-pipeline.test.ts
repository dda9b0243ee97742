import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExtractedText } from '../../src/extract/index.js';
import type { OcrEngine, OcrRequest, OcrResult } from '../../src/extract/ocr/types.js';
import { scanCase } from '../../src/pipeline/scan.js';
import { makeReportPdf, makeScannedPdf } from '../../tools/synth/report-pdf.js';
import { makeTempDir } from '../support/tree.js';

/** An engine that "reads" a fixed report, so the pipeline's use of OCR is tested without the cost of recognition. */
class FakeEngine implements OcrEngine {
  requests: OcrRequest[] = [];
  closed = false;
  constructor(private readonly text: string, private readonly confidence = 91) {}
  recognize(request: OcrRequest): Promise<OcrResult> {
    this.requests.push(request);
    const pages = request.pages.map((pageIndex) => ({
      pageIndex, width: 2480, height: 3508, dpi: 300, rotation: 0 as const, skewDegrees: 0, text: this.text, meanConfidence: this.confidence,
      words: this.text.split(/\s+/).filter(Boolean).map((word, i) => ({ text: word, confidence: this.confidence, box: { x0: 10 * i, y0: 10, x1: 10 * i + 8, y1: 20 } })),
    }));
    return Promise.resolve({ pages, failures: [] });
  }
  close(): Promise<void> { this.closed = true; return Promise.resolve(); }
}

const PATHOLOGY = 'SURGICAL PATHOLOGY REPORT\nPatient: DOE, JANE  Date of birth: 02/11/1961\nDate of procedure: 14 March 2025\nSpecimen: left breast, core needle biopsy\nFINAL DIAGNOSIS\nInvasive ductal carcinoma, Nottingham grade 2. Estrogen receptor positive.';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => { ({ dir, cleanup } = await makeTempDir()); });
afterEach(async () => { await cleanup(); });

describe('scan with OCR (engine injected)', () => {
  it('reads an image-only PDF through OCR: classified and dated from its text, source recorded, words collected', async () => {
    await writeFile(path.join(dir, 'scan0001.pdf'), await makeScannedPdf({ pages: 2 }));
    const engine = new FakeEngine(PATHOLOGY);
    const collected = new Map<string, ExtractedText>();
    const scan = await scanCase(dir, { ocrEngine: engine, collectText: collected, today: new Date('2026-01-01') });
    const file = scan.files.find((f) => f.path === 'scan0001.pdf');
    expect(engine.requests).toHaveLength(1);
    expect(engine.requests[0]).toMatchObject({ kind: 'pdf-pages', pages: [0, 1], settings: { languages: ['eng'], engine: 'tesseract.js' } });
    expect(engine.requests[0]?.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(file?.textSource).toMatchObject({ source: 'ocr', engine: 'tesseract.js', languages: ['eng'], meanConfidence: 91, pagesRead: 2, lowConfidencePages: [] });
    expect(file?.classification?.category).toBe('pathology-report');
    expect(file?.classification?.date?.date).toBe('2025-03-14');
    expect(scan.findings.map((f) => f.code)).not.toContain('PDF_NO_TEXT');
    expect(collected.get('scan0001.pdf')?.ocr?.pages[0]?.words.length).toBeGreaterThan(10);
    // The engine given is the caller's: the scan does not close it.
    expect(engine.closed).toBe(false);
  });

  it('reads every page of a scanned PDF, not only the first ones (the packet\'s text layer needs them all)', async () => {
    await writeFile(path.join(dir, 'scan-long.pdf'), await makeScannedPdf({ pages: 5 }));
    const engine = new FakeEngine(PATHOLOGY);
    const collected = new Map<string, ExtractedText>();
    const scan = await scanCase(dir, { ocrEngine: engine, collectText: collected });
    expect(engine.requests[0]?.pages).toEqual([0, 1, 2, 3, 4]);
    expect(scan.files[0]?.textSource?.pagesRead).toBe(5);
    expect(collected.get('scan-long.pdf')?.ocr?.pages.map((p) => p.pageIndex)).toEqual([0, 1, 2, 3, 4]);
    expect(scan.findings.map((f) => f.code)).not.toContain('OCR_PAGE_LIMIT');
  });

  it('stops at the per-file page bound with a finding naming the pages left unread', async () => {
    await writeFile(path.join(dir, 'scan-long.pdf'), await makeScannedPdf({ pages: 5 }));
    const engine = new FakeEngine(PATHOLOGY);
    const scan = await scanCase(dir, { ocrEngine: engine, ocr: { maxPages: 3 } });
    expect(engine.requests[0]?.pages).toEqual([0, 1, 2]);
    const limit = scan.findings.find((f) => f.code === 'OCR_PAGE_LIMIT');
    expect(limit?.paths).toEqual(['scan-long.pdf']);
    expect(limit?.message).toContain('first 3 of 5');
  });

  it('leaves a born-digital PDF\'s text layer alone and records it as the source', async () => {
    await writeFile(path.join(dir, 'report.pdf'), await makeReportPdf({ title: 'Surgical Pathology Report', sections: [{ heading: 'Final diagnosis', blocks: ['Invasive ductal carcinoma of the left breast, grade 2, margins clear of tumour.'] }] }));
    const engine = new FakeEngine(PATHOLOGY);
    const scan = await scanCase(dir, { ocrEngine: engine });
    expect(engine.requests).toHaveLength(0);
    expect(scan.files[0]?.textSource).toEqual({ source: 'text-layer' });
  });

  it('names the patient from OCR text of a photo, so identity checks see it', async () => {
    const { writeJpeg } = await import('../../tools/synth/image-writer.js');
    await writeFile(path.join(dir, 'IMG_0042.jpg'), writeJpeg({ width: 1200, height: 1600 }));
    const scan = await scanCase(dir, { ocrEngine: new FakeEngine(PATHOLOGY) });
    const photo = scan.files.find((f) => f.path === 'IMG_0042.jpg');
    expect(photo?.textSource?.source).toBe('ocr');
    expect(photo?.classification?.category).toBe('pathology-report');
    expect(scan.findings.filter((f) => f.paths.includes('IMG_0042.jpg')).map((f) => f.code)).not.toContain('PHOTO_NEEDS_REVIEW');
    expect(photo?.identity?.source).toBe('ocr-text');
  });

  it('flags low-confidence OCR for a person to check', async () => {
    await writeFile(path.join(dir, 'scan.pdf'), await makeScannedPdf());
    const scan = await scanCase(dir, { ocrEngine: new FakeEngine(PATHOLOGY, 41) });
    expect(scan.files[0]?.textSource?.lowConfidencePages).toEqual([0]);
    expect(scan.findings.find((f) => f.code === 'OCR_LOW_CONFIDENCE')?.paths).toEqual(['scan.pdf']);
  });

  it('a missing language model is a finding; the run goes on with the languages it has, never a download', async () => {
    await writeFile(path.join(dir, 'scan.pdf'), await makeScannedPdf());
    const engine = new FakeEngine(PATHOLOGY);
    const scan = await scanCase(dir, { ocrEngine: engine, ocr: { languages: ['eng', 'qqq'] } });
    const missing = scan.findings.find((f) => f.code === 'OCR_LANGUAGE_MISSING');
    expect(missing?.hint).toMatch(/tesseract-ocr-qqq.*CASEPACK_TESSDATA/);
    expect(engine.requests[0]?.settings.languages).toEqual(['eng']);
    expect(scan.files[0]?.classification?.category).toBe('pathology-report');
  });

  it('with OCR off, behaves as before: PDF_NO_TEXT, no source, nothing recognised', async () => {
    await writeFile(path.join(dir, 'scan.pdf'), await makeScannedPdf());
    const engine = new FakeEngine(PATHOLOGY);
    const scan = await scanCase(dir, { ocrEngine: engine, ocr: { enabled: false } });
    expect(engine.requests).toHaveLength(0);
    expect(scan.files[0]?.textSource).toBeUndefined();
    expect(scan.findings.map((f) => f.code)).toContain('PDF_NO_TEXT');
  });
});
