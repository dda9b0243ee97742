#!/usr/bin/env node
// Classification and clinical-date accuracy on the held-out evaluation set
// (fixtures/eval-heldout, or the folder given as the first argument).
// Runs the public scan (dist/scan.js) over the folder as one case, with the
// set's fixed "today", and compares each PDF's classification with truth.json.
// Prints category, date and modality accuracy, a confusion matrix and every
// miss with the reasons the tool gave. It reports; it asserts nothing.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanCase } from '../dist/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.resolve(process.argv[2] ?? path.join(root, 'fixtures', 'eval-heldout'));
const truth = JSON.parse(await readFile(path.join(dir, 'truth.json'), 'utf8'));

const started = Date.now();
const scan = await scanCase(dir, { today: new Date(`${truth.today}T12:00:00Z`), archives: false });
const byPath = new Map(scan.files.map((f) => [f.path, f]));

const sameSet = (a = [], b = []) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

/** Whether the tool's date matches the truth, and how to print what it gave. */
function judgeDate(t, d) {
  if (t.ambiguous) return d === null || (d.date === null && sameSet(d.ambiguous, t.ambiguous));
  if (t.date === null) return d === null || (d.date === null && !d.ambiguous?.length);
  if (!d || d.date !== t.date) return false;
  return t.start ? d.start === t.start : true;
}
const showTruthDate = (t) => (t.ambiguous ? `ambiguous ${t.ambiguous.join(' | ')}` : t.date === null ? 'none' : t.start ? `${t.start}..${t.date}` : t.date);
const showDate = (d) => (!d ? 'none' : d.date === null ? (d.ambiguous?.length ? `ambiguous ${d.ambiguous.join(' | ')}` : 'none') : d.start ? `${d.start}..${d.date}` : d.date);

const confusion = {};
const misses = [];
let categoryCorrect = 0;
let dateCorrect = 0;
let modalityCorrect = 0;
let modalityTotal = 0;
let confidentWrongDates = 0;
/** Date misses where the tool fell back to the PDF's own creation date: by design its last resort, so counted apart. */
let metadataFallbackMisses = 0;
const byOrigin = {};
for (const t of truth.documents) {
  const file = byPath.get(t.file);
  const c = file?.classification;
  const got = c?.category ?? '(not scanned)';
  (confusion[t.category] ??= {})[got] = (confusion[t.category][got] ?? 0) + 1;
  const o = (byOrigin[t.origin] ??= { total: 0, category: 0, date: 0 });
  o.total++;
  const catOk = got === t.category;
  if (catOk) { categoryCorrect++; o.category++; }
  const d = c?.date ?? null;
  const dateOk = judgeDate(t, d);
  if (dateOk) { dateCorrect++; o.date++; }
  else if (d?.date && d.confidence >= 0.5) confidentWrongDates++;
  if (!dateOk && d?.source === 'file-metadata') metadataFallbackMisses++;
  let modalityOk = true;
  if (t.modality) {
    modalityTotal++;
    modalityOk = c?.modality === t.modality;
    if (modalityOk) modalityCorrect++;
  }
  if (!catOk || !dateOk || !modalityOk) misses.push({ t, c, catOk, dateOk, modalityOk });
}

const pct = (n, d) => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);
const n = truth.documents.length;
console.log(`Held-out evaluation set: ${n} documents (${path.relative(root, dir) || dir}), today ${truth.today}`);
console.log(`  category accuracy  ${pct(categoryCorrect, n)}  (${categoryCorrect}/${n})`);
console.log(`  date accuracy      ${pct(dateCorrect, n)}  (${dateCorrect}/${n})`);
console.log(`    of the date misses, ${metadataFallbackMisses} are low-confidence fallbacks to the PDF creation date (no date accepted from the content)`);
console.log(`  modality accuracy  ${pct(modalityCorrect, modalityTotal)}  (${modalityCorrect}/${modalityTotal})`);
console.log(`  wrong dates given with confidence >= 0.5: ${confidentWrongDates}`);
console.log(`  by origin: ${Object.entries(byOrigin).map(([k, v]) => `${k} cat ${v.category}/${v.total} date ${v.date}/${v.total}`).join('; ')}`);
console.log(`  time ${((Date.now() - started) / 1000).toFixed(1)} s`);

const cats = [...new Set([...Object.keys(confusion), ...Object.values(confusion).flatMap((row) => Object.keys(row))])].sort();
console.log('\nConfusion matrix (rows: truth, columns: predicted)');
console.log(`${''.padEnd(20)}${cats.map((c) => c.slice(0, 9).padStart(10)).join('')}`);
for (const t of cats) {
  if (!confusion[t]) continue;
  console.log(`${t.padEnd(20)}${cats.map((p) => String(confusion[t][p] ?? '.').padStart(10)).join('')}`);
}

console.log(misses.length ? `\nMisses (${misses.length} documents)` : '\nNo misses.');
for (const { t, c, catOk, dateOk, modalityOk } of misses) {
  console.log(`  ${t.file}  [${t.origin}]`);
  if (!catOk) console.log(`    category: expected ${t.category}, got ${c?.category ?? 'nothing'} (confidence ${c?.confidence ?? '-'})${c?.tiedWith?.length ? `, tied with ${c.tiedWith.join(', ')}` : ''}`);
  if (!dateOk) {
    const d = c?.date ?? null;
    console.log(`    date: expected ${showTruthDate(t)}, got ${showDate(d)}${d ? ` (${d.source}${d.kind ? `, ${d.kind}` : ''}, confidence ${d.confidence})` : ''}`);
    if (d?.evidence) console.log(`      evidence: "${d.evidence}"`);
  }
  if (!modalityOk) console.log(`    modality: expected ${t.modality}, got ${c?.modality ?? 'none'}`);
  if (!catOk) for (const r of c?.reasons ?? []) console.log(`      ${r.rule}${r.category ? ` -> ${r.category}` : ''} (${r.weight})${r.matched?.length ? `: ${r.matched.join(', ')}` : ''}`);
  console.log(`    traps: ${t.traps.join('; ')}`);
}
