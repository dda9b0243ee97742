import { createHash, randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, readdir, readFile, rename, rm, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { finding } from '../../findings/codes.js';
import type { Finding } from '../../model/finding.js';
import { isInside } from '../../util/paths.js';
import type { OcrEngine, OcrOptions, OcrPage, OcrRequest, OcrResult } from './types.js';

/**
 * A cache in front of any OCR engine (issue 10). OCR is the slow part of a
 * scan (seconds per page); a second scan of the same folder should read the
 * text it already read. Entries hold document text, so they live in the
 * user's own cache folder (owner-only), never in the case or the packet.
 */

/** Bumped when the stored shape changes: older entries then simply miss. */
const CACHE_FORMAT = 1;
/** Above this the oldest entries (least recently used) are pruned. */
export const DEFAULT_MAX_CACHE_BYTES = 500 * 1024 * 1024;
/** A temp file older than this is a crashed writer's leftover. */
const STALE_TEMP_MS = 60 * 60 * 1000;
const ENTRY_SUFFIX = '.json.gz';

export interface OcrCacheOptions {
  /** The cache folder (see defaultOcrCacheDir). */
  dir: string;
  /** Prune the least recently used entries above this many bytes (default 500 MB). */
  maxBytes?: number;
  /** Called once when the cache cannot be used: the run goes on without it. */
  onFinding?: (finding: Finding) => void;
}

/**
 * The per-user cache folder, by each platform's convention:
 * `$XDG_CACHE_HOME/casepack/ocr` or `~/.cache/casepack/ocr`; on macOS
 * `~/Library/Caches/casepack/ocr`; on Windows `%LOCALAPPDATA%\casepack\cache\ocr`.
 */
export function defaultOcrCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  if (platform === 'win32') {
    const local = env['LOCALAPPDATA'] || path.win32.join(home, 'AppData', 'Local');
    return path.win32.join(local, 'casepack', 'cache', 'ocr');
  }
  // XDG_CACHE_HOME must be absolute to count (XDG base directory spec).
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'casepack', 'ocr');
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'casepack', 'ocr');
  return path.join(home, '.cache', 'casepack', 'ocr');
}

/**
 * The key of a request: the content, the engine and every setting that
 * changes what the engine reads. Languages are sorted (eng+spa = spa+eng);
 * pages count for PDFs only (an image has one).
 */
export function ocrCacheKey(request: OcrRequest): string {
  const s = request.settings;
  const parts = {
    format: CACHE_FORMAT,
    content: request.contentHash,
    kind: request.kind,
    engine: s.engine,
    engineVersion: s.engineVersion,
    languages: [...s.languages].sort(),
    // The English model changes what is read; keys made before the choice existed (best_int) stay as they were.
    ...(s.englishModel && s.englishModel !== 'best' ? { englishModel: s.englishModel } : {}),
    renderDpi: s.renderDpi,
    pages: request.kind === 'pdf-pages' ? request.pages : [],
    // Pictures read before photo pages were straightened (photo-page.ts) are read again; PDF keys are unchanged.
    ...(request.kind === 'image' ? { photoPages: 1 } : {}),
  };
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

function isOcrPage(value: unknown): value is OcrPage {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Partial<OcrPage>;
  return typeof p.pageIndex === 'number' && typeof p.text === 'string' && Array.isArray(p.words)
    && typeof p.width === 'number' && typeof p.height === 'number' && typeof p.meanConfidence === 'number';
}

/** The stored result, or undefined for anything that is not a whole entry of this key. */
function parseEntry(bytes: Buffer, key: string): OcrResult | undefined {
  try {
    const parsed = JSON.parse(gunzipSync(bytes).toString('utf8')) as { format?: unknown; key?: unknown; result?: { pages?: unknown; failures?: unknown } };
    if (parsed.format !== CACHE_FORMAT || parsed.key !== key) return undefined;
    const pages = parsed.result?.pages;
    if (!Array.isArray(pages) || !pages.every(isOcrPage)) return undefined;
    return { pages, failures: [] };
  } catch {
    return undefined;
  }
}

/** Creates the folder owner-only (0700) and tightens one that exists; throws when it is not a usable folder. */
async function prepareDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const info = await lstat(dir);
  // A link here could send document text somewhere else: refuse it.
  if (!info.isDirectory()) throw new Error(`${dir} is not a folder`);
  if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) await chmod(dir, 0o700);
}

/** Writes through a temp file and a rename, so a reader never sees half an entry. */
async function writeAtomic(file: string, bytes: Buffer): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, bytes, { mode: 0o600, flag: 'wx' });
    await rename(temp, file);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}

interface CacheFileInfo { file: string; bytes: number; mtimeMs: number; temp: boolean }

async function listCacheFiles(dir: string): Promise<CacheFileInfo[]> {
  let names: string[];
  try { names = await readdir(dir); } catch { return []; }
  const out: CacheFileInfo[] = [];
  for (const name of names) {
    const temp = name.endsWith('.tmp');
    if (!temp && !name.endsWith(ENTRY_SUFFIX)) continue;
    const file = path.join(dir, name);
    const info = await stat(file).catch(() => undefined);
    if (info?.isFile()) out.push({ file, bytes: info.size, mtimeMs: info.mtimeMs, temp });
  }
  return out;
}

/** Drops crashed writers' temp files and, above maxBytes, the least recently used entries down to 80% of it. */
export async function pruneOcrCache(dir: string, maxBytes: number = DEFAULT_MAX_CACHE_BYTES, now: number = Date.now()): Promise<void> {
  const files = await listCacheFiles(dir);
  const live: CacheFileInfo[] = [];
  for (const f of files) {
    if (f.temp) { if (now - f.mtimeMs > STALE_TEMP_MS) await unlink(f.file).catch(() => undefined); }
    else live.push(f);
  }
  let total = live.reduce((sum, f) => sum + f.bytes, 0);
  if (total <= maxBytes) return;
  live.sort((a, b) => a.mtimeMs - b.mtimeMs);
  for (const f of live) {
    if (total <= maxBytes * 0.8) break;
    await unlink(f.file).catch(() => undefined);
    total -= f.bytes;
  }
}

/**
 * Wraps an engine with the cache. A hit returns the stored pages without
 * calling the engine; a corrupt or unreadable entry is a miss (and is
 * replaced); a folder that cannot be made means no cache and one finding.
 * Results with page failures are not stored: a page that timed out on a
 * busy machine deserves another try next run.
 */
export function cachedOcrEngine(inner: OcrEngine, options: OcrCacheOptions): OcrEngine {
  const { dir } = options;
  let ready: Promise<boolean> | undefined;
  let wrote = false;
  const usable = (): Promise<boolean> => {
    ready ??= prepareDir(dir).then(() => true, (err: unknown) => {
      const reason = err instanceof Error ? err.message : String(err);
      options.onFinding?.(finding('OCR_CACHE_UNAVAILABLE', [], { message: `The OCR cache folder ${dir} cannot be used (${reason}); text is read again on every run.`, details: { dir } }));
      return false;
    });
    return ready;
  };
  return {
    async recognize(request, signal) {
      const key = ocrCacheKey(request);
      const file = path.join(dir, key + ENTRY_SUFFIX);
      const cacheOn = await usable();
      if (cacheOn) {
        const bytes = await readFile(file).catch(() => undefined);
        const hit = bytes && parseEntry(bytes, key);
        if (hit) {
          // The mtime is the "last used" clock for pruning.
          const now = new Date();
          await utimes(file, now, now).catch(() => undefined);
          return hit;
        }
      }
      const result = await inner.recognize(request, signal);
      if (cacheOn && result.failures.length === 0 && !signal?.aborted) {
        const entry = { format: CACHE_FORMAT, key, result: { pages: result.pages } };
        // A full disk or a read-only cache costs speed, never the run.
        await writeAtomic(file, gzipSync(JSON.stringify(entry))).then(() => { wrote = true; }, () => undefined);
      }
      return result;
    },
    async close() {
      try {
        if (wrote) await pruneOcrCache(dir, options.maxBytes ?? DEFAULT_MAX_CACHE_BYTES).catch(() => undefined);
      } finally {
        await inner.close();
      }
    },
  };
}

export interface OcrCacheInfo {
  dir: string;
  exists: boolean;
  entries: number;
  bytes: number;
}

/** What `casepack cache info` prints: the folder, how many entries, how many bytes. */
export async function ocrCacheInfo(dir: string = defaultOcrCacheDir()): Promise<OcrCacheInfo> {
  const exists = (await stat(dir).catch(() => undefined))?.isDirectory() ?? false;
  const entries = (await listCacheFiles(dir)).filter((f) => !f.temp);
  return { dir, exists, entries: entries.length, bytes: entries.reduce((sum, f) => sum + f.bytes, 0) };
}

/** Removes the cache folder and everything in it (`casepack cache clear`); returns what was there. */
export async function clearOcrCache(dir: string = defaultOcrCacheDir()): Promise<OcrCacheInfo> {
  const before = await ocrCacheInfo(dir);
  await rm(dir, { recursive: true, force: true });
  return before;
}

/**
 * The engine a run uses: `inner` behind the cache when the options want one
 * (the default), else `inner` itself. A cache folder inside the case
 * (XDG_CACHE_HOME pointed there) is refused: the case is read-only and the
 * cache holds document text. The pipeline calls this with the engine it made.
 */
export function withOcrCache(inner: OcrEngine, options: Pick<OcrOptions, 'cache' | 'cacheDir'>, context: { caseRoot?: string; onFinding?: (finding: Finding) => void } = {}): OcrEngine {
  if (!options.cache) return inner;
  const dir = options.cacheDir ?? defaultOcrCacheDir();
  if (context.caseRoot !== undefined && isInside(context.caseRoot, dir)) {
    context.onFinding?.(finding('OCR_CACHE_UNAVAILABLE', [], { message: `The OCR cache folder ${dir} is inside the case folder, which casepack never writes to; text is read again on every run.`, details: { dir } }));
    return inner;
  }
  const cacheOptions: OcrCacheOptions = { dir };
  if (context.onFinding) cacheOptions.onFinding = context.onFinding;
  return cachedOcrEngine(inner, cacheOptions);
}
