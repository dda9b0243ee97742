import path from 'node:path';
import { scanCase, type Classification, type ClinicalDate, type Reason } from '../../src/index.js';
import { loadTruth, type LabelledDocument } from './truth.js';

export interface EvalMiss {
  file: string;
  field: 'category' | 'date' | 'modality';
  expected: string;
  got: string;
  confidence: number;
  reasons: Reason[];
  tiedWith: string[];
  date: ClinicalDate | null;
}

export interface OriginScore {
  total: number;
  category: number;
  date: number;
}

export interface EvalReport {
  setDir: string;
  today: string;
  documents: LabelledDocument[];
  total: number;
  categoryCorrect: number;
  dateCorrect: number;
  modalityTotal: number;
  modalityCorrect: number;
  /** truth category → predicted category → count */
  confusion: Record<string, Record<string, number>>;
  misses: EvalMiss[];
  /** Wrong dates that are the birth date, the file name's date, or came from the file name. Target 0. */
  wrongFromDecoys: Array<{ file: string; got: string; source: string; confidence: number }>;
  /** Wrong dates the tool was fairly sure of (confidence >= 0.5): the misses that mislead. */
  confidentWrongDates: number;
  /** Date misses where the tool fell back to the PDF's creation date: by design its last resort, so counted apart. */
  metadataFallbackMisses: number;
  byOrigin: Record<string, OriginScore>;
  seconds: number;
}

/** A document scanned as something else than its truth: recorded under this name in the confusion matrix. */
export const NOT_SCANNED = '(not scanned)';

const sameSet = (a: readonly string[] = [], b: readonly string[] = []): boolean =>
  a.length === b.length && [...a].sort().join() === [...b].sort().join();

/**
 * Whether the tool's date is the truth's. An ambiguous truth wants the tool
 * to say so, with both readings; a truth without a date wants no date.
 */
export function judgeDate(truth: LabelledDocument, got: ClinicalDate | null): boolean {
  if (truth.ambiguous) return got !== null && got.date === null && sameSet(got.ambiguous, truth.ambiguous);
  if (truth.date === null) return got === null || (got.date === null && !got.ambiguous?.length);
  if (got?.date !== truth.date) return false;
  return truth.start ? got.start === truth.start : true;
}

export function showTruthDate(truth: LabelledDocument): string {
  if (truth.ambiguous) return `ambiguous ${truth.ambiguous.join(' | ')}`;
  if (truth.date === null) return 'none';
  return truth.start ? `${truth.start}..${truth.date}` : truth.date;
}

export function showDate(got: ClinicalDate | null): string {
  if (!got) return 'none';
  if (got.date === null) return got.ambiguous?.length ? `ambiguous ${got.ambiguous.join(' | ')}` : 'none';
  return got.start ? `${got.start}..${got.date}` : got.date;
}

export function emptyReport(setDir: string, today: string, documents: LabelledDocument[]): EvalReport {
  return {
    setDir, today, documents, total: 0, categoryCorrect: 0, dateCorrect: 0, modalityTotal: 0, modalityCorrect: 0,
    confusion: {}, misses: [], wrongFromDecoys: [], confidentWrongDates: 0, metadataFallbackMisses: 0, byOrigin: {}, seconds: 0,
  };
}

/** Score one document into the report. */
export function scoreDocument(report: EvalReport, truth: LabelledDocument, c: Classification | undefined): void {
  report.total++;
  const origin = (report.byOrigin[truth.origin] ??= { total: 0, category: 0, date: 0 });
  origin.total++;
  const got = c?.category ?? NOT_SCANNED;
  const row = (report.confusion[truth.category] ??= {});
  row[got] = (row[got] ?? 0) + 1;
  const date = c?.date ?? null;
  const miss = (field: EvalMiss['field'], expected: string, value: string): void => {
    report.misses.push({ file: truth.file, field, expected, got: value, confidence: c?.confidence ?? 0, reasons: c?.reasons ?? [], tiedWith: c?.tiedWith ?? [], date });
  };

  if (got === truth.category) { report.categoryCorrect++; origin.category++; }
  else miss('category', truth.category, got);

  if (judgeDate(truth, date)) { report.dateCorrect++; origin.date++; }
  else {
    miss('date', showTruthDate(truth), showDate(date));
    if (date?.date && date.confidence >= 0.5) report.confidentWrongDates++;
    if (date?.source === 'file-metadata') report.metadataFallbackMisses++;
    if (date?.date && (date.date === truth.decoys?.birth || date.date === truth.decoys?.filename || date.source === 'filename')) {
      report.wrongFromDecoys.push({ file: truth.file, got: date.date, source: date.source, confidence: date.confidence });
    }
  }

  if (truth.modality) {
    report.modalityTotal++;
    if (c?.modality === truth.modality) report.modalityCorrect++;
    else miss('modality', truth.modality, c?.modality ?? 'none');
  }
}

/**
 * Scan a labelled set's documents as one case with the library's own scan
 * (the set's fixed "today", archives left packed) and score category, date
 * and modality against its truth.json. Backs `npm run eval` and the tests
 * that gate on the held-out set and guard the regression set.
 */
export async function evaluateSet(setDir: string): Promise<EvalReport> {
  const truth = await loadTruth(setDir);
  const started = performance.now();
  const scan = await scanCase(path.join(setDir, truth.documentsDir), {
    today: new Date(`${truth.today}T12:00:00Z`),
    archives: false,
    concurrency: 2,
  });
  const byPath = new Map(scan.files.map((f) => [f.path, f]));
  const report = emptyReport(setDir, truth.today, truth.documents);
  for (const doc of truth.documents) scoreDocument(report, doc, byPath.get(doc.file)?.classification);
  report.seconds = (performance.now() - started) / 1000;
  return report;
}
