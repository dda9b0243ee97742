import { open } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlideInfoSchema, TiffInfoSchema } from '../../src/model/scan.js';
import { inspectTiff } from '../../src/probe/tiff/index.js';
import { countingSource, fixNdpiOffset, READ_BUDGET } from '../../src/probe/tiff/reader.js';
import { readAt } from '../../src/probe/types.js';
import { aperioIfds, buildTiff, genericTiledIfds, hamamatsuIfds, leicaIfds, omeIfds, philipsIfds, Tag, TiffType, ventanaIfds, writeSparseSlideFile, writeTiff, type IfdSpec } from '../../tools/synth/tiff-writer.js';
import { makeTempDir } from '../support/tree.js';

function sourceOf(buf: Buffer) {
  return countingSource(buf.length, async (position, length) => buf.subarray(position, position + length));
}

async function probeBuffer(buf: Buffer, relPath = 'slide.tif') {
  const source = sourceOf(buf);
  const out = await inspectTiff(source, buf.subarray(0, 4096), relPath);
  return { ...out, bytesRead: source.bytesRead };
}

const codes = (out: { findings: { code: string }[] }) => out.findings.map((f) => f.code);

const VARIANTS = [
  { bigTiff: false, byteOrder: 'little' },
  { bigTiff: false, byteOrder: 'big' },
  { bigTiff: true, byteOrder: 'little' },
  { bigTiff: true, byteOrder: 'big' },
] as const;

describe('vendors, in every container and byte order', () => {
  for (const v of VARIANTS) {
    const label = `${v.bigTiff ? 'BigTIFF' : 'classic'} ${v.byteOrder}-endian`;

    it(`Aperio SVS (${label})`, async () => {
      const out = await probeBuffer(writeTiff({ ...v, ifds: aperioIfds({ width: 4800, height: 3600, date: '11/02/23', mpp: 0.2527, appMag: 40 }) }));
      expect(codes(out)).toEqual([]);
      const slide = SlideInfoSchema.parse(out.slide);
      expect(slide).toMatchObject({
        vendor: 'aperio', container: v.bigTiff ? 'bigtiff' : 'tiff', byteOrder: v.byteOrder, width: 4800, height: 3600,
        levels: 3, tiled: true, magnification: 40, mppX: 0.2527, scanDate: '2023-11-02', scanDateRaw: '11/02/23', ifdCount: 6,
        compression: 'jpeg', scanner: 'Aperio ScanScope SS1234',
      });
    });

    it(`Hamamatsu NDPI (${label})`, async () => {
      const out = await probeBuffer(writeTiff({ ...v, ifds: hamamatsuIfds({ width: 8000, height: 6000, levels: 3, appMag: 40, mpp: 0.25, date: '2021:06:30 08:00:00' }) }));
      expect(codes(out)).toEqual([]);
      expect(out.slide).toMatchObject({ vendor: 'hamamatsu', width: 8000, height: 6000, levels: 3, magnification: 40, scanDate: '2021-06-30', scanner: 'Hamamatsu C13210', ifdCount: 4 });
      expect(out.slide?.mppX).toBeCloseTo(0.25, 5);
    });
  }

  it('Aperio: a two-digit year from the 1990s and an impossible date', async () => {
    const old = await probeBuffer(writeTiff({ ifds: aperioIfds({ width: 480, height: 480, date: '12/31/99' }) }));
    expect(old.slide).toMatchObject({ scanDate: '1999-12-31', scanDateRaw: '12/31/99' });
    const bad = await probeBuffer(writeTiff({ ifds: aperioIfds({ width: 480, height: 480, date: '13/45/24' }) }));
    expect(bad.slide?.scanDate).toBeUndefined();
    expect(bad.slide?.scanDateRaw).toBe('13/45/24');
  });

  it('Leica SCN: XML namespace, main image dimensions, objective and mpp from the view', async () => {
    const ifds = leicaIfds();
    const out = await probeBuffer(writeTiff({ ifds }));
    expect(codes(out)).toEqual([]);
    expect(out.slide).toMatchObject({ vendor: 'leica', width: 8000, height: 4000, levels: 2, magnification: 20, mppX: 0.5, mppY: 0.5, scanDate: '2019-04-02', scanner: 'Leica SCN400' });
  });

  it('Philips TIFF: Software prefix plus DPUfsImport XML', async () => {
    const ifds = philipsIfds();
    const out = await probeBuffer(writeTiff({ ifds }));
    expect(codes(out)).toEqual([]);
    expect(out.slide).toMatchObject({ vendor: 'philips', width: 4096, height: 2048, levels: 3, mppY: 0.25, mppX: 0.26, scanDate: '2022-03-09', scanner: 'PHILIPS UFS Scanner' });
  });

  it('Philips XML without the Philips Software tag is not taken for Philips', async () => {
    const out = await probeBuffer(writeTiff({ ifds: [{ width: 512, height: 512, tile: { width: 256, height: 256 }, imageDescription: '<DataObject ObjectType="DPUfsImport"></DataObject>', software: 'vips' }] }));
    expect(out.slide?.vendor).toBe('generic-tiled');
  });

  it('Ventana BIF: XMP with <iScan>', async () => {
    const ifds = ventanaIfds();
    const out = await probeBuffer(writeTiff({ ifds }));
    expect(codes(out)).toEqual([]);
    expect(out.slide).toMatchObject({ vendor: 'ventana', width: 20000, height: 10000, levels: 2, magnification: 40, mppX: 0.2325, scanner: 'VENTANA DP 200' });
  });

  it('OME-TIFF: sizes and physical pixel size from OME-XML, SubIFD pyramid levels', async () => {
    const ifds = omeIfds();
    for (const bigTiff of [false, true]) {
      const out = await probeBuffer(writeTiff({ bigTiff, ifds }));
      expect(codes(out)).toEqual([]);
      expect(out.slide).toMatchObject({ vendor: 'ome', width: 2048, height: 1024, levels: 3, magnification: 63, mppX: 0.12, mppY: 0.12, scanDate: '2020-10-05', scanner: 'Zeiss Axio' });
    }
  });

  it('generic tiled pyramid: every tiled IFD is a level; micron-scale resolution gives mpp', async () => {
    const ifds = genericTiledIfds();
    const out = await probeBuffer(writeTiff({ ifds }));
    expect(codes(out)).toEqual([]);
    expect(out.slide).toMatchObject({ vendor: 'generic-tiled', levels: 3, width: 4096, mppX: 0.25, scanDate: '2018-01-02', scanner: 'Acme Scan 1' });
  });

  it('a stripped multi-page TIFF (a scanned document) is a plain TIFF', async () => {
    const page = { width: 2480, height: 3508, rowsPerStrip: 64, compression: 4, samplesPerPixel: 1, dateTime: '2024:05:06 07:08:09', software: 'ScanSoft' };
    for (const v of VARIANTS) {
      const out = await probeBuffer(writeTiff({ ...v, ifds: [page, page, page] }));
      expect(codes(out)).toEqual([]);
      expect(out.family).toBe('tiff');
      expect(TiffInfoSchema.parse(out.tiff)).toEqual({ container: v.bigTiff ? 'bigtiff' : 'tiff', byteOrder: v.byteOrder, width: 2480, height: 3508, pages: 3, tiled: false, dateTime: '2024-05-06T07:08:09' });
    }
  });
});

describe('damaged files: findings, never exceptions', () => {
  const slide = () => aperioIfds({ width: 960, height: 720 });

  it('an IFD chain that loops back is cut and reported, the slide still recognised', async () => {
    const ifds = slide();
    ifds[ifds.length - 1] = { ...ifds[ifds.length - 1] as IfdSpec, next: { toIfd: 1 } };
    const out = await probeBuffer(writeTiff({ ifds }));
    expect(out.slide).toMatchObject({ vendor: 'aperio', ifdCount: 6 });
    expect(codes(out)).toEqual(['TIFF_UNREADABLE']);
    const self = writeTiff({ ifds: [{ width: 64, height: 64, next: { toIfd: 0 } }] });
    expect(codes(await probeBuffer(self))).toEqual(['TIFF_UNREADABLE']);
  });

  it('tile offsets past the end of the file → SLIDE_TRUNCATED', async () => {
    const ifds = slide();
    const first = ifds[0] as IfdSpec;
    const n = 4 * 3;
    ifds[0] = { ...first, pixelData: { kind: 'external', offsets: Array.from({ length: n }, (_, i) => 100 + i * 1_000_000), byteCounts: new Array<number>(n).fill(1_000_000) } };
    const out = await probeBuffer(writeTiff({ ifds }));
    expect(out.family).toBe('slide');
    expect(codes(out)).toEqual(['SLIDE_TRUNCATED']);
  });

  it('a copy cut short: every cut point gives findings or a clean partial result, never a throw', async () => {
    const full = writeTiff({ ifds: slide() });
    for (let cut = 0; cut < full.length; cut += 53) {
      const out = await probeBuffer(full.subarray(0, cut));
      expect(['slide', 'tiff']).toContain(out.family);
      if (cut > 8 && cut < full.length - 64) expect(codes(out).length).toBeGreaterThan(0);
    }
  });

  it('random byte damage in headers and IFDs: always an answer, reading stays within budget', async () => {
    // Deterministic xorshift so a failure can be replayed.
    let state = 0x2545f491;
    const rand = (n: number) => {
      state ^= state << 13; state >>>= 0;
      state ^= state >>> 17;
      state ^= state << 5; state >>>= 0;
      return state % n;
    };
    const seeds = [writeTiff({ ifds: slide() }), writeTiff({ bigTiff: true, byteOrder: 'big', ifds: slide() }), writeTiff({ ifds: hamamatsuIfds({ width: 4000, height: 3000 }) })];
    for (let round = 0; round < 300; round++) {
      const buf = Buffer.from(seeds[round % seeds.length] as Buffer);
      for (let k = 0; k < 1 + rand(8); k++) buf[rand(Math.min(buf.length, 2048))] = rand(256);
      const out = await probeBuffer(buf);
      expect(['slide', 'tiff']).toContain(out.family);
      expect(out.bytesRead).toBeLessThanOrEqual(READ_BUDGET);
    }
  });

  it('a chain longer than the cap (1500 pages) stops at 1024 IFDs without calling the file damaged', async () => {
    const page: IfdSpec = { width: 32, height: 32, rowsPerStrip: 32, compression: 1, samplesPerPixel: 1, imageDescription: 'ImageJ=1.54\nimages=1500\n' };
    const out = await probeBuffer(writeTiff({ ifds: new Array<IfdSpec>(1500).fill(page) }));
    expect(codes(out)).toEqual([]);
    expect(out.tiff?.pages).toBe(1024);
    expect(out.bytesRead).toBeLessThanOrEqual(READ_BUDGET);
  });

  it('a first IFD past the end of a .svs file names the slide and says it is truncated', async () => {
    const buf = writeTiff({ ifds: slide(), firstIfdOffset: 10_000_000 });
    const out = await probeBuffer(buf, 'case/scan.svs');
    expect(out).toMatchObject({ family: 'slide', slide: { vendor: 'aperio', ifdCount: 0 } });
    expect(codes(out)).toEqual(['SLIDE_TRUNCATED']);
    const plain = await probeBuffer(buf, 'case/scan.tif');
    expect(plain.family).toBe('tiff');
    expect(codes(plain)).toEqual(['SLIDE_TRUNCATED']);
  });

  it('a tag claiming 4 billion values is refused without reading them', async () => {
    const buf = writeTiff({ ifds: [{ width: 64, height: 64, rawEntries: [{ tag: Tag.ImageDescription, type: TiffType.ASCII, count: 0xffffffff, valueOrOffset: 16 }] }] });
    const out = await probeBuffer(buf);
    expect(codes(out)).toEqual(['TIFF_UNREADABLE']);
    expect(out.bytesRead).toBeLessThan(4096);
  });

  it('an IFD claiming 65535 entries or a BigTIFF IFD claiming 2^40 is unreadable', async () => {
    const classic = writeTiff({ ifds: [{ width: 64, height: 64 }] });
    const c = buildTiff({ ifds: [{ width: 64, height: 64 }] });
    classic.writeUInt16LE(0xffff, c.ifdOffsets[0] as number);
    expect(codes(await probeBuffer(classic))).toEqual(['TIFF_UNREADABLE']);
    const big = buildTiff({ bigTiff: true, ifds: [{ width: 64, height: 64 }] });
    big.buffer.writeBigUInt64LE(2n ** 40n, big.ifdOffsets[0] as number);
    expect(codes(await probeBuffer(big.buffer))).toEqual(['TIFF_UNREADABLE']);
  });

  it('bad headers: unknown version, BigTIFF with a wrong offset size, header only', async () => {
    const wrongVersion = Buffer.from('II\x2c\x00\x08\x00\x00\x00', 'latin1');
    expect(codes(await probeBuffer(wrongVersion))).toEqual(['TIFF_UNREADABLE']);
    const big = writeTiff({ bigTiff: true, ifds: [{ width: 8, height: 8 }] });
    big.writeUInt16LE(4, 4);
    expect(codes(await probeBuffer(big))).toEqual(['TIFF_UNREADABLE']);
    const headerOnly = Buffer.from('MM\x00\x2a\x00\x00\x00\x08', 'latin1');
    expect(codes(await probeBuffer(headerOnly))).toEqual(['SLIDE_TRUNCATED']);
    const intoHeader = Buffer.from('II\x2a\x00\x02\x00\x00\x00\x00\x00\x00\x00', 'latin1');
    expect(codes(await probeBuffer(intoHeader))).toEqual(['TIFF_UNREADABLE']);
  });
});

describe('bounded reading on sparse multi-gigabyte slides', () => {
  let dir = '';
  let cleanup: () => Promise<void> = async () => undefined;
  beforeAll(async () => ({ dir, cleanup } = await makeTempDir()));
  afterAll(async () => cleanup());

  async function probeFileAt(file: string, relPath: string) {
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      const source = countingSource(size, (p, l) => readAt(handle, p, l));
      const out = await inspectTiff(source, await readAt(handle, 0, 4096), relPath);
      return { ...out, bytesRead: source.bytesRead };
    } finally {
      await handle.close();
    }
  }

  it('a 5 GiB NDPI (IFDs past 4 GiB, 8-byte IFD pointers, 32-bit value offsets) is read in NDPI mode', async () => {
    const file = path.join(dir, 'huge.ndpi');
    await writeSparseSlideFile(file, { vendor: 'hamamatsu', bytes: 5 * 1024 ** 3, slide: { appMag: 40 } });
    const out = await probeFileAt(file, 'huge.ndpi');
    expect(codes(out)).toEqual([]);
    expect(out.slide).toMatchObject({ vendor: 'hamamatsu', container: 'tiff', width: 51200, height: 38144, levels: 4, magnification: 40, ifdCount: 5, scanner: 'Hamamatsu C13210' });
    console.log(`sparse NDPI 5 GiB: probe read ${out.bytesRead} B`);
    expect(out.bytesRead).toBeLessThan(16 * 1024);
  });

  it('a 5 GiB NDPI cut at 4.5 GiB has lost its IFDs → a truncated Hamamatsu slide', async () => {
    const file = path.join(dir, 'cut.ndpi');
    await writeSparseSlideFile(file, { vendor: 'hamamatsu', bytes: 5 * 1024 ** 3 });
    const handle = await open(file, 'r+');
    await handle.truncate(4.5 * 1024 ** 3);
    await handle.close();
    const out = await probeFileAt(file, 'cut.ndpi');
    expect(out).toMatchObject({ family: 'slide', slide: { vendor: 'hamamatsu' } });
    expect(codes(out)).toEqual(['SLIDE_TRUNCATED']);
  });


  it('restores NDPI value-offset high bits as OpenSlide does (largest value below the IFD)', () => {
    const G = 2 ** 32;
    expect(fixNdpiOffset(5 * G + 100, 50)).toBe(5 * G + 50);
    expect(fixNdpiOffset(5 * G + 100, 200)).toBe(4 * G + 200);
    expect(fixNdpiOffset(100, 50)).toBe(50);
    expect(fixNdpiOffset(100, 200)).toBe(200);
  });

  for (const vendor of ['aperio', 'hamamatsu'] as const) {
    it(`a 3 GB ${vendor} slide costs a few kilobytes`, async () => {
      const file = path.join(dir, `big-${vendor}.tif`);
      const bytes = 3 * 1024 ** 3;
      const { headerBytes } = await writeSparseSlideFile(file, { vendor, bytes });
      const handle = await open(file, 'r');
      try {
        const source = countingSource(bytes, (p, l) => readAt(handle, p, l));
        const head = await readAt(handle, 0, 4096);
        const out = await inspectTiff(source, head, `big-${vendor}.tif`);
        expect(codes(out)).toEqual([]);
        expect(out.slide?.vendor).toBe(vendor);
        expect(out.slide?.width).toBe(vendor === 'aperio' ? 46000 : 51200);
        console.log(`sparse ${vendor} ${bytes} B: probe read ${source.bytesRead} B (headers written: ${headerBytes} B)`);
        expect(source.bytesRead).toBeLessThan(16 * 1024);
      } finally {
        await handle.close();
      }
    });
  }
});
