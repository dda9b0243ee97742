// Generates (once, cached) the benchmark's synthetic hospital CD under bench/.work/.
// Files are written with the project's own generators from dist/ (run `npm run build` first).
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const WORK_DIR = path.resolve(import.meta.dirname, '..', '.work');
export const DICOM_FILES = 5000;
export const SERIES = 10;
export const PDF_FILES = 100;
export const SLIDE_BYTES = 2 * 1024 ** 3;
const ROWS = 512;
const COLUMNS = 512;
const PIXEL_BYTES = ROWS * COLUMNS * 2;
/** Bump when the layout or content changes, so a stale cache is rebuilt. */
const LAYOUT_VERSION = 'cd-v1';

const pad = (n, width) => String(n).padStart(width, '0');

/** The file ID of instance i, DICOMDIR-style: 8-character upper-case names, no extension. */
export function instancePath(i, dicomFiles = DICOM_FILES, series = SERIES) {
  const perSeries = Math.ceil(dicomFiles / series);
  return `PT000000/ST000000/SE${pad(Math.floor(i / perSeries), 6)}/IM${pad((i % perSeries) + 1, 6)}`;
}

async function importDist(name) {
  const file = path.resolve(import.meta.dirname, '..', '..', 'tools', 'synth', name.replace(/\.js$/, '.ts'));
  if (!existsSync(file)) return undefined;
  return import(file);
}

/**
 * A CT slice like a scanner writes it: the identifying tags, geometry and
 * window tags, and a vendor private block, so the header is realistically
 * sized (~2-3 KB) rather than minimal.
 */
function ctSlice(writer, i, dicomFiles, seriesCount) {
  const perSeries = Math.ceil(dicomFiles / seriesCount);
  const series = Math.floor(i / perSeries);
  const n = (i % perSeries) + 1;
  const studyUid = '1.2.826.0.1.3680043.10.999.1';
  const seriesUid = `${studyUid}.${series + 1}`;
  const ds = (v) => String(v);
  return writer.writeDicom({
    patientName: 'BENCH^PATIENT', patientId: 'BENCH0001', patientBirthDate: '19600101',
    studyInstanceUid: studyUid, seriesInstanceUid: seriesUid, sopInstanceUid: `${seriesUid}.${n}`,
    studyDate: '20250912', seriesDate: '20250912', acquisitionDate: '20250912', contentDate: '20250912', studyTime: '101500',
    modality: 'CT', studyDescription: 'CT CHEST ABDOMEN PELVIS W CONTRAST', seriesDescription: `AXIAL ${series + 1}`,
    seriesNumber: series + 1, instanceNumber: n, bodyPart: 'CHEST', institution: 'Synthetic General Hospital',
    manufacturer: 'SYNTHETIC', imageType: 'ORIGINAL\\PRIMARY\\AXIAL',
    rows: ROWS, columns: COLUMNS, bitsAllocated: 16, pixelData: { length: PIXEL_BYTES },
    extraElements: [
      { tag: 0x00180050, vr: 'DS', value: '1.25' },
      { tag: 0x00180060, vr: 'DS', value: '120' },
      { tag: 0x00181151, vr: 'IS', value: '250' },
      { tag: 0x00200032, vr: 'DS', value: `-250\\-250\\${ds(-n * 1.25)}` },
      { tag: 0x00200037, vr: 'DS', value: '1\\0\\0\\0\\1\\0' },
      { tag: 0x00201041, vr: 'DS', value: ds(-n * 1.25) },
      { tag: 0x00280030, vr: 'DS', value: '0.9765625\\0.9765625' },
      { tag: 0x00281050, vr: 'DS', value: '40\\400' },
      { tag: 0x00281051, vr: 'DS', value: '400\\1500' },
      { tag: 0x00281052, vr: 'DS', value: '-1024' },
      { tag: 0x00281053, vr: 'DS', value: '1' },
      { tag: 0x00430010, vr: 'LO', value: 'SYNTHETIC_PRIVATE' },
      { tag: 0x00431001, vr: 'OB', value: Buffer.alloc(1500, i % 251) },
    ],
  });
}

async function writeDicomFiles(writer, root, dicomFiles, seriesCount) {
  const perSeries = Math.ceil(dicomFiles / seriesCount);
  for (let i = 0; i < dicomFiles; i++) {
    const file = path.join(root, instancePath(i, dicomFiles, seriesCount));
    if (i % perSeries === 0) await mkdir(path.dirname(file), { recursive: true });
    const bytes = ctSlice(writer, i, dicomFiles, seriesCount);
    // The pixel data is zeros: write the header and let the file system keep the rest as a hole.
    // The file's bytes are exactly the full DICOM file; only disk use is spared.
    const header = bytes.subarray(0, bytes.length - PIXEL_BYTES);
    const handle = await open(file, 'w');
    try {
      await handle.write(header, 0, header.length, 0);
      await handle.truncate(bytes.length);
    } finally {
      await handle.close();
    }
  }
  const entries = Array.from({ length: dicomFiles }, (_, i) => ({
    fileId: instancePath(i, dicomFiles, seriesCount), patientName: 'BENCH^PATIENT', patientId: 'BENCH0001',
    studyInstanceUid: '1.2.826.0.1.3680043.10.999.1', studyDate: '20250912',
    seriesInstanceUid: `1.2.826.0.1.3680043.10.999.1.${Math.floor(i / perSeries) + 1}`,
    sopInstanceUid: `1.2.826.0.1.3680043.10.999.1.${Math.floor(i / perSeries) + 1}.${(i % perSeries) + 1}`,
  }));
  await writeFile(path.join(root, 'DICOMDIR'), writer.writeDicomdir({ fileSetId: 'BENCHCD', entries }));
}

async function writeSlides(tiff, root) {
  await mkdir(path.join(root, 'SLIDES'), { recursive: true });
  await tiff.writeSparseSlideFile(path.join(root, 'SLIDES', 'biopsy-HE.svs'), { vendor: 'aperio', bytes: SLIDE_BYTES });
  await tiff.writeSparseSlideFile(path.join(root, 'SLIDES', 'biopsy-IHC.ndpi'), { vendor: 'hamamatsu', bytes: SLIDE_BYTES });
}

async function writePdfs(reports, root) {
  await mkdir(path.join(root, 'REPORTS'), { recursive: true });
  for (let i = 0; i < PDF_FILES; i++) {
    const day = pad((i % 28) + 1, 2);
    const bytes = await reports.makeReportPdf({
      title: i % 2 === 0 ? 'Surgical Pathology Report' : 'CT Report',
      letterhead: { institution: 'Synthetic General Hospital', department: i % 2 === 0 ? 'Pathology' : 'Radiology' },
      fields: [['Patient', 'BENCH, PATIENT'], ['Date of procedure', `${day}/09/2025`], ['Report no.', `R-${pad(i, 5)}`]],
      sections: [
        { heading: 'Findings', blocks: [`Synthetic benchmark report number ${i}. No real patient data.`] },
        { heading: 'Conclusion', blocks: ['See findings.'] },
      ],
    });
    await writeFile(path.join(root, 'REPORTS', `report-${pad(i, 3)}.pdf`), bytes);
  }
}

/**
 * Make sure bench/.work/<name> holds the synthetic CD; returns its layout.
 * Slides and PDFs come from other modules' generators: when one is not built
 * yet, that part is skipped and said so (the DICOM comparison still runs).
 * `dicomFiles`/`series` size the CD; `slides`/`pdfs: false` leave those parts out.
 */
export async function ensureSyntheticCd({ name = 'cd', dicomFiles = DICOM_FILES, series = SERIES, slides = true, pdfs = true, root: givenRoot } = {}) {
  const root = givenRoot ?? path.join(WORK_DIR, name);
  const marker = `${root}.complete`;
  const writer = await importDist('dicom-writer.js');
  if (!writer) throw new Error('dist/synth/dicom-writer.js is missing: run `npm run build` first');
  const tiff = slides ? await importDist('tiff-writer.js') : undefined;
  const reports = pdfs ? await importDist('report-pdf.js') : undefined;
  const want = `${LAYOUT_VERSION} dicom:${dicomFiles}/${series} slides:${Boolean(tiff)} pdfs:${Boolean(reports)}`;
  const have = existsSync(marker) ? (await readFile(marker, 'utf8')).trim() : '';
  const layout = { root, dicomRoot: path.join(root, 'PT000000'), dicomFiles, series, slides: Boolean(tiff), pdfs: Boolean(reports) };
  if (have === want) return layout;

  console.log(`bench: generating the synthetic CD in ${path.relative(process.cwd(), root)} (once) ...`);
  const started = Date.now();
  await rm(root, { recursive: true, force: true });
  await mkdir(root, { recursive: true });
  await writeDicomFiles(writer, root, dicomFiles, series);
  if (tiff) await writeSlides(tiff, root);
  else if (slides) console.warn('bench: dist/synth/tiff-writer.js not built yet: no slides on the CD');
  if (reports) await writePdfs(reports, root);
  else if (pdfs) console.warn('bench: dist/synth/report-pdf.js not built yet: no PDFs on the CD');
  await writeFile(marker, `${want}\n`);
  console.log(`bench: generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return layout;
}
