import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanCase } from '../../src/pipeline/scan.js';
import { uidFor, writeDicom } from '../../tools/synth/dicom-writer.js';
import { makeTempDir } from '../support/tree.js';

// The slices of a series share one reason list and one date object (memory flat in the number of files):
// an override on one slice must leave the others' verdicts as they were.

const TODAY = new Date('2026-01-15T12:00:00Z');
let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => { ({ dir, cleanup } = await makeTempDir()); });
afterEach(async () => { await cleanup(); });

describe('DICOM verdicts shared by a series', () => {
  it('an override on one slice changes that slice alone', async () => {
    await mkdir(path.join(dir, 'CD'), { recursive: true });
    const series = { modality: 'CT', studyInstanceUid: uidFor('shared-study'), seriesInstanceUid: uidFor('shared-series'), studyDate: '20251005', rows: 2, columns: 2, pixelData: { length: 8 } };
    for (const n of [1, 2, 3]) await writeFile(path.join(dir, 'CD', `IM${n}`), writeDicom({ ...series, sopInstanceUid: uidFor(`shared-${n}`), instanceNumber: n }));
    await writeFile(path.join(dir, 'casepack.yaml'), 'overrides:\n  - path: CD/IM2\n    category: other\n    date: 2025-10-06\n');

    const scan = await scanCase(dir, { today: TODAY });
    const [one, two, three] = ['CD/IM1', 'CD/IM2', 'CD/IM3'].map((p) => scan.files.find((f) => f.path === p)?.classification);
    expect(two).toMatchObject({ category: 'other', date: { date: '2025-10-06', source: 'override' } });
    expect(two?.reasons[0]).toMatchObject({ rule: 'override.category' });
    for (const untouched of [one, three]) {
      expect(untouched).toMatchObject({ category: 'imaging', modality: 'CT', date: { date: '2025-10-05', source: 'dicom-tag' } });
      expect(untouched?.reasons).toEqual([{ rule: 'dicom.kind.image', category: 'imaging', weight: 1, matched: ['DICOM image', 'CT Image', 'Modality CT'] }]);
    }
    // Shared, not copied: the untouched slices hold the very same reason list and date.
    expect(one?.reasons).toBe(three?.reasons);
    expect(one?.date).toBe(three?.date);
  });
});
