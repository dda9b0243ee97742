import type { Finding } from '../model/finding.js';
import { joinLines, PLAIN_STYLE, type TextRenderOptions, type TextStyle } from './style.js';

export interface FindingsTextOptions extends TextRenderOptions {
  /** Paths listed per finding before "… and N more". Default 5. */
  maxPathsPerFinding?: number;
}

/** Fixed width, so codes line up whatever the severity. */
export function severityLabel(severity: Finding['severity'], style: TextStyle = PLAIN_STYLE): string {
  if (severity === 'error') return style.red('error  ');
  if (severity === 'warning') return style.yellow('warning');
  return style.blue('info   ');
}

/** Findings on a terminal: severity, code and message, the first paths, then the hint. */
export function findingLines(findings: readonly Finding[], options: FindingsTextOptions = {}): string[] {
  const style = options.style ?? PLAIN_STYLE;
  const maxPaths = options.maxPathsPerFinding ?? 5;
  const lines: string[] = [];
  for (const f of findings) {
    lines.push(`  ${severityLabel(f.severity, style)} ${style.bold(f.code)}  ${f.message}`);
    const shown = f.paths.slice(0, maxPaths);
    for (const p of shown) lines.push(`           ${style.dim(p)}`);
    if (f.paths.length > shown.length) lines.push(`           ${style.dim(`… and ${f.paths.length - shown.length} more`)}`);
    lines.push(`           ${style.green('→')} ${f.hint}`);
  }
  return lines;
}

export function renderFindings(findings: readonly Finding[], options: FindingsTextOptions = {}): string {
  return joinLines(findingLines(findings, options));
}
