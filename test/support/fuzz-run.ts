/**
 * Runs one fuzz case through the probe dispatcher under guard: a time budget,
 * a record of the largest single buffer requested while it ran (a probe that
 * trusts a length field asks for gigabytes), and a catch for anything thrown.
 * Node built-ins only: scripts/fuzz.mjs loads this file too.
 */
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ProbeTarget } from '../../src/probe/index.js';
import type { ProbeOptions, ProbeOutput } from '../../src/probe/types.js';

export type ProbeFileFn = (target: ProbeTarget, options?: ProbeOptions) => Promise<ProbeOutput>;

export interface CaseResult {
  codes: string[];
  family?: string;
  ms: number;
  /** Thrown past the dispatcher (must never happen). */
  threw?: string;
  /** Did not settle within the budget (must never happen). */
  hung: boolean;
  largestAlloc: number;
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

export async function runCase(probeFile: ProbeFileFn, dir: string, name: string, bytes: Buffer, budgetMs: number): Promise<CaseResult> {
  installAllocationTracker();
  const file = path.join(dir, name);
  await writeFile(file, bytes, { mode: 0o600 });
  largest = 0;
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'hung'>((resolve) => { timer = setTimeout(() => resolve('hung'), budgetMs); });
  try {
    const outcome = await Promise.race([probeFile({ relPath: name, absPath: file, size: bytes.length }, { extractText: true }), timeout]);
    const ms = performance.now() - started;
    if (outcome === 'hung') return { codes: [], ms, hung: true, largestAlloc: largest };
    return { codes: outcome.findings.map((f) => f.code), family: outcome.family, ms, hung: false, largestAlloc: largest };
  } catch (err) {
    return { codes: [], ms: performance.now() - started, threw: err instanceof Error ? `${err.name}: ${err.message}` : String(err), hung: false, largestAlloc: largest };
  } finally {
    clearTimeout(timer);
    await rm(file, { force: true });
  }
}
