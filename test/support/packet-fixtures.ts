import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { PDFDocument } from '../../src/util/pdf-lib.js';
import type { CategoryId } from '../../src/model/categories.js';
import type { FileEntry, ScanResult } from '../../src/model/scan.js';
import { scanCase } from '../../src/pipeline/scan.js';
import { writeDicom, uidFor } from '../../tools/synth/dicom-writer.js';
import { makeReportPdf } from '../../tools/synth/report-pdf.js';
import { aperioIfds, writeTiff } from '../../tools/synth/tiff-writer.js';

/**
 * A small but complete case made by our own writers: reports of several
 * categories and dates, a photo of a paper report, an owner-password PDF, a
 * password-protected PDF, a damaged PDF, two CT series, a slide scan, an
 * unrecognised file and a duplicate. Classification is set here, not by the
 * classifier, so packet tests do not move when classification rules change.
 */
export interface FixtureDoc {
  path: string;
  category: CategoryId;
  date: string | null;
  start?: string;
  title?: string;
  modality?: string;
}

export const FIXTURE_DOCS: FixtureDoc[] = [
  { path: 'reports/biopsy.pdf', category: 'pathology-report', date: '2025-06-02', title: 'Core biopsy, left breast' },
  { path: 'reports/resection.pdf', category: 'pathology-report', date: '2025-09-12', title: 'Lumpectomy' },
  { path: 'labs/cbc-june.pdf', category: 'lab-results', date: '2025-06-02' },
  { path: 'labs/markers.pdf', category: 'lab-results', date: '2025-09-30', start: '2025-08-01' },
  { path: 'reports/pet report.pdf', category: 'imaging-report', date: '2025-10-05', modality: 'PET-CT' },
  { path: 'WhatsApp/IMG_0001.png', category: 'clinical-summary', date: '2025-05-20', title: 'Referral letter (photo)' },
  { path: 'reports/restricted.pdf', category: 'molecular-report', date: '2025-07-01' },
  { path: 'reports/locked.pdf', category: 'discharge-summary', date: '2025-09-15' },
  { path: 'reports/broken.pdf', category: 'operative-report', date: '2025-09-11' },
  { path: 'reports/undated note.pdf', category: 'clinical-summary', date: null },
  { path: 'CD/DICOM/DOC/REPORT1', category: 'imaging-report', date: '2025-10-05', modality: 'PET-CT', title: 'PET-CT report (DICOM)' },
];

export const FIXTURE_QUESTION = 'Is adjuvant chemotherapy indicated after lumpectomy?';
export const FIXTURE_PATIENT = 'Fatima Al-Sayed فاطمة السيد';

/** A valid grey PNG (no image library needed: IHDR, one IDAT, IEND). */
export function makePng(width: number, height: number, shade = 200): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer): number => {
    let c = 0xffffffff;
    for (const b of buf) c = (crcTable[(c ^ b) & 0xff] as number) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; ihdr[9] = 0; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  const raw = Buffer.alloc((width + 1) * height, shade);
  for (let y = 0; y < height; y++) raw[y * (width + 1)] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

async function report(title: string, pages = 1): Promise<Uint8Array> {
  const blocks = Array.from({ length: pages }, (_, i) => (i === 0 ? `Findings of ${title}.` : { type: 'pageBreak' as const }));
  if (pages > 1) blocks.push(`Continued findings of ${title}.`);
  return makeReportPdf({ title, fields: [['Patient', 'Fatima Al-Sayed']], sections: [{ heading: 'Report', blocks }] });
}

async function encrypted(title: string, userPassword: string): Promise<Uint8Array> {
  const doc = await PDFDocument.load(await report(title));
  doc.encrypt({ userPassword, ownerPassword: 'owner-secret' });
  return doc.save();
}

export interface FixtureCase {
  root: string;
  /** Pages each PDF source has (for page-count assertions). */
  pages: Record<string, number>;
  dicomPaths: string[];
  slidePath: string;
}

export async function writeFixtureCase(root: string): Promise<FixtureCase> {
  const put = async (rel: string, data: Uint8Array | string): Promise<void> => {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), data);
  };
  const pages: Record<string, number> = {};
  const docPages: Record<string, number> = { 'reports/biopsy.pdf': 2, 'reports/resection.pdf': 3, 'labs/cbc-june.pdf': 1, 'labs/markers.pdf': 2, 'reports/pet report.pdf': 1, 'reports/undated note.pdf': 1 };
  for (const [rel, n] of Object.entries(docPages)) {
    await put(rel, await report(path.basename(rel, '.pdf'), n));
    pages[rel] = n;
  }
  await put('reports/restricted.pdf', await encrypted('restricted', ''));
  pages['reports/restricted.pdf'] = 1;
  await put('reports/locked.pdf', await encrypted('locked', 'user-secret'));
  const broken = Buffer.from(await report('broken', 2));
  await put('reports/broken.pdf', broken.subarray(0, Math.floor(broken.length / 3)));
  await put('WhatsApp/IMG_0001.png', makePng(120, 160));
  await put('copies/biopsy (1).pdf', await readBack(root, 'reports/biopsy.pdf'));
  await put('notes.txt', 'Questions to ask at the next visit.\n');

  const dicomPaths: string[] = [];
  const study = uidFor('fixture-study');
  for (const [seriesIndex, description] of ['AXIAL 5mm', 'CORONAL'].entries()) {
    for (let i = 1; i <= 3; i++) {
      const rel = `CD/DICOM/S${seriesIndex}/IM${i}`;
      await put(rel, writeDicom({
        studyInstanceUid: study,
        seriesInstanceUid: uidFor(`fixture-series-${seriesIndex}`),
        sopInstanceUid: uidFor(`fixture-${seriesIndex}-${i}`),
        modality: 'CT', studyDate: '20251005', studyDescription: 'CT CHEST/ABDOMEN', seriesDescription: description,
        seriesNumber: seriesIndex + 2, instanceNumber: 4 - i, patientName: 'AL-SAYED^FATIMA', patientId: 'P123', patientBirthDate: '19700101',
        rows: 8, columns: 8, pixelData: { length: 128 },
      }));
      dicomPaths.push(rel);
    }
  }
  const encapsulated = 'CD/DICOM/DOC/REPORT1';
  await put(encapsulated, writeDicom({
    studyInstanceUid: uidFor('fixture-pet-study'), seriesInstanceUid: uidFor('fixture-pet-doc'), sopInstanceUid: uidFor('fixture-pet-doc-1'),
    studyDate: '20251005', studyDescription: 'PET-CT report', seriesNumber: 99, instanceNumber: 1,
    patientName: 'AL-SAYED^FATIMA', patientId: 'P123', patientBirthDate: '19700101',
    encapsulatedPdf: Buffer.from(await report('PET-CT report', 2)),
  }));
  pages[encapsulated] = 2;
  dicomPaths.push(encapsulated);
  const slidePath = 'slides/H&E block A1.svs';
  await put(slidePath, writeTiff({ ifds: aperioIfds({ width: 2000, height: 1500, levels: 2 }) }));
  await put('casepack.yaml', `patient:\n  name: "${FIXTURE_PATIENT}"\n  birthDate: 1970-01-01\nquestions:\n  - "${FIXTURE_QUESTION}"\n`);
  return { root, pages, dicomPaths, slidePath };
}

async function readBack(root: string, rel: string): Promise<Buffer> {
  const { readFile } = await import('node:fs/promises');
  return readFile(path.join(root, rel));
}

/** Scan with the real probes, then set classification from FIXTURE_DOCS (others: imaging/slides/other by family). */
export async function scanFixtureCase(root: string): Promise<ScanResult> {
  // Classifications are set below from the fixture's own list: OCR of its scanned pages would only cost time.
  const scan = await scanCase(root, { ocr: { enabled: false } });
  const byPath = new Map(FIXTURE_DOCS.map((d) => [d.path, d]));
  for (const file of scan.files) file.classification = classificationFor(file, byPath.get(file.path));
  for (const study of scan.dicom.studies) study.classification = { category: 'imaging', modality: 'CT', confidence: 1, reasons: [], date: { date: study.date, source: 'dicom-tag', confidence: 1 } };
  return scan;
}

function classificationFor(file: FileEntry, doc: FixtureDoc | undefined): NonNullable<FileEntry['classification']> {
  if (doc) {
    return {
      category: doc.category,
      modality: doc.modality,
      title: doc.title,
      confidence: 1,
      reasons: [],
      date: doc.date ? { date: doc.date, start: doc.start, source: 'content', confidence: 1 } : null,
    };
  }
  // The byte-identical copy is classified like its original, as the classifier would.
  if (file.path.startsWith('copies/')) return classificationFor(file, FIXTURE_DOCS[0]);
  const category: CategoryId = file.family === 'dicom' ? 'imaging' : file.family === 'slide' ? 'pathology-slides' : 'other';
  return { category, confidence: 1, reasons: [], date: null };
}
