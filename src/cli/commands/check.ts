import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { glob, isDynamicPattern } from 'tinyglobby';
import { ChecklistError, loadChecklist, type ResolvedChecklist } from '../../check/checklist-schema.js';
import { checkCaseFolder, checkToJson } from '../../pipeline/check.js';
import { finding, isFindingCode } from '../../findings/codes.js';
import { SeveritySchema, type Finding, type Severity } from '../../model/finding.js';
import type { ScanResult } from '../../model/scan.js';
import { renderHtml } from '../../report/html.js';
import { renderJson } from '../../report/json.js';
import { renderMarkdown } from '../../report/markdown.js';
import type { CaseOutcome } from '../../report/case-outcome.js';
import { renderBatchTable, renderCheckText } from '../../report/check-text.js';
import { renderJunit } from '../../report/junit.js';
import { CaseNotFoundError } from '../../pipeline/scan.js';
import { mapLimit } from '../../util/concurrency.js';
import { isInside } from '../../util/paths.js';
import { parseSizeLimit } from '../../util/size-limit.js';
import type { CheckResult } from '../../model/check.js';
import type { CaseFile } from '../../casefile/schema.js';
import { EXIT, statusForFindings, UsageError } from '../exit.js';
import { helpFor } from '../help-text.js';
import { parseDateOption, parseOutputPathOption, parsePathOption, parseWholeNumberOption } from '../option-values.js';
import { addOcrFlags, ocrOptionsFromFlags, ocrProgressReporter, withJobsShared, type OcrFlags } from '../ocr-flags.js';
import { Output } from '../output.js';
import type { OcrOptions } from '../../extract/ocr/types.js';
import type { JsonPrivacy } from '../../report/json-privacy.js';
import { describeWritten, writeRequestFiles, type WrittenRequests } from './request-files.js';
import { resolveShard, selectShard } from '../../pipeline/shard.js';
import { addConfigFlag, userConfigFromFlags, type ConfigFlags } from '../config-flag.js';
import { caseFileErrors, printCaseFileErrors } from '../casefile-problems.js';
import type { UserConfig } from '../../casefile/user-config.js';

interface CheckFlags extends OcrFlags, ConfigFlags {
  checklist?: string;
  asOf?: string;
  json?: boolean;
  report?: string;
  junit?: string;
  requests?: string;
  concurrency?: string;
  ignore?: string[];
  severity?: string[];
  quiet?: boolean;
  includeText?: boolean;
  includeIdentity?: boolean;
  maxSize?: string;
  shard?: string;
}

const REPORT_FORMATS = { '.md': 'markdown', '.markdown': 'markdown', '.html': 'html', '.htm': 'html', '.json': 'json' } as const;

/** Paths as given; quoted globs (CI: `casepack check 'cases/*'`) are expanded to folders, sorted. */
export async function expandCaseArgs(args: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const arg of args) {
    // `case/` and `case` are one case.
    if (existsSync(arg) || !isDynamicPattern(arg)) { out.push(arg.length > 1 ? arg.replace(/[\\/]+$/, '') : arg); continue; }
    const matches = await glob(arg, { onlyDirectories: true, expandDirectories: false });
    if (matches.length === 0) throw new UsageError(`no case folder matches ${arg}`);
    out.push(...matches.map((m) => m.replace(/\/$/, '')).sort());
  }
  const seen = new Set<string>();
  return out.filter((p) => !seen.has(path.resolve(p)) && seen.add(path.resolve(p)));
}

function parsePolicy(flags: CheckFlags): { ignore?: string[]; severity?: Record<string, Severity> } | undefined {
  const policy: { ignore?: string[]; severity?: Record<string, Severity> } = {};
  const unknown = (code: string) => new UsageError(`unknown finding code ${code} (see docs/findings.md)`);
  if (flags.ignore?.length) {
    for (const code of flags.ignore) if (!isFindingCode(code)) throw unknown(code);
    policy.ignore = flags.ignore;
  }
  if (flags.severity?.length) {
    policy.severity = {};
    for (const pair of flags.severity) {
      const [code, level] = pair.split('=');
      const parsed = SeveritySchema.safeParse(level);
      if (!code || !parsed.success) throw new UsageError(`--severity wants CODE=error|warning|info, got ${pair}`);
      if (!isFindingCode(code)) throw unknown(code);
      policy.severity[code] = parsed.data;
    }
  }
  return policy.ignore || policy.severity ? policy : undefined;
}

function reportPathFor(template: string, casePath: string, many: boolean): string {
  if (!many) return template;
  return template.replaceAll('{case}', path.basename(path.resolve(casePath)));
}

/** HTML and Markdown are reports for people and name the patient; JSON is machine output, private unless `privacy` says otherwise. */
export async function writeReport(file: string, check: CheckResult, scan: ScanResult, privacy: JsonPrivacy = {}, caseFile?: CaseFile): Promise<void> {
  const format = REPORT_FORMATS[path.extname(file).toLowerCase() as keyof typeof REPORT_FORMATS];
  const options = caseFile ? { caseFile } : {};
  const text = format === 'html' ? renderHtml(check, scan, options) : format === 'json' ? renderJson(checkToJson(check, scan, privacy)) : renderMarkdown(check, scan, options);
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, text);
}

/**
 * A broken casepack.yaml is a configuration error (2) like a bad checklist: the
 * check still runs and reports, but CI must not read it as "documents missing".
 */
function caseExit(check: CheckResult): number {
  return statusForFindings(check.findings, { incomplete: check.status !== 'complete' });
}

/** Runs each case's printing once every earlier case has printed. */
function orderedEmitter(total: number): (index: number, print: () => void) => void {
  const pending = new Array<(() => void) | undefined>(total);
  let next = 0;
  return (index, print) => {
    pending[index] = print;
    while (next < total && pending[next]) {
      pending[next]?.();
      pending[next] = undefined;
      next++;
    }
  };
}

/** 3 (tool failed) outranks 2 (usage) outranks 1 (incomplete) outranks 0. */
function overallExit(codes: readonly number[]): number {
  for (const code of [EXIT.TOOL_FAILURE, EXIT.USAGE, EXIT.FINDINGS]) if (codes.includes(code)) return code;
  return EXIT.OK;
}

interface CaseRun {
  flags: CheckFlags;
  many: boolean;
  checklist: ResolvedChecklist | undefined;
  policy: ReturnType<typeof parsePolicy>;
  ocr: OcrOptions;
  userConfig: UserConfig | undefined;
}

/**
 * A case that could not be checked, as findings a CI job can match by code
 * (the JSON line's `findings`); a failure of the tool itself has none.
 */
function unchecked(err: unknown, casePath: string): Finding[] {
  if (err instanceof CaseNotFoundError) return [finding('CASE_NOT_FOUND', casePath)];
  if (err instanceof ChecklistError) {
    return [finding('CHECKLIST_INVALID', err.file, { message: err.message, details: { line: err.line ?? null, field: err.fieldPath ?? null } })];
  }
  return [];
}

/**
 * Checks one case of a batch and says what to print for it; printing waits
 * for the earlier cases. A usage error (no such folder, the case file names a
 * bad checklist) fails this case with 2 while the others are still checked.
 */
async function checkOneCase(casePath: string, run: CaseRun, out: Output): Promise<{ outcome: CaseOutcome; machine: CaseOutcome; print: () => void }> {
  const { flags, many } = run;
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  try {
    const options: Parameters<typeof checkCaseFolder>[1] = { scan: { concurrency: 8, ocr: run.ocr } };
    if (run.checklist) options.checklist = run.checklist;
    if (flags.asOf) options.asOf = flags.asOf;
    if (run.policy) options.policy = run.policy;
    if (flags.maxSize !== undefined) options.maxPacketBytes = parseSizeLimit(flags.maxSize);
    if (run.userConfig) options.userConfig = run.userConfig;
    const { scan, check, caseFile } = await checkCaseFolder(casePath, options);
    const privacy: JsonPrivacy = { includeText: flags.includeText, includeIdentity: flags.includeIdentity };
    if (flags.report) await writeReport(reportPathFor(flags.report, casePath, many), check, scan, privacy, caseFile);
    // Letters go where the user said, never into the case folder (checked before any case ran) nor a packet.
    const requests: WrittenRequests | undefined = flags.requests ? await writeRequestFiles(reportPathFor(flags.requests, casePath, many), check, caseFile) : undefined;
    const outcome: CaseOutcome = { case: casePath, check, exitCode: caseExit(check), seconds: seconds() };
    // What JSON lines and JUnit carry: no names or document words unless asked (CI logs are not private).
    const machine: CaseOutcome = { ...outcome, check: checkToJson(check, scan, privacy) };
    return {
      outcome,
      machine,
      print: () => {
        const settingsErrors = caseFileErrors(check.findings);
        if (flags.json) out.jsonLine(machine.check);
        else if (settingsErrors.length > 0) printCaseFileErrors(out, casePath, settingsErrors, many);
        else if (!many) out.text(renderCheckText(check, scan, { style: out.c }));
        if (requests && !flags.json && !flags.quiet) {
          out.line(describeWritten(requests, requests.letters));
          if (requests.findings.length) out.printFindings(requests.findings);
        }
      },
    };
  } catch (err) {
    const usage = err instanceof UsageError;
    const message = err instanceof Error ? err.message : String(err);
    const outcome: CaseOutcome = { case: casePath, error: usage ? message : `the tool failed: ${message}`, exitCode: usage ? EXIT.USAGE : EXIT.TOOL_FAILURE, seconds: seconds() };
    return {
      outcome,
      machine: outcome,
      print: () => {
        if (flags.json) out.jsonLine({ case: casePath, status: 'error', exitCode: outcome.exitCode, error: outcome.error, findings: unchecked(err, casePath) });
        out.error(`${casePath}: ${outcome.error}`);
        if (!usage && process.env['CASEPACK_DEBUG'] && err instanceof Error) process.stderr.write(`${err.stack}\n`);
      },
    };
  }
}

export function registerCheck(program: Command): void {
  const command = program
    .command('check')
    .description('check case folders against a checklist: what is missing, why it matters, and what to ask for')
    .argument('<case...>', 'case folder(s), or quoted globs such as "cases/*"')
    .option('-c, --checklist <id|file>', 'built-in checklist id or a checklist YAML (default: the case file\'s, else general)')
    .option('--as-of <date>', 'count recency (maxAgeDays) from this date, YYYY-MM-DD (default: casepack.yaml asOf, else today)')
    .option('--json', 'one JSON line per case (the check result; see docs/json-output.md)')
    .option('--report <file>', 'also write a report: .html, .md or .json by extension; with several cases put {case} in the name')
    .option('--requests <dir>', 'write the request letters, one PDF and text file per department, with the patient and sender from casepack.yaml, into this folder (not the case folder); with several cases put {case} in it')
    .option('--junit <file>', 'write JUnit XML: a test suite per case, a test case per checklist item')
    .option('--concurrency <n>', 'cases checked at once', String(Math.max(1, Math.min(4, availableParallelism()))))
    .option('--ignore <code...>', 'ignore these finding codes (adds to casepack.yaml findings.ignore)')
    .option('--max-size <size>', 'warn when the packet would be over this size for sending, e.g. 500MB (KB, MB, GB; default packet.maxSize in the user config, else 2GB)')
    .option('--severity <code=level...>', 'change a finding code\'s severity, e.g. PDF_NO_TEXT=info')
    .option('--include-text', 'with --json, a .json report or --junit: include words quoted from the documents (titles, date lines)')
    .option('--include-identity', 'with --json, a .json report or --junit: include patient names, IDs and birth dates (otherwise patient-1, patient-2…)')
    .option('-q, --quiet', 'print nothing but errors (the exit status says it all)')
    .option('--shard <K/N>', 'check only part K of N of the cases (1-based; the same part on every machine, see docs/batch.md); default from JOB_COMPLETION_INDEX/JOB_COMPLETION_COUNT when set')
    .addHelpText('after', helpFor('check'));
  addOcrFlags(addConfigFlag(command))
    .action(async (caseArgs: string[], flags: CheckFlags) => {
      const out = new Output({ json: flags.json, quiet: flags.quiet });
      const userConfig = await userConfigFromFlags(flags);
      if (flags.maxSize !== undefined) parseSizeLimit(flags.maxSize);
      if (flags.asOf !== undefined) parseDateOption('--as-of', flags.asOf);
      const concurrency = parseWholeNumberOption('--concurrency', flags.concurrency ?? '', { min: 1 });
      for (const [option, value] of [['--report', flags.report], ['--junit', flags.junit], ['--requests', flags.requests]] as const) if (value !== undefined) parsePathOption(option, value);
      const policy = parsePolicy(flags);
      const flaggedOcr = ocrOptionsFromFlags(flags);
      const allCases = await expandCaseArgs(caseArgs);
      // A shard of a batch is still a batch ({case} in report names), even when its part holds one case.
      const many = allCases.length > 1;
      const cases = selectShard(allCases, resolveShard(flags.shard));
      if (flags.report) {
        if (!(path.extname(flags.report).toLowerCase() in REPORT_FORMATS)) throw new UsageError(`--report wants a file ending in .html, .md or .json, got ${flags.report}`);
        if (many && !flags.report.includes('{case}')) throw new UsageError('with several cases, put {case} in the --report file name (e.g. reports/{case}.html)');
      }
      if (flags.requests && many && !flags.requests.includes('{case}')) throw new UsageError('with several cases, put {case} in the --requests folder (e.g. requests/{case})');
      const requestDirs = cases.map((c) => flags.requests && reportPathFor(flags.requests, c, many));
      for (const target of [flags.junit, ...cases.map((c) => flags.report && reportPathFor(flags.report, c, many)), ...requestDirs]) {
        const inside = target && cases.find((c) => isInside(c, target));
        if (inside) throw new UsageError(`will not write ${target} inside the case folder ${inside}: case folders are read-only`);
      }
      if (flags.junit) await parseOutputPathOption('--junit', flags.junit, 'file');
      for (const c of cases) {
        if (flags.report) await parseOutputPathOption('--report', reportPathFor(flags.report, c, many), 'file');
        if (flags.requests) await parseOutputPathOption('--requests', reportPathFor(flags.requests, c, many), 'folder');
      }
      const checklist = flags.checklist ? await loadChecklist(flags.checklist) : undefined;

      const spinner = out.spinner(many ? `Checking ${cases.length} cases…` : 'Checking…');
      // One case: its pages on the spinner. Several: the cases share --jobs, and the spinner counts cases.
      const ocr = many ? withJobsShared(flaggedOcr, Math.min(concurrency, cases.length)) : flaggedOcr;
      if (!many && out.interactive) ocr.onProgress = ocrProgressReporter(spinner);
      let done = 0;
      const machineOutcomes: CaseOutcome[] = new Array<CaseOutcome>(cases.length);
      // Cases finish in any order; print them in the order given so output is stable run to run.
      const emit = orderedEmitter(cases.length);
      const outcomes = await mapLimit(cases, concurrency, async (casePath, index): Promise<CaseOutcome> => {
        try {
          const { outcome, machine, print } = await checkOneCase(casePath, { flags, many, checklist, policy, ocr, userConfig }, out);
          machineOutcomes[index] = machine;
          emit(index, print);
          return outcome;
        } finally {
          done++;
          spinner.text(`Checked ${done}/${cases.length}`);
        }
      });
      spinner.stop();
      if (many && !flags.json) out.text(renderBatchTable(outcomes, { style: out.c }));
      if (flags.junit) {
        await mkdir(path.dirname(path.resolve(flags.junit)), { recursive: true });
        await writeFile(flags.junit, renderJunit(machineOutcomes));
      }
      process.exitCode = overallExit(outcomes.map((o) => o.exitCode));
    });
}
