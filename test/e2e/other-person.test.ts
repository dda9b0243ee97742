import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManifestSchema } from '../../src/write/manifest-schema.js';
import { writeDicom, type DicomWriteOptions } from '../../tools/synth/dicom-writer.js';
import { makeReportPdf } from '../../tools/synth/report-pdf.js';
import { hasTool, run } from '../support/packet-tools.js';
import { hashTree, makeTempDir } from '../support/tree.js';
import { runCliInProcess } from '../support/cli.js';

/**
 * Issue 12: another person's files never reach the packet. A case holds the
 * patient's CT and reports, plus a stranger's pathology report PDF (another
 * name and date of birth on the page) and a stranger's CT slice. Built for
 * real through the CLI; the ZIP is unpacked and every file in it read.
 */

const STRANGER_SENTENCE = 'Signet ring cell carcinoma of the gastric antrum';
const PATIENT_SENTENCE = 'Moderately differentiated ductal adenocarcinoma of the pancreatic head';
const JOHN: DicomWriteOptions = { patientName: 'DOE^JOHN', patientId: 'H-1001', patientBirthDate: '19600101' };
const JANE: DicomWriteOptions = { patientName: 'SMITH^JANE', patientId: 'Q-7788', patientBirthDate: '19710823' };

const cli = runCliInProcess;

function ct(person: DicomWriteOptions, study: string, n: number): Buffer {
  return writeDicom({ ...person, modality: 'CT', studyDate: '20250910', studyDescription: 'CT ABDOMEN', studyInstanceUid: study, seriesInstanceUid: `${study}.1`, sopInstanceUid: `${study}.1.${n}`, instanceNumber: n, rows: 4, columns: 4, pixelData: { length: 32 } });
}

async function report(title: string, fields: [string, string][], text: string): Promise<Uint8Array> {
  return makeReportPdf({ title, letterhead: { institution: 'General Hospital' }, fields, sections: [{ heading: 'Diagnosis', blocks: [text] }] });
}

async function writeCase(root: string): Promise<void> {
  await mkdir(path.join(root, 'CD'), { recursive: true });
  await mkdir(path.join(root, 'from_the_clinic'), { recursive: true });
  for (let i = 1; i <= 2; i++) await writeFile(path.join(root, 'CD', `IM${i}`), ct(JOHN, '1.2.826.0.1.3680043.10.1', i));
  await writeFile(path.join(root, 'pathology.pdf'), await report('Surgical Pathology Report',
    [['Patient Name', 'Doe, John'], ['DOB', '01 Jan 1960'], ['MRN', 'H-1001'], ['Date of procedure', '2025-09-12']], PATIENT_SENTENCE));
  await writeFile(path.join(root, 'ct-report.pdf'), await report('CT Abdomen Report',
    [['Patient', 'John Doe'], ['Date of Birth', '1960-01-01'], ['Date of examination', '2025-09-10']], 'CT abdomen with contrast: a 3 cm mass in the pancreatic head.'));
  // The stranger: another name and birth date on the page, another person's CT slice on the same disc.
  await writeFile(path.join(root, 'from_the_clinic', 'biopsy.pdf'), await report('Surgical Pathology Report',
    [['Patient Name', 'Smith, Jane'], ['DOB', '23/08/1971'], ['MRN', 'Q-7788'], ['Date of procedure', '2025-08-02']], STRANGER_SENTENCE));
  await writeFile(path.join(root, 'CD', 'IM9'), ct(JANE, '1.2.826.0.1.3680043.10.9', 1));
}

interface Packet { names: string[]; bytes: Map<string, Buffer>; text: Map<string, string>; manifest: ReturnType<typeof ManifestSchema.parse> }

/** Every entry of the packet, and the text of every PDF in it (pdftotext reads compressed streams). */
async function unpack(zip: string, into: string): Promise<Packet> {
  await rm(into, { recursive: true, force: true });
  await mkdir(into, { recursive: true });
  expect(run('unzip', ['-q', zip, '-d', into]).status).toBe(0);
  const names = run('unzip', ['-Z1', zip]).stdout.trim().split('\n').filter((n) => !n.endsWith('/'));
  const bytes = new Map<string, Buffer>();
  const text = new Map<string, string>();
  for (const name of names) {
    const file = path.join(into, name);
    bytes.set(name, await readFile(file));
    if (name.endsWith('.pdf')) text.set(name, run('pdftotext', ['-layout', file, '-']).stdout.replace(/\s+/g, ' '));
  }
  const manifest = ManifestSchema.parse(JSON.parse((bytes.get('manifest.json') ?? Buffer.from('{}')).toString('utf8')));
  return { names, bytes, text, manifest };
}

function everything(packet: Packet): string {
  return [...packet.bytes.values()].map((b) => b.toString('latin1')).join('\n') + [...packet.text.values()].join('\n');
}

describe.skipIf(!hasTool('unzip') || !hasTool('pdftotext'))('another person\'s files (issue 12)', () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  let root: string;
  beforeAll(async () => {
    tmp = await makeTempDir();
    root = path.join(tmp.dir, 'case');
    await writeCase(root);
  });
  afterAll(() => tmp.cleanup());

  it('leaves the stranger\'s PDF and CT slice out by default: exit 1, not in the ZIP, listed in the index and manifest', async () => {
    const before = await hashTree(root);
    const zip = path.join(tmp.dir, 'default.zip');
    const r = await cli(['build', root, '-o', zip, '--json']);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { written: boolean }).written).toBe(true);
    // The exit status comes from the check, whose PATIENT_MISMATCH error names the PDF.
    const checked = await cli(['check', root, '--json']);
    expect(checked.code).toBe(1);
    const mismatch = (JSON.parse(checked.stdout) as { findings: { code: string; severity: string; message: string; paths: string[] }[] }).findings.find((f) => f.code === 'PATIENT_MISMATCH');
    expect(mismatch?.severity).toBe('error');
    expect(mismatch?.paths).toContain('from_the_clinic/biopsy.pdf');
    // The stranger's files come first: they are what to remove.
    expect(mismatch?.paths.slice(0, 2).sort()).toEqual(['CD/IM9', 'from_the_clinic/biopsy.pdf']);
    expect(mismatch?.message).toContain('2 file(s) of another person are left out of the packet');
    // Nothing of the stranger's counts for an item or shapes a request letter.
    const items = JSON.stringify((JSON.parse(checked.stdout) as { items: unknown[] }).items);
    expect(items).toContain('pathology.pdf');
    expect(items).not.toContain('biopsy.pdf');
    expect(items).not.toContain('1.2.826.0.1.3680043.10.9');

    const packet = await unpack(zip, path.join(tmp.dir, 'default'));
    const all = everything(packet);
    const leaks = [...packet.bytes.entries()].filter(([, b]) => b.toString('latin1').includes('SMITH^JANE') || b.toString('latin1').includes('Smith, Jane')).map(([n]) => n);
    const textLeaks = [...packet.text.entries()].filter(([, t]) => t.includes('SMITH^JANE') || t.includes('Smith, Jane')).map(([n]) => n);
    expect({ leaks, textLeaks }).toEqual({ leaks: [], textLeaks: [] });
    // The patient's report is in the packet (so the search below can find text), the stranger's is not.
    expect(all).toContain(PATIENT_SENTENCE);
    expect(all).not.toContain(STRANGER_SENTENCE);
    expect(all).not.toContain('SMITH^JANE');
    expect(all).not.toContain('Smith, Jane');
    expect(packet.names.filter((n) => n.endsWith('.dcm'))).toHaveLength(2);

    expect(packet.manifest.leftOut.filter((l) => l.reason === 'other-person').map((l) => l.source).sort()).toEqual(['CD/IM9', 'from_the_clinic/biopsy.pdf']);
    const index = packet.text.get('00_Index.pdf') ?? '';
    expect(index).toContain('Left out: another person\'s files');
    expect(index).toContain('from_the_clinic/biopsy.pdf — belongs to another person (name/date of birth/ID on the page)');
    expect(index).toContain('CD/IM9 — belongs to another person (name/ID seen in the DICOM header)');
    expect(index).toContain('Assumed: the identity most of the case\'s files name');
    expect(await hashTree(root)).toBe(before);
  });

  it('packs them when casepack.yaml keeps them on purpose, and the index says so', async () => {
    const caseFile = path.join(root, 'casepack.yaml');
    await writeFile(caseFile, [
      'patient:', '  name: John Doe', '  birthDate: 1960-01-01',
      'overrides:',
      '  - path: from_the_clinic/biopsy.pdf', '    include: true', '    reason: "the donor\'s biopsy, asked for by the transplant team"',
      '  - path: CD/IM9', '    include: true', '    reason: "the donor\'s CT"',
      '',
    ].join('\n'));
    try {
      const zip = path.join(tmp.dir, 'kept.zip');
      const r = await cli(['build', root, '-o', zip, '--json']);
      expect(r.code).toBe(1); // PATIENT_MISMATCH stays an error
      const packet = await unpack(zip, path.join(tmp.dir, 'kept'));
      const all = everything(packet);
      expect(all).toContain(STRANGER_SENTENCE);
      expect(packet.names.filter((n) => n.endsWith('.dcm'))).toHaveLength(3);
      expect(packet.manifest.leftOut.filter((l) => l.reason === 'other-person')).toEqual([]);
      const index = packet.text.get('00_Index.pdf') ?? '';
      expect(index).toContain('Kept on purpose: another person\'s files');
      expect(index).toContain('the donor\'s biopsy, asked for by the transplant team');
      expect(index).toContain('the donor\'s CT');
      expect(index).toContain('As stated in casepack.yaml.');
    } finally {
      await rm(caseFile);
    }
  });
});
