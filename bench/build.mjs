// Benchmark: `casepack build` on the synthetic CD (bench/.work/cd, shared with
// bench/scan.mjs) against `zip -r -q` (Debian zip, default level) and `cp -r`
// (the read+write limit) of the same folder, and casepack's PDF merge against
// `qpdf --empty --pages` on the same PDFs, plus a case of incompressible slides
// (see incompressibleSlides). Wall time and peak RSS under GNU time.
// Figures, not pass/fail: targets are reported as met or MISSED.
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { WORK_DIR, ensureSyntheticCd } from './lib/synthetic-cd.mjs';
import { ensureTools, timed } from './lib/tools.mjs';

const CASEPACK = path.resolve(import.meta.dirname, '..', 'bin', 'casepack');
const DIST = path.resolve(import.meta.dirname, '..', 'dist');
const TARGET_BUILD_RATIO = 1.3;
const TARGET_MERGE_RATIO = 3;
const TARGET_RSS_MB = 300;
const fmt = (n, digits = 2) => n.toFixed(digits);

// Run in a child: merges every PDF of a folder into one with casepack's own merge code.
const MERGE_SCRIPT = `
import { readdir } from 'node:fs/promises';
import { writeFile } from 'node:fs/promises';
const [dist, dir, out] = process.argv.slice(2);
const t0 = performance.now();
const { mergeGroup } = await import(dist + '/write/merge.js');
const t1 = performance.now();
const names = (await readdir(dir)).filter((n) => n.endsWith('.pdf')).sort();
const sources = names.map((n) => ({ source: n, kind: 'pdf', bookmark: n, date: null, title: n, pages: null, size: 0, fallbackPath: n }));
const result = await mergeGroup({ kind: 'merged-pdf', path: 'x.pdf', category: 'other', date: null, start: null, part: null, store: false, sources }, { root: dir, date: new Date(0), title: 'bench' });
if (result.failed.length) throw new Error('merge failed for ' + result.failed.length + ' PDFs');
await writeFile(out, result.bytes);
console.log(JSON.stringify({ importMs: t1 - t0, mergeMs: performance.now() - t1 }));
`;

async function sizeOf(file) {
  return (await stat(file)).size;
}

async function main() {
  ensureTools();
  if (!existsSync(path.join(DIST, 'write', 'build.js'))) throw new Error('dist/ is not built: run `npm run build` first');
  const cd = await ensureSyntheticCd();
  const out = path.join(WORK_DIR, 'build-out');
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const apparent = timed('du', ['-s', '--apparent-size', '-B1', cd.root], { stdoutFile: path.join(out, 'du.txt') });
  if (apparent.exitCode !== 0) throw new Error('du failed');
  const { readFile } = await import('node:fs/promises');
  const caseBytes = Number((await readFile(path.join(out, 'du.txt'), 'utf8')).split(/\s/)[0]);

  // Warm the cache once so the first tool does not pay for the others.
  timed('tar', ['-cf', '/dev/null', cd.root]);

  const packet = path.join(out, 'packet.zip');
  const build = timed(process.execPath, [CASEPACK, 'build', cd.root, '-o', packet, '--quiet']);
  if (![0, 1].includes(build.exitCode)) throw new Error(`casepack build exited ${build.exitCode}: ${build.stderr.slice(-400)}`);
  const packetBytes = await sizeOf(packet);
  await rm(packet);

  const zipOut = path.join(out, 'zip-r.zip');
  const zip = timed('zip', ['-r', '-q', zipOut, '.'], { cwd: cd.root });
  const zipBytes = await sizeOf(zipOut);
  await rm(zipOut);

  // --sparse=never: the synthetic CD's pixel data and slides are sparse; a real CD's are not.
  const copyOut = path.join(out, 'cp-r');
  const copy = timed('cp', ['-r', '--sparse=never', cd.root, copyOut]);
  await rm(copyOut, { recursive: true, force: true });

  // PDF merge: the CD's reports, casepack's merge code vs qpdf, same inputs.
  const reportsDir = path.join(cd.root, 'REPORTS');
  const pdfs = existsSync(reportsDir) ? (await readdir(reportsDir)).filter((n) => n.endsWith('.pdf')).sort() : [];
  let merge;
  let qpdf;
  if (pdfs.length) {
    const script = path.join(out, 'merge.mjs');
    await writeFile(script, MERGE_SCRIPT);
    const phases = path.join(out, 'merge-phases.json');
    merge = timed(process.execPath, [script, DIST, reportsDir, path.join(out, 'merged-casepack.pdf')], { stdoutFile: phases });
    if (merge.exitCode !== 0) throw new Error(`merge failed: ${merge.stderr.slice(-400)}`);
    merge.phases = JSON.parse(await readFile(phases, 'utf8'));
    qpdf = timed('qpdf', ['--empty', '--pages', ...pdfs.map((n) => path.join(reportsDir, n)), '--', path.join(out, 'merged-qpdf.pdf')]);
  }

  console.log('');
  console.log(`synthetic CD: ${(caseBytes / 1024 ** 3).toFixed(2)} GB apparent (DICOM, sparse slides, ${pdfs.length} PDFs); one run each, warm cache`);
  const rows = [['tool', 'wall s', 'CPU s', 'peak RSS MB', 'output MB']];
  rows.push(['casepack build', fmt(build.seconds), fmt(build.cpuSeconds), fmt(build.peakRssMb, 1), fmt(packetBytes / 1024 ** 2, 1)]);
  rows.push(['zip -r -q (level 6)', fmt(zip.seconds), fmt(zip.cpuSeconds), fmt(zip.peakRssMb, 1), fmt(zipBytes / 1024 ** 2, 1)]);
  rows.push(['cp -r --sparse=never', fmt(copy.seconds), fmt(copy.cpuSeconds), fmt(copy.peakRssMb, 1), fmt(caseBytes / 1024 ** 2, 1)]);
  if (merge && qpdf) {
    rows.push([`casepack merge (${pdfs.length} PDFs)`, fmt(merge.seconds), fmt(merge.cpuSeconds), fmt(merge.peakRssMb, 1), fmt((await sizeOf(path.join(out, 'merged-casepack.pdf'))) / 1024 ** 2, 2)]);
    rows.push([`qpdf --empty --pages (${pdfs.length} PDFs)`, fmt(qpdf.seconds), fmt(qpdf.cpuSeconds), fmt(qpdf.peakRssMb, 1), fmt((await sizeOf(path.join(out, 'merged-qpdf.pdf'))) / 1024 ** 2, 2)]);
  }
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => row[col].length)));
  for (const row of rows) console.log(row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]) : cell.padStart(widths[col]))).join('  '));
  console.log('');
  const buildRatio = build.seconds / zip.seconds;
  console.log(`build / zip -r: ${fmt(buildRatio)}x wall (target <= ${TARGET_BUILD_RATIO}x: ${buildRatio <= TARGET_BUILD_RATIO ? 'met' : 'MISSED'}); build / cp -r: ${fmt(build.seconds / copy.seconds)}x`);
  if (merge && qpdf) {
    const mergeRatio = merge.seconds / qpdf.seconds;
    console.log(`merge / qpdf: ${fmt(mergeRatio)}x wall (target <= ${TARGET_MERGE_RATIO}x: ${mergeRatio <= TARGET_MERGE_RATIO ? 'met' : 'MISSED'})`);
    const work = merge.phases.mergeMs / 1000;
    console.log(`  of which loading Node + pdf-lib: ${fmt(merge.phases.importMs / 1000)} s; the merge itself: ${fmt(work)} s = ${fmt(work / qpdf.seconds)}x qpdf's whole run`);
  } else {
    console.log('merge / qpdf: not measured (no PDFs on the synthetic CD)');
  }
  const real = await incompressibleSlides(out);
  const peak = Math.max(build.peakRssMb, merge?.peakRssMb ?? 0, real.build.peakRssMb);
  console.log(`peak RSS casepack: ${fmt(peak, 1)} MB (target < ${TARGET_RSS_MB} MB: ${peak < TARGET_RSS_MB ? 'met' : 'MISSED'})`);
  await rm(out, { recursive: true, force: true });
}

/**
 * The synthetic CD's slides are sparse zeros, which zip deflates to nothing
 * while casepack (rightly) stores slides as they are. Real slides are JPEG
 * tiles and do not compress, so this second case measures that: two 512 MB
 * slides with valid vendor headers and random pixel data (cached).
 */
async function incompressibleSlides(out) {
  const dir = path.join(WORK_DIR, 'slides-incompressible');
  const done = path.join(WORK_DIR, 'slides-incompressible.complete');
  const SLIDE_BYTES = 512 * 1024 ** 2;
  if (!existsSync(done)) {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const { aperioIfds, hamamatsuIfds, writeTiff } = await import(path.resolve(import.meta.dirname, '..', 'tools', 'synth', 'tiff-writer.ts'));
    const { randomFillSync } = await import('node:crypto');
    const { openSync, writeSync, closeSync } = await import('node:fs');
    for (const [name, ifds] of [['biopsy-HE.svs', aperioIfds({ width: 40000, height: 30000, levels: 3 })], ['biopsy-IHC.ndpi', hamamatsuIfds({ width: 40000, height: 30000, levels: 3 })]]) {
      const fd = openSync(path.join(dir, name), 'w');
      const chunk = Buffer.alloc(16 * 1024 ** 2);
      for (let written = 0; written < SLIDE_BYTES; written += chunk.length) writeSync(fd, randomFillSync(chunk), 0, chunk.length, written);
      const header = writeTiff({ ifds });
      writeSync(fd, header, 0, header.length, 0);
      closeSync(fd);
    }
    await writeFile(done, '');
  }
  timed('tar', ['-cf', '/dev/null', dir]);
  const packet = path.join(out, 'slides.zip');
  const build = timed(process.execPath, [CASEPACK, 'build', dir, '-o', packet, '--quiet']);
  if (![0, 1].includes(build.exitCode)) throw new Error(`casepack build (slides) exited ${build.exitCode}: ${build.stderr.slice(-400)}`);
  await rm(packet);
  const zipOut = path.join(out, 'slides-zip.zip');
  const zip = timed('zip', ['-r', '-q', zipOut, '.'], { cwd: dir });
  await rm(zipOut);
  const copyOut = path.join(out, 'slides-cp');
  const copy = timed('cp', ['-r', dir, copyOut]);
  await rm(copyOut, { recursive: true, force: true });
  console.log('');
  console.log('incompressible slides (2 x 512 MB, random pixel data like real JPEG tiles):');
  console.log(`  casepack build ${fmt(build.seconds)} s (${fmt(build.peakRssMb, 1)} MB), zip -r ${fmt(zip.seconds)} s, cp -r ${fmt(copy.seconds)} s`);
  console.log(`  build / zip -r: ${fmt(build.seconds / zip.seconds)}x wall (target <= ${TARGET_BUILD_RATIO}x: ${build.seconds / zip.seconds <= TARGET_BUILD_RATIO ? 'met' : 'MISSED'}); build / cp -r: ${fmt(build.seconds / copy.seconds)}x`);
  return { build, zip, copy };
}

main().catch((err) => {
  console.error(`bench/build failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
