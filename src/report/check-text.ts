import type { Output } from '../cli/output.js';
import type { CaseOutcome } from '../check/junit.js';
import type { CheckResult } from '../model/check.js';
import type { ScanResult } from '../model/scan.js';
import { buildCheckView, type ItemView } from './check-view.js';

function printItem(out: Output, view: ItemView, full: boolean): void {
  const { c } = out;
  const colour = view.item.status === 'met' ? c.green : view.item.status === 'partial' ? c.yellow : view.item.status === 'missing' ? c.red : c.dim;
  out.line(`  ${colour(view.mark)} ${c.bold(view.item.title)}${view.item.detail ? c.dim(` — ${view.item.detail}`) : ''}`);
  for (const e of view.evidence) out.line(`      ${c.dim(e)}`);
  if (!full) return;
  out.line(`      Why: ${view.item.why}`);
  if (view.item.request) out.line(`      ${c.green('→')} Ask ${c.bold(view.item.request.department)}: “${view.item.request.wording}”`);
}

/** The check on a terminal: missing needed, missing recommended, file problems, what is there. */
export function printCheck(out: Output, check: CheckResult, scan?: ScanResult): void {
  const v = buildCheckView(check, scan);
  const { c } = out;
  out.line(`${c.bold(v.caseName)} — checklist ${c.bold(v.checklistTitle)} (${v.checklistId}), as of ${v.asOfLong}`);
  out.line();
  if (v.missingRequired.length) {
    out.line(c.red.bold(`Missing — needed (${v.missingRequired.length})`));
    for (const item of v.missingRequired) printItem(out, item, true);
    out.line();
  }
  if (v.missingRecommended.length) {
    out.line(c.yellow.bold(`Missing — recommended (${v.missingRecommended.length})`));
    for (const item of v.missingRecommended) printItem(out, item, true);
    out.line();
  }
  const problems = check.findings.filter((f) => !['ITEM_MISSING', 'ITEM_RECOMMENDED_MISSING', 'ITEM_PARTIAL'].includes(f.code));
  if (problems.length) {
    out.line(c.bold(`File problems (${problems.length})`));
    out.printFindings(problems);
    out.line();
  }
  if (v.present.length) {
    out.line(c.green.bold(`Complete (${v.present.length})`));
    for (const item of v.present) printItem(out, item, false);
    out.line();
  }
  if (v.notApplicable.length) {
    out.line(c.dim(`Not needed for this case (${v.notApplicable.length})`));
    for (const item of v.notApplicable) printItem(out, item, false);
    out.line();
  }
  if (v.assumedFacts.length) {
    out.line(c.bold('Assumed'));
    for (const f of v.assumedFacts) out.line(`  casepack.yaml does not say whether ${f.phrase}: set facts: { ${f.name}: true } or false.`);
    out.line();
  }
  const status = v.complete ? c.green.bold('✓ Complete.') : c.red.bold('✗ Incomplete.');
  out.line(`${status} ${v.headline}`);
  out.line(c.dim(`${v.countsLine} · ${v.counts.errors} error(s), ${v.counts.warnings} warning(s)`));
}

/** Many cases at once: one row each. */
export function printBatchTable(out: Output, outcomes: readonly CaseOutcome[]): void {
  const { c } = out;
  const header = ['Case', 'Status', 'Needed missing', 'Recommended missing', 'Partly', 'Errors', 'Warnings'];
  const rows = outcomes.map((o) => 'error' in o
    ? [o.case, `failed (exit ${o.exitCode})`, '', '', '', '', '']
    : [o.case, o.check.status, String(o.check.summary.requiredMissing), String(o.check.summary.recommendedMissing), String(o.check.summary.partial), String(o.check.summary.errors), String(o.check.summary.warnings)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (cells: string[]) => cells.map((cell, i) => i === 0 || i === 1 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)).join('  ');
  out.line(c.bold(fmt(header)));
  for (const [index, row] of rows.entries()) {
    const outcome = outcomes[index];
    const line = fmt(row);
    out.line(!outcome || 'error' in outcome ? c.red(line) : outcome.check.status === 'complete' ? c.green(line) : line);
  }
  const complete = outcomes.filter((o) => 'check' in o && o.check.status === 'complete').length;
  const failed = outcomes.filter((o) => 'error' in o).length;
  out.line();
  out.line(`${outcomes.length} case(s): ${complete} complete, ${outcomes.length - complete - failed} incomplete${failed ? `, ${failed} could not be checked` : ''}.`);
}
