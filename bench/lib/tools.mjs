// The peer tools the benchmarks compare against, installed from Debian when absent.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

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
export function timed(command, args, { stdoutFile, cwd } = {}) {
  const format = '__BENCH__ %e %M %U %S';
  const shellQuote = (s) => `'${String(s).replaceAll("'", "'\\''")}'`;
  const redirect = stdoutFile ? `> ${shellQuote(stdoutFile)}` : '> /dev/null';
  const line = `${shellQuote(GNU_TIME)} -f ${shellQuote(format)} ${[command, ...args].map(shellQuote).join(' ')} ${redirect}`;
  const result = spawnSync('/bin/sh', ['-c', line], { encoding: 'utf8', cwd, maxBuffer: 64 * 1024 * 1024 });
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
