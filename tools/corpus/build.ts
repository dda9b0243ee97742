import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dropReserved, mtSamplesDocuments, readMtSamples, readReserved, type FilterCount, type ReservedSet } from './mtsamples.js';
import { readTcgaReports, TCGA_HOW_TO, tcgaDocuments, type TcgaCount } from './tcga.js';
import type { CorpusDocument } from './types.js';
import { writerDocuments } from './writers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Where the built corpus is cached: outside the repository, third-party text is never committed. */
export function corpusCacheDir(): string {
  return process.env.CASEPACK_CORPUS_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'casepack-corpus');
}

export const WRITER_DOCUMENTS_PER_CATEGORY = 150;

export interface BuiltCorpus {
  documents: CorpusDocument[];
  filter: FilterCount;
  unlabelled: number;
  snapshot: string;
  /** The TCGA source's counts, or why it was skipped. */
  tcga: TcgaCount | { skipped: string };
}

/** Where the TCGA report texts are read from: the argument, CASEPACK_TCGA, else the prepared cache when it exists. */
export function tcgaSource(explicit?: string): string | undefined {
  const chosen = explicit ?? (process.env.CASEPACK_TCGA || undefined);
  if (chosen) return chosen;
  const cached = path.join(corpusCacheDir(), 'tcga-transcripts');
  return fs.existsSync(cached) ? cached : undefined;
}

const HOW_TO = `The MTSamples snapshot is needed: fetch github:ML4LHS/clinspacy (it holds data/mtsamples.rda) and pass its path:
  npm run train -- --mtsamples /work/.mirror/ML4LHS+clinspacy/repo
or set CASEPACK_MTSAMPLES to it. The reserved-document list is read from ../shared/reserved/evaluation-documents.tsv (or --reserved FILE).`;

export function buildCorpus(snapshot: string | undefined, reservedPath = path.resolve(ROOT, '../shared/reserved/evaluation-documents.tsv'), tcga = tcgaSource()): BuiltCorpus {
  if (!snapshot || !fs.existsSync(snapshot)) throw new Error(`no MTSamples snapshot${snapshot ? ` at ${snapshot}` : ''}.\n${HOW_TO}`);
  if (!fs.existsSync(reservedPath)) throw new Error(`the reserved-document list ${reservedPath} is missing: without it the corpus could hold documents kept for independent evaluation.\n${HOW_TO}`);
  const reserved = readReserved(reservedPath);
  const { kept, count } = dropReserved(readMtSamples(snapshot), reserved);
  const { docs, unlabelled } = mtSamplesDocuments(kept);
  const real = tcgaPart(tcga, reserved);
  const documents = [...docs, ...real.docs, ...writerDocuments(WRITER_DOCUMENTS_PER_CATEGORY)];
  const dir = corpusCacheDir();
  fs.mkdirSync(dir, { recursive: true });
  writeAtomically(path.join(dir, 'corpus.jsonl'), documents.map((d) => JSON.stringify(d)).join('\n') + '\n');
  return { documents, filter: count, unlabelled, snapshot, tcga: real.count };
}

/**
 * Other processes read the cached corpus while it is rebuilt: a temporary
 * file in the same folder renamed over it, so a reader sees the old corpus
 * or the new one, never half of one.
 */
export function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function tcgaPart(source: string | undefined, reserved: ReservedSet): { docs: CorpusDocument[]; count: TcgaCount | { skipped: string } } {
  if (!source) return { docs: [], count: { skipped: `no TCGA report texts found, the corpus has no real pathology reports.\n${TCGA_HOW_TO}` } };
  if (!fs.existsSync(source)) return { docs: [], count: { skipped: `no TCGA report texts at ${source}.\n${TCGA_HOW_TO}` } };
  return tcgaDocuments(readTcgaReports(source, path.join(corpusCacheDir(), 'tcga-ocr')), reserved, source);
}
