/**
 * Runs one fuzz case through the probe dispatcher under guard: hang limits,
 * a record of the largest single buffer requested while it ran (a probe that
 * trusts a length field asks for gigabytes), and a catch for anything thrown.
 * Node built-ins only: scripts/fuzz.mjs loads this file too.
 */
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ProbeTarget } from '../../src/probe/index.js';
import type { ProbeOptions, ProbeOutput } from '../../src/probe/types.js';

export type ProbeFileFn = (target: ProbeTarget, options?: ProbeOptions) => Promise<ProbeOutput>;

/**
 * What counts as a hang. A wall-clock limit alone is wrong both ways: tight,
 * it fails a correct probe on a loaded machine (2 cores shared with other
 * jobs); generous, it lets a pathologically slow parser through. So a case
 * gets a generous wall clock, which only a promise that never settles reaches,
 * and a bound on the work it does: the CPU time this process spent while the
 * case ran, which other processes' load does not inflate.
 */
export interface HangLimits {
  wallMs: number;
  cpuMs: number;
}

/** For the fuzz tests: a minute to settle at all, and two seconds of CPU (the old wall budget, now counted as work). */
export const FUZZ_HANG_LIMITS: HangLimits = { wallMs: 60_000, cpuMs: 2_000 };

export interface CaseResult {
  codes: string[];
  family?: string;
  ms: number;
  /** CPU time (user + system, all threads of this process) spent while the case ran. */
  cpuMs: number;
  /** Thrown past the dispatcher (must never happen). */
  threw?: string;
  /** Did not settle within the wall-clock limit (must never happen). */
  hung: boolean;
  /** Settled, but only after more CPU time than the limit allows (must never happen). */
  overworked: boolean;
  largestAlloc: number;
}

export type Settled<T> = { hung: false; value: T; ms: number; cpuMs: number } | { hung: true; ms: number; cpuMs: number };

/** Wait for `work` up to the wall-clock limit, measuring wall and CPU time; a hang resolves as such instead of timing out the test. */
export async function settleWithin<T>(work: Promise<T>, wallMs: number): Promise<Settled<T>> {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const spent = (): { ms: number; cpuMs: number } => {
    const cpu = process.cpuUsage(cpuBefore);
    return { ms: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000 };
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'hung'>((resolve) => { timer = setTimeout(() => resolve('hung'), wallMs); });
  try {
    const answer = work.then((value) => ({ value }));
    // A case that hung may still reject later: that must not surface as an unhandled rejection.
    answer.catch(() => undefined);
    const outcome = await Promise.race([answer, timeout]);
    return outcome === 'hung' ? { hung: true, ...spent() } : { hung: false, value: outcome.value, ...spent() };
  } finally {
    clearTimeout(timer);
  }
}

/** Allowed single allocation: a generous floor for header reads and parsers, else a multiple of the file. */
export function allocationAllowance(fileSize: number): number {
  return Math.max(64 * 1024 * 1024, fileSize * 8);
}

let largest = 0;
let tracking = false;
function installAllocationTracker(): void {
  if (tracking) return;
  tracking = true;
  for (const key of ['alloc', 'allocUnsafe', 'allocUnsafeSlow'] as const) {
    const original = Buffer[key] as (size: number, ...rest: unknown[]) => Buffer;
    (Buffer as unknown as Record<string, unknown>)[key] = function tracked(size: number, ...rest: unknown[]): Buffer {
      if (typeof size === 'number' && size > largest) largest = size;
      return original.call(Buffer, size, ...rest);
    };
  }
}

/**
 * Probe `bytes` as a file. `limits` as a plain number is one budget used as
 * both the wall-clock and the CPU limit (scripts/fuzz.mjs's 2 s per case).
 */
export async function runCase(probeFile: ProbeFileFn, dir: string, name: string, bytes: Buffer, limits: HangLimits | number): Promise<CaseResult> {
  const { wallMs, cpuMs: cpuLimit } = typeof limits === 'number' ? { wallMs: limits, cpuMs: limits } : limits;
  installAllocationTracker();
  const file = path.join(dir, name);
  await writeFile(file, bytes, { mode: 0o600 });
  largest = 0;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  try {
    const settled = await settleWithin(probeFile({ relPath: name, absPath: file, size: bytes.length }, { extractText: true }), wallMs);
    const { ms, cpuMs } = settled;
    if (settled.hung) return { codes: [], ms, cpuMs, hung: true, overworked: cpuMs > cpuLimit, largestAlloc: largest };
    const outcome = settled.value;
    return { codes: outcome.findings.map((f) => f.code), family: outcome.family, ms, cpuMs, hung: false, overworked: cpuMs > cpuLimit, largestAlloc: largest };
  } catch (err) {
    const cpu = process.cpuUsage(cpuBefore);
    const threw = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    return { codes: [], ms: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000, threw, hung: false, overworked: false, largestAlloc: largest };
  } finally {
    await rm(file, { force: true });
  }
}
