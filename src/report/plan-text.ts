import type { PacketPlan } from '../plan/schema.js';
import { joinLines, PLAIN_STYLE, type TextRenderOptions, type TextStyle } from './style.js';

/**
 * The packet's top level in packet order: the index, merged PDFs with their
 * bookmarks, documents copied as they are. DICOM files and MIRAX data are
 * shown by study and series below instead of file by file.
 */
function documentLines(plan: PacketPlan, c: TextStyle): string[] {
  const lines: string[] = [];
  for (const entry of plan.entries) {
    if (entry.kind === 'merged-pdf') {
      lines.push(`  ${entry.path}`);
      for (const s of entry.sources) lines.push(`      ${c.dim('▸')} ${s.bookmark}  ${c.dim(s.source)}`);
    } else if (entry.kind === 'copy' && entry.role !== 'dicom' && entry.role !== 'slide-data') {
      lines.push(`  ${entry.path}  ${c.dim(`← ${entry.source}`)}`);
    } else if (entry.kind === 'generated' && entry.path.endsWith('.pdf')) {
      lines.push(`  ${entry.path}`);
    }
  }
  return lines;
}

function studyLines(plan: PacketPlan, c: TextStyle): string[] {
  return plan.studies.flatMap((study) => [
    `  ${study.folder}`,
    ...study.series.map((s) => `      ${s.folder.slice(study.folder.length)}  ${c.dim(`${s.images} image(s)`)}`),
  ]);
}

function leftOutLines(plan: PacketPlan, c: TextStyle): string[] {
  if (!plan.leftOut.length) return [];
  return [c.bold('Left out'), ...plan.leftOut.map((l) => `  ${l.source}  ${c.dim(l.detail ?? l.reason)}`)];
}

/** `casepack build --dry-run`: every path of the packet, what goes into it, and what is left out. */
export function renderPlanText(plan: PacketPlan, options: TextRenderOptions = {}): string {
  const c = options.style ?? PLAIN_STYLE;
  // Reports and manifests come last, after the imaging they describe.
  const trailing = plan.entries.filter((e) => e.kind === 'generated' && !e.path.endsWith('.pdf'));
  return joinLines([
    c.bold('Packet plan (nothing written)'),
    ...documentLines(plan, c),
    ...studyLines(plan, c),
    ...trailing.map((entry) => `  ${entry.path}`),
    ...leftOutLines(plan, c),
  ]);
}
