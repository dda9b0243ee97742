import type { Command } from 'commander';
import { ChecklistError, listBuiltinChecklists, loadChecklist, parseChecklistFile } from '../../check/checklist-schema.js';
import { finding } from '../../findings/codes.js';
import { renderChecklist, renderChecklistIndex } from '../../report/checklist-text.js';
import { EXIT } from '../exit.js';
import { helpFor } from '../help-text.js';
import { Output } from '../output.js';

interface Flags { json?: boolean; quiet?: boolean }

export function registerChecklists(program: Command): void {
  const cmd = program
    .command('checklists')
    .description('list the built-in checklists; show one, or validate your own')
    .addHelpText('after', helpFor('checklists'));

  // `list` is the default so `casepack checklists` lists; options live on the subcommands
  // because commander would otherwise give a parent's --json to it, not to `show --json`.
  cmd.command('list', { isDefault: true })
    .description('list the built-in checklists')
    .option('--json', 'print as JSON')
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (flags: Flags) => {
      const out = new Output({ json: flags.json, quiet: flags.quiet });
      const lists = await listBuiltinChecklists();
      if (flags.json) out.json(lists); else out.text(renderChecklistIndex(lists, { style: out.c }));
      process.exitCode = EXIT.OK;
    });

  cmd.command('show')
    .description('print a checklist with everything it inherits (extends resolved)')
    .argument('<id|file>', 'built-in id or path to a checklist YAML')
    .option('--json', 'print the resolved checklist as JSON')
    .action(async (ref: string, flags: Flags) => {
      const out = new Output({ json: flags.json });
      const list = await loadChecklist(ref);
      if (flags.json) out.json(list); else out.text(renderChecklist(list, { style: out.c }));
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
        // In text mode main.ts prints it and exits 2 like any usage error; --json says it on stdout instead.
        if (!(err instanceof ChecklistError) || !flags.json) throw err;
        const where = { line: err.line ?? null, field: err.fieldPath ?? null };
        out.jsonLine({ valid: false, file, error: err.message, ...where, findings: [finding('CHECKLIST_INVALID', err.file, { message: err.message, details: where })] });
        process.exitCode = EXIT.USAGE;
      }
    });
  for (const sub of cmd.commands) sub.addHelpText('after', helpFor('checklists'));
}
