import path from 'node:path';
import type { CategoryId } from '../../src/model/categories.js';
import { evaluateSet } from './evaluate.js';
import { generateSet } from './generate.js';
import { formatReport } from './print.js';
import { LABELLED_SETS, type LabelledSet } from './sets.js';

const USAGE = `usage: eval [heldout | regression | FOLDER]...   evaluate (default: every set, the held-out set first)
       eval corpus [--part train] [--category ID] [--limit N]   the corpus's held-out real documents as printouts
                     (needs CASEPACK_MTSAMPLES; docs/model.md); --part train prints the training part, misses listed, for tuning
       eval --generate [regression | heldout] [FOLDER]   rewrite a set from its generator (default: regression)
       eval --ocr [eval:ocr options]   scanned and photographed copies read by OCR (npm run eval:ocr -- --help)`;

function findSet(name: string): LabelledSet | undefined {
  return LABELLED_SETS.find((s) => s.name === name);
}

async function generate(args: string[]): Promise<void> {
  const set = findSet(args[0] ?? 'regression');
  if (!set) throw new Error(USAGE);
  const dir = path.resolve(args[1] ?? set.dir);
  const { documents, bytes } = await generateSet(set.name, dir);
  console.log(`wrote ${documents} reports (${(bytes / 1024).toFixed(0)} KiB) and truth.json to ${path.relative(process.cwd(), dir) || dir}`);
}

/**
 * `npm run eval` and `npm run eval:heldout`. Arguments name sets, or folders
 * holding a truth.json in the labelled-set format. It reports; the tests
 * (test/classify/heldout-gate, classify-regression) are what assert.
 */
export async function main(args: string[]): Promise<void> {
  if (args[0] === '--generate') return generate(args.slice(1));
  if (args[0] === '--layouts') return (await import('./layout-dates.js')).main(args.slice(1));
  if (args[0] === '--ocr') return (await import('./ocr/main.js')).main(args.slice(1));
  if (args[0] === 'corpus') return corpusSection(true, args.slice(1));
  if (args.some((a) => a.startsWith('-'))) throw new Error(USAGE);
  const targets = args.length === 0 ? [...LABELLED_SETS] : args.map((a) => findSet(a) ?? a);
  let first = true;
  for (const target of targets) {
    const dir = typeof target === 'string' ? path.resolve(target) : target.dir;
    const heading = typeof target === 'string'
      ? `Labelled set ${path.relative(process.cwd(), dir) || dir}`
      : `${target.title} (${path.relative(process.cwd(), target.dir)}; ${target.role})`;
    const gate = typeof target === 'string' ? 'nothing (not a gated set)' : target.gate;
    const report = await evaluateSet(dir);
    if (!first) console.log(`\n${'='.repeat(78)}\n`);
    console.log(formatReport(report, heading, gate));
    first = false;
  }
  if (args.length === 0) await corpusSection(false);
}

/** The held-out part of the training corpus as printouts: needs the corpus snapshot (CASEPACK_MTSAMPLES). */
async function corpusSection(required: boolean, args: string[] = []): Promise<void> {
  console.log(`\n${'='.repeat(78)}\n`);
  const snapshot = process.env.CASEPACK_MTSAMPLES;
  if (!snapshot && !required) {
    console.log('Real held-out documents: skipped, set CASEPACK_MTSAMPLES to the corpus snapshot (docs/model.md) to print them.');
    return;
  }
  const { evaluateCorpusPrintouts } = await import('./corpus-printouts.js');
  const option = (name: string): string | undefined => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
  const part = option('--part');
  if (part !== undefined && part !== 'train' && part !== 'heldout') throw new Error(USAGE);
  const limit = option('--limit');
  console.log(await evaluateCorpusPrintouts(snapshot, { part, category: option('--category') as CategoryId | undefined, limit: limit ? Number(limit) : undefined }));
}
