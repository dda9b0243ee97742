// Run in a child by bench/build.mjs: casepack's merge function called directly, timed around the call only.
// The process has imported write/merge.js (pdf-lib only when a group needs it) but run none of it, so the first call pays
// V8's cold JIT (compiling casepack's code, and pdf-lib's if loaded, as it first runs) and its own GC; it does not pay
// Node's start-up, module loading or listing the folder (a build has its plan before it merges). A second,
// warm call is timed after it, for information. Prints one JSON line:
// { first: { seconds, cpuSeconds, rssMb }, second: { … }, peakRssMb } (peakRssMb: the process's peak by the end of
// the first call, Node included). CPU is the whole process's (V8's compiler and GC threads too).
import { readdir } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import path from 'node:path';

const [dist, dir, out] = process.argv.slice(2);
const { mergeGroupToFile } = await import(path.join(dist, 'write', 'merge.js'));
const names = (await readdir(dir)).filter((n) => n.endsWith('.pdf')).sort();
const sources = names.map((n) => ({ source: n, kind: 'pdf', bookmark: n, date: null, title: n, pages: null, size: 0, fallbackPath: n }));
const entry = { kind: 'merged-pdf', path: 'x.pdf', category: 'other', date: null, start: null, part: null, store: false, sources };

async function timedCall(file) {
  const cpuBefore = process.cpuUsage();
  const before = performance.now();
  const result = await mergeGroupToFile(entry, file, { root: dir, date: new Date(0), title: 'bench' });
  const seconds = (performance.now() - before) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  if (result.failed.length) throw new Error(`merge failed for ${result.failed.length} PDFs`);
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, rssMb: process.memoryUsage.rss() / 1024 ** 2 };
}

const first = await timedCall(out);
const peakRssMb = process.resourceUsage().maxRSS / 1024;
const second = await timedCall(`${out}.warm.pdf`);
process.stdout.write(`${JSON.stringify({ first, second, peakRssMb })}\n`);
