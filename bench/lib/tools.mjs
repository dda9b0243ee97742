// The peer tools the benchmarks compare against, installed from Debian when absent.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { clearInterval, setInterval } from 'node:timers';

export const GNU_TIME = '/usr/bin/time';
export const SYSTEM_PYTHON = '/usr/bin/python3';

function has(command, args = ['--version']) {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return result.error === undefined && result.status === 0;
}

const CHECKS = [
  { pkg: 'time', present: () => existsSync(GNU_TIME) },
  { pkg: 'dcmtk', present: () => has('dcmdump', ['--version']) },
  { pkg: 'tesseract-ocr', present: () => has('tesseract', ['--version']) },
  { pkg: 'python3-pydicom', present: () => existsSync(SYSTEM_PYTHON) && has(SYSTEM_PYTHON, ['-c', 'import pydicom']) },
];

/** Install what is missing with apt-get (root only); returns the packages still missing. */
export function ensureTools() {
  const missing = CHECKS.filter((check) => !check.present()).map((check) => check.pkg);
  if (missing.length === 0) return [];
  if (process.getuid?.() !== 0) {
    console.warn(`bench: missing ${missing.join(', ')}; install with: sudo apt-get install ${missing.join(' ')}`);
    return missing;
  }
  console.log(`bench: installing ${missing.join(', ')} (apt-get)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  return CHECKS.filter((check) => !check.present()).map((check) => check.pkg);
}

/**
 * Run a command under GNU time: wall seconds and peak resident set size.
 * stdout goes to `stdoutFile` (or is discarded) so printing is not measured.
 */
export function timed(command, args, { stdoutFile, cwd, env } = {}) {
  const format = '__BENCH__ %e %M %U %S';
  const shellQuote = (s) => `'${String(s).replaceAll("'", "'\\''")}'`;
  const redirect = stdoutFile ? `> ${shellQuote(stdoutFile)}` : '> /dev/null';
  const line = `${shellQuote(GNU_TIME)} -f ${shellQuote(format)} ${[command, ...args].map(shellQuote).join(' ')} ${redirect}`;
  const result = spawnSync('/bin/sh', ['-c', line], { encoding: 'utf8', cwd, env: env ?? process.env, maxBuffer: 64 * 1024 * 1024 });
  const match = /__BENCH__ ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(result.stderr ?? '');
  if (!match) throw new Error(`could not time ${command}: ${(result.stderr ?? '').slice(-500)}`);
  const exitMatch = /Command exited with non-zero status (\d+)/.exec(result.stderr ?? '');
  return {
    seconds: Number(match[1]),
    peakRssMb: Number(match[2]) / 1024,
    /** User + system CPU seconds: steadier than wall time on a shared, loaded machine. */
    cpuSeconds: Number(match[3]) + Number(match[4]),
    exitCode: exitMatch ? Number(exitMatch[1]) : 0,
    stderr: result.stderr,
  };
}

/** The pids of every process below `root` (children, grandchildren…), from /proc (Linux only). */
function descendantsOf(root) {
  const found = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift();
    let children = '';
    try {
      for (const task of readdirSync(`/proc/${pid}/task`)) children += ` ${readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8')}`;
    } catch { continue; } // gone between two reads
    for (const child of children.split(/\s+/).filter(Boolean).map(Number)) { found.push(child); queue.push(child); }
  }
  return found;
}

function residentKb(pid) {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch { return 0; }
}

/**
 * `timed`, plus the peak of the SUM of the resident sets of the whole process
 * tree (the command and every process it starts), sampled from /proc every
 * `intervalMs`. GNU time's %M is the largest single process's peak, which says
 * nothing of a tree: casepack's OCR runs its page pool in a child process, so
 * the sum is the figure to hold to a memory target. Sampling can miss a peak
 * shorter than the interval, so this is a lower bound of the true tree peak.
 * `env` replaces the environment. Linux only (elsewhere `treePeakRssMb` is undefined).
 */
export function timedTree(command, args, { stdoutFile, cwd, env, intervalMs = 100 } = {}) {
  const format = '__BENCH__ %e %M %U %S';
  return new Promise((resolve, reject) => {
    const out = stdoutFile ? openSync(stdoutFile, 'w') : 'ignore';
    const child = spawn(GNU_TIME, ['-f', format, command, ...args], { cwd, env: env ?? process.env, stdio: ['ignore', out, 'pipe'] });
    if (typeof out === 'number') closeSync(out);
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk) => { stderr += chunk; });
    const linux = process.platform === 'linux';
    let treePeakKb = 0;
    let processesAtPeak = 0;
    const sample = () => {
      // GNU time itself is not counted: it is the measuring tool, not casepack.
      const pids = descendantsOf(child.pid);
      const sum = pids.reduce((kb, pid) => kb + residentKb(pid), 0);
      if (sum > treePeakKb) { treePeakKb = sum; processesAtPeak = pids.length; }
    };
    const timer = linux ? setInterval(sample, intervalMs) : undefined;
    child.on('error', (error) => { clearInterval(timer); reject(error); });
    child.on('close', () => {
      clearInterval(timer);
      const match = /__BENCH__ ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(stderr);
      if (!match) { reject(new Error(`could not time ${command}: ${stderr.slice(-500)}`)); return; }
      const exitMatch = /Command exited with non-zero status (\d+)/.exec(stderr);
      resolve({
        seconds: Number(match[1]),
        peakRssMb: Number(match[2]) / 1024,
        cpuSeconds: Number(match[3]) + Number(match[4]),
        exitCode: exitMatch ? Number(exitMatch[1]) : 0,
        stderr,
        /** Peak of the summed VmRSS of all processes of the tree, in MB (sampled). */
        treePeakRssMb: linux ? treePeakKb / 1024 : undefined,
        /** How many processes the tree had at that peak. */
        processesAtPeak,
      });
    });
  });
}

/**
 * The environment without NODE_EXTRA_CA_CERTS, or undefined when it is not set. With it, every Node process
 * reads and parses that certificate bundle as it starts, before any of its own code runs (~0.08 s CPU on the
 * bench machine, where it is set to the system's whole bundle: `node -e 0` 0.10 s against 0.025 s). casepack makes
 * no network calls, so start-up rows are shown both ways: as the machine is set up, and as Node starts by default.
 */
export function environmentWithoutExtraCaCerts() {
  if (!process.env.NODE_EXTRA_CA_CERTS) return undefined;
  const { NODE_EXTRA_CA_CERTS: _ignored, ...rest } = process.env;
  return rest;
}
