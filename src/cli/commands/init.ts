import { access, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { CASE_FILE_NAME } from '../../casefile/load.js';
import { renderCaseFileTemplate } from '../../report/casefile-template.js';
import { scanCase } from '../../pipeline/scan.js';
import { EXIT, UsageError } from '../exit.js';
import { Output } from '../output.js';

interface InitFlags { quiet?: boolean }

/**
 * `casepack init <case>`: the one command that writes into a case folder,
 * and only `casepack.yaml`, and only when there is none (created exclusively,
 * so not even a file appearing mid-run is overwritten).
 */
export function registerInit(program: Command): void {
  program
    .command('init')
    .description('write a casepack.yaml to fill in, prefilled from a scan of the case (never overwrites one)')
    .argument('<case>', 'case folder')
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (casePath: string, flags: InitFlags) => {
      const out = new Output({ quiet: flags.quiet });
      const target = path.join(casePath, CASE_FILE_NAME);
      // Say so before spending time on a scan; the exclusive create below still guards the race.
      if (await access(target).then(() => true, () => false)) throw alreadyThere(target);
      let scan;
      const spinner = out.spinner('Scanning…');
      try {
        scan = await scanCase(casePath);
      } finally {
        spinner.stop();
      }
      const text = renderCaseFileTemplate(scan, { today: new Date() });
      try {
        await writeFile(target, text, { flag: 'wx', encoding: 'utf8' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw alreadyThere(target);
        throw new UsageError(`could not write ${target}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
      }
      const todo = (text.match(/# TODO /g) ?? []).length;
      out.line(`Wrote ${target}${todo ? ` with ${todo} TODO line(s) for files that need a person` : ''}.`);
      out.line('Edit it, then run `casepack scan` again to see the result.');
      process.exitCode = EXIT.OK;
    });
}

function alreadyThere(target: string): UsageError {
  return new UsageError(`${target} already exists; casepack init never overwrites it. Edit it, or move it away first.`);
}
