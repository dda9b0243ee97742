import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { isInside } from '../../util/paths.js';
import { resolveShard, selectShard } from '../../pipeline/shard.js';
import { EXIT, UsageError } from '../exit.js';
import { expandCaseArgs } from './check.js';

/** What the batch needs of build's flags. */
export interface BatchBuildFlags {
  output?: string;
  dryRun?: boolean;
  json?: boolean;
  shard?: string;
  /** Set on the flags handed to each case's build, so it builds that case alone and does not shard again. */
  batchMember?: boolean;
}

/** `out/{case}.zip` → `out/jane.zip`: the packet of one case of a batch. */
export function packetPathFor(template: string, casePath: string): string {
  return template.replaceAll('{case}', path.basename(path.resolve(casePath)));
}

/**
 * `casepack build` over several cases, or over one shard of a batch
 * (`--shard K/N`, JOB_COMPLETION_INDEX): each case of this shard is built in
 * turn by the one-case build (`buildOne`), its packet at `-o` with `{case}`
 * replaced by the case folder's name. One case without a shard is not a batch:
 * false, and the caller builds it as always. A case that fails (no such
 * folder, a packet already there) is reported and the others are still built;
 * the exit status is the worst case's (3 > 2 > 1 > 0).
 */
export async function buildEachCase<F extends BatchBuildFlags>(caseArgs: readonly string[], flags: F, buildOne: (cases: string[], flags: F) => Promise<void>): Promise<boolean> {
  if (flags.batchMember) return false;
  const shard = resolveShard(flags.shard);
  if (caseArgs.length <= 1 && !shard) return false;
  const all = await expandCaseArgs(caseArgs);
  if (all.length <= 1 && !shard) return false;
  if (!flags.dryRun) {
    if (!flags.output) throw new UsageError('give the packets\' path with -o, with {case} in it for several cases (e.g. -o packets/{case}.zip)');
    if (!flags.output.includes('{case}')) throw new UsageError('with several cases, put {case} in the -o packet path (e.g. -o packets/{case}.zip)');
    const names = new Map<string, string>();
    for (const c of all) {
      const packet = path.resolve(packetPathFor(flags.output, c));
      const other = names.get(packet);
      if (other) throw new UsageError(`${other} and ${c} would both be packed to ${packet}: give the case folders different names`);
      names.set(packet, c);
      const inside = all.find((other) => isInside(other, packet));
      if (inside) throw new UsageError(`will not write ${packet} inside the case folder ${inside}: case folders are read-only`);
    }
    // Like --report in check: the folders the packets go to are made (never inside a case, checked above).
    for (const packet of names.keys()) await mkdir(path.dirname(packet), { recursive: true });
  }
  const codes: number[] = [];
  for (const casePath of selectShard(all, shard)) {
    process.exitCode = undefined;
    const own: F = { ...flags, shard: undefined, batchMember: true, ...(flags.output ? { output: packetPathFor(flags.output, casePath) } : {}) };
    try {
      await buildOne([casePath], own);
      codes.push(typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK);
    } catch (err) {
      // One case's mistake or failure is that case's: the rest of the batch is still built.
      const usage = err instanceof UsageError;
      const message = err instanceof Error ? err.message : String(err);
      // The JSON line says the case failed, so a batch's output has one line per case.
      if (flags.json) process.stdout.write(`${JSON.stringify({ case: casePath, status: 'error', exitCode: usage ? EXIT.USAGE : EXIT.TOOL_FAILURE, error: usage ? message : `the tool failed: ${message}` })}\n`);
      process.stderr.write(`casepack: ${casePath}: ${usage ? '' : 'the tool failed: '}${err instanceof Error ? err.message : String(err)}\n`);
      codes.push(usage ? EXIT.USAGE : EXIT.TOOL_FAILURE);
    }
  }
  process.exitCode = [EXIT.TOOL_FAILURE, EXIT.USAGE, EXIT.FINDINGS].find((code) => codes.includes(code)) ?? EXIT.OK;
  return true;
}
