import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { probeFile } from '../../src/probe/index.js';
import type { ProbeOptions } from '../../src/probe/types.js';
import { SOP_CLASS, TRANSFER_SYNTAX, writeDicom, writeDicomdir, type DicomWriteOptions } from '../../tools/synth/dicom-writer.js';
import { makeTempDir } from '../support/tree.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
afterEach(async () => cleanup());

async function probeBytes(name: string, bytes: Buffer, options: ProbeOptions = {}) {
  const absPath = path.join(dir, name);
  await mkdir(path.dirname(absPath), { recursive: true });
  await writeFile(absPath, bytes);
  return probeFile({ relPath: name, absPath, size: bytes.length }, options);
}

const CT: DicomWriteOptions = {
  patientName: 'Müller^Jürgen',
  specificCharacterSet: 'ISO_IR 192',
  patientId: 'PID-42',
  patientBirthDate: '19580214',
  studyDate: '20250912',
  seriesDate: '20250913',
  acquisitionDate: '20250914',
  contentDate: '20250915',
  studyDescription: 'CT CHEST W CONTRAST',
  seriesDescription: 'AX 1.25mm',
  bodyPart: 'CHEST',
  institution: 'St Elsewhere',
  manufacturer: 'ACME',
  imageType: 'ORIGINAL\\PRIMARY\\AXIAL',
  seriesNumber: 3,
  instanceNumber: 17,
  studyInstanceUid: '1.2.3.4.1',
  seriesInstanceUid: '1.2.3.4.1.3',
  sopInstanceUid: '1.2.3.4.1.3.17',
  rows: 8,
  columns: 8,
  pixelData: { length: 128 },
};

const EXPECTED_CT = {
  sopClassUid: SOP_CLASS.ct,
  sopClassName: 'CT Image',
  sopInstanceUid: '1.2.3.4.1.3.17',
  studyInstanceUid: '1.2.3.4.1',
  seriesInstanceUid: '1.2.3.4.1.3',
  modality: 'CT',
  studyDate: '2025-09-12',
  seriesDate: '2025-09-13',
  acquisitionDate: '2025-09-14',
  contentDate: '2025-09-15',
  studyDescription: 'CT CHEST W CONTRAST',
  seriesDescription: 'AX 1.25mm',
  seriesNumber: 3,
  instanceNumber: 17,
  bodyPart: 'CHEST',
  patientName: 'Müller^Jürgen',
  patientId: 'PID-42',
  patientBirthDate: '1958-02-14',
  institution: 'St Elsewhere',
  manufacturer: 'ACME',
  rows: 8,
  columns: 8,
  imageType: 'ORIGINAL\\PRIMARY\\AXIAL',
  kind: 'image',
};

describe('probeDicom on writer-generated files', () => {
  const syntaxes = [
    ['explicit-le', TRANSFER_SYNTAX.explicitLittle, false],
    ['implicit-le', TRANSFER_SYNTAX.implicitLittle, false],
    ['explicit-be', TRANSFER_SYNTAX.explicitBig, false],
    ['deflate', TRANSFER_SYNTAX.deflatedExplicitLittle, true],
    [TRANSFER_SYNTAX.jpeg2000Lossless, TRANSFER_SYNTAX.jpeg2000Lossless, true],
  ] as const;

  for (const [option, uid, compressed] of syntaxes) {
    for (const preamble of [true, false]) {
      it(`reads every field: ${option}, ${preamble ? 'with' : 'without'} preamble, with file meta`, async () => {
        const out = await probeBytes('IM0001', writeDicom({ ...CT, transferSyntax: option, preamble }));
        expect(out.findings).toEqual([]);
        expect(out.family).toBe('dicom');
        expect(out.dicom).toMatchObject({ ...EXPECTED_CT, hasPreamble: preamble, transferSyntaxUid: uid, compressed });
      });
    }
  }

  for (const option of ['explicit-le', 'implicit-le'] as const) {
    it(`reads a headless dataset without preamble or file meta (${option}), detecting the VR encoding itself`, async () => {
      const out = await probeBytes('6154', writeDicom({ ...CT, transferSyntax: option, preamble: false, fileMeta: false }));
      expect(out.findings).toEqual([]);
      expect(out.dicom).toMatchObject({ ...EXPECTED_CT, hasPreamble: false });
      expect(out.dicom?.transferSyntaxUid).toBeUndefined();
    });
  }

  for (const option of ['explicit-le', 'implicit-le'] as const) {
    it(`reads a data set that follows DICM directly, without file meta (${option})`, async () => {
      const bytes = writeDicom({ ...CT, transferSyntax: option, fileMeta: false, encapsulatedPdf: Buffer.from('%PDF-1.4\n%%EOF\n') });
      const out = await probeBytes('no-meta', bytes);
      expect(out.findings).toEqual([]);
      expect(out.dicom).toMatchObject({ patientId: 'PID-42', hasPreamble: true });
      const offset = out.dicom?.encapsulatedPdf?.offset ?? -1;
      expect(bytes.toString('latin1', offset, offset + 5)).toBe('%PDF-');
    });
  }

  it('reads headers longer than the first 4 KB by reading more (large private element before pixel data)', async () => {
    const bytes = writeDicom({ ...CT, extraElements: [{ tag: 0x00291010, vr: 'OB', value: Buffer.alloc(200_000, 7) }] });
    const out = await probeBytes('big-header', bytes);
    expect(out.findings).toEqual([]);
    expect(out.dicom).toMatchObject({ rows: 8, columns: 8, modality: 'CT' });
  });

  it('reports truncated pixel data as DICOM_TRUNCATED and still gives the header', async () => {
    const out = await probeBytes('cut', writeDicom({ ...CT, pixelData: { length: 4096 }, truncateBytes: 1000 }));
    expect(out.family).toBe('dicom');
    expect(out.findings.map((f) => f.code)).toEqual(['DICOM_TRUNCATED']);
    expect(out.dicom?.studyInstanceUid).toBe('1.2.3.4.1');
  });

  it('reports truncated encapsulated pixel data (no sequence delimiter before end of file)', async () => {
    const whole = writeDicom({ ...CT, transferSyntax: TRANSFER_SYNTAX.jpeg2000, pixelData: Buffer.alloc(3000, 1) });
    expect((await probeBytes('j2k-whole', whole)).findings).toEqual([]);
    const out = await probeBytes('j2k-cut', whole.subarray(0, whole.length - 500));
    expect(out.findings.map((f) => f.code)).toEqual(['DICOM_TRUNCATED']);
    // Padding after the delimiter: the fragments are walked, and they are complete.
    expect((await probeBytes('j2k-padded', Buffer.concat([whole, Buffer.alloc(16)]))).findings).toEqual([]);
  });

  it('reports a file cut inside its header as truncated, not as unreadable', async () => {
    const whole = writeDicom({ ...CT, extraElements: [{ tag: 0x00291010, vr: 'OB', value: Buffer.alloc(10_000, 7) }] });
    const out = await probeBytes('header-cut', whole.subarray(0, 3000));
    expect(out.family).toBe('dicom');
    expect(out.findings.map((f) => f.code)).toEqual(['DICOM_TRUNCATED']);
    expect(out.dicom?.modality).toBe('CT');
  });

  it('calls absurdly deep nesting damage, not truncation, and keeps what it read', async () => {
    const level = Buffer.alloc(20);
    level.writeUInt16LE(0x0040, 0); // (0040,A730) Content Sequence, undefined length, then an undefined-length item
    level.writeUInt16LE(0xa730, 2);
    level.write('SQ', 4, 'latin1');
    level.writeUInt32LE(0xffffffff, 8);
    level.writeUInt16LE(0xfffe, 12);
    level.writeUInt16LE(0xe000, 14);
    level.writeUInt32LE(0xffffffff, 16);
    const bytes = Buffer.concat([writeDicom({ ...CT, pixelData: undefined }), ...Array.from({ length: 20_000 }, () => level)]);
    const out = await probeBytes('deep', bytes);
    expect(out.family).toBe('dicom');
    expect(out.findings.map((f) => f.code)).toEqual(['DICOM_UNREADABLE']);
    expect(out.dicom?.sopInstanceUid).toBe(EXPECTED_CT.sopInstanceUid);
  });

  it('gives DICOM_UNREADABLE for junk after the DICM magic, never throwing', async () => {
    const junk = Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), Buffer.from([0x02, 0x00, 0x10, 0x00, 0x55, 0x49, 0xff, 0xff]), Buffer.alloc(50, 0xee)]);
    const out = await probeBytes('junk', junk);
    expect(out.family).toBe('dicom');
    expect(out.findings.map((f) => f.code)).toEqual(['DICOM_UNREADABLE']);
  });

  it('falls back to "other" when bytes only looked like a headless dataset', async () => {
    // Group 0008 and a plausible length, then nothing DICOM-like.
    const fake = Buffer.concat([Buffer.from([0x08, 0x00, 0x10, 0x00, 0x04, 0x00, 0x00, 0x00]), Buffer.alloc(2000, 0xab)]);
    const out = await probeBytes('fake', fake);
    expect(out.family).toBe('other');
    expect(out.dicom).toBeUndefined();
  });

  it('records where an encapsulated PDF sits so later stages can read it', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
    const bytes = writeDicom({ encapsulatedPdf: pdf, studyDate: '20250101' });
    const out = await probeBytes('report.dcm', bytes);
    expect(out.findings).toEqual([]);
    expect(out.dicom).toMatchObject({ kind: 'encapsulated-pdf', modality: 'DOC', sopClassUid: SOP_CLASS.encapsulatedPdf });
    const { offset, length } = out.dicom?.encapsulatedPdf ?? { offset: -1, length: 0 };
    expect(bytes.subarray(offset, offset + pdf.length).equals(pdf)).toBe(true);
    expect(length).toBeGreaterThanOrEqual(pdf.length);
    expect(length).toBeLessThanOrEqual(pdf.length + 1);
  });

  it('records a large embedded PDF without reading all of it', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(3 * 1024 * 1024, 0x20), Buffer.from('\n%%EOF\n')]);
    const out = await probeBytes('big-report', writeDicom({ encapsulatedPdf: pdf }));
    expect(out.findings).toEqual([]);
    expect(out.dicom?.encapsulatedPdf?.length).toBeGreaterThanOrEqual(pdf.length);
  });

  it('collects Structured Report text, bounded, and only when asked', async () => {
    const srText = [
      { concept: 'Findings', text: 'Spiculated mass in the right upper lobe.' },
      { concept: 'Impression', text: 'Suspicious for malignancy.' },
    ];
    const bytes = writeDicom({ srText, contentDate: '20250301' });
    const out = await probeBytes('sr', bytes);
    expect(out.dicom).toMatchObject({ kind: 'structured-report', modality: 'SR', contentDate: '2025-03-01' });
    expect(out.dicom?.text).toContain('Findings: Spiculated mass in the right upper lobe.');
    expect(out.dicom?.text).toContain('Impression: Suspicious for malignancy.');
    expect((await probeBytes('sr2', bytes, { maxTextChars: 30 })).dicom?.text?.length).toBeLessThanOrEqual(30);
    expect((await probeBytes('sr3', bytes, { extractText: false })).dicom?.text).toBeUndefined();
  });

  it('collects SR text from a deflated SR too', async () => {
    const out = await probeBytes('sr-dfl', writeDicom({ transferSyntax: 'deflate', srText: [{ concept: 'Conclusion', text: 'No evidence of disease.' }] }));
    expect(out.dicom?.text).toContain('Conclusion: No evidence of disease.');
  });

  const kinds: [string, string | undefined, string][] = [
    [SOP_CLASS.rtPlan, 'RTPLAN', 'rt-plan'],
    [SOP_CLASS.rtStruct, 'RTSTRUCT', 'rt-struct'],
    [SOP_CLASS.rtDose, 'RTDOSE', 'rt-dose'],
    ['1.2.840.10008.5.1.4.1.1.481.4', 'RTRECORD', 'rt-other'],
    [SOP_CLASS.secondaryCapture, 'OT', 'secondary-capture'],
    [SOP_CLASS.grayscalePresentationState, 'PR', 'presentation-state'],
    [SOP_CLASS.wholeSlideMicroscopy, 'SM', 'slide-microscopy'],
    [SOP_CLASS.segmentation, 'SEG', 'segmentation'],
    [SOP_CLASS.ecgWaveform, 'ECG', 'waveform'],
    [SOP_CLASS.enhancedSr, 'SR', 'structured-report'],
    [SOP_CLASS.mr, 'MR', 'image'],
    ['1.3.46.670589.11.0.0.12.2', 'PR', 'presentation-state'],
    ['1.3.46.670589.11.0.0.12.4', 'MR', 'other'],
  ];
  for (const [sopClassUid, modality, kind] of kinds) {
    it(`tells kind ${kind} from SOP class ${sopClassUid}`, async () => {
      const out = await probeBytes('obj', writeDicom({ sopClassUid, ...(modality ? { modality } : {}) }));
      expect(out.dicom?.kind).toBe(kind);
    });
  }

  it('keeps invalid dates out instead of inventing them', async () => {
    const out = await probeBytes('bad-date', writeDicom({ studyDate: '20250231', patientBirthDate: 'UNKNOWN ' }));
    expect(out.dicom?.studyDate).toBeUndefined();
    expect(out.dicom?.patientBirthDate).toBeUndefined();
  });
});

describe('probeDicom on DICOMDIR', () => {
  async function makeCd(present: string[], referenced: string[]): Promise<Buffer> {
    for (const rel of present) {
      await mkdir(path.join(dir, 'cd', path.dirname(rel)), { recursive: true });
      await writeFile(path.join(dir, 'cd', rel), writeDicom({ sopInstanceUid: `1.2.${rel.length}` }));
    }
    return writeDicomdir({ entries: referenced.map((fileId) => ({ fileId })) });
  }

  it('lists referenced files that are missing, matching names case-insensitively', async () => {
    const referenced = ['DICOM/PT0/ST0/SE0/IM1', 'DICOM/PT0/ST0/SE0/IM2', 'DICOM/PT0/ST0/SE1/IM3'];
    const dicomdir = await makeCd(['dicom/pt0/st0/se0/im1', 'DICOM/PT0/ST0/SE0/IM2'], referenced);
    const out = await probeBytes('cd/DICOMDIR', dicomdir);
    expect(out.family).toBe('dicomdir');
    expect(out.dicomdir).toEqual({ referencedFiles: 3, missingFiles: ['cd/DICOM/PT0/ST0/SE1/IM3'], patients: 1, studies: 1, series: 2 });
    const [missing] = out.findings;
    expect(missing?.code).toBe('DICOMDIR_MISSING_FILES');
    expect(missing?.paths).toEqual(['cd/DICOMDIR', 'cd/DICOM/PT0/ST0/SE1/IM3']);
    expect(missing?.details).toMatchObject({ referenced: 3, missing: 1 });
  });

  it('caps the paths a missing-files finding names and gives the count', async () => {
    const referenced = Array.from({ length: 60 }, (_, i) => `IMAGES/IM${String(i).padStart(4, '0')}`);
    const dicomdir = await makeCd(referenced.slice(0, 5), referenced);
    const out = await probeBytes('cd/DICOMDIR', dicomdir);
    expect(out.dicomdir?.missingFiles).toHaveLength(55);
    const [missing] = out.findings;
    expect(missing?.paths.length).toBeLessThanOrEqual(21);
    expect(missing?.details).toMatchObject({ referenced: 60, missing: 55 });
  });

  it('says a DICOMDIR that cannot be read is unreadable, as a DICOMDIR', async () => {
    const junk = Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), Buffer.from([0x02, 0x00, 0x10, 0x00, 0x55, 0x49, 0xff, 0xff]), Buffer.alloc(50, 0xee)]);
    const out = await probeBytes('cd/DICOMDIR', junk);
    expect(out.family).toBe('dicomdir');
    expect(out.findings.map((f) => f.code)).toEqual(['DICOMDIR_UNREADABLE']);
  });

  it('is quiet when every referenced file is there', async () => {
    const referenced = ['PT000000/ST000000/SE000000/IM000001', 'PT000000/ST000000/SE000000/IM000002'];
    const out = await probeBytes('cd/DICOMDIR', await makeCd(referenced, referenced));
    expect(out.findings).toEqual([]);
    expect(out.dicomdir?.referencedFiles).toBe(2);
  });
});

/** DCMTK is a Debian package .ci/run installs; without it these comparisons are skipped, visibly. */
const hasDcmdump = spawnSync('dcmdump', ['--version'], { stdio: 'ignore' }).status === 0;

describe.skipIf(!hasDcmdump)('writer output agrees with dcmdump (DCMTK)', () => {
  it.each(['explicit-le', 'implicit-le', 'explicit-be', 'deflate'] as const)('%s', async (transferSyntax) => {
    const file = path.join(dir, 'x.dcm');
    await writeFile(file, writeDicom({ ...CT, specificCharacterSet: undefined, patientName: 'DOE^JOHN', transferSyntax }));
    const dump = execFileSync('dcmdump', ['+P', '0010,0010', '+P', '0008,0020', '+P', '0028,0010', '+P', '0020,000e', file], { encoding: 'utf8' });
    const out = await probeFile({ relPath: 'x.dcm', absPath: file, size: (await readFile(file)).length });
    expect(dump).toContain(`[${out.dicom?.patientName}]`);
    expect(dump).toContain(`[${out.dicom?.studyDate?.replaceAll('-', '')}]`);
    expect(dump).toContain(`US ${out.dicom?.rows}`);
    expect(dump).toContain(`[${out.dicom?.seriesInstanceUid}]`);
  });
});
