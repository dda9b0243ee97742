import { finding } from '../findings/codes.js';
import type { Finding } from '../model/finding.js';
import type { FileEntry, PatientIdentity, ScanResult, Study } from '../model/scan.js';
import { contentDuplicates, sopInstanceDuplicates, type OtherEncodingGroup } from './duplicates.js';
import { groupPatients } from './patients.js';
import { groupStudies } from './studies.js';
import { displayPersonName } from '../util/person-name.js';

export interface GroupResult {
  studies: Study[];
  duplicates: ScanResult['duplicates'];
  patients: PatientIdentity[];
  findings: Finding[];
}

export interface GroupContext {
  absPathOf(relPath: string): string;
  /** Files the probes found cut short (or changing): any complete copy of the same image is preferred to them. */
  incomplete?: ReadonlySet<string>;
}

/** Findings name at most this many files; the full count goes in details. */
const MAX_PATHS_IN_FINDING = 20;
/** The message names the largest identities; details carry all of them. */
const MAX_IDENTITIES_IN_MESSAGE = 5;

function markOtherEncodings(files: FileEntry[], groups: OtherEncodingGroup[]): void {
  const byPath = new Map(files.map((file) => [file.path, file]));
  for (const { kept, others } of groups) {
    for (const other of others) {
      const file = byPath.get(other);
      if (file && file.duplicateOf === undefined) file.otherEncodingOf = kept;
    }
  }
}

/** Said once for the case: which images came in more than one encoding, and which copy is packed. */
function otherEncodingFinding(groups: OtherEncodingGroup[]): Finding | undefined {
  if (groups.length === 0) return undefined;
  const others = groups.flatMap((g) => g.others);
  const examples = groups.flatMap((g) => [g.kept, ...g.others]).slice(0, MAX_PATHS_IN_FINDING);
  const what = others.length === 1 ? '1 DICOM image is' : `${others.length} DICOM images are`;
  return finding('DICOM_SAME_IMAGE_OTHER_ENCODING', examples, {
    message: `${what} also in the case in a higher-fidelity encoding (same SOP Instance UID, different bytes); the higher-fidelity copy is packed and the other listed as left out.`,
    details: { groups: groups.length, leftOut: others.length, listed: examples.length },
  });
}

function markCopies(files: FileEntry[], groups: string[][]): void {
  const byPath = new Map(files.map((file) => [file.path, file]));
  for (const [original, ...copies] of groups) {
    for (const copy of copies) {
      const file = byPath.get(copy);
      if (file && original && file.duplicateOf === undefined) file.duplicateOf = original;
    }
  }
}

function duplicateFinding(code: 'DICOM_DUPLICATE_INSTANCE' | 'DUPLICATE_FILE', groups: string[][], noun: [string, string]): Finding | undefined {
  if (groups.length === 0) return undefined;
  const copies = groups.flatMap(([, ...rest]) => rest);
  const examples = groups.flatMap((group) => group).slice(0, MAX_PATHS_IN_FINDING);
  const what = copies.length === 1 ? `1 ${noun[0]} is a copy` : `${copies.length} ${noun[1]} are copies`;
  return finding(code, examples, {
    message: `${what} of another in the case (${groups.length} ${groups.length === 1 ? 'group' : 'groups'} of identical items); each is packed once.`,
    details: { groups: groups.length, copies: copies.length, listed: examples.length },
  });
}

function describeIdentity(identity: PatientIdentity): string {
  const parts = [identity.name ? displayPersonName(identity.name) : '(no name)'];
  if (identity.patientId) parts.push(`ID ${identity.patientId}`);
  if (identity.birthDate) parts.push(`born ${identity.birthDate}`);
  const example = identity.sources[0] ? `, e.g. ${identity.sources[0]}` : '';
  return `${parts.join(', ')}: ${identity.fileCount} ${identity.fileCount === 1 ? 'file' : 'files'}${example}`;
}

function mismatchFinding(patients: PatientIdentity[]): Finding | undefined {
  if (patients.length < 2) return undefined;
  const perIdentity = Math.max(1, Math.floor(MAX_PATHS_IN_FINDING / patients.length));
  const named = patients.slice(0, MAX_IDENTITIES_IN_MESSAGE).map(describeIdentity);
  if (patients.length > MAX_IDENTITIES_IN_MESSAGE) named.push(`and ${patients.length - MAX_IDENTITIES_IN_MESSAGE} more`);
  return finding('PATIENT_MISMATCH', patients.flatMap((p) => p.sources.slice(0, perIdentity)).slice(0, MAX_PATHS_IN_FINDING), {
    message: `Files name ${patients.length} different patients. ${named.join('; ')}.`,
    details: { identities: patients.map((p) => ({ key: p.key, fileCount: p.fileCount })) },
  });
}

/**
 * The group stage: duplicates first (so copies are counted once), then
 * series and studies, then who the files are about. Marks `duplicateOf` on the
 * later byte-identical copies in `files` and `otherEncodingOf` on lower-fidelity
 * encodings of the same image; everything else is returned.
 */
export async function groupCase(files: FileEntry[], context: GroupContext): Promise<GroupResult> {
  const findings: Finding[] = [];
  // Same SOP Instance UID is only a duplicate when the bytes agree; otherwise the better encoding is kept.
  const { identical: sopGroups, otherEncodings } = await sopInstanceDuplicates(files, context.absPathOf, context.incomplete);
  markCopies(files, sopGroups);
  markOtherEncodings(files, otherEncodings);
  // DICOM objects with a SOP Instance UID are compared by it; hashing them too would read every CT slice.
  const byContent = files.filter((file) => !(file.family === 'dicom' && file.dicom?.sopInstanceUid));
  const contentGroups = await contentDuplicates(byContent, context.absPathOf);
  markCopies(files, contentGroups);

  const sopFinding = duplicateFinding('DICOM_DUPLICATE_INSTANCE', sopGroups, ['DICOM image', 'DICOM images']);
  if (sopFinding) findings.push(sopFinding);
  const encodingFinding = otherEncodingFinding(otherEncodings);
  if (encodingFinding) findings.push(encodingFinding);
  const contentFinding = duplicateFinding('DUPLICATE_FILE', contentGroups, ['file', 'files']);
  if (contentFinding) findings.push(contentFinding);

  const { patients, keyOf } = groupPatients(files);
  const mismatch = mismatchFinding(patients);
  if (mismatch) findings.push(mismatch);

  const studies = groupStudies(files, (file) => keyOf.get(file.path));
  const duplicates: GroupResult['duplicates'] = [
    ...sopGroups.map((paths) => ({ kind: 'sop-instance-uid' as const, paths })),
    ...contentGroups.map((paths) => ({ kind: 'content' as const, paths })),
    ...otherEncodings.map(({ kept, others }) => ({ kind: 'other-encoding' as const, paths: [kept, ...others] })),
  ];
  return { studies, duplicates, patients, findings };
}
