import { readdirSync, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readPlainSlice, SliceFields } from '../../src/probe/dicom/fast-header.js';
import { leanReaders } from '../../src/probe/dicom/parse.js';
import { probeFile } from '../../src/probe/index.js';
import { writeDicom, type DicomWriteOptions } from '../../tools/synth/dicom-writer.js';
import { corpusAvailable } from '../support/corpus.js';
import { expectLeanProbeAgrees } from '../support/lean-probe.js';
import { CORPUS_DIR, makeTempDir } from '../support/tree.js';

// The lean readers keep only what the probe reads; the probe's answer (DicomInfo, family, findings) must be
// the one it gives when dicom-parser reads the same bytes, on whole files, every prefix and damaged copies.

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
afterEach(async () => {
  leanReaders.enabled = true;
  await cleanup();
});

let counter = 0;
/** Probes the bytes twice, lean readers on and off; returns whether the lean reader could have answered (no findings). */
async function agrees(bytes: Buffer, label: string): Promise<void> {
  const absPath = path.join(dir, `f${counter++}.dcm`);
  await writeFile(absPath, bytes);
  await expectLeanProbeAgrees({ relPath: 'x.dcm', absPath, size: bytes.length }, label);
}

const CT: DicomWriteOptions = {
  patientName: 'Müller^Jürgen=ミュラー', specificCharacterSet: 'ISO_IR 192', patientId: 'PID-42', patientBirthDate: '19580214',
  studyDate: '20250912', seriesDate: '20250913', acquisitionDate: '20250914', contentDate: '20250915',
  studyDescription: 'CT CHEST W CONTRAST', seriesDescription: 'AX 1.25mm', bodyPart: 'CHEST', institution: 'St Elsewhere',
  manufacturer: 'ACME', imageType: 'ORIGINAL\\PRIMARY\\AXIAL', seriesNumber: 3, instanceNumber: 17, numberOfFrames: 1,
  studyInstanceUid: '1.2.3.4.1', seriesInstanceUid: '1.2.3.4.1.3', modality: 'CT', rows: 32, columns: 32, bitsAllocated: 16,
  pixelData: { length: 32 * 32 * 2 },
  extraElements: [{ tag: 0x00091010, vr: 'LO', value: 'VENDOR' }, { tag: 0x00280030, vr: 'DS', value: '0.5\\0.5' }, { tag: 0x00181030, vr: 'LO', value: 'PROTOCOL' }],
};

describe('lean DICOM reading: the probe answers as with dicom-parser', () => {
  it('on synthetic slices of several kinds', async () => {
    for (const [label, options] of Object.entries({
      ct: CT,
      latin1: { ...CT, specificCharacterSet: 'ISO_IR 100', patientName: 'Dupont^Hélène' },
      bare: { modality: 'MR', pixelData: { length: 16 } },
      compressed: { ...CT, transferSyntax: '1.2.840.10008.1.2.4.50' },
      cut: { ...CT, truncateBytes: 100 },
      implicit: { ...CT, transferSyntax: 'implicit-le' },
      pdf: { encapsulatedPdf: Buffer.from('%PDF-1.4\n%%EOF\n') },
    } satisfies Record<string, DicomWriteOptions>)) await agrees(writeDicom(options), label);
  });

  it('on slices the lean slice reader must leave to the whole reading or read with care', async () => {
    // One item holding (0008,0100) SH "AB": a kept tag written as a sequence is kept as dicom-parser keeps it.
    const item = Buffer.from([0xfe, 0xff, 0x00, 0xe0, 0x0a, 0, 0, 0, 0x08, 0x00, 0x00, 0x01, 0x53, 0x48, 0x02, 0x00, 0x41, 0x42]);
    for (const [label, options] of Object.entries({
      directoryClassWithPixels: { ...CT, sopClassUid: '1.2.840.10008.1.3.10' },
      reportWithRootText: { ...CT, modality: 'SR', sopClassUid: '1.2.840.10008.5.1.4.1.1.88.11', extraElements: [{ tag: 0x0040a160, vr: 'UT', value: 'No acute findings' }] },
      keptTagAsSequence: { ...CT, studyDescription: undefined, extraElements: [{ tag: 0x00081030, vr: 'SQ', value: item }] },
      documentThenPixels: { ...CT, encapsulatedPdf: Buffer.from('%PDF-1.4\n%%EOF\n') },
      headerPast4k: { ...CT, extraElements: [{ tag: 0x00291010, vr: 'OB', value: Buffer.alloc(6000, 0x41) }] },
      compressedCut: { ...CT, transferSyntax: '1.2.840.10008.1.2.4.50', truncateBytes: 30 },
      nativeCut: { ...CT, truncateBytes: 1 },
      greek: { ...CT, specificCharacterSet: 'ISO_IR 126', patientName: 'Παπαδόπουλος^Νίκος' },
      iso2022: { ...CT, specificCharacterSet: '\\ISO 2022 IR 87', patientName: 'Yamada^Tarou' },
    } satisfies Record<string, DicomWriteOptions>)) await agrees(writeDicom(options), label);
  });

  it('gives each file its own values when slices in a row differ in a byte or in their character set', async () => {
    // The lean reader remembers each field's last bytes and text; a value is only reused for the same bytes read the same way.
    const name = 'Dupont^H\u00fdl\u00e8ne';
    for (const [label, options] of [
      ['first', { ...CT, specificCharacterSet: 'ISO_IR 100', patientName: name }],
      ['same again', { ...CT, specificCharacterSet: 'ISO_IR 100', patientName: name }],
      ['one byte other', { ...CT, specificCharacterSet: 'ISO_IR 100', patientName: `${name.slice(0, -1)}a` }],
      // The same bytes as the one before: U+0131 is 0xFD in ISO 8859-9.
      ['same bytes, other character set', { ...CT, specificCharacterSet: 'ISO_IR 148', patientName: 'Dupont^H\u0131l\u00e8na' }],
      ['padded to an even length', { ...CT, patientId: 'PID-4' }],
      ['no padding', { ...CT, patientId: 'PID-42' }],
      ['a date, padded', { ...CT, studyDate: '2025091' }],
    ] as const) await agrees(writeDicom(options), label);
  });

  it('reads the common slice with the lean slice reader (no dicom-parser data set)', () => {
    // Else the comparisons above would hold two readings by dicom-parser to each other.
    const fields = new SliceFields();
    expect(readPlainSlice(writeDicom(CT), fields)).toBe(true);
    expect(readPlainSlice(writeDicom({ ...CT, transferSyntax: 'implicit-le' }), fields)).toBe(false);
  });

  it('on every prefix and on byte-damaged copies of a slice', async () => {
    const slice = writeDicom(CT);
    const pixelHeader = slice.indexOf(Buffer.from([0xe0, 0x7f, 0x10, 0x00]));
    expect(pixelHeader).toBeGreaterThan(132);
    for (let cut = 1; cut <= pixelHeader + 24; cut++) await agrees(slice.subarray(0, cut), `cut at ${cut}`);
    await agrees(slice.subarray(0, slice.length - 1), 'one byte short');
    for (let at = 128; at < pixelHeader + 12; at += 1) {
      for (const value of [0x00, 0xff, 0x53]) {
        const damaged = Buffer.from(slice);
        damaged[at] = value;
        await agrees(damaged, `byte ${at} set to ${value}`);
      }
    }
  }, 120_000);

  it('reads a short file as short after a longer one (head buffers are reused)', async () => {
    const slice = writeDicom(CT);
    const idAt = slice.indexOf(Buffer.from('PID-42'));
    expect(idAt).toBeGreaterThan(200);
    const whole = path.join(dir, 'whole.dcm');
    const cut = path.join(dir, 'cut.dcm');
    await writeFile(whole, slice);
    await writeFile(cut, slice.subarray(0, idAt - 8));
    for (let round = 0; round < 3; round++) {
      expect((await probeFile({ relPath: 'whole.dcm', absPath: whole, size: slice.length })).dicom?.patientId).toBe('PID-42');
      const short = await probeFile({ relPath: 'cut.dcm', absPath: cut, size: idAt - 8 });
      // A stale head (the whole slice's bytes past the cut) would be read as the patient ID.
      expect(short.dicom?.patientId).toBeUndefined();
    }
  });

  it.skipIf(!corpusAvailable)('on every real DICOM file of the corpus, whole and cut', async () => {
    const listFiles = (folder: string): string[] => readdirSync(folder).sort().flatMap((name) => {
      const abs = path.join(folder, name);
      return statSync(abs).isDirectory() ? listFiles(abs) : [abs];
    });
    const files = listFiles(path.join(CORPUS_DIR, 'dicom'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const bytes = readFileSync(file);
      const label = path.basename(file);
      await agrees(bytes, label);
      for (const cut of [1024, 4096, 65536]) if (bytes.length > cut) await agrees(bytes.subarray(0, cut), `${label} cut at ${cut}`);
    }
  }, 120_000);
});
