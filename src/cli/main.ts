import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.js';
import { EXIT, UsageError } from './exit.js';
import { registerScan } from './commands/scan.js';
import { registerCheck } from './commands/check.js';
import { registerChecklists } from './commands/checklists.js';
import { registerBuild } from './commands/build.js';
import { registerVerify } from './commands/verify.js';
import { registerInit } from './commands/init.js';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('casepack')
    .description('Turn a patient\'s folder of medical files into a checked second-opinion packet.')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerScan(program);
  registerCheck(program);
  registerChecklists(program);
  registerBuild(program);
  registerVerify(program);
  registerInit(program);
  return program;
}

/** Runs the CLI; returns the exit status instead of exiting so tests can call it. */
export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.OK;
      return EXIT.USAGE;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`casepack: ${err.message}\n`);
      return EXIT.USAGE;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`casepack: the tool failed: ${message}\n`);
    if (process.env['CASEPACK_DEBUG'] && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    else process.stderr.write('Set CASEPACK_DEBUG=1 for details, and please report this.\n');
    return EXIT.TOOL_FAILURE;
  }
}

export async function main(argv: string[]): Promise<void> {
  // `casepack scan … | head` closes the pipe early: that is not a failure.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  const code = await run(argv);
  process.exitCode = code;
}
