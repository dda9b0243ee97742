import type { ExtractedText } from '../../extract/index.js';
import path from 'node:path';
import type { Command } from 'commander';
import { loadChecklist } from '../../check/checklist-schema.js';
import { checkCaseFolder, type CheckedFolder, type CheckFolderOptions } from '../../pipeline/check.js';
import type { ScanResult } from '../../model/scan.js';
import { planPacket, DEFAULT_MAX_MERGED_BYTES } from '../../plan/plan.js';
import { renderBuildSummary } from '../../report/build-text.js';
import { checkForPacket } from '../../check/packet-view.js';
import { renderHtml } from '../../report/html.js';
import { renderMarkdown } from '../../report/markdown.js';
import { renderPlanText } from '../../report/plan-text.js';
import { redactFindings, redactPlan, type JsonPrivacy } from '../../report/json-privacy.js';
import { collectGarbageOfLargeCase } from '../../util/collect-garbage.js';
import { formatBytes } from '../../util/format.js';
import { parseSizeLimit } from '../../util/size-limit.js';
import { packetSizeLimit } from '../../casefile/user-config.js';
import { addConfigFlag, userConfigFromFlags, type ConfigFlags } from '../config-flag.js';
import { buildEachCase, type BatchBuildFlags } from './build-batch.js';
import { planPreviewLines, splitLines } from './build-split.js';
import { buildPacket, type BuildOptions, type BuildResult } from '../../pipeline/build.js';
import { checkOutputPath } from '../../write/atomic.js';
import { loadPacketRenderers } from '../../write/build.js';
import { loadSigningKey, signPacketFile } from '../../write/sign.js';
import { EXIT, statusForFindings, UsageError } from '../exit.js';
import { helpFor } from '../help-text.js';
import { parseOutputPathOption, parsePathOption, parsePositiveNumberOption } from '../option-values.js';
import { addOcrFlags, ocrOptionsFromFlags, ocrProgressReporter, type OcrFlags } from '../ocr-flags.js';
import { Output, type Spinner } from '../output.js';
import { PASSWORD_ENV, readPassword } from '../password.js';

interface BuildFlags extends OcrFlags, ConfigFlags, BatchBuildFlags {
  output?: string;
  force?: boolean;
  encrypt?: boolean;
  dryRun?: boolean;
  json?: boolean;
  quiet?: boolean;
  strict?: boolean;
  checklist?: string;
  maxPdfMb?: string;
  includeProblemFiles?: boolean;
  includeText?: boolean;
  includeIdentity?: boolean;
  sign?: string;
  maxSize?: string;
  split?: boolean;
}

// The packet password lives in ../password.ts, so that `verify` does not load the whole build to ask for it.
export { PASSWORD_ENV, readPassword } from '../password.js';
/** Opens password-protected source PDFs for merging. */
export const PDF_PASSWORD_ENV = 'CASEPACK_PDF_PASSWORD';

/** Relative to the working folder when the packet is below it, else absolute. */
function shownPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/** The build summary for machines: its findings quote no names or document lines unless asked (`privacy`). */
function jsonSummary(result: BuildResult, checked: Pick<CheckedFolder, 'check' | 'scan'>, privacy: JsonPrivacy): unknown {
  const status = checked.check.status;
  return {
    written: result.written,
    output: result.output,
    bytes: result.packetBytes,
    sha256: result.packetSha256,
    checklistStatus: status,
    ...result.summary,
    entries: result.manifest?.entries.map((e) => ({ path: e.path, size: e.size, sha256: e.sha256, derivation: e.derivation })) ?? [],
    findings: redactFindings(result.findings, checked.scan, privacy),
  };
}

export function registerBuild(program: Command): void {
  const command = program
    .command('build')
    .description('build the second-opinion packet: merged PDFs, index, imaging, slides, reports and checksums in one ZIP')
    .argument('<case...>', 'case folder; several, or quoted globs such as "cases/*", build one packet each at -o with {case} in it')
    .option('-o, --output <packet.zip>', 'where to write the packet (outside the case folder)')
    .option('-f, --force', 'replace an existing packet at that path')
    .option('--encrypt', `AES-256 encrypt the ZIP; password from ${PASSWORD_ENV} or a prompt (opens in 7-Zip, not Windows Explorer)`)
    .option('-n, --dry-run', 'print the packet plan (every path, merge and bookmark) without writing')
    .option('-c, --checklist <id|file>', 'built-in checklist id or a checklist YAML (default: the case file\'s, else general)')
    .option('--max-size <size>', 'the size limit for sending the packet, e.g. 500MB or 2GB (KB, MB, GB; default packet.maxSize in the user config, else 2GB): warned above it, and the part size for --split')
    .option('--split', 'when the packet is over --max-size, write it as parts PACKET.part1.zip, .part2.zip… that each open and verify on their own (documents in part 1, imaging and slides in the others)')
    .option('--max-pdf-mb <n>', 'split a merged PDF into parts beyond this many MB of sources', String(DEFAULT_MAX_MERGED_BYTES / (1024 * 1024)))
    .option('--include-problem-files', 'pack empty, damaged, cut-short files and refused archives under Problems/ (default: listed, left out)')
    .option('--strict', 'write no packet when a required item is missing')
    .option('--sign <key>', 'sign the packet with an unencrypted OpenSSH Ed25519 private key: writes PACKET.sig (checked by casepack verify --key and ssh-keygen -Y verify)')
    .option('--json', 'print the plan (with --dry-run) or the build summary as JSON; with several cases, one JSON line per case with its "case"')
    .option('--include-text', 'with --json: findings may quote the documents\' words (titles, date lines)')
    .option('--include-identity', 'with --json: findings may name the patient (names, IDs, birth dates; otherwise patient-1, patient-2…)')
    .option('-q, --quiet', 'print nothing but errors')
    .option('--shard <K/N>', 'build only part K of N of the cases (1-based; see docs/batch.md); default from JOB_COMPLETION_INDEX/JOB_COMPLETION_COUNT when set')
    .addHelpText('after', helpFor('build'));
  addOcrFlags(addConfigFlag(command))
    .action(async function buildAction(caseArgs: string[], flags: BuildFlags): Promise<void> {
      if (await buildEachCase(caseArgs, flags, buildAction)) return;
      const casePath = caseArgs[0] as string;
      const out = new Output({ json: flags.json, quiet: flags.quiet });
      // Several cases: one compact JSON line each, named by its case, as `check --json` prints them.
      const printJson = (value: object): void => flags.batchMember ? out.jsonLine({ case: casePath, ...value }) : out.json(value);
      const userConfig = await userConfigFromFlags(flags);
      const ocr = ocrOptionsFromFlags(flags);
      const maxMb = parsePositiveNumberOption('--max-pdf-mb', flags.maxPdfMb ?? '');
      if (flags.output !== undefined) parsePathOption('--output', flags.output);
      const maxPacketBytes = flags.maxSize === undefined ? undefined : parseSizeLimit(flags.maxSize);
      if (!flags.dryRun && !flags.output) throw new UsageError('give the packet path with -o <packet.zip>');
      if (flags.output && !flags.dryRun) {
        await parseOutputPathOption('--output', flags.output, 'file');
        await checkOutputPath(casePath, flags.output, flags.force ?? false);
      }
      const password = flags.encrypt && !flags.dryRun ? await readPassword(out, { confirm: true }) : undefined;
      // Read before the long build, so that a wrong or passphrase-protected key stops it at once (exit 2).
      // A dry run checks the key too, so CI can ask "would this build sign?" without writing anything.
      const signingKey = flags.sign ? await loadSigningKey(flags.sign) : undefined;

      const spinner = out.spinner('Scanning…');
      if (out.interactive) ocr.onProgress = ocrProgressReporter(spinner);
      try {
        // The words OCR read travel to the writer, which lays them invisibly over the scanned pages.
        const texts = new Map<string, ExtractedText>();
        const folderOptions: CheckFolderOptions = { scan: { ocr, collectText: texts, ...(flags.dryRun ? {} : { whileDecoding: () => { loadPacketRenderers().catch(() => undefined); } }) }, ...(userConfig ? { userConfig } : {}) };
        if (flags.checklist) folderOptions.checklist = await loadChecklist(flags.checklist);
        if (maxPacketBytes !== undefined) folderOptions.maxPacketBytes = maxPacketBytes;
        // A `let`, cleared once the writer has the scan: a suspended async function may keep what its locals hold.
        let checked: CheckedFolder | undefined = await checkCaseFolder(casePath, folderOptions);
        const maxMergedBytes = Math.round(maxMb * 1024 * 1024);
        if (flags.dryRun) {
          spinner.stop();
          const plan = planPacket(checked.scan, checked.check, { maxMergedBytes, pdfPasswordGiven: Boolean(process.env[PDF_PASSWORD_ENV]), includeProblemFiles: flags.includeProblemFiles });
          if (flags.json) printJson(redactPlan(plan, checked.scan, { includeText: flags.includeText, includeIdentity: flags.includeIdentity }) as object);
          else {
            out.text(renderPlanText(plan, { style: out.c }));
            // The size against the limit, and with --split the parts it would make.
            const limit = packetSizeLimit(maxPacketBytes, userConfig);
            for (const line of planPreviewLines(plan, limit, flags.split ?? false, checked.check.findings)) out.line(line);
          }
          // As the build would exit (1 for an incomplete case), so CI can ask without writing a packet.
          process.exitCode = statusForFindings(checked.check.findings, { incomplete: checked.check.status === 'incomplete' });
          return;
        }
        if (flags.strict && checked.check.status === 'incomplete') {
          spinner.stop();
          out.error(`not written (--strict): ${checked.check.summary.requiredMissing} required item(s) missing; run casepack check ${casePath} for details`);
          process.exitCode = EXIT.FINDINGS;
          return;
        }
        const { check } = checked;
        // Only --json's summary reads the scan after the build (to redact); otherwise the writer is the last to hold
        // it and lets it go before the ZIP step, so a large case's per-file records are not kept through it.
        const summaryScan = flags.json ? checked.scan : undefined;
        // Before the reports and the plan add theirs: what the scan and check left is garbage from here on.
        collectGarbageOfLargeCase(checked.scan.files.length);
        const writing = writePacket(casePath, flags.output as string, checked, { force: flags.force, password, maxMergedBytes, includeProblemFiles: flags.includeProblemFiles, texts, split: flags.split, maxPacketBytes, ...(userConfig ? { userConfig } : {}) }, spinner);
        checked = undefined;
        const result = await writing;
        const partFiles = result.split && result.split.parts.length > 1 ? result.split.parts.map((p) => p.output) : [];
        const signature = signingKey && result.written ? await signPacketFile(result.output, signingKey) : undefined;
        // Each part of a split packet is signed on its own, as each is verified on its own.
        const partSignatures: string[] = [];
        for (const part of partFiles.slice(1)) if (signingKey && result.written) partSignatures.push(await signPacketFile(part, signingKey));
        spinner.stop();
        if (flags.json) {
          // Only for --json: redacting every finding costs ~10-15 ms on a 100-document case (issue 15).
          const summary = { ...(jsonSummary(result, { check, scan: summaryScan as ScanResult }, { includeText: flags.includeText, includeIdentity: flags.includeIdentity }) as object), ...(result.split ? { split: result.split } : {}) };
          printJson(signature ? { ...(summary as object), signature } : summary);
        } else {
          if (!result.written) out.error('the packet was not written.');
          out.text(renderBuildSummary(result, check, { style: out.c, shownOutput: partFiles.length > 1 ? `${shownPath(result.output)} and ${partFiles.length - 1} more part(s)` : shownPath(result.output) }));
          // The packet's own hash, to send by another channel: verify checks it against the sidecar.
          if (result.split) for (const line of splitLines(result.split, shownPath)) out.line(line);
          else if (result.packetSha256) out.line(`SHA-256: ${result.packetSha256} (also in ${shownPath(`${result.output}.sha256`)})`);
          if (signature && signingKey) out.line(`Signed: ${[signature, ...partSignatures].map(shownPath).join(', ')} (ED25519 ${signingKey.fingerprint})`);
        }
        process.exitCode = buildExitStatus(result, check.status);
      } finally {
        spinner.stop();
      }
    });
}

/** Packs the checked case, with the reports rendered here and progress on the spinner. */
function writePacket(casePath: string, output: string, checked: CheckedFolder, options: Pick<BuildOptions, 'force' | 'password' | 'maxMergedBytes' | 'includeProblemFiles' | 'texts' | 'split' | 'maxPacketBytes' | 'userConfig'>, spinner: Spinner): Promise<BuildResult> {
  return buildPacket(casePath, {
    ...options,
    output,
    pdfPassword: process.env[PDF_PASSWORD_ENV] || undefined,
    scan: checked.scan,
    caseFile: checked.caseFile,
    check: checked.check,
    // The packet's reports travel with it: another person's name is withheld there (checkForPacket).
    reports: {
      html: renderHtml(checkForPacket(checked.check, checked.scan), checked.scan, { problemFilesPacked: options.includeProblemFiles }),
      markdown: renderMarkdown(checkForPacket(checked.check, checked.scan), checked.scan, { problemFilesPacked: options.includeProblemFiles }),
    },
    onProgress: (p) => spinner.text(p.phase === 'zip' ? `Packing ${p.files}/${p.totalFiles} files, ${formatBytes(p.bytes)} of ${formatBytes(p.totalBytes)}` : p.phase === 'merge' ? `Merging PDFs ${p.files}/${p.totalFiles}` : `${p.phase}…`),
  });
}

/**
 * No packet written (a source changed or vanished while packing) is an I/O
 * condition to retry once copying has finished, not a gap to ask the hospital
 * about: 3, never 1. A written packet of an incomplete case is 1.
 */
export function buildExitStatus(result: Pick<BuildResult, 'written' | 'findings'>, checkStatus: 'complete' | 'incomplete'): number {
  if (!result.written) return EXIT.TOOL_FAILURE;
  return statusForFindings(result.findings, { incomplete: checkStatus === 'incomplete' });
}
