import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDicom, uidFor } from '../../tools/synth/dicom-writer.js';
import { buildPacket } from '../../src/pipeline/build.js';
import { hasTool, run } from '../support/packet-tools.js';
import { hashTree, makeTempDir } from '../support/tree.js';

describe.skipIf(!hasTool('zip'))('files unpacked from a ZIP in the case', () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  beforeAll(async () => { tmp = await makeTempDir(); });
  afterAll(() => tmp.cleanup());

  it('are packed from the scan\'s unpacked copy, byte-for-byte, and the case stays untouched', async () => {
    const staging = path.join(tmp.dir, 'portal');
    await mkdir(path.join(staging, 'CT'), { recursive: true });
    const dicom = writeDicom({ studyInstanceUid: uidFor('zip-study'), seriesInstanceUid: uidFor('zip-series'), sopInstanceUid: uidFor('zip-1'), modality: 'CT', studyDate: '20250101', rows: 4, columns: 4, pixelData: { length: 32 } });
    await writeFile(path.join(staging, 'CT', 'IM1'), dicom);
    const root = path.join(tmp.dir, 'case');
    await mkdir(root);
    expect(run('zip', ['-q', '-r', path.join(root, 'portal.zip'), 'CT'], staging).status).toBe(0);
    const before = await hashTree(root);

    const result = await buildPacket(root, { output: path.join(tmp.dir, 'packet.zip') });
    expect(result.written).toBe(true);
    const entry = result.manifest!.entries.find((e) => e.sources[0] === 'portal.zip!/CT/IM1');
    expect(entry?.path).toMatch(/^Imaging\/.*\.dcm$/);
    expect(entry?.sha256).toBe(createHash('sha256').update(dicom).digest('hex'));
    expect(await hashTree(root)).toBe(before);
    // Fully unpacked, the archive itself is not packed a second time, and says so.
    expect(result.manifest!.entries.some((e) => e.sources.includes('portal.zip'))).toBe(false);
    expect(result.plan.leftOut).toContainEqual({ source: 'portal.zip', reason: 'unpacked-archive', detail: 'its contents are packed one by one' });
  });
});
