import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import dicomParser, { type DataSet, type Element } from 'dicom-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { FILE_ID_SLOT, plainDirectoryRecords, plainMetaSopClass, readPlainDirectory, RECORD_TYPE_SLOT } from '../../src/probe/dicom/fast-header.js';
import { leanReaders } from '../../src/probe/dicom/parse.js';
import { probeFile } from '../../src/probe/index.js';
import { writeDicom, writeDicomdir } from '../../tools/synth/dicom-writer.js';
import { corpusAvailable } from '../support/corpus.js';
import { expectLeanProbeAgrees } from '../support/lean-probe.js';
import { CORPUS_DIR, makeTempDir } from '../support/tree.js';

// The lean DICOMDIR reader must never disagree with dicom-parser: whenever it answers, dicom-parser reads the
// same bytes without an error or a warning, finds the same top-level elements at the same places, the same
// directory records, and in each record the same record type and referenced file ID (all dicomdir.ts reads).

const RECORDS = 'x00041220';
const KEPT = ['x00041430', 'x00041500'];

const row = (key: string, e: Element): string => JSON.stringify([key, e.tag, e.vr, e.length, e.dataOffset, e.hadUndefinedLength ?? false]);
const rows = (dataSet: DataSet): string[] => Object.entries(dataSet.elements).map(([key, e]) => row(key, e));

/** Where each record's kept elements lie (offset, length), or null for one it lacks: what dicomdir.ts reads their values from. */
function records(dataSet: DataSet): (number[] | null)[][] {
  return (dataSet.elements[RECORDS]?.items ?? []).map((item) => KEPT.map((tag) => {
    const e = item.dataSet?.elements[tag];
    return e ? [e.dataOffset, e.length] : null;
  }));
}

/** The lean reader's notes of the same, in the same shape. */
function noted(dataSet: DataSet): (number[] | null)[][] {
  const plain = plainDirectoryRecords(dataSet);
  if (!plain) return [];
  return Array.from({ length: plain.count }, (_, record) => [RECORD_TYPE_SLOT, FILE_ID_SLOT].map((slot) => {
    const offset = plain.valueOffset(record, slot);
    return offset < 0 ? null : [offset, plain.valueLength(record, slot)];
  }));
}

/** Checks one buffer; returns whether the lean reader answered. */
function agrees(bytes: Buffer, label: string): boolean {
  const fast = readPlainDirectory(bytes);
  if (!fast) return false;
  let reference: DataSet;
  try {
    reference = dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' });
  } catch (err) {
    throw new Error(`${label}: the lean reader answered where dicom-parser fails (${String((err as { exception?: unknown }).exception ?? err)})`);
  }
  expect(reference.warnings, label).toEqual([]);
  expect(rows(fast), label).toEqual(rows(reference));
  // The record sequence is the same element; its records are noted, not built (no items), at the same places.
  expect(fast.elements[RECORDS]?.items, label).toBeUndefined();
  expect(noted(fast), label).toEqual(records(reference));
  expect(fast.string('x00020002'), label).toBe(reference.string('x00020002'));
  return true;
}

function cd(files: number): Buffer {
  return writeDicomdir({
    fileSetId: 'TESTCD',
    entries: Array.from({ length: files }, (_, i) => ({
      fileId: `DICOM/ST${Math.floor(i / 10)}/IM${String(i).padStart(6, '0')}`,
      patientName: i < files / 2 ? 'TEST^ONE' : 'TEST^TWO', patientId: i < files / 2 ? 'P1' : 'P2', studyDate: '20250912', modality: i % 3 ? 'CT' : 'MR',
    })),
  });
}

describe('lean DICOMDIR reader', () => {
  it('reads a CD\'s DICOMDIR as dicom-parser does, keeping every record', () => {
    const bytes = cd(40);
    expect(agrees(bytes, 'cd')).toBe(true);
    const fast = readPlainDirectory(bytes);
    // Patient, study and series records as well as the 40 images'.
    const items = dicomParser.parseDicom(bytes).elements[RECORDS]?.items ?? [];
    expect(items.length).toBeGreaterThan(40);
    expect(fast && plainDirectoryRecords(fast)?.count).toBe(items.length);
  });

  it('steps aside for what is not a plain DICOMDIR', () => {
    expect(readPlainDirectory(writeDicom({ modality: 'CT' }))).toBeUndefined();
    expect(readPlainDirectory(cd(5).subarray(100))).toBeUndefined();
  });

  it('agrees with dicom-parser on every prefix and on damaged copies', () => {
    const bytes = cd(12);
    let answered = 0;
    for (let cut = 0; cut <= bytes.length; cut++) if (agrees(bytes.subarray(0, cut), `cut at ${cut}`)) answered++;
    // Prefixes that end at the end of a record (the sequence's declared length not reached) are read by neither as whole;
    // the whole file is.
    expect(answered).toBeGreaterThan(0);
    let damagedAnswered = 0;
    for (let at = 132; at < bytes.length; at += 3) {
      for (const value of [0x00, 0xff, 0x53, 0x01]) {
        const damaged = Buffer.from(bytes);
        damaged[at] = value;
        if (agrees(damaged, `byte ${at} set to ${value}`)) damagedAnswered++;
      }
    }
    // Most single-byte changes land in values, which both read alike.
    expect(damagedAnswered).toBeGreaterThan(100);
  });

  it.skipIf(!corpusAvailable)('agrees with dicom-parser on the corpus\'s DICOMDIRs (defined and undefined lengths), whole, cut and damaged', () => {
    for (const name of ['cd_TINY_ALPHA', 'cd_GSPS_Liver_partial']) {
      const bytes = readFileSync(path.join(CORPUS_DIR, 'dicom', name, 'DICOMDIR'));
      expect(agrees(bytes, name)).toBe(true);
      const step = Math.max(1, Math.floor(bytes.length / 400));
      for (let cut = 0; cut < bytes.length; cut += step) agrees(bytes.subarray(0, cut), `${name} cut at ${cut}`);
      for (let at = 132; at < bytes.length; at += step * 5) {
        const damaged = Buffer.from(bytes);
        damaged[at] = 0xff;
        agrees(damaged, `${name} byte ${at}`);
      }
    }
  });
});

afterEach(() => {
  leanReaders.enabled = true;
});

/**
 * The DICOMDIR's probe answer (counts, referenced and missing files, findings), its records read from the lean
 * reader's notes one at a time and from dicom-parser's items; JSON, so the order of the missing files counts.
 */
async function probeAgrees(folder: string, bytes: Buffer, label: string): Promise<void> {
  const absPath = path.join(folder, 'DICOMDIR');
  await writeFile(absPath, bytes);
  await expectLeanProbeAgrees({ relPath: 'CD/DICOMDIR', absPath, size: bytes.length }, label);
}

describe('DICOMDIR probe: records read one at a time from the lean reader\'s notes', () => {
  it('gives the same records, counts and missing files as dicom-parser\'s records, whole, cut and damaged', async () => {
    const { dir, cleanup } = await makeTempDir();
    try {
      const files = 24;
      const bytes = writeDicomdir({
        fileSetId: 'TESTCD',
        entries: Array.from({ length: files }, (_, i) => ({
          // A `;1` version suffix, lower-cased copies and a file ID leaving the folder, as CDs and their copies have.
          fileId: i === 5 ? 'DICOM/../ESCAPE' : `DICOM/ST${Math.floor(i / 8)}/IM${String(i).padStart(4, '0')}${i % 7 === 0 ? ';1' : ''}`,
          patientName: i < files / 2 ? 'TEST^ONE' : 'TEST^TWO', patientId: i < files / 2 ? 'P1' : 'P2', studyDate: '20250912', modality: i % 3 ? 'CT' : 'MR',
        })),
      });
      // Two thirds of the files are there (some in lower case), the rest missing.
      for (let i = 0; i < files; i++) {
        if (i % 3 === 2) continue;
        const study = `ST${Math.floor(i / 8)}`;
        const folder = path.join(dir, i % 4 === 0 ? 'dicom' : 'DICOM', study);
        await mkdir(folder, { recursive: true });
        const name = `IM${String(i).padStart(4, '0')}`;
        await writeFile(path.join(folder, i % 5 === 0 ? name.toLowerCase() : name), 'x');
      }
      const plain = readPlainDirectory(bytes);
      expect(plain && plainDirectoryRecords(plain)?.count).toBeGreaterThan(files);
      await probeAgrees(dir, bytes, 'whole');
      const lean = await probeFile({ relPath: 'CD/DICOMDIR', absPath: path.join(dir, 'DICOMDIR'), size: bytes.length });
      // Not a trivial agreement: the directory was read, with files found and files missing.
      expect(lean.dicomdir?.referencedFiles).toBe(files);
      expect(lean.dicomdir?.missingFiles.length).toBeGreaterThan(5);
      expect(lean.dicomdir?.missingFiles.length).toBeLessThan(files);
      for (let cut = 0; cut < bytes.length; cut += 37) await probeAgrees(dir, bytes.subarray(0, cut), `cut at ${cut}`);
      for (let at = 132; at < bytes.length; at += 29) {
        for (const value of [0x00, 0xff, 0x2f]) {
          const damaged = Buffer.from(bytes);
          damaged[at] = value;
          await probeAgrees(dir, damaged, `byte ${at} set to ${value}`);
        }
      }
    } finally {
      await cleanup();
    }
  });

  it.skipIf(!corpusAvailable)('gives the same answer on the corpus\'s CDs', async () => {
    for (const name of ['cd_TINY_ALPHA', 'cd_GSPS_Liver_partial']) {
      const absPath = path.join(CORPUS_DIR, 'dicom', name, 'DICOMDIR');
      const size = statSync(absPath).size;
      const lean = await expectLeanProbeAgrees({ relPath: `${name}/DICOMDIR`, absPath, size }, name);
      expect(lean.dicomdir?.referencedFiles, name).toBeGreaterThan(0);
    }
  });
});

/** What parse.ts asked dicom-parser of every file's head: the meta group's SOP class, or that it cannot be read. */
function referenceSopClass(bytes: Buffer): string | undefined {
  try {
    return dicomParser.readPart10Header(bytes).string('x00020002')?.trim();
  } catch {
    return 'unreadable';
  }
}

function metaAgrees(bytes: Buffer, label: string): boolean {
  const lean = plainMetaSopClass(bytes);
  if (lean === null) return false;
  expect(lean, label).toBe(referenceSopClass(bytes));
  return true;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const abs = path.join(dir, name);
    return statSync(abs).isDirectory() ? listFiles(abs) : [abs];
  });
}

describe('lean meta group reader (is it a DICOMDIR?)', () => {
  it('reads the SOP class as dicom-parser does, on every prefix and damaged copies of a slice\'s and a DICOMDIR\'s head', () => {
    for (const [name, whole] of [['slice', writeDicom({ modality: 'CT', rows: 8, columns: 8, pixelData: { length: 128 } })], ['dicomdir', cd(3)]] as const) {
      let answered = 0;
      for (let cut = 0; cut <= Math.min(whole.length, 600); cut++) if (metaAgrees(whole.subarray(0, cut), `${name} cut at ${cut}`)) answered++;
      expect(answered, name).toBeGreaterThan(0);
      for (let at = 128; at < 400; at++) {
        for (const value of [0x00, 0xff, 0x53, 0x20]) {
          const damaged = Buffer.from(whole.subarray(0, 4096));
          damaged[at] = value;
          metaAgrees(damaged, `${name} byte ${at} set to ${value}`);
        }
      }
    }
  });

  it.skipIf(!corpusAvailable)('reads the SOP class as dicom-parser does on every DICOM file of the corpus (4 KB heads, as probed)', () => {
    let answered = 0;
    for (const file of listFiles(path.join(CORPUS_DIR, 'dicom'))) if (metaAgrees(readFileSync(file).subarray(0, 4096), path.basename(file))) answered++;
    expect(answered).toBeGreaterThan(5);
  });
});
