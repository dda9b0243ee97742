import { execFileSync } from 'node:child_process';
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aperioIfds, buildTiff, hamamatsuIfds, Tag, TiffType, writeSparseSlideFile, writeTiff } from '../../tools/synth/tiff-writer.js';
import { makeTempDir } from '../support/tree.js';
import { toolOnPath } from '../support/tools.js';

const haveTiffdump = toolOnPath('tiffdump');
const haveOpenslide = toolOnPath('openslide-show-properties');
if (!haveTiffdump) console.warn('\n*** tiffdump (libtiff-tools) not installed: writer output is NOT checked against libtiff ***\n');
if (!haveOpenslide) console.warn('\n*** openslide-show-properties not installed: sparse slides are NOT checked against OpenSlide ***\n');

let dir = '';
let cleanup: () => Promise<void> = async () => undefined;
beforeAll(async () => ({ dir, cleanup } = await makeTempDir()));
afterAll(async () => cleanup());

describe('writeTiff layout', () => {
  it('writes the header of each container and byte order', () => {
    expect(writeTiff({ ifds: [{ width: 1, height: 1 }] }).subarray(0, 4)).toEqual(Buffer.from([0x49, 0x49, 42, 0]));
    expect(writeTiff({ byteOrder: 'big', ifds: [{ width: 1, height: 1 }] }).subarray(0, 4)).toEqual(Buffer.from([0x4d, 0x4d, 0, 42]));
    const big = writeTiff({ bigTiff: true, ifds: [{ width: 1, height: 1 }] });
    expect(big.subarray(0, 8)).toEqual(Buffer.from([0x49, 0x49, 43, 0, 8, 0, 0, 0]));
    expect(Number(big.readBigUInt64LE(8))).toBe(16);
  });

  it('chains IFDs in order and honours next-IFD overrides', () => {
    const built = buildTiff({ ifds: [{ width: 4, height: 4 }, { width: 2, height: 2, next: { toIfd: 0 } }] });
    const [first, second] = built.ifdOffsets as [number, number];
    const entries = built.buffer.readUInt16LE(first);
    expect(built.buffer.readUInt32LE(first + 2 + entries * 12)).toBe(second);
    const entries2 = built.buffer.readUInt16LE(second);
    expect(built.buffer.readUInt32LE(second + 2 + entries2 * 12)).toBe(first);
  });
});

describe.skipIf(!haveTiffdump)('libtiff reads what the writer writes', () => {
  for (const bigTiff of [false, true]) {
    for (const byteOrder of ['little', 'big'] as const) {
      it(`${bigTiff ? 'BigTIFF' : 'classic'} ${byteOrder}-endian with text, private and SubIFD tags`, async () => {
        const file = path.join(dir, `w-${bigTiff}-${byteOrder}.tif`);
        await writeFile(file, writeTiff({
          bigTiff, byteOrder,
          ifds: [
            { width: 500, height: 300, tile: { width: 128, height: 128 }, imageDescription: 'hello description', software: 'casepack-synth', make: 'Acme', dateTime: '2024:03:15 10:22:01',
              tags: [{ tag: Tag.NdpiFormatFlag, type: TiffType.LONG, value: 1 }, { tag: Tag.NdpiSourceLens, type: TiffType.FLOAT, value: 20 }],
              subIfds: [{ width: 250, height: 150, tile: { width: 128, height: 128 }, subfileType: 1 }] },
            { width: 100, height: 60, rowsPerStrip: 16 },
          ],
        }));
        const out = execFileSync('tiffdump', [file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        expect(out.match(/^Directory \d+:/gm)?.length).toBe(2);
        expect(out).toMatch(/ImageWidth \(256\) LONG \(4\) 1<500>/);
        expect(out).toMatch(/ImageDescription \(270\) ASCII \(2\) 18<hello description\\0>/);
        expect(out).toMatch(/Software \(305\) ASCII \(2\) 15<casepack-synth\\0>/);
        expect(out).toMatch(/DateTime \(306\) ASCII \(2\) 20<2024:03:15 10:22:01\\0>/);
        expect(out).toMatch(/65420 \(0xff8c\) LONG \(4\) 1<1>/);
        expect(out).toMatch(/65421 \(0xff8d\) FLOAT \(11\) 1<20>/);
        expect(out).toMatch(/TileOffsets \(324\) (LONG|LONG8) \(\d+\) 12</);
        expect(out).toMatch(/StripOffsets \(273\) (LONG|LONG8) \(\d+\) 4</);
        expect(out).toMatch(/SubIFD \(330\) (IFD|IFD8) \(\d+\) 1</);
      });
    }
  }
});

describe('writeSparseSlideFile', () => {
  it('writes a 2 GB Aperio slide that takes almost no disk and that OpenSlide opens', async () => {
    const file = path.join(dir, 'sparse.svs');
    const { headerBytes } = await writeSparseSlideFile(file, { vendor: 'aperio', bytes: 2 * 1024 ** 3 });
    const info = await stat(file);
    expect(info.size).toBe(2 * 1024 ** 3);
    // Allocated blocks cover the headers, not the 2 GB of tiles (the hole).
    expect(info.blocks * 512).toBeLessThan(headerBytes + 1024 * 1024);
    if (haveOpenslide) {
      const props = execFileSync('openslide-show-properties', [file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      expect(props).toContain("openslide.vendor: 'aperio'");
      expect(props).toContain("openslide.level-count: '3'");
      expect(props).toContain("aperio.Date: '03/15/24'");
    }
  });

  it('writes a sparse Hamamatsu NDPI whose strips point into the hole', async () => {
    const file = path.join(dir, 'sparse.ndpi');
    await writeSparseSlideFile(file, { vendor: 'hamamatsu', bytes: 1024 ** 3 });
    expect((await stat(file)).size).toBe(1024 ** 3);
    if (haveTiffdump) {
      const out = execFileSync('tiffdump', [file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      const offsets = [...out.matchAll(/StripOffsets \(273\) LONG \(4\) 1<(\d+)>/g)].map((m) => Number(m[1]));
      expect(offsets.length).toBe(hamamatsuIfds().length);
      for (const o of offsets) expect(o).toBeGreaterThanOrEqual(4096);
    }
  });

  it('refuses a size too small for the tiles', async () => {
    await expect(writeSparseSlideFile(path.join(dir, 'tiny.svs'), { vendor: 'aperio', bytes: 10_000 })).rejects.toThrow(/too small/);
    expect(aperioIfds().length).toBe(6);
  });
});
