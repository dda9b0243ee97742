import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkForPacket } from '../../src/check/packet-view.js';
import type { CheckResult } from '../../src/model/check.js';
import { belongsToAnotherPerson } from '../../src/model/scan.js';
import { checkCaseFolder } from '../../src/pipeline/check.js';
import { planPacket } from '../../src/plan/plan.js';
import { applyReviewChange } from '../../src/review/casefile-edit.js';
import { writeDicom, type DicomWriteOptions } from '../../tools/synth/dicom-writer.js';
import { makeReportPdf } from '../../tools/synth/report-pdf.js';
import { ScanBuilder } from '../support/scan-builder.js';
import { makeTempDir } from '../support/tree.js';

/**
 * What the review page writes is what scan, check and build do: a generated
 * case, corrected only through applyReviewChange, then checked and planned by
 * the library. Nothing in these files conflicts with the patient, so only the
 * person's word (`otherPerson: true`) can take them out.
 */

const JOHN: DicomWriteOptions = { patientName: 'DOE^JOHN', patientId: 'H-1001', patientBirthDate: '19600101' };
const ANONYMOUS: DicomWriteOptions = { patientName: '', patientId: '' };

function ct(person: DicomWriteOptions, study: string, n: number): Buffer {
  return writeDicom({ ...person, modality: 'CT', studyDate: '20250910', studyDescription: 'CT ABDOMEN', studyInstanceUid: study, seriesInstanceUid: `${study}.1`, sopInstanceUid: `${study}.1.${n}`, instanceNumber: n, rows: 4, columns: 4, pixelData: { length: 32 } });
}

const report = (title: string, fields: [string, string][], text: string): Promise<Uint8Array> =>
  makeReportPdf({ title, letterhead: { institution: 'General Hospital' }, fields, sections: [{ heading: 'Findings', blocks: [text] }] });

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  await mkdir(path.join(dir, 'CD'), { recursive: true });
  await mkdir(path.join(dir, 'CD2'), { recursive: true });
  await mkdir(path.join(dir, 'letters'), { recursive: true });
  for (let i = 1; i <= 2; i++) await writeFile(path.join(dir, 'CD', `IM${i}`), ct(JOHN, '1.2.826.0.1.3680043.10.1', i));
  for (let i = 1; i <= 2; i++) await writeFile(path.join(dir, 'CD2', `IM${i}`), ct(ANONYMOUS, '1.2.826.0.1.3680043.10.2', i));
  await writeFile(path.join(dir, 'pathology.pdf'), await report('Surgical Pathology Report',
    [['Patient Name', 'Doe, John'], ['DOB', '01 Jan 1960'], ['Date of procedure', '2025-09-12']], 'Ductal adenocarcinoma of the pancreatic head.'));
  await writeFile(path.join(dir, 'ct-report.pdf'), await report('CT Abdomen Report',
    [['Patient', 'John Doe'], ['Date of Birth', '1960-01-01'], ['Date of examination', '2025-09-10']], 'A 3 cm mass in the pancreatic head.'));
  // Names nobody: casepack cannot tell it is an aunt's letter; the family can.
  await writeFile(path.join(dir, 'letters', 'aunt.pdf'), await report('Clinic Letter', [['Date of clinic', '2025-08-01']], 'Follow-up of the thyroid nodule: stable.'));
  // Hand-written: an exact entry, then a glob over every PDF that a later entry would win over.
  await writeFile(path.join(dir, 'casepack.yaml'), [
    '# John\'s case',
    'patient:',
    '  name: John Doe',
    '  birthDate: 1960-01-01',
    'overrides:',
    '  - path: pathology.pdf   # the lab\'s report',
    '    category: other',
    '  - path: "*.pdf"',
    '    category: lab-results',
    '',
  ].join('\n'));
}, 120_000);
afterAll(async () => { await cleanup(); });

async function checkAndPlan() {
  const { scan, check } = await checkCaseFolder(dir, { asOf: '2025-11-01' });
  const plan = planPacket(scan, check);
  const planned = new Set(plan.entries.flatMap((e) => (e.kind === 'copy' ? [e.source] : e.kind === 'merged-pdf' ? e.sources.map((s) => s.source) : [])));
  const leftOut = new Map(plan.leftOut.map((l) => [l.source, l]));
  return { scan, plan, planned, leftOut };
}

describe('corrections from the review page, as scan, check and plan see them', () => {
  it('another person\'s file, said only on the page, is out of the packet plan and listed as another person\'s', async () => {
    await applyReviewChange(dir, { kind: 'other-person', path: 'letters/aunt.pdf', value: true });
    await applyReviewChange(dir, { kind: 'other-person', path: 'CD2/IM1', value: true });
    const { scan, planned, leftOut } = await checkAndPlan();

    expect(leftOut.get('letters/aunt.pdf')).toMatchObject({ reason: 'other-person', detail: 'belongs to another person (casepack.yaml says so)' });
    // A DICOM file takes its whole study with it, as a detected one does.
    expect(leftOut.get('CD2/IM1')).toMatchObject({ reason: 'other-person' });
    expect(leftOut.get('CD2/IM2')).toMatchObject({ reason: 'other-person', detail: expect.stringMatching(/imaging study/) });
    for (const source of ['letters/aunt.pdf', 'CD2/IM1', 'CD2/IM2']) expect(planned.has(source)).toBe(false);
    expect(planned.has('pathology.pdf')).toBe(true);
    expect(planned.has('CD/IM1')).toBe(true);
    const aunt = scan.files.find((f) => f.path === 'letters/aunt.pdf');
    expect(aunt?.identity).toMatchObject({ source: 'case-file', otherPerson: true, stated: true });
    expect(belongsToAnotherPerson(aunt ?? {})).toBe(true);
    // Nothing in the files conflicts: the person's word is no "files name more than one patient" error.
    expect(scan.findings.map((f) => f.code)).not.toContain('PATIENT_MISMATCH');
    // casepack's own files are not case documents.
    expect(scan.files.map((f) => f.path)).not.toContain('casepack.yaml.bak');
  }, 120_000);

  it('a category set on the page wins over a later glob; keep anyway and taking back put files back in the plan', async () => {
    await applyReviewChange(dir, { kind: 'category', path: 'pathology.pdf', category: 'pathology-report' });
    await applyReviewChange(dir, { kind: 'keep-anyway', path: 'letters/aunt.pdf', value: true, reason: 'her letter, asked for by the team' });
    await applyReviewChange(dir, { kind: 'other-person', path: 'CD2/IM1', value: false });
    const { scan, planned, leftOut } = await checkAndPlan();

    const category = (p: string): string | undefined => scan.files.find((f) => f.path === p)?.classification?.category;
    expect(category('pathology.pdf')).toBe('pathology-report');
    expect(category('ct-report.pdf')).toBe('lab-results');
    expect(planned.has('letters/aunt.pdf')).toBe(true);
    expect(scan.files.find((f) => f.path === 'letters/aunt.pdf')?.identity?.keptOnPurpose).toBe('her letter, asked for by the team');
    expect(leftOut.has('CD2/IM1')).toBe(false);
    expect(planned.has('CD2/IM1')).toBe(true);
  }, 120_000);
});

describe('the packet\'s own checklist report, with a file the person called another\'s', () => {
  it('still names the case\'s patient when that file names the patient; a detected stranger is withheld', () => {
    const scan = new ScanBuilder().doc('mum.pdf', 'pathology-report').doc('aunt.pdf', 'lab-results').doc('stranger.pdf', 'lab-results').build();
    scan.patients = [
      { key: 'doe^john||', name: 'DOE^JOHN', sources: ['mum.pdf', 'aunt.pdf'], fileCount: 2 },
      { key: 'smith^jane||', name: 'SMITH^JANE', sources: ['stranger.pdf'], fileCount: 1 },
    ];
    scan.casePatient = { source: 'case-file', key: 'doe^john||', name: 'DOE^JOHN' };
    const [mum, aunt, stranger] = scan.files;
    if (!mum || !aunt || !stranger) throw new Error('scan builder gave fewer files');
    mum.identity = { source: 'pdf-text', patientKey: 'doe^john||' };
    aunt.identity = { source: 'pdf-text', patientKey: 'doe^john||', otherPerson: true, stated: true };
    stranger.identity = { source: 'pdf-text', patientKey: 'smith^jane||', otherPerson: true };
    const check = { findings: [{ code: 'DATE_AMBIGUOUS', severity: 'warning', message: 'DOE^JOHN and SMITH^JANE', paths: [] }] } as unknown as CheckResult;
    expect(checkForPacket(check, scan).findings[0]?.message).toBe('DOE^JOHN and another person');
  });
});
