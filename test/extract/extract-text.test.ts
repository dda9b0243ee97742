import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractText } from '../../src/extract/index.js';
import type { FileEntry } from '../../src/model/scan.js';
import { probeFile } from '../../src/probe/index.js';
import { SOP_CLASS, uidFor, writeDicom } from '../../tools/synth/dicom-writer.js';
import { makeReportPdf } from '../../tools/synth/report-pdf.js';
import { makeTempDir } from '../support/tree.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => { ({ dir, cleanup } = await makeTempDir()); });
afterEach(async () => { await cleanup(); });

async function probed(rel: string): Promise<FileEntry> {
  const absPath = path.join(dir, rel);
  const { size } = await stat(absPath);
  const { findings: _f, ...meta } = await probeFile({ relPath: rel, absPath, size });
  return { path: rel, size, mtimeMs: 0, ...meta };
}

describe('extractText: the stage between probe and classify', () => {
  it('reads the text of the PDF inside a DICOM Encapsulated PDF, marked as the PDF\'s own text layer', async () => {
    const pdf = await makeReportPdf({ title: 'Surgical Pathology Report', sections: [{ heading: 'Final diagnosis', blocks: ['Adenocarcinoma, margins clear.'] }] });
    await writeFile(path.join(dir, 'doc.dcm'), writeDicom({ sopClassUid: SOP_CLASS.encapsulatedPdf, studyInstanceUid: uidFor('study-doc'), encapsulatedPdf: Buffer.from(pdf) }));
    await writeFile(path.join(dir, 'ct.dcm'), writeDicom({ modality: 'CT', rows: 2, columns: 2, pixelData: { length: 8 } }));
    const files = [await probed('doc.dcm'), await probed('ct.dcm')];
    expect(files[0]?.dicom?.kind).toBe('encapsulated-pdf');

    const extracted = await extractText(files, { absPathOf: (rel) => path.join(dir, rel) });
    expect([...extracted.keys()]).toEqual(['doc.dcm']);
    expect(extracted.get('doc.dcm')).toMatchObject({ path: 'doc.dcm', source: 'text-layer' });
    expect(extracted.get('doc.dcm')?.text).toMatch(/Adenocarcinoma/);
    // The text travels beside the scan: the file entry (and so --json) is unchanged.
    expect(files[0]?.dicom?.text).toBeUndefined();
  });

  it('gives nothing, and never throws, when the embedded PDF cannot be read', async () => {
    const file: FileEntry = { path: 'gone.dcm', size: 100, mtimeMs: 0, family: 'dicom', dicom: { hasPreamble: true, kind: 'encapsulated-pdf', encapsulatedPdf: { offset: 10, length: 50 } } };
    const extracted = await extractText([file], { absPathOf: (rel) => path.join(dir, 'missing', rel) });
    expect(extracted.size).toBe(0);
  });
});
