import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import type { PrivateTempDir } from '../../util/tempdir.js';
import { linkModels, osdModelFile, resolveModels } from './models.js';
import { PagePool, type PageReader } from './page-pool.js';
import { ProcessPagePool } from './page-process-client.js';
import type { EnglishModel, OcrEngine, OcrPage, OcrPageFailure, OcrRequest, OcrResult } from './types.js';

/**
 * The OCR engine: a pool of page workers (worker threads, page-pool.ts; by
 * default in a child process, page-process-client.ts), each rasterising
 * and recognising one page at a time under a heap limit and a per-page
 * timeout. A page that fails, runs out of memory or times out is reported as
 * a failure and its worker replaced; the run goes on. Nothing is started
 * until the first page is asked for.
 */

export interface OcrEngineOptions {
  /** Pages read at once; default: the machine's cores. */
  jobs?: number;
  /** Longest a page may take before its worker is stopped. */
  pageTimeoutMs?: number;
  /** Heap limit of each page worker. Rendering a 300 dpi A4 page needs ~150 MB. */
  maxHeapMb?: number;
  /**
   * Pages a worker reads before it is replaced by a fresh one. tesseract's
   * WebAssembly heap grows to fit the largest page it has seen and never
   * shrinks, so a long run would otherwise hold every worker at its high-water
   * mark; a fresh worker costs a model load (~0.5 s), paid once per this many pages.
   */
  recyclePages?: number;
  /** Detect pages turned sideways or upside down (OSD). Default true. */
  detectOrientation?: boolean;
  /**
   * Read pages in a child process started with its own glibc malloc settings
   * (page-process-client.ts), so a long scan stays under its memory target.
   * Default true; false keeps the page workers in this process.
   */
  ownProcess?: boolean;
  env?: NodeJS.ProcessEnv;
}

export const TESSERACT_JS_VERSION: string = (createRequire(import.meta.url)('tesseract.js/package.json') as { version: string }).version;
const DEFAULT_PAGE_TIMEOUT_MS = 180_000;
// 4, not 16: on a 20-page scan (two 10-page PDFs) two workers grew from ~640 to ~930 MB before any was replaced (8: 840 MB).
const DEFAULT_RECYCLE_PAGES = 4;

class TesseractPoolEngine implements OcrEngine {
  private pool: PageReader | undefined;
  private models: Promise<PrivateTempDir> | undefined;
  private modelKey = '';

  constructor(private readonly options: OcrEngineOptions) {}

  /** The private folder linking the models of `languages` (those present; missing ones are the caller's finding). */
  private modelDir(languages: readonly string[], englishModel: EnglishModel | undefined): Promise<PrivateTempDir> {
    const key = `${languages.join('+')}:${englishModel ?? ''}`;
    if (!this.models || key !== this.modelKey) {
      const found = resolveModels(languages, this.options.env, englishModel).found;
      const osd = this.options.detectOrientation === false ? undefined : osdModelFile();
      this.modelKey = key;
      this.models = linkModels([...found, ...(osd ? [{ code: 'osd', file: osd }] : [])]);
    }
    return this.models;
  }

  async recognize(request: OcrRequest, signal?: AbortSignal): Promise<OcrResult> {
    const { languages, englishModel } = request.settings;
    const found = resolveModels(languages, this.options.env, englishModel).found.map((m) => m.code);
    if (!found.length) return { pages: [], failures: [{ pageIndex: 0, reason: `no OCR model for ${languages.join(', ')}` }] };
    const dir = await this.modelDir(languages, englishModel);
    if (!this.pool) {
      const size = Math.max(1, this.options.jobs ?? availableParallelism());
      const limits = {
        pageTimeoutMs: this.options.pageTimeoutMs ?? DEFAULT_PAGE_TIMEOUT_MS,
        maxHeapMb: this.options.maxHeapMb ?? 768,
        recyclePages: Math.max(1, this.options.recyclePages ?? DEFAULT_RECYCLE_PAGES),
      };
      this.pool = this.options.ownProcess === false ? new PagePool(size, limits) : new ProcessPagePool(size, limits);
    }
    const pool = this.pool;
    const detectOsd = this.options.detectOrientation !== false && osdModelFile() !== undefined;
    const pageIndexes = request.kind === 'image' ? [0] : request.pages;
    const replies = await Promise.all(pageIndexes.map((pageIndex) => pool.run({
      absPath: request.absPath, kind: request.kind, pageIndex, dpi: request.settings.renderDpi,
      models: { langPath: dir.path, languages: found },
      ...(detectOsd ? { osd: { langPath: dir.path, languages: ['osd'] } } : {}),
    }, signal)));
    const pages: OcrPage[] = [];
    const failures: OcrPageFailure[] = [];
    replies.forEach((reply, i) => {
      if (reply.ok) pages.push(reply.page);
      else failures.push({ pageIndex: pageIndexes[i] ?? 0, reason: reply.reason });
    });
    return { pages, failures };
  }

  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = undefined;
    const dir = await this.models?.catch(() => undefined);
    await dir?.remove();
    this.models = undefined;
  }
}

/** The engine the CLI and library use (the cache helper wraps it). Cheap: nothing starts until a page is read. */
export function createOcrEngine(options: OcrEngineOptions = {}): OcrEngine {
  return new TesseractPoolEngine(options);
}
