import { execFileSync } from 'node:child_process';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SlideInfoSchema, TiffInfoSchema } from '../../src/model/scan.js';
import { probeFile } from '../../src/probe/index.js';
import { corpusAvailable } from '../support/corpus.js';
import { CORPUS_DIR } from '../support/tree.js';
import { toolOnPath } from '../support/tools.js';

const SLIDES = path.join(CORPUS_DIR, 'slides');

async function probe(rel: string) {
  const absPath = path.join(SLIDES, rel);
  const { size } = await stat(absPath);
  return probeFile({ relPath: `slides/${rel}`, absPath, size });
}


const haveOpenslide = toolOnPath('openslide-show-properties');
const haveTiffinfo = toolOnPath('tiffdump');
if (corpusAvailable && !haveOpenslide) console.warn('\n*** openslide-show-properties not installed: OpenSlide cross-checks are SKIPPED ***\n');
if (corpusAvailable && !haveTiffinfo) console.warn('\n*** tiffdump (libtiff-tools) not installed: libtiff cross-checks are SKIPPED ***\n');

function openslideProperties(rel: string): Map<string, string> {
  const out = execFileSync('openslide-show-properties', [path.join(SLIDES, rel)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const props = new Map<string, string>();
  for (const line of out.split('\n')) {
    const m = /^([^:]+): '(.*)'$/.exec(line);
    if (m?.[1] && m[2] !== undefined) props.set(m[1], m[2]);
  }
  return props;
}

/** Top-level IFD count and IFD 0 width/height as libtiff's tiffdump sees them. */
function tiffdump(rel: string): { ifds: number; width?: number; height?: number } {
  const out = execFileSync('tiffdump', [path.join(SLIDES, rel)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 });
  const dirs = out.split(/^Directory \d+:/m).slice(1);
  const first = dirs[0] ?? '';
  const num = (tag: string): number | undefined => {
    const m = new RegExp(`^${tag} \\(\\d+\\) \\w+ \\(\\d+\\) 1<(\\d+)>`, 'm').exec(first);
    return m ? Number(m[1]) : undefined;
  };
  return { ifds: dirs.length, width: num('ImageWidth'), height: num('ImageLength') };
}

describe.skipIf(!corpusAvailable)('corpus: whole-slide and TIFF files', () => {
  it('reads CMU-1-Small-Region.svs as an Aperio slide with its date, mpp and AppMag', async () => {
    const out = await probe('CMU-1-Small-Region.svs');
    expect(out.findings).toEqual([]);
    expect(out.family).toBe('slide');
    const slide = SlideInfoSchema.parse(out.slide);
    expect(slide).toMatchObject({ vendor: 'aperio', container: 'tiff', byteOrder: 'little', width: 2220, height: 2967, levels: 1, tiled: true, magnification: 20, mppX: 0.499, mppY: 0.499, compression: 'jpeg', ifdCount: 4 });
    // SOURCES.md: OpenSlide test data; the description's Date is MM/DD/YY.
    expect(slide.scanDateRaw).toMatch(/^\d{2}\/\d{2}\/\d{2}$/);
    const [mm, dd, yy] = (slide.scanDateRaw ?? '').split('/');
    expect(slide.scanDate).toBe(`20${yy}-${mm}-${dd}`);
  });

  it('reads the NDPI as a Hamamatsu slide with 4 levels from 3968x4864', async () => {
    const out = await probe('test3-TRITC 2 (560).ndpi');
    expect(out.findings).toEqual([]);
    expect(out.slide).toMatchObject({ vendor: 'hamamatsu', container: 'tiff', width: 3968, height: 4864, levels: 4, magnification: 40, scanDate: '2017-02-07', scanDateRaw: '2017:02:07 13:07:45', scanner: 'Hamamatsu C9600-12', ifdCount: 6 });
  });

  it('reads the SYNTHETIC Leica SCN look-alike (4 levels, 20x, 0.5 µm/px)', async () => {
    const out = await probe('generated/SYNTHETIC-leica-from-CMU-1-Small-Region.scn');
    expect(out.findings).toEqual([]);
    expect(out.slide).toMatchObject({ vendor: 'leica', width: 1536, height: 1536, levels: 4, magnification: 20, mppX: 0.5, mppY: 0.5, scanDate: '2012-05-02', scanner: 'Leica SCN400' });
  });

  it('reads the SYNTHETIC Philips look-alike', async () => {
    const out = await probe('generated/SYNTHETIC-philips-from-CMU-1-Small-Region.tiff');
    expect(out.findings).toEqual([]);
    expect(out.slide).toMatchObject({ vendor: 'philips', width: 1536, height: 1536, mppX: 0.499, mppY: 0.499, scanDate: '2017-01-01', scanner: 'PHILIPS UFS Scanner' });
    // The XML lists only two pixel representations; the file stores a 4-level tiled pyramid, and that counts.
    expect(out.slide?.levels).toBe(4);
  });

  it('treats the OME-TIFF as an OME microscopy slide, not a document', async () => {
    const out = await probe('multi-channel-z-series.ome.tif');
    expect(out.findings).toEqual([]);
    expect(out.slide).toMatchObject({ vendor: 'ome', container: 'tiff', byteOrder: 'big', width: 439, height: 167, levels: 1, tiled: false });
  });

  it('reads the old-JPEG tiled TIFF as a generic tiled slide (big-endian)', async () => {
    const out = await probe('ojpeg-tile.tif');
    expect(out.findings).toEqual([]);
    expect(out.slide).toMatchObject({ vendor: 'generic-tiled', byteOrder: 'big', width: 234, height: 213, tiled: true, levels: 1, compression: 'jpeg-old' });
    // 75 dpi is screen resolution, not a microscope scale.
    expect(out.slide?.mppX).toBeUndefined();
  });

  it('reads every BigTIFF variant', async () => {
    const le = await probe('BigTIFF.tif');
    expect(le.family).toBe('tiff');
    expect(TiffInfoSchema.parse(le.tiff)).toMatchObject({ container: 'bigtiff', byteOrder: 'little', width: 64, height: 64, pages: 1, tiled: false });
    const be = await probe('BigTIFFMotorola.tif');
    expect(be.tiff).toMatchObject({ container: 'bigtiff', byteOrder: 'big', width: 64, height: 64, pages: 1 });
    const tiles = await probe('BigTIFFLong8Tiles.tif');
    expect(tiles.slide).toMatchObject({ vendor: 'generic-tiled', container: 'bigtiff', width: 64, height: 64, tiled: true, levels: 1 });
    const sub = await probe('BigTIFFSubIFD8.tif');
    expect(sub.tiff).toMatchObject({ container: 'bigtiff', pages: 2 });
    for (const out of [le, be, tiles, sub]) expect(out.findings).toEqual([]);
  });

  it('keeps Classic.tif a plain TIFF, not a slide', async () => {
    const out = await probe('Classic.tif');
    expect(out.findings).toEqual([]);
    expect(out.family).toBe('tiff');
    expect(out.slide).toBeUndefined();
    expect(out.tiff).toMatchObject({ container: 'tiff', width: 64, height: 64, pages: 1, tiled: false });
  });

  describe.skipIf(!haveOpenslide)('cross-check against OpenSlide', () => {
    for (const rel of ['CMU-1-Small-Region.svs', 'test3-TRITC 2 (560).ndpi', 'generated/SYNTHETIC-leica-from-CMU-1-Small-Region.scn', 'BigTIFFLong8Tiles.tif']) {
      it(`agrees on vendor, mpp and objective power for ${rel}`, async () => {
        const props = openslideProperties(rel);
        const out = await probe(rel);
        const vendor = props.get('openslide.vendor') === 'generic-tiff' ? 'generic-tiled' : props.get('openslide.vendor');
        expect(out.slide?.vendor).toBe(vendor);
        const mpp = props.get('openslide.mpp-x');
        if (mpp) expect(out.slide?.mppX).toBeCloseTo(Number(mpp), 4);
        const power = props.get('openslide.objective-power');
        if (power) expect(out.slide?.magnification).toBe(Number(power));
        // Leica: OpenSlide sizes level 0 to the whole collection; we report the scanned image itself.
        if (vendor !== 'leica') {
          expect(out.slide?.width).toBe(Number(props.get('openslide.level[0].width')));
          expect(out.slide?.height).toBe(Number(props.get('openslide.level[0].height')));
        }
        // NDPI: OpenSlide adds levels it derives from JPEG restart markers; we count stored levels.
        if (vendor !== 'hamamatsu') expect(out.slide?.levels).toBe(Number(props.get('openslide.level-count')));
      });
    }
  });

  describe.skipIf(!haveTiffinfo)('cross-check against libtiff', () => {
    const files = ['CMU-1-Small-Region.svs', 'test3-TRITC 2 (560).ndpi', 'multi-channel-z-series.ome.tif', 'ojpeg-tile.tif', 'BigTIFF.tif', 'BigTIFFMotorola.tif', 'BigTIFFLong8Tiles.tif', 'BigTIFFSubIFD8.tif', 'Classic.tif', 'generated/SYNTHETIC-leica-from-CMU-1-Small-Region.scn', 'generated/SYNTHETIC-philips-from-CMU-1-Small-Region.tiff'];
    for (const rel of files) {
      it(`agrees on IFD count and IFD 0 size for ${rel}`, async () => {
        const ref = tiffdump(rel);
        const out = await probe(rel);
        const count = out.slide?.ifdCount ?? out.tiff?.pages;
        expect(count).toBe(ref.ifds);
        if (out.tiff) {
          expect(out.tiff.width).toBe(ref.width);
          expect(out.tiff.height).toBe(ref.height);
        }
      });
    }
  });
});
