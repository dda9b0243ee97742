import { appendFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeFile } from '../../src/probe/index.js';
import { writeDicom } from '../../tools/synth/dicom-writer.js';
import { makeTempDir } from '../support/tree.js';

/** A file still being copied: the walk listed one size, the probe finds another. */
describe('FILE_CHANGED_DURING_RUN', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let file: string;
  beforeAll(async () => {
    tmp = await makeTempDir();
    file = path.join(tmp.dir, 'IM0001');
    await writeFile(file, writeDicom({ modality: 'CT', studyDate: '20250903' }));
  });
  afterAll(() => tmp.cleanup());

  it('is not reported for a file whose size is what the walk listed', async () => {
    const { size } = await stat(file);
    const out = await probeFile({ relPath: 'IM0001', absPath: file, size });
    expect(out.family).toBe('dicom');
    expect(out.findings.map((f) => f.code)).not.toContain('FILE_CHANGED_DURING_RUN');
  });

  it('is reported, with both sizes, for a file that grew after it was listed', async () => {
    const listed = (await stat(file)).size;
    await appendFile(file, Buffer.alloc(4096));
    const out = await probeFile({ relPath: 'IM0001', absPath: file, size: listed });
    const changed = out.findings.find((f) => f.code === 'FILE_CHANGED_DURING_RUN');
    expect(changed?.paths).toEqual(['IM0001']);
    expect(changed?.severity).toBe('error');
    expect(changed?.details).toEqual({ listedBytes: listed, nowBytes: listed + 4096 });
  });
});
