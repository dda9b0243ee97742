import { encodingOf } from '../group/duplicates.js';
import type { FileEntry, ScanResult } from '../model/scan.js';
import type { LeftOut } from './schema.js';

/** Findings that say a file is not all there (as the group stage ranks copies). */
const INCOMPLETE_CODES: ReadonlySet<string> = new Set(['DICOM_TRUNCATED', 'SLIDE_TRUNCATED', 'FILE_CHANGED_DURING_RUN']);

/** How a copy is described to the reader: its encoding, and whether it was cut short. */
function fidelityLabel(file: FileEntry | undefined, incomplete: ReadonlySet<string>): string {
  const uid = file?.dicom?.transferSyntaxUid;
  const encoding = encodingOf(uid) ?? (uid ? `transfer syntax ${uid}` : 'unknown encoding');
  return file && incomplete.has(file.path) ? `${encoding}, cut short` : encoding;
}

/**
 * Why a second copy is left out, in words that are true byte for byte: "same
 * content" only for byte-identical files; the same image in different bytes
 * says which copy was kept and why it was preferred.
 */
export function copyReasons(scan: ScanResult): (file: FileEntry) => LeftOut | undefined {
  const byPath = new Map(scan.files.map((f) => [f.path, f]));
  const incomplete = new Set(scan.findings.filter((f) => INCOMPLETE_CODES.has(f.code)).flatMap((f) => f.paths));
  return (file) => {
    if (file.duplicateOf) return { source: file.path, reason: 'duplicate', detail: `same content as ${file.duplicateOf}` };
    if (!file.otherEncodingOf) return undefined;
    const kept = byPath.get(file.otherEncodingOf);
    return {
      source: file.path,
      reason: 'same-image-other-encoding',
      detail: `same image (SOP Instance UID) in another encoding: kept ${file.otherEncodingOf} (${fidelityLabel(kept, incomplete)}); this copy is ${fidelityLabel(file, incomplete)}`,
    };
  };
}

/**
 * Findings that mean a file cannot be used as it is: empty, unreadable,
 * damaged or cut short, or an archive that was refused in whole or in part.
 * Such files are listed under Problems, never packed as if they were fine.
 */
export const PROBLEM_CODES: ReadonlySet<string> = new Set([
  'FILE_EMPTY', 'WALK_UNREADABLE', 'PROBE_FAILED', 'FILE_CHANGED_DURING_RUN',
  'DICOM_UNREADABLE', 'DICOM_TRUNCATED', 'TIFF_UNREADABLE', 'SLIDE_TRUNCATED', 'PDF_DAMAGED', 'IMAGE_UNREADABLE',
  'ARCHIVE_UNREADABLE', 'ARCHIVE_ENTRY_REFUSED', 'VSI_FILE_MISSING',
]);

/** One problem file: the codes of its findings and their plain messages. */
export interface ProblemFile {
  source: string;
  codes: string[];
  problem: string;
}

/** The case file a finding is about: an archive entry's problem belongs to the archive, which is what would be packed. */
function problemSources(f: ScanResult['findings'][number]): string[] {
  const archive = typeof f.details?.['archive'] === 'string' ? f.details['archive'] : undefined;
  if (archive) return [archive];
  return f.paths.map((p) => {
    const mark = p.indexOf('!/');
    return f.code.startsWith('ARCHIVE_') && mark !== -1 ? p.slice(0, mark) : p;
  });
}

/** Every file of the scan with a problem finding, by path, in path order. */
export function problemFiles(scan: ScanResult): Map<string, ProblemFile> {
  const inScan = new Set(scan.files.map((f) => f.path));
  const problems = new Map<string, ProblemFile>();
  for (const f of scan.findings) {
    if (!PROBLEM_CODES.has(f.code)) continue;
    for (const source of problemSources(f)) {
      if (!inScan.has(source)) continue;
      const known = problems.get(source) ?? { source, codes: [], problem: '' };
      if (!known.codes.includes(f.code)) known.codes.push(f.code);
      // Two refused entries of one archive can have different reasons: each is said once.
      if (!known.problem.includes(f.message)) known.problem = known.problem ? `${known.problem} ${f.message}` : f.message;
      problems.set(source, known);
    }
  }
  return new Map([...problems.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Problem files are left out of the packet, unless the person asked for them (`--include-problem-files`). */
export function problemReasons(scan: ScanResult, include: boolean): (file: FileEntry) => LeftOut | undefined {
  const problems = include ? new Map<string, ProblemFile>() : problemFiles(scan);
  return (file) => {
    const problem = problems.get(file.path);
    return problem ? { source: file.path, reason: 'problem-file', detail: problem.problem, codes: problem.codes } : undefined;
  };
}
