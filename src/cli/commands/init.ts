import { access, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { CASE_FILE_NAME } from '../../casefile/load.js';
import { renderCaseFileTemplate } from '../../report/casefile-template.js';
import { scanCase } from '../../pipeline/scan.js';
import { EXIT, UsageError } from '../exit.js';
import { helpFor } from '../help-text.js';
import { Output } from '../output.js';
import { askForCaseFile, type InitAsk, type InitResult } from '../init-prompts.js';
import { CONFIG_ENV, loadUserConfig, userConfigPath } from '../../casefile/user-config-file.js';
import type { UserConfig } from '../../casefile/user-config.js';
import { addConfigFlag, type ConfigFlags } from '../config-flag.js';
import { saveUserSender } from '../../casefile/user-config-write.js';
import type { ScanResult } from '../../model/scan.js';
import { displayPersonName } from '../../util/person-name.js';
import { safeRendering } from '../../util/terminal-text.js';

interface InitFlags extends ConfigFlags { quiet?: boolean; yes?: boolean; input?: boolean; json?: boolean }

/** Stopped with Ctrl-C at a question: the shell's convention for SIGINT, as the other commands exit (util/tempdir.ts). */
const EXIT_INTERRUPTED = 130;

/** Ask only a person at a terminal: never under CI, --yes or --no-input, never when stdin or stdout is a pipe. */
function shouldAsk(flags: InitFlags): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY) && !flags.yes && flags.input !== false && !process.env['CI'];
}

/**
 * `casepack init <case>`: the one command that writes into a case folder,
 * and only `casepack.yaml`, and only when there is none (created exclusively,
 * so not even a file appearing mid-run is overwritten).
 */
export function registerInit(program: Command): void {
  addConfigFlag(program
    .command('init'))
    .description('write a casepack.yaml to fill in, prefilled from a scan of the case (never overwrites one)')
    .argument('<case>', 'case folder')
    .option('-q, --quiet', 'print nothing but errors')
    .option('-y, --yes', 'do not ask on a terminal: write the template to fill in')
    .option('--no-input', 'the same as --yes')
    // Every command answers --json: init has nothing to print as JSON, so it says so in one line (exit 2).
    .addOption(new Option('--json').hideHelp())
    .addHelpText('after', helpFor('init'))
    .action(async (casePath: string, flags: InitFlags) => {
      if (flags.json) throw new UsageError('init writes casepack.yaml and has no JSON output; leave out --json (use --yes to skip the questions)');
      const out = new Output({ quiet: flags.quiet });
      const target = path.join(casePath, CASE_FILE_NAME);
      // Say so before spending time on a scan; the exclusive create below still guards the race.
      if (await access(target).then(() => true, () => false)) throw alreadyThere(target);
      // --config names the user config to prefill from and to save the sender in, as CASEPACK_CONFIG does.
      const env = flags.config === undefined ? process.env : { ...process.env, [CONFIG_ENV]: path.resolve(flags.config) };
      const userConfig = await loadUserConfig(process.env, flags.config);
      let scan;
      const spinner = out.spinner('Scanning…');
      try {
        scan = await scanCase(casePath, userConfig ? { userConfig } : {});
      } finally {
        spinner.stop();
      }
      const today = new Date();
      let answers: InitResult | undefined;
      if (shouldAsk(flags)) {
        answers = await askOnTerminal(scan, today, userConfig, userConfigPath(env));
        if (!answers) { process.exitCode = EXIT_INTERRUPTED; return; }
      }
      const text = renderCaseFileTemplate(scan, { today, ...(answers ? { answers: answers.answers } : {}) });
      try {
        await writeFile(target, text, { flag: 'wx', encoding: 'utf8' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw alreadyThere(target);
        throw new UsageError(`could not write ${target}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
      }
      if (answers?.saveSender) out.line(`Saved the sender in ${await saveUserSender(answers.saveSender, env)}.`);
      const todo = (text.match(/# TODO /g) ?? []).length;
      out.line(`Wrote ${target}${todo ? ` with ${todo} TODO line(s) for files that need a person` : ''}.`);
      out.line('Edit it, then run `casepack scan` again to see the result.');
      process.exitCode = EXIT.OK;
    });
}

/**
 * The questions, asked with @inquirer/prompts (loaded only here: off a
 * terminal init never pays for it). Ctrl-C answers undefined: nothing is written.
 */
async function askOnTerminal(scan: ScanResult, today: Date, userConfig: UserConfig | undefined, configPath: string): Promise<InitResult | undefined> {
  const { input, confirm } = await import('@inquirer/prompts');
  const first = scan.patients[0];
  const patient = first ? { ...(first.name ? { name: displayPersonName(first.name) } : {}), ...(first.birthDate ? { birthDate: first.birthDate } : {}), ...(first.patientId ? { id: first.patientId } : {}) } : undefined;
  const ask: InitAsk = {
    input: (q) => input(q),
    confirm: (q) => confirm(q),
    say: (text) => { process.stdout.write(`\n${safeRendering(text)}\n`); },
  };
  try {
    return await askForCaseFile(ask, { ...(patient ? { patient } : {}), ...(userConfig?.sender ? { sender: userConfig.sender } : {}), userConfigPath: configPath }, today);
  } catch (err) {
    if ((err as Error).name !== 'ExitPromptError') throw err;
    process.stderr.write('\nStopped; nothing was written.\n');
    return undefined;
  }
}

function alreadyThere(target: string): UsageError {
  return new UsageError(`${target} already exists; casepack init never overwrites it. Edit it, or move it away first.`);
}
