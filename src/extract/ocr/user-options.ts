import { availableParallelism } from 'node:os';
import type { CaseFile } from '../../casefile/schema.js';
import type { OcrOptions } from './types.js';

export const DEFAULT_OCR_LANGUAGES: readonly string[] = ['eng'];

/** OCR on, English, one recognition per core, cached: what a run without OCR flags gets. */
export function defaultOcrOptions(): OcrOptions {
  return { enabled: true, languages: [...DEFAULT_OCR_LANGUAGES], jobs: availableParallelism(), cache: true };
}

/**
 * The options a case is read with: `--ocr-lang` wins over the case's
 * `ocrLanguages:`, which wins over the default. The pipeline calls this once
 * it has read casepack.yaml (the CLI cannot see it without a second read).
 */
export function ocrOptionsForCase(options: OcrOptions | undefined, caseFile: CaseFile | undefined): OcrOptions {
  const base = options ?? defaultOcrOptions();
  if (base.languagesGiven || !caseFile?.ocrLanguages?.length) return base;
  return { ...base, languages: [...caseFile.ocrLanguages] };
}
