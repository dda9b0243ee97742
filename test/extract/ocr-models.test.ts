import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ocrCacheKey } from '../../src/extract/ocr/cache.js';
import { DEFAULT_ENGLISH_MODEL, englishModelOf, findModel, resolveModels } from '../../src/extract/ocr/models.js';
import type { OcrRequest } from '../../src/extract/ocr/types.js';

/** Which English OCR model reads a page (issue 10, speed): tessdata_fast shipped in assets/, best_int from npm. */

describe('English OCR model choice', () => {
  it('ships tessdata_fast with its licence and notice beside it, and best_int from npm', () => {
    const fast = findModel('eng', {}, 'fast');
    expect(fast && path.relative(process.cwd(), fast)).toBe(path.join('assets', 'tessdata-fast', 'eng.traineddata.gz'));
    expect(existsSync(path.join(path.dirname(fast!), 'LICENSE'))).toBe(true);
    expect(existsSync(path.join(path.dirname(fast!), 'NOTICE'))).toBe(true);
    expect(findModel('eng', {}, 'best')).toMatch(/@tesseract\.js-data[\\/]eng[\\/]4\.0\.0_best_int[\\/]eng\.traineddata\.gz$/);
  });

  it('takes CASEPACK_OCR_MODEL, and ignores a value it does not know', () => {
    expect(englishModelOf({ CASEPACK_OCR_MODEL: 'best' })).toBe('best');
    expect(englishModelOf({ CASEPACK_OCR_MODEL: ' FAST ' })).toBe('fast');
    expect(englishModelOf({ CASEPACK_OCR_MODEL: 'legacy' })).toBe(DEFAULT_ENGLISH_MODEL);
    expect(englishModelOf({})).toBe(DEFAULT_ENGLISH_MODEL);
    expect(resolveModels(['eng'], { CASEPACK_OCR_MODEL: 'fast' }).found[0]?.file).toBe(findModel('eng', {}, 'fast'));
  });

  it('keys the OCR cache by the English model, so a page read by one is not served for the other', () => {
    const request = (englishModel: 'fast' | 'best' | undefined): OcrRequest => ({
      relPath: 'scan.pdf', absPath: '/x/scan.pdf', contentHash: 'a'.repeat(64), kind: 'pdf-pages', pages: [0],
      settings: { languages: ['eng'], engine: 'tesseract.js', engineVersion: '6', renderDpi: 300, ...(englishModel ? { englishModel } : {}) },
    });
    expect(ocrCacheKey(request('fast'))).not.toBe(ocrCacheKey(request('best')));
    // Entries cached before the choice existed were read with best_int: their keys stay valid for it.
    expect(ocrCacheKey(request('best'))).toBe(ocrCacheKey(request(undefined)));
  });
});
