import { lastSetting, overrideMatcher } from '../casefile/overrides.js';
import type { Attendant, CaseFile, Override } from '../casefile/schema.js';
import type { CasePatient, FileEntry, PatientIdentity } from '../model/scan.js';
import { readableTextOf } from '../model/scan-values.js';
import { matchableName } from './names.js';
import { conflict, idsDisagreeOrDiffer, samePerson, unconfirmedCrossScript, type IdentityRecord, type PatientGrouping } from './patients.js';

type Stated = NonNullable<CaseFile['patient']>;
type Person = Omit<IdentityRecord, 'paths' | 'items'>;

/** How one identity stands to the case's patient. */
export type Relation = 'same' | 'other' | 'unknown';

/**
 * By the grouping's own rules: a birth date or name that disagrees makes
 * another person, an agreeing name the same one (different hospital IDs
 * alone never split a person); with no names to compare, IDs decide; with
 * nothing to compare, it stays unknown and the file stays in.
 */
export function relation(patient: readonly Person[], identity: readonly Person[]): Relation {
  if (patient.some((a) => identity.some((b) => conflict(a, b)))) return 'other';
  if (patient.some((a) => identity.some((b) => samePerson(a, b)))) return 'same';
  // Names in two scripts with nothing to link or split them: a person confirms (PATIENT_NAME_UNCONFIRMED).
  if (patient.some((a) => identity.some((b) => unconfirmedCrossScript(a, b)))) return 'unknown';
  if (patient.some((a) => identity.some((b) => idsDisagreeOrDiffer(a, b)))) return 'other';
  return 'unknown';
}

export interface CaseIdentity {
  casePatient?: CasePatient;
  /** Keys of the identities that are another person than the case's patient. */
  others: Set<string>;
}

function statedPerson(stated: Stated): Person | undefined {
  const person: Person = {};
  const normalized = stated.name ? matchableName(stated.name) : undefined;
  if (normalized) { person.normalized = normalized; person.name = stated.name; }
  if (stated.id?.trim()) person.patientId = stated.id.trim();
  if (stated.birthDate) person.birthDate = stated.birthDate;
  return Object.keys(person).length ? person : undefined;
}

/**
 * The patient of the case: casepack.yaml's `patient` when it says who, else
 * the identity named by more than half of the items that name anyone (a
 * DICOM study counts once, so a stranger's 300-slice CT does not outvote the
 * patient's ten reports). With no majority nobody is assumed and nothing is
 * left out; PATIENT_MISMATCH asks who the patient is.
 */
export function decideCasePatient(grouping: PatientGrouping, stated: Stated | undefined): CaseIdentity {
  const given = stated ? statedPerson(stated) : undefined;
  const clusters = [...grouping.clusters.entries()];
  if (given) {
    const casePatient: CasePatient = { source: 'case-file', ...identityFields(given) };
    const others = new Set<string>();
    let best: { key: string; items: number } | undefined;
    for (const [key, cluster] of clusters) {
      const r = relation([given], cluster.records);
      if (r === 'other') others.add(key);
      if (r === 'same' && (!best || cluster.items > best.items)) best = { key, items: cluster.items };
    }
    if (best) casePatient.key = best.key;
    return { casePatient, others };
  }
  const ranked = clusters.sort((a, b) => b[1].items - a[1].items);
  const [first] = ranked;
  const total = ranked.reduce((n, [, c]) => n + c.items, 0);
  // A majority, not just the largest: a folder of many people's samples has no patient to assume.
  if (!first || first[1].items * 2 <= total) return { others: new Set() };
  const identity = grouping.patients.find((p) => p.key === first[0]);
  const casePatient: CasePatient = { source: 'assumed', key: first[0], ...identityFields(identity ?? {}) };
  const others = new Set(ranked.slice(1).filter(([, c]) => relation(first[1].records, c.records) === 'other').map(([key]) => key));
  return { casePatient, others };
}

function identityFields(p: Pick<PatientIdentity, 'name' | 'patientId' | 'birthDate' | 'patientIdIssuer'>): Omit<CasePatient, 'source' | 'key'> {
  const out: Omit<CasePatient, 'source' | 'key'> = {};
  if (p.name) out.name = p.name;
  if (p.patientId) out.patientId = p.patientId;
  if (p.patientId && p.patientIdIssuer) out.patientIdIssuer = p.patientIdIssuer;
  if (p.birthDate) out.birthDate = p.birthDate;
  return out;
}

/**
 * Record on each file whom it names, and mark another person's files: a
 * DICOM study as a whole (its other objects go with it), a PDF by itself.
 * An `include: true` override keeps them, with its reason; a study is kept
 * when the override covers any of its files.
 */
export function markIdentities(files: FileEntry[], grouping: PatientGrouping, decided: CaseIdentity, overrides: readonly Override[] = [], attendants: readonly Attendant[] = []): void {
  const otherStudies = new Map<string, string>();
  for (const file of files) {
    const key = grouping.keyOf.get(file.path);
    const source = grouping.sourceOf.get(file.path);
    if (!key || !source) continue;
    file.identity = { source, patientKey: key };
    if (!decided.others.has(key)) continue;
    file.identity.otherPerson = true;
    const study = file.dicom?.studyInstanceUid;
    if (study && !otherStudies.has(study)) otherStudies.set(study, key);
  }
  for (const file of files) {
    const study = file.dicom?.studyInstanceUid;
    const key = study ? otherStudies.get(study) : undefined;
    if (!key || file.identity?.otherPerson) continue;
    file.identity = { source: 'dicom-header', patientKey: key, otherPerson: true, viaStudy: true };
  }
  markStatedOthers(files, overrides);
  keepOnPurpose(files, overrides);
  keepAttendantPassports(files, grouping, attendants);
}

/**
 * `otherPerson: true` in casepack.yaml: a person knows the file is someone
 * else's although nothing in it conflicts (a photo with no readable name, a
 * relative's letter). It is marked like a detected one, so it leaves the
 * packet, the checklist and the letters by the same path; a DICOM file takes
 * its study with it. What the file itself names is kept in the identity.
 */
function markStatedOthers(files: FileEntry[], overrides: readonly Override[]): void {
  if (!overrides.some((o) => o.otherPerson !== undefined)) return;
  const matcher = overrideMatcher(overrides);
  const stated = (file: FileEntry): boolean => lastSetting(matcher.matching(file.path), 'otherPerson')?.value === true;
  const mark = (file: FileEntry, viaStudy: boolean): void => {
    if (file.identity?.otherPerson) return;
    file.identity = file.identity ? { ...file.identity, otherPerson: true, stated: true } : { source: 'case-file', patientKey: '', otherPerson: true, stated: true };
    if (viaStudy) file.identity.viaStudy = true;
  };
  const studies = new Set<string>();
  for (const file of files) {
    if (!stated(file)) continue;
    mark(file, false);
    if (file.dicom?.studyInstanceUid) studies.add(file.dicom.studyInstanceUid);
  }
  for (const file of files) if (file.dicom?.studyInstanceUid && studies.has(file.dicom.studyInstanceUid)) mark(file, true);
}

/** Words and the machine-readable zone (`P<GBR…`) that make a page a passport. */
const PASSPORT = /\b(?:passport|passeport|pasaporte|passaporto|reisepass|paspoort)\b|\bP<[A-Z<]{3}/i;

/**
 * A passport copy naming someone casepack.yaml lists as travelling with the
 * patient is that attendant's passport, asked for by the checklist: it
 * belongs to the case, not to "another person". Only a passport: an
 * attendant's other papers stay out. The reason names no one (the manifest
 * travels in the packet).
 */
function keepAttendantPassports(files: FileEntry[], grouping: PatientGrouping, attendants: readonly Attendant[]): void {
  const people = attendants.flatMap((a) => statedPerson({ name: a.name }) ?? []);
  if (people.length === 0) return;
  for (const file of files) {
    const identity = file.identity;
    // A person who said the file is another person's has answered; a passport is no reason to keep it.
    if (!identity?.otherPerson || identity.stated || identity.keptOnPurpose !== undefined || file.dicom) continue;
    const records = grouping.clusters.get(identity.patientKey)?.records ?? [];
    if (!PASSPORT.test(readableTextOf(file) ?? '')) continue;
    if (people.some((person) => relation([person], records) === 'same')) identity.keptOnPurpose = 'passport copy of a person travelling with the patient (attendants: in casepack.yaml)';
  }
}

function keepOnPurpose(files: FileEntry[], overrides: readonly Override[]): void {
  if (!overrides.some((o) => o.include === true)) return;
  const matcher = overrideMatcher(overrides);
  // The last entry that says `include` wins, as for every field: an exact path's `include: false` takes back a folder's `true`.
  const reasonOf = (file: FileEntry): string | undefined => {
    const include = lastSetting(matcher.matching(file.path), 'include');
    return include?.value === true ? (include.override.reason?.trim() || 'kept on purpose in casepack.yaml') : undefined;
  };
  const keptStudies = new Map<string, string>();
  for (const file of files) {
    const reason = file.identity?.otherPerson ? reasonOf(file) : undefined;
    if (reason === undefined || !file.identity) continue;
    file.identity.keptOnPurpose = reason;
    if (file.dicom?.studyInstanceUid) keptStudies.set(file.dicom.studyInstanceUid, reason);
  }
  for (const file of files) {
    const reason = file.dicom?.studyInstanceUid ? keptStudies.get(file.dicom.studyInstanceUid) : undefined;
    if (reason !== undefined && file.identity?.otherPerson && file.identity.keptOnPurpose === undefined) file.identity.keptOnPurpose = reason;
  }
}
