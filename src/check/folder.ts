import path from 'node:path';
import { loadCaseFile } from '../casefile/load.js';
import type { CaseFile } from '../casefile/schema.js';
import type { CheckResult } from '../model/check.js';
import type { ScanResult } from '../model/scan.js';
import { scanCase, type ScanOptions } from '../scan.js';
import { loadChecklist, type ResolvedChecklist } from './checklist-schema.js';
import { checkCase } from './index.js';

export const DEFAULT_CHECKLIST = 'general';

export interface CheckFolderOptions {
  /** A checklist already loaded (from --checklist); otherwise the case file's, else `general`. */
  checklist?: ResolvedChecklist;
  asOf?: string;
  /** Extra finding policy from flags; wins over the case file's. */
  policy?: NonNullable<CaseFile['findings']>;
  scan?: ScanOptions;
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
 * Throws CaseNotFoundError (no such folder) and ChecklistError (the case file
 * names a bad checklist); both are the caller's usage errors, not incomplete cases.
 */
export async function checkCaseFolder(root: string, options: CheckFolderOptions = {}): Promise<CheckedFolder> {
  // scanCase reads casepack.yaml too (and reports CASEFILE_INVALID); reading it here again is cheap
  // and gives the facts, physical items and policy the check needs.
  const scan = await scanCase(root, options.scan);
  const loaded = await loadCaseFile(root);
  const caseFile = mergePolicy(loaded.caseFile, options.policy);
  // A case file's own checklist path is relative to the case folder.
  const checklist = options.checklist ?? await loadChecklist(caseFile?.checklist ?? DEFAULT_CHECKLIST, path.resolve(root));
  const checkOptions: Parameters<typeof checkCase>[2] = {};
  if (caseFile) checkOptions.caseFile = caseFile;
  if (options.asOf) checkOptions.asOf = options.asOf;
  const check = checkCase(scan, checklist, checkOptions);
  const result: CheckedFolder = { scan, check, checklist };
  if (caseFile) result.caseFile = caseFile;
  return result;
}
