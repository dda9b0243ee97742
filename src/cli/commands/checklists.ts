import type { Command } from 'commander';
import { ChecklistError, listBuiltinChecklists, loadChecklist, parseChecklistFile, type ResolvedChecklist } from '../../check/checklist-schema.js';
import { EXIT, UsageError } from '../exit.js';
import { Output } from '../output.js';

interface Flags { json?: boolean; quiet?: boolean }

function asUsage(err: unknown): never {
  if (err instanceof ChecklistError) throw new UsageError(err.message);
  throw err;
}

function printResolved(out: Output, list: ResolvedChecklist): void {
  const { c } = out;
  out.line(`${c.bold(list.title)} (${list.id})${list.lineage.length > 1 ? c.dim(`  extends ${list.lineage.slice(0, -1).join(' → ')}`) : ''}`);
  if (list.description) out.line(list.description);
  out.line();
  for (const item of list.items) {
    const tag = item.severity === 'required' ? c.red('needed     ') : c.yellow('recommended');
    const when = item.when ? c.dim(`  (only if ${Object.entries(item.when).map(([k, v]) => `${k}: ${v}`).join(', ')})`) : '';
    out.line(`  ${tag} ${c.bold(item.title)} ${c.dim(`[${item.id}]`)}${when}`);
    const what = item.anyOf
      ? item.anyOf.map((a) => a.label ?? [...(a.categories ?? []), ...(a.physical ?? [])].join('/')).join(' OR ')
      : [...(item.categories ?? []), ...(item.physical ?? []).map((p) => `${p} (sent, per casepack.yaml)`)].join(', ');
    const rules = [
      item.form === 'dicom' ? 'DICOM only' : undefined,
      item.modality ? `modality ${item.modality.join('/')}` : undefined,
      item.minCount > 1 ? `at least ${item.minCount}` : undefined,
      item.minStudies ? `${item.minStudies} scan dates` : undefined,
      item.minDates ? `${item.minDates} dates` : undefined,
      item.maxAgeDays ? `at most ${item.maxAgeDays} days old` : undefined,
      item.forEach ? `one for each ${item.forEach.categories.join('/')} (within ${item.forEach.withinDays} days)` : undefined,
      item.mentions ? `mentions ${item.mentions.slice(0, 3).join(' / ')}${item.mentions.length > 3 ? '…' : ''}` : undefined,
    ].filter(Boolean).join('; ');
    out.line(`                ${what}${rules ? c.dim(` — ${rules}`) : ''}`);
    out.line(`                ${c.green('→')} ${item.request.department}: “${item.request.wording}”`);
  }
  if (list.sources.length) {
    out.line();
    out.line(c.dim('Sources:'));
    for (const s of list.sources) out.line(c.dim(`  - ${s}`));
  }
}

export function registerChecklists(program: Command): void {
  const cmd = program
    .command('checklists')
    .description('list the built-in checklists; show one, or validate your own');

  // `list` is the default so `casepack checklists` lists; options live on the subcommands
  // because commander would otherwise give a parent's --json to it, not to `show --json`.
  cmd.command('list', { isDefault: true })
    .description('list the built-in checklists')
    .option('--json', 'print as JSON')
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (flags: Flags) => {
      const out = new Output({ json: flags.json, quiet: flags.quiet });
      const lists = await listBuiltinChecklists().catch(asUsage);
      if (flags.json) { out.json(lists); process.exitCode = EXIT.OK; return; }
      const width = Math.max(...lists.map((l) => l.id.length));
      for (const l of lists) out.line(`${out.c.bold(l.id.padEnd(width))}  ${l.title} ${out.c.dim(`(${l.items} items${l.extends ? `, extends ${l.extends}` : ''})`)}`);
      out.line();
      out.line(out.c.dim('casepack checklists show <id>   ·   casepack check <case> --checklist <id|file.yaml>'));
      process.exitCode = EXIT.OK;
    });

  cmd.command('show')
    .description('print a checklist with everything it inherits (extends resolved)')
    .argument('<id|file>', 'built-in id or path to a checklist YAML')
    .option('--json', 'print the resolved checklist as JSON')
    .action(async (ref: string, flags: Flags) => {
      const out = new Output({ json: flags.json });
      const list = await loadChecklist(ref).catch(asUsage);
      if (flags.json) out.json(list); else printResolved(out, list);
      process.exitCode = EXIT.OK;
    });

  cmd.command('validate')
    .description('check a checklist file: exit 0 when valid, 2 with the line and field when not')
    .argument('<file>', 'checklist YAML')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, flags: Flags) => {
      const out = new Output({ json: flags.json });
      try {
        await parseChecklistFile(file);
        const list = await loadChecklist(file);
        if (flags.json) out.jsonLine({ valid: true, file, id: list.id, items: list.items.length });
        else out.line(`${out.c.green('✓')} ${file}: valid checklist "${list.id}" with ${list.items.length} items${list.lineage.length > 1 ? ` (extends ${list.lineage.slice(0, -1).join(' → ')})` : ''}.`);
        process.exitCode = EXIT.OK;
      } catch (err) {
        if (!(err instanceof ChecklistError)) throw err;
        if (flags.json) {
          out.jsonLine({ valid: false, file, error: err.message, line: err.line ?? null, field: err.fieldPath ?? null });
          process.exitCode = EXIT.USAGE;
          return;
        }
        throw new UsageError(err.message);
      }
    });
}
