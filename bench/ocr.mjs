// Benchmark (issue 10): OCR seconds per page, casepack against Debian's native
// tesseract 5 on the same page images in the same run, both on two cores
// (native: two processes at once with OMP_THREAD_LIMIT=1; casepack: two
// parallel recognitions); then peak RSS over a scanned folder of 200 pages.
// Figures, not pass/fail. Page counts: CASEPACK_BENCH_OCR_PAGES (default 12),
// CASEPACK_BENCH_OCR_FOLDER_PAGES (default 200).
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
const FOLDER_PAGES = Number(process.env.CASEPACK_BENCH_OCR_FOLDER_PAGES ?? 200);
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

/**
 * A scanned folder: three-page image-only PDFs (the pages a scan reads for
 * classification), made from the page images, repeated as needed.
 */
async function makeScannedFolder(images, pages) {
  const dir = path.join(WORK, 'folder');
  await mkdir(dir, { recursive: true });
  const all = Array.from({ length: pages }, (_, i) => images[i % images.length]);
  for (let start = 0; start < pages; start += 3) {
    const jpegs = await Promise.all(all.slice(start, start + 3).map((f) => readFile(f)));
    await writeFile(path.join(dir, `scan-${String(start / 3 + 1).padStart(3, '0')}.pdf`), await imagesToPdf(jpegs, 300));
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
const casepack = await timeCasepack(images, 'speed');
const casepackPerPage = casepack.seconds / images.length;
console.log(`  casepack OCR engine (worker pool, jobs=${JOBS}, no cache): ${casepack.seconds.toFixed(1)} s, ${casepackPerPage.toFixed(2)} s/page wall, peak RSS ${casepack.peakRssMb.toFixed(0)} MB`);
if (missing.includes('tesseract-ocr')) {
  console.log('  native tesseract: not installed (apt-get install tesseract-ocr), no comparison');
} else {
  const nativeSeconds = await timeNative(images);
  const ratio = casepack.seconds / nativeSeconds;
  console.log(`  native tesseract 5 (${JOBS} processes, OMP_THREAD_LIMIT=1, --psm 1): ${nativeSeconds.toFixed(1)} s, ${(nativeSeconds / images.length).toFixed(2)} s/page wall`);
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
