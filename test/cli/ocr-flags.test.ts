import { CacheClearSchema, CacheInfoSchema } from '../../src/model/cache.js';
import { createHash } from 'node:crypto';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cachedOcrEngine } from '../../src/extract/ocr/cache.js';
import type { OcrEngine } from '../../src/extract/ocr/types.js';
import { ENGLISH_MODELS } from '../../src/extract/ocr/models.js';
import { formatTimeLeft, ocrOptionsFromFlags, ocrProgressReporter, withJobsShared } from '../../src/cli/ocr-flags.js';
import { Output, Spinner } from '../../src/cli/output.js';
import { runCliInProcess } from '../support/cli.js';
import { makeTempDir } from '../support/tree.js';

const DEMO = path.resolve('fixtures/demo-case');

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => { ({ dir, cleanup } = await makeTempDir()); });
afterEach(async () => { await cleanup(); });

describe('OCR flags as OcrOptions', () => {
  it('defaults: on, English, cached, one job per core', () => {
    const options = ocrOptionsFromFlags({ ocr: true, cache: true });
    expect(options).toMatchObject({ enabled: true, languages: ['eng'], cache: true });
    expect(options.jobs).toBeGreaterThanOrEqual(1);
    expect(options.languagesGiven).toBeUndefined();
  });

  it('reads eng+spa and eng,spa alike, marks them as given, drops repeats', () => {
    for (const text of ['eng+spa', 'eng,spa', 'eng+spa+eng']) {
      expect(ocrOptionsFromFlags({ ocrLang: text })).toMatchObject({ languages: ['eng', 'spa'], languagesGiven: true });
    }
    expect(ocrOptionsFromFlags({ ocrLang: 'chi_sim+chi_tra_vert+deu_latf+script/Latin' }).languages).toEqual(['chi_sim', 'chi_tra_vert', 'deu_latf', 'script/Latin']);
  });

  it('--no-ocr, --no-cache and --jobs', () => {
    expect(ocrOptionsFromFlags({ ocr: false, cache: false, jobs: '3' })).toMatchObject({ enabled: false, cache: false, jobs: 3 });
  });

  it('refuses malformed codes and job counts', () => {
    for (const ocrLang of ['english', 'EN', 'eng+../x', 'e n', '', '+', 'eng;rm']) expect(() => ocrOptionsFromFlags({ ocrLang })).toThrow(/--ocr-lang/);
    for (const jobs of ['0', '-1', '2.5', 'two', '', '1e3', '65']) expect(() => ocrOptionsFromFlags({ jobs })).toThrow(/--jobs/);
  });

  it('--ocr-model picks one of the shipped English models, and only those', () => {
    expect(ocrOptionsFromFlags({ ocrModel: 'best' }).englishModel).toBe('best');
    expect(ocrOptionsFromFlags({ ocrModel: 'FAST' }).englishModel).toBe('fast');
    expect(ocrOptionsFromFlags({}).englishModel).toBeUndefined();
    // The CLI keeps its own list so start-up does not load the model finder: it must name every model shipped.
    for (const model of ENGLISH_MODELS) expect(ocrOptionsFromFlags({ ocrModel: model }).englishModel).toBe(model);
    for (const ocrModel of ['', 'legacy', 'eng', 'best_int']) expect(() => ocrOptionsFromFlags({ ocrModel })).toThrow(/--ocr-model wants fast or best/);
  });

  it('a batch shares --jobs between the cases it checks at once', () => {
    const options = ocrOptionsFromFlags({ jobs: '4' });
    expect(withJobsShared(options, 2).jobs).toBe(2);
    expect(withJobsShared(options, 8).jobs).toBe(1);
  });
});

describe('exit 2 on bad OCR flags, on every command that scans', () => {
  const commands = [['scan', DEMO], ['check', DEMO], ['build', DEMO, '--dry-run']];
  it.each(commands)('%s', async (...args) => {
    const lang = await runCliInProcess([...args, '--ocr-lang', 'eng+Spanish']);
    expect(lang.code).toBe(2);
    expect(lang.stderr).toMatch(/--ocr-lang .*not a code: Spanish/);
    expect(lang.stderr).not.toMatch(/at .*\.ts:\d+/);
    const jobs = await runCliInProcess([...args, '--jobs', '0']);
    expect(jobs.code).toBe(2);
    expect(jobs.stderr).toMatch(/--jobs wants a whole number/);
  });

  // That good values give the same scan as the defaults (a whole-case OCR with Spanish) is checked in test/slow/ocr-flags-scan.test.ts.

  it('help says what each flag does', async () => {
    for (const command of ['scan', 'check', 'build']) {
      const { stdout } = await runCliInProcess([command, '--help']);
      for (const flag of ['--no-ocr', '--ocr-lang <codes>', '--ocr-model <model>', '--jobs <n>', '--no-cache']) expect(stdout).toContain(flag);
    }
  });
});

describe('casepack.yaml ocrLanguages', () => {
  it('is valid with tesseract codes and a configuration error (exit 2) with anything else', async () => {
    const root = path.join(dir, 'case');
    await cp(DEMO, root, { recursive: true });
    const yamlPath = path.join(root, 'casepack.yaml');
    const original = await readFile(yamlPath, 'utf8');
    await writeFile(yamlPath, `${original}\nocrLanguages: [eng, spa]\n`);
    const good = await runCliInProcess(['check', root, '--json']);
    expect(good.stdout).not.toContain('CASEFILE_INVALID');
    await writeFile(yamlPath, `${original}\nocrLanguages: [English]\n`);
    const bad = await runCliInProcess(['check', root, '--json']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('CASEFILE_INVALID');
  });

  it('casepack init mentions it, commented out', async () => {
    const root = path.join(dir, 'case');
    await cp(path.join(DEMO, 'Letters'), root, { recursive: true });
    expect((await runCliInProcess(['init', root])).code).toBe(0);
    expect(await readFile(path.join(root, 'casepack.yaml'), 'utf8')).toMatch(/^# ocrLanguages: \[eng, spa\]/m);
  });
});

describe('casepack cache', () => {
  const fake: OcrEngine = {
    recognize: async () => ({ pages: [{ pageIndex: 0, width: 10, height: 10, dpi: 300, rotation: 0, skewDegrees: 0, words: [], text: 'Pathology report', meanConfidence: 0 }], failures: [] }),
    close: async () => undefined,
  };

  it('info prints the folder and size; clear removes it; --json for both', async () => {
    const xdg = path.join(dir, 'xdg');
    const env = { XDG_CACHE_HOME: xdg };
    const cacheDir = path.join(xdg, 'casepack', 'ocr');
    await writeFile(path.join(dir, 'scan.pdf'), 'x');
    const engine = cachedOcrEngine(fake, { dir: cacheDir });
    await engine.recognize({ relPath: 'scan.pdf', absPath: path.join(dir, 'scan.pdf'), contentHash: createHash('sha256').update('x').digest('hex'), kind: 'image', pages: [], settings: { languages: ['eng'], engine: 'tesseract.js', engineVersion: '7', renderDpi: 300 } });

    const info = await runCliInProcess(['cache', 'info', '--json'], env);
    expect(info.code).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ dir: cacheDir, exists: true, entries: 1 });
    expect(CacheInfoSchema.strict().safeParse(JSON.parse(info.stdout)).success).toBe(true);
    expect((await runCliInProcess(['cache', 'info'], env)).stdout).toContain(cacheDir);

    const cleared = await runCliInProcess(['cache', 'clear', '--json'], env);
    expect(cleared.code).toBe(0);
    expect(JSON.parse(cleared.stdout)).toMatchObject({ dir: cacheDir, cleared: true, entries: 1 });
    expect(CacheClearSchema.strict().safeParse(JSON.parse(cleared.stdout)).success).toBe(true);
    expect(JSON.parse((await runCliInProcess(['cache', 'info', '--json'], env)).stdout)).toMatchObject({ exists: false, entries: 0 });
    expect((await runCliInProcess(['cache', 'clear'], env)).stdout).toContain('already empty');
  });
});

describe('OCR progress', () => {
  it('shows pages done, the total and the time left', () => {
    const texts: string[] = [];
    const spinner = { text: (t: string) => texts.push(t), stop: () => undefined } as unknown as Spinner;
    let clock = 0;
    const report = ocrProgressReporter(spinner, () => clock);
    report({ pagesDone: 0, pagesTotal: 10 });
    clock = 8_000;
    report({ pagesDone: 2, pagesTotal: 10 });
    report({ pagesDone: 10, pagesTotal: 10 });
    expect(texts).toEqual(['Reading scanned pages with OCR: 0/10', 'Reading scanned pages with OCR: 2/10, about 32 s left', 'Reading scanned pages with OCR: 10/10']);
    expect([formatTimeLeft(0.2), formatTimeLeft(150), formatTimeLeft(3900)]).toEqual(['1 s', '3 min', '1 h 5 min']);
  });

  it('draws nothing off a TTY or under --json, even on a terminal', () => {
    const written: string[] = [];
    const sink = (tty: boolean) => Object.assign(new PassThrough(), { isTTY: tty, write: (c: string) => { written.push(c); return true; } }) as unknown as NodeJS.WriteStream;
    for (const [errTty, json] of [[false, false], [true, true]] as const) {
      const out = new Output({ json }, sink(false), sink(errTty));
      expect(out.interactive).toBe(false);
      const report = ocrProgressReporter(out.spinner('Scanning…'));
      report({ pagesDone: 1, pagesTotal: 3 });
    }
    expect(written).toEqual([]);
  });
});
