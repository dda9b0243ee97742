import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import dicomParser, { type DataSet } from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import { readPlainHeader, SLICE_TAGS_KEPT } from '../../src/probe/dicom/fast-header.js';
import { writeDicom } from '../../tools/synth/dicom-writer.js';
import { corpusAvailable } from '../support/corpus.js';
import { CORPUS_DIR } from '../support/tree.js';

// The lean header reader must never disagree with dicom-parser: whenever it answers, dicom-parser reads the
// same bytes to the pixel data without an error and finds the same top-level elements at the same places
// (the lean reader keeps only the elements a slice is read for, SLICE_TAGS_KEPT, and walks past the rest).

const PIXEL_DATA = 'x7fe00010';

function listFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const abs = path.join(dir, name);
    return statSync(abs).isDirectory() ? listFiles(abs) : [abs];
  });
}

const KEPT_NAMES = new Set([...SLICE_TAGS_KEPT].map((tag) => `x${tag.toString(16).padStart(8, '0')}`));

/** Top-level elements (all, or the kept ones) as comparable rows, sorted by tag (items are dicom-parser's alone). */
function rows(dataSet: DataSet, keptOnly: boolean): string[] {
  return Object.entries(dataSet.elements).filter(([key]) => !keptOnly || KEPT_NAMES.has(key)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, e]) => JSON.stringify([key, e.tag, e.vr, e.length, e.dataOffset, e.hadUndefinedLength ?? false]));
}

/** Checks one buffer with both lean readings (every element; the probe's kept ones); returns whether the lean reader answered. */
function agrees(bytes: Buffer, label: string): boolean {
  const whole = readPlainHeader(bytes);
  const kept = readPlainHeader(bytes, true);
  // Both walk the same bytes the same way: they answer for the same headers.
  expect(kept === undefined, label).toBe(whole === undefined);
  if (!whole || !kept) return false;
  let reference: DataSet;
  try {
    reference = dicomParser.parseDicom(bytes, { untilTag: PIXEL_DATA });
  } catch (err) {
    throw new Error(`${label}: the lean reader answered where dicom-parser fails (${String((err as { exception?: unknown }).exception ?? err)})`);
  }
  expect(reference.elements[PIXEL_DATA], label).toBeDefined();
  // Every element where dicom-parser has it (review thumbnails read the pixel module from this reading).
  expect(rows(whole, false), label).toEqual(rows(reference, false));
  expect(rows(kept, true), label).toEqual(rows(reference, true));
  // The probe's reading holds nothing beyond the kept elements: a wider set would be garbage again.
  expect(Object.keys(kept.elements).every((key) => KEPT_NAMES.has(key)), label).toBe(true);
  // Values read through the DataSet's own methods agree too.
  expect(whole.string('x00020010'), label).toBe(reference.string('x00020010'));
  expect(kept.string('x00020010'), label).toBe(reference.string('x00020010'));
  return true;
}

function ctSlice(extra: Parameters<typeof writeDicom>[0] = {}): Buffer {
  return writeDicom({
    patientName: 'TEST^PATIENT', patientId: 'T0001', studyDate: '20250912', modality: 'CT', seriesDescription: 'AXIAL',
    rows: 64, columns: 64, bitsAllocated: 16, pixelData: { length: 64 * 64 * 2 },
    extraElements: [{ tag: 0x00091010, vr: 'LO', value: 'VENDOR' }, { tag: 0x00280030, vr: 'DS', value: '0.5\\0.5' }],
    ...extra,
  });
}

describe('lean DICOM header reader', () => {
  it('reads a plain CT slice as dicom-parser does', () => {
    expect(agrees(ctSlice(), 'ct slice')).toBe(true);
  });

  it('steps aside for what it does not read: implicit VR, big endian, deflated, no preamble, a structured report', () => {
    for (const transferSyntax of ['implicit-le', 'explicit-be', 'deflate'] as const) {
      const slice = ctSlice({ transferSyntax });
      expect(readPlainHeader(slice), transferSyntax).toBeUndefined();
      expect(dicomParser.parseDicom(slice, { untilTag: PIXEL_DATA, inflater: undefined as never }).elements[PIXEL_DATA] !== undefined || transferSyntax === 'deflate').toBe(true);
    }
    expect(readPlainHeader(ctSlice({ preamble: false }))).toBeUndefined();
    expect(readPlainHeader(writeDicom({ srText: [{ concept: 'Findings', text: 'No change.' }] }))).toBeUndefined();
  });

  it('agrees with dicom-parser on every prefix and on damaged copies of a slice', () => {
    const slice = ctSlice();
    let answered = 0;
    for (let cut = 0; cut <= slice.length; cut += 7) if (agrees(slice.subarray(0, cut), `cut at ${cut}`)) answered++;
    // Prefixes that end after the pixel data element's header are plain headers.
    expect(answered).toBeGreaterThan(0);
    const end = slice.indexOf(Buffer.from([0xe0, 0x7f, 0x10, 0x00]));
    for (let at = 132; at < end; at += 3) {
      for (const value of [0x00, 0xff, 0x53]) {
        const damaged = Buffer.from(slice);
        damaged[at] = value;
        agrees(damaged, `byte ${at} set to ${value}`);
      }
    }
  });

  it.skipIf(!corpusAvailable)('agrees with dicom-parser on every real DICOM file of the corpus, whole and cut', () => {
    let answered = 0;
    for (const file of listFiles(path.join(CORPUS_DIR, 'dicom'))) {
      const bytes = readFileSync(file);
      const label = path.basename(file);
      if (agrees(bytes, label)) answered++;
      for (const cut of [4096, 65536]) if (bytes.length > cut) agrees(bytes.subarray(0, cut), `${label} cut at ${cut}`);
    }
    // Explicit little-endian images with a preamble are common in the corpus (CT_small.dcm, MG_Explicit_Little.dcm…).
    expect(answered).toBeGreaterThan(5);
  });
});
