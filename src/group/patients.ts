import type { DateOrder } from '../casefile/schema.js';
import type { FileEntry, FileIdentity, PatientIdentity } from '../model/scan.js';
import { readableTextOf } from '../model/scan-values.js';
import { readDocumentIdentity } from './document-identity.js';
import { matchableName, namesComparable, namesCompatible, namesMatch, normalizeName } from './names.js';

/** Paths kept per identity: enough to find the files, not a dump of the CD. */
const MAX_SOURCES = 10;

export interface IdentityRecord {
  name?: string;
  normalized?: string;
  patientId?: string;
  /** Who issued patientId; unknown when the file does not say. */
  issuer?: string;
  birthDate?: string;
  paths: string[];
  /** How many things the paths are: each DICOM study counts once, each document once. */
  items: Set<string>;
}
type Record = IdentityRecord;

type Person = Pick<Record, 'birthDate' | 'normalized' | 'patientId' | 'issuer'>;

function sameIssuer(a: string, b: string): boolean {
  return a.trim().toUpperCase() === b.trim().toUpperCase();
}

/** The same number, and no sign it was issued by two different hospitals (an unknown issuer matches any). */
export function idsAgree(a: Person, b: Person): boolean {
  if (!a.patientId || a.patientId !== b.patientId) return false;
  return !a.issuer || !b.issuer || sameIssuer(a.issuer, b.issuer);
}

/**
 * Two numbers from the one issuer both files name: different people. Numbers
 * whose issuers differ or are not stated are no evidence either way: every
 * hospital issues its own MRNs, so a patient has many.
 */
export function idsDisagree(a: Person, b: Person): boolean {
  if (!a.patientId || !b.patientId || a.patientId === b.patientId) return false;
  return a.issuer !== undefined && b.issuer !== undefined && sameIssuer(a.issuer, b.issuer);
}

/**
 * With no name on one side to compare: different numbers are taken as
 * different people unless their issuers are known to differ.
 */
export function idsDisagreeOrDiffer(a: Person, b: Person): boolean {
  if (!a.patientId || !b.patientId || a.patientId === b.patientId) return false;
  return !a.issuer || !b.issuer || sameIssuer(a.issuer, b.issuer);
}

/**
 * Evidence that two records are different people: different birth dates, two
 * numbers from one issuer, or names in one script that do not match. A birth
 * date or ID that disagrees outweighs a name that looks alike.
 */
export function conflict(a: Person, b: Person): boolean {
  if (a.birthDate && b.birthDate && a.birthDate !== b.birthDate) return true;
  if (idsDisagree(a, b)) return true;
  return a.normalized !== undefined && b.normalized !== undefined && !namesCompatible(a.normalized, b.normalized);
}

/**
 * Two records are the same person when nothing conflicts and their names
 * match; names in different scripts only (`YAMADA^TAROU` and `山田^太郎`,
 * no transliteration at hand) need an agreeing ID or birth date besides. When
 * a name is missing on one side, the patient IDs decide. Different IDs alone
 * do not split a person: each hospital issues its own.
 */
export function samePerson(a: Person, b: Person): boolean {
  if (conflict(a, b)) return false;
  if (a.normalized && b.normalized) {
    if (namesMatch(a.normalized, b.normalized)) return true;
    if (!namesComparable(a.normalized, b.normalized)) return idsAgree(a, b) || (a.birthDate !== undefined && a.birthDate === b.birthDate);
  }
  return idsAgree(a, b);
}

/** Both named, in scripts that cannot be compared, and nothing else links or splits them: a person must say. */
export function unconfirmedCrossScript(a: Person, b: Person): boolean {
  if (!a.normalized || !b.normalized || namesComparable(a.normalized, b.normalized)) return false;
  return !conflict(a, b) && !samePerson(a, b);
}

/** Pairs of identities (by key) that may be one person written in two scripts. */
export function crossScriptPairs(clusters: PatientGrouping['clusters']): [string, string][] {
  const entries = [...clusters.entries()];
  const pairs: [string, string][] = [];
  entries.forEach(([keyA, a], i) => {
    for (const [keyB, b] of entries.slice(i + 1)) {
      const crossOnly = a.records.some((x) => b.records.some((y) => unconfirmedCrossScript(x, y)));
      if (crossOnly && !a.records.some((x) => b.records.some((y) => conflict(x, y)))) pairs.push([keyA, keyB]);
    }
  });
  return pairs;
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

interface Seen { name?: string; patientId?: string; issuer?: string; birthDate?: string; source: FileIdentity['source']; item: string }

/** Who a file names: its DICOM header, or the labelled patient block of a PDF's text layer. */
function identityOf(file: FileEntry, dateOrder: DateOrder | undefined): Seen | undefined {
  if (file.family === 'dicom' && file.dicom) {
    const d = file.dicom;
    const seen: Seen = { name: d.patientName, patientId: d.patientId, birthDate: d.patientBirthDate, source: 'dicom-header', item: d.studyInstanceUid ?? file.path };
    if (d.issuerOfPatientId) seen.issuer = d.issuerOfPatientId;
    return seen;
  }
  if (file.family === 'pdf' && file.pdf?.text) return { ...readDocumentIdentity(file.pdf.text, dateOrder), source: file.textSource?.source === 'ocr' ? 'ocr-text' : 'pdf-text', item: file.path };
  // Photos and scanned TIFFs of documents: the text OCR read from them names the patient the same way.
  const ocrText = file.family === 'image' || file.family === 'tiff' ? readableTextOf(file) : undefined;
  if (ocrText) return { ...readDocumentIdentity(ocrText, dateOrder), source: 'ocr-text', item: file.path };
  return undefined;
}

function collectRecords(files: FileEntry[], dateOrder: DateOrder | undefined, sourceOf: Map<string, FileIdentity['source']>): Map<string, Record> {
  const records = new Map<string, Record>();
  // Every slice of a CD repeats its patient's name: normalising it (Unicode forms, kana, aliases) once per spelling, not once per file.
  const matchable = new Map<string, string | undefined>();
  const matchableOnce = (name: string): string | undefined => {
    if (!matchable.has(name)) matchable.set(name, matchableName(name));
    return matchable.get(name);
  };
  for (const file of files) {
    const seen = file.duplicateOf === undefined ? identityOf(file, dateOrder) : undefined;
    if (!seen) continue;
    // "Anonymized", "Demo^Patient", "^": no name to match on.
    const normalized = seen.name ? matchableOnce(seen.name) : undefined;
    const patientId = seen.patientId?.trim() || undefined;
    const issuer = patientId ? seen.issuer?.trim() || undefined : undefined;
    const birthDate = seen.birthDate;
    if (!normalized && !patientId) continue; // anonymous: nothing to compare
    const key = `${normalized ?? ''}|${patientId ?? ''}${issuer ? `@${issuer}` : ''}|${birthDate ?? ''}`;
    let record = records.get(key);
    if (!record) {
      record = { paths: [], items: new Set() };
      if (normalized) { record.normalized = normalized; record.name = seen.name; }
      if (patientId) record.patientId = patientId;
      if (issuer) record.issuer = issuer;
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
    const issuer = mostCommon(cluster.map((record) => (record.patientId === patientId ? record.issuer : undefined)), weights);
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
    if (patientId && issuer) identity.patientIdIssuer = issuer;
    if (birthDate) identity.birthDate = birthDate;
    return identity;
  });
  patients.sort((a, b) => b.fileCount - a.fileCount || a.key.localeCompare(b.key));
  return { patients, keyOf, sourceOf, clusters: byKey };
}
