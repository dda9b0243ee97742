// The hostile-input half of `npm run fuzz`: every Bomb exported by
// test/support/bombs/<family>.ts is made in a private folder and the built CLI
// is run on it as a child process, with its own TMPDIR inside that folder.
// For each bomb it prints peak RSS (the child's VmHWM, threads included), wall
// time, exit status, whether an expected finding code appeared, and the bytes
// left in its temp folder afterwards (must be 0). A bomb over its limits, with
// an unexpected exit, without its finding, or leaving temp files is "broken";
// the run exits 1 when any is. A child over twice its limits is killed, so the
// machine running the fuzz never falls over.
//
//   node --import tsx scripts/fuzz-bombs.mjs [--only name-substring]
/* global setInterval, clearInterval */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FAMILIES = ['image', 'pdf', 'archive', 'verify', 'yaml'];
const POLL_MS = 25;

export async function loadBombs() {
  const all = [];
  for (const family of FAMILIES) {
    const file = path.join(ROOT, 'test/support/bombs', `${family}.ts`);
    if (!existsSync(file)) continue;
    const mod = await import(pathToFileURL(file).href);
    all.push(...(mod.bombs ?? []));
  }
  return all;
}

/** Peak resident memory of a live process in KiB: VmHWM is the kernel's high-water mark, so short spikes between polls still count. */
async function highWaterKb(pid) {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const m = /VmHWM:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

async function folderBytes(dir) {
  let total = 0;
  let entries;
  try { entries = await readdir(dir, { withFileTypes: true }); } catch { return 0; }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) total += await folderBytes(p);
    else total += (await stat(p).catch(() => ({ size: 0 }))).size;
  }
  return total;
}

function runChild(args, tempDir, limits) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/casepack'), ...args], {
      env: { ...process.env, TMPDIR: tempDir, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk) => { if (output.length < 4_000_000) output += chunk.toString('utf8'); };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let peakKb = 0;
    let killedFor = '';
    const sampler = setInterval(async () => {
      peakKb = Math.max(peakKb, await highWaterKb(child.pid));
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (!killedFor && peakKb / 1024 > 2 * limits.maxRssMb) killedFor = `RSS over ${2 * limits.maxRssMb} MB`;
      if (!killedFor && seconds > 2 * limits.maxSeconds) killedFor = `still running after ${2 * limits.maxSeconds} s`;
      if (killedFor) child.kill('SIGKILL');
    }, POLL_MS);
    child.on('close', (code, signal) => {
      clearInterval(sampler);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      resolve({ code, signal, seconds, peakMb: peakKb / 1024, output, killedFor });
    });
  });
}

function judge(bomb, run, leftBytes) {
  const problems = [];
  if (run.killedFor) problems.push(`killed: ${run.killedFor}`);
  else {
    if (!bomb.expectExit.includes(run.code)) problems.push(`exit ${run.code ?? run.signal}, expected ${bomb.expectExit.join('/')}`);
    if (run.peakMb > bomb.limits.maxRssMb) problems.push(`peak RSS ${run.peakMb.toFixed(0)} MB > ${bomb.limits.maxRssMb}`);
    if (run.seconds > bomb.limits.maxSeconds) problems.push(`${run.seconds.toFixed(1)} s > ${bomb.limits.maxSeconds}`);
  }
  if (bomb.expectCodes.length > 0 && !bomb.expectCodes.some((c) => run.output.includes(c))) problems.push(`none of ${bomb.expectCodes.join(', ')} reported`);
  if (/\n\s+at .+:\d+:\d+\)?\n/.test(run.output)) problems.push('a stack trace reached the user');
  if (leftBytes > 0) problems.push(`${leftBytes} bytes left in its temp folder`);
  return problems;
}

export async function runBombs({ only } = {}) {
  const bombs = (await loadBombs()).filter((b) => !only || b.name.includes(only));
  const results = [];
  console.log(`casepack bombs: ${bombs.length} hostile inputs, each run by the CLI as a child process`);
  console.log(`${'bomb'.padEnd(30)} ${'family'.padEnd(8)} ${'exit'.padStart(4)} ${'peak RSS'.padStart(9)} ${'time'.padStart(7)}  verdict`);
  for (const bomb of bombs) {
    const dir = await mkdtemp(path.join(tmpdir(), 'casepack-bomb-'));
    const tempDir = path.join(dir, '.tmp');
    await mkdir(tempDir, { mode: 0o700 });
    try {
      const args = await bomb.make(dir);
      const run = await runChild(args, tempDir, bomb.limits);
      const problems = judge(bomb, run, await folderBytes(tempDir));
      results.push({ bomb, run, problems });
      const verdict = problems.length === 0 ? 'held' : `BROKEN (${problems.join('; ')})`;
      console.log(`${bomb.name.padEnd(30)} ${bomb.family.padEnd(8)} ${String(run.code ?? run.signal).padStart(4)} ${`${run.peakMb.toFixed(0)} MB`.padStart(9)} ${`${run.seconds.toFixed(1)} s`.padStart(7)}  ${verdict}`);
    } catch (err) {
      results.push({ bomb, run: null, problems: [`could not be made: ${err?.message ?? err}`] });
      console.log(`${bomb.name.padEnd(30)} ${bomb.family.padEnd(8)}  BROKEN (could not be made: ${err?.message ?? err})`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const broken = results.filter((r) => r.problems.length > 0);
  console.log(`bombs held: ${results.length - broken.length} of ${results.length}`);
  return { results, broken: broken.length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--only');
  const { broken } = await runBombs({ only: at > 0 ? process.argv[at + 1] : undefined });
  process.exitCode = broken > 0 ? 1 : 0;
}
