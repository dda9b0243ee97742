import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeDicom, type DicomWriteOptions } from '../../tools/synth/dicom-writer.js';

/**
 * A case whose JSON must stay private (issue 13, B17): the demo case's referral
 * letter (its rules match "adenocarcinoma", "KRAS", "FOLFIRINOX") and pathology
 * report, the patient's CT with clinical descriptions, a stranger's CT slice
 * (so PATIENT_MISMATCH names two people) and a note whose date is ambiguous
 * (so DATE_AMBIGUOUS quotes its line). Every name, ID and date is invented.
 */
const DEMO = path.resolve(import.meta.dirname, '../../fixtures/demo-case');

const PATIENT: DicomWriteOptions = { patientName: 'Demo^Patient', patientId: 'DEMO-0001', patientBirthDate: '19610412' };
const STRANGER: DicomWriteOptions = { patientName: 'SMITH^JANE', patientId: 'Q-7788', patientBirthDate: '19710823' };

/** Words of the documents: none may reach JSON without --include-text. */
export const DOCUMENT_WORDS = ['adenocarcinoma', 'KRAS', 'FOLFIRINOX', 'CT CHEST W CONTRAST', 'AXIAL LUNG WINDOW', 'REQUEST FOR SECOND OPINION', 'Seen in clinic'];
/** Who the files are about: none may reach JSON without --include-identity. */
export const IDENTITY = ['Demo^Patient', 'Demo Patient', 'Patient Demo', 'DEMO PATIENT', '1961-04-12', 'DEMO-0001', 'SMITH', 'JANE', '1971-08-23', 'Q-7788'];

/** The secrets of `secrets` that `output` carries, compared without letter case. */
export function leaked(output: string, secrets: readonly string[]): string[] {
  const lower = output.toLowerCase();
  return secrets.filter((s) => lower.includes(s.toLowerCase()));
}

function ct(person: DicomWriteOptions, study: string, n: number): Buffer {
  return writeDicom({
    ...person, modality: 'CT', studyDate: '20250903', studyDescription: 'CT CHEST W CONTRAST', seriesDescription: 'AXIAL LUNG WINDOW',
    studyInstanceUid: study, seriesInstanceUid: `${study}.1`, sopInstanceUid: `${study}.1.${n}`, instanceNumber: n, rows: 4, columns: 4, pixelData: { length: 32 },
  });
}

export async function writePrivateCase(root: string): Promise<void> {
  for (const dir of ['letters', 'pathology', 'CD']) await mkdir(path.join(root, dir), { recursive: true });
  await copyFile(path.join(DEMO, 'Letters', 'Referral letter Dr Sample.pdf'), path.join(root, 'letters', 'referral.pdf'));
  await copyFile(path.join(DEMO, 'Pathology', 'Histopathology report H25-04417.pdf'), path.join(root, 'pathology', 'histology.pdf'));
  for (let i = 1; i <= 2; i++) await writeFile(path.join(root, 'CD', `IM${i}`), ct(PATIENT, '1.2.826.0.1.3680043.10.51', i));
  await writeFile(path.join(root, 'CD', 'IM9'), ct(STRANGER, '1.2.826.0.1.3680043.10.59', 1));
  await writeFile(path.join(root, 'note.txt'), 'Oncology clinic letter\nSeen in clinic 03/04/2025\n\nTolerating FOLFIRINOX, cycle 4.\n');
  await writeFile(path.join(root, 'casepack.yaml'), 'patient:\n  name: Demo Patient\n  birthDate: 1961-04-12\n  id: DEMO-0001\n');
}
