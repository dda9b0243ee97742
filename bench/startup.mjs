// Benchmark: the START-UP rows of issue 15: what a `casepack` run costs before it reads a file (Node, the CLI
// bundle and the modules it loads), beside `node -e 0`, the floor no Node CLI goes under. Each row is timed
// by GNU time (interleaved rounds, median of RUNS) and its modules are counted by a loader hook
// (bench/lib/module-count.mjs): files loaded (the bundle's chunks each count once, as Node loads them).
// Writes the "Start-up" section of docs/performance.md; the other sections are left as they are.
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { ensureSmallPdfs } from './lib/build-cases.mjs';
import { replaceSection } from './lib/build-report.mjs';
import { ensureSyntheticCd, instancePath, WORK_DIR } from './lib/synthetic-cd.mjs';
import { environmentWithoutExtraCaCerts, timed } from './lib/tools.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const TARGET_STARTUP_CPU = 0.15;
const REPO = path.resolve(import.meta.dirname, '..');
const CASEPACK = path.join(REPO, 'bin', 'casepack');
const MODULE_HOOK = path.join(REPO, 'bench', 'lib', 'module-count.mjs');
const PERFORMANCE_DOC = path.join(REPO, 'docs', 'performance.md');

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (n, digits = 2) => (n === undefined ? '-' : n.toFixed(digits));

function run(args, env) {
  const result = timed(process.execPath, args, { env });
  if (result.exitCode !== 0) throw new Error(`node ${args.join(' ')} exited ${result.exitCode}: ${result.stderr.slice(-400)}`);
  return result;
}

async function modulesLoaded(args) {
  const log = path.join(WORK_DIR, 'modules.log');
  await rm(log, { force: true });
  process.env.CASEPACK_MODULE_LOG = log;
  try {
    const result = timed(process.execPath, ['--import', MODULE_HOOK, CASEPACK, ...args]);
    if (result.exitCode !== 0) throw new Error(`module count run failed: ${result.stderr.slice(-400)}`);
  } finally {
    delete process.env.CASEPACK_MODULE_LOG;
  }
  const urls = [...new Set((await readFile(log, 'utf8')).split('\n').filter(Boolean))];
  const files = urls.filter((u) => !u.startsWith('node:'));
  const chunkMap = JSON.parse(await readFile(path.join(REPO, 'dist', 'cli-bundle', 'chunks.json'), 'utf8').catch(() => '{}'));
  // Packages loaded from node_modules, and those compiled into a loaded chunk of the bundle.
  const packages = new Set(files.flatMap((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1] ?? []));
  for (const u of files) {
    for (const input of chunkMap[/\/dist\/cli-bundle\/([^/]+)$/.exec(u)?.[1]] ?? []) {
      const name = /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];
      if (name) packages.add(name);
    }
  }
  return { files: files.length, builtins: urls.length - files.length, packages: [...packages].sort() };
}

async function main() {
  await mkdir(WORK_DIR, { recursive: true });
  const empty = path.join(tmpdir(), `casepack-bench-empty-${process.pid}`);
  const one = `${empty}-one`;
  await mkdir(empty, { recursive: true });
  const cd = await ensureSyntheticCd({ name: 'cd-3000', dicomFiles: 3000, series: 6, slides: false, pdfs: false });
  await mkdir(one, { recursive: true });
  await copyFile(path.join(cd.root, instancePath(0, 3000, 6)), path.join(one, 'IM000001'));
  // One one-page report: the document reader (classifier, dates, language) loads only for a case like this.
  const onePdf = await ensureSmallPdfs(1);
  const cases = [
    { tool: 'node -e 0 (Node alone)', files: 0, args: ['-e', '0'], casepack: false },
    { tool: 'casepack --version', files: 0, args: ['--version'] },
    { tool: 'casepack scan (empty folder)', files: 0, args: ['scan', empty], key: 'empty' },
    { tool: 'casepack scan --json (empty folder)', files: 0, args: ['scan', '--json', empty] },
    { tool: 'casepack scan --json (one DICOM file)', files: 1, args: ['scan', '--json', one] },
    { tool: 'casepack scan --json (one one-page PDF report)', files: 1, args: ['scan', '--json', onePdf] },
  ];
  const defaultNodeEnv = environmentWithoutExtraCaCerts();
  if (defaultNodeEnv) {
    cases.push(
      { tool: 'node -e 0, without NODE_EXTRA_CA_CERTS', files: 0, args: ['-e', '0'], casepack: false, env: defaultNodeEnv, noModules: true },
      { tool: 'casepack scan (empty folder), without NODE_EXTRA_CA_CERTS', files: 0, args: ['scan', empty], env: defaultNodeEnv, noModules: true },
    );
  }
  const runs = cases.map(() => []);
  const loads = [];
  for (let round = 0; round < RUNS; round++) {
    cases.forEach((c, i) => {
      loads.push(loadavg()[0]);
      runs[i].push(run(c.casepack === false ? c.args : [CASEPACK, ...c.args], c.env));
    });
  }
  const modules = [];
  for (const c of cases) modules.push(c.casepack === false || c.noModules ? undefined : await modulesLoaded(c.args));
  await rm(empty, { recursive: true, force: true });
  await rm(one, { recursive: true, force: true });

  const load = `${fmt(Math.min(...loads), 1)}–${fmt(Math.max(...loads), 1)}`;
  const header = ['work', 'tool', 'files', 'wall s', 'CPU s', 'peak RSS MB', 'files loaded', 'load (1 min)'];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  const summary = cases.map((c, i) => ({
    ...c, seconds: median(runs[i].map((r) => r.seconds)), cpuSeconds: median(runs[i].map((r) => r.cpuSeconds)),
    peakRssMb: Math.max(...runs[i].map((r) => r.peakRssMb)), modules: modules[i],
  }));
  for (const s of summary) lines.push(`| start-up | ${s.tool} | ${s.files} | ${fmt(s.seconds)} | ${fmt(s.cpuSeconds)} | ${fmt(s.peakRssMb, 1)} | ${s.modules ? s.modules.files : '-'} | ${load} |`);
  const byTool = (prefix) => summary.find((s) => s.tool.startsWith(prefix));
  const emptyScan = byTool('casepack scan (empty folder)');
  const emptyScanDefaultNode = byTool('casepack scan (empty folder), without');
  const verdictOf = (s) => (s.cpuSeconds < TARGET_STARTUP_CPU ? 'met' : 'MISSED');
  const verdicts = [
    `- scan of an empty folder: ${fmt(emptyScan.cpuSeconds)} s CPU (target < ${TARGET_STARTUP_CPU}: ${verdictOf(emptyScan)}); \`node -e 0\` ${fmt(byTool('node -e 0 (Node').cpuSeconds)} s in the same rounds, \`--version\` ${fmt(byTool('casepack --version').cpuSeconds)} s.`,
    ...(emptyScanDefaultNode ? [`- this machine sets NODE_EXTRA_CA_CERTS (${process.env.NODE_EXTRA_CA_CERTS}), which makes every Node process parse that certificate bundle as it starts, before casepack's code runs; without it (Node's default): scan of an empty folder ${fmt(emptyScanDefaultNode.cpuSeconds)} s CPU (target: ${verdictOf(emptyScanDefaultNode)}), \`node -e 0\` ${fmt(byTool('node -e 0, without').cpuSeconds)} s, in the same rounds.`] : []),
    `- files loaded, main thread and worker threads (bin/casepack, the bundle's chunks, dist/ files the workers run, packages' files; Node's own modules not counted): ${summary.filter((s) => s.modules).map((s) => `${s.tool.replace(/^casepack /, '')} ${s.modules.files}${s.modules.packages.length ? ` (packages: ${s.modules.packages.join(', ')})` : ''}`).join('; ')}.`,
  ];
  if (Math.max(...loads) > cpus().length) verdicts.push(`- the 1-minute load reached ${fmt(Math.max(...loads), 1)} on ${cpus().length} cores during this run: times are inflated; judge the target on a run at low load.`);
  const conditions = `\`npm run bench -- startup\` (bench/startup.mjs), ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, median of ${RUNS} interleaved rounds (GNU time: CPU in 10 ms steps).`;
  console.log('');
  for (const line of [...lines, '', ...verdicts, '', conditions]) console.log(line);
  await writeSection('Start-up', [
    'What a `casepack` run costs before it reads a file: Node, the CLI and the modules it loads. bin/casepack runs the CLI as an esbuild bundle (`dist/cli-bundle/`, scripts/bundle.mjs) whose chunks load when their work comes up (the case file\'s parser with a casepack.yaml, extract/group/classify with files, the document reader (classifier, dates, language, markers) only with a document to read, ora on a terminal; colours without chalk; commander only for help and the command lines `cli/scan-args.ts` leaves to it).',
    '',
    conditions,
    '',
    ...lines,
    '',
    ...verdicts,
  ]);
  console.log(`\nwritten to ${path.relative(process.cwd(), PERFORMANCE_DOC)} (Start-up)`);
}

/** Replaces the `## title` section of docs/performance.md, leaving every other section as it is. */
async function writeSection(title, body) {
  const text = replaceSection(await readFile(PERFORMANCE_DOC, 'utf8'), title, body.join('\n'));
  await writeFile(PERFORMANCE_DOC, text.endsWith('\n') ? text : `${text}\n`);
}

main().catch((err) => {
  console.error(`bench/startup failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
