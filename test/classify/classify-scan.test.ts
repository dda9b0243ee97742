import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanCase } from '../../src/pipeline/scan.js';
import { scanToJson } from '../../src/report/json-privacy.js';
import { ScanResultSchema } from '../../src/model/scan.js';
import { SOP_CLASS, uidFor, writeDicom } from '../../tools/synth/dicom-writer.js';
import { makeReportPdf } from '../../tools/synth/report-pdf.js';
import { hashTree, makeTempDir } from '../support/tree.js';

const TODAY = new Date('2026-01-15T12:00:00Z');
let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => { ({ dir, cleanup } = await makeTempDir()); });
afterEach(async () => { await cleanup(); });

describe('classification inside a real scan (probes + classify)', () => {
  it('reads the PDF inside a DICOM Encapsulated PDF, names PET with CT as PET_CT, and applies a folder override to a study', async () => {
    const study = uidFor('study-petct');
    const pdf = await makeReportPdf({
      title: 'Surgical Pathology Report',
      fields: [['Date of procedure', '2025-09-12']],
      sections: [{ heading: 'Final diagnosis', blocks: ['Adenocarcinoma, moderately differentiated. Margins clear.'] }],
    });
    await mkdir(path.join(dir, 'CD', 'DICOM'), { recursive: true });
    await writeFile(path.join(dir, 'CD', 'DICOM', 'IM1'), writeDicom({ modality: 'CT', studyInstanceUid: study, seriesInstanceUid: uidFor('s-ct'), sopInstanceUid: uidFor('i1'), studyDate: '20251005', rows: 2, columns: 2, pixelData: { length: 8 } }));
    await writeFile(path.join(dir, 'CD', 'DICOM', 'IM2'), writeDicom({ modality: 'PT', studyInstanceUid: study, seriesInstanceUid: uidFor('s-pt'), sopInstanceUid: uidFor('i2'), studyDate: '20251005', rows: 2, columns: 2, pixelData: { length: 8 } }));
    await writeFile(path.join(dir, 'pathology.dcm'), writeDicom({ sopClassUid: SOP_CLASS.encapsulatedPdf, studyInstanceUid: uidFor('study-doc'), encapsulatedPdf: Buffer.from(pdf) }));
    await writeFile(path.join(dir, 'casepack.yaml'), 'overrides:\n  - path: CD\n    title: "PET-CT staging"\n');
    const before = await hashTree(dir);

    const scan = await scanCase(dir, { today: TODAY });
    const byPath = (p: string) => scan.files.find((f) => f.path === p)?.classification;
    expect(byPath('pathology.dcm')).toMatchObject({ category: 'pathology-report', date: { date: '2025-09-12', source: 'content' } });
    expect(byPath('CD/DICOM/IM1')).toMatchObject({ category: 'imaging', modality: 'CT', title: 'PET-CT staging' });
    const petct = scan.dicom.studies.find((s) => s.studyInstanceUid === study);
    expect(petct?.classification).toMatchObject({ category: 'imaging', modality: 'PET_CT', title: 'PET-CT staging', override: { pattern: 'CD', fields: ['title'] } });
    expect(scan.findings.filter((f) => f.code === 'OVERRIDE_UNUSED')).toEqual([]);
    // The JSON output still satisfies its schema with classifications, overrides and study verdicts in it.
    expect(() => ScanResultSchema.parse(scanToJson(scan))).not.toThrow();
    expect(await hashTree(dir)).toBe(before);
  });
});
