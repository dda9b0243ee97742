import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanCase } from '../../src/pipeline/scan.js';
import { uidFor, writeDicom } from '../../tools/synth/dicom-writer.js';
import { makeTempDir } from '../support/tree.js';

// Every file's classification is one object shape (issue 15, memory flat in the number of files: objects built
// from drafts whose optional keys varied each had a hidden class of their own), while the JSON a scan writes keeps
// the keys it always had, in the order it always had them.

const TODAY = new Date('2026-01-15T12:00:00Z');
let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => { ({ dir, cleanup } = await makeTempDir()); });
afterEach(async () => { await cleanup(); });

async function writeCase(): Promise<void> {
  await mkdir(path.join(dir, 'CD'), { recursive: true });
  const series = { modality: 'CT', studyInstanceUid: uidFor('shape-study'), studyDate: '20251005', rows: 2, columns: 2, pixelData: { length: 8 } };
  // One slice with a series description (a title), one without, and files that are no images at all.
  await writeFile(path.join(dir, 'CD', 'IM1'), writeDicom({ ...series, seriesInstanceUid: uidFor('shape-1'), sopInstanceUid: uidFor('shape-1-1'), seriesDescription: 'CHEST', instanceNumber: 1 }));
  await writeFile(path.join(dir, 'CD', 'IM2'), writeDicom({ ...series, seriesInstanceUid: uidFor('shape-2'), sopInstanceUid: uidFor('shape-2-1'), instanceNumber: 1 }));
  await writeFile(path.join(dir, 'empty.dat'), '');
  await writeFile(path.join(dir, 'viewer.ini'), '[viewer]\nlanguage=en\n');
}

describe('file classifications', () => {
  it('have one key list, in one order, whatever values each file has', async () => {
    await writeCase();
    const scan = await scanCase(dir, { today: TODAY });
    const classifications = scan.files.map((f) => f.classification);
    expect(classifications).toHaveLength(4);
    const keyLists = new Set(classifications.map((c) => Object.keys(c ?? {}).join(',')));
    expect([...keyLists]).toEqual(['category,confidence,reasons,modality,title,tiedWith,date,language,source']);
    // JSON leaves the keys without a value out, as before.
    const slice = scan.files.find((f) => f.path === 'CD/IM2')?.classification;
    expect(Object.keys(JSON.parse(JSON.stringify(slice)) as object)).toEqual(['category', 'confidence', 'reasons', 'modality', 'date']);
  });

  it('an override adds its keys after the ones the file had, as before', async () => {
    await writeCase();
    await writeFile(path.join(dir, 'casepack.yaml'), 'overrides:\n  - path: empty.dat\n    modality: CT\n    title: Planning scan\n  - path: CD/IM2\n    title: Second series\n');
    const scan = await scanCase(dir, { today: TODAY });
    const keysOf = (p: string): string[] => Object.keys(JSON.parse(JSON.stringify(scan.files.find((f) => f.path === p)?.classification)) as object);
    // The empty file had no modality or title: they come after its date, with the override's note.
    expect(keysOf('empty.dat')).toEqual(['category', 'confidence', 'reasons', 'date', 'modality', 'title', 'override']);
    expect(keysOf('CD/IM2')).toEqual(['category', 'confidence', 'reasons', 'modality', 'date', 'title', 'override']);
    // A file no override names keeps every key (the shared shape).
    expect(Object.keys(scan.files.find((f) => f.path === 'CD/IM1')?.classification ?? {})).toContain('tiedWith');
  });
});
