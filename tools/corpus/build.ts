import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dropReserved, mtSamplesDocuments, readMtSamples, readReserved, type FilterCount } from './mtsamples.js';
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
}

const HOW_TO = `The MTSamples snapshot is needed: fetch github:ML4LHS/clinspacy (it holds data/mtsamples.rda) and pass its path:
  npm run train -- --mtsamples /work/.mirror/ML4LHS+clinspacy/repo
or set CASEPACK_MTSAMPLES to it. The reserved-document list is read from ../shared/reserved/evaluation-documents.tsv (or --reserved FILE).`;

export function buildCorpus(snapshot: string | undefined, reservedPath = path.resolve(ROOT, '../shared/reserved/evaluation-documents.tsv')): BuiltCorpus {
  if (!snapshot || !fs.existsSync(snapshot)) throw new Error(`no MTSamples snapshot${snapshot ? ` at ${snapshot}` : ''}.\n${HOW_TO}`);
  if (!fs.existsSync(reservedPath)) throw new Error(`the reserved-document list ${reservedPath} is missing: without it the corpus could hold documents kept for independent evaluation.\n${HOW_TO}`);
  const reserved = readReserved(reservedPath);
  const { kept, count } = dropReserved(readMtSamples(snapshot), reserved);
  const { docs, unlabelled } = mtSamplesDocuments(kept);
  const documents = [...docs, ...writerDocuments(WRITER_DOCUMENTS_PER_CATEGORY)];
  const dir = corpusCacheDir();
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'corpus.jsonl'), documents.map((d) => JSON.stringify(d)).join('\n') + '\n');
  return { documents, filter: count, unlabelled, snapshot };
}
