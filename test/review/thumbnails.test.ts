import { copyFile, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { countingSource, readTiffStructure } from '../../src/probe/tiff/reader.js';
import { configureThumbnails, renderThumbnail, thumbnailStats } from '../../src/review/thumbnails.js';
import type { Thumbnail, ThumbnailRequest } from '../../src/review/thumbnail-types.js';
import { writeDicom, TRANSFER_SYNTAX, type ExtraElement } from '../../tools/synth/dicom-writer.js';
import { markerPage } from '../../tools/synth/heic-fixtures.js';
import { writePng } from '../../tools/synth/image-writer.js';
import { makeReportPdf } from '../../tools/synth/report-pdf.js';
import { aperioIfds, buildTiff, TIFF_SLIDE_FIXTURES, type IfdSpec } from '../../tools/synth/tiff-writer.js';
import { greyPng, hugeJpeg, hugeTiff } from '../support/bombs/image.js';
import { contentStreamBombPdf, imageXObjectBombPdf } from '../support/bombs/pdf.js';
import { hashTree, makeTempDir } from '../support/tree.js';

/**
 * Issue 17: the review page's thumbnails. Every fixture is made here by the
 * project's own writers; each file family gives a small picture of the right
 * size and content, and what cannot be shown cheaply (corrupt files, bombs,
 * undecodable pixel data, a stalled or exhausted worker) gives null, never an
 * exception. The case folder is hashed before and after.
 */

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let caseDir: string;
let treeBefore: string;

beforeAll(async () => {
  temp = await makeTempDir('casepack-thumbnails-');
  caseDir = temp.dir;
});
afterAll(async () => {
  await configureThumbnails('defaults');
  await temp.cleanup();
});

async function put(name: string, bytes: Uint8Array | Buffer): Promise<string> {
  const file = path.join(caseDir, name);
  await writeFile(file, bytes);
  return file;
}

async function thumb(file: string, family: ThumbnailRequest['family'], extra: Partial<ThumbnailRequest> = {}): Promise<Thumbnail | null> {
  return renderThumbnail({ file, family, ...extra });
}

/** The thumbnail decoded again, as the browser would, with its size checked against what it claims. */
async function pixelsOf(t: Thumbnail): Promise<{ data: Buffer; width: number; height: number; channels: number }> {
  const { data, info } = await sharp(t.bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  expect([info.width, info.height]).toEqual([t.width, t.height]);
  return { data, width: info.width, height: info.height, channels: info.channels };
}

/** Mean of each channel over a patch around a relative point. */
async function colourAt(t: Thumbnail, fx: number, fy: number): Promise<number[]> {
  const { data, width, height, channels } = await pixelsOf(t);
  const cx = Math.round(fx * (width - 1)), cy = Math.round(fy * (height - 1));
  const sums = new Array<number>(channels).fill(0);
  let n = 0;
  for (let y = Math.max(0, cy - 2); y <= Math.min(height - 1, cy + 2); y++) {
    for (let x = Math.max(0, cx - 2); x <= Math.min(width - 1, cx + 2); x++) {
      for (let c = 0; c < channels; c++) sums[c] = (sums[c] ?? 0) + (data[(y * width + x) * channels + c] ?? 0);
      n++;
    }
  }
  return sums.map((s) => s / n);
}

const grey = async (t: Thumbnail, fx: number, fy: number): Promise<number> => {
  const c = await colourAt(t, fx, fy);
  return c.reduce((a, b) => a + b, 0) / c.length;
};

function expectWithin(t: Thumbnail | null, maxSide: number): asserts t is Thumbnail {
  expect(t).not.toBeNull();
  if (!t) return;
  expect(Math.max(t.width, t.height)).toBeLessThanOrEqual(maxSide);
  expect(Math.min(t.width, t.height)).toBeGreaterThan(0);
}

describe('renderThumbnail', () => {
  beforeAll(async () => {
    await configureThumbnails('defaults');
    await writeFixtures();
    treeBefore = await hashTree(caseDir);
  });

  describe('PDF: the first page, drawn small', () => {
    it('an A4 report gives a portrait page of maxSide pixels high with dark text on white', async () => {
      const t = await thumb(path.join(caseDir, 'report.pdf'), 'pdf');
      expectWithin(t, 320);
      expect(t.mime).toBe('image/png');
      // A4 is 595 x 842 pt: 226 x 320.
      expect(t.height).toBe(320);
      expect(t.width).toBeGreaterThanOrEqual(224);
      expect(t.width).toBeLessThanOrEqual(227);
      const { data } = await pixelsOf(t);
      const dark = data.filter((v) => v < 100).length;
      expect(dark).toBeGreaterThan(50);
      expect(await grey(t, 0.02, 0.98)).toBeGreaterThan(240);
    });

    it('obeys a smaller maxSide', async () => {
      const t = await thumb(path.join(caseDir, 'report.pdf'), 'pdf', { maxSide: 100 });
      expectWithin(t, 100);
      expect(t.height).toBe(100);
    });
  });

  describe('photos and scans', () => {
    it('a phone JPEG stored sideways (EXIF orientation 6) comes out upright', async () => {
      const t = await thumb(path.join(caseDir, 'photo-exif6.jpg'), 'image');
      expectWithin(t, 320);
      expect(t.mime).toBe('image/jpeg');
      // The page is 300 x 420 upright: portrait, 229 x 320.
      expect(t.height).toBe(320);
      expect(t.width).toBe(229);
      expect(await grey(t, 0.15, 0.12)).toBeLessThan(60);
      expect(await grey(t, 0.85, 0.9)).toBeGreaterThan(200);
    });

    it('an iPhone HEIC (irot) comes out upright', async () => {
      const t = await thumb(path.join(caseDir, 'marker.heic'), 'image');
      expectWithin(t, 320);
      expect(t.height).toBeGreaterThan(t.width);
      expect(await grey(t, 0.15, 0.12)).toBeLessThan(60);
      expect(await grey(t, 0.85, 0.9)).toBeGreaterThan(200);
    });

    it('a small PNG is re-encoded without its metadata, never enlarged, never passed through', async () => {
      const file = path.join(caseDir, 'small.png');
      const t = await thumb(file, 'image');
      expectWithin(t, 320);
      expect([t.width, t.height]).toEqual([120, 80]);
      expect(t.mime).toBe('image/png');
      expect(Buffer.from(t.bytes).equals(await readFile(file))).toBe(false);
      expect(Buffer.from(t.bytes).includes('eXIf')).toBe(false);
      expect(Buffer.from(t.bytes).includes('PhoneCo')).toBe(false);
    });

    it('a scanned TIFF document gives its first page', async () => {
      const t = await thumb(path.join(caseDir, 'scan.tif'), 'tiff', { maxSide: 200 });
      expectWithin(t, 200);
      expect([t.width, t.height]).toEqual([100, 200]);
    });
  });

  describe('DICOM: one cheap frame', () => {
    it('16-bit signed MONOCHROME2 through rescale and the file\'s window', async () => {
      const t = await thumb(path.join(caseDir, 'ct-signed.dcm'), 'dicom');
      expectWithin(t, 320);
      expect([t.width, t.height]).toEqual([256, 128]);
      // Stored -1024..976 (negative: signed), +24 → -1000..+1000 HU across; window 40/400: left black, right white, 40 HU grey.
      expect(await grey(t, 0.1, 0.5)).toBeLessThan(5);
      expect(await grey(t, 0.9, 0.5)).toBeGreaterThan(250);
      const middle = await grey(t, 0.52, 0.5);
      expect(middle).toBeGreaterThan(60);
      expect(middle).toBeLessThan(200);
    });

    it('MONOCHROME1 is shown inverted, windowed by its own range when the file has no window', async () => {
      const t = await thumb(path.join(caseDir, 'mono1.dcm'), 'dicom');
      expectWithin(t, 320);
      expect(await grey(t, 0.02, 0.5)).toBeGreaterThan(245);
      expect(await grey(t, 0.98, 0.5)).toBeLessThan(10);
    });

    it('a deflated data set is inflated whole for its pixels', async () => {
      expect((await stat(path.join(caseDir, 'deflated.dcm'))).size).toBeGreaterThan(8192);
      const t = await thumb(path.join(caseDir, 'deflated.dcm'), 'dicom');
      expectWithin(t, 320);
      expect([t.width, t.height]).toEqual([256, 128]);
      expect(await grey(t, 0.03, 0.5)).toBeLessThan(20);
      expect(await grey(t, 0.97, 0.5)).toBeGreaterThan(235);
    });

    it('an 8-bit RGB frame keeps its colours', async () => {
      const t = await thumb(path.join(caseDir, 'rgb.dcm'), 'dicom');
      expectWithin(t, 320);
      const [r, g, b] = await colourAt(t, 0.5, 0.5);
      expect(r).toBeGreaterThan(200);
      expect(g).toBeLessThan(60);
      expect(b).toBeLessThan(60);
    });

    it('a multi-frame object shows its middle frame', async () => {
      const t = await thumb(path.join(caseDir, 'multiframe.dcm'), 'dicom');
      expectWithin(t, 320);
      expect(await grey(t, 0.02, 0.5)).toBeLessThan(15);
      expect(await grey(t, 0.98, 0.5)).toBeGreaterThan(240);
    });

    it('a larger frame is shrunk to maxSide', async () => {
      const t = await thumb(path.join(caseDir, 'large.dcm'), 'dicom', { maxSide: 64 });
      expectWithin(t, 64);
      expect([t.width, t.height]).toEqual([64, 32]);
    });

    it('encapsulated baseline JPEG is read by sharp', async () => {
      const t = await thumb(path.join(caseDir, 'jpeg-baseline.dcm'), 'dicom', { maxSide: 100 });
      expectWithin(t, 100);
      expect([t.width, t.height]).toEqual([100, 50]);
    });

    it.each([
      ['JPEG 2000 pixel data', 'jpeg2000.dcm'],
      ['an encapsulated PDF (no pixels)', 'document.dcm'],
      ['pixel data cut short', 'cut.dcm'],
    ])('%s gives null', async (_label, name) => {
      expect(await thumb(path.join(caseDir, name), 'dicom')).toBeNull();
    });
  });

  describe('slides: the file\'s own small pictures', () => {
    it('an Aperio slide shows its thumbnail IFD by default', async () => {
      const t = await thumb(path.join(caseDir, 'aperio.svs'), 'slide');
      expectWithin(t, 320);
      expect(t.mime).toBe('image/jpeg');
      expect([t.width, t.height]).toEqual([320, 240]);
      const [r, g, b] = await colourAt(t, 0.5, 0.5);
      expect(b).toBeGreaterThan(180);
      expect(r).toBeLessThan(70);
      expect(g).toBeLessThan(70);
    });

    it('its LZW label when the page asks for the label', async () => {
      const t = await thumb(path.join(caseDir, 'aperio.svs'), 'slide', { prefer: 'label' });
      expectWithin(t, 320);
      expect([t.width, t.height]).toEqual([267, 320]);
      const [r, g, b] = await colourAt(t, 0.5, 0.5);
      expect(r).toBeGreaterThan(180);
      expect(g).toBeLessThan(70);
      expect(b).toBeLessThan(70);
    });

    it('a slide whose only small picture is a JPEG macro (one JFIF strip, as NDPI stores it) shows it', async () => {
      const t = await thumb(path.join(caseDir, 'macro-only.tif'), 'slide', { prefer: 'label' });
      expectWithin(t, 320);
      expect([t.width, t.height]).toEqual([320, 107]);
      const [r, g, b] = await colourAt(t, 0.5, 0.5);
      expect(g).toBeGreaterThan(150);
      expect(r).toBeLessThan(90);
      expect(b).toBeLessThan(90);
    });

    it('a slide whose pictures hold no decodable pixels, or claim 2^31 a side, gives null', async () => {
      expect(await thumb(path.join(caseDir, 'placeholder.svs'), 'slide')).toBeNull();
      expect(await thumb(path.join(caseDir, 'huge-label.svs'), 'slide', { prefer: 'label' })).toBeNull();
    });
  });

  describe('corrupt files and bombs give null, and the next file still works', () => {
    it.each([
      ['random bytes named .jpg', 'random.jpg', 'image'],
      ['a JPEG cut in half', 'cut.jpg', 'image'],
      ['a PDF cut in half', 'cut.pdf', 'pdf'],
      ['a 0.9 MB PNG of 30000 x 30000 pixels', 'bomb.png', 'image'],
      ['a JPEG header claiming 65535 x 65535', 'claim.jpg', 'image'],
      ['a TIFF claiming 2^31 x 2^31', 'claim.tif', 'tiff'],
      ['a PDF page whose content inflates to 1 GiB', 'content-bomb.pdf', 'pdf'],
      ['a PDF image of 32768 x 32768', 'image-bomb.pdf', 'pdf'],
      ['a file that is not there', 'missing.pdf', 'pdf'],
    ] as const)('%s', async (_label, name, family) => {
      expect(await thumb(path.join(caseDir, name), family)).toBeNull();
      expectWithin(await thumb(path.join(caseDir, 'small.png'), 'image', { maxSide: 50 + name.length }), 50 + name.length);
      expect(thumbnailStats().workers).toBeLessThanOrEqual(2);
    });

    it('a relative path is refused', async () => {
      expect(await renderThumbnail({ file: 'small.png', family: 'image' })).toBeNull();
    });
  });

  describe('bounded workers', () => {
    afterAll(async () => { await configureThumbnails('defaults'); });

    it('a decode that overruns its time gives null, and a fresh worker serves the next file', async () => {
      // Long enough that the next file is not cut off on a loaded machine; the stall outlasts it by far.
      await configureThumbnails({ timeoutMs: 8_000, testHooks: { paths: /stall/, stallMs: 120_000 } });
      const stalled = await put('stall.png', await sharp({ create: { width: 10, height: 10, channels: 3, background: '#888' } }).png().toBuffer());
      const entries = thumbnailStats().entries;
      expect(await thumb(stalled, 'image')).toBeNull();
      // A timeout may be the machine's load: the null is not kept, so the page asks again next time.
      expect(thumbnailStats().entries).toBe(entries);
      expectWithin(await thumb(path.join(caseDir, 'small.png'), 'image'), 320);
    });

    it('a decode that fills its heap gives null, and a fresh worker serves the next file', async () => {
      await configureThumbnails({ maxHeapMb: 64, testHooks: { paths: /hoard/, exhaustHeap: true } });
      const hoard = await put('hoard.png', await sharp({ create: { width: 10, height: 10, channels: 3, background: '#888' } }).png().toBuffer());
      expect(await thumb(hoard, 'image')).toBeNull();
      expectWithin(await thumb(path.join(caseDir, 'small.png'), 'image'), 320);
    });
  });

  describe('cache', () => {
    beforeEach(async () => { await configureThumbnails('defaults'); });

    it('a second request is answered from memory; a changed file is decoded again', async () => {
      const file = path.join(caseDir, 'cached.png');
      await copyFile(path.join(caseDir, 'small.png'), file);
      const first = await thumb(file, 'image');
      const second = await thumb(file, 'image');
      expect(second).toBe(first);
      expect(thumbnailStats()).toMatchObject({ hits: 1, misses: 1, entries: 1 });
      await utimes(file, new Date('2024-01-01T00:00:00Z'), new Date('2024-01-01T00:00:00Z'));
      const third = await thumb(file, 'image');
      expect(third).not.toBe(first);
      expect(thumbnailStats()).toMatchObject({ hits: 1, misses: 2, entries: 2 });
    });

    it('two requests at once share one decode', async () => {
      const file = path.join(caseDir, 'small.png');
      const [a, b] = await Promise.all([thumb(file, 'image'), thumb(file, 'image')]);
      expect(a).not.toBeNull();
      expect(b).toBe(a);
      expect(thumbnailStats().entries).toBe(1);
    });

    it('is bounded in bytes: the least recently used goes first', async () => {
      const file = path.join(caseDir, 'photo-exif6.jpg');
      await thumb(file, 'image', { maxSide: 100 });
      const one = thumbnailStats().bytes;
      // Room for two thumbnails of about this size, not three.
      await configureThumbnails({ cacheBytes: Math.round(one * 2.6) });
      for (const side of [100, 101, 102]) await thumb(file, 'image', { maxSide: side });
      expect(thumbnailStats()).toMatchObject({ entries: 2, misses: 3 });
      expect(thumbnailStats().bytes).toBeLessThanOrEqual(Math.round(one * 2.6));
      await thumb(file, 'image', { maxSide: 102 });
      expect(thumbnailStats()).toMatchObject({ hits: 1, misses: 3 });
      await thumb(file, 'image', { maxSide: 100 });
      expect(thumbnailStats()).toMatchObject({ hits: 1, misses: 4 });
    });
  });

  it('the case folder is unchanged (bar the files these tests put there)', async () => {
    // The bounded-worker and cache tests add their own files; the fixtures written first are compared alone.
    for (const name of ['stall.png', 'hoard.png', 'cached.png']) await rm(path.join(caseDir, name), { force: true });
    expect(await hashTree(caseDir)).toBe(treeBefore);
  });
});

// --- Fixtures --------------------------------------------------------------------------------

async function writeFixtures(): Promise<void> {
  await put('report.pdf', await makeReportPdf({
    title: 'Surgical Pathology Report', letterhead: { institution: 'Demo General Hospital' },
    fields: [['Date of procedure', '12/09/2025']],
    sections: [{ heading: 'Diagnosis', blocks: ['Invasive ductal carcinoma, grade 2. Margins clear.'] }],
    pageSize: 'A4',
  }));
  const page = await markerPage(300, 420, 'TOP');
  // Stored as the sensor saw it (a quarter-turn anticlockwise), EXIF 6 to show it upright.
  await put('photo-exif6.jpg', await sharp(page).rotate(270).jpeg({ quality: 90 }).withMetadata({ orientation: 6 }).toBuffer());
  await copyFile(path.join(import.meta.dirname, '../../fixtures/photos/marker-irot.heic'), path.join(caseDir, 'marker.heic'));
  await put('small.png', writePng({ width: 120, height: 80, exif: { make: 'PhoneCo', dateTimeOriginal: '2024:03:15 10:22:01' } }));
  await put('scan.tif', await sharp({ create: { width: 400, height: 800, channels: 3, background: '#ffffff' } }).toColourspace('b-w').tiff({ compression: 'ccittfax4', bitdepth: 1 }).toBuffer());

  await put('ct-signed.dcm', dicomWithPixels({ rows: 128, columns: 256, bits: 16, signed: true, photometric: 'MONOCHROME2',
    window: [40, 400], rescale: [1, 24], value: (x) => Math.round(-1024 + (x / 255) * 2000) }));
  await put('mono1.dcm', dicomWithPixels({ rows: 64, columns: 128, bits: 8, signed: false, photometric: 'MONOCHROME1', value: (x) => x * 2 }));
  await put('large.dcm', dicomWithPixels({ rows: 512, columns: 1024, bits: 16, signed: false, photometric: 'MONOCHROME2', value: (x) => x }));
  await put('multiframe.dcm', dicomWithPixels({ rows: 32, columns: 64, bits: 16, signed: false, photometric: 'MONOCHROME2', frames: 3,
    // Frames 0 and 2 run bright to dark; only the middle frame runs dark to bright.
    value: (x, frame) => (frame === 1 ? x : 63 - x) * 10 }));
  // Noise in the low bits keeps the deflated file well past the first read (the parser inflates only what it read).
  await put('deflated.dcm', dicomWithPixels({ rows: 128, columns: 256, bits: 16, signed: false, photometric: 'MONOCHROME2', deflate: true,
    value: (x, _frame, y) => x * 16 + (((x * 7919 + y * 104_729) >>> 3) % 16) }));
  await put('rgb.dcm', dicomRgb(40, 60, [230, 20, 20]));
  const jpeg = await sharp({ create: { width: 400, height: 200, channels: 3, background: '#777777' } }).greyscale().jpeg().toBuffer();
  await put('jpeg-baseline.dcm', writeDicom({ transferSyntax: TRANSFER_SYNTAX.jpegBaseline, rows: 200, columns: 400, bitsAllocated: 8, pixelData: jpeg }));
  await put('jpeg2000.dcm', writeDicom({ transferSyntax: TRANSFER_SYNTAX.jpeg2000, rows: 64, columns: 64, bitsAllocated: 8, pixelData: Buffer.concat([Buffer.from([0xff, 0x4f, 0xff, 0x51]), Buffer.alloc(400, 7)]) }));
  await put('document.dcm', writeDicom({ encapsulatedPdf: Buffer.from('%PDF-1.4\n%%EOF\n') }));
  await put('cut.dcm', writeDicom({ rows: 256, columns: 256, pixelData: Buffer.alloc(256 * 256 * 2, 3), truncateBytes: 100_000 }));

  await put('aperio.svs', await aperioWithPictures());
  await put('macro-only.tif', await macroOnlySlide());
  await put('placeholder.svs', buildTiff({ ifds: (TIFF_SLIDE_FIXTURES.aperio as () => IfdSpec[])() }).buffer);
  await put('huge-label.svs', buildTiff({ ifds: aperioIfds({ width: 4800, height: 3600 }).map((spec) => (spec.imageDescription?.includes('label') ? { ...spec, width: 2 ** 31, height: 2 ** 31, rowsPerStrip: 2 ** 31, pixelData: { kind: 'external', offsets: [8], byteCounts: [4096] } } : spec)) }).buffer);

  await put('random.jpg', Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919 + 13) % 251)));
  const photo = await sharp(page).jpeg().toBuffer();
  await put('cut.jpg', photo.subarray(0, Math.floor(photo.length / 2)));
  const report = await makeReportPdf({ title: 'Letter', sections: [{ blocks: ['Text.'] }] });
  await put('cut.pdf', report.subarray(0, Math.floor(report.length / 2)));
  await put('bomb.png', greyPng(30000, 30000));
  await put('claim.jpg', hugeJpeg());
  await put('claim.tif', hugeTiff());
  await put('content-bomb.pdf', contentStreamBombPdf(1024));
  await put('image-bomb.pdf', imageXObjectBombPdf(64));
}

interface GreySpec {
  rows: number; columns: number; bits: 8 | 16; signed: boolean; photometric: 'MONOCHROME1' | 'MONOCHROME2';
  frames?: number; window?: [number, number]; rescale?: [number, number]; deflate?: boolean;
  /** Stored value at column x, row y of frame `frame`. */
  value: (x: number, frame: number, y: number) => number;
}

/** A DICOM object with the pixel module given in full (the writer's own pixel module is MONOCHROME2 unsigned only). */
function dicomWithPixels(spec: GreySpec): Buffer {
  const frames = spec.frames ?? 1;
  const bytesPer = spec.bits / 8;
  const pixels = Buffer.alloc(spec.rows * spec.columns * bytesPer * frames);
  for (let f = 0; f < frames; f++) {
    for (let y = 0; y < spec.rows; y++) {
      for (let x = 0; x < spec.columns; x++) {
        const at = ((f * spec.rows + y) * spec.columns + x) * bytesPer;
        const stored = spec.value(x, f, y);
        if (spec.bits === 8) pixels.writeUInt8(stored & 0xff, at);
        else if (spec.signed) pixels.writeInt16LE(stored, at);
        else pixels.writeUInt16LE(stored, at);
      }
    }
  }
  const extra: ExtraElement[] = [
    { tag: 0x00280002, vr: 'US', value: 1 },
    { tag: 0x00280004, vr: 'CS', value: spec.photometric },
    { tag: 0x00280010, vr: 'US', value: spec.rows },
    { tag: 0x00280011, vr: 'US', value: spec.columns },
    { tag: 0x00280100, vr: 'US', value: spec.bits },
    { tag: 0x00280101, vr: 'US', value: spec.bits },
    { tag: 0x00280102, vr: 'US', value: spec.bits - 1 },
    { tag: 0x00280103, vr: 'US', value: spec.signed ? 1 : 0 },
    { tag: 0x7fe00010, vr: spec.bits === 8 ? 'OB' : 'OW', value: pixels },
  ];
  if (frames > 1) extra.push({ tag: 0x00280008, vr: 'IS', value: String(frames) });
  if (spec.window) extra.push({ tag: 0x00281050, vr: 'DS', value: String(spec.window[0]) }, { tag: 0x00281051, vr: 'DS', value: String(spec.window[1]) });
  if (spec.rescale) extra.push({ tag: 0x00281052, vr: 'DS', value: String(spec.rescale[1]) }, { tag: 0x00281053, vr: 'DS', value: String(spec.rescale[0]) });
  return writeDicom({ modality: 'CT', extraElements: extra, ...(spec.deflate ? { transferSyntax: 'deflate' } : {}) });
}

function dicomRgb(rows: number, columns: number, rgb: [number, number, number]): Buffer {
  const pixels = Buffer.alloc(rows * columns * 3);
  for (let i = 0; i < rows * columns; i++) pixels.set(rgb, i * 3);
  return writeDicom({ modality: 'XC', extraElements: [
    { tag: 0x00280002, vr: 'US', value: 3 },
    { tag: 0x00280004, vr: 'CS', value: 'RGB' },
    { tag: 0x00280006, vr: 'US', value: 0 },
    { tag: 0x00280010, vr: 'US', value: rows },
    { tag: 0x00280011, vr: 'US', value: columns },
    { tag: 0x00280100, vr: 'US', value: 8 },
    { tag: 0x00280101, vr: 'US', value: 8 },
    { tag: 0x00280102, vr: 'US', value: 7 },
    { tag: 0x00280103, vr: 'US', value: 0 },
    { tag: 0x7fe00010, vr: 'OB', value: pixels },
  ] });
}

/** The strips sharp wrote for a stripped TIFF, and its rows per strip: to put into a slide's IFD. */
async function stripsOf(tiff: Buffer): Promise<{ strips: Buffer[]; rowsPerStrip: number }> {
  const structure = await readTiffStructure(countingSource(tiff.length, async (p, l) => tiff.subarray(p, p + l)), tiff.subarray(0, 4096));
  if ('error' in structure) throw new Error(structure.error);
  const [ifd] = structure.ifds;
  if (!ifd) throw new Error('no IFD');
  const { reader } = structure;
  const offsets = await reader.numbers(ifd.entries.get(273), 10_000);
  const counts = await reader.numbers(ifd.entries.get(279), 10_000);
  const rowsPerStrip = (await reader.number(ifd.entries.get(278))) ?? 0;
  return { strips: offsets.map((o, i) => tiff.subarray(o, o + (counts[i] ?? 0))), rowsPerStrip };
}

/** A slide file whose IFDs at `real` carry the given strips (written after the headers); the others keep placeholder bytes. */
function slideWith(ifds: IfdSpec[], real: Map<number, Buffer[]>): Buffer {
  const place = (start: number): IfdSpec[] => {
    let at = start;
    return ifds.map((spec, i) => {
      const strips = real.get(i);
      if (!strips) return spec;
      const offsets = strips.map((s) => { const o = at; at += s.length; return o; });
      return { ...spec, pixelData: { kind: 'external', offsets, byteCounts: strips.map((s) => s.length) } };
    });
  };
  // The offsets' values do not change the headers' size: measure once, then place the strips after them.
  const headerEnd = buildTiff({ ifds: place(0) }).length;
  const built = buildTiff({ ifds: place(headerEnd) });
  const chunks = [...real.keys()].sort((a, b) => a - b).flatMap((i) => real.get(i) ?? []);
  return Buffer.concat([built.buffer, ...chunks]);
}

/** Aperio-shaped: an uncompressed blue 640 x 480 thumbnail (IFD 1) and a red LZW label 400 x 480; levels and macro are placeholders. */
async function aperioWithPictures(): Promise<Buffer> {
  const ifds = aperioIfds({ width: 4800, height: 3600 });
  const thumbIndex = 1;
  const labelIndex = ifds.findIndex((s) => s.imageDescription?.includes('label'));
  const thumbnail = Buffer.alloc(640 * 480 * 3);
  for (let i = 0; i < 640 * 480; i++) thumbnail.set([20, 30, 220], i * 3);
  const label = await stripsOf(await sharp({ create: { width: 400, height: 480, channels: 3, background: { r: 220, g: 20, b: 30 } } })
    .tiff({ compression: 'lzw', predictor: 'none' }).toBuffer());
  ifds[thumbIndex] = { ...(ifds[thumbIndex] as IfdSpec), width: 640, height: 480, compression: 1, rowsPerStrip: 480 };
  ifds[labelIndex] = { ...(ifds[labelIndex] as IfdSpec), width: 400, height: 480, compression: 5, rowsPerStrip: label.rowsPerStrip };
  return slideWith(ifds, new Map([[thumbIndex, [thumbnail]], [labelIndex, label.strips]]));
}

/** A tiled pyramid with no thumbnail or label, and a green macro stored as one whole JPEG in one strip (as NDPI does). */
async function macroOnlySlide(): Promise<Buffer> {
  const macro = await sharp({ create: { width: 960, height: 320, channels: 3, background: { r: 30, g: 200, b: 40 } } }).jpeg().toBuffer();
  const ifds: IfdSpec[] = [
    { width: 8192, height: 8192, tile: { width: 256, height: 256 }, make: 'Acme', model: 'Scan 1' },
    { width: 2048, height: 2048, tile: { width: 256, height: 256 }, subfileType: 1 },
    { width: 960, height: 320, compression: 7, subfileType: 9, imageDescription: 'macro 960x320' },
  ];
  return slideWith(ifds, new Map([[2, [macro]]]));
}
