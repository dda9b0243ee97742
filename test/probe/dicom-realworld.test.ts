import { writeFile } from 'node:fs/promises';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeFile } from '../../src/probe/index.js';
import { writeDicom, writeDicomdir, type DicomWriteOptions } from '../../tools/synth/dicom-writer.js';
import { makeTempDir } from '../support/tree.js';

/**
 * Structures found in public DICOM test suites (the real-DICOM check set,
 * docs/real-dicom-check.md) that casepack misread, rebuilt with the writer so
 * the test needs no third-party file.
 */
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await makeTempDir()));
afterAll(async () => cleanup());

async function probeBytes(name: string, bytes: Buffer): Promise<Awaited<ReturnType<typeof probeFile>>> {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  return probeFile({ relPath: name, absPath: file, size: bytes.length });
}

const TIFF_HEADER = Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x4a, 0x18, 0x08, 0x00]);
const SOURCE_IMAGE_SEQUENCE = 0x00082112;
const BASE: DicomWriteOptions = { patientName: 'Doe^Jane', patientId: 'P-1', studyDate: '20031208', rows: 2, columns: 2, pixelData: { length: 8 } };

describe('real-world DICOM structures', () => {
  it('reads a dual TIFF/DICOM big-endian file with a UN sequence of undefined length (implicit little-endian items)', async () => {
    const output = await probeBytes('dual.dcm', writeDicom({
      ...BASE,
      transferSyntax: 'explicit-be',
      preambleBytes: TIFF_HEADER,
      unknownSequences: [{ tag: SOURCE_IMAGE_SEQUENCE, items: [[{ tag: 0x00081150, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.2' }, { tag: 0x00081155, vr: 'UI', value: '1.2.3.4' }]] }],
    }));
    expect(output.family).toBe('dicom');
    expect(output.findings).toEqual([]);
    // Elements after the UN sequence are read, in big endian.
    expect(output.dicom).toMatchObject({ patientName: 'Doe^Jane', patientId: 'P-1', rows: 2, columns: 2, studyDate: '2003-12-08', transferSyntaxUid: '1.2.840.10008.1.2.2' });
  });

  it('reads explicit big-endian DICOM with neither preamble nor meta group', async () => {
    const output = await probeBytes('headless-be.dcm', writeDicom({ ...BASE, transferSyntax: 'explicit-be', preamble: false, fileMeta: false, modality: 'MR' }));
    expect(output.family).toBe('dicom');
    expect(output.findings).toEqual([]);
    expect(output.dicom).toMatchObject({ patientName: 'Doe^Jane', patientId: 'P-1', modality: 'MR', rows: 2, columns: 2 });
  });

  it('reads the data set by its own encoding when the meta group names the wrong transfer syntax', async () => {
    // Written implicit little endian, then the meta's transfer syntax swapped for another UID of the same length that
    // dicom-parser reads as explicit: what pydicom's SC_rgb_jpeg.dcm does with JPEG baseline over an implicit data set.
    const implicit = writeDicom({ ...BASE, transferSyntax: 'implicit-le' });
    const at = implicit.indexOf('1.2.840.10008.1.2\0', 132, 'latin1');
    expect(at).toBeGreaterThan(132);
    const lying = Buffer.from(implicit);
    lying.write('1.2.840.10008.1.5\0', at, 'latin1');
    const output = await probeBytes('lying-meta.dcm', lying);
    expect(output.findings).toEqual([]);
    expect(output.dicom).toMatchObject({ patientName: 'Doe^Jane', patientId: 'P-1', rows: 2, columns: 2, transferSyntaxUid: '1.2.840.10008.1.5' });
  });

  it('reads a Part 10 file whose meta group has no transfer syntax', async () => {
    const implicit = writeDicom({ ...BASE, transferSyntax: 'implicit-le' });
    // Remove (0002,0010) from the meta group and fix the group length, as pydicom's meta_missing_tsyntax.dcm has it.
    const at = implicit.indexOf(Buffer.from([0x02, 0x00, 0x10, 0x00]), 132);
    const length = implicit.readUInt16LE(at + 6);
    const without = Buffer.concat([implicit.subarray(0, at), implicit.subarray(at + 8 + length)]);
    without.writeUInt32LE(without.readUInt32LE(140) - 8 - length, 140);
    const output = await probeBytes('no-tsyntax.dcm', without);
    expect(output.findings).toEqual([]);
    expect(output.dicom).toMatchObject({ patientName: 'Doe^Jane', rows: 2 });
  });

  it('keeps the whole directory records before a DICOMDIR record that runs past the end of the file', async () => {
    // pydicom's DICOMDIR-nooffset: the last record item claims 24 bytes more than the sequence and the file hold.
    const whole = writeDicomdir({ entries: ['IMG/IM1', 'IMG/IM2', 'IMG/IM3'].map((fileId) => ({ fileId, patientName: 'Doe^Jane' })) });
    const lastItem = whole.lastIndexOf(Buffer.from([0xfe, 0xff, 0x00, 0xe0]));
    const overrun = Buffer.from(whole);
    overrun.writeUInt32LE(overrun.readUInt32LE(lastItem + 4) + 24, lastItem + 4);
    const intact = await probeBytes('DICOMDIR', whole);
    expect(intact.findings.map((f) => f.code)).toEqual(['DICOMDIR_MISSING_FILES']);
    expect(intact.dicomdir).toMatchObject({ referencedFiles: 3, patients: 1, studies: 1, series: 1 });
    const output = await probeBytes('DICOMDIR-cut', overrun);
    expect(output.family).toBe('dicomdir');
    // 1 patient + 1 study + 1 series + 2 of the 3 image records are whole; the third image record is the one cut.
    expect(output.dicomdir).toMatchObject({ referencedFiles: 2, patients: 1, studies: 1, series: 1 });
    const damaged = output.findings.find((f) => f.code === 'DICOMDIR_UNREADABLE');
    expect(damaged?.message).toContain('the 5 whole records before it were read');
  });

  const realFile = '/work/realdicom/fo-dicom/GH177_D_CLUNIE_CT1_IVRLE_BigEndian_undefined_length.dcm';
  it.skipIf(!existsSync(realFile))('reads Clunie\'s CT1 big-endian file from fo-dicom\'s test data when it is at hand', async () => {
    const output = await probeFile({ relPath: 'ct1.dcm', absPath: realFile, size: statSync(realFile).size });
    expect(output.findings).toEqual([]);
    expect(output.dicom).toMatchObject({ rows: 512, columns: 512, modality: 'CT' });
  });
});

describe('a sequence that claims more bytes than the file has (pydicom rtplan_truncated)', () => {
  it('is a cut-short DICOM file whose header was read, not an unreadable one', async () => {
    const { pixelData: _pixels, ...withoutPixels } = BASE;
    const head = writeDicom({ ...withoutPixels, modality: 'RTPLAN' });
    // (300A,0010) Dose Reference Sequence, explicit VR LE, 1000 bytes claimed; one item begun, then the file ends.
    const sequence = Buffer.alloc(12);
    sequence.writeUInt16LE(0x300a, 0); sequence.writeUInt16LE(0x0010, 2); sequence.write('SQ', 4, 'latin1'); sequence.writeUInt32LE(1000, 8);
    const item = Buffer.alloc(8);
    item.writeUInt16LE(0xfffe, 0); item.writeUInt16LE(0xe000, 2); item.writeUInt32LE(500, 4);
    const output = await probeBytes('rtplan-cut.dcm', Buffer.concat([head, sequence, item, Buffer.alloc(20, 0x41)]));
    expect(output.family).toBe('dicom');
    expect(output.findings.map((f) => f.code)).not.toContain('DICOM_UNREADABLE');
    expect(output.dicom).toMatchObject({ patientName: 'Doe^Jane', patientId: 'P-1', modality: 'RTPLAN' });
  });
});
