#!/usr/bin/env node
// Classification and clinical-date accuracy on the labelled evaluation set.
//
//   npm run eval                 evaluate fixtures/eval-set (prints accuracy, confusion matrix, every miss)
//   npm run eval -- --generate   regenerate fixtures/eval-set from src/synth/eval-set.ts (deterministic)
//
// Imports the built library (dist/): `npm run eval` builds first.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'fixtures', 'eval-set');
/** The evaluation's "today": fixed so results never depend on the clock. */
const TODAY = '2026-01-15';

async function generate() {
  const { buildEvalSet } = await import(path.join(root, 'tools/synth/eval-set.ts'));
  const { makeReportPdf } = await import(path.join(root, 'tools/synth/report-pdf.ts'));
  const docs = buildEvalSet();
  await rm(path.join(dir, 'reports'), { recursive: true, force: true });
  await mkdir(path.join(dir, 'reports'), { recursive: true });
  for (const doc of docs) await writeFile(path.join(dir, 'reports', doc.truth.file), await makeReportPdf(doc.spec));
  const truth = { generatedBy: 'npm run eval -- --generate (src/synth/eval-set.ts)', today: TODAY, documents: docs.map((d) => d.truth) };
  await writeFile(path.join(dir, 'truth.json'), JSON.stringify(truth, null, 2) + '\n');
  console.log(`wrote ${docs.length} reports and truth.json to ${path.relative(root, dir)}`);
}

const pct = (n, d) => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);

async function evaluate() {
  const { evaluateEvalSet } = await import(path.join(root, 'tools/eval/evaluate.ts'));
  const started = Date.now();
  const r = await evaluateEvalSet(dir);
  console.log(`Evaluation set: ${r.total} documents (${path.relative(root, dir)})`);
  console.log(`  category accuracy  ${pct(r.categoryCorrect, r.total)}  (${r.categoryCorrect}/${r.total})   target >= 95%`);
  console.log(`  date accuracy      ${pct(r.dateCorrect, r.total)}  (${r.dateCorrect}/${r.total})   target >= 95%`);
  console.log(`  modality accuracy  ${pct(r.modalityCorrect, r.modalityTotal)}  (${r.modalityCorrect}/${r.modalityTotal})`);
  console.log(`  wrong dates taken from birth dates or file names: ${r.wrongFromDecoys.length}   target 0`);
  for (const w of r.wrongFromDecoys) console.log(`    ${w.file}: ${w.got} (${w.source}, confidence ${w.confidence})`);
  console.log(`  time ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const cats = [...new Set([...Object.keys(r.confusion), ...Object.values(r.confusion).flatMap((row) => Object.keys(row))])].sort();
  const short = (c) => c.slice(0, 9);
  console.log('\nConfusion matrix (rows: truth, columns: predicted)');
  console.log(`${''.padEnd(20)}${cats.map((c) => short(c).padStart(10)).join('')}`);
  for (const t of cats) {
    if (!r.confusion[t]) continue;
    console.log(`${t.padEnd(20)}${cats.map((p) => String(r.confusion[t][p] ?? '.').padStart(10)).join('')}`);
  }

  console.log(r.misses.length ? `\nMisses (${r.misses.length})` : '\nNo misses.');
  for (const m of r.misses) {
    console.log(`  ${m.file}  ${m.field}: expected ${m.expected}, got ${m.got} (confidence ${m.confidence})`);
    for (const reason of m.reasons) console.log(`      ${reason.rule}${reason.category ? ` -> ${reason.category}` : ''} (${reason.weight})${reason.matched?.length ? `: ${reason.matched.join(', ')}` : ''}`);
    if (m.field === 'date' && m.date) console.log(`      date from ${m.date.source}${m.date.kind ? ` (${m.date.kind})` : ''}${m.date.evidence ? `: "${m.date.evidence}"` : ''}`);
  }
}

if (process.argv.includes('--generate')) await generate();
else await evaluate();
