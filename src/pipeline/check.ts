import path from 'node:path';
import type { CaseFile } from '../casefile/schema.js';
import { loadChecklist, type ResolvedChecklist } from '../check/checklist-schema.js';
import { checkCase } from '../check/index.js';
import { applyUserDefaults, packetSizeLimit, type UserConfig } from '../casefile/user-config.js';
import { loadUserConfig } from '../casefile/user-config-file.js';
import { estimateScanPacketBytes, packetSizeFinding } from '../plan/split.js';
import type { CheckResult } from '../model/check.js';
import type { ScanResult } from '../model/scan.js';
import { redactCheck, type JsonPrivacy } from '../report/json-privacy.js';
import { openCase, scanOpenedCase, type ScanOptions } from './scan.js';

export const DEFAULT_CHECKLIST = 'general';

export interface CheckFolderOptions {
  /** A checklist already loaded (from --checklist); otherwise the case file's, else `general`. */
  checklist?: ResolvedChecklist;
  asOf?: string;
  /** Extra finding policy from flags; wins over the case file's. */
  policy?: NonNullable<CaseFile['findings']>;
  scan?: ScanOptions;
  /** The packet's size limit (`--max-size`); default the user config's `packet.maxSize`, else 2 GB. */
  maxPacketBytes?: number;
  /** The user config (`--config`); default the one at CASEPACK_CONFIG or ~/.config/casepack/config.yaml (an unreadable one is ignored here). Its defaults fill what casepack.yaml leaves out. */
  userConfig?: UserConfig;
}

export interface CheckedFolder {
  scan: ScanResult;
  check: CheckResult;
  checklist: ResolvedChecklist;
  caseFile?: CaseFile;
}

/** Merge flag policy over the case file's: flags add ignores and override severities. */
export function mergePolicy(caseFile: CaseFile | undefined, policy: CheckFolderOptions['policy']): CaseFile | undefined {
  if (!policy) return caseFile;
  const base = caseFile?.findings ?? {};
  return {
    ...caseFile,
    findings: {
      ignore: [...new Set([...(base.ignore ?? []), ...(policy.ignore ?? [])])],
      severity: { ...base.severity, ...policy.severity },
    },
  };
}

/**
 * Scan a case folder and check it: the library call behind `casepack check`.
 * `casepack.yaml` is read once and the flag policy merged into it once; the
 * scan and the check both work from that one case file, so the scan's
 * findings and the check's speak with one voice.
 * Throws CaseNotFoundError (no such folder) and ChecklistError (the case file
 * names a bad checklist); both are the caller's usage errors, not incomplete cases.
 */
export async function checkCaseFolder(root: string, options: CheckFolderOptions = {}): Promise<CheckedFolder> {
  const loaded = await openCase(root, options.scan?.caseFile);
  const userConfig = options.userConfig ?? await loadUserConfig().catch(() => undefined);
  const caseFile = mergePolicy(applyUserDefaults(loaded.caseFile, userConfig), options.policy);
  const scan = await scanOpenedCase(root, { loaded, caseFile }, options.scan);
  return checkScannedCase(root, scan, caseFile, userConfig ? { ...options, userConfig } : options);
}

/** The check half of `checkCaseFolder`, on a scan already made with `caseFile` (the review page re-checks after each correction). */
export async function checkScannedCase(root: string, scan: ScanResult, caseFile: CaseFile | undefined, options: Omit<CheckFolderOptions, 'policy' | 'scan'> = {}): Promise<CheckedFolder> {
  // A case file's own checklist path is relative to the case folder.
  const checklist = options.checklist ?? await loadChecklist(caseFile?.checklist ?? DEFAULT_CHECKLIST, path.resolve(root));
  const checkOptions: Parameters<typeof checkCase>[2] = {};
  if (caseFile) checkOptions.caseFile = caseFile;
  if (options.asOf) checkOptions.asOf = options.asOf;
  // The packet's size is known from the plan (its DICOM files only counted): too large to send is said before anything is built.
  const limit = options.maxPacketBytes ?? packetSizeLimit(undefined, options.userConfig);
  const tooLarge = packetSizeFinding(estimateScanPacketBytes(scan), limit);
  const check = checkCase(tooLarge ? { ...scan, findings: [...scan.findings, tooLarge] } : scan, checklist, checkOptions);
  const result: CheckedFolder = { scan, check, checklist };
  if (caseFile) result.caseFile = caseFile;
  return result;
}

/**
 * JSON view of a check (`check --json`, `--report x.json`, `--junit`): its
 * findings without the names, IDs, birth dates and document lines they quote,
 * unless `includeIdentity` / `includeText`. `scan` is the check's own scan,
 * which knows what those are.
 */
export function checkToJson(check: CheckResult, scan: ScanResult, options: JsonPrivacy = {}): CheckResult {
  return redactCheck(check, scan, options);
}
