import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseFile } from '../../src/casefile/schema.js';
import { groupCase } from '../../src/group/index.js';
import { namesCompatible, normalizeName } from '../../src/group/names.js';
import type { FileEntry } from '../../src/model/scan.js';
import { probeFile } from '../../src/probe/index.js';
import { writeDicom, type DicomWriteOptions } from '../../tools/synth/dicom-writer.js';
import { hashTree, makeTempDir } from '../support/tree.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
afterEach(async () => cleanup());

/** Write files into the temp case, probe them, and group: the real pipeline minus the walk. */
async function scanFiles(files: Record<string, Buffer>, caseFile?: CaseFile) {
  const entries: FileEntry[] = [];
  for (const [rel, bytes] of Object.entries(files)) {
    const absPath = path.join(dir, rel);
    await mkdir(path.dirname(absPath), { recursive: true });
    await writeFile(absPath, bytes);
  }
  const before = await hashTree(dir);
  for (const rel of Object.keys(files).sort()) {
    const size = files[rel]?.length ?? 0;
    const { findings: _f, ...meta } = await probeFile({ relPath: rel, absPath: path.join(dir, rel), size });
    entries.push({ path: rel, size, mtimeMs: 0, ...meta });
  }
  const result = await groupCase(entries, { absPathOf: (rel) => path.join(dir, rel), ...(caseFile ? { caseFile } : {}) });
  expect(await hashTree(dir)).toBe(before);
  return { result, entries };
}

const PATIENT = { patientName: 'DOE^JOHN', patientId: 'MRN1', patientBirthDate: '19600101' };

function slice(study: string, series: string, n: number, extra: DicomWriteOptions = {}): Buffer {
  return writeDicom({ ...PATIENT, studyInstanceUid: study, seriesInstanceUid: series, sopInstanceUid: `${series}.${n}`, instanceNumber: n, rows: 4, columns: 4, pixelData: { length: 32 }, ...extra });
}

describe('names', () => {
  it('normalises DICOM and everyday spellings of one name to one form', () => {
    const forms = ['DOE^JOHN', 'John Doe', 'DOE^JOHN^^^', 'Doe, John', 'doe^john'];
    expect(new Set(forms.map(normalizeName))).toEqual(new Set(['DOE JOHN']));
    expect(normalizeName('Müller^Jürgen')).toBe(normalizeName('MULLER^JURGEN'));
  });

  it('accepts an extra middle name but not a lone shared word', () => {
    expect(namesCompatible(normalizeName('DOE^JOHN^A'), normalizeName('DOE^JOHN'))).toBe(true);
    expect(namesCompatible(normalizeName('JOHN'), normalizeName('DOE^JOHN'))).toBe(false);
    expect(namesCompatible(normalizeName('SMITH^JANE'), normalizeName('DOE^JOHN'))).toBe(false);
  });
});

describe('groupCase', () => {
  it('groups by UID, not by folder or series number, and dates studies from the best tag', async () => {
    const { result } = await scanFiles({
      // Two studies, both with "series 1", spread across folders that mean nothing.
      'CD1/A/IM1': slice('1.9.1', '1.9.1.1', 1, { modality: 'CT', seriesNumber: 1, seriesDescription: 'AX', studyDate: '20250301', studyDescription: 'CT CHEST', institution: 'General' }),
      'CD2/B/IM2': slice('1.9.1', '1.9.1.1', 2, { modality: 'CT', seriesNumber: 1, seriesDescription: 'AX', studyDate: '20250301' }),
      'CD1/A/IM3': slice('1.9.1', '1.9.1.2', 1, { modality: 'CT', seriesNumber: 2, seriesDescription: 'COR', studyDate: '20250301', transferSyntax: 'implicit-le' }),
      'CD1/A/IM4': slice('1.9.2', '1.9.2.1', 1, { modality: 'PT', seriesNumber: 1, seriesDate: '20240115' }),
      'CD1/A/IM5': slice('1.9.2', '1.9.2.9', 1, { modality: 'CT', seriesNumber: 1, acquisitionDate: '20240116' }),
    });
    expect(result.findings).toEqual([]);
    expect(result.studies.map((s) => [s.studyInstanceUid, s.date, s.instances, s.modalities])).toEqual([
      ['1.9.2', '2024-01-15', 2, ['CT', 'PT']],
      ['1.9.1', '2025-03-01', 3, ['CT']],
    ]);
    const ct = result.studies[1];
    expect(ct).toMatchObject({ description: 'CT CHEST', institution: 'General', patientKey: result.patients[0]?.key });
    expect(ct?.series.map((s) => [s.seriesInstanceUid, s.seriesNumber, s.description, s.instances, s.paths])).toEqual([
      ['1.9.1.1', 1, 'AX', 2, ['CD1/A/IM1', 'CD2/B/IM2']],
      ['1.9.1.2', 2, 'COR', 1, ['CD1/A/IM3']],
    ]);
    expect(ct?.series[1]?.transferSyntaxes).toEqual(['1.2.840.10008.1.2']);
    expect(ct?.series[0]?.kinds).toEqual(['image']);
    expect(result.studies[0]?.series.find((s) => s.modality === 'CT')?.date).toBe('2024-01-16');
  });

  it('marks a second copy of the same SOP instance and counts it once', async () => {
    const bytes = slice('1.8.1', '1.8.1.1', 1);
    const { result, entries } = await scanFiles({ 'a/IM1': bytes, 'b/IM1': bytes, 'b/IM2': slice('1.8.1', '1.8.1.1', 2) });
    expect(result.duplicates).toEqual([{ kind: 'sop-instance-uid', paths: ['a/IM1', 'b/IM1'] }]);
    expect(entries.find((e) => e.path === 'b/IM1')?.duplicateOf).toBe('a/IM1');
    expect(entries.find((e) => e.path === 'a/IM1')?.duplicateOf).toBeUndefined();
    expect(result.studies[0]?.instances).toBe(2);
    expect(result.findings.map((f) => f.code)).toEqual(['DICOM_DUPLICATE_INSTANCE']);
  });

  it('finds identical non-DICOM files by content, also when only the middle differs', async () => {
    const big = Buffer.alloc(400_000, 0x41);
    const bigOther = Buffer.from(big);
    bigOther[200_000] = 0x42; // same size, same head and tail: only a full hash tells them apart
    const { result, entries } = await scanFiles({
      'report.pdf': Buffer.from('%PDF-1.4 report A'),
      'copy of report.pdf': Buffer.from('%PDF-1.4 report A'),
      'other.pdf': Buffer.from('%PDF-1.4 report B'), // same size, different bytes
      'scan1.bin': big,
      'scan2.bin': Buffer.from(big),
      'scan3.bin': bigOther,
    });
    expect(result.duplicates).toEqual([
      { kind: 'content', paths: ['copy of report.pdf', 'report.pdf'] },
      { kind: 'content', paths: ['scan1.bin', 'scan2.bin'] },
    ]);
    expect(entries.find((e) => e.path === 'report.pdf')?.duplicateOf).toBe('copy of report.pdf');
    expect(entries.find((e) => e.path === 'scan3.bin')?.duplicateOf).toBeUndefined();
    const dup = result.findings.find((f) => f.code === 'DUPLICATE_FILE');
    expect(dup?.details).toMatchObject({ groups: 2, copies: 2 });
  });

  it('treats one person written differently (and with two hospital IDs) as one patient', async () => {
    const { result } = await scanFiles({
      IM1: slice('1.7.1', '1.7.1.1', 1, { patientName: 'DOE^JOHN', patientId: 'H1-001' }),
      IM2: slice('1.7.1', '1.7.1.1', 2, { patientName: 'John Doe', patientId: 'H1-001' }),
      IM3: slice('1.7.2', '1.7.2.1', 1, { patientName: 'DOE^JOHN^^^', patientId: 'OTHER-HOSP-77' }),
      IM4: slice('1.7.3', '1.7.3.1', 1, { patientName: undefined, patientId: 'H1-001', patientBirthDate: undefined }),
    });
    expect(result.findings).toEqual([]);
    expect(result.patients).toHaveLength(1);
    expect(result.patients[0]).toMatchObject({ fileCount: 4, birthDate: '1960-01-01', patientId: 'H1-001' });
  });

  it('does not let a name-less record join two differently named people who share an ID', async () => {
    const { result } = await scanFiles({
      IM1: slice('1.5.1', '1.5.1.1', 1, { patientName: 'DOE^JOHN', patientId: '12345', patientBirthDate: undefined }),
      IM2: slice('1.5.1', '1.5.1.1', 2, { patientName: undefined, patientId: '12345', patientBirthDate: undefined }),
      IM3: slice('1.5.2', '1.5.2.1', 1, { patientName: 'SMITH^JANE', patientId: '12345', patientBirthDate: undefined }),
    });
    expect(result.patients.map((p) => p.name).sort()).toEqual(['DOE^JOHN', 'SMITH^JANE']);
    expect(result.findings.map((f) => f.code)).toEqual(['PATIENT_MISMATCH']);
  });

  it('flags a stranger\'s images with PATIENT_MISMATCH naming who appears where', async () => {
    const files: Record<string, Buffer> = {};
    for (let i = 1; i <= 5; i++) files[`CD/IM${i}`] = slice('1.6.1', '1.6.1.1', i);
    files['CD/IM9'] = slice('1.6.2', '1.6.2.1', 1, { patientName: 'SMITH^JANE', patientId: 'MRN9', patientBirthDate: '19700505' });
    // Same name, different birth date: a different person.
    files['CD/IM10'] = slice('1.6.3', '1.6.3.1', 1, { patientBirthDate: '19990909' });
    const { result } = await scanFiles(files);
    expect(result.patients.map((p) => [p.name, p.fileCount])).toEqual([['DOE^JOHN', 5], ['DOE^JOHN', 1], ['SMITH^JANE', 1]]);
    const mismatch = result.findings.find((f) => f.code === 'PATIENT_MISMATCH');
    expect(mismatch?.message).toContain('3 different patients');
    // Issue 12: names are shown as people read them (Given Family), not as the PN is stored.
    expect(mismatch?.message).toContain('JANE SMITH');
    expect(mismatch?.message).toContain('5 files');
    expect(mismatch?.paths).toEqual(expect.arrayContaining(['CD/IM9', 'CD/IM10']));
  });
});

describe('the case\'s patient', () => {
  const stranger = { patientName: 'SMITH^JANE', patientId: 'MRN9', patientBirthDate: '19700505' };

  it('assumes the identity most items name and marks the stranger\'s whole study, the name-less object in it too', async () => {
    const files: Record<string, Buffer> = {};
    for (let i = 1; i <= 3; i++) files[`CD/IM${i}`] = slice('1.8.1', '1.8.1.1', i);
    files['CD/IM4'] = slice('1.8.2', '1.8.2.1', 1);
    files['X/IM1'] = slice('1.8.9', '1.8.9.1', 1, stranger);
    files['X/IM2'] = slice('1.8.9', '1.8.9.1', 2, { patientName: undefined, patientId: undefined, patientBirthDate: undefined });
    const { result, entries } = await scanFiles(files);
    expect(result.casePatient).toMatchObject({ source: 'assumed', name: 'DOE^JOHN', birthDate: '1960-01-01' });
    const other = entries.filter((f) => f.identity?.otherPerson).map((f) => [f.path, f.identity?.viaStudy ?? false]);
    expect(other).toEqual([['X/IM1', false], ['X/IM2', true]]);
    expect(entries.find((f) => f.path === 'CD/IM1')?.identity).toEqual({ source: 'dicom-header', patientKey: result.casePatient?.key });
    const mismatch = result.findings.find((f) => f.code === 'PATIENT_MISMATCH');
    expect(mismatch?.severity).toBe('error');
    expect(mismatch?.message).toContain('assumed: named by most of the documents and studies');
    expect(mismatch?.message).toContain('2 file(s) of another person are left out');
  });

  it('takes casepack.yaml\'s patient over the majority, and an include override keeps a stranger\'s study with its reason', async () => {
    const files: Record<string, Buffer> = {};
    for (let i = 1; i <= 3; i++) files[`X/IM${i}`] = slice('1.9.9', '1.9.9.1', i, stranger);
    files['CD/IM1'] = slice('1.9.1', '1.9.1.1', 1);
    const { result, entries } = await scanFiles(files, {
      patient: { name: 'John Doe', birthDate: '1960-01-01' },
      overrides: [{ path: 'X/IM1', include: true, reason: 'the donor\'s scan, asked for by the team' }],
    });
    expect(result.casePatient).toMatchObject({ source: 'case-file', name: 'John Doe', key: 'DOE JOHN|MRN1|1960-01-01' });
    expect(entries.filter((f) => f.identity?.otherPerson).map((f) => [f.path, f.identity?.keptOnPurpose])).toEqual([
      ['X/IM1', 'the donor\'s scan, asked for by the team'], ['X/IM2', 'the donor\'s scan, asked for by the team'], ['X/IM3', 'the donor\'s scan, asked for by the team'],
    ]);
  });

  it('leaves nothing out when no identity has a majority', async () => {
    const { result, entries } = await scanFiles({ A: slice('1.10.1', '1.10.1.1', 1), B: slice('1.10.2', '1.10.2.1', 1, stranger) });
    expect(result.casePatient).toBeUndefined();
    expect(entries.some((f) => f.identity?.otherPerson)).toBe(false);
    expect(result.findings.find((f) => f.code === 'PATIENT_MISMATCH')?.message).toContain('say who the patient is in casepack.yaml');
  });

  it('raises PATIENT_MISMATCH when casepack.yaml names someone the files do not', async () => {
    const { result, entries } = await scanFiles({ A: slice('1.11.1', '1.11.1.1', 1) }, { patient: { name: 'Jane Smith' } });
    expect(entries[0]?.identity?.otherPerson).toBe(true);
    expect(result.findings.map((f) => f.code)).toEqual(['PATIENT_MISMATCH']);
  });
});

describe('IDs with their issuer, placeholder names, names in two scripts', () => {
  const ISSUER = 0x00100021;
  const issued = (issuer: string): DicomWriteOptions => ({ extraElements: [{ tag: ISSUER, vr: 'LO', value: issuer }] });

  it('reads IssuerOfPatientID and names it in the PATIENT_MISMATCH explanation', async () => {
    const { result, entries } = await scanFiles({
      'a/IM1': slice('1.20.1', '1.20.1.1', 1, issued('HOSP_A')),
      'b/IM1': slice('1.20.2', '1.20.2.1', 1, { ...issued('HOSP_A'), patientName: 'ROE^JANE', patientId: '12345', patientBirthDate: '19700101' }),
    });
    expect(entries[0]?.dicom?.issuerOfPatientId).toBe('HOSP_A');
    const mismatch = result.findings.find((f) => f.code === 'PATIENT_MISMATCH');
    expect(mismatch?.message).toContain('ID 12345 (issuer HOSP_A)');
  });

  it('a different ID from the same issuer outweighs a matching name; from another issuer it is no disagreement', async () => {
    const sameIssuer = await scanFiles({
      'a/IM1': slice('1.21.1', '1.21.1.1', 1, issued('HOSP_A')),
      'b/IM1': slice('1.21.2', '1.21.2.1', 1, { ...issued('HOSP_A'), patientId: 'MRN2', patientBirthDate: '' }),
    });
    expect(sameIssuer.result.patients).toHaveLength(2);
    expect(sameIssuer.result.findings.map((f) => f.code)).toContain('PATIENT_MISMATCH');

    const otherIssuer = await scanFiles({
      'c/IM1': slice('1.22.1', '1.22.1.1', 1, issued('HOSP_A')),
      'd/IM1': slice('1.22.2', '1.22.2.1', 1, { ...issued('HOSP_B'), patientId: 'MRN2' }),
      'e/IM1': slice('1.22.3', '1.22.3.1', 1, { patientId: 'MRN3' }),
    });
    expect(otherIssuer.result.patients).toHaveLength(1);
    expect(otherIssuer.result.findings.map((f) => f.code)).not.toContain('PATIENT_MISMATCH');
  });

  it('an ID only matches an ID from the same issuer (or an unknown one)', async () => {
    // No names to compare: the numbers decide, and MRN1 at HOSP_B is not MRN1 at HOSP_A.
    const nameless = { patientName: '', patientBirthDate: '' };
    const { result } = await scanFiles({
      'a/IM1': slice('1.23.1', '1.23.1.1', 1, { ...nameless, ...issued('HOSP_A') }),
      'b/IM1': slice('1.23.2', '1.23.2.1', 1, { ...nameless, ...issued('HOSP_B') }),
    });
    expect(result.patients).toHaveLength(2);
    const unknownIssuer = await scanFiles({
      'c/IM1': slice('1.23.3', '1.23.3.1', 1, { ...nameless, ...issued('HOSP_A') }),
      'd/IM1': slice('1.23.4', '1.23.4.1', 1, { ...nameless }),
    });
    expect(unknownIssuer.result.patients).toHaveLength(1);
  });

  it.each(['Anonymized', 'ANONYMOUS', 'Patient^Test', 'Test', '^', 'UNKNOWN', 'NONE'])('placeholder name %s never counts as a name', async (placeholder) => {
    const { result } = await scanFiles({
      'a/IM1': slice('1.24.1', '1.24.1.1', 1),
      'b/IM1': slice('1.24.2', '1.24.2.1', 1, { patientName: placeholder }),
    });
    // Same ID and birth date, no real name on one side: one person, no mismatch over "Anonymized" vs "DOE^JOHN".
    expect(result.patients).toHaveLength(1);
    expect(result.patients[0]?.name).toBe('DOE^JOHN');
    expect(result.findings.map((f) => f.code)).not.toContain('PATIENT_MISMATCH');
  });

  it('names in two scripts only do not merge on name alone: a finding asks a person to confirm', async () => {
    const { result, entries } = await scanFiles({
      'a/IM1': slice('1.25.1', '1.25.1.1', 1, { patientName: 'YAMADA^TAROU', patientId: 'JP-1', patientBirthDate: '' }),
      'b/IM1': slice('1.25.2', '1.25.2.1', 1, { specificCharacterSet: 'ISO_IR 192', patientName: '=山田^太郎', patientId: 'H-77', patientBirthDate: '' }),
    });
    expect(result.patients).toHaveLength(2);
    const codes = result.findings.map((f) => f.code);
    expect(codes).toContain('PATIENT_NAME_UNCONFIRMED');
    expect(codes).not.toContain('PATIENT_MISMATCH');
    expect(entries.some((e) => e.identity?.otherPerson)).toBe(false);

    const linked = await scanFiles({
      'c/IM1': slice('1.26.1', '1.26.1.1', 1, { patientName: 'YAMADA^TAROU', patientId: 'JP-1' }),
      'd/IM1': slice('1.26.2', '1.26.2.1', 1, { specificCharacterSet: 'ISO_IR 192', patientName: '=山田^太郎', patientId: 'H-77' }),
    });
    // The same birth date links them.
    expect(linked.result.patients).toHaveLength(1);
    expect(linked.result.findings.map((f) => f.code)).toEqual([]);
  });
});
