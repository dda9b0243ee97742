#!/usr/bin/env node
// Writes the held-out evaluation set (fixtures/eval-heldout, or the folder given
// as the first argument): one PDF per document of src/synth/eval-heldout.ts and
// truth.json beside them. Build first (`npx tsc -p tsconfig.build.json`).
// Deterministic: the same code gives the same bytes.
//
// The set was written without reading the classifier or the first evaluation
// set, so it measures how the rules carry over; evaluate it with
// `node scripts/eval-heldout.mjs`. Report its numbers; do not tune to them.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HELDOUT_TODAY, buildHeldoutSet } from '../tools/synth/eval-heldout.ts';
import { makeReportPdf } from '../tools/synth/report-pdf.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.resolve(process.argv[2] ?? path.join(root, 'fixtures', 'eval-heldout'));

const docs = buildHeldoutSet();
await mkdir(outDir, { recursive: true });
// Only our own outputs are replaced: stale PDFs from an older version of the set go.
for (const name of await readdir(outDir)) {
  if (name.endsWith('.pdf') || name === 'truth.json') await rm(path.join(outDir, name));
}
let bytes = 0;
for (const doc of docs) {
  const pdf = await makeReportPdf(doc.spec);
  bytes += pdf.length;
  await writeFile(path.join(outDir, doc.truth.file), pdf);
}
const truth = {
  generatedBy: 'node scripts/make-eval-heldout.mjs (src/synth/eval-heldout.ts)',
  today: HELDOUT_TODAY,
  documents: docs.map((d) => d.truth),
};
await writeFile(path.join(outDir, 'truth.json'), JSON.stringify(truth, null, 2) + '\n');
console.log(`wrote ${docs.length} reports (${(bytes / 1024).toFixed(0)} KiB) and truth.json to ${path.relative(root, outDir) || outDir}`);
