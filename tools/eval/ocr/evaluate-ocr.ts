import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { scanCase } from '../../../src/index.js';
import { emptyReport, evaluateSet, scoreDocument, type EvalReport } from '../evaluate.js';
import { loadTruth, type LabelledDocument, type TruthFile } from '../truth.js';
import { countCer, pooledCer, type CerCount } from './cer.js';
import { TesseractDirect, type PageReading } from './tesseract-direct.js';
import { ensureDir, makeCopy, sourceText, type DegradedCopy, type DegradedVariant, type Variant } from './variants.js';

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
  pages: PageReading[];
  cer: CerCount;
}

async function readVariant(truth: TruthFile, setDir: string, docs: LabelledDocument[], variant: DegradedVariant, ocr: TesseractDirect, options: OcrEvalOptions): Promise<DocumentReading[]> {
  const copiesDir = await ensureDir(path.join(options.cacheDir, 'copies'));
  let done = 0;
  return Promise.all(docs.map(async (doc) => {
    const original = new Uint8Array(await readFile(path.join(setDir, truth.documentsDir, doc.file)));
    const copy: DegradedCopy = await makeCopy(original, doc.file, variant, copiesDir);
    const pages = await Promise.all(copy.pageImages.map((image) => ocr.read(image)));
    const source = await sourceText(original, copy.pageImages.length);
    options.onProgress?.(`${variant}: ${++done}/${docs.length} ${doc.file}`);
    return { truth: doc, pages, cer: countCer(pages.map((p) => p.text).join('\n'), source) };
  }));
}

/** Score what the pipeline makes of the recognised text, handed over as a text layer (see text-layer.ts). */
async function classifyReadings(truth: TruthFile, setDir: string, readings: DocumentReading[]): Promise<EvalReport> {
  const { textLayerPdf } = await import('./text-layer.js');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'casepack-eval-ocr-'));
  try {
    for (const r of readings) {
      await ensureDir(path.dirname(path.join(dir, r.truth.file)));
      await writeFile(path.join(dir, r.truth.file), await textLayerPdf(r.pages.map((p) => p.text)));
    }
    const started = performance.now();
    const scan = await scanCase(dir, { today: new Date(`${truth.today}T12:00:00Z`), archives: false, concurrency: 2 });
    const byPath = new Map(scan.files.map((f) => [f.path, f]));
    const report = emptyReport(setDir, truth.today, readings.map((r) => r.truth));
    for (const r of readings) scoreDocument(report, r.truth, byPath.get(r.truth.file)?.classification);
    report.seconds = (performance.now() - started) / 1000;
    return report;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function figuresOf(variant: DegradedVariant, report: EvalReport, readings: DocumentReading[]): VariantFigures {
  const pages = readings.flatMap((r) => r.pages);
  const worstCer = readings
    .map((r) => ({ file: r.truth.file, cer: r.cer.length ? r.cer.errors / r.cer.length : 0 }))
    .sort((a, b) => b.cer - a.cer)
    .slice(0, 3);
  return {
    variant,
    report,
    cer: pooledCer(readings.map((r) => r.cer)),
    meanConfidence: pages.length ? pages.reduce((s, p) => s + p.confidence, 0) / pages.length : null,
    pages: pages.length,
    ocrSecondsPerPage: pages.length ? pages.reduce((s, p) => s + p.seconds, 0) / pages.length : null,
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
  const ocr = await TesseractDirect.start(options.jobs, await ensureDir(path.join(options.cacheDir, 'ocr')));
  try {
    for (const variant of options.variants) {
      const readings = await readVariant(truth, setDir, docs, variant, ocr, options);
      figures.push(figuresOf(variant, await classifyReadings(truth, setDir, readings), readings));
    }
  } finally {
    await ocr.close();
  }
  return { setDir, documents: docs.length, engine: 'tesseract.js-direct (adapter; casepack OCR engine not merged yet)', figures };
}

/** Recount a born-digital report over a subset (a `--limit` run) from its misses. */
function scoreDocumentFromMisses(report: EvalReport, doc: LabelledDocument, misses: Set<string>): void {
  report.total++;
  if (!misses.has(`${doc.file}/category`)) report.categoryCorrect++;
  if (!misses.has(`${doc.file}/date`)) report.dateCorrect++;
}
