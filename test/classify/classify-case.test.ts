import { describe, expect, it } from 'vitest';
import { classifyCase } from '../../src/pipeline/classify.js';
import type { CaseFile } from '../../src/casefile/schema.js';
import { SCAN_SCHEMA_VERSION, type FileEntry, type ScanResult, type Study } from '../../src/model/scan.js';

const TODAY = new Date('2026-01-15T12:00:00Z');

function scanOf(files: FileEntry[], studies: Study[] = []): ScanResult {
  return {
    schemaVersion: SCAN_SCHEMA_VERSION,
    tool: { name: 'casepack', version: 'test' },
    root: '/nonexistent-case',
    summary: { files: files.length, bytes: 0, byFamily: {}, skippedJunk: 0 },
    files,
    dicom: { studies },
    duplicates: [],
    patients: [],
    findings: [],
  };
}

const MTIME = Date.parse('2025-12-30T10:00:00Z');

function pdfFile(path: string, text: string | undefined): FileEntry {
  return {
    path, size: 1000, mtimeMs: MTIME, family: 'pdf',
    pdf: { pages: 1, encrypted: false, needsPassword: false, damaged: false, hasText: text !== undefined, headerOffset: 0, textChars: text?.length ?? 0, ...(text !== undefined ? { text } : {}) },
  };
}

function dicomFile(path: string, dicom: Partial<NonNullable<FileEntry['dicom']>> & { kind: NonNullable<FileEntry['dicom']>['kind'] }): FileEntry {
  return { path, size: 500, mtimeMs: MTIME, family: 'dicom', dicom: { hasPreamble: true, ...dicom } };
}

async function classify(files: FileEntry[], caseFile?: CaseFile, studies: Study[] = []) {
  const scan = scanOf(files, studies);
  const findings = await classifyCase(scan, { today: TODAY, ...(caseFile ? { caseFile } : {}) });
  return { scan, findings, byPath: (p: string) => scan.files.find((f) => f.path === p)?.classification };
}

const PATHOLOGY = `St Mary's Hospital\nDepartment of Cellular Pathology\nHISTOPATHOLOGY REPORT\nSpecimen collected: 12/09/2025\nClinical details: CT abdomen showed a pancreatic head mass; MRI liver clear.\nMacroscopic description:\nCore biopsies, three cores in formalin.\nMicroscopic description:\nInfiltrating moderately differentiated adenocarcinoma with perineural invasion.\nDiagnosis: Pancreatic ductal adenocarcinoma.\nReported by: Dr A. Pathologist, Consultant Histopathologist\n`;
const CT = `Riverside Imaging Centre\nCT CHEST, ABDOMEN AND PELVIS WITH CONTRAST\nExam date: 2025-08-30\nClinical history: pancreatic cancer on biopsy; pathology confirmed adenocarcinoma.\nTechnique: Axial images after intravenous contrast.\nFindings: 3.1 cm hypodense mass in the pancreatic head. No liver lesions.\nImpression: Pancreatic head mass, no metastases.\n`;

describe('classifyCase: documents by their text', () => {
  it('gives a pathology report its category even when it cites imaging, and the reasons', async () => {
    const { byPath, scan } = await classify([pdfFile('a.pdf', PATHOLOGY), pdfFile('b.pdf', CT)], { dateOrder: 'DMY' });
    const a = byPath('a.pdf');
    expect(a?.category).toBe('pathology-report');
    expect(a?.reasons.some((r) => r.rule === 'path.title')).toBe(true);
    expect(a?.confidence).toBeGreaterThan(0.6);
    expect(a?.date?.date).toBe('2025-09-12');
    const b = byPath('b.pdf');
    expect(b?.category).toBe('imaging-report');
    expect(b?.modality).toBe('CT');
    expect(b?.date?.date).toBe('2025-08-30');
    expect(scan.summary.byCategory).toEqual({ 'pathology-report': 1, 'imaging-report': 1 });
  });

  it('reports a day/month date without evidence as DATE_AMBIGUOUS with both readings', async () => {
    const { byPath, findings } = await classify([pdfFile('a.pdf', PATHOLOGY)]);
    expect(byPath('a.pdf')?.date).toMatchObject({ date: null, ambiguous: ['2025-09-12', '2025-12-09'] });
    const f = findings.find((x) => x.code === 'DATE_AMBIGUOUS');
    expect(f?.message).toContain('2025-09-12');
    expect(f?.message).toContain('2025-12-09');
  });

  it('says CATEGORY_UNCERTAIN with tiedWith when two categories score alike', async () => {
    const text = 'General Hospital\nOPERATIVE REPORT\nDISCHARGE SUMMARY\nProcedure performed: laparoscopic resection. Surgeon: X.\nHospital course uneventful. Date of discharge: 2025-03-05.\n';
    const { byPath, findings } = await classify([pdfFile('x.pdf', text)]);
    const c = byPath('x.pdf');
    expect(c?.tiedWith?.length).toBeGreaterThan(0);
    expect([c?.category, ...(c?.tiedWith ?? [])].sort()).toEqual(['discharge-summary', 'operative-report']);
    expect(findings.find((f) => f.code === 'CATEGORY_UNCERTAIN')?.paths).toEqual(['x.pdf']);
  });

  it('leaves a document with no evidence UNCLASSIFIED as other', async () => {
    const { byPath, findings } = await classify([pdfFile('notes.pdf', 'Shopping: milk, bread, eggs.\nCall back on Tuesday.')]);
    expect(byPath('notes.pdf')?.category).toBe('other');
    expect(findings.map((f) => f.code)).toContain('UNCLASSIFIED');
  });
});

describe('classifyCase: PDFs without text', () => {
  it('is other with PDF_NO_TEXT when the name says nothing', async () => {
    const { byPath, findings } = await classify([pdfFile('Scan_0001.pdf', undefined)]);
    expect(byPath('Scan_0001.pdf')?.category).toBe('other');
    expect(findings.map((f) => f.code)).toContain('PDF_NO_TEXT');
  });

  it('takes the file name as a weak hint, never confidently', async () => {
    const { byPath, findings } = await classify([pdfFile('pathology report.pdf', undefined)]);
    const c = byPath('pathology report.pdf');
    expect(c?.category).toBe('pathology-report');
    expect(c?.confidence).toBeLessThanOrEqual(0.4);
    expect(findings.map((f) => f.code)).toContain('PDF_NO_TEXT');
  });
});

describe('classifyCase: DICOM by kind and modality', () => {
  const base = { studyInstanceUid: '1.2.3', studyDate: '2025-10-05' } as const;
  const files = [
    dicomFile('CD/IM1', { ...base, kind: 'image', modality: 'CT' }),
    dicomFile('CD/IM2', { ...base, kind: 'image', modality: 'PT' }),
    dicomFile('CD/SR1', { ...base, kind: 'structured-report', modality: 'SR', text: 'PET/CT report. Findings: FDG-avid pancreatic mass, SUVmax 8.' }),
    dicomFile('RT/plan', { studyInstanceUid: '9', kind: 'rt-plan', modality: 'RTPLAN', seriesDate: '2025-11-01' }),
    dicomFile('WSI/sm', { studyInstanceUid: '8', kind: 'slide-microscopy', modality: 'SM', contentDate: '2025-09-20' }),
    dicomFile('CD/PR1', { ...base, kind: 'presentation-state', modality: 'PR' }),
  ];
  const study: Study = {
    studyInstanceUid: '1.2.3', date: '2025-10-05', description: 'PET CT WHOLE BODY', modalities: ['CT', 'PT', 'SR'],
    series: [
      { seriesInstanceUid: 's1', modality: 'CT', instances: 1, transferSyntaxes: [], kinds: ['image'], paths: ['CD/IM1'] },
      { seriesInstanceUid: 's2', modality: 'PT', instances: 1, transferSyntaxes: [], kinds: ['image'], paths: ['CD/IM2'] },
    ],
    instances: 2,
  };

  it('sorts images, reports, RT, slides and presentation states, and names PET with CT as PET_CT', async () => {
    const { byPath, scan } = await classify(files, undefined, [study]);
    expect(byPath('CD/IM1')).toMatchObject({ category: 'imaging', modality: 'CT', date: { date: '2025-10-05', source: 'dicom-tag' } });
    expect(byPath('CD/IM2')).toMatchObject({ category: 'imaging', modality: 'PT' });
    expect(byPath('CD/SR1')).toMatchObject({ category: 'imaging-report', modality: 'PET_CT' });
    expect(byPath('RT/plan')).toMatchObject({ category: 'radiotherapy-record', date: { date: '2025-11-01' } });
    expect(byPath('WSI/sm')).toMatchObject({ category: 'pathology-slides', date: { date: '2025-09-20' } });
    expect(byPath('CD/PR1')?.category).toBe('other');
    expect(scan.dicom.studies[0]?.classification).toMatchObject({ category: 'imaging', modality: 'PET_CT', title: 'PET CT WHOLE BODY', date: { date: '2025-10-05' } });
  });
});

describe('classifyCase: slides and pictures', () => {
  it('gives a slide scan its vendor scan date', async () => {
    const slide: FileEntry = { path: 's.svs', size: 10, mtimeMs: MTIME, family: 'slide', slide: { vendor: 'aperio', container: 'tiff', scanDate: '2025-09-15', scanDateRaw: '09/15/25' } };
    const { byPath } = await classify([slide]);
    expect(byPath('s.svs')).toMatchObject({ category: 'pathology-slides', date: { date: '2025-09-15', source: 'vendor-metadata' } });
  });

  it('tells a screenshot of a CT from an unexplained phone photo', async () => {
    const shot: FileEntry = { path: 'CT scan screenshot.png', size: 10, mtimeMs: MTIME, family: 'image', image: { format: 'png', width: 1920, height: 1080 } };
    const photo: FileEntry = { path: 'IMG_2231.jpg', size: 10, mtimeMs: MTIME, family: 'image', image: { format: 'jpeg', width: 3000, height: 4000, cameraMake: 'Apple', cameraModel: 'iPhone 13' } };
    const { byPath, findings } = await classify([shot, photo]);
    expect(byPath('CT scan screenshot.png')).toMatchObject({ category: 'imaging-export', modality: 'CT' });
    expect(byPath('IMG_2231.jpg')?.category).toBe('other');
    expect(findings.filter((f) => f.code === 'PHOTO_NEEDS_REVIEW').map((f) => f.paths[0])).toEqual(['IMG_2231.jpg']);
  });

  it('keeps a CT screenshot a picture when OCR reads only its overlay words, and reads a photo of a report named like a scan as the report', async () => {
    const overlay = 'L R CT CHEST 120 kV 250 mAs W 400 L 40 Series 3 Image 45';
    const shot: FileEntry = { path: 'CT chest.png', size: 10, mtimeMs: MTIME, family: 'image', image: { format: 'png', width: 1920, height: 1080, text: overlay } };
    const reportText = 'Royal Infirmary Department of Radiology\nMRI PELVIS STAGING REPORT\nPatient: Jane Example DOB: 01/02/1960\nDate of examination: 14/03/2025\n'
      + 'Clinical indication: rectal adenocarcinoma, staging.\nTechnique: multiplanar T2 weighted imaging of the pelvis with diffusion.\n'
      + 'Findings: there is a semicircumferential tumour of the mid rectum with extramural extension of 4 mm. The mesorectal fascia is clear.\n'
      + 'Impression: T3b N1 mid rectal tumour, MRF clear, EMVI negative.\nReported by Dr A Radiologist, Consultant Radiologist';
    const photo: FileEntry = { path: 'MRI pelvis staging.jpg', size: 10, mtimeMs: MTIME, family: 'image', image: { format: 'jpeg', width: 3000, height: 4000, text: reportText } };
    const { byPath } = await classify([shot, photo]);
    expect(byPath('CT chest.png')).toMatchObject({ category: 'imaging-export', modality: 'CT' });
    expect(byPath('MRI pelvis staging.jpg')?.category).toBe('imaging-report');
  });

  it('leaves icon-sized pictures (a CD viewer\'s buttons) as other without asking', async () => {
    const icon: FileEntry = { path: 'VIEWER/res/btn_next.png', size: 10, mtimeMs: MTIME, family: 'image', image: { format: 'png', width: 32, height: 32 } };
    const { byPath, findings } = await classify([icon]);
    expect(byPath('VIEWER/res/btn_next.png')?.category).toBe('other');
    expect(findings).toEqual([]);
  });

  it('takes a document photo\'s category from its name, weakly', async () => {
    const photo: FileEntry = { path: 'passport photo.jpg', size: 10, mtimeMs: MTIME, family: 'image', image: { format: 'jpeg', width: 3000, height: 4000, cameraMake: 'Samsung' } };
    const { byPath } = await classify([photo]);
    expect(byPath('passport photo.jpg')?.category).toBe('identity-document');
    expect(byPath('passport photo.jpg')?.confidence).toBeLessThanOrEqual(0.4);
  });
});

describe('classifyCase: overrides', () => {
  it('applies path and glob overrides, keeps the previous guess and clears answered findings', async () => {
    const files = [pdfFile('Scan_0001.pdf', undefined), pdfFile('reports/ct.pdf', CT), pdfFile('reports/path.pdf', PATHOLOGY)];
    const caseFile: CaseFile = {
      overrides: [
        { path: 'Scan_0001.pdf', category: 'lab-results', date: '2025-07-01' },
        { path: 'reports/*.pdf', modality: 'MR' },
        { path: 'reports/path.pdf', exclude: true },
        { path: 'nothing/**', category: 'other' },
      ],
    };
    const { byPath, findings } = await classify(files, caseFile);
    const scan1 = byPath('Scan_0001.pdf');
    expect(scan1).toMatchObject({ category: 'lab-results', confidence: 1, date: { date: '2025-07-01', source: 'override' } });
    expect(scan1?.override).toMatchObject({ pattern: 'Scan_0001.pdf', previous: { category: 'other' } });
    expect(scan1?.override?.fields.sort()).toEqual(['category', 'date']);
    expect(byPath('reports/ct.pdf')).toMatchObject({ category: 'imaging-report', modality: 'MR', override: { pattern: 'reports/*.pdf', fields: ['modality'], previous: { category: 'imaging-report', modality: 'CT', date: '2025-08-30' } } });
    expect(byPath('reports/path.pdf')?.excluded).toBe(true);
    const codes = findings.map((f) => `${f.code} ${f.paths[0]}`);
    expect(codes).not.toContain('PDF_NO_TEXT Scan_0001.pdf');
    expect(codes).toContain('OVERRIDE_UNUSED casepack.yaml');
    expect(findings.find((f) => f.code === 'OVERRIDE_UNUSED')?.message).toContain('nothing/**');
  });

  it('re-reads the date under an overridden category', async () => {
    const text = 'Report\nSample collected: 2025-05-02\nReport date: 2025-05-09\nHaemoglobin 12.1 g/dL\n';
    const { byPath } = await classify([pdfFile('r.pdf', text)], { overrides: [{ path: 'r.pdf', category: 'lab-results' }] });
    expect(byPath('r.pdf')?.category).toBe('lab-results');
    expect(byPath('r.pdf')?.date?.date).toBe('2025-05-02');
  });
});

describe('classifyCase: the case file\'s finding policy', () => {
  it('drops ignored codes and changes severities for the whole scan', async () => {
    const scan = scanOf([pdfFile('Scan_0001.pdf', undefined), pdfFile('notes.pdf', 'Shopping: milk, bread.')]);
    scan.findings.push({ code: 'PDF_RESTRICTED', severity: 'info', paths: ['x.pdf'], message: 'm', hint: 'h' });
    const findings = await classifyCase(scan, { today: TODAY, caseFile: { findings: { ignore: ['PDF_NO_TEXT', 'PDF_RESTRICTED'], severity: { UNCLASSIFIED: 'error' } } } });
    expect(findings.map((f) => f.code)).not.toContain('PDF_NO_TEXT');
    expect(scan.findings).toEqual([]);
    expect(findings.find((f) => f.code === 'UNCLASSIFIED')?.severity).toBe('error');
  });
});

describe('classifyCase: text files', () => {
  const textFile = (path: string, content: string): FileEntry => ({ path, size: content.length, mtimeMs: MTIME, family: 'text', text: { encoding: 'utf-8', chars: content.length, content } });

  it('reads a plain-text report like any document', async () => {
    const { byPath } = await classify([textFile('notes/ct.txt', CT)]);
    expect(byPath('notes/ct.txt')).toMatchObject({ category: 'imaging-report', modality: 'CT', date: { date: '2025-08-30' } });
  });

  it('files a CD viewer\'s config and markup as other without a warning, unless it reads as a report', async () => {
    const { byPath, findings } = await classify([textFile('VIEWER/autorun.inf', '[autorun]\nopen=viewer.exe\n'), textFile('portal/report.html', `<html><body><pre>${PATHOLOGY}</pre></body></html>`)]);
    expect(byPath('VIEWER/autorun.inf')?.category).toBe('other');
    expect(findings.filter((f) => f.paths.includes('VIEWER/autorun.inf'))).toEqual([]);
    expect(byPath('portal/report.html')?.category).toBe('pathology-report');
  });
});
