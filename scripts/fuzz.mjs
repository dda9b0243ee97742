// `npm run fuzz`: at least 10,000 generated cases across every probe (DICOM,
// DICOMDIR, TIFF/BigTIFF/NDPI, PDF, images) through the probe dispatcher.
// Prints cases, findings by code, uncaught exceptions (must be 0), hangs (must
// be 0), over-allocations (must be 0) and peak RSS; exits 1 when any must-be-0
// count is not 0, listing each failing case so it can be replayed.
//
// The harness is the one the test suite uses (test/support/fuzz-*.ts),
// transpiled here into a private temp folder; the probes come from dist/.
// Cases run in a worker thread so that even a synchronous endless loop is
// caught: the main thread kills a silent worker and counts a hang.
//
// Then the hostile inputs of scripts/fuzz-bombs.mjs (image, PDF-stream,
// archive, verify and YAML bombs), each run by the CLI as a child process with
// its peak RSS and time; a broken bomb also makes the run exit 1.
//
//   node scripts/fuzz.mjs [cases=10000] [seed=20261122] [--bombs | --no-bombs]
//   (--bombs: the bombs only; --no-bombs: the generated cases only)
/* global setInterval, clearInterval */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => pathToFileURL(path.join(ROOT, 'dist', p)).href;
const BUDGET_MS = 2000;
const WATCHDOG_MS = 15_000;
const MAX_CUTS_PER_SEED = 400;

if (isMainThread) await main();
else await worker();

async function main() {
  const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
  const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  let failed = false;
  if (!flags.includes('--bombs')) failed = await fuzzProbes(Number(positional[0] ?? 10_000), Number(positional[1] ?? 20261122));
  if (!flags.includes('--no-bombs')) {
    const { runBombs } = await import('./fuzz-bombs.mjs');
    const { broken } = await runBombs();
    failed ||= broken > 0;
  }
  process.exitCode = failed ? 1 : 0;
}

/** The generated cases through the probe dispatcher; true when any must-be-0 count is not 0. */
async function fuzzProbes(total, seed) {
  const { makePrivateTempDir } = await import(dist('util/tempdir.js'));
  const harness = await makePrivateTempDir({ prefix: 'casepack-fuzz-harness-' });
  const ts = (await import('typescript')).default;
  for (const name of ['fuzz-mutate', 'fuzz-run', 'fuzz-seeds']) {
    const source = await readFile(path.join(ROOT, 'test/support', `${name}.ts`), 'utf8');
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    await writeFile(path.join(harness.path, `${name}.mjs`), js, { mode: 0o600 });
  }

  const tally = { cases: 0, byCode: new Map(), byFamily: new Map(), byFormat: new Map(), exceptions: [], hangs: [], overAlloc: [], slowest: { ms: 0, label: '' } };
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 100);
  const started = Date.now();
  let next = 0;
  while (next < total) {
    next = await runWorker({ harnessDir: harness.path, start: next, total, seed }, tally);
  }
  clearInterval(sampler);
  await harness.remove();

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const sorted = (map) => [...map.entries()].sort((a, b) => b[1] - a[1]);
  console.log(`casepack fuzz: ${tally.cases} cases in ${seconds} s (seed ${seed}, budget ${BUDGET_MS} ms per case)`);
  console.log('cases by seed format:', Object.fromEntries(sorted(tally.byFormat)));
  console.log('families the probes reported:', Object.fromEntries(sorted(tally.byFamily)));
  console.log('findings by code:');
  for (const [code, n] of sorted(tally.byCode)) console.log(`  ${code.padEnd(28)} ${n}`);
  console.log(`uncaught exceptions: ${tally.exceptions.length}`);
  console.log(`hangs: ${tally.hangs.length}`);
  console.log(`over-allocations: ${tally.overAlloc.length}`);
  console.log(`slowest case: ${tally.slowest.ms.toFixed(0)} ms (${tally.slowest.label})`);
  console.log(`peak RSS: ${(peakRss / 1024 / 1024).toFixed(0)} MB`);
  const failures = [...tally.exceptions, ...tally.hangs, ...tally.overAlloc];
  for (const failure of failures.slice(0, 20)) console.log(`FAIL ${failure}`);
  return failures.length > 0;
}

/** Runs cases from `start` until done or the worker goes silent; returns the next case to run. */
function runWorker(data, tally) {
  return new Promise((resolve) => {
    const w = new Worker(new URL(import.meta.url), { workerData: data });
    let current = { index: data.start, label: '' };
    let lastBeat = Date.now();
    let settled = false;
    const finish = (nextIndex) => { if (!settled) { settled = true; clearInterval(watchdog); resolve(nextIndex); } };
    const watchdog = setInterval(() => {
      if (Date.now() - lastBeat < WATCHDOG_MS) return;
      tally.cases++;
      tally.hangs.push(`case ${current.index} ${current.label}: worker silent for ${WATCHDOG_MS} ms (synchronous hang)`);
      void w.terminate();
      finish(current.index + 1);
    }, 1000);
    w.on('message', (msg) => {
      lastBeat = Date.now();
      if (msg.type === 'start') { current = msg; return; }
      if (msg.type === 'done') {
        const r = msg.result;
        tally.cases++;
        for (const code of r.codes) tally.byCode.set(code, (tally.byCode.get(code) ?? 0) + 1);
        tally.byFormat.set(msg.format, (tally.byFormat.get(msg.format) ?? 0) + 1);
        if (r.family) tally.byFamily.set(r.family, (tally.byFamily.get(r.family) ?? 0) + 1);
        if (r.threw) tally.exceptions.push(`case ${msg.index} ${msg.label}: ${r.threw}`);
        if (r.hung) tally.hangs.push(`case ${msg.index} ${msg.label}: no answer within ${BUDGET_MS} ms`);
        if (r.largestAlloc > msg.allowance) tally.overAlloc.push(`case ${msg.index} ${msg.label}: asked for ${r.largestAlloc} bytes`);
        if (r.ms > tally.slowest.ms) tally.slowest = { ms: r.ms, label: `case ${msg.index} ${msg.label}` };
        if (msg.index % 1000 === 999) process.stderr.write(`  ${msg.index + 1} cases\n`);
      }
      if (msg.type === 'end') finish(data.total);
    });
    w.on('error', (err) => {
      tally.cases++;
      tally.exceptions.push(`case ${current.index} ${current.label}: worker died: ${err?.message ?? err}`);
      finish(current.index + 1);
    });
    w.on('exit', () => finish(current.index + 1));
  });
}

async function worker() {
  const { harnessDir, start, total, seed } = workerData;
  const load = (name) => import(pathToFileURL(path.join(harnessDir, `${name}.mjs`)).href);
  const [{ applyMutations, mutationsArbitrary }, { runCase, allocationAllowance }, { syntheticSeeds, corpusSeeds }] =
    await Promise.all([load('fuzz-mutate'), load('fuzz-run'), load('fuzz-seeds')]);
  const fc = (await import('fast-check')).default;
  const { probeFile } = await import(dist('probe/index.js'));
  const { makePrivateTempDir } = await import(dist('util/tempdir.js'));
  // The writers are TypeScript in tools/: the parent's `--import tsx` loader does not reach worker threads on Node 20.
  (await import('tsx/esm/api')).register();
  const writers = {
    dicom: await import(pathToFileURL(path.join(ROOT, 'tools/synth/dicom-writer.ts')).href),
    tiff: await import(pathToFileURL(path.join(ROOT, 'tools/synth/tiff-writer.ts')).href),
    image: await import(pathToFileURL(path.join(ROOT, 'tools/synth/image-writer.ts')).href),
    pdf: await import(pathToFileURL(path.join(ROOT, 'tools/synth/report-pdf.ts')).href),
  };
  const seeds = [...(await syntheticSeeds(writers)), ...(await corpusSeeds(path.resolve(ROOT, '../shared/corpus')))];

  // Phase 1: every prefix of the small synthetic headers (bounded per seed). Phase 2: random mutations.
  // Interleaved across seeds, so a short run still cuts every format.
  const perSeed = seeds.filter((x) => !x.name.startsWith('corpus/') && x.format !== 'pdf').map((s) => {
    const step = Math.max(1, Math.ceil(s.bytes.length / MAX_CUTS_PER_SEED));
    const list = [];
    for (let at = 1; at < s.bytes.length; at += step) list.push([s, at]);
    return list;
  });
  const cuts = [];
  for (let k = 0; perSeed.some((list) => k < list.length); k++) for (const list of perSeed) if (k < list.length) cuts.push(list[k]);
  const arbitrary = mutationsArbitrary(fc);
  const work = await makePrivateTempDir({ prefix: 'casepack-fuzz-' });
  // Warm-up, not counted: the first PDF loads pdf.js, which is start-up cost, not the probe's.
  for (const s of seeds) await runCase(probeFile, work.path, 'warm-up', s.bytes, 60_000);
  for (let index = start; index < total; index++) {
    let s;
    let bytes;
    let label;
    if (index < Math.min(cuts.length, Math.floor(total / 2))) {
      const [cutSeed, at] = cuts[index];
      s = cutSeed;
      bytes = s.bytes.subarray(0, at);
      label = `${s.name} truncated at ${at}`;
    } else {
      // Case i is fully determined by (seed, i): replay one with `node scripts/fuzz.mjs <i+1> <seed>`.
      // Seeds in turn (fast-check's integer bias would favour the first ones).
      const [mutations] = fc.sample(arbitrary, { seed: seed + index, numRuns: 1 });
      s = seeds[index % seeds.length];
      bytes = applyMutations(s.bytes, mutations);
      label = `${s.name} ${JSON.stringify(mutations)}`;
    }
    parentPort.postMessage({ type: 'start', index, label });
    const result = await runCase(probeFile, work.path, `case-${index}`, bytes, BUDGET_MS);
    parentPort.postMessage({ type: 'done', index, label, format: s.format, result, allowance: allocationAllowance(bytes.length) });
  }
  await work.remove();
  parentPort.postMessage({ type: 'end' });
}
