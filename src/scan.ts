import path from 'node:path';
import { stat } from 'node:fs/promises';
import { classifyCase } from './classify/index.js';
import { CASE_FILE_NAME, loadCaseFile } from './casefile/load.js';
import type { CaseFile } from './casefile/schema.js';
import { finding } from './findings/codes.js';
import { groupCase } from './group/index.js';
import type { Finding } from './model/finding.js';
import { SCAN_SCHEMA_VERSION, type FileEntry, type ScanResult } from './model/scan.js';
import { probeFile } from './probe/index.js';
import type { ProbeOptions } from './probe/types.js';
import { mapLimit } from './util/concurrency.js';
import { UsageError } from './util/errors.js';
import { VERSION } from './version.js';
import { expandArchives, withoutExpandedNotices, type ArchiveLimits, type ExpandedFile } from './walk/archive/index.js';
import { walkCase, type WalkedFile } from './walk/walk.js';

export interface ScanProgress {
  phase: 'walk' | 'probe' | 'group' | 'classify';
  done: number;
  total: number;
}

export interface ScanOptions extends ProbeOptions {
  /** Files probed at once. Probes are I/O-bound header reads. */
  concurrency?: number;
  onProgress?: (progress: ScanProgress) => void;
  /** Use this case file instead of reading `casepack.yaml` from the case. */
  caseFile?: CaseFile;
  today?: Date;
  /** Limits for unpacking ZIP/gzip files found in the case, or false to leave them packed. */
  archives?: Partial<ArchiveLimits> | false;
}

export class CaseNotFoundError extends UsageError {
  constructor(readonly root: string) {
    super(`case folder not found: ${root}`);
  }
}

/** The library entry point behind `casepack scan`: walk, probe, group, classify. */
export async function scanCase(root: string, options: ScanOptions = {}): Promise<ScanResult> {
  const rootInfo = await stat(root).catch(() => undefined);
  if (!rootInfo?.isDirectory()) throw new CaseNotFoundError(root);
  const progress = options.onProgress ?? (() => undefined);

  progress({ phase: 'walk', done: 0, total: 0 });
  const walked = await walkCase(root, { exclude: (rel) => rel === CASE_FILE_NAME });
  const findings: Finding[] = [...walked.findings];

  const loaded = options.caseFile ? { caseFile: options.caseFile, findings: [] as Finding[], path: undefined } : await loadCaseFile(walked.root);
  findings.push(...loaded.findings);

  let done = 0;
  let total = walked.files.length;
  const probeOne = async (walkedFile: WalkedFile | ExpandedFile): Promise<FileEntry> => {
    const output = await probeFile({ relPath: walkedFile.path, absPath: walkedFile.absPath, size: walkedFile.size }, options);
    const { findings: probeFindings, ...meta } = output;
    findings.push(...probeFindings);
    done++;
    if (done % 50 === 0 || done === total) progress({ phase: 'probe', done, total });
    const origin = 'fromArchive' in walkedFile ? { fromArchive: walkedFile.fromArchive } : {};
    return { path: walkedFile.path, size: walkedFile.size, mtimeMs: walkedFile.mtimeMs, ...origin, ...meta };
  };
  const files = await mapLimit(walked.files, options.concurrency ?? 16, probeOne);

  // Archives in the case (portal downloads) are unpacked privately and scanned as part of the case.
  if (options.archives !== false) {
    const candidates = files.flatMap((f, i) => (f.archive && walked.files[i] ? [{ ...walked.files[i], format: f.archive.format }] : []));
    const expansion = await expandArchives([root, walked.root], candidates, options.archives);
    // Loops, not spread arguments: a case can hold more entries than a call may take.
    const kept = [...withoutExpandedNotices(findings, expansion.expanded), ...expansion.findings];
    findings.length = 0;
    for (const f of kept) findings.push(f);
    total += expansion.files.length;
    for (const entry of await mapLimit(expansion.files, options.concurrency ?? 16, probeOne)) files.push(entry);
    for (const entry of expansion.files) walked.files.push(entry);
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  progress({ phase: 'group', done: 0, total });
  const absByRel = new Map(walked.files.map((f) => [f.path, f.absPath]));
  const grouped = await groupCase(files, { absPathOf: (rel) => absByRel.get(rel) ?? rel });
  findings.push(...grouped.findings);

  const byFamily: Record<string, number> = {};
  let bytes = 0;
  for (const file of files) {
    byFamily[file.family] = (byFamily[file.family] ?? 0) + 1;
    bytes += file.size;
  }

  const scan: ScanResult = {
    schemaVersion: SCAN_SCHEMA_VERSION,
    tool: { name: 'casepack', version: VERSION },
    root,
    summary: { files: files.length, bytes, byFamily, skippedJunk: walked.skippedJunk },
    files,
    dicom: { studies: grouped.studies },
    duplicates: grouped.duplicates,
    patients: grouped.patients,
    findings,
  };
  if (loaded.path) scan.caseFile = { path: CASE_FILE_NAME, valid: loaded.caseFile !== undefined };

  progress({ phase: 'classify', done: 0, total });
  const classifyContext: Parameters<typeof classifyCase>[1] = {};
  if (loaded.caseFile) classifyContext.caseFile = loaded.caseFile;
  if (options.today) classifyContext.today = options.today;
  classifyContext.absPathOf = (rel) => absByRel.get(rel) ?? path.join(walked.root, rel);
  scan.findings.push(...(await classifyCase(scan, classifyContext)));
  scan.findings = sortFindings(scan.findings);
  return scan;
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Errors first, then by code and path, so output is stable run to run. */
export function sortFindings(list: Finding[]): Finding[] {
  return [...list].sort((a, b) =>
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
    ((a.paths[0] ?? '') < (b.paths[0] ?? '') ? -1 : (a.paths[0] ?? '') > (b.paths[0] ?? '') ? 1 : 0));
}

/** JSON view of a scan: extracted document text is dropped unless asked for (privacy). */
export function scanToJson(scan: ScanResult, options: { includeText?: boolean } = {}): ScanResult {
  if (options.includeText) return scan;
  return {
    ...scan,
    files: scan.files.map((file) => {
      const copy: FileEntry = { ...file };
      if (copy.pdf?.text !== undefined) { const { text: _t, ...rest } = copy.pdf; copy.pdf = rest; }
      if (copy.dicom?.text !== undefined) { const { text: _t, ...rest } = copy.dicom; copy.dicom = rest; }
      if (copy.text?.content !== undefined) { const { content: _c, ...rest } = copy.text; copy.text = rest; }
      return copy;
    }),
  };
}

export { finding };
