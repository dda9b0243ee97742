import type { Finding } from '../../model/finding.js';
import { estimatePacketBytes, splitPlan } from '../../plan/split.js';
import type { PacketPlan } from '../../plan/schema.js';
import { formatSizeLimit } from '../../util/size-limit.js';
import type { BuildResult } from '../../write/build.js';

/**
 * `build --dry-run`: the packet's estimated size against the limit and, with
 * `--split`, the parts it would be written as (what each holds). The size
 * warning itself is among the check's findings.
 */
export function planPreviewLines(plan: PacketPlan, limit: number, split: boolean, findings: readonly Finding[]): string[] {
  const estimate = estimatePacketBytes(plan);
  const lines = [`Estimated size: ${formatSizeLimit(estimate)} (limit ${formatSizeLimit(limit)}).`];
  if (estimate <= limit) return [...lines, split ? 'It fits: --split would write one ordinary packet.' : ''].filter(Boolean);
  const warning = findings.find((f) => f.code === 'PACKET_TOO_LARGE_TO_UPLOAD');
  if (!split) return [...lines, `Warning: ${warning?.message ?? 'the packet is over the limit.'}`, `  → ${warning?.hint ?? 'Build it in parts with --split.'}`];
  const { parts, findings: splitFindings } = splitPlan(plan, limit);
  lines.push(`With --split: ${parts.length} parts.`);
  for (const part of parts) {
    lines.push(`  Part ${part.number}: about ${formatSizeLimit(part.estimatedBytes)}, ${part.plan.entries.length} entries`);
    for (const held of part.holds) lines.push(`    ${held}`);
  }
  for (const f of splitFindings) lines.push(`Warning: ${f.message}`);
  return lines;
}

/** After `build --split`: each part's path, size and SHA-256, or that the packet fitted and was not split. */
export function splitLines(split: NonNullable<BuildResult['split']>, shown: (file: string) => string): string[] {
  const [only] = split.parts;
  if (split.parts.length === 1 && only) {
    return [`It fits within ${formatSizeLimit(split.limitBytes)}: written as one packet, not split.`, `SHA-256: ${only.packetSha256 ?? ''} (also in ${shown(`${only.output}.sha256`)})`];
  }
  const lines = [`Written as ${split.parts.length} parts of at most ${formatSizeLimit(split.limitBytes)}; each opens and verifies on its own (casepack verify PART):`];
  // In the limit's own decimal units, so a part can be compared with it at a glance.
  for (const p of split.parts) lines.push(`  ${shown(p.output)}  ${formatSizeLimit(p.packetBytes)}  SHA-256: ${p.packetSha256 ?? ''}`);
  lines.push('Each part\'s SHA-256 is also in PART.sha256 beside it.');
  return lines;
}
