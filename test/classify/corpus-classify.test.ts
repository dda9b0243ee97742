import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scanCase } from '../../src/pipeline/scan.js';
import { ScanResultSchema, type ScanResult } from '../../src/model/scan.js';
import { corpusAvailable } from '../support/corpus.js';
import { CORPUS_DIR, hashTree } from '../support/tree.js';

const TODAY = new Date('2026-01-15T12:00:00Z');

/** The category (and modality) ../shared/corpus/SOURCES.md implies for each real file. */
const EXPECTED_DICOM: Array<[string, string, string?]> = [
  ['CT_small.dcm', 'imaging', 'CT'],
  ['MR_small_implicit.dcm', 'imaging', 'MR'],
  ['ExplVR_BigEnd.dcm', 'imaging', 'US'],
  ['MG_Explicit_Little.dcm', 'imaging', 'MG'],
  ['PET_ACRIN-FLT-Breast_1.dcm', 'imaging', 'PT'],
  ['highdicom_dx_image.dcm', 'imaging', 'DX'],
  ['US1_J2KI', 'imaging', 'US'],
  ['RG3_JPLY', 'imaging', 'CR'],
  ['CT2_JLSN', 'imaging', 'CT'],
  ['test-SR.dcm', 'imaging-report'],
  ['highdicom_sr_document.dcm', 'imaging-report'],
  ['highdicom_sm_image.dcm', 'pathology-slides'],
  ['wsi_BPAEC/12_0', 'pathology-slides'],
  ['waveform_ecg.dcm', 'other'],
  ['highdicom_seg_image_sm_control.dcm', 'other'],
  ['cd_GSPS_Liver_partial/DICOM/IM_0001', 'imaging', 'MR'],
  ['cd_GSPS_Liver_partial/DICOM/PS_0026', 'other'],
];

describe.skipIf(!corpusAvailable)('real corpus files get the category SOURCES.md implies', () => {
  let dicom: ScanResult;
  let slides: ScanResult;
  let pdfs: ScanResult;
  let hashesBefore: string[];

  beforeAll(async () => {
    const dirs = ['dicom', 'slides', 'pdf'].map((d) => path.join(CORPUS_DIR, d));
    hashesBefore = await Promise.all(dirs.map((d) => hashTree(d)));
    // Born-digital evidence only: OCR of the corpus scan (and that it is not misread as a report) is test/slow/ocr-real's.
    [dicom, slides, pdfs] = await Promise.all(dirs.map((d) => scanCase(d, { today: TODAY, concurrency: 4, ocr: { enabled: false } }))) as [ScanResult, ScanResult, ScanResult];
  }, 120_000);

  const of = (scan: ScanResult, rel: string) => scan.files.find((f) => f.path === rel)?.classification;

  it.each(EXPECTED_DICOM)('%s → %s %s', (rel, category, modality) => {
    const c = of(dicom, rel);
    expect(c?.category).toBe(category);
    if (modality) expect(c?.modality).toBe(modality);
    expect(c?.reasons.length).toBeGreaterThan(0);
  });

  it('dates DICOM images from their headers', () => {
    const ct = of(dicom, 'CT_small.dcm');
    expect(ct?.date?.source).toBe('dicom-tag');
    expect(ct?.date?.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('classifies every DICOM study', () => {
    expect(dicom.dicom.studies.length).toBeGreaterThan(0);
    for (const study of dicom.dicom.studies) expect(study.classification?.category).toBeDefined();
  });

  it('classifies the encapsulated PDF by the PDF inside, not as a picture', () => {
    const c = of(dicom, 'generated/SYNTHETIC-encapsulated-pdf.dcm');
    expect(c).toBeDefined();
    expect(c?.reasons[0]?.rule).toBe('dicom.kind.encapsulated-pdf');
    expect(c?.category).not.toBe('imaging');
  });

  it('gives whole-slide scans pathology-slides with the vendor scan date', () => {
    const svs = of(slides, 'CMU-1-Small-Region.svs');
    expect(svs?.category).toBe('pathology-slides');
    expect(svs?.date?.source).toBe('vendor-metadata');
    expect(of(slides, 'test3-TRITC 2 (560).ndpi')?.category).toBe('pathology-slides');
    expect(of(slides, 'Classic.tif')?.category).not.toBe('pathology-slides');
  });

  it('does not guess a category for a scanned PDF it was told not to read (a Russian vehicle-inspection form)', () => {
    expect(of(pdfs, 'issue7229_scanned_image_only.pdf')?.category).toBe('other');
    expect(pdfs.files.find((f) => f.path === 'issue7229_scanned_image_only.pdf')?.textSource).toBeUndefined();
  });

  it('gives every file a classification and leaves the corpus untouched', async () => {
    for (const scan of [dicom, slides, pdfs]) {
      for (const f of scan.files) expect(f.classification, f.path).toBeDefined();
      expect(() => ScanResultSchema.parse(scan)).not.toThrow();
    }
    const after = await Promise.all(['dicom', 'slides', 'pdf'].map((d) => hashTree(path.join(CORPUS_DIR, d))));
    expect(after).toEqual(hashesBefore);
  });
});
