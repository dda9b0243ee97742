import type { CheckResult } from '../model/check.js';
import type { Finding } from '../model/finding.js';
import { formatBytes } from '../util/format.js';
import { findingLines } from './findings-text.js';
import { joinLines, PLAIN_STYLE, type TextRenderOptions } from './style.js';

/** What a finished build reports; the write stage's BuildResult has this shape. */
export interface BuildSummaryView {
  written: boolean;
  packetBytes: number;
  findings: readonly Finding[];
  summary: { entries: number; encrypted: boolean };
}

export interface BuildTextOptions extends TextRenderOptions {
  /** The packet's path as the person should see it (the CLI shortens it relative to the working folder). */
  shownOutput: string;
}

/** Item findings are said by "Still missing"; the rest is what check calls file problems. */
const ITEM_CODES: ReadonlySet<string> = new Set(['ITEM_MISSING', 'ITEM_RECOMMENDED_MISSING', 'ITEM_PARTIAL']);

/**
 * `casepack build` on a terminal: the packet written (or nothing: the CLI says
 * so on stderr), the required items still missing, then the error and warning
 * findings of the case and of packing, as `check` prints them, so a problem
 * file left out of the packet is never left unsaid.
 */
export function renderBuildSummary(result: BuildSummaryView, check: CheckResult, options: BuildTextOptions): string {
  const c = options.style ?? PLAIN_STYLE;
  const lines: string[] = [];
  if (result.written) {
    lines.push(`${c.green('✓')} Packet written: ${options.shownOutput} (${formatBytes(result.packetBytes)}, ${result.summary.entries} entries${result.summary.encrypted ? ', AES-256 encrypted: open with 7-Zip, Keka or The Unarchiver' : ''})`);
  }
  const missing = check.items.filter((i) => i.status === 'missing' && i.severity === 'required');
  if (missing.length) {
    lines.push(c.bold(`Still missing (${check.checklist.title}):`));
    for (const item of missing) lines.push(`  ${c.red('✗')} ${item.title}${item.request ? `  ${c.dim(`→ ask ${item.request.department}`)}` : ''}`);
  }
  const shown = result.findings.filter((f) => f.severity !== 'info' && !ITEM_CODES.has(f.code));
  if (shown.length) {
    const errors = shown.filter((f) => f.severity === 'error').length;
    lines.push(c.bold(`File problems (${errors} error(s), ${shown.length - errors} warning(s)):`), ...findingLines(shown, { style: c }));
  }
  return joinLines(lines);
}
