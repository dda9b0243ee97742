import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { finding } from '../findings/codes.js';
import type { Finding } from '../model/finding.js';
import type { FileEntry } from '../model/scan.js';
import { mapLimit } from '../util/concurrency.js';
import { readEncapsulatedPdfText } from './encapsulated-pdf.js';
import { pdfNeedsOcr, pictureMayBeDocument } from './ocr/decide.js';
import { createOcrEngine, TESSERACT_JS_VERSION } from './ocr/engine.js';
import { englishModelOf, resolveModels } from './ocr/models.js';
import { LOW_OCR_CONFIDENCE, type OcrEngine, type OcrOptions, type OcrPage, type OcrRequest, type OcrResult, type OcrSettings, type TextProvenance } from './ocr/types.js';

export { createOcrEngine } from './ocr/engine.js';
export type { OcrEngineOptions } from './ocr/engine.js';

/** Where a file's text came from: a text layer (a PDF's, an encapsulated PDF's) or OCR. */
export type TextSource = TextProvenance['source'];

export interface ExtractedText {
  /** Case-relative path of the file the text belongs to. */
  path: string;
  text: string;
  source: TextSource;
  /** Set when the text was read by OCR: how, and every page with its word boxes (for the packet's invisible text layer). */
  ocr?: { provenance: TextProvenance; pages: OcrPage[] };
}

/** Text found by the extraction stage, by case-relative path. */
export type ExtractedTexts = ReadonlyMap<string, ExtractedText>;

export interface ExtractOptions {
  /** Where a case-relative path is on disk (files unpacked from archives live in a private temp folder). */
  absPathOf: (relPath: string) => string;
  /** OCR settings; OCR is on unless `enabled: false`. */
  ocr?: Partial<OcrOptions>;
  /** The engine to use (the cache wraps one; tests inject a fake). Default: `createOcrEngine`, closed at the end. */
  ocrEngine?: OcrEngine;
  /** Paths not to OCR (e.g. PDFs too large to have been examined). */
  skipOcr?: ReadonlySet<string>;
  /** Pages of a PDF the probe read text from (to judge the layer per page). */
  probedPages?: number;
  signal?: AbortSignal;
}

export interface ExtractResult {
  texts: Map<string, ExtractedText>;
  findings: Finding[];
}

/** Resolution scanned pages are rendered at: tesseract reads best around 300 dpi. */
export const OCR_RENDER_DPI = 300;
/**
 * Most PDF pages recognised per file: every page is read (the packet's
 * invisible text layer and search need them all, the cache makes re-runs
 * cheap), up to this bound, so one 2,000-page scan cannot hold a run for an
 * hour; past it an OCR_PAGE_LIMIT finding says which pages were left.
 */
export const DEFAULT_OCR_MAX_PAGES = 200;
const PROBE_TEXT_PAGES = 5;

/**
 * The text-extraction stage, between probe and group: it reads what the
 * probes only located (the PDF inside a DICOM Encapsulated PDF), and runs OCR
 * on PDFs without a usable text layer and on pictures that may be documents.
 * OCR text is put where readers look for a file's text (`pdf.text`,
 * `image.text`, `tiff.text`; see `readableTextOf`) and its provenance in
 * `textSource`; the entries are updated in place.
 */
export async function extractCase(files: readonly FileEntry[], options: ExtractOptions): Promise<ExtractResult> {
  const texts = new Map<string, ExtractedText>();
  const findings: Finding[] = [];
  for (const file of files) {
    const range = file.dicom?.kind === 'encapsulated-pdf' ? file.dicom.encapsulatedPdf : undefined;
    if (file.family === 'pdf' && file.pdf?.text) file.textSource = { source: 'text-layer' };
    if (!range) continue;
    const text = await readEncapsulatedPdfText(options.absPathOf(file.path), file.path, range);
    if (text !== undefined) {
      texts.set(file.path, { path: file.path, text, source: 'text-layer' });
      file.textSource = { source: 'text-layer' };
    }
  }
  if (options.ocr?.enabled === false) return { texts, findings };
  const probed = options.probedPages ?? PROBE_TEXT_PAGES;
  const wanted = files.filter((f) => f.duplicateOf === undefined && !options.skipOcr?.has(f.path) && (pdfNeedsOcr(f, probed) || pictureMayBeDocument(f)));
  if (!wanted.length) return { texts, findings };
  await runOcr(wanted, options, texts, findings);
  return { texts, findings };
}

/** Compatibility wrapper: the texts only (no OCR unless asked). */
export async function extractText(files: readonly FileEntry[], options: ExtractOptions): Promise<Map<string, ExtractedText>> {
  return (await extractCase(files, { ocr: { enabled: false }, ...options })).texts;
}

async function sha256Of(absPath: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(absPath)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function settingsFor(options: ExtractOptions, findings: Finding[], paths: string[]): OcrSettings {
  const asked = options.ocr?.languages?.length ? options.ocr.languages : ['eng'];
  const englishModel = options.ocr?.englishModel ?? englishModelOf();
  const { found, missing } = resolveModels(asked, process.env, englishModel);
  for (const code of missing) {
    findings.push(finding('OCR_LANGUAGE_MISSING', paths, {
      message: `The OCR model for "${code}" is not installed, so ${found.length ? `text is read with ${found.map((f) => f.code).join(', ')} only` : 'nothing could be read by OCR'}.`,
      hint: `Install it (sudo apt install tesseract-ocr-${code}) or put ${code}.traineddata in a folder named by CASEPACK_TESSDATA.`,
      details: { language: code, installHint: `sudo apt install tesseract-ocr-${code}`, searched: ['CASEPACK_TESSDATA', '/usr/share/tesseract-ocr/5/tessdata', '/usr/share/tesseract-ocr/4.00/tessdata', '/usr/share/tessdata'] },
    }));
  }
  const languages = found.map((f) => f.code);
  return { languages, ...(languages.includes('eng') ? { englishModel } : {}), engine: 'tesseract.js', engineVersion: TESSERACT_JS_VERSION, renderDpi: OCR_RENDER_DPI };
}

async function runOcr(wanted: FileEntry[], options: ExtractOptions, texts: Map<string, ExtractedText>, findings: Finding[]): Promise<void> {
  const settings = settingsFor(options, findings, wanted.map((f) => f.path));
  if (!settings.languages.length) return;
  const engine = options.ocrEngine ?? createOcrEngine(options.ocr?.jobs ? { jobs: options.ocr.jobs } : {});
  const maxPages = options.ocr?.maxPages ?? DEFAULT_OCR_MAX_PAGES;
  const pagesTotal = wanted.reduce((n, f) => n + (f.family === 'pdf' ? Math.min(f.pdf?.pages ?? 1, maxPages) : 1), 0);
  let pagesDone = 0;
  const byContent = new Map<string, Promise<OcrResult>>();
  try {
    await mapLimit(wanted, Math.max(1, options.ocr?.jobs ?? 2), async (file) => {
      if (options.signal?.aborted) return;
      const pageCount = file.family === 'pdf' ? Math.min(file.pdf?.pages ?? 1, maxPages) : 1;
      const absPath = options.absPathOf(file.path);
      const request: OcrRequest = {
        relPath: file.path, absPath, contentHash: await sha256Of(absPath), settings,
        kind: file.family === 'pdf' ? 'pdf-pages' : 'image',
        pages: Array.from({ length: pageCount }, (_, i) => i),
      };
      // Duplicates are found after this stage (group): copies of one scan are recognised once.
      const key = `${request.kind}:${request.contentHash}:${request.pages.length}`;
      let pending = byContent.get(key);
      if (!pending) {
        pending = engine.recognize(request, options.signal).catch((error: unknown): OcrResult => ({ pages: [], failures: [{ pageIndex: 0, reason: error instanceof Error ? error.message : String(error) }] }));
        byContent.set(key, pending);
      }
      const result = await pending;
      if (file.family === 'pdf' && (file.pdf?.pages ?? 1) > pageCount) findings.push(pageLimitFinding(file, pageCount));
      pagesDone += pageCount;
      options.ocr?.onProgress?.({ pagesDone, pagesTotal });
      if (options.signal?.aborted) return;
      applyOcr(file, result, settings, texts, findings);
    });
  } finally {
    if (!options.ocrEngine) await engine.close();
  }
}

function pageLimitFinding(file: FileEntry, pagesRead: number): Finding {
  const pages = file.pdf?.pages ?? pagesRead;
  return finding('OCR_PAGE_LIMIT', file.path, {
    message: `Only the first ${pagesRead} of ${pages} scanned pages were read by OCR: pages ${pagesRead + 1}–${pages} have no searchable text in the packet.`,
    details: { pagesRead, pages },
  });
}

function provenanceOf(result: OcrResult, settings: OcrSettings): TextProvenance {
  const words = result.pages.reduce((n, p) => n + p.words.length, 0);
  const weighted = result.pages.reduce((n, p) => n + p.meanConfidence * p.words.length, 0);
  return {
    source: 'ocr', engine: settings.engine, engineVersion: settings.engineVersion, languages: settings.languages,
    meanConfidence: words ? Math.round(weighted / words) : 0,
    pagesRead: result.pages.length,
    lowConfidencePages: result.pages.filter((p) => p.words.length > 0 && p.meanConfidence < LOW_OCR_CONFIDENCE).map((p) => p.pageIndex),
  };
}

const letterCount = (text: string | undefined): number => text?.match(/\p{L}/gu)?.length ?? 0;

/** Put what OCR read where readers find it, with its provenance and findings. */
function applyOcr(file: FileEntry, result: OcrResult, settings: OcrSettings, texts: Map<string, ExtractedText>, findings: Finding[]): void {
  for (const failure of result.failures) {
    if (file.image?.format === 'heic') {
      // libheif could not decode it: the HEIC is packed as the original file, not as a page.
      findings.push(finding('PHOTO_FORMAT_NOT_READ', file.path, { details: { reason: failure.reason } }));
      continue;
    }
    findings.push(finding('OCR_PAGE_FAILED', file.path, {
      message: `${file.family === 'pdf' ? `Page ${failure.pageIndex + 1}` : 'The picture'} could not be read by OCR: ${failure.reason}.`,
      details: { page: failure.pageIndex + 1, reason: failure.reason },
    }));
  }
  const text = result.pages.map((p) => p.text).filter(Boolean).join('\n\n').trim();
  // A short real layer beats OCR that read less (a born-digital note of one line).
  if (!text || (file.family === 'pdf' && letterCount(file.pdf?.text) >= letterCount(text))) return;
  const provenance = provenanceOf(result, settings);
  if (file.family === 'pdf' && file.pdf) file.pdf.text = text;
  else if (file.family === 'image' && file.image) file.image.text = text;
  else if (file.family === 'tiff' && file.tiff) file.tiff.text = text;
  file.textSource = provenance;
  texts.set(file.path, { path: file.path, text, source: 'ocr', ocr: { provenance, pages: result.pages } });
  if (provenance.lowConfidencePages?.length) {
    findings.push(finding('OCR_LOW_CONFIDENCE', file.path, {
      message: `Text was read by OCR with low confidence (mean ${provenance.meanConfidence}%${file.family === 'pdf' ? ` on page ${provenance.lowConfidencePages.map((p) => p + 1).join(', ')}` : ''}): check the category and date taken from it.`,
      details: { meanConfidence: provenance.meanConfidence, pages: provenance.lowConfidencePages.map((p) => p + 1) },
    }));
  }
}
