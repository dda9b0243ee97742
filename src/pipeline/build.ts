import { loadCaseFile } from '../casefile/load.js';
import type { ExtractedText } from '../extract/index.js';
import type { OcrOptions } from '../extract/ocr/types.js';
import type { CaseFile } from '../casefile/schema.js';
import { applyFindingPolicy } from '../casefile/policy.js';
import { applyUserDefaults, packetSizeLimit, type UserConfig } from '../casefile/user-config.js';
import { loadUserConfig } from '../casefile/user-config-file.js';
import type { CheckResult } from '../model/check.js';
import type { ScanResult } from '../model/scan.js';
import { sortFindings } from '../findings/sort.js';
import { planPacket } from '../plan/plan.js';
import { packetSizeFinding } from '../plan/split.js';
import { removeStaleLeftovers, tempRoot } from '../util/tempdir.js';
import { checkOutputPath, OutputRefusedError } from '../write/atomic.js';
import { writePacket, type BuildProgress, type BuildResult, type PacketInput as WritePacketInput } from '../write/build.js';
import { writeSplitPacket } from '../write/split.js';
import { openCase, scanOpenedCase } from './scan.js';

export { OutputRefusedError, type BuildProgress, type BuildResult };

export interface BuildOptions {
  /** Path of the packet ZIP to write (outside the case folder). */
  output: string;
  /** Replace an existing file at `output`. */
  force?: boolean;
  /** Encrypt with AES-256 using this password. Never take it from argv. */
  password?: string;
  /** Password to open password-protected source PDFs so they can be merged (never from argv). */
  pdfPassword?: string;
  /** Source bytes per merged PDF before `_part1`, `_part2`… (default 50 MB). */
  maxMergedBytes?: number;
  /** Pack problem files (empty, damaged, cut short, refused archives) under Problems/ instead of leaving them out. */
  includeProblemFiles?: boolean;
  /** The packet's size limit for sending it (`--max-size`); default the user config's `packet.maxSize`, else 2 GB. */
  maxPacketBytes?: number;
  /** Write parts (`<name>.part1.zip`…) of at most `maxPacketBytes` each when the packet is larger (`--split`). */
  split?: boolean;
  /** Reuse a scan already made (otherwise the case is scanned). */
  scan?: ScanResult;
  /**
   * The case file as the caller read it. Left out, casepack.yaml is read here
   * (once). With `scan` given, present but undefined means the case has none
   * (or it is invalid), and it is not read again.
   */
  caseFile?: CaseFile;
  /** Checklist result and its rendered reports, packed as Checklist_Report.html/.md. */
  check?: CheckResult;
  reports?: { html: string; markdown: string };
  /** With `scan` given: the text its extraction stage read (`ScanOptions.collectText`), for the packet's invisible OCR text layer. */
  texts?: WritePacketInput['texts'];
  /** OCR settings when the case is scanned here (no `scan` given). */
  ocr?: Partial<OcrOptions>;
  /** Time written into the packet; default SOURCE_DATE_EPOCH, else the newest source file's time (reproducible). */
  generatedAt?: Date;
  onProgress?: (progress: BuildProgress) => void;
  /** The user config (`--config`); default the one at CASEPACK_CONFIG or ~/.config/casepack/config.yaml. Its sender signs the letters when casepack.yaml names none. */
  userConfig?: UserConfig;
}

/**
 * The library entry point behind `casepack build`: refuse a bad output path
 * before any work (OutputRefusedError), read the case file and scan unless
 * given, plan, then hand everything to the writer (src/write).
 */
export function buildPacket(root: string, options: BuildOptions): Promise<BuildResult> {
  // Not async itself: once the build starts, only `given` holds a scan passed in, and it is let go before the ZIP step.
  const { scan, ...rest } = options;
  return buildFrom(root, rest, { scan });
}

/** A scan on its way to the writer: whoever hands it on clears it here, so the writer can be the last to hold it. */
interface ScanInHand { scan: ScanResult | undefined }

async function buildFrom(root: string, options: Omit<BuildOptions, 'scan'>, given: ScanInHand): Promise<BuildResult> {
  const started = Date.now();
  const target = await checkOutputPath(root, options.output, options.force ?? false);
  // What a killed earlier run left in the temp folder (staging beside the target is swept by the writer).
  await removeStaleLeftovers(tempRoot());
  options.onProgress?.({ phase: 'scan', files: 0, totalFiles: 0, bytes: 0, totalBytes: 0 });
  // Read before the case is scanned: a broken user config stops the build at once, as a usage error.
  const userConfig = options.userConfig ?? await loadUserConfig();
  const inputs = await buildInputs(root, { ...options, userConfig }, given);
  // A `let` cleared before the write: a suspended async function may keep what its locals hold.
  let scan: ScanResult | undefined = inputs.scan as ScanResult;
  const caseFile = applyUserDefaults(inputs.caseFile, userConfig);
  const plan = planPacket(scan, options.check, { maxMergedBytes: options.maxMergedBytes, pdfPasswordGiven: options.pdfPassword !== undefined, includeProblemFiles: options.includeProblemFiles });
  const limit = packetSizeLimit(options.maxPacketBytes, userConfig);
  const date = options.generatedAt ?? reproducibleDate(scan);
  // Too large to send: said unless the packet was split to fit (check may have said it already, at its own limit).
  const caseFindings = (options.check?.findings ?? scan.findings).filter((f) => f.code !== 'PACKET_TOO_LARGE_TO_UPLOAD');
  scan = undefined;
  const result = await writeTaking(inputs, {
    root,
    target,
    force: options.force ?? false,
    caseFile,
    plan,
    date,
    check: options.check,
    reports: options.reports,
    password: options.password,
    pdfPassword: options.pdfPassword,
    texts: inputs.texts,
    onProgress: options.onProgress,
    started,
  }, options.split ? limit : undefined);
  const tooLarge = options.split ? undefined : packetSizeFinding(plan, limit);
  if (tooLarge) result.findings.push(...applyFindingPolicy([tooLarge], caseFile));
  // The case's own findings travel with the build's (CLI summary, --json, exit status), as check reports them.
  result.findings = sortFindings([...caseFindings, ...result.findings]);
  return result;
}

/**
 * Hands the scan in `inputs` to the writer and clears it there: not async, so
 * no frame of the build keeps it while the ZIP step runs (a split packet's
 * parts are each written from it, so that writer keeps it to the end).
 */
function writeTaking(inputs: ScanInHand, rest: Omit<WritePacketInput, 'scan'>, splitLimit: number | undefined): Promise<BuildResult> {
  const input: WritePacketInput = { ...rest, scan: inputs.scan as ScanResult };
  inputs.scan = undefined;
  return splitLimit !== undefined ? writeSplitPacket(input, splitLimit, rest.force ?? false) : writePacket(input);
}

/** The scan, case file and OCR text to build from: the caller's (taken from `given`), else read and scanned here, the case file once. */
async function buildInputs(root: string, options: Omit<BuildOptions, 'scan'>, given: ScanInHand): Promise<ScanInHand & { caseFile: CaseFile | undefined; texts: WritePacketInput['texts'] }> {
  if (given.scan) {
    const scan = given.scan;
    given.scan = undefined;
    // A caller that scanned also read the case file; `caseFile: undefined` then means there is none.
    const caseFile = 'caseFile' in options ? options.caseFile : (await loadCaseFile(root)).caseFile;
    return { scan, caseFile, texts: options.texts };
  }
  const loaded = await openCase(root, options.caseFile);
  const texts = new Map<string, ExtractedText>();
  const scan = await scanOpenedCase(root, { loaded, caseFile: applyUserDefaults(loaded.caseFile, options.userConfig) }, { ...(options.ocr ? { ocr: options.ocr } : {}), collectText: texts });
  return { scan, caseFile: loaded.caseFile, texts };
}

const DEFAULT_DATE = new Date(Date.UTC(2000, 0, 1));

/** SOURCE_DATE_EPOCH, else the newest source file's time: the same case gives the same packet. */
function reproducibleDate(scan: ScanResult): Date {
  const epoch = process.env['SOURCE_DATE_EPOCH'];
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  const newest = scan.files.reduce((max, f) => Math.max(max, f.mtimeMs), 0);
  // Whole seconds: ZIP and PDF dates cannot hold more, and equality must survive a round trip.
  return newest > 0 ? new Date(Math.floor(newest / 1000) * 1000) : DEFAULT_DATE;
}
