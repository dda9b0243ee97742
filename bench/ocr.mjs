// Benchmark (issue 10): OCR seconds per page, casepack against Debian's native
// tesseract 5 on the same page images in the same run, both on two cores
// (native: two processes at once with OMP_THREAD_LIMIT=1; casepack: two
// parallel recognitions), interleaved in halves so a load that comes and goes
// on a shared machine hits both alike; then `casepack scan` of a scanned folder
// (10-page image-only PDFs) cold and warm with the peak RSS of the process,
// which covers the page workers and tesseract's (threads, not processes).
// Figures, not pass/fail. Page counts: CASEPACK_BENCH_OCR_PAGES (default 12);
// the folder: `npm run bench -- --pages 200` or CASEPACK_BENCH_OCR_FOLDER_PAGES
// (default 30, so CI's bench stays short; the memory target is at 200).
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { imagesToPdf, scanCopy, seedFromName } from '../tools/synth/degrade.ts';
import { ensureTools, timed } from './lib/tools.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const HELDOUT = path.join(ROOT, 'fixtures', 'eval-heldout');
const WORK = path.join(os.tmpdir(), 'casepack-bench-ocr');
const PAGES = Number(process.env.CASEPACK_BENCH_OCR_PAGES ?? 12);
const pagesFlag = process.argv.indexOf('--pages');
const FOLDER_PAGES = Number(pagesFlag > 0 ? process.argv[pagesFlag + 1] : process.env.CASEPACK_BENCH_OCR_FOLDER_PAGES ?? 30);
const PAGES_PER_PDF = 10;
const JOBS = 2;
const TARGET_RATIO = 2;
const TARGET_RSS_MB = 600;

/** Scanned pages (300 dpi, degraded like the evaluation's) of the held-out documents, made once per run. */
async function makePageImages(count) {
  const dir = path.join(WORK, 'pages');
  await rm(WORK, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const documents = (await readdir(HELDOUT)).filter((f) => f.endsWith('.pdf')).sort();
  const images = [];
  for (let i = 0; images.length < count; i++) {
    const name = documents[i % documents.length];
    const copy = await scanCopy(new Uint8Array(await readFile(path.join(HELDOUT, name))), { dpi: 300, seed: seedFromName(name, i) });
    for (const jpeg of copy.jpegs) {
      const file = path.join(dir, `page-${String(images.length).padStart(4, '0')}.jpg`);
      await writeFile(file, jpeg);
      images.push(file);
    }
  }
  return images.slice(0, count);
}

function runNative(image) {
  return new Promise((resolve, reject) => {
    const child = spawn('tesseract', [image, 'stdout', '-l', 'eng', '--psm', '1'], { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, stdio: ['ignore', 'ignore', 'ignore'] });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`tesseract exited with ${code} on ${image}`))));
  });
}

/** Native tesseract over the images, `JOBS` processes at a time: wall seconds. */
async function timeNative(images) {
  const queue = [...images];
  const started = performance.now();
  await Promise.all(Array.from({ length: JOBS }, async () => {
    for (let image = queue.shift(); image; image = queue.shift()) await runNative(image);
  }));
  return (performance.now() - started) / 1000;
}

async function timeCasepack(images, label) {
  const listing = path.join(WORK, `${label}.txt`);
  await writeFile(listing, images.join('\n'));
  const result = timed(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'lib', 'ocr-casepack.mjs'), listing, String(JOBS)], { cwd: ROOT });
  if (result.exitCode !== 0) throw new Error(`casepack OCR failed: ${result.stderr.slice(-500)}`);
  return result;
}

/** A scanned folder: 10-page image-only PDFs (every page is read), made from the page images, repeated as needed. */
async function makeScannedFolder(images, pages) {
  const dir = path.join(WORK, 'folder');
  await mkdir(dir, { recursive: true });
  const all = Array.from({ length: pages }, (_, i) => images[i % images.length]);
  for (let start = 0; start < pages; start += PAGES_PER_PDF) {
    const jpegs = await Promise.all(all.slice(start, start + PAGES_PER_PDF).map((f) => readFile(f)));
    await writeFile(path.join(dir, `scan-${String(start / PAGES_PER_PDF + 1).padStart(3, '0')}.pdf`), await imagesToPdf(jpegs, 300));
  }
  return dir;
}

/** `casepack scan` of the folder as a user runs it (rendering, OCR, cache), timed with its peak RSS. */
function scanFolder(dir) {
  const result = timed(process.execPath, [path.join(ROOT, 'bin', 'casepack'), 'scan', dir, '--json', '--jobs', String(JOBS)], { cwd: ROOT });
  if (result.exitCode > 1) throw new Error(`casepack scan failed: ${result.stderr.slice(-500)}`);
  return result;
}

const missing = ensureTools();
const images = await makePageImages(PAGES);
console.log(`OCR: ${images.length} scanned pages (300 dpi, skew, specks, JPEG, some turned) from fixtures/eval-heldout, ${JOBS} at a time`);
const halves = [images.slice(0, Math.ceil(images.length / 2)), images.slice(Math.ceil(images.length / 2))].filter((h) => h.length);
const native = !missing.includes('tesseract-ocr');
let casepackSeconds = 0, casepackCpu = 0, casepackRss = 0, nativeSeconds = 0;
for (const [i, half] of halves.entries()) {
  const run = await timeCasepack(half, `speed-${i}`);
  casepackSeconds += run.seconds; casepackCpu += run.cpuSeconds; casepackRss = Math.max(casepackRss, run.peakRssMb);
  if (native) nativeSeconds += await timeNative(half);
}
console.log(`  load average before/after: ${os.loadavg().map((n) => n.toFixed(1)).join(' ')} (${os.availableParallelism()} cores)`);
console.log(`  casepack OCR engine (worker pool, jobs=${JOBS}, no cache): ${casepackSeconds.toFixed(1)} s, ${(casepackSeconds / images.length).toFixed(2)} s/page wall, ${(casepackCpu / images.length).toFixed(2)} CPU s/page, peak RSS ${casepackRss.toFixed(0)} MB`);
if (!native) {
  console.log('  native tesseract: not installed (apt-get install tesseract-ocr), no comparison');
} else {
  const ratio = casepackSeconds / nativeSeconds;
  console.log(`  native tesseract 5 (${JOBS} processes, OMP_THREAD_LIMIT=1, --psm 1), interleaved with casepack: ${nativeSeconds.toFixed(1)} s, ${(nativeSeconds / images.length).toFixed(2)} s/page wall`);
  console.log(`  casepack / native: ${ratio.toFixed(2)}x   target <= ${TARGET_RATIO}x ${ratio <= TARGET_RATIO ? 'ok' : 'MISSED'}`);
}
// The scans below use a cache folder of their own, empty at the start: the user's cache is never touched.
process.env.XDG_CACHE_HOME = path.join(WORK, 'xdg-cache');
const folder = await makeScannedFolder(images, FOLDER_PAGES);
const cold = scanFolder(folder);
console.log(`  casepack scan of a ${FOLDER_PAGES}-page scanned folder: ${cold.seconds.toFixed(1)} s, peak RSS ${cold.peakRssMb.toFixed(0)} MB   target < ${TARGET_RSS_MB} MB ${cold.peakRssMb < TARGET_RSS_MB ? 'ok' : 'MISSED'}`);
const warm = scanFolder(folder);
const share = warm.seconds / cold.seconds;
console.log(`  the same scan again, OCR cache warm: ${warm.seconds.toFixed(1)} s = ${(share * 100).toFixed(0)}% of the first   target <= 25% ${share <= 0.25 ? 'ok' : 'MISSED'}`);
await rm(WORK, { recursive: true, force: true });
