// Benchmark: build, merge and verify, each beside its peer tool in the same run
// (interleaved rounds, median of --rounds, default 3), load average shown:
//   build of a CT CD (--ct-files, default 1,000 slices ~0.5 GB)  vs `zip -r -q`
//   build of a mixed case (that CD + 2 incompressible 1 GB slides + 100 PDFs) vs `zip -r -q`
//   merge of 100 one-page PDFs, merge of 450 scanned pages (casepack's merge code) vs `qpdf --empty --pages`:
//     a Node process per merge, and the merge function called directly (timed around the call: first and second call)
//   verify of the mixed packet vs `unzip -t` and `sha256sum -c`
//   build of a case of 100 small PDFs (no peer: target < 2 s)
// Writes the Build, Merge and Verify sections of docs/performance.md. Figures, not pass/fail.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureCtCd, ensureMixedCase, ensureScannedPdfs, ensureSmallPdfs } from './lib/build-cases.mjs';
import { writePerformanceSections } from './lib/build-report.mjs';
import { WORK_DIR } from './lib/synthetic-cd.mjs';
import { environmentWithoutExtraCaCerts, timed } from './lib/tools.mjs';

const CASEPACK = path.resolve(import.meta.dirname, '..', 'bin', 'casepack');
const DIST = path.resolve(import.meta.dirname, '..', 'dist');
const MERGE_IN_PROCESS = path.resolve(import.meta.dirname, 'lib', 'merge-in-process.mjs');
const arg = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
};
const ROUNDS = Number(arg('rounds', '3'));
const CT_FILES = Number(arg('ct-files', '1000'));
const ONLY = arg('only', 'build,mixed,merge,verify,small').split(',');
const fmt = (n, digits = 2) => n.toFixed(digits);
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');

// Run in a child: merges every PDF of a folder into one with casepack's own merge code.
const MERGE_SCRIPT = `
import { readdir } from 'node:fs/promises';
const [dist, dir, out] = process.argv.slice(2);
const { mergeGroupToFile } = await import(dist + '/write/merge.js');
const names = (await readdir(dir)).filter((n) => n.endsWith('.pdf')).sort();
const sources = names.map((n) => ({ source: n, kind: 'pdf', bookmark: n, date: null, title: n, pages: null, size: 0, fallbackPath: n }));
// As build does: streamed to the output file, never held whole in memory.
const result = await mergeGroupToFile({ kind: 'merged-pdf', path: 'x.pdf', category: 'other', date: null, start: null, part: null, store: false, sources }, out, { root: dir, date: new Date(0), title: 'bench' });
if (result.failed.length) throw new Error('merge failed for ' + result.failed.length + ' PDFs');
`;

// The least a Node merge costs: start-up, loading the merge code, reading one source as bytes. Run beside the merge,
// so the Merge note can say how much of the gap to qpdf (a native process) is Node's own before any merging. A group
// of plain PDFs no longer loads pdf-lib (write/byte-merge.ts), so neither does this floor.
const FLOOR_SCRIPT = `
import { readFile } from 'node:fs/promises';
const [dist, file] = process.argv.slice(2);
await import(dist + '/write/merge.js');
const { readRawSource } = await import(dist + '/write/raw-pdf-copy.js');
if (readRawSource(await readFile(file)).pages.length < 1) throw new Error('no pages in ' + file);
`;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Each round runs every tool once, in turn, so a burst of load falls on all of
 * them alike; medians over the rounds.
 */
function interleaved(tools) {
  const runs = tools.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, tool] of tools.entries()) {
      tool.before?.();
      const result = timed(tool.command, tool.args, { cwd: tool.cwd, stdoutFile: tool.stdoutFile, env: tool.env });
      if (!(tool.okExit ?? [0]).includes(result.exitCode)) throw new Error(`${tool.name} exited ${result.exitCode}: ${result.stderr.slice(-400)}`);
      tool.after?.();
      // A tool that times itself (the merge called directly) prints its figures as one JSON line.
      if (tool.stdoutFile) result.report = JSON.parse(readFileSync(tool.stdoutFile, 'utf8'));
      runs[i].push(result);
    }
  }
  return tools.map((tool, i) => ({
    name: tool.name,
    seconds: median(runs[i].map((r) => r.seconds)),
    cpuSeconds: median(runs[i].map((r) => r.cpuSeconds)),
    peakRssMb: Math.max(...runs[i].map((r) => r.peakRssMb)),
    all: runs[i].map((r) => r.seconds),
    reports: runs[i].map((r) => r.report),
  }));
}

async function bytesOf(file) {
  return (await stat(file)).size;
}

async function apparentSize(dir) {
  const out = path.join(WORK_DIR, 'du.txt');
  timed('du', ['-s', '--apparent-size', '-B1', dir], { stdoutFile: out });
  return Number((await readFile(out, 'utf8')).split(/\s/)[0]);
}

function buildVsZip(label, dir, out) {
  const packet = path.join(out, `${label}.zip`);
  const zipOut = path.join(out, `${label}-zip-r.zip`);
  timed('tar', ['-cf', '/dev/null', dir]);
  const [build, zip] = interleaved([
    { name: 'casepack build', command: process.execPath, args: [CASEPACK, 'build', dir, '-o', packet, '--quiet', '--force'], okExit: [0, 1] },
    { name: 'zip -r -q', command: 'zip', args: ['-r', '-q', zipOut, '.'], cwd: dir, before: () => rmSync(zipOut, { force: true }) },
  ]);
  return { build, zip, packet, zipOut };
}

const rows = [];
function row(work, casepack, peer, ratio, target, met) {
  rows.push({ work, casepack, peer, ratio, target, met });
  // met null: a figure to read the others by (a floor), not a target.
  console.log(`${work}: casepack ${casepack} | ${peer} | ${ratio} | target ${target}: ${met === null ? 'info' : met ? 'met' : 'MISSED'}`);
}

async function main() {
  if (!existsSync(path.join(DIST, 'write', 'build.js'))) throw new Error('dist/ is not built: run `npm run build` first');
  // Its own folder: bench/.work may be shared by several checkouts benchmarking at once.
  const out = path.join(WORK_DIR, `build-out-${process.pid}`);
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const startLoad = load();
  console.log(`bench/build: ${ROUNDS} interleaved rounds, medians; ${os.cpus().length} cores; load ${startLoad}`);

  if (ONLY.includes('build')) {
    const ct = await ensureCtCd(CT_FILES);
    const size = await apparentSize(ct);
    const { build, zip, packet, zipOut } = buildVsZip('ct', ct, out);
    const ratio = build.seconds / zip.seconds;
    row(`build, ${CT_FILES}-file CT CD (${fmt(size / 1024 ** 3)} GB)`, `${fmt(build.seconds)} s wall, ${fmt(build.cpuSeconds)} s CPU (CPU/wall ${fmt(build.cpuSeconds / build.seconds)}), ${fmt(build.peakRssMb, 0)} MB, packet ${fmt((await bytesOf(packet)) / 1024 ** 2, 0)} MB`,
      `zip -r ${fmt(zip.seconds)} s, ${fmt((await bytesOf(zipOut)) / 1024 ** 2, 0)} MB`, `${fmt(ratio)}x`, '<= 0.8x', ratio <= 0.8);
    row(`build peak RSS, ${CT_FILES}-file CT CD`, `${fmt(build.peakRssMb, 0)} MB`, '', '', '< 300 MB', build.peakRssMb < 300);
    await rm(packet, { force: true });
    await rm(zipOut, { force: true });
  }

  if (ONLY.includes('mixed') || ONLY.includes('verify')) {
    const mixed = await ensureMixedCase(CT_FILES);
    const size = await apparentSize(mixed);
    const { build, zip, packet, zipOut } = buildVsZip('mixed', mixed, out);
    await rm(zipOut, { force: true });
    const ratio = build.seconds / zip.seconds;
    row(`build, mixed ${fmt(size / 1024 ** 3, 1)} GB (CT CD + 2 incompressible slides + 100 PDFs)`, `${fmt(build.seconds)} s, ${fmt(build.peakRssMb, 0)} MB`, `zip -r ${fmt(zip.seconds)} s`, `${fmt(ratio)}x`, 'keep ~0.36x', ratio <= 0.4);
    if (ONLY.includes('verify')) {
      timed('tar', ['-cf', '/dev/null', packet]);
      const packetGb = (await bytesOf(packet)) / 1024 ** 3;
      const [verify, unzip, sha] = interleaved([
        { name: 'casepack verify', command: process.execPath, args: [CASEPACK, 'verify', packet, '--quiet'] },
        { name: 'unzip -t', command: 'unzip', args: ['-tqq', packet] },
        { name: 'sha256sum -c', command: 'sha256sum', args: ['-c', '--quiet', `${path.basename(packet)}.sha256`], cwd: out },
      ]);
      const vr = verify.seconds / unzip.seconds;
      row(`verify, ${fmt(packetGb, 1)} GB packet`, `${fmt(verify.seconds)} s, ${fmt(verify.peakRssMb, 0)} MB`, `unzip -t ${fmt(unzip.seconds)} s; sha256sum -c ${fmt(sha.seconds)} s`, `${fmt(vr)}x unzip`, '<= 1.0x unzip -t', vr <= 1);
    }
    await rm(packet, { force: true });
  }

  if (ONLY.includes('merge')) {
    const script = path.join(out, 'merge.mjs');
    const floorScript = path.join(out, 'merge-floor.mjs');
    await writeFile(script, MERGE_SCRIPT);
    await writeFile(floorScript, FLOOR_SCRIPT);
    for (const [label, dir, target, check, withFloor, directTarget, directCheck] of [
      // The direct call is also held to 3x in CPU: on a loaded machine qpdf's wall time grows with the wait for a core.
      ['100 one-page PDFs', await ensureSmallPdfs(100), '<= 3x qpdf', (m, q) => m.seconds / q.seconds <= 3, true,
        '<= 3x qpdf, wall and CPU', (m, q) => m.seconds / q.seconds <= 3 && m.cpuSeconds / Math.max(q.cpuSeconds, 0.01) <= 3],
      ['450 scanned pages', await ensureScannedPdfs(), 'memory < 150 MB', (m) => m.peakRssMb < 150, false, 'memory < 150 MB', (m) => m.peakRssMb < 150],
    ]) {
      const { readdir } = await import('node:fs/promises');
      const pdfs = (await readdir(dir)).filter((n) => n.endsWith('.pdf')).sort().map((n) => path.join(dir, n));
      timed('tar', ['-cf', '/dev/null', dir]);
      const floorTools = withFloor ? [
        { name: 'node -e 0', command: process.execPath, args: ['-e', '0'] },
        { name: 'node + merge code + one PDF read', command: process.execPath, args: [floorScript, DIST, pdfs[0]] },
      ] : [];
      const [merge, qpdf, direct, nodeAlone, floor] = interleaved([
        { name: 'casepack merge', command: process.execPath, args: [script, DIST, dir, path.join(out, 'merged.pdf')] },
        { name: 'qpdf', command: 'qpdf', args: ['--empty', '--pages', ...pdfs, '--', path.join(out, 'merged-qpdf.pdf')] },
        { name: 'casepack merge called directly', command: process.execPath, args: [MERGE_IN_PROCESS, DIST, dir, path.join(out, 'merged-direct.pdf')], stdoutFile: path.join(out, 'merge-direct.json') },
        ...floorTools,
      ]);
      const qpdfCell = `qpdf --empty --pages ${fmt(qpdf.seconds)} s wall, ${fmt(qpdf.cpuSeconds)} s CPU, ${fmt(qpdf.peakRssMb, 0)} MB`;
      const ratios = (m) => `${fmt(m.seconds / qpdf.seconds)}x wall, ${fmt(m.cpuSeconds / Math.max(qpdf.cpuSeconds, 0.01))}x CPU`;
      // CPU seconds beside wall: at the load of a shared machine wall time mostly measures the wait for a core.
      row(`merge, ${label} (a Node process per merge: start-up, loading the merge code, merge)`, `${fmt(merge.seconds)} s wall, ${fmt(merge.cpuSeconds)} s CPU, ${fmt(merge.peakRssMb, 0)} MB`, qpdfCell,
        ratios(merge), target, check(merge, qpdf));
      // The row: the merge function in a process that has loaded its modules and run none of them, timed around
      // the call. Counted: reading the sources, V8 compiling the code as it first runs, GC, writing the file (all threads'
      // CPU). Not counted: Node's start-up, loading the modules, listing the folder. qpdf's figures are its whole process.
      const call = (which) => ({
        seconds: median(direct.reports.map((r) => r[which].seconds)),
        cpuSeconds: median(direct.reports.map((r) => r[which].cpuSeconds)),
        peakRssMb: Math.max(...direct.reports.map((r) => r.peakRssMb)),
      });
      const first = call('first');
      const second = call('second');
      row(`merge, ${label} (code called directly: first call, cold JIT; timed around the call, not Node's start or module loading)`,
        `${fmt(first.seconds)} s wall, ${fmt(first.cpuSeconds)} s CPU, process peak ${fmt(first.peakRssMb, 0)} MB (Node included)`, qpdfCell, ratios(first), directTarget, directCheck(first, qpdf));
      row(`merge, ${label} (code called directly: warm second call, same process)`, `${fmt(second.seconds)} s wall, ${fmt(second.cpuSeconds)} s CPU`, qpdfCell, ratios(second), 'info', null);
      if (nodeAlone && floor) {
        // Not a target: what 3x qpdf leaves once Node has started, loaded the merge code and read one PDF.
        row(`merge floor on Node: \`node -e 0\`; node + the merge code + one source PDF read as bytes`, `${fmt(nodeAlone.seconds)} s wall, ${fmt(nodeAlone.cpuSeconds)} s CPU; ${fmt(floor.seconds)} s wall, ${fmt(floor.cpuSeconds)} s CPU, ${fmt(floor.peakRssMb, 0)} MB`,
          `qpdf --empty --pages (100 PDFs) ${fmt(qpdf.seconds)} s wall, ${fmt(qpdf.cpuSeconds)} s CPU`, `${fmt(floor.seconds / qpdf.seconds)}x wall, ${fmt(floor.cpuSeconds / Math.max(qpdf.cpuSeconds, 0.01))}x CPU`,
          `3x qpdf = ${fmt(3 * qpdf.seconds)} s wall, ${fmt(3 * qpdf.cpuSeconds)} s CPU`, null);
      }
    }
  }

  if (ONLY.includes('small')) {
    const dir = await ensureSmallPdfs(100);
    const packet = path.join(out, 'small.zip');
    timed('tar', ['-cf', '/dev/null', dir]);
    // Node's own start in the same rounds: this machine's speed drifts by ~30 % over an hour, and the row's
    // absolute target is judged against what `node -e 0` cost at the time.
    const buildArgs = [CASEPACK, 'build', dir, '-o', packet, '--quiet', '--force'];
    const defaultNodeEnv = environmentWithoutExtraCaCerts();
    const [build, nodeAlone, buildDefaultNode, nodeAloneDefault] = interleaved([
      { name: 'casepack build', command: process.execPath, args: buildArgs, okExit: [0, 1] },
      { name: 'node -e 0', command: process.execPath, args: ['-e', '0'] },
      ...(defaultNodeEnv ? [
        { name: 'casepack build, without NODE_EXTRA_CA_CERTS', command: process.execPath, args: buildArgs, env: defaultNodeEnv, okExit: [0, 1] },
        { name: 'node -e 0, without NODE_EXTRA_CA_CERTS', command: process.execPath, args: ['-e', '0'], env: defaultNodeEnv },
      ] : []),
    ]);
    row('build of a 100-small-PDF case', `${fmt(build.seconds)} s wall, ${fmt(build.cpuSeconds)} s CPU, ${fmt(build.peakRssMb, 0)} MB`, `\`node -e 0\` in the same rounds: ${fmt(nodeAlone.seconds)} s wall, ${fmt(nodeAlone.cpuSeconds)} s CPU`, '', '< 2 s', build.seconds < 2);
    if (buildDefaultNode) {
      // NODE_EXTRA_CA_CERTS makes each Node process parse a certificate bundle as it starts (bench/lib/tools.mjs).
      row('build of a 100-small-PDF case, Node started without NODE_EXTRA_CA_CERTS (its default; set on this machine)', `${fmt(buildDefaultNode.seconds)} s wall, ${fmt(buildDefaultNode.cpuSeconds)} s CPU, ${fmt(buildDefaultNode.peakRssMb, 0)} MB`, `\`node -e 0\` the same way: ${fmt(nodeAloneDefault.seconds)} s wall, ${fmt(nodeAloneDefault.cpuSeconds)} s CPU`, '', '< 2 s', buildDefaultNode.seconds < 2);
    }
  }

  const conditions = `${ROUNDS} interleaved rounds, medians; ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}); load average ${startLoad} at the start, ${load()} at the end; warm page cache; Node ${process.version}; ${new Date().toISOString().slice(0, 10)}`;
  await writePerformanceSections(rows, conditions);
  await rm(out, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(`bench/build failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
