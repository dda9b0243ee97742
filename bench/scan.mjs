// Benchmark: the SCAN rows of issue 15, each beside its peer in the same run (the start-up rows are
// bench/startup.mjs's).
// - scan: `casepack scan --json` of synthetic CT CDs (3,000 and 10,000 files) against pydicom
//   `dcmread(stop_before_pixels=True)` over the same DICOM files, runs interleaved, median of RUNS;
// - memory: peak RSS of `scan --json` at 3,000, 10,000 and 20,000 files (flat means it does not grow per file).
// Prints the figures and writes them, with the load and the machine, into docs/performance.md
// ("Scan" section; the other sections are left as they are). Figures, not pass/fail.
import { mkdir, open, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { replaceSection } from './lib/build-report.mjs';
import { ensureSyntheticCd, instancePath, WORK_DIR } from './lib/synthetic-cd.mjs';
import { SYSTEM_PYTHON, ensureTools, timed } from './lib/tools.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TARGET_SPEEDUP = 3;
const TARGET_RSS_MB = 200;
const SEMI_SPACE_MB = 4;
const REPO = path.resolve(import.meta.dirname, '..');
const CASEPACK = path.join(REPO, 'bin', 'casepack');
const PERFORMANCE_DOC = path.join(REPO, 'docs', 'performance.md');
const CDS = [
  { name: 'cd-3000', dicomFiles: 3000, series: 6, compare: true },
  { name: 'cd-10000', dicomFiles: 10000, series: 20, compare: true },
  { name: 'cd-20000', dicomFiles: 20000, series: 40, compare: false },
];

const PYDICOM_SCRIPT = `
import sys
from pydicom import dcmread
count = 0
with open(sys.argv[1]) as listing:
    for line in listing:
        ds = dcmread(line.rstrip('\\n'), stop_before_pixels=True)
        # Touch the fields casepack extracts, so both do comparable work.
        _ = (ds.get('SOPInstanceUID'), ds.get('StudyInstanceUID'), ds.get('SeriesInstanceUID'), ds.get('Modality'),
             ds.get('StudyDate'), ds.get('PatientName'), ds.get('PatientID'), ds.get('Rows'), ds.get('Columns'))
        count += 1
print(count)
`;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (n, digits = 2) => (n === undefined ? '-' : n.toFixed(digits));
const load = () => loadavg()[0];

/** Read the head of every file once so no tool pays for a cold cache the others do not. */
async function warmCache(files) {
  const buffer = Buffer.alloc(16 * 1024);
  for (const file of files) {
    const handle = await open(file, 'r');
    try { await handle.read(buffer, 0, buffer.length, 0); } finally { await handle.close(); }
  }
}

function casepack(args, outFile, nodeFlags = []) {
  const result = timed(process.execPath, [...nodeFlags, CASEPACK, ...args], { stdoutFile: outFile });
  if (result.exitCode !== 0) throw new Error(`casepack ${args.join(' ')} exited ${result.exitCode}: ${result.stderr.slice(-400)}`);
  return result;
}

/** Runs `fns` in turn RUNS times (interleaved, so load changes hit every tool alike); medians by name. */
function interleaved(fns) {
  const runs = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  const loads = [];
  for (let i = 0; i < RUNS; i++) {
    for (const [name, fn] of Object.entries(fns)) { loads.push(load()); runs[name].push(fn()); }
  }
  const pick = (name, key) => median(runs[name].map((r) => r[key]));
  const summary = Object.fromEntries(Object.keys(fns).map((name) => [name, {
    seconds: pick(name, 'seconds'), cpuSeconds: pick(name, 'cpuSeconds'), peakRssMb: Math.max(...runs[name].map((r) => r.peakRssMb)),
  }]));
  return { summary, load: { min: Math.min(...loads), max: Math.max(...loads) } };
}

async function main() {
  const stillMissing = ensureTools();
  const havePydicom = !stillMissing.includes('python3-pydicom');
  await mkdir(WORK_DIR, { recursive: true });
  const scriptFile = path.join(WORK_DIR, 'pydicom-read.py');
  await writeFile(scriptFile, PYDICOM_SCRIPT);
  const rows = [];
  const row = (work, tool, files, r, load) => rows.push({ work, tool, files, ...r, load });

  // Scan, against pydicom; memory at every size.
  const memory = [];
  let smallSemiSpace;
  for (const spec of CDS) {
    const cd = await ensureSyntheticCd({ name: spec.name, dicomFiles: spec.dicomFiles, series: spec.series, slides: false, pdfs: false });
    const dicomFiles = Array.from({ length: spec.dicomFiles }, (_, i) => path.join(cd.root, instancePath(i, spec.dicomFiles, spec.series)));
    const listFile = path.join(WORK_DIR, `${spec.name}-files.txt`);
    await writeFile(listFile, `${dicomFiles.join('\n')}\n`);
    await warmCache(dicomFiles);
    const outFile = path.join(WORK_DIR, `${spec.name}-scan.json`);
    const fns = { casepack: () => casepack(['scan', '--json', cd.root], outFile) };
    if (spec.compare && havePydicom) {
      fns.pydicom = () => {
        const py = timed(SYSTEM_PYTHON, [scriptFile, listFile]);
        if (py.exitCode !== 0) throw new Error(`pydicom run failed: ${py.stderr.slice(-400)}`);
        return py;
      };
    }
    const measured = spec.compare ? interleaved(fns) : { summary: { casepack: fns.casepack() }, load: { min: load(), max: load() } };
    const scan = JSON.parse(await readFile(outFile, 'utf8'));
    if ((scan.summary.byFamily.dicom ?? 0) !== spec.dicomFiles) throw new Error(`${spec.name}: casepack saw ${scan.summary.byFamily.dicom} DICOM files, not ${spec.dicomFiles}`);
    const files = scan.summary.files;
    if (spec.compare) {
      row(`scan, ${spec.dicomFiles}-file CT CD`, 'casepack scan --json', files, measured.summary.casepack, measured.load);
      if (measured.summary.pydicom) row(`scan, ${spec.dicomFiles}-file CT CD`, 'pydicom dcmread(stop_before_pixels)', spec.dicomFiles, measured.summary.pydicom, measured.load);
    }
    memory.push({ files, ...measured.summary.casepack, load: measured.load });
    // The largest CD again with V8's young generation capped: what `--max-semi-space-size` would save (bin/ does not set it).
    if (spec === CDS[CDS.length - 1]) smallSemiSpace = casepack(['scan', '--json', cd.root], outFile, [`--max-semi-space-size=${SEMI_SPACE_MB}`]);
  }

  const lines = [];
  const header = ['work', 'tool', 'files', 'wall s', 'CPU s', 'peak RSS MB', 'load (1 min)'];
  lines.push(`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`);
  for (const r of rows) lines.push(`| ${r.work} | ${r.tool} | ${r.files} | ${fmt(r.seconds)} | ${fmt(r.cpuSeconds)} | ${fmt(r.peakRssMb, 1)} | ${fmt(r.load.min, 1)}–${fmt(r.load.max, 1)} |`);
  const verdicts = [];
  for (const spec of CDS.filter((c) => c.compare)) {
    const ours = rows.find((r) => r.work === `scan, ${spec.dicomFiles}-file CT CD` && r.tool.startsWith('casepack'));
    const peer = rows.find((r) => r.work === `scan, ${spec.dicomFiles}-file CT CD` && r.tool.startsWith('pydicom'));
    if (!peer) { verdicts.push(`- ${spec.dicomFiles} files: pydicom not installed, no ratio.`); continue; }
    const wall = peer.seconds / ours.seconds;
    verdicts.push(`- ${spec.dicomFiles} files: ${fmt(wall)}x pydicom's wall time, ${fmt(peer.cpuSeconds / ours.cpuSeconds)}x its CPU (target >= ${TARGET_SPEEDUP}x: ${wall >= TARGET_SPEEDUP ? 'met' : 'MISSED'}).`);
  }
  const first = memory[0];
  const last = memory[memory.length - 1];
  const perFileKb = ((last.peakRssMb - first.peakRssMb) * 1024) / (last.files - first.files);
  verdicts.push(`- peak RSS of scan --json: ${memory.map((m) => `${fmt(m.peakRssMb, 0)} MB at ${m.files} files`).join(', ')}; ${fmt(perFileKb, 1)} KB more per file (target < ${TARGET_RSS_MB} MB at 20,000: ${last.peakRssMb < TARGET_RSS_MB ? 'met' : 'MISSED'}).`);
  if (smallSemiSpace) verdicts.push(`- with \`node --max-semi-space-size=${SEMI_SPACE_MB}\`: ${fmt(smallSemiSpace.peakRssMb, 0)} MB at ${last.files} files (${fmt(last.peakRssMb - smallSemiSpace.peakRssMb, 0)} MB less), ${fmt(smallSemiSpace.cpuSeconds)} s CPU against ${fmt(last.cpuSeconds)} s; one run each.`);
  const busiest = Math.max(...rows.map((r) => r.load.max));
  if (busiest > cpus().length) verdicts.push(`- the 1-minute load reached ${fmt(busiest, 1)} on ${cpus().length} cores during this run: wall and CPU times are inflated (ratios less so, the runs being interleaved); judge the targets on a run at low load.`);
  const conditions = `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, warm page cache, median of ${RUNS} interleaved runs; synthetic CT slices 512x512x16 (~3 KB header, pixel data a sparse hole) in DICOMDIR-style folders, plus the DICOMDIR.`;

  console.log('');
  for (const line of [...lines, '', ...verdicts, '', conditions]) console.log(line);
  await writeSections({
    Scan: [
      `\`npm run bench -- scan\` (bench/scan.mjs). ${conditions}`,
      '',
      ...lines,
      '',
      ...verdicts,
    ],
  });
  console.log(`\nwritten to ${path.relative(process.cwd(), PERFORMANCE_DOC)} (Scan)`);
}

/** Replaces the named `## ` sections of docs/performance.md (creating the file), leaving every other section as it is. */
async function writeSections(sections) {
  let text = await readFile(PERFORMANCE_DOC, 'utf8').catch(() => '# Performance\n\nFigures written by `npm run bench`; the conditions are with each section.\n');
  for (const [title, body] of Object.entries(sections)) text = replaceSection(text, title, body.join('\n'));
  await writeFile(PERFORMANCE_DOC, text.endsWith('\n') ? text : `${text}\n`);
}

main().catch((err) => {
  console.error(`bench/scan failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
