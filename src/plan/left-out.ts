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
