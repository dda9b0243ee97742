import { randomBytes } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { writeDicom } from '../../tools/synth/dicom-writer.js';
import { makeReportPdf } from '../../tools/synth/report-pdf.js';
import { makeTempDir } from './tree.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const BIN = path.join(ROOT, 'bin/casepack');

/** A small but real case: CT slices with incompressible pixels (stored, not deflated) and two reports. */
export async function makeCase(dir: string, sliceBytes: number, slices: number): Promise<void> {
  await mkdir(path.join(dir, 'CT'), { recursive: true });
  for (let i = 1; i <= slices; i++) {
    await writeFile(path.join(dir, 'CT', `IM${String(i).padStart(4, '0')}`), writeDicom({
      patientName: 'FAIL^TEST', patientId: 'F1', modality: 'CT', studyDate: '20240301', instanceNumber: i,
      studyInstanceUid: '1.2.826.0.1.3680043.10.999.1', seriesInstanceUid: '1.2.826.0.1.3680043.10.999.1.1',
      sopInstanceUid: `1.2.826.0.1.3680043.10.999.1.1.${i}`, rows: 8, columns: 8, pixelData: randomBytes(sliceBytes),
    }));
  }
  for (const [name, title] of [['pathology.pdf', 'Surgical Pathology Report'], ['discharge.pdf', 'Discharge Summary']] as const) {
    await writeFile(path.join(dir, name), await makeReportPdf({ title, fields: [['Date of procedure', '12/09/2025']], sections: [{ heading: 'Summary', blocks: ['Text.'] }] }));
  }
}

/** Everything left in `dir`, to prove a failed build left no packet, no partial file and no staging folder. */
export async function leftovers(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

/** A temp folder holding `case/` (4 slices of 256 KB and two reports) for the whole test file. */
export function useFailureCase(): { readonly dir: string; readonly caseDir: string } {
  const state = { dir: '', caseDir: '', cleanup: async (): Promise<void> => undefined };
  beforeAll(async () => {
    const temp = await makeTempDir('casepack-failure-');
    state.dir = temp.dir;
    state.cleanup = temp.cleanup;
    state.caseDir = path.join(temp.dir, 'case');
    await makeCase(state.caseDir, 256 * 1024, 4);
  }, 120_000);
  afterAll(async () => state.cleanup());
  return state;
}
