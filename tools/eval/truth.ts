import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { CategoryIdSchema, IsoDateSchema } from '../../src/index.js';
import { makeReportPdf, type ReportSpec } from '../synth/report-pdf.js';

/**
 * The one truth format for every labelled set of documents (the held-out set
 * and the classifier regression set): `truth.json` beside the set, naming the
 * folder its documents are in and, per document, what the tool should find.
 */
export const TRUTH_FORMAT = 'casepack-labelled-set/1';
export const TRUTH_FILE_NAME = 'truth.json';

export const LabelledDocumentSchema = z.object({
  /** Path of the document inside `documentsDir`, as the scan reports it. */
  file: z.string(),
  category: CategoryIdSchema,
  /** The clinical date; null when there is none or when it is ambiguous. */
  date: IsoDateSchema.nullable(),
  /** For a series (cumulative labs): the earliest date; `date` is the latest. */
  start: IsoDateSchema.optional(),
  /** A numeric date that nobody can read one way only: both readings, and `date` is null. */
  ambiguous: z.tuple([IsoDateSchema, IsoDateSchema]).optional(),
  /** Imaging reports: the expected modality code. */
  modality: z.string().optional(),
  /** Where the layout and date conventions come from (US, UK, IN, EU, ME). */
  origin: z.string(),
  /** Dates in the document that would be wrong to choose. */
  decoys: z.object({ birth: z.string(), filename: z.string().optional() }).optional(),
  /** What makes the document hard, for whoever reads a miss. */
  traps: z.array(z.string()).optional(),
  note: z.string().optional(),
});
export type LabelledDocument = z.infer<typeof LabelledDocumentSchema>;

export const TruthFileSchema = z.object({
  format: z.literal(TRUTH_FORMAT),
  generatedBy: z.string(),
  /** The evaluation's "today": fixed so results never depend on the clock. */
  today: IsoDateSchema,
  /** The folder scanned as one case, relative to truth.json ('.' for the set's own folder). */
  documentsDir: z.string(),
  documents: z.array(LabelledDocumentSchema),
});
export type TruthFile = z.infer<typeof TruthFileSchema>;

export async function loadTruth(setDir: string): Promise<TruthFile> {
  const text = await readFile(path.join(setDir, TRUTH_FILE_NAME), 'utf8');
  return TruthFileSchema.parse(JSON.parse(text));
}

export interface LabelledSetSource {
  generatedBy: string;
  today: string;
  documentsDir: string;
  documents: Array<{ truth: LabelledDocument; spec: ReportSpec }>;
}

/**
 * Write a generated set: one report PDF per document and truth.json. Only the
 * set's own outputs are replaced, so stale PDFs from an older version go and
 * nothing else in the folder is touched. Returns the bytes of PDF written.
 */
export async function writeLabelledSet(setDir: string, source: LabelledSetSource): Promise<number> {
  const documentsDir = path.join(setDir, source.documentsDir);
  await mkdir(documentsDir, { recursive: true });
  for (const name of await readdir(documentsDir)) {
    if (name.endsWith('.pdf')) await rm(path.join(documentsDir, name));
  }
  let bytes = 0;
  for (const doc of source.documents) {
    const pdf = await makeReportPdf(doc.spec);
    bytes += pdf.length;
    await writeFile(path.join(documentsDir, doc.truth.file), pdf);
  }
  const truth: TruthFile = {
    format: TRUTH_FORMAT,
    generatedBy: source.generatedBy,
    today: source.today,
    documentsDir: source.documentsDir,
    documents: source.documents.map((d) => d.truth),
  };
  await writeFile(path.join(setDir, TRUTH_FILE_NAME), JSON.stringify(truth, null, 2) + '\n');
  return bytes;
}
