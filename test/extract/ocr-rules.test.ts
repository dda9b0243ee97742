import { describe, expect, it } from 'vitest';
import { pdfNeedsOcr, pictureMayBeDocument, textLayerUsable } from '../../src/extract/ocr/decide.js';
import { cappedDpi, MAX_PAGE_PIXELS } from '../../src/extract/ocr/raster.js';
import { resolveModels } from '../../src/extract/ocr/models.js';
import type { FileEntry } from '../../src/model/scan.js';
import { extractCase } from '../../src/extract/index.js';

const REPORT = 'SURGICAL PATHOLOGY REPORT\nSpecimen: left breast, core biopsy.\nFinal diagnosis: invasive ductal carcinoma, grade 2. Margins clear.';

const pdf = (text: string | undefined, pages = 1, more: Partial<NonNullable<FileEntry['pdf']>> = {}): FileEntry => ({
  path: 'a.pdf', size: 1, mtimeMs: 0, family: 'pdf',
  pdf: { pages, encrypted: false, needsPassword: false, damaged: false, hasText: !!text, headerOffset: 0, textChars: text?.length ?? 0, ...(text ? { text } : {}), ...more },
});

describe('textLayerUsable: is a PDF\'s text layer worth reading, or is it a scan to OCR?', () => {
  it('takes a real report\'s layer', () => expect(textLayerUsable(REPORT, 1)).toBe(true));
  it('refuses no layer, an empty one, and a scanner\'s page stamp', () => {
    expect(textLayerUsable(undefined, 1)).toBe(false);
    expect(textLayerUsable('   \n ', 1)).toBe(false);
    expect(textLayerUsable('Scanned 2025-03-14 10:22  p. 1', 1)).toBe(false);
  });
  it('refuses junk: symbols and digits, or one-letter "words"', () => {
    expect(textLayerUsable('#$%&/()=?0123456789 '.repeat(20) + 'abc', 1)).toBe(false);
    expect(textLayerUsable('a b c d e f g h i j k l m n o p q r s t u v w x y z '.repeat(4), 1)).toBe(false);
  });
  it('asks for enough letters per page: one report line is not a 5-page layer', () => {
    expect(textLayerUsable(REPORT, 5)).toBe(false);
  });
});

describe('what the extraction stage sends to OCR', () => {
  it('PDFs without a usable layer, never ones that need a password or are damaged', () => {
    expect(pdfNeedsOcr(pdf(undefined), 5)).toBe(true);
    expect(pdfNeedsOcr(pdf(REPORT), 5)).toBe(false);
    expect(pdfNeedsOcr(pdf(undefined, 1, { needsPassword: true }), 5)).toBe(false);
    expect(pdfNeedsOcr(pdf(undefined, 1, { damaged: true }), 5)).toBe(false);
  });
  it('pictures big enough to be a page, whatever their name, HEIC too (decoded in-process), not icons', () => {
    const image = (path: string, width: number, height: number, format: 'jpeg' | 'heic' = 'jpeg'): FileEntry => ({ path, size: 1, mtimeMs: 0, family: 'image', image: { format, width, height } });
    expect(pictureMayBeDocument(image('IMG_0042.jpg', 3024, 4032))).toBe(true);
    expect(pictureMayBeDocument(image('icon.png', 64, 64))).toBe(false);
    expect(pictureMayBeDocument(image('MRI pelvis staging.jpg', 3024, 4032))).toBe(true);
    expect(pictureMayBeDocument(image('IMG_0043.heic', 3024, 4032, 'heic'))).toBe(true);
    expect(pictureMayBeDocument(image('IMG_0045.heic', 12000, 12000, 'heic'))).toBe(false);
  });
});

describe('bounded rendering', () => {
  it('renders A4 at 300 dpi, and a huge page at whatever dpi stays under the pixel cap', () => {
    expect(cappedDpi(595, 842, 300)).toBe(300);
    const dpi = cappedDpi(14400, 14400, 300); // a 200-inch page
    expect(dpi).toBeLessThan(300);
    expect((14400 * dpi / 72) ** 2).toBeLessThanOrEqual(MAX_PAGE_PIXELS);
  });
});

describe('OCR models: English shipped with casepack, others from tessdata folders, never downloaded', () => {
  it('finds the shipped English model and reports a language it cannot find', () => {
    const { found, missing } = resolveModels(['eng', 'zzz'], { CASEPACK_TESSDATA: '/nonexistent' });
    expect(found.map((f) => f.code)).toEqual(['eng']);
    // English ships with casepack: tessdata_fast in assets/ by default (best_int from npm on request: ocr-models.test.ts).
    expect(found[0]?.file).toMatch(/assets[/\\]tessdata-fast[/\\]eng\.traineddata\.gz$/);
    expect(missing).toEqual(['zzz']);
  });
  it('looks in CASEPACK_TESSDATA first', async () => {
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = await mkdtemp(path.join(tmpdir(), 'tessdata-'));
    await writeFile(path.join(dir, 'spa.traineddata'), 'model');
    expect(resolveModels(['spa'], { CASEPACK_TESSDATA: dir }).found).toEqual([{ code: 'spa', file: path.join(dir, 'spa.traineddata') }]);
    await rm(dir, { recursive: true });
  });
});

describe('--explain shows where the text came from', () => {
  it('says text layer, or OCR with engine, languages, confidence and the pages to check', async () => {
    const { textSourceLine } = await import('../../src/report/scan-text.js');
    expect(textSourceLine({ source: 'text-layer' })).toBe('text from the text layer');
    expect(textSourceLine({ source: 'ocr', engine: 'tesseract.js', engineVersion: '7.0.0', languages: ['eng', 'spa'], meanConfidence: 52, pagesRead: 2, lowConfidencePages: [1] }))
      .toBe('text read by OCR (tesseract.js 7.0.0, eng+spa), 2 pages, mean word confidence 52%; low confidence on page 2: check it');
    expect(textSourceLine(undefined)).toBeUndefined();
  });
});

describe('photos casepack cannot decode', () => {
  it('a HEIC photo is no longer reported just for being HEIC; one whose decoding fails gets PHOTO_FORMAT_NOT_READ, not OCR_PAGE_FAILED', async () => {
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = await mkdtemp(path.join(tmpdir(), 'heic-'));
    try {
      await writeFile(path.join(dir, 'IMG_0043.heic'), 'not really a HEIC');
      const files = (): FileEntry[] => [{ path: 'IMG_0043.heic', size: 1, mtimeMs: 0, family: 'image', image: { format: 'heic', width: 3024, height: 4032 } }];
      const absPathOf = (p: string): string => path.join(dir, p);
      expect((await extractCase(files(), { absPathOf, ocr: { enabled: false } })).findings).toEqual([]);
      const failing = { recognize: async () => ({ pages: [], failures: [{ pageIndex: 0, reason: 'HEIF processing error' }] }), close: async () => undefined };
      const { findings } = await extractCase(files(), { absPathOf, ocrEngine: failing as never });
      expect(findings.map((f) => f.code)).toEqual(['PHOTO_FORMAT_NOT_READ']);
      expect(findings[0]?.paths).toEqual(['IMG_0043.heic']);
      expect(findings[0]?.hint).toMatch(/Most Compatible/);
      expect(findings[0]?.hint).not.toMatch(/heif-convert/);
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});
