// Benchmark: issue 15's memory row for build: peak RSS of `casepack build` of
// synthetic CT CDs of 3,000, 10,000 and 20,000 files (the same CDs bench/scan.mjs
// scans; pixel data a sparse hole, so 20,000 files are ~10 GB to read and
// deflate but take little disk). Flat means the peak does not grow with the
// number of files. One run each: peak RSS does not depend on the machine's load.
// Writes the "Build memory" section of docs/performance.md; figures, not pass/fail.
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { replaceSection } from './lib/build-report.mjs';
import { ensureSyntheticCd, WORK_DIR } from './lib/synthetic-cd.mjs';
import { ensureTools, timed } from './lib/tools.mjs';

const TARGET_RSS_MB = 300;
/** "Flat": at most this much more peak RSS per file between the smallest and the largest CD (1 KB a file is 17 MB from 3,000 to 20,000 files). */
const FLAT_KB_PER_FILE = 1;
const REPO = path.resolve(import.meta.dirname, '..');
const CASEPACK = path.join(REPO, 'bin', 'casepack');
const PERFORMANCE_DOC = path.join(REPO, 'docs', 'performance.md');
const SIZES = (process.env.BENCH_BUILD_MEMORY_FILES ?? '3000,10000,20000').split(',').map(Number);
/** The CDs bench/scan.mjs makes (same names and series), so one copy serves both benchmarks. */
const SERIES_PER_1000_FILES = 2;

const fmt = (n, digits = 0) => n.toFixed(digits);

async function main() {
  if (!existsSync(path.join(REPO, 'dist', 'index.js'))) throw new Error('dist/ is not built: run `npm run build` first');
  ensureTools();
  const loads = [loadavg()[0]];
  const results = [];
  for (const files of SIZES) {
    const cd = await ensureSyntheticCd({ name: `cd-${files}`, dicomFiles: files, series: Math.max(1, (files / 1000) * SERIES_PER_1000_FILES), slides: false, pdfs: false });
    // What the build holds before it packs anything: scanning and checking the same case (text output, as build prints nothing with --quiet).
    const checkRun = timed(process.execPath, [CASEPACK, 'check', cd.root, '--no-ocr']);
    if (checkRun.exitCode > 1) throw new Error(`casepack check of ${files} files exited ${checkRun.exitCode}: ${checkRun.stderr.slice(-400)}`);
    const packet = path.join(WORK_DIR, `build-memory-${files}.zip`);
    const run = timed(process.execPath, [CASEPACK, 'build', cd.root, '-o', packet, '--quiet', '--force', '--no-ocr']);
    // Exit 1 is a packet built with findings (a synthetic CD misses most of the checklist).
    if (run.exitCode > 1) throw new Error(`casepack build of ${files} files exited ${run.exitCode}: ${run.stderr.slice(-400)}`);
    await rm(packet, { force: true });
    await rm(`${packet}.sha256`, { force: true });
    results.push({ files: files + 1, ...run, checkPeakRssMb: checkRun.peakRssMb });
    loads.push(loadavg()[0]);
    console.log(`build, ${files}-file CT CD: ${fmt(run.peakRssMb)} MB peak RSS, ${fmt(run.seconds, 1)} s wall, ${fmt(run.cpuSeconds, 1)} s CPU; check of the same case ${fmt(checkRun.peakRssMb)} MB`);
  }
  const first = results[0];
  const last = results.at(-1);
  const perFileKb = results.length > 1 ? ((last.peakRssMb - first.peakRssMb) * 1024) / (last.files - first.files) : 0;
  const atTarget = last.files > 20000 ? (last.peakRssMb < TARGET_RSS_MB ? 'met' : 'MISSED') : 'not measured at 20,000 files';
  // Flat is a separate half of the target: under 300 MB at 20,000 files can still grow with every file.
  const flat = results.length < 2 ? 'not measured' : perFileKb <= FLAT_KB_PER_FILE ? 'met' : 'MISSED';
  const verdict = `peak RSS of build: ${results.map((r) => `${fmt(r.peakRssMb)} MB at ${r.files} files`).join(', ')}; ${fmt(perFileKb, 1)} KB more per file (target < ${TARGET_RSS_MB} MB at 20,000 files: ${atTarget}; flat, at most ${FLAT_KB_PER_FILE} KB a file: ${flat}).`;
  // The part of the growth that is the build's own: its peak above the scan and check it starts with.
  const above = results.map((r) => `${fmt(r.peakRssMb - r.checkPeakRssMb)} MB at ${r.files} files`).join(', ');
  const checkPerFileKb = results.length > 1 ? ((last.checkPeakRssMb - first.checkPeakRssMb) * 1024) / (last.files - first.files) : 0;
  const ownShare = `\`casepack check\` of the same cases peaks at ${results.map((r) => `${fmt(r.checkPeakRssMb)} MB`).join(', ')} (${fmt(checkPerFileKb, 1)} KB more per file); the build's peak above it: ${above}.`;
  console.log(verdict);
  console.log(ownShare);
  const lines = [
    `\`npm run bench -- build-memory\` (bench/build-memory.mjs). ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${cpus().length} cores, Node ${process.version}, load ${loads.map((l) => l.toFixed(1)).join(' → ')}; one build each of the synthetic CT CDs bench/scan.mjs scans (pixel data a sparse hole, ~0.5 MB a file), \`--no-ocr\`.`,
    '',
    '| files | peak RSS MB | wall s | CPU s | `check` peak RSS MB |',
    '|---|---|---|---|---|',
    ...results.map((r) => `| ${r.files} | ${fmt(r.peakRssMb)} | ${fmt(r.seconds, 1)} | ${fmt(r.cpuSeconds, 1)} | ${fmt(r.checkPeakRssMb)} |`),
    '',
    `- ${verdict}`,
    `- ${ownShare}`,
  ];
  const doc = await readFile(PERFORMANCE_DOC, 'utf8');
  const heading = doc.includes('\n## Build memory\n') ? doc : doc.replace('\n## Merge\n', '\n## Build memory\n\n## Merge\n');
  await writeFile(PERFORMANCE_DOC, replaceSection(heading, 'Build memory', lines.join('\n')).replace(/\n{3,}/g, '\n\n'));
  console.log(`bench/build-memory: wrote ${path.relative(process.cwd(), PERFORMANCE_DOC)}`);
}

await main();
