import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DicomInfo } from '../../src/model/scan.js';
import { probeFile } from '../../src/probe/index.js';
import { corpusAvailable } from '../support/corpus.js';
import { CORPUS_DIR } from '../support/tree.js';

const DICOM_DIR = path.join(CORPUS_DIR, 'dicom');

function listFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const abs = path.join(dir, name);
    return statSync(abs).isDirectory() ? listFiles(abs) : [abs];
  });
}

async function probe(rel: string) {
  const absPath = path.join(DICOM_DIR, rel);
  return probeFile({ relPath: rel, absPath, size: statSync(absPath).size });
}

type Expectation = Partial<DicomInfo> & { findings?: string[] };

/** What ../shared/corpus/SOURCES.md says each file is. */
const EXPECTED: Record<string, Expectation> = {
  'CT_small.dcm': { modality: 'CT', kind: 'image', transferSyntaxUid: '1.2.840.10008.1.2.1', compressed: false, rows: 128, hasPreamble: true },
  'MR_small_implicit.dcm': { modality: 'MR', kind: 'image', transferSyntaxUid: '1.2.840.10008.1.2', compressed: false },
  'MR_small_bigendian.dcm': { modality: 'MR', kind: 'image', transferSyntaxUid: '1.2.840.10008.1.2.2', compressed: false, rows: 64 },
  'ExplVR_BigEnd.dcm': { modality: 'US', kind: 'image', transferSyntaxUid: '1.2.840.10008.1.2.2' },
  'OT_Implicit_Little_Headless.dcm': { modality: 'OT', kind: 'secondary-capture', hasPreamble: false },
  'JPEG-lossy.dcm': { modality: 'NM', kind: 'secondary-capture', transferSyntaxUid: '1.2.840.10008.1.2.4.51', compressed: true },
  'SC_rgb_jpeg_dcmtk.dcm': { modality: 'OT', kind: 'secondary-capture', transferSyntaxUid: '1.2.840.10008.1.2.4.50', compressed: true },
  'MR_small_jpeg_ls_lossless.dcm': { modality: 'MR', transferSyntaxUid: '1.2.840.10008.1.2.4.80', compressed: true },
  'MR_small_jp2klossless.dcm': { modality: 'MR', transferSyntaxUid: '1.2.840.10008.1.2.4.90', compressed: true },
  'MR_small_RLE.dcm': { modality: 'MR', transferSyntaxUid: '1.2.840.10008.1.2.5', compressed: true },
  'image_dfl.dcm': { modality: 'OT', kind: 'secondary-capture', transferSyntaxUid: '1.2.840.10008.1.2.1.99' },
  'MR_truncated.dcm': { modality: 'MR', findings: ['DICOM_TRUNCATED'] },
  'test-SR.dcm': { modality: 'SR', kind: 'structured-report' },
  'waveform_ecg.dcm': { modality: 'ECG', kind: 'waveform' },
  'CT0012.fragmented_no_bot_jpeg_lossless.70.dcm': { modality: 'CT', transferSyntaxUid: '1.2.840.10008.1.2.4.70', numberOfFrames: 2 },
  report_dfl: { modality: 'SR', kind: 'structured-report', transferSyntaxUid: '1.2.840.10008.1.2.1.99' },
  'MG_Explicit_Little.dcm': { modality: 'MG', kind: 'image', rows: 512 },
  'PET_ACRIN-FLT-Breast_1.dcm': { modality: 'PT', kind: 'image', rows: 168, columns: 168 },
  'highdicom_dx_image.dcm': { modality: 'DX', kind: 'image' },
  'highdicom_sm_image.dcm': { modality: 'SM', kind: 'slide-microscopy', numberOfFrames: 25 },
  'highdicom_sr_document.dcm': { modality: 'SR', kind: 'structured-report' },
  'highdicom_seg_image_sm_control.dcm': { modality: 'SEG', kind: 'segmentation', transferSyntaxUid: '1.2.840.10008.1.2' },
  US1_J2KI: { modality: 'US', kind: 'image', transferSyntaxUid: '1.2.840.10008.1.2.4.91', compressed: true },
  RG3_JPLY: { modality: 'CR', kind: 'image', rows: 1760, transferSyntaxUid: '1.2.840.10008.1.2.4.51' },
  CT2_JLSN: { modality: 'CT', transferSyntaxUid: '1.2.840.10008.1.2.4.81' },
  'wsi_BPAEC/12_0': { modality: 'SM', kind: 'slide-microscopy', numberOfFrames: 3, compressed: true },
  'wsi_BPAEC/2': { modality: 'SM', kind: 'slide-microscopy', imageType: 'ORIGINAL\\PRIMARY\\LABEL\\NONE' },
  'cd_GSPS_Liver_partial/DICOM/IM_0001': { modality: 'MR', kind: 'image' },
  'cd_GSPS_Liver_partial/DICOM/IM_0028': { modality: 'MR', kind: 'image' },
  'cd_GSPS_Liver_partial/DICOM/PS_0026': { modality: 'PR', kind: 'presentation-state' },
  'cd_GSPS_Liver_partial/DICOM/XX_0027': { modality: 'MR', sopClassUid: '1.3.46.670589.11.0.0.12.2' },
  'generated/SYNTHETIC-encapsulated-pdf.dcm': { modality: 'DOC', kind: 'encapsulated-pdf' },
};

describe.skipIf(!corpusAvailable)('DICOM probe over ../shared/corpus/dicom', () => {
  it('recognises every DICOM file in the corpus (no_meta.dcm is the malformed exception)', async () => {
    const files = corpusAvailable ? listFiles(DICOM_DIR).map((abs) => path.relative(DICOM_DIR, abs).split(path.sep).join('/')) : [];
    expect(files.length).toBeGreaterThan(70);
    for (const rel of files) {
      const out = await probe(rel);
      const expected = rel === 'no_meta.dcm' ? 'other' : path.basename(rel) === 'DICOMDIR' ? 'dicomdir' : 'dicom';
      expect.soft(out.family, rel).toBe(expected);
    }
  });

  for (const [rel, expected] of Object.entries(EXPECTED)) {
    it(`${rel}`, async () => {
      const out = await probe(rel);
      const { findings = [], ...fields } = expected;
      expect(out.family).toBe('dicom');
      expect(out.dicom).toMatchObject(fields);
      expect(out.findings.map((f) => f.code)).toEqual(findings);
    });
  }

  it('no_meta.dcm (stray byte before a headless dataset) is not taken for a readable DICOM file', async () => {
    const out = await probe('no_meta.dcm');
    expect(out.dicom).toBeUndefined();
    expect(out.findings.length).toBeGreaterThan(0);
  });

  it('SR text is collected from Comprehensive and deflated Enhanced SRs', async () => {
    for (const rel of ['test-SR.dcm', 'report_dfl', 'highdicom_sr_document.dcm']) {
      const out = await probe(rel);
      expect(out.dicom?.text?.length, rel).toBeGreaterThan(50);
    }
  });

  it('the encapsulated PDF offset points at the embedded %PDF', async () => {
    const rel = 'generated/SYNTHETIC-encapsulated-pdf.dcm';
    const out = await probe(rel);
    const { offset = -1, length = 0 } = out.dicom?.encapsulatedPdf ?? {};
    const bytes = readFileSync(path.join(DICOM_DIR, rel));
    expect(bytes.toString('latin1', offset, offset + 5)).toBe('%PDF-');
    expect(bytes.subarray(offset, offset + length).toString('latin1')).toMatch(/%%EOF\s*\0?$/);
  });

  it('cd_GSPS_Liver_partial/DICOMDIR reports the files a partial copy lost', async () => {
    const out = await probe('cd_GSPS_Liver_partial/DICOMDIR');
    expect(out.family).toBe('dicomdir');
    const referenced = out.dicomdir?.referencedFiles ?? 0;
    expect(referenced).toBeGreaterThan(150);
    // Four of the referenced files were copied; the rest are missing.
    expect(out.dicomdir?.missingFiles.length).toBe(referenced - 4);
    const missing = out.findings.find((f) => f.code === 'DICOMDIR_MISSING_FILES');
    expect(missing?.details).toMatchObject({ referenced, missing: referenced - 4 });
    expect(missing?.paths.length).toBeLessThanOrEqual(21);
  });

  it('cd_TINY_ALPHA/DICOMDIR is complete', async () => {
    const out = await probe('cd_TINY_ALPHA/DICOMDIR');
    expect(out.family).toBe('dicomdir');
    expect(out.dicomdir).toMatchObject({ referencedFiles: 50, missingFiles: [] });
    expect(out.findings).toEqual([]);
  });

  // DCMTK is a Debian package .ci/run installs; without it this comparison is skipped, visibly.
  const hasDcmdump = spawnSync('dcmdump', ['--version'], { stdio: 'ignore' }).status === 0;
  describe.skipIf(!hasDcmdump)('values agree with dcmdump (DCMTK)', () => {
    const dcmdump = (rel: string): string => execFileSync('dcmdump', ['+P', '0008,0020', '+P', '0008,0060', '+P', '0010,0020', '+P', '0020,000d', '+P', '0028,0010', path.join(DICOM_DIR, rel)], { encoding: 'utf8' });
    for (const rel of ['CT_small.dcm', 'MR_small_bigendian.dcm', 'US1_J2KI', 'PET_ACRIN-FLT-Breast_1.dcm', 'cd_GSPS_Liver_partial/DICOM/IM_0001']) {
      it(rel, async () => {
        const dump = dcmdump(rel);
        const info = (await probe(rel)).dicom;
        // First value dcmdump prints for a tag (top level comes first).
        const value = (tag: string): string | undefined => new RegExp(`^\\(${tag}\\) \\w\\w \\[?([^\\]#]*?)\\]?\\s+#`, 'm').exec(dump)?.[1]?.trim();
        expect(info?.studyDate?.replaceAll('-', '')).toBe(value('0008,0020'));
        expect(info?.modality).toBe(value('0008,0060'));
        expect(info?.patientId).toBe(value('0010,0020'));
        expect(info?.studyInstanceUid).toBe(value('0020,000d'));
        expect(String(info?.rows)).toBe(value('0028,0010'));
      });
    }
  });
});
