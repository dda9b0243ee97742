import type { ScanFlags } from './commands/scan-run.js';

/** `casepack scan <case> …` as read without commander: what its action is given, and the program's --color/--no-color. */
export interface ScanArgs {
  casePath: string;
  flags: ScanFlags;
  color: boolean | undefined;
}

/** Flags that take no value, and what commander sets for each (`--no-x` sets x to false; x defaults to true). */
const SWITCHES: Readonly<Record<string, readonly [keyof ScanFlags, boolean]>> = {
  '--json': ['json', true],
  '--explain': ['explain', true],
  '--include-text': ['includeText', true],
  '--include-identity': ['includeIdentity', true],
  '-q': ['quiet', true],
  '--quiet': ['quiet', true],
  '--no-ocr': ['ocr', false],
  '--no-cache': ['cache', false],
};

/** Flags followed by their value, as separate words (`--jobs 4`). */
const VALUED: Readonly<Record<string, keyof ScanFlags>> = {
  '--ocr-lang': 'ocrLang',
  '--ocr-model': 'ocrModel',
  '--jobs': 'jobs',
  '--config': 'config',
};

/**
 * The scan's command line read by hand, so the most common run does not load commander (~125 KB of
 * CommonJS, a tenth of an empty scan's CPU; issue 15). Only the plain forms are read here: the command
 * first among the words that are not flags, one case folder, flags from the scan's own list (and the
 * program's --color/--no-color) with a value as the next word. Anything else (help, --version, `--x=y`,
 * `--`, grouped short flags, a value that looks like a flag, an unknown or misspelt flag, a second
 * folder) gives undefined, and commander reads the line as always, with its help and its errors.
 * test/cli/scan-args.test.ts holds the result to what commander hands the scan's action.
 */
export function readScanArgs(argv: readonly string[]): ScanArgs | undefined {
  const flags: ScanFlags = { ocr: true, cache: true };
  let color: boolean | undefined;
  let command: string | undefined;
  let casePath: string | undefined;
  for (let i = 2; i < argv.length; i++) {
    const word = argv[i] as string;
    if (word === '--color' || word === '--no-color') { color = word === '--color'; continue; }
    if (!word.startsWith('-')) {
      if (command === undefined) command = word;
      else if (casePath === undefined) casePath = word;
      else return undefined;
      if (command !== 'scan') return undefined;
      continue;
    }
    if (command === undefined) return undefined;
    const flag = SWITCHES[word];
    if (flag) { (flags as Record<string, unknown>)[flag[0]] = flag[1]; continue; }
    const key = VALUED[word];
    const value = argv[i + 1];
    if (key === undefined || value === undefined || value.startsWith('-')) return undefined;
    (flags as Record<string, unknown>)[key] = value;
    i++;
  }
  return command === 'scan' && casePath !== undefined ? { casePath, flags, color } : undefined;
}
