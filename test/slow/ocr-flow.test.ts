import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { CheckFolderOptions } from '../../src/pipeline/check.js';
import type { ScanOptions } from '../../src/pipeline/scan.js';
import { runCliInProcess } from '../support/cli.js';

/**
 * The options each command hands the pipeline, recorded by spies that still
 * run the real pipeline (with the test run's shared OCR cache, so a flag like
 * --no-cache is recorded as given but the demo's photo is not read again).
 */
const seen = vi.hoisted(() => ({ scan: [] as ScanOptions[], check: [] as CheckFolderOptions[] }));

vi.mock('../../src/pipeline/scan.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/pipeline/scan.js')>();
  return { ...real, scanCase: (root: string, options: ScanOptions) => { seen.scan.push(options); return real.scanCase(root, { ...options, ...(options.ocr ? { ocr: { ...options.ocr, cache: true } } : {}) }); } };
});
vi.mock('../../src/pipeline/check.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/pipeline/check.js')>();
  return { ...real, checkCaseFolder: (root: string, options: CheckFolderOptions) => { seen.check.push(options); return real.checkCaseFolder(root, { ...options, ...(options.scan?.ocr ? { scan: { ...options.scan, ocr: { ...options.scan.ocr, cache: true } } } : {}) }); } };
});

const DEMO = path.resolve('fixtures/demo-case');

describe('OCR flags flow into ScanOptions.ocr', () => {
  it('scan', async () => {
    expect((await runCliInProcess(['scan', DEMO, '-q', '--ocr-lang', 'spa,eng', '--jobs', '3', '--no-cache'])).code).toBe(0);
    expect(seen.scan.at(-1)?.ocr).toMatchObject({ enabled: true, languages: ['spa', 'eng'], languagesGiven: true, jobs: 3, cache: false });
    expect((await runCliInProcess(['scan', DEMO, '-q', '--no-ocr'])).code).toBe(0);
    expect(seen.scan.at(-1)?.ocr).toMatchObject({ enabled: false, languages: ['eng'], cache: true });
    // Off a terminal no progress callback is attached at all.
    expect(seen.scan.at(-1)?.ocr?.onProgress).toBeUndefined();
  });

  it('check, and a batch sharing --jobs between cases', async () => {
    await runCliInProcess(['check', DEMO, '-q', '--ocr-lang', 'deu']);
    expect(seen.check.at(-1)?.scan?.ocr).toMatchObject({ languages: ['deu'], languagesGiven: true });
    seen.check.length = 0;
    await runCliInProcess(['check', DEMO, path.join(DEMO, 'Letters'), '-q', '--jobs', '4', '--concurrency', '2']);
    expect(seen.check.map((o) => o.scan?.ocr?.jobs)).toEqual([2, 2]);
  });

  it('build', async () => {
    await runCliInProcess(['build', DEMO, '--dry-run', '--json', '--no-ocr', '--jobs', '1']);
    expect(seen.check.at(-1)?.scan?.ocr).toMatchObject({ enabled: false, jobs: 1 });
  });
});
