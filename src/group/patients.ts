import type { FileEntry, PatientIdentity } from '../model/scan.js';
import { namesCompatible, normalizeName } from './names.js';

/** Paths kept per identity: enough to find the files, not a dump of the CD. */
const MAX_SOURCES = 10;

interface Record {
  name?: string;
  normalized?: string;
  patientId?: string;
  birthDate?: string;
  paths: string[];
}

/** Evidence that two records are different people: different birth dates, or names that do not match. */
function conflict(a: Record, b: Record): boolean {
  if (a.birthDate && b.birthDate && a.birthDate !== b.birthDate) return true;
  return a.normalized !== undefined && b.normalized !== undefined && !namesCompatible(a.normalized, b.normalized);
}

/**
 * Two records are the same person when nothing conflicts and names agree, or,
 * when a name is missing on one side, the patient IDs do. Different IDs alone
 * do not split a person: each hospital issues its own.
 */
function samePerson(a: Record, b: Record): boolean {
  if (conflict(a, b)) return false;
  if (a.normalized && b.normalized) return true;
  return a.patientId !== undefined && a.patientId === b.patientId;
}

function mostCommon(values: (string | undefined)[], weights: number[]): string | undefined {
  const counts = new Map<string, number>();
  values.forEach((value, index) => {
    if (value) counts.set(value, (counts.get(value) ?? 0) + (weights[index] ?? 1));
  });
  let best: string | undefined;
  let bestCount = 0;
  for (const [value, count] of counts) if (count > bestCount || (count === bestCount && best !== undefined && value < best)) { best = value; bestCount = count; }
  return best;
}

export interface PatientGrouping {
  patients: PatientIdentity[];
  /** Identity key of each file that names a patient. */
  keyOf: Map<string, string>;
}

/** The patient identities the DICOM headers name, merged tolerantly (see samePerson). */
export function groupPatients(files: FileEntry[]): PatientGrouping {
  const records = new Map<string, Record>();
  for (const file of files) {
    const dicom = file.family === 'dicom' ? file.dicom : undefined;
    if (!dicom || file.duplicateOf !== undefined) continue;
    const normalized = dicom.patientName ? normalizeName(dicom.patientName) || undefined : undefined;
    const patientId = dicom.patientId?.trim() || undefined;
    const birthDate = dicom.patientBirthDate;
    if (!normalized && !patientId) continue; // anonymous: nothing to compare
    const key = `${normalized ?? ''}|${patientId ?? ''}|${birthDate ?? ''}`;
    let record = records.get(key);
    if (!record) {
      record = { paths: [] };
      if (normalized) { record.normalized = normalized; record.name = dicom.patientName; }
      if (patientId) record.patientId = patientId;
      if (birthDate) record.birthDate = birthDate;
      records.set(key, record);
    }
    record.paths.push(file.path);
  }

  // Merge records into people. Links are not simply transitive: a name-less
  // record sharing an ID with two differently named people must not merge them,
  // so two clusters join only when no pair across them conflicts. Larger records first.
  const clusters: Record[][] = [...records.values()].sort((a, b) => b.paths.length - a.paths.length).map((record) => [record]);
  for (let i = 0; i < clusters.length; i++) {
    for (let j = i + 1; j < clusters.length; j++) {
      const a = clusters[i] ?? [];
      const b = clusters[j] ?? [];
      const linked = a.some((x) => b.some((y) => samePerson(x, y)));
      if (linked && !a.some((x) => b.some((y) => conflict(x, y)))) {
        a.push(...b);
        clusters.splice(j, 1);
        j = i; // the grown cluster may now link to ones already passed over
      }
    }
  }

  const keyOf = new Map<string, string>();
  const patients = clusters.map((cluster): PatientIdentity => {
    const weights = cluster.map((record) => record.paths.length);
    const name = mostCommon(cluster.map((record) => record.name), weights);
    const patientId = mostCommon(cluster.map((record) => record.patientId), weights);
    const birthDate = mostCommon(cluster.map((record) => record.birthDate), weights);
    const paths = cluster.flatMap((record) => record.paths).sort();
    const key = `${name ? normalizeName(name) : ''}|${patientId ?? ''}|${birthDate ?? ''}`;
    for (const path of paths) keyOf.set(path, key);
    const identity: PatientIdentity = { key, sources: paths.slice(0, MAX_SOURCES), fileCount: paths.length };
    if (name) identity.name = name;
    if (patientId) identity.patientId = patientId;
    if (birthDate) identity.birthDate = birthDate;
    return identity;
  });
  patients.sort((a, b) => b.fileCount - a.fileCount || a.key.localeCompare(b.key));
  return { patients, keyOf };
}
