import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanResultSchema, type ScanResult } from '../../src/model/scan.js';
import { writeDicom, uidFor } from '../../tools/synth/dicom-writer.js';
import { makeReportPdf, makeScannedPdf } from '../../tools/synth/report-pdf.js';
import { writeTiff, aperioIfds } from '../../tools/synth/tiff-writer.js';
import { writeJpeg } from '../../tools/synth/image-writer.js';
import { hashTree, makeTempDir } from '../support/tree.js';

const BIN = path.resolve(import.meta.dirname, '../../bin/casepack');

function runCli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A case as it arrives: a CD copy with extensionless DICOM, a stranger's scan, WhatsApp downloads, junk. */
async function makeMessyCase(root: string): Promise<void> {
  const study = uidFor('e2e-study');
  const series = uidFor('e2e-series');
  await mkdir(path.join(root, 'CD', 'DICOM', 'ST000000', 'SE000000'), { recursive: true });
  for (let i = 1; i <= 3; i++) {
    await writeFile(path.join(root, 'CD', 'DICOM', 'ST000000', 'SE000000', `IM00000${i}`), writeDicom({
      modality: 'CT', studyInstanceUid: study, seriesInstanceUid: series, sopInstanceUid: uidFor(`e2e-ct-${i}`),
      studyDate: '20250905', studyDescription: 'CT CHEST ABDOMEN PELVIS', seriesDescription: 'AXIAL 5MM', seriesNumber: 2, instanceNumber: i,
      patientName: 'TEST^ALICE', patientId: 'P-001', patientBirthDate: '19700101', rows: 8, columns: 8, pixelData: { length: 128 },
    }));
  }
  // The same slice copied twice (a second CD copy).
  await writeFile(path.join(root, 'CD', 'copy-of-IM000001'), writeDicom({
    modality: 'CT', studyInstanceUid: study, seriesInstanceUid: series, sopInstanceUid: uidFor('e2e-ct-1'),
    studyDate: '20250905', studyDescription: 'CT CHEST ABDOMEN PELVIS', seriesDescription: 'AXIAL 5MM', seriesNumber: 2, instanceNumber: 1,
    patientName: 'TEST^ALICE', patientId: 'P-001', patientBirthDate: '19700101', rows: 8, columns: 8, pixelData: { length: 128 },
  }));
  // Somebody else's scan on the same CD.
  await writeFile(path.join(root, 'CD', 'stranger.dcm'), writeDicom({
    modality: 'MR', studyInstanceUid: uidFor('other-study'), seriesInstanceUid: uidFor('other-series'), sopInstanceUid: uidFor('other-sop'),
    studyDate: '20240101', patientName: 'OTHER^BOB', patientId: 'X-999', rows: 8, columns: 8, pixelData: { length: 128 },
  }));
  await writeFile(path.join(root, 'path report.pdf'), await makeReportPdf({
    title: 'Surgical Pathology Report',
    fields: [['Patient', 'Alice Test'], ['Date of procedure', '12 Sep 2025']],
    sections: [{ heading: 'Diagnosis', blocks: ['Invasive ductal carcinoma, grade 2.'] }],
  }));
  await writeFile(path.join(root, 'scan0001.pdf'), await makeScannedPdf());
  await writeFile(path.join(root, 'slide.svs'), writeTiff({ ifds: aperioIfds({ width: 480, height: 480, levels: 1 }) }));
  await writeFile(path.join(root, 'IMG-20251003-WA0007.jpg'), writeJpeg({ width: 32, height: 24 }));
  await writeFile(path.join(root, 'empty.pdf'), '');
  await writeFile(path.join(root, '.DS_Store'), 'junk');
  await writeFile(path.join(root, 'notes.txt'), 'Call oncology on Monday.\n');
}

describe('casepack scan end to end', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  let before: string;
  let scan: ScanResult;
  let jsonRun: ReturnType<typeof runCli>;

  beforeAll(async () => {
    ({ dir: root, cleanup } = await makeTempDir());
    await makeMessyCase(root);
    before = await hashTree(root);
    jsonRun = runCli(['scan', root, '--json']);
    scan = ScanResultSchema.parse(JSON.parse(jsonRun.stdout));
  });
  afterAll(async () => cleanup());

  it('exits 1 (its PATIENT_MISMATCH is an error finding, as in check) and prints JSON that the schema accepts', () => {
    expect(jsonRun.status, jsonRun.stderr).toBe(1);
    expect(scan.schemaVersion).toBe(1);
    expect(scan.summary.skippedJunk).toBe(1);
  });

  it('recognises every file by content, extension or not', () => {
    const family = Object.fromEntries(scan.files.map((f) => [f.path, f.family]));
    expect(family).toMatchObject({
      'CD/DICOM/ST000000/SE000000/IM000001': 'dicom',
      'CD/copy-of-IM000001': 'dicom',
      'CD/stranger.dcm': 'dicom',
      'path report.pdf': 'pdf',
      'scan0001.pdf': 'pdf',
      'slide.svs': 'slide',
      'IMG-20251003-WA0007.jpg': 'image',
      'empty.pdf': 'empty',
      'notes.txt': 'text',
    });
    expect(scan.files.find((f) => f.path === 'slide.svs')?.slide?.vendor).toBe('aperio');
    expect(scan.files.find((f) => f.path === 'scan0001.pdf')?.pdf?.hasText).toBe(false);
  });

  it('groups DICOM by UID and catches the duplicate and the stranger', () => {
    const ct = scan.dicom.studies.find((s) => s.modalities.includes('CT'));
    expect(ct?.date).toBe('2025-09-05');
    expect(ct?.series).toHaveLength(1);
    const codes = scan.findings.map((f) => f.code);
    expect(codes).toContain('PATIENT_MISMATCH');
    expect(codes).toContain('DICOM_DUPLICATE_INSTANCE');
    expect(codes).toContain('FILE_EMPTY');
    expect(scan.patients.length).toBe(2);
  });

  it('keeps extracted document text out of --json unless asked', () => {
    expect(jsonRun.stdout).not.toContain('Invasive ductal carcinoma');
    const withText = runCli(['scan', root, '--json', '--include-text']);
    expect(withText.stdout).toContain('Invasive ductal carcinoma');
  });

  it('prints a readable inventory without colour codes when not on a TTY', () => {
    const text = runCli(['scan', root]);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain('Imaging studies (DICOM): 2');
    expect(text.stdout).toContain('PATIENT_MISMATCH');
    expect(text.stdout).not.toMatch(/\u001b\[/);
  });

  it('never changes the case folder', async () => {
    expect(await hashTree(root)).toBe(before);
  });
});

describe('casepack usage errors', () => {
  it('exits 2 for a missing folder and for an unknown flag, with no stack trace', () => {
    const missing = runCli(['scan', '/definitely/not/here']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('case folder not found');
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const badFlag = runCli(['scan', '.', '--no-such-flag']);
    expect(badFlag.status).toBe(2);
  });
});
