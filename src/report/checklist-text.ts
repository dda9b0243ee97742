import type { BuiltinChecklistInfo, ChecklistItem, ResolvedChecklist } from '../check/checklist-schema.js';
import { joinLines, PLAIN_STYLE, type TextRenderOptions, type TextStyle } from './style.js';

/** What satisfies the item: its categories, its alternatives, or items shipped on paper. */
function whatCounts(item: ChecklistItem): string {
  return item.anyOf
    ? item.anyOf.map((a) => a.label ?? [...(a.categories ?? []), ...(a.physical ?? [])].join('/')).join(' OR ')
    : [...(item.categories ?? []), ...(item.physical ?? []).map((p) => `${p} (sent, per casepack.yaml)`)].join(', ');
}

function ruleSummary(item: ChecklistItem): string {
  return [
    item.form === 'dicom' ? 'DICOM only' : undefined,
    item.modality ? `modality ${item.modality.join('/')}` : undefined,
    item.minCount > 1 ? `at least ${item.minCount}` : undefined,
    item.minStudies ? `${item.minStudies} scan dates` : undefined,
    item.minDates ? `${item.minDates} dates` : undefined,
    item.maxAgeDays ? `at most ${item.maxAgeDays} days old` : undefined,
    item.forEach ? `one for each ${item.forEach.categories.join('/')} (within ${item.forEach.withinDays} days)` : undefined,
    item.mentions ? `mentions ${item.mentions.slice(0, 3).join(' / ')}${item.mentions.length > 3 ? '…' : ''}` : undefined,
  ].filter(Boolean).join('; ');
}

function itemLines(item: ChecklistItem, c: TextStyle): string[] {
  const tag = item.severity === 'required' ? c.red('needed     ') : c.yellow('recommended');
  const when = item.when ? c.dim(`  (only if ${Object.entries(item.when).map(([k, v]) => `${k}: ${v}`).join(', ')})`) : '';
  const rules = ruleSummary(item);
  return [
    `  ${tag} ${c.bold(item.title)} ${c.dim(`[${item.id}]`)}${when}`,
    `                ${whatCounts(item)}${rules ? c.dim(` — ${rules}`) : ''}`,
    `                ${c.green('→')} ${item.request.department}: “${item.request.wording}”`,
  ];
}

/** `casepack checklists show`: one checklist with everything it inherits. */
export function renderChecklist(list: ResolvedChecklist, options: TextRenderOptions = {}): string {
  const c = options.style ?? PLAIN_STYLE;
  const lines = [`${c.bold(list.title)} (${list.id})${list.lineage.length > 1 ? c.dim(`  extends ${list.lineage.slice(0, -1).join(' → ')}`) : ''}`];
  if (list.description) lines.push(list.description);
  lines.push('', ...list.items.flatMap((item) => itemLines(item, c)));
  if (list.sources.length) lines.push('', c.dim('Sources:'), ...list.sources.map((s) => c.dim(`  - ${s}`)));
  return joinLines(lines);
}

/** `casepack checklists`: the built-ins, one a line, and how to use them. */
export function renderChecklistIndex(lists: readonly BuiltinChecklistInfo[], options: TextRenderOptions = {}): string {
  const c = options.style ?? PLAIN_STYLE;
  const width = Math.max(...lists.map((l) => l.id.length));
  return joinLines([
    ...lists.map((l) => `${c.bold(l.id.padEnd(width))}  ${l.title} ${c.dim(`(${l.items} items${l.extends ? `, extends ${l.extends}` : ''})`)}`),
    '',
    c.dim('casepack checklists show <id>   ·   casepack check <case> --checklist <id|file.yaml>'),
  ]);
}
