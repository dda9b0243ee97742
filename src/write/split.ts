import { stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { finding } from '../findings/codes.js';
import type { Finding } from '../model/finding.js';
import { splitPlan, type PacketPart } from '../plan/split.js';
import { formatSizeLimit } from '../util/size-limit.js';
import { checkOutputPath, sidecarPath } from './atomic.js';
import { writePacket, type BuildResult, type PacketInput, type PacketPartResult } from './build.js';
import type { PacketPartListing } from './index-model.js';

/** `out/packet.zip` → `out/packet.part2.zip`; a name without `.zip` gets `.part2.zip` added. */
export function partPath(target: string, part: number): string {
  const ext = path.extname(target).toLowerCase() === '.zip' ? path.extname(target) : '';
  return `${target.slice(0, target.length - ext.length)}.part${part}.zip`;
}

/**
 * `build --split`: the packet as parts of at most `limitBytes` each
 * (`packet.part1.zip`, `packet.part2.zip`…), each a complete packet with its
 * own manifests and `.sha256` that `casepack verify` passes on its own. Part 1
 * holds the letters and documents; every part carries the same index, which
 * lists what each part holds. A packet that fits is written as one ordinary
 * packet at `input.target`. Every part path is checked before anything is
 * written; if a part fails, the parts already written are removed again.
 */
export async function writeSplitPacket(input: PacketInput, limitBytes: number, force: boolean): Promise<BuildResult> {
  const split = splitPlan(input.plan, limitBytes);
  if (split.parts.length === 1) {
    const result = await writePacket(input);
    const part: PacketPartResult = { part: 1, output: result.output, packetBytes: result.packetBytes, packetSha256: result.packetSha256, entries: result.manifest?.entries.length ?? 0 };
    return { ...result, split: { limitBytes, parts: result.written ? [part] : [] } };
  }
  const targets = await Promise.all(split.parts.map((p) => checkOutputPath(input.root, partPath(input.target, p.number), force)));
  const listing: PacketPartListing = { files: split.parts.map((p, i) => ({ name: path.basename(targets[i] as string), holds: p.holds })), partOfEntry: split.partOfEntry };
  const written: BuildResult[] = [];
  try {
    for (const part of split.parts) {
      const result = await writePart(input, part, targets[part.number - 1] as string, { plan: input.plan, parts: listing, bytes: written[0]?.indexPdf });
      written.push(result);
      if (!result.written) break;
    }
  } catch (err) {
    await removeParts(written);
    throw err;
  }
  const failed = written.some((r) => !r.written);
  if (failed) await removeParts(written);
  const result = combine(input, written, split.findings, limitBytes, failed);
  if (!failed) result.findings.push(...await staleParts(input.target, split.parts.length));
  return result;
}

/** `packet.part6.zip` from an earlier, larger split beside a new 5-part packet: never removed (it is not ours), but said. */
async function staleParts(target: string, count: number): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (let n = count + 1; ; n++) {
    const old = partPath(target, n);
    if (!(await stat(old).catch(() => undefined))?.isFile()) return findings;
    findings.push(finding('PACKET_STALE_PART', [], { message: `${path.basename(old)}, left by an earlier build, lies beside the ${count} new parts; it does not belong to this packet.`, details: { part: path.basename(old) } }));
  }
}

function writePart(input: PacketInput, part: PacketPart, target: string, index: NonNullable<PacketInput['index']>): Promise<BuildResult> {
  // Only part 1 carries the checklist reports: the others get no check, so none are resolved for them.
  return writePacket({ ...input, target, plan: part.plan, index });
}

/** A build that stopped leaves no part behind: half a packet must not be sent. */
async function removeParts(written: readonly BuildResult[]): Promise<void> {
  for (const r of written) {
    if (!r.written) continue;
    await unlink(r.output).catch(() => undefined);
    await unlink(sidecarPath(r.output)).catch(() => undefined);
  }
}

/** One result for the whole packet: part 1's plan and manifest, every part's findings, each part's path, size and hash. */
function combine(input: PacketInput, written: BuildResult[], splitFindings: Finding[], limitBytes: number, failed: boolean): BuildResult {
  const first = written[0] as BuildResult;
  const parts: PacketPartResult[] = failed ? [] : written.map((r, i) => ({ part: i + 1, output: r.output, packetBytes: r.packetBytes, packetSha256: r.packetSha256, entries: r.manifest?.entries.length ?? 0 }));
  const findings = [...splitFindings, ...written.flatMap((r) => r.findings)];
  for (const part of parts) {
    // The estimate was generous; a part over the limit after all is said, never hidden.
    if (part.packetBytes > limitBytes && !splitFindings.some((f) => f.code === 'PACKET_PART_OVER_LIMIT' && f.details?.['part'] === part.part)) {
      findings.push(finding('PACKET_PART_OVER_LIMIT', [], { message: `Part ${part.part} is ${formatSizeLimit(part.packetBytes)}, over the ${formatSizeLimit(limitBytes)} limit.`, details: { part: part.part, bytes: part.packetBytes, limitBytes } }));
    }
  }
  const summary = {
    ...first.summary,
    entries: written.reduce((n, r) => n + r.summary.entries, 0),
    sourceBytes: written.reduce((n, r) => n + r.summary.sourceBytes, 0),
    durationMs: Date.now() - input.started,
  };
  return {
    ...first,
    written: !failed,
    packetBytes: failed ? 0 : parts.reduce((n, p) => n + p.packetBytes, 0),
    packetSha256: failed ? null : first.packetSha256,
    plan: input.plan,
    findings,
    summary,
    split: { limitBytes, parts },
  };
}
