import { createHash } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cachedOcrEngine, clearOcrCache, defaultOcrCacheDir, ocrCacheInfo, ocrCacheKey, pruneOcrCache, withOcrCache } from '../../src/extract/ocr/cache.js';
import type { OcrEngine, OcrRequest, OcrResult } from '../../src/extract/ocr/types.js';
import { ocrOptionsForCase } from '../../src/extract/ocr/user-options.js';
import type { Finding } from '../../src/model/finding.js';
import { hashTree, makeTempDir } from '../support/tree.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => { ({ dir, cleanup } = await makeTempDir()); });
afterEach(async () => { await chmod(dir, 0o700).catch(() => undefined); await cleanup(); });

/** A stand-in for the worker pool: counts calls and "reads" the bytes as text. */
function fakeEngine(options: { fail?: boolean } = {}): OcrEngine & { calls: number; closed: boolean } {
  const engine = {
    calls: 0,
    closed: false,
    async recognize(request: OcrRequest): Promise<OcrResult> {
      engine.calls++;
      const text = (await readFile(request.absPath, 'utf8')).trim();
      const page = { pageIndex: 0, width: 100, height: 50, dpi: 300, rotation: 0 as const, skewDegrees: 0, words: [{ text, box: { x0: 1, y0: 2, x1: 30, y1: 12 }, confidence: 91 }], text, meanConfidence: 91 };
      return { pages: [page], failures: options.fail ? [{ pageIndex: 1, reason: 'timed out' }] : [] };
    },
    async close() { engine.closed = true; },
  };
  return engine;
}

async function requestFor(file: string, content: string, overrides: Partial<OcrRequest['settings']> = {}): Promise<OcrRequest> {
  await writeFile(file, content);
  return {
    relPath: path.basename(file),
    absPath: file,
    contentHash: createHash('sha256').update(content).digest('hex'),
    kind: 'pdf-pages',
    pages: [0],
    settings: { languages: ['eng'], engine: 'tesseract.js', engineVersion: '7.0.0', renderDpi: 300, ...overrides },
  };
}

const entriesIn = async (cacheDir: string) => (await readdir(cacheDir)).filter((n) => n.endsWith('.json.gz'));

describe('cachedOcrEngine', () => {
  it('returns the stored result on a second request without calling the engine', async () => {
    const inner = fakeEngine();
    const cacheDir = path.join(dir, 'cache', 'ocr');
    const engine = cachedOcrEngine(inner, { dir: cacheDir });
    const request = await requestFor(path.join(dir, 'scan.pdf'), 'Surgical Pathology Report');
    const first = await engine.recognize(request);
    const second = await engine.recognize(request);
    expect(inner.calls).toBe(1);
    expect(second).toEqual(first);
    expect(second.pages[0]?.text).toBe('Surgical Pathology Report');
    await engine.close();
    expect(inner.closed).toBe(true);
  });

  it('keys on content, engine version, languages (in any order), dpi and pages', async () => {
    const base = await requestFor(path.join(dir, 'a.pdf'), 'one');
    const keys = new Set([
      ocrCacheKey(base),
      ocrCacheKey({ ...base, contentHash: createHash('sha256').update('two').digest('hex') }),
      ocrCacheKey({ ...base, settings: { ...base.settings, engineVersion: '7.0.1' } }),
      ocrCacheKey({ ...base, settings: { ...base.settings, languages: ['eng', 'spa'] } }),
      ocrCacheKey({ ...base, settings: { ...base.settings, renderDpi: 200 } }),
      ocrCacheKey({ ...base, pages: [0, 1] }),
    ]);
    expect(keys.size).toBe(6);
    const engSpa = { ...base, settings: { ...base.settings, languages: ['eng', 'spa'] } };
    const spaEng = { ...base, settings: { ...base.settings, languages: ['spa', 'eng'] } };
    expect(ocrCacheKey(spaEng)).toBe(ocrCacheKey(engSpa));
    // The path is not part of the key: the same scan copied elsewhere is the same text.
    expect(ocrCacheKey({ ...base, absPath: '/elsewhere/b.pdf', relPath: 'b.pdf' })).toBe(ocrCacheKey(base));
  });

  it('reads again when the language changes', async () => {
    const inner = fakeEngine();
    const engine = cachedOcrEngine(inner, { dir: path.join(dir, 'cache') });
    const request = await requestFor(path.join(dir, 'scan.pdf'), 'Informe');
    await engine.recognize(request);
    await engine.recognize({ ...request, settings: { ...request.settings, languages: ['spa'] } });
    expect(inner.calls).toBe(2);
  });

  it('ignores and replaces a corrupt entry', async () => {
    const cacheDir = path.join(dir, 'cache');
    const request = await requestFor(path.join(dir, 'scan.pdf'), 'Discharge summary');
    await mkdir(cacheDir, { recursive: true });
    const entry = path.join(cacheDir, `${ocrCacheKey(request)}.json.gz`);
    for (const garbage of [Buffer.from('not gzip at all'), Buffer.alloc(0)]) {
      await writeFile(entry, garbage);
      const inner = fakeEngine();
      const result = await cachedOcrEngine(inner, { dir: cacheDir }).recognize(request);
      expect(inner.calls).toBe(1);
      expect(result.pages[0]?.text).toBe('Discharge summary');
    }
    // Replaced by a good entry: the next run hits.
    const inner = fakeEngine();
    await cachedOcrEngine(inner, { dir: cacheDir }).recognize(request);
    expect(inner.calls).toBe(0);
  });

  it('makes the folder 0700 and entries 0600, tightening a folder that was open', async () => {
    const cacheDir = path.join(dir, 'xdg', 'casepack', 'ocr');
    const engine = cachedOcrEngine(fakeEngine(), { dir: cacheDir });
    await engine.recognize(await requestFor(path.join(dir, 'scan.pdf'), 'text'));
    expect((await stat(cacheDir)).mode & 0o777).toBe(0o700);
    const [name] = await entriesIn(cacheDir);
    expect(name).toBeDefined();
    expect((await stat(path.join(cacheDir, name as string))).mode & 0o777).toBe(0o600);

    await chmod(cacheDir, 0o755);
    await cachedOcrEngine(fakeEngine(), { dir: cacheDir }).recognize(await requestFor(path.join(dir, 'other.pdf'), 'other'));
    expect((await stat(cacheDir)).mode & 0o777).toBe(0o700);
  });

  it('is no cache plus one finding, not a failure, when the folder cannot be made', async () => {
    const blocker = path.join(dir, 'a-file');
    await writeFile(blocker, 'in the way');
    const findings: Finding[] = [];
    const inner = fakeEngine();
    const engine = cachedOcrEngine(inner, { dir: path.join(blocker, 'ocr'), onFinding: (f) => findings.push(f) });
    const request = await requestFor(path.join(dir, 'scan.pdf'), 'text');
    expect((await engine.recognize(request)).pages).toHaveLength(1);
    expect((await engine.recognize(request)).pages).toHaveLength(1);
    expect(inner.calls).toBe(2);
    expect(findings.map((f) => f.code)).toEqual(['OCR_CACHE_UNAVAILABLE']);
  });

  it('does not store a result with failed pages: the next run tries them again', async () => {
    const inner = fakeEngine({ fail: true });
    const cacheDir = path.join(dir, 'cache');
    const engine = cachedOcrEngine(inner, { dir: cacheDir });
    const request = await requestFor(path.join(dir, 'scan.pdf'), 'text');
    await engine.recognize(request);
    await engine.recognize(request);
    expect(inner.calls).toBe(2);
    expect(await entriesIn(cacheDir)).toEqual([]);
  });

  it('writes nothing under the case folder', async () => {
    const caseRoot = path.join(dir, 'case');
    await mkdir(caseRoot);
    const request = await requestFor(path.join(caseRoot, 'scan.pdf'), 'Operative report');
    const before = await hashTree(caseRoot);
    const engine = cachedOcrEngine(fakeEngine(), { dir: path.join(dir, 'cache') });
    await engine.recognize(request);
    await engine.recognize(request);
    await engine.close();
    expect(await hashTree(caseRoot)).toBe(before);
  });

  it('prunes the least recently used entries above the size bound', async () => {
    const cacheDir = path.join(dir, 'cache');
    const engine = cachedOcrEngine(fakeEngine(), { dir: cacheDir });
    for (const word of ['alpha', 'beta', 'gamma', 'delta']) await engine.recognize(await requestFor(path.join(dir, `${word}.pdf`), word.repeat(50)));
    const { bytes, entries } = await ocrCacheInfo(cacheDir);
    expect(entries).toBe(4);
    await pruneOcrCache(cacheDir, bytes - 1);
    expect((await ocrCacheInfo(cacheDir)).entries).toBeLessThan(4);
  });

  it('clearOcrCache removes the folder and says what was there', async () => {
    const cacheDir = path.join(dir, 'cache');
    await cachedOcrEngine(fakeEngine(), { dir: cacheDir }).recognize(await requestFor(path.join(dir, 'scan.pdf'), 'text'));
    expect((await clearOcrCache(cacheDir)).entries).toBe(1);
    expect((await ocrCacheInfo(cacheDir)).exists).toBe(false);
  });

  it('withOcrCache leaves the engine alone under --no-cache', async () => {
    const inner = fakeEngine();
    expect(withOcrCache(inner, { cache: false })).toBe(inner);
    expect(withOcrCache(inner, { cache: true, cacheDir: path.join(dir, 'c') })).not.toBe(inner);
  });

  it('withOcrCache refuses a cache folder inside the case, with one finding', async () => {
    const inner = fakeEngine();
    const findings: Finding[] = [];
    const caseRoot = path.join(dir, 'case');
    expect(withOcrCache(inner, { cache: true, cacheDir: path.join(caseRoot, '.cache', 'casepack', 'ocr') }, { caseRoot, onFinding: (f) => findings.push(f) })).toBe(inner);
    expect(findings.map((f) => f.code)).toEqual(['OCR_CACHE_UNAVAILABLE']);
  });
});

describe('defaultOcrCacheDir', () => {
  it('follows each platform\'s convention', () => {
    expect(defaultOcrCacheDir({ XDG_CACHE_HOME: '/x/cache' }, 'linux', '/home/u')).toBe('/x/cache/casepack/ocr');
    expect(defaultOcrCacheDir({}, 'linux', '/home/u')).toBe('/home/u/.cache/casepack/ocr');
    // A relative XDG_CACHE_HOME is invalid by the spec and ignored.
    expect(defaultOcrCacheDir({ XDG_CACHE_HOME: 'rel' }, 'linux', '/home/u')).toBe('/home/u/.cache/casepack/ocr');
    expect(defaultOcrCacheDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Caches/casepack/ocr');
    expect(defaultOcrCacheDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u')).toBe('C:\\Users\\u\\AppData\\Local\\casepack\\cache\\ocr');
  });
});

describe('ocrOptionsForCase', () => {
  const flags = { enabled: true, languages: ['eng'], jobs: 2, cache: true };
  it('takes casepack.yaml ocrLanguages unless --ocr-lang was given', () => {
    expect(ocrOptionsForCase(flags, { ocrLanguages: ['spa'] }).languages).toEqual(['spa']);
    expect(ocrOptionsForCase({ ...flags, languages: ['deu'], languagesGiven: true }, { ocrLanguages: ['spa'] }).languages).toEqual(['deu']);
    expect(ocrOptionsForCase(flags, undefined).languages).toEqual(['eng']);
    expect(ocrOptionsForCase(undefined, { ocrLanguages: ['fra'] }).languages).toEqual(['fra']);
  });
});
