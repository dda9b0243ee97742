// `npm run bench`: runs each benchmark in its own process (so one's memory does
// not count against the next) and prints their figures. Figures, not pass/fail.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const here = import.meta.dirname;
const BENCHMARKS = [
  'startup.mjs',
  'scan.mjs',
  'build.mjs',
  'build-memory.mjs',
  'ocr-cache.mjs',
  'ocr.mjs',
];

// `npm run bench -- ocr --pages 200`: a name picks that benchmark alone; the other arguments go to it.
const named = process.argv.slice(2).filter((a) => BENCHMARKS.includes(`${a}.mjs`));
const rest = process.argv.slice(2).filter((a) => !named.includes(a));
const chosen = named.length ? named.map((n) => `${n}.mjs`) : BENCHMARKS;

let failed = 0;
for (const script of chosen) {
  console.log(`\n=== bench/${script} ===`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, script), ...rest], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    console.error(`bench/${script} exited with ${result.status ?? result.signal}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
