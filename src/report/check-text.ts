import type { CheckResult } from '../model/check.js';
import type { ScanResult } from '../model/scan.js';
import type { CaseOutcome } from './case-outcome.js';
import { buildCheckView, SENT_REQUEST_CODES, type CheckView, type ItemView } from './check-view.js';
import { findingLines } from './findings-text.js';
import { joinLines, PLAIN_STYLE, type TextRenderOptions, type TextStyle } from './style.js';

function itemLines(view: ItemView, full: boolean, c: TextStyle): string[] {
  const colour = view.item.status === 'met' ? c.green : view.item.status === 'partial' ? c.yellow : view.item.status === 'missing' ? c.red : c.dim;
  const lines = [`  ${colour(view.mark)} ${c.bold(view.item.title)}${view.item.detail ? c.dim(` — ${view.item.detail}`) : ''}`];
  for (const e of view.evidence) lines.push(`      ${c.dim(e)}`);
  if (!full) return lines;
  lines.push(`      Why: ${view.item.why}`);
  if (view.item.request) lines.push(`      ${c.green('→')} Ask ${c.bold(view.item.request.department)}: “${view.item.request.wording}”`);
  return lines;
}

/** A titled block of items followed by a blank line, or nothing when there are none. */
function itemSection(title: string, items: readonly ItemView[], full: boolean, c: TextStyle): string[] {
  if (!items.length) return [];
  return [title, ...items.flatMap((item) => itemLines(item, full, c)), ''];
}

function problemLines(check: CheckResult, c: TextStyle): string[] {
  const problems = check.findings.filter((f) => !['ITEM_MISSING', 'ITEM_RECOMMENDED_MISSING', 'ITEM_PARTIAL', ...SENT_REQUEST_CODES].includes(f.code));
  if (!problems.length) return [];
  return [c.bold(`File problems (${problems.length})`), ...findingLines(problems, { style: c }), ''];
}

/** Requests already sent (casepack.yaml requests:): what arrived, what is outstanding, and the reminder when overdue. */
function sentRequestLines(v: CheckView, c: TextStyle): string[] {
  if (!v.sentRequests.length) return [];
  const lines = [c.bold(`Requests sent (${v.sentRequests.length})`)];
  for (const r of v.sentRequests) {
    const colour = r.state === 'received' ? c.green : r.state === 'overdue' ? c.red : c.yellow;
    lines.push(`  ${colour(r.mark)} ${c.bold(r.heading)} — ${colour(r.statusText)}`);
    for (const item of r.items) lines.push(`      ${item.mark} ${item.label}: ${item.statusText}`);
    if (r.followUp) lines.push(`      ${c.green('→')} Follow up: “${r.followUp}”`);
  }
  return [...lines, ''];
}

function assumedLines(v: CheckView, c: TextStyle): string[] {
  if (!v.assumedFacts.length) return [];
  return [
    c.bold('Assumed'),
    ...v.assumedFacts.map((f) => `  casepack.yaml does not say whether ${f.phrase}: set facts: { ${f.name}: true } or false.`),
    '',
  ];
}

/** The check on a terminal: missing needed, missing recommended, file problems, what is there. */
export function renderCheckText(check: CheckResult, scan?: ScanResult, options: TextRenderOptions = {}): string {
  const c = options.style ?? PLAIN_STYLE;
  const v = buildCheckView(check, scan);
  const status = v.complete ? c.green(c.bold('✓ Complete.')) : c.red(c.bold('✗ Incomplete.'));
  return joinLines([
    `${c.bold(v.caseName)} — checklist ${c.bold(v.checklistTitle)} (${v.checklistId}), as of ${v.asOfLong}`,
    '',
    ...itemSection(c.red(c.bold(`Missing — needed (${v.missingRequired.length})`)), v.missingRequired, true, c),
    ...itemSection(c.yellow(c.bold(`Missing — recommended (${v.missingRecommended.length})`)), v.missingRecommended, true, c),
    ...sentRequestLines(v, c),
    ...problemLines(check, c),
    ...itemSection(c.green(c.bold(`Complete (${v.present.length})`)), v.present, false, c),
    ...itemSection(c.dim(`Not needed for this case (${v.notApplicable.length})`), v.notApplicable, false, c),
    ...assumedLines(v, c),
    `${status} ${v.headline}`,
    c.dim(`${v.countsLine} · ${v.counts.errors} error(s), ${v.counts.warnings} warning(s)`),
  ]);
}

/** Many cases at once: one row each, then a one-line tally. */
export function renderBatchTable(outcomes: readonly CaseOutcome[], options: TextRenderOptions = {}): string {
  const c = options.style ?? PLAIN_STYLE;
  const header = ['Case', 'Status', 'Needed missing', 'Recommended missing', 'Partly', 'Errors', 'Warnings'];
  const rows = outcomes.map((o) => 'error' in o
    ? [o.case, `failed (exit ${o.exitCode})`, '', '', '', '', '']
    : [o.case, o.check.status, String(o.check.summary.requiredMissing), String(o.check.summary.recommendedMissing), String(o.check.summary.partial), String(o.check.summary.errors), String(o.check.summary.warnings)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (cells: string[]) => cells.map((cell, i) => i === 0 || i === 1 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)).join('  ');
  const lines = [c.bold(fmt(header))];
  for (const [index, row] of rows.entries()) {
    const outcome = outcomes[index];
    const line = fmt(row);
    lines.push(!outcome || 'error' in outcome ? c.red(line) : outcome.check.status === 'complete' ? c.green(line) : line);
  }
  const complete = outcomes.filter((o) => 'check' in o && o.check.status === 'complete').length;
  const failed = outcomes.filter((o) => 'error' in o).length;
  lines.push('', `${outcomes.length} case(s): ${complete} complete, ${outcomes.length - complete - failed} incomplete${failed ? `, ${failed} could not be checked` : ''}.`);
  return joinLines(lines);
}
