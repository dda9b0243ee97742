import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pictureMayBeDocument } from '../../src/extract/ocr/decide.js';
import type { FileEntry } from '../../src/model/scan.js';
import { probeFile } from '../../src/probe/index.js';
import type { ProbeOutput } from '../../src/probe/types.js';
import { greyPng, hugeJpeg } from '../support/bombs/image.js';
import { makeTempDir } from '../support/tree.js';

/**
 * Issue 13, B1/B2: pictures whose header declares more pixels than any photo
 * or scan are named by the probe from the header alone and never decoded
 * (OCR skips them; the packet keeps them as they are).
 */
let temp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => { temp = await makeTempDir('casepack-image-bombs-'); });
afterAll(async () => { await temp.cleanup(); });

async function probeBytes(name: string, bytes: Uint8Array): Promise<ProbeOutput> {
  const absPath = path.join(temp.dir, name);
  await writeFile(absPath, bytes);
  return probeFile({ relPath: name, absPath, size: bytes.length }, {});
}

function entryOf(name: string, output: ProbeOutput): FileEntry {
  return { path: name, size: 1, family: output.family, ...(output.image ? { image: output.image } : {}) } as FileEntry;
}

describe('B1/B2: pictures too large to decode', () => {
  it.each([
    ['B1: a 0.9 MB PNG of 30000 x 30000 grey pixels', 'photo.png', () => greyPng(30000, 30000), 30000, 30000],
    ['B2: a PNG header claiming 2^31-1 x 2^31-1', 'claim.png', () => greyPng(2 ** 31 - 1, 2 ** 31 - 1, false), 2 ** 31 - 1, 2 ** 31 - 1],
    ['B2: a JPEG frame header claiming 65535 x 65535', 'claim.jpg', () => hugeJpeg(), 65535, 65535],
  ])('%s: IMAGE_TOO_LARGE_TO_READ from the header, and no OCR', async (_label, name, make, width, height) => {
    const output = await probeBytes(name, make());
    expect(output.image).toMatchObject({ width, height });
    expect(output.findings.map((f) => f.code)).toContain('IMAGE_TOO_LARGE_TO_READ');
    expect(pictureMayBeDocument(entryOf(name, output))).toBe(false);
  });

  it('a photo of ordinary size is still a candidate for OCR', async () => {
    const output = await probeBytes('page.png', greyPng(2480, 3508));
    expect(output.findings).toEqual([]);
    expect(pictureMayBeDocument(entryOf('page.png', output))).toBe(true);
  });
});
