// Benchmark: `casepack scan --json` on a synthetic 5,000-slice CT CD, against
// pydicom (dcmread, stop_before_pixels) over the same DICOM files and DCMTK's
// dcmdump over a 500-file sample. Prints figures; targets are reported, not asserted.
import { open, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DICOM_FILES, WORK_DIR, ensureSyntheticCd, instancePath } from './lib/synthetic-cd.mjs';
import { SYSTEM_PYTHON, ensureTools, timed } from './lib/tools.mjs';

const RUNS = 3;
const DCMDUMP_SAMPLE = 500;
const TARGET_SPEEDUP = 3;
const TARGET_RSS_MB = 200;
const CASEPACK = path.resolve(import.meta.dirname, '..', 'bin', 'casepack');

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
const fmt = (n, digits = 2) => n.toFixed(digits);

/** Read the head of every file once so no tool pays for a cold cache the others do not. */
async function warmCache(files) {
  const buffer = Buffer.alloc(64 * 1024);
  for (const file of files) {
    const handle = await open(file, 'r');
    try { await handle.read(buffer, 0, buffer.length, 0); } finally { await handle.close(); }
  }
}

function runCasepack(target, outFile) {
  const result = timed(process.execPath, [CASEPACK, 'scan', '--json', target], { stdoutFile: outFile });
  if (result.exitCode !== 0) throw new Error(`casepack scan exited ${result.exitCode}: ${result.stderr.slice(-400)}`);
  return result;
}

async function main() {
  const stillMissing = ensureTools();
  const cd = await ensureSyntheticCd();
  const dicomFiles = Array.from({ length: DICOM_FILES }, (_, i) => path.join(cd.root, instancePath(i)));
  const listFile = path.join(WORK_DIR, 'dicom-files.txt');
  await writeFile(listFile, `${dicomFiles.join('\n')}\n`);
  const scriptFile = path.join(WORK_DIR, 'pydicom-read.py');
  await writeFile(scriptFile, PYDICOM_SCRIPT);
  await warmCache(dicomFiles);

  // The DICOM-only comparison: the same 5,000 files for both tools, alternating, median of RUNS.
  const casepackRuns = [];
  const pydicomRuns = [];
  const scanJson = path.join(WORK_DIR, 'scan-dicom.json');
  const pyOut = path.join(WORK_DIR, 'pydicom-out.txt');
  const havePydicom = !stillMissing.includes('python3-pydicom');
  for (let run = 0; run < RUNS; run++) {
    casepackRuns.push(runCasepack(cd.dicomRoot, scanJson));
    if (havePydicom) {
      const py = timed(SYSTEM_PYTHON, [scriptFile, listFile], { stdoutFile: pyOut });
      if (py.exitCode !== 0) throw new Error(`pydicom run failed: ${py.stderr.slice(-400)}`);
      pydicomRuns.push(py);
    }
  }
  const { readFile } = await import('node:fs/promises');
  const scan = JSON.parse(await readFile(scanJson, 'utf8'));
  const dicomSeen = scan.summary.byFamily.dicom ?? 0;
  const series = scan.dicom.studies.reduce((n, s) => n + s.series.length, 0);

  // dcmdump: header only as well (-M, stop before pixel data), one process over the sample.
  const sample = dicomFiles.filter((_, i) => i % (DICOM_FILES / DCMDUMP_SAMPLE) === 0);
  const dcmdump = stillMissing.includes('dcmtk') ? undefined : timed('dcmdump', ['-q', '-M', '+sb', '7fe0,0010', ...sample]);

  // What casepack costs before it reads a single file (module loading), to separate it from per-file work.
  const startup = timed(process.execPath, [CASEPACK, '--version']);

  // The whole CD: DICOMDIR, the DICOM files, two 2 GB sparse slides, PDFs.
  const cdJson = path.join(WORK_DIR, 'scan-cd.json');
  const whole = runCasepack(cd.root, cdJson);
  const cdScan = JSON.parse(await readFile(cdJson, 'utf8'));

  const casepackSeconds = median(casepackRuns.map((r) => r.seconds));
  const casepackCpu = median(casepackRuns.map((r) => r.cpuSeconds));
  const casepackRss = Math.max(...casepackRuns.map((r) => r.peakRssMb));
  console.log('');
  console.log(`synthetic CD: ${DICOM_FILES} CT slices 512x512x16 (no extension, DICOMDIR-style folders)` +
    `${cd.slides ? ', 2 sparse 2 GB slides (SVS, NDPI)' : ''}${cd.pdfs ? ', 100 PDFs' : ''}; median of ${RUNS} runs, warm cache`);
  console.log(`casepack found ${dicomSeen} DICOM files in ${series} series (${scan.dicom.studies.length} study)`);
  console.log('');
  const rows = [['tool', 'files', 'wall s', 'files/s', 'CPU s', 'peak RSS MB']];
  rows.push(['casepack scan --json (DICOM)', String(DICOM_FILES), fmt(casepackSeconds), fmt(DICOM_FILES / casepackSeconds, 0), fmt(casepackCpu), fmt(casepackRss, 1)]);
  let pydicomSeconds;
  let pydicomCpu;
  if (pydicomRuns.length > 0) {
    pydicomSeconds = median(pydicomRuns.map((r) => r.seconds));
    pydicomCpu = median(pydicomRuns.map((r) => r.cpuSeconds));
    rows.push(['pydicom dcmread(stop_before_pixels)', String(DICOM_FILES), fmt(pydicomSeconds), fmt(DICOM_FILES / pydicomSeconds, 0), fmt(pydicomCpu), fmt(Math.max(...pydicomRuns.map((r) => r.peakRssMb)), 1)]);
  }
  if (dcmdump) rows.push([`dcmdump -M +sb PixelData (sample)`, String(sample.length), fmt(dcmdump.seconds), fmt(sample.length / dcmdump.seconds, 0), fmt(dcmdump.cpuSeconds), fmt(dcmdump.peakRssMb, 1)]);
  rows.push(['casepack scan --json (whole CD)', String(cdScan.summary.files), fmt(whole.seconds), fmt(cdScan.summary.files / whole.seconds, 0), fmt(whole.cpuSeconds), fmt(whole.peakRssMb, 1)]);
  rows.push(['casepack --version (startup only)', '0', fmt(startup.seconds), '-', fmt(startup.cpuSeconds), fmt(startup.peakRssMb, 1)]);
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => row[col].length)));
  for (const row of rows) console.log(row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]) : cell.padStart(widths[col]))).join('  '));
  console.log('');
  console.log(`whole CD by family: ${JSON.stringify(cdScan.summary.byFamily)}`);
  if (pydicomSeconds !== undefined) {
    const speedup = pydicomSeconds / casepackSeconds;
    console.log(`speed-up vs pydicom: ${fmt(speedup)}x wall, ${fmt((pydicomCpu ?? 0) / casepackCpu)}x CPU (target >= ${TARGET_SPEEDUP}x: ${speedup >= TARGET_SPEEDUP ? 'met' : 'MISSED'})`);
    const perFileCasepack = Math.max(casepackCpu - startup.cpuSeconds, 0.001);
    console.log(`without start-up: casepack ${fmt((perFileCasepack / DICOM_FILES) * 1000, 3)} ms CPU per file, pydicom ${fmt(((pydicomCpu ?? 0) / DICOM_FILES) * 1000, 3)} ms`);
  } else {
    console.log('speed-up vs pydicom: not measured (python3-pydicom missing)');
  }
  if (dcmdump) console.log(`per file: casepack ${fmt((casepackSeconds / DICOM_FILES) * 1000)} ms, dcmdump ${fmt((dcmdump.seconds / sample.length) * 1000)} ms (one process, ${sample.length} files)`);
  const peak = Math.max(casepackRss, whole.peakRssMb);
  console.log(`peak RSS casepack: ${fmt(peak, 1)} MB (target < ${TARGET_RSS_MB} MB: ${peak < TARGET_RSS_MB ? 'met' : 'MISSED'})`);
}

main().catch((err) => {
  console.error(`bench/scan failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
