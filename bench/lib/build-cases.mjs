// The build benchmark's cases, generated once with the project's own generators
// (tools/synth) and cached under bench/.work/. No real patient data.
import { existsSync } from 'node:fs';
import { mkdir, open, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { WORK_DIR } from './synthetic-cd.mjs';

const SYNTH = path.resolve(import.meta.dirname, '..', '..', 'tools', 'synth');
const pad = (n, width) => String(n).padStart(width, '0');

/** Runs `make(dir)` once; a `.complete` marker with the layout version says the cache is whole. */
async function cached(name, version, make) {
  const dir = path.join(WORK_DIR, name);
  const marker = path.join(WORK_DIR, `${name}.complete`);
  const { readFile } = await import('node:fs/promises');
  if (existsSync(marker) && (await readFile(marker, 'utf8')).trim() === version) return dir;
  console.log(`bench: generating ${name} (once) ...`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await make(dir);
  await writeFile(marker, `${version}\n`);
  return dir;
}

/**
 * A CT slice's pixels like a scanner's: air around an elliptic body of soft
 * tissue with a bone ring, plus quantum noise. Deflate shrinks it to about half,
 * as it does real CT; the synthetic CD's zero pixels deflate to nothing and
 * would flatter every zip tool alike.
 */
function ctPixels(rows, columns, slice) {
  const pixels = Buffer.alloc(rows * columns * 2);
  let seed = (slice * 2654435761) >>> 0 || 1;
  const noise = () => {
    seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0;
    return ((seed & 0xff) + ((seed >>> 8) & 0xff) - 255) / 8;
  };
  const a = columns * (0.36 + 0.02 * Math.sin(slice / 40));
  const b = rows * 0.27;
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++) {
      const r = ((x - columns / 2) / a) ** 2 + ((y - rows / 2) / b) ** 2;
      let value = r > 1 ? 24 : r > 0.85 ? 1700 + 40 * Math.sin(x / 7) : 1064 + 30 * Math.sin((x + y + slice) / 23);
      value += noise() * (r > 1 ? 1 : 3);
      pixels.writeUInt16LE(Math.max(0, Math.min(4095, Math.round(value))), (y * columns + x) * 2);
    }
  }
  return pixels;
}

/** A CT CD of `files` 512 x 512 slices (~0.5 MB each) in 5 series, with a DICOMDIR. */
export async function ensureCtCd(files) {
  return cached(`ct-cd-${files}`, 'ct-v1', async (root) => {
    const writer = await import(path.join(SYNTH, 'dicom-writer.ts'));
    const perSeries = Math.ceil(files / 5);
    const studyUid = '1.2.826.0.1.3680043.10.999.2';
    const entries = [];
    for (let i = 0; i < files; i++) {
      const series = Math.floor(i / perSeries);
      const n = (i % perSeries) + 1;
      const fileId = `PT000000/ST000000/SE${pad(series, 6)}/IM${pad(n, 6)}`;
      if (n === 1) await mkdir(path.join(root, path.dirname(fileId)), { recursive: true });
      const seriesUid = `${studyUid}.${series + 1}`;
      const bytes = writer.writeDicom({
        patientName: 'BENCH^PATIENT', patientId: 'BENCH0001', patientBirthDate: '19600101',
        studyInstanceUid: studyUid, seriesInstanceUid: seriesUid, sopInstanceUid: `${seriesUid}.${n}`,
        studyDate: '20250912', seriesDate: '20250912', modality: 'CT', studyDescription: 'CT CHEST W CONTRAST',
        seriesDescription: `AXIAL ${series + 1}`, seriesNumber: series + 1, instanceNumber: n,
        rows: 512, columns: 512, bitsAllocated: 16, pixelData: ctPixels(512, 512, i),
      });
      await writeFile(path.join(root, fileId), bytes);
      entries.push({ fileId, patientName: 'BENCH^PATIENT', patientId: 'BENCH0001', studyInstanceUid: studyUid, studyDate: '20250912', seriesInstanceUid: seriesUid, sopInstanceUid: `${seriesUid}.${n}` });
    }
    await writeFile(path.join(root, 'DICOMDIR'), writer.writeDicomdir({ fileSetId: 'BENCHCT', entries }));
  });
}

/** 100 one-page typed reports, the small-document case. */
export async function ensureSmallPdfs(count = 100) {
  return cached(`small-pdfs-${count}`, 'pdf-v1', async (dir) => {
    const { makeReportPdf } = await import(path.join(SYNTH, 'report-pdf.ts'));
    for (let i = 0; i < count; i++) {
      const day = pad((i % 28) + 1, 2);
      const pathology = i % 2 === 0;
      const bytes = await makeReportPdf({
        title: pathology ? 'Surgical Pathology Report' : 'CT Report',
        letterhead: { institution: 'Synthetic General Hospital', department: pathology ? 'Pathology' : 'Radiology' },
        fields: [['Patient', 'BENCH, PATIENT'], ['Date of procedure', `${day}/09/2025`], ['Report no.', `R-${pad(i, 5)}`]],
        sections: [
          { heading: 'Findings', blocks: [`Synthetic benchmark report number ${i}. No real patient data.`] },
          { heading: 'Conclusion', blocks: ['See findings.'] },
        ],
      });
      await writeFile(path.join(dir, `report-${pad(i, 3)}.pdf`), bytes);
    }
  });
}

/**
 * 450 scanned pages: 15 image-only PDFs of 30 pages, each page a 150 dpi grey
 * JPEG with scanner-like noise (~0.3 MB, as a real scan; tools/synth's flat
 * rasters compress to a few KB and would hide the merge's memory).
 */
export async function ensureScannedPdfs() {
  return cached('scanned-450', 'scan-v3', async (dir) => {
    const sharp = (await import('sharp')).default;
    const { PDFDocument } = await import('@cantoo/pdf-lib');
    // A few distinct scans, each embedded as its own image object on many pages: the merge holds every one.
    const scans = [];
    for (let s = 0; s < 4; s++) {
      scans.push(await sharp({ create: { width: 1240, height: 1754, channels: 3, background: '#f2f2f2', noise: { type: 'gaussian', mean: 225 - s, sigma: 9 } } })
        .greyscale().jpeg({ quality: 75 }).toBuffer());
    }
    for (let i = 0; i < 15; i++) {
      const doc = await PDFDocument.create({ updateMetadata: false });
      for (let p = 0; p < 30; p++) {
        const image = await doc.embedJpg(scans[(i + p) % scans.length]);
        const page = doc.addPage([595, 842]);
        page.drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
      }
      await writeFile(path.join(dir, `scan-${pad(i, 2)}.pdf`), await doc.save({ useObjectStreams: false }));
    }
  });
}

/**
 * Two slides of `bytes` each with valid vendor headers and random pixel data:
 * real slides are JPEG tiles and do not compress.
 */
export async function ensureRandomSlides(dir, bytes) {
  const { aperioIfds, hamamatsuIfds, writeTiff } = await import(path.join(SYNTH, 'tiff-writer.ts'));
  const { randomFillSync } = await import('node:crypto');
  await mkdir(dir, { recursive: true });
  for (const [name, ifds] of [['biopsy-HE.svs', aperioIfds({ width: 40000, height: 30000, levels: 3 })], ['biopsy-IHC.ndpi', hamamatsuIfds({ width: 40000, height: 30000, levels: 3 })]]) {
    const handle = await open(path.join(dir, name), 'w');
    const chunk = Buffer.alloc(16 * 1024 ** 2);
    for (let written = 0; written < bytes; written += chunk.length) await handle.write(randomFillSync(chunk), 0, chunk.length, written);
    const header = writeTiff({ ifds });
    await handle.write(header, 0, header.length, 0);
    await handle.close();
  }
}

/** The mixed case: the CT CD, two incompressible 1 GB slides and the 100 reports, side by side. */
export async function ensureMixedCase(ctFiles) {
  const ct = await ensureCtCd(ctFiles);
  const pdfs = await ensureSmallPdfs(100);
  return cached(`mixed-${ctFiles}`, 'mixed-v1', async (dir) => {
    const { cp } = await import('node:fs/promises');
    await cp(ct, path.join(dir, 'CD'), { recursive: true });
    await cp(pdfs, path.join(dir, 'REPORTS'), { recursive: true });
    await ensureRandomSlides(path.join(dir, 'SLIDES'), 1024 ** 3);
  });
}
