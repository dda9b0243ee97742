import type { CheckResult } from '../model/check.js';
import type { ScanResult } from '../model/scan.js';
import { safeRendering } from '../util/terminal-text.js';
import { buildCheckView, problemsIntro, type CheckViewOptions, type DocumentGapView, type ItemView } from './check-view.js';

/**
 * Markdown special characters in our own and file-name text must not turn into
 * formatting, and control or bidi characters from a case are shown escaped (B14).
 */
function md(text: string): string {
  return safeRendering(text).replace(/([\\`*_[\]<>|#])/g, '\\$1');
}

function itemBlock(view: ItemView, showRequest: boolean): string[] {
  const { item } = view;
  const lines = [`- ${view.mark} **${md(item.title)}** — ${view.statusText}${item.detail ? `: ${md(item.detail)}` : ''}`];
  if (view.evidence.length) lines.push(`  - Found: ${view.evidence.map(md).join('; ')}`);
  if (showRequest) {
    lines.push(`  - Why: ${md(item.why)}`);
    if (item.request) lines.push(`  - Ask **${md(item.request.department)}**: “${md(item.request.wording)}”`);
  }
  return lines;
}

function gapBlock(g: DocumentGapView): string[] {
  return [`- \`${g.document.replace(/`/g, "'")}\`: ${md(g.what)} (counted for ${md(g.itemTitle)})${g.ask ? `; ${md(g.ask)}` : ''}`];
}

/** The missing-items report in Markdown: the same content as the HTML page, for email bodies and issue trackers. */
export function renderMarkdown(check: CheckResult, scan?: ScanResult, options: CheckViewOptions = {}): string {
  const v = buildCheckView(check, scan, options);
  const out: string[] = [];
  out.push(`# Second-opinion checklist: ${md(v.caseName)}`, '');
  out.push(`Checklist: **${md(v.checklistTitle)}** (\`${v.checklistId}\`) · as of ${v.asOfLong}`, '');
  if (v.checklistDescription) out.push(md(v.checklistDescription), '');
  out.push(`${v.complete ? '✓' : '✗'} **${v.complete ? 'Complete' : 'Incomplete'}.** ${md(v.headline)}`, '');
  out.push(v.countsLine, '');
  if (v.missingRequired.length) {
    out.push('## Missing: needed', '');
    for (const item of v.missingRequired) out.push(...itemBlock(item, true));
    out.push('');
  }
  if (v.missingRecommended.length) {
    out.push('## Missing: recommended', '');
    for (const item of v.missingRecommended) out.push(...itemBlock(item, true));
    out.push('');
  }
  if (v.documentGaps.length) {
    out.push('## Summaries and incomplete reports', '');
    const summaries = v.documentGaps.filter((g) => g.kind === 'summary-only');
    const incomplete = v.documentGaps.filter((g) => g.kind === 'incomplete');
    if (summaries.length) out.push('### Found only in a summary', '', "A letter or note quotes the result, but a reviewer needs the laboratory's or department's own report.", '');
    for (const g of summaries) out.push(...gapBlock(g));
    if (summaries.length) out.push('');
    if (incomplete.length) out.push('### There, but incomplete', '', 'These reports are here but lack a part a reviewer needs.', '');
    for (const g of incomplete) out.push(...gapBlock(g));
    out.push('');
  }
  if (v.sentRequests.length) {
    out.push('## Requests sent', '', 'Records offices usually answer within 5 to 15 business days; after 15 a request is overdue.', '');
    out.push('| Department | Items | Sent | Waiting (business days) | Status | Follow-up wording |', '|---|---|---|---:|---|---|');
    for (const r of v.sentRequests) {
      out.push(`| ${md(r.department)} | ${md(r.itemsText)} | ${r.sentLong} | ${r.businessDays} | ${r.mark} ${r.status} | ${r.followUp ? md(r.followUp) : 'none needed yet'} |`);
    }
    out.push('');
  }
  if (v.requests.length) {
    out.push('## What to ask for, by department', '');
    out.push('Each block below can be copied into an email or letter.', '');
    for (const dep of v.requests) {
      out.push(`### ${md(dep.department)}`, '', '```text', dep.email, '```', '');
    }
  }
  if (v.fileProblems.length) {
    out.push('## File problems', '');
    for (const g of v.fileProblems) {
      out.push(`- **${g.severity}** \`${g.code}\` ${md(g.message)}${g.count > 1 ? ` (${g.count}×)` : ''}`);
      const shown = g.paths.slice(0, 5);
      for (const p of shown) out.push(`  - \`${p.replace(/`/g, "'")}\``);
      if (g.paths.length > shown.length) out.push(`  - … and ${g.paths.length - shown.length} more`);
      out.push(`  - What to do: ${md(g.hint)}`);
    }
    out.push('');
  }
  if (v.problemFiles.length) {
    out.push('## Problems', '', md(problemsIntro(v.problemFilesPacked)), '');
    for (const p of v.problemFiles) out.push(`- \`${p.source.replace(/`/g, "'")}\`: ${md(p.problem)}`);
    out.push('');
  }
  if (v.present.length) {
    out.push('## Already there', '');
    for (const item of v.present) out.push(...itemBlock(item, false));
    out.push('');
  }
  if (v.notApplicable.length) {
    out.push('## Not needed for this case', '');
    for (const item of v.notApplicable) out.push(...itemBlock(item, false));
    out.push('');
  }
  if (v.assumedFacts.length) {
    out.push('## What we assumed', '');
    out.push('casepack.yaml does not say whether:', '');
    for (const f of v.assumedFacts) out.push(`- ${md(f.phrase)} (\`facts: { ${f.name}: true/false }\`)`);
    out.push('', 'Items that depend on these are listed as recommended until you say. Add the facts to casepack.yaml to make the check exact.', '');
  }
  if (v.checklistSources.length) out.push('---', '', `This checklist is based on: ${v.checklistSources.map(md).join('; ')}.`, '');
  // The last guard: a case's text can reach a line md() did not wrap.
  return safeRendering(out.join('\n').replace(/\n{3,}/g, '\n\n'));
}
