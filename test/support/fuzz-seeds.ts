/**
 * Valid files to mutate: made by our own synth writers (passed in, so the
 * plain-JS fuzz script can hand over the built ones) plus small corpus files.
 * Structural hostiles that random mutation rarely reaches are built here on
 * purpose: absurdly deep DICOM sequences, undefined-length items without
 * delimiters, TIFF IFD chains that loop.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type * as DicomWriter from '../../tools/synth/dicom-writer.js';
import type * as ImageWriter from '../../tools/synth/image-writer.js';
import type * as ReportPdf from '../../tools/synth/report-pdf.js';
import type * as TiffWriter from '../../tools/synth/tiff-writer.js';

export type SeedFormat = 'dicom' | 'dicomdir' | 'tiff' | 'image' | 'pdf' | 'archive';

export interface Seed {
  name: string;
  format: SeedFormat;
  bytes: Buffer;
}

export interface SynthWriters {
  dicom: Pick<typeof DicomWriter, 'writeDicom' | 'writeDicomdir'>;
  tiff: Pick<typeof TiffWriter, 'writeTiff' | 'aperioIfds' | 'hamamatsuIfds'>;
  image: Pick<typeof ImageWriter, 'writeJpeg' | 'writePng'>;
  pdf: Pick<typeof ReportPdf, 'makeReportPdf' | 'makeScannedPdf'>;
}

/** Explicit VR little endian element header with a 4-byte length (SQ, items). */
function longHeader(group: number, element: number, vr: string, length: number): Buffer {
  const b = Buffer.alloc(12);
  b.writeUInt16LE(group, 0);
  b.writeUInt16LE(element, 2);
  b.write(vr, 4, 'latin1');
  b.writeUInt32LE(length, 8);
  return b;
}

function itemStart(length: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt16LE(0xfffe, 0);
  b.writeUInt16LE(0xe000, 2);
  b.writeUInt32LE(length, 4);
  return b;
}

/** `depth` sequences, each holding one undefined-length item, none of them ever closed. */
export function deepUndelimitedSequence(depth: number): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < depth; i++) parts.push(longHeader(0x0040, 0x0275, 'SQ', 0xffffffff), itemStart(0xffffffff));
  return Buffer.concat(parts);
}

export async function syntheticSeeds(w: SynthWriters): Promise<Seed[]> {
  const { writeDicom, writeDicomdir } = w.dicom;
  const base = { patientName: 'FUZZ^PATIENT', patientId: 'F1', studyDate: '20240315', modality: 'CT', rows: 8, columns: 8, pixelData: { length: 128 } };
  const seeds: Seed[] = [
    { name: 'dicom-explicit-le', format: 'dicom', bytes: writeDicom(base) },
    { name: 'dicom-implicit-le', format: 'dicom', bytes: writeDicom({ ...base, transferSyntax: 'implicit-le' }) },
    { name: 'dicom-explicit-be', format: 'dicom', bytes: writeDicom({ ...base, transferSyntax: 'explicit-be' }) },
    { name: 'dicom-deflate', format: 'dicom', bytes: writeDicom({ ...base, transferSyntax: 'deflate' }) },
    { name: 'dicom-headless', format: 'dicom', bytes: writeDicom({ ...base, preamble: false, fileMeta: false, transferSyntax: 'implicit-le' }) },
    { name: 'dicom-sr', format: 'dicom', bytes: writeDicom({ patientName: 'FUZZ^SR', srText: [{ concept: 'Findings', text: 'No evidence of disease.' }] }) },
    { name: 'dicom-encapsulated-pdf', format: 'dicom', bytes: writeDicom({ encapsulatedPdf: Buffer.from('%PDF-1.4\n%%EOF\n') }) },
    // 10,000 nested sequences with undefined-length items and no delimiters, after a valid header.
    { name: 'dicom-deep-undelimited', format: 'dicom', bytes: Buffer.concat([writeDicom({ patientName: 'DEEP' }), deepUndelimitedSequence(10_000)]) },
    {
      name: 'dicomdir', format: 'dicomdir',
      bytes: writeDicomdir({ entries: [{ fileId: 'DICOM/IM0001', patientName: 'FUZZ', modality: 'CT' }, { fileId: 'DICOM/IM0002', patientName: 'FUZZ', modality: 'CT' }] }),
    },
  ];

  const { writeTiff, aperioIfds, hamamatsuIfds } = w.tiff;
  const slide = { width: 4000, height: 3000, levels: 2 };
  const aperio = aperioIfds(slide);
  seeds.push(
    { name: 'tiff-aperio', format: 'tiff', bytes: writeTiff({ ifds: aperio }) },
    { name: 'tiff-aperio-big-endian', format: 'tiff', bytes: writeTiff({ ifds: aperio, byteOrder: 'big' }) },
    { name: 'bigtiff-aperio', format: 'tiff', bytes: writeTiff({ ifds: aperio, bigTiff: true }) },
    { name: 'tiff-hamamatsu', format: 'tiff', bytes: writeTiff({ ifds: hamamatsuIfds(slide) }) },
    { name: 'tiff-loop', format: 'tiff', bytes: writeTiff({ ifds: [{ ...aperio[0]!, next: { toIfd: 1 } }, { ...aperio[1]!, next: { toIfd: 0 } }] }) },
    { name: 'tiff-self-loop', format: 'tiff', bytes: writeTiff({ ifds: [{ width: 16, height: 16, next: { toIfd: 0 } }] }) },
  );

  const { writeJpeg, writePng } = w.image;
  seeds.push(
    { name: 'jpeg-exif', format: 'image', bytes: writeJpeg({ width: 64, height: 48, exif: { dateTimeOriginal: '2024:03:15 10:00:00', make: 'Fuzz', model: 'Cam' } }) },
    { name: 'png', format: 'image', bytes: writePng({ width: 32, height: 32 }) },
  );

  const { makeReportPdf, makeScannedPdf } = w.pdf;
  seeds.push(
    { name: 'pdf-report', format: 'pdf', bytes: Buffer.from(await makeReportPdf({ title: 'Surgical Pathology Report', fields: [['Date of procedure', '12/09/2025']], sections: [{ heading: 'Diagnosis', blocks: ['Invasive ductal carcinoma.'] }] })) },
    { name: 'pdf-scanned', format: 'pdf', bytes: Buffer.from(await makeScannedPdf({ dpi: 20 })) },
  );
  return seeds;
}

const CORPUS_FORMAT: Record<string, SeedFormat> = { dicom: 'dicom', pdf: 'pdf', slides: 'tiff' };

/** Corpus files up to `maxBytes`, read (never written) from ../shared/corpus. */
export async function corpusSeeds(corpusDir: string, maxBytes = 400 * 1024): Promise<Seed[]> {
  const seeds: Seed[] = [];
  for (const [folder, format] of Object.entries(CORPUS_FORMAT)) {
    const dir = path.join(corpusDir, folder);
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names.sort()) {
      const abs = path.join(dir, name);
      const info = await stat(abs).catch(() => undefined);
      if (!info?.isFile() || info.size === 0 || info.size > maxBytes) continue;
      seeds.push({ name: `corpus/${folder}/${name}`, format, bytes: await readFile(abs) });
    }
  }
  return seeds;
}
