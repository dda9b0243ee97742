import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReservedSet } from '../../tools/corpus/mtsamples.js';
import { patientOf, pdfText, readTcgaReports, tcgaDocuments } from '../../tools/corpus/tcga.js';
import { splitHeldout } from '../../tools/train/split.js';
import { makeReportPdf } from '../../tools/synth/report-pdf.js';

// Report texts here are written for the test (no TCGA text is committed); the
// names follow TCGA's file naming, the barcodes are made up except the one
// taken from the reserved list's format to prove reserved patients are dropped.
const BODY = 'SURGICAL PATHOLOGY REPORT\nFINAL DIAGNOSIS:\nBladder, transurethral resection: invasive high grade urothelial carcinoma invading the muscularis propria. Lymphovascular invasion not identified.\nGROSS DESCRIPTION:\nMultiple fragments of tan soft tissue, 3.0 x 2.0 x 0.7 cm in aggregate, entirely submitted.';

function reserved(patients: string[]): ReservedSet {
  return { sampleNames: new Set(), pairs: new Set(), mtSampleNumbers: new Set(), tcgaPatients: new Set(patients) };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'casepack-tcga-test-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('TCGA pathology reports in the corpus', () => {
  it('takes the patient barcode from the first 12 characters of the file name', () => {
    expect(patientOf('TCGA-2F-A9KO.FA1D30C7-E486-48DD-989F-E774B42EA1B1')).toBe('TCGA-2F-A9KO');
    expect(patientOf('tcga-zz-a0b1.x')).toBe('TCGA-ZZ-A0B1');
    expect(patientOf('report.txt')).toBeUndefined();
  });

  it('drops every report of a reserved patient, short texts and names without a barcode, and counts them', () => {
    const reports = [
      { name: 'TCGA-ZZ-0001.AAAA', text: BODY },
      { name: 'TCGA-ZZ-0001.BBBB', text: `${BODY}\nADDENDUM: HER2 negative.` },
      { name: 'TCGA-ZZ-0002.CCCC', text: BODY },
      { name: 'TCGA-ZZ-0003.DDDD', text: BODY },
      { name: 'TCGA-ZZ-0003.EEEE', text: BODY },
      { name: 'TCGA-ZZ-0004.FFFF', text: 'Criteria\nQUALIFIED' },
      { name: 'scan-12', text: BODY },
    ];
    const { docs, count } = tcgaDocuments(reports, reserved(['TCGA-ZZ-0003']), 'test');
    expect(count).toMatchObject({ reports: 7, droppedReserved: 2, droppedReservedPatients: 1, droppedShort: 1, droppedNoBarcode: 1, kept: 3, patients: 2 });
    expect(docs.every((d) => d.label === 'pathology-report' && d.source === 'tcga')).toBe(true);
    expect(docs.some((d) => d.group === 'tcga-TCGA-ZZ-0003')).toBe(false);
    // One patient's two reports share one group: they can never be split apart.
    expect(docs.filter((d) => d.group === 'tcga-TCGA-ZZ-0001')).toHaveLength(2);
  });

  it("keeps a patient's reports on one side of the held-out split, and holds out TCGA patients of their own", () => {
    const reports = Array.from({ length: 40 }, (_, i) => [0, 1].map((k) => ({ name: `TCGA-ZZ-${String(i).padStart(4, '0')}.R${k}`, text: BODY }))).flat();
    const { docs } = tcgaDocuments(reports, reserved([]), 'test');
    const { heldout } = splitHeldout(docs);
    const heldGroups = new Set(heldout.map((d) => d.group));
    expect(heldGroups.size).toBe(8);
    for (const d of docs) expect(heldout.includes(d)).toBe(heldGroups.has(d.group));
  });

  it('reads a folder of report texts, and a PDF through its text layer', async () => {
    const dir = path.join(tmp, 'texts');
    fs.mkdirSync(path.join(dir, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'TCGA-ZZ-0005.ABCD.txt'), BODY);
    fs.writeFileSync(path.join(dir, 'sub', 'TCGA-ZZ-0006.EFGH.txt'), BODY);
    expect(readTcgaReports(dir, path.join(tmp, 'ocr')).map((r) => r.name).sort()).toEqual(['TCGA-ZZ-0005.ABCD', 'TCGA-ZZ-0006.EFGH']);
    const pdf = await makeReportPdf({ title: 'Surgical Pathology Report', sections: [{ heading: 'FINAL DIAGNOSIS', blocks: BODY.split('\n') }, { heading: 'COMMENT', blocks: BODY.split('\n') }] });
    const text = pdfText(Buffer.from(pdf), 'TCGA-ZZ-0007.IJKL', path.join(tmp, 'ocr'));
    expect(text).toMatch(/urothelial\s+carcinoma/);
    expect(fs.existsSync(path.join(tmp, 'ocr', 'TCGA-ZZ-0007.IJKL.txt'))).toBe(true);
  });
});
