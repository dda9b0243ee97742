import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { corpusCacheDir } from '../corpus/build.js';

/**
 * The primary-or-summary set (fixtures/eval-primary/labels.tsv): ids and labels only, never texts.
 * Real documents come from the corpus cache (TCGA pathology reports, MTSamples radiology and
 * operative reports: the department's own report; MTSamples letters, clinic notes and discharge
 * summaries that quote a result: summaries); synthetic molecular reports and letters come from
 * `syntheticPrimaryDocuments`. The held-out part is chosen by a hash of the id, before any rule.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
export const PRIMARY_LABELS = path.join(ROOT, 'fixtures', 'eval-primary', 'labels.tsv');
const RESERVED = path.resolve(ROOT, '../shared/reserved/evaluation-documents.tsv');

export type SourceLabel = 'primary' | 'summary';
export interface CorpusDocument { id: string; source: string; group: string; label: string; text: string }
export interface LabelledRow { id: string; label: SourceLabel; split: 'tune' | 'heldout'; origin: string }

/** A quarter of the ids, by hash: never looked at while the rules were written. */
export function isHeldOut(id: string): boolean {
  return '0123'.includes(createHash('sha1').update(id).digest('hex')[0] ?? '');
}

function hashOrder(id: string): string {
  return createHash('sha1').update(`order:${id}`).digest('hex');
}

export function corpusPath(): string {
  return path.join(corpusCacheDir(), 'corpus.jsonl');
}

export function loadCorpus(): CorpusDocument[] | undefined {
  const file = corpusPath();
  if (!existsSync(file)) return undefined;
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as CorpusDocument);
}

/** MTSamples sample numbers and TCGA barcodes reserved for independent evaluation. */
export function reservedIds(): { mtsamples: Set<string>; tcga: Set<string> } {
  const out = { mtsamples: new Set<string>(), tcga: new Set<string>() };
  if (!existsSync(RESERVED)) throw new Error(`the reserved list is missing (${RESERVED}); refusing to build a set without it`);
  for (const line of readFileSync(RESERVED, 'utf8').split('\n')) {
    if (line.startsWith('#') || !line.trim()) continue;
    const [source, id] = line.split('\t');
    if (source === 'MTSamples' && id) out.mtsamples.add(id.trim());
    else if (source?.startsWith('TCGA') && id) out.tcga.add(id.trim());
  }
  return out;
}

export function isReserved(doc: CorpusDocument, reserved = reservedIds()): boolean {
  if (doc.source === 'mtsamples') return reserved.mtsamples.has(doc.id.replace(/^mt-/, ''));
  if (doc.source === 'tcga') return [...reserved.tcga].some((barcode) => doc.group.includes(barcode) || doc.id.includes(barcode));
  return false;
}

/** Letters and notes that quote a result (a scan, a biopsy, a test): the ones a checklist could mistake for the report. */
const QUOTES_RESULT = /\b(CT|MRI|PET|ultrasound|x-ray|biopsy|pathology|mutation|KRAS|EGFR|HER2|showed|revealed|demonstrated)\b/i;

interface Quota { source: string; label: string; take: number; labelAs: SourceLabel; quoting?: boolean }
const QUOTAS: Quota[] = [
  { source: 'tcga', label: 'pathology-report', take: 1000, labelAs: 'primary' },
  { source: 'mtsamples', label: 'imaging-report', take: 60, labelAs: 'primary' },
  { source: 'mtsamples', label: 'operative-report', take: 40, labelAs: 'primary' },
  { source: 'writer', label: 'molecular-report', take: 40, labelAs: 'primary' },
  { source: 'writer', label: 'pathology-report', take: 20, labelAs: 'primary' },
  { source: 'writer', label: 'radiotherapy-record', take: 10, labelAs: 'primary' },
  { source: 'mtsamples', label: 'clinical-summary', take: 150, labelAs: 'summary', quoting: true },
  { source: 'mtsamples', label: 'discharge-summary', take: 60, labelAs: 'summary', quoting: true },
];

/** Choose the set from the corpus (deterministic), plus the synthetic documents. */
export function selectPrimarySet(corpus: readonly CorpusDocument[]): LabelledRow[] {
  const reserved = reservedIds();
  const rows: LabelledRow[] = [];
  for (const quota of QUOTAS) {
    const pool = corpus.filter((d) => d.source === quota.source && d.label === quota.label && !isReserved(d, reserved) && (!quota.quoting || QUOTES_RESULT.test(d.text)));
    pool.sort((a, b) => hashOrder(a.id) < hashOrder(b.id) ? -1 : 1);
    for (const d of pool.slice(0, quota.take)) rows.push({ id: d.id, label: quota.labelAs, split: isHeldOut(d.id) ? 'heldout' : 'tune', origin: `${d.source}/${d.label}` });
  }
  for (const d of syntheticPrimaryDocuments()) rows.push({ id: d.id, label: d.label, split: isHeldOut(d.id) ? 'heldout' : 'tune', origin: 'synthetic' });
  return rows;
}

export function readLabels(file = PRIMARY_LABELS): LabelledRow[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#') && !l.startsWith('id\t')).map((line) => {
    const [id, label, split, origin] = line.split('\t');
    return { id: id ?? '', label: label as SourceLabel, split: split as LabelledRow['split'], origin: origin ?? '' };
  });
}

export function formatLabels(rows: readonly LabelledRow[]): string {
  const head = '# Primary report or summary/mention: ids and labels only (texts stay in the corpus cache or are regenerated by tools/eval/primary-synthetic.ts).\n# Written by `node --import tsx scripts/make-primary-set.mjs`; split by a hash of the id (tools/eval/primary-set.ts isHeldOut).\nid\tlabel\tsplit\torigin\n';
  return head + rows.map((r) => `${r.id}\t${r.label}\t${r.split}\t${r.origin}`).join('\n') + '\n';
}

export { syntheticPrimaryDocuments } from './primary-synthetic.js';
import { syntheticPrimaryDocuments } from './primary-synthetic.js';
