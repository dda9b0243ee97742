import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { scanCase } from '../../../src/index.js';
import type { ExtractedText } from '../../../src/extract/index.js';
import { TESSERACT_JS_VERSION } from '../../../src/extract/ocr/engine.js';
import { emptyReport, evaluateSet, scoreDocument, type EvalReport } from '../evaluate.js';
import { loadTruth, type LabelledDocument, type TruthFile } from '../truth.js';
import { countCer, pooledCer, type CerCount } from './cer.js';
import { ensureDir, makeCopy, sourceText, type DegradedVariant, type Variant } from './variants.js';

export interface OcrEvalOptions {
  jobs: number;
  cacheDir: string;
  /** Evaluate the first N documents only (a quick look); default all. */
  limit?: number;
  variants: readonly DegradedVariant[];
  onProgress?: (line: string) => void;
}

export interface VariantFigures {
  variant: Variant;
  report: EvalReport;
  /** Pooled character error rate against the born-digital text (null for born-digital itself). */
  cer: number | null;
  meanConfidence: number | null;
  pages: number;
  /** Recognition seconds per page, summed over workers (cache hits count 0). */
  ocrSecondsPerPage: number | null;
  /** Documents whose recognised text is worst, for whoever reads a miss. */
  worstCer: Array<{ file: string; cer: number }>;
}

export interface OcrEvalResult {
  setDir: string;
  documents: number;
  engine: string;
  figures: VariantFigures[];
}

interface DocumentReading {
  truth: LabelledDocument;
  /** Mean word confidence of each page casepack recognised. */
  pageConfidences: number[];
  cer: CerCount;
}

/** Where a copy sits in the case folder the pipeline reads: the document's own name, `.jpg` for a photo. */
function copyName(doc: LabelledDocument, variant: DegradedVariant): string {
  return variant === 'photo' ? doc.file.replace(/\.pdf$/i, '.jpg') : doc.file;
}

/**
 * Put every document's degraded copy into one case folder, named as the
 * original, and let casepack read it as a user's run would (`scanCase`, OCR on,
 * its own engine and cache): category and date are scored like born-digital,
 * the recognised text against the original's text.
 */
async function readVariant(truth: TruthFile, setDir: string, docs: LabelledDocument[], variant: DegradedVariant, options: OcrEvalOptions): Promise<{ report: EvalReport; readings: DocumentReading[]; seconds: number }> {
  const copiesDir = await ensureDir(path.join(options.cacheDir, 'copies'));
  const caseDir = await mkdtemp(path.join(os.tmpdir(), 'casepack-eval-ocr-'));
  try {
    const originals = new Map<string, Uint8Array>();
    for (const doc of docs) {
      const original = new Uint8Array(await readFile(path.join(setDir, truth.documentsDir, doc.file)));
      originals.set(doc.file, original);
      const copy = await makeCopy(original, doc.file, variant, copiesDir);
      const target = path.join(caseDir, copyName(doc, variant));
      await ensureDir(path.dirname(target));
      await copyFile(copy.file, target);
    }
    options.onProgress?.(`${variant}: reading ${docs.length} documents with casepack's OCR`);
    const texts = new Map<string, ExtractedText>();
    const started = performance.now();
    const scan = await scanCase(caseDir, {
      today: new Date(`${truth.today}T12:00:00Z`), archives: false, concurrency: 2, collectText: texts,
      ocr: { enabled: true, languages: ['eng'], jobs: options.jobs, cache: true, cacheDir: await ensureDir(path.join(options.cacheDir, 'casepack-ocr')) },
    });
    const seconds = (performance.now() - started) / 1000;
    const byPath = new Map(scan.files.map((f) => [f.path, f]));
    const report = emptyReport(setDir, truth.today, docs);
    const readings: DocumentReading[] = [];
    for (const doc of docs) {
      const name = copyName(doc, variant);
      scoreDocument(report, doc, byPath.get(name)?.classification);
      const read = texts.get(name);
      const pages = read?.ocr?.pages ?? [];
      const source = await sourceText(originals.get(doc.file)!, Math.max(1, pages.length));
      readings.push({ truth: doc, pageConfidences: pages.map((p) => p.meanConfidence), cer: countCer(read?.text ?? '', source) });
    }
    report.seconds = seconds;
    return { report, readings, seconds };
  } finally {
    await rm(caseDir, { recursive: true, force: true });
  }
}

function figuresOf(variant: DegradedVariant, report: EvalReport, readings: DocumentReading[], seconds: number): VariantFigures {
  const confidences = readings.flatMap((r) => r.pageConfidences);
  const worstCer = readings
    .map((r) => ({ file: r.truth.file, cer: r.cer.length ? r.cer.errors / r.cer.length : 0 }))
    .sort((a, b) => b.cer - a.cer)
    .slice(0, 3);
  return {
    variant,
    report,
    cer: pooledCer(readings.map((r) => r.cer)),
    meanConfidence: confidences.length ? confidences.reduce((s, c) => s + c, 0) / confidences.length : null,
    pages: confidences.length,
    // Wall time of the whole scan per recognised page (cache hits make a second run faster; the first run is the figure).
    ocrSecondsPerPage: confidences.length ? seconds / confidences.length : null,
    worstCer,
  };
}

/** Born-digital through the existing evaluator, then each degraded copy through OCR and the same scoring. */
export async function evaluateOcr(setDir: string, options: OcrEvalOptions): Promise<OcrEvalResult> {
  const truth = await loadTruth(setDir);
  const docs = truth.documents.slice(0, options.limit ?? truth.documents.length);
  const bornDigital = await evaluateSet(setDir);
  if (docs.length < truth.documents.length) {
    const kept = new Set(docs.map((d) => d.file));
    const trimmed = emptyReport(setDir, truth.today, docs);
    const misses = new Set(bornDigital.misses.filter((m) => kept.has(m.file)).map((m) => `${m.file}/${m.field}`));
    for (const d of docs) scoreDocumentFromMisses(trimmed, d, misses);
    bornDigital.total = trimmed.total; bornDigital.categoryCorrect = trimmed.categoryCorrect; bornDigital.dateCorrect = trimmed.dateCorrect;
    bornDigital.misses = bornDigital.misses.filter((m) => kept.has(m.file));
  }
  const figures: VariantFigures[] = [{ variant: 'born-digital', report: bornDigital, cer: null, meanConfidence: null, pages: 0, ocrSecondsPerPage: null, worstCer: [] }];
  for (const variant of options.variants) {
    const { report, readings, seconds } = await readVariant(truth, setDir, docs, variant, options);
    figures.push(figuresOf(variant, report, readings, seconds));
  }
  return { setDir, documents: docs.length, engine: `casepack scanCase, OCR by tesseract.js ${TESSERACT_JS_VERSION} (eng)`, figures };
}

/** Recount a born-digital report over a subset (a `--limit` run) from its misses. */
function scoreDocumentFromMisses(report: EvalReport, doc: LabelledDocument, misses: Set<string>): void {
  report.total++;
  if (!misses.has(`${doc.file}/category`)) report.categoryCorrect++;
  if (!misses.has(`${doc.file}/date`)) report.dateCorrect++;
}
