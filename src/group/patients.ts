import type { DateOrder } from '../casefile/schema.js';
import { readableTextOf, type FileEntry, type FileIdentity, type PatientIdentity } from '../model/scan.js';
import { readDocumentIdentity } from './document-identity.js';
import { namesCompatible, normalizeName } from './names.js';

/** Paths kept per identity: enough to find the files, not a dump of the CD. */
const MAX_SOURCES = 10;

export interface IdentityRecord {
  name?: string;
  normalized?: string;
  patientId?: string;
  birthDate?: string;
  paths: string[];
  /** How many things the paths are: each DICOM study counts once, each document once. */
  items: Set<string>;
}
type Record = IdentityRecord;

/** Evidence that two records are different people: different birth dates, or names that do not match. */
export function conflict(a: Pick<Record, 'birthDate' | 'normalized'>, b: Pick<Record, 'birthDate' | 'normalized'>): boolean {
  if (a.birthDate && b.birthDate && a.birthDate !== b.birthDate) return true;
  return a.normalized !== undefined && b.normalized !== undefined && !namesCompatible(a.normalized, b.normalized);
}

/**
 * Two records are the same person when nothing conflicts and names agree, or,
 * when a name is missing on one side, the patient IDs do. Different IDs alone
 * do not split a person: each hospital issues its own.
 */
export function samePerson(a: Omit<Record, 'paths' | 'items'>, b: Omit<Record, 'paths' | 'items'>): boolean {
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
  /** Where each file's identity was read. */
  sourceOf: Map<string, FileIdentity['source']>;
  /** The records behind each identity, by key, to compare with the case's patient. */
  clusters: Map<string, { records: IdentityRecord[]; items: number }>;
}

interface Seen { name?: string; patientId?: string; birthDate?: string; source: FileIdentity['source']; item: string }

/** Who a file names: its DICOM header, or the labelled patient block of a PDF's text layer. */
function identityOf(file: FileEntry, dateOrder: DateOrder | undefined): Seen | undefined {
  if (file.family === 'dicom' && file.dicom) {
    const d = file.dicom;
    return { name: d.patientName, patientId: d.patientId, birthDate: d.patientBirthDate, source: 'dicom-header', item: d.studyInstanceUid ?? file.path };
  }
  if (file.family === 'pdf' && file.pdf?.text) return { ...readDocumentIdentity(file.pdf.text, dateOrder), source: file.textSource?.source === 'ocr' ? 'ocr-text' : 'pdf-text', item: file.path };
  // Photos and scanned TIFFs of documents: the text OCR read from them names the patient the same way.
  const ocrText = file.family === 'image' || file.family === 'tiff' ? readableTextOf(file) : undefined;
  if (ocrText) return { ...readDocumentIdentity(ocrText, dateOrder), source: 'ocr-text', item: file.path };
  return undefined;
}

function collectRecords(files: FileEntry[], dateOrder: DateOrder | undefined, sourceOf: Map<string, FileIdentity['source']>): Map<string, Record> {
  const records = new Map<string, Record>();
  for (const file of files) {
    const seen = file.duplicateOf === undefined ? identityOf(file, dateOrder) : undefined;
    if (!seen) continue;
    const normalized = seen.name ? normalizeName(seen.name) || undefined : undefined;
    const patientId = seen.patientId?.trim() || undefined;
    const birthDate = seen.birthDate;
    if (!normalized && !patientId) continue; // anonymous: nothing to compare
    const key = `${normalized ?? ''}|${patientId ?? ''}|${birthDate ?? ''}`;
    let record = records.get(key);
    if (!record) {
      record = { paths: [], items: new Set() };
      if (normalized) { record.normalized = normalized; record.name = seen.name; }
      if (patientId) record.patientId = patientId;
      if (birthDate) record.birthDate = birthDate;
      records.set(key, record);
    }
    record.paths.push(file.path);
    record.items.add(seen.item);
    sourceOf.set(file.path, seen.source);
  }
  return records;
}

/**
 * The patient identities the DICOM headers and the documents' patient blocks
 * name, merged tolerantly (see samePerson). `dateOrder` reads a document's
 * `03/04/1961`; without it such a birth date is not used.
 */
export function groupPatients(files: FileEntry[], dateOrder?: DateOrder): PatientGrouping {
  const sourceOf = new Map<string, FileIdentity['source']>();
  const records = collectRecords(files, dateOrder, sourceOf);

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
  const byKey = new Map<string, { records: IdentityRecord[]; items: number }>();
  const patients = clusters.map((cluster): PatientIdentity => {
    const weights = cluster.map((record) => record.paths.length);
    const name = mostCommon(cluster.map((record) => record.name), weights);
    const patientId = mostCommon(cluster.map((record) => record.patientId), weights);
    const birthDate = mostCommon(cluster.map((record) => record.birthDate), weights);
    const paths = cluster.flatMap((record) => record.paths).sort();
    const key = `${name ? normalizeName(name) : ''}|${patientId ?? ''}|${birthDate ?? ''}`;
    for (const path of paths) keyOf.set(path, key);
    const items = new Set(cluster.flatMap((record) => [...record.items])).size;
    const known = byKey.get(key);
    byKey.set(key, { records: [...(known?.records ?? []), ...cluster], items: items + (known?.items ?? 0) });
    const identity: PatientIdentity = { key, sources: paths.slice(0, MAX_SOURCES), fileCount: paths.length };
    if (name) identity.name = name;
    if (patientId) identity.patientId = patientId;
    if (birthDate) identity.birthDate = birthDate;
    return identity;
  });
  patients.sort((a, b) => b.fileCount - a.fileCount || a.key.localeCompare(b.key));
  return { patients, keyOf, sourceOf, clusters: byKey };
}
