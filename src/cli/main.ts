import type * as Commander from 'commander';
import { isDiskFull, toolFailureMessage, UsageError } from '../util/errors.js';
import { safeRendering } from '../util/terminal-text.js';
import { EXIT } from './exit.js';
import { setColorChoice } from './output.js';
import { readScanArgs } from './scan-args.js';
import { chooseTieringForCase, lookAtCaseFolders } from './tiering.js';

/**
 * commander only when the command line is not one scan-args.ts reads (issue 15). Imported, as init.ts
 * imports it, so the CLI bundle compiles it in once (scripts/bundle.mjs): one chunk instead of its seven
 * CommonJS files, and one copy of its classes for both.
 */
let commander: typeof Commander | undefined;
const loadCommander = async (): Promise<typeof Commander> => (commander ??= await import('commander'));
type Command = Commander.Command;
type Register = (program: Command) => void;

/**
 * Each command's module is loaded only when that command runs: `scan` on a CD
 * should not pay for the PDF writer, the fonts and the ZIP code at start-up.
 * Top-level help (or an unknown command) loads them all to list them.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  scan: () => import('./commands/scan.js').then((m) => m.registerScan),
  check: () => import('./commands/check.js').then((m) => m.registerCheck),
  checklists: () => import('./commands/checklists.js').then((m) => m.registerChecklists),
  build: () => import('./commands/build.js').then((m) => m.registerBuild),
  verify: () => import('./commands/verify.js').then((m) => m.registerVerify),
  init: () => import('./commands/init.js').then((m) => m.registerInit),
  cache: () => import('./commands/cache.js').then((m) => m.registerCache),
  review: () => import('./commands/review.js').then((m) => m.registerReview),
};

/** Commands that read a case folder: a small one is worth a look before their modules load. */
const CASE_COMMANDS = new Set(['scan', 'check', 'build']);

export async function buildProgram(argv: string[] = []): Promise<Command> {
  const { Command } = await loadCommander();
  const [{ VERSION }, { helpFor }] = await Promise.all([import('../version.js'), import('./help-text.js')]);
  const program = new Command();
  program
    .name('casepack')
    .description('Turn a patient\'s folder of medical files into a checked second-opinion packet.')
    .version(VERSION, '-v, --version', 'print the version')
    .option('--color', 'colour the output even when it is not a terminal (FORCE_COLOR does the same)')
    .option('--no-color', 'never colour the output (NO_COLOR does the same)')
    .addHelpText('after', helpFor('casepack'))
    .showHelpAfterError('(run with --help for usage)')
    // An argument can be a hostile path: commander echoes it in its errors.
    .configureOutput({ writeErr: (text) => process.stderr.write(safeRendering(text)) })
    .exitOverride()
    // Given before or after the command's name (`casepack --no-color scan x`, `casepack scan x --no-color`).
    .hook('preAction', (self) => setColorChoice((self.opts() as { color?: boolean }).color));
  const requested = argv.slice(2).find((arg) => !arg.startsWith('-'));
  const versionOnly = requested === undefined && argv.some((arg) => arg === '--version' || arg === '-v');
  const names = versionOnly ? [] : requested !== undefined && Object.hasOwn(COMMANDS, requested) ? [requested] : Object.keys(COMMANDS);
  const help = argv.some((arg) => arg === '--help' || arg === '-h');
  if (requested !== undefined && CASE_COMMANDS.has(requested) && !help) lookAtCaseFoldersEarly(wordsAfter(argv, requested), requested === 'build');
  for (const name of names) {
    const register = await COMMANDS[name]?.();
    register?.(program);
  }
  return program;
}

/**
 * A look at the command's case folders (the words after the command that are not flags; those that are not folders
 * are passed over), made while the command's modules load. A small case makes V8 optimise less eagerly
 * (cli/tiering.ts). A build whose case holds a PDF starts its decode worker at the first one, before the build's
 * modules load (~0.2-0.3 s of the main thread), so the worker loads pdf.js meanwhile on the other core and is
 * ready when the walk sends the first PDF (issue 15).
 */
function lookAtCaseFoldersEarly(words: string[], startPdfDecoding: boolean): void {
  const decode = startPdfDecoding ? import('../probe/pdf/decode.js') : undefined;
  decode?.catch(() => undefined);
  const onPdf = decode ? (): void => { decode.then((m) => m.warmPdfDecoding()).catch(() => undefined); } : undefined;
  void lookAtCaseFolders(words, onPdf).then(chooseTieringForCase).catch(() => undefined);
}

/** The words after `command` that are not flags. */
function wordsAfter(argv: string[], command: string): string[] {
  return argv.slice(argv.indexOf(command) + 1).filter((arg) => !arg.startsWith('-'));
}

/**
 * A bug or an I/O failure: one line, the stack only when asked for. A full
 * disk is no bug to report: it says what to do instead.
 */
function reportToolFailure(err: unknown): void {
  if (isDiskFull(err)) {
    process.stderr.write(safeRendering(`casepack: ${toolFailureMessage(err)}\n`));
    if (process.env['CASEPACK_DEBUG'] && err instanceof Error) process.stderr.write(safeRendering(`${err.stack}\n`));
    return;
  }
  process.stderr.write(safeRendering(`casepack: the tool failed: ${toolFailureMessage(err)}\n`));
  if (process.env['CASEPACK_DEBUG'] && err instanceof Error) process.stderr.write(safeRendering(`${err.stack}\n`));
  else process.stderr.write('Set CASEPACK_DEBUG=1 for details, and please report this.\n');
}

/** commander's own errors (help shown, a usage mistake): only a run that loaded it can have one. */
function isCommanderError(err: unknown): err is Commander.CommanderError {
  return commander !== undefined && err instanceof commander.CommanderError;
}

/** Runs the CLI; returns the exit status instead of exiting so tests can call it. */
export async function run(argv: string[]): Promise<number> {
  setColorChoice(undefined);
  try {
    // `casepack scan <case>` in its plain forms: run as commander would, without loading it (start-up, issue 15).
    const scan = readScanArgs(argv);
    if (scan) {
      setColorChoice(scan.color);
      lookAtCaseFoldersEarly([scan.casePath], false);
      const { runScan } = await import('./commands/scan-run.js');
      await runScan(scan.casePath, scan.flags);
      return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK;
    }
    const program = await buildProgram(argv);
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK;
  } catch (err) {
    if (isCommanderError(err)) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT.OK;
      // `casepack help` asked for it (0); `casepack` or `casepack cache` with no command prints it as an
      // error (commander's exit 1): a script that lost its command (`casepack $CMD`) must fail as a usage mistake.
      if (err.code === 'commander.help' && err.exitCode === 0) return EXIT.OK;
      return EXIT.USAGE;
    }
    // The one place a user's mistake becomes exit 2: every command and library
    // error class for it (ChecklistError, CaseNotFoundError, OutputRefusedError,
    // VerifyUsageError…) extends UsageError and is thrown up to here as it is.
    if (err instanceof UsageError) {
      process.stderr.write(safeRendering(`casepack: ${err.message}\n`));
      return EXIT.USAGE;
    }
    reportToolFailure(err);
    return EXIT.TOOL_FAILURE;
  }
}

export async function main(argv: string[]): Promise<void> {
  // `casepack scan … | head` closes the pipe early: that is not a failure.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  // A crash must never look like an incomplete case (exit 1): one line, exit 3.
  process.on('uncaughtException', (err) => {
    reportToolFailure(err);
    process.exit(EXIT.TOOL_FAILURE);
  });
  const code = await run(argv);
  process.exitCode = code;
}
