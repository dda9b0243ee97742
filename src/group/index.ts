import type { CaseFile } from '../casefile/schema.js';
import { finding } from '../findings/codes.js';
import type { Finding } from '../model/finding.js';
import type { CasePatient, FileEntry, PatientIdentity, ScanResult, Study } from '../model/scan.js';
import { decideCasePatient, markIdentities } from './case-patient.js';
import { contentDuplicates, sopInstanceDuplicates, type OtherEncodingGroup } from './duplicates.js';
import { crossScriptPairs, groupPatients } from './patients.js';
import { groupStudies } from './studies.js';
import { displayPersonName } from '../util/person-name.js';

export interface GroupResult {
  studies: Study[];
  duplicates: ScanResult['duplicates'];
  patients: PatientIdentity[];
  /** Whom the case is about (casepack.yaml, or assumed from most items); absent when that cannot be told. */
  casePatient?: CasePatient;
  findings: Finding[];
}

export interface GroupContext {
  absPathOf(relPath: string): string;
  /** Files the probes found cut short (or changing): any complete copy of the same image is preferred to them. */
  incomplete?: ReadonlySet<string>;
  /** casepack.yaml: its patient, its include overrides, and the date order for a document's birth date. */
  caseFile?: CaseFile;
}

/** Findings name at most this many files; the full count goes in details. */
const MAX_PATHS_IN_FINDING = 20;
/** The message names the largest identities; details carry all of them. */
const MAX_IDENTITIES_IN_MESSAGE = 5;

function markOtherEncodings(files: FileEntry[], groups: OtherEncodingGroup[]): void {
  if (groups.length === 0) return;
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
  // A map of every file only when there is something to mark (a CD of 20,000 slices has no copies).
  if (groups.length === 0) return;
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
  if (identity.patientId) parts.push(`ID ${identity.patientId}${identity.patientIdIssuer ? ` (issuer ${identity.patientIdIssuer})` : ''}`);
  if (identity.birthDate) parts.push(`born ${identity.birthDate}`);
  const example = identity.sources[0] ? `, e.g. ${identity.sources[0]}` : '';
  return `${parts.join(', ')}: ${identity.fileCount} ${identity.fileCount === 1 ? 'file' : 'files'}${example}`;
}

/** What the packet does about it: whom it takes as the patient, and how many files it leaves out. */
function consequence(casePatient: CasePatient | undefined, files: readonly FileEntry[]): string {
  if (!casePatient) return ' No identity is named by most files: say who the patient is in casepack.yaml (patient:).';
  const who = describeIdentity({ key: '', sources: [], fileCount: 0, ...casePatient }).replace(/: 0 files$/, '');
  const left = files.filter((f) => f.identity?.otherPerson && f.identity.keptOnPurpose === undefined).length;
  const kept = files.filter((f) => f.identity?.otherPerson && f.identity.keptOnPurpose !== undefined).length;
  const basis = casePatient.source === 'case-file' ? 'as casepack.yaml states' : 'assumed: named by most of the documents and studies';
  const parts = [` The case's patient is ${who} (${basis}).`];
  if (left) parts.push(`${left} file(s) of another person are left out of the packet.`);
  if (kept) parts.push(`${kept} file(s) of another person are kept on purpose (casepack.yaml include).`);
  return parts.join(' ');
}

/** How many people the identities are at least, counting a pair that may be one name in two scripts once. */
function distinctPeople(patients: PatientIdentity[], unconfirmed: [string, string][]): number {
  const root = new Map(patients.map((p) => [p.key, p.key]));
  const find = (key: string): string => (root.get(key) === key ? key : find(root.get(key) ?? key));
  for (const [a, b] of unconfirmed) root.set(find(a), find(b));
  return new Set(patients.map((p) => find(p.key))).size;
}

function crossScriptFinding(patients: PatientIdentity[], unconfirmed: [string, string][]): Finding | undefined {
  if (unconfirmed.length === 0) return undefined;
  const byKey = new Map(patients.map((p) => [p.key, p]));
  const pairs = unconfirmed.flatMap(([a, b]) => {
    const [x, y] = [byKey.get(a), byKey.get(b)];
    return x && y ? [[x, y] as const] : [];
  });
  const paths = pairs.flatMap(([x, y]) => [...x.sources.slice(0, 2), ...y.sources.slice(0, 2)]).slice(0, MAX_PATHS_IN_FINDING);
  return finding('PATIENT_NAME_UNCONFIRMED', paths, {
    message: `Files name ${pairs.map(([x, y]) => `${describeIdentity(x)} and ${describeIdentity(y)}`).join('; ')}: the names are in different scripts and no ID or date of birth links them, so casepack cannot tell whether they are the same person. The files are kept.`,
  });
}

function mismatchFinding(patients: PatientIdentity[], casePatient: CasePatient | undefined, files: readonly FileEntry[], unconfirmed: [string, string][]): Finding | undefined {
  // casepack.yaml's patient conflicting with the only identity the files name is a mismatch too.
  const statedElsewhere = casePatient?.source === 'case-file' && casePatient.key === undefined && files.some((f) => f.identity?.otherPerson && !f.identity.stated);
  // One name in two scripts is PATIENT_NAME_UNCONFIRMED's question, not a second patient.
  if (distinctPeople(patients, unconfirmed) < 2 && !statedElsewhere) return undefined;
  const perIdentity = Math.max(1, Math.floor(MAX_PATHS_IN_FINDING / patients.length));
  const named = patients.slice(0, MAX_IDENTITIES_IN_MESSAGE).map(describeIdentity);
  if (patients.length > MAX_IDENTITIES_IN_MESSAGE) named.push(`and ${patients.length - MAX_IDENTITIES_IN_MESSAGE} more`);
  const what = patients.length < 2 ? 'Files name a patient other than casepack.yaml\'s.' : `Files name ${patients.length} different patients.`;
  // The files the finding concerns lead with another person's, where the case's patient is known: they are what to remove.
  const othersFirst = casePatient?.key === undefined ? patients
    : [...patients.filter((p) => p.key !== casePatient.key), ...patients.filter((p) => p.key === casePatient.key)];
  return finding('PATIENT_MISMATCH', othersFirst.flatMap((p) => p.sources.slice(0, perIdentity)).slice(0, MAX_PATHS_IN_FINDING), {
    message: `${what} ${named.join('; ')}.${consequence(casePatient, files)}`,
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

  const grouping = groupPatients(files, context.caseFile?.dateOrder);
  const { patients, keyOf } = grouping;
  const decided = decideCasePatient(grouping, context.caseFile?.patient);
  markIdentities(files, grouping, decided, context.caseFile?.overrides, context.caseFile?.attendants);
  const unconfirmed = crossScriptPairs(grouping.clusters);
  const mismatch = mismatchFinding(patients, decided.casePatient, files, unconfirmed);
  if (mismatch) findings.push(mismatch);
  const crossScript = crossScriptFinding(patients, unconfirmed);
  if (crossScript) findings.push(crossScript);

  const studies = groupStudies(files, (file) => keyOf.get(file.path));
  const duplicates: GroupResult['duplicates'] = [
    ...sopGroups.map((paths) => ({ kind: 'sop-instance-uid' as const, paths })),
    ...contentGroups.map((paths) => ({ kind: 'content' as const, paths })),
    ...otherEncodings.map(({ kept, others }) => ({ kind: 'other-encoding' as const, paths: [kept, ...others] })),
  ];
  const result: GroupResult = { studies, duplicates, patients, findings };
  if (decided.casePatient) result.casePatient = decided.casePatient;
  return result;
}
