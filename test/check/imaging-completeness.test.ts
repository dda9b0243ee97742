import { describe, expect, it } from 'vitest';
import { loadChecklist } from '../../src/check/checklist-schema.js';
import { checkCase } from '../../src/check/index.js';
import { ScanBuilder } from '../support/scan-builder.js';

async function imagingFindings(build: (b: ScanBuilder) => ScanBuilder) {
  const result = checkCase(build(new ScanBuilder()).build(), await loadChecklist('general'), { asOf: '2025-11-01' });
  return result.findings.filter((f) => f.code.startsWith('IMAGING_STUDY_'));
}

const CT_REPORT = (b: ScanBuilder) => b.doc('CT report.pdf', 'imaging-report', { date: '2025-03-03', modality: 'CT', text: 'CT abdomen' });

describe('imaging completeness', () => {
  it('a report without its study is flagged; a picture of the scan or another modality does not count', async () => {
    const missing = await imagingFindings((b) => CT_REPORT(b).doc('ct.jpg', 'imaging-export', { date: '2025-03-03', modality: 'CT' }).study('MR', 'MR', '2025-03-03', 40));
    expect(missing.map((f) => [f.code, f.paths, f.message])).toEqual([['IMAGING_STUDY_MISSING', ['CT report.pdf'], 'The CT report of 3 March 2025 has no DICOM images in the case.']]);
    expect(missing[0]?.hint).toContain('Ask Radiology for the DICOM files of the CT scan of 3 March 2025');
  });

  it('the study within two days matches; a few images or only screenshots are flagged as partial', async () => {
    expect(await imagingFindings((b) => CT_REPORT(b).study('CT', 'CT', '2025-03-01', 120))).toEqual([]);
    expect((await imagingFindings((b) => CT_REPORT(b).study('CT', 'CT', '2025-02-27', 120))).map((f) => f.code)).toEqual(['IMAGING_STUDY_MISSING']);
    const few = await imagingFindings((b) => CT_REPORT(b).study('CT', 'CT', '2025-03-04', 6));
    expect(few.map((f) => [f.code, f.message])).toEqual([['IMAGING_STUDY_PARTIAL', 'The CT scan of 4 March 2025 has only 6 images: a few key images, not the whole study.']]);
    const captures = new ScanBuilder().study('SC', 'CT', '2025-03-03', 2).build();
    for (const file of captures.files) if (file.dicom) file.dicom.kind = 'secondary-capture';
    const result = checkCase(captures, await loadChecklist('general'), { asOf: '2025-11-01' });
    expect(result.findings.find((f) => f.code === 'IMAGING_STUDY_PARTIAL')?.message).toContain('holds only secondary captures (2)');
  });

  it('names a partial study once, by the folder that holds it alone; by its files when it shares a folder with another study', async () => {
    const own = await imagingFindings((b) => CT_REPORT(b).study('CD/DICOM/ST0001', 'CT', '2025-03-01', 6).study('CD/DICOM/ST0002', 'CT', '2025-01-05', 120));
    expect(own.map((f) => [f.code, f.paths])).toEqual([['IMAGING_STUDY_PARTIAL', ['CD/DICOM/ST0001']]]);
    const shared = await imagingFindings((b) => CT_REPORT(b).study('CD', 'CT', '2025-03-01', 2).study('CD', 'CT', '2025-01-05', 120));
    expect(shared.map((f) => [f.code, f.paths])).toEqual([['IMAGING_STUDY_PARTIAL', ['CD/IM0001', 'CD/IM0002']]]);
  });
});
