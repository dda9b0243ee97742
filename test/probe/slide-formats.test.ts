/**
 * The slide-format registry, one row per format (src/formats/slides). A new
 * format needs its row here; the first test fails until it has one.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPRESSED_SLIDE_EXTENSIONS, SLIDE_FORMATS, SLIDE_VENDORS, VENDOR_BY_TIFF_EXTENSION, type SlideVendor } from '../../src/formats/slides/index.js';
import { SlideInfoSchema, type SlideInfo } from '../../src/model/scan.js';
import { probeFile } from '../../src/probe/index.js';
import { inspectTiff } from '../../src/probe/tiff/index.js';
import { countingSource } from '../../src/probe/tiff/reader.js';
import { TIFF_SLIDE_FIXTURES, writeTiff, type IfdSpec } from '../../tools/synth/tiff-writer.js';
import { writeVsiSlide } from '../../tools/synth/vsi-writer.js';
import { corpusAvailable } from '../support/corpus.js';
import { CORPUS_DIR, makeTempDir } from '../support/tree.js';

interface Row {
  id: SlideVendor;
  /** How its files are recognised: TIFF signature (writer fixture), the MIRAX probe, or not at all (no reader yet). */
  detectedBy: 'tiff' | 'mrxs' | 'vsi' | 'nothing';
  /** What the probe must say about the writer fixture / MIRAX sample. */
  described?: Partial<SlideInfo>;
  /** A real file under ../shared/corpus/slides, when there is one. */
  corpusSample?: string;
  tiffExtensions: string[];
  compressedExtensions: string[];
}

const ROWS: Row[] = [
  { id: 'dicom-wsi', detectedBy: 'nothing', tiffExtensions: [], compressedExtensions: [] },
  {
    id: 'hamamatsu', detectedBy: 'tiff', corpusSample: 'test3-TRITC 2 (560).ndpi', tiffExtensions: ['.ndpi'], compressedExtensions: ['.ndpi', '.vms', '.vmu'],
    described: { width: 8000, height: 6000, levels: 3, magnification: 20, scanDate: '2024-03-15', scanner: 'Hamamatsu C13210' },
  },
  {
    id: 'leica', detectedBy: 'tiff', corpusSample: 'generated/SYNTHETIC-leica-from-CMU-1-Small-Region.scn', tiffExtensions: ['.scn'], compressedExtensions: ['.scn'],
    described: { width: 8000, height: 4000, levels: 2, magnification: 20, mppX: 0.5, scanDate: '2019-04-02', scanner: 'Leica SCN400' },
  },
  {
    id: 'mirax', detectedBy: 'mrxs', tiffExtensions: [], compressedExtensions: ['.mrxs', '.dat'],
    described: { container: 'mrxs', magnification: 20, scanDate: '2023-09-14', levels: 10, scanner: '3DHISTECH' },
  },
  {
    id: 'olympus', detectedBy: 'vsi', tiffExtensions: ['.vsi'], compressedExtensions: ['.vsi', '.ets'],
    described: { container: 'tiff', width: 4096, height: 2048, levels: 4, compression: 'jpeg' },
  },
  {
    id: 'philips', detectedBy: 'tiff', corpusSample: 'generated/SYNTHETIC-philips-from-CMU-1-Small-Region.tiff', tiffExtensions: [], compressedExtensions: [],
    described: { width: 4096, height: 2048, levels: 3, mppX: 0.26, mppY: 0.25, scanDate: '2022-03-09', scanner: 'PHILIPS UFS Scanner' },
  },
  {
    id: 'ventana', detectedBy: 'tiff', tiffExtensions: ['.bif'], compressedExtensions: ['.bif'],
    described: { width: 20000, height: 10000, levels: 2, magnification: 40, mppX: 0.2325, scanner: 'VENTANA DP 200' },
  },
  {
    id: 'aperio', detectedBy: 'tiff', corpusSample: 'CMU-1-Small-Region.svs', tiffExtensions: ['.svs'], compressedExtensions: ['.svs'],
    described: { width: 4800, height: 3600, levels: 3, magnification: 20, mppX: 0.499, scanDate: '2024-03-15', scanner: 'Aperio ScanScope SS1234' },
  },
  {
    id: 'ome', detectedBy: 'tiff', corpusSample: 'multi-channel-z-series.ome.tif', tiffExtensions: [], compressedExtensions: [],
    described: { width: 2048, height: 1024, levels: 3, magnification: 63, mppX: 0.12, scanDate: '2020-10-05', scanner: 'Zeiss Axio' },
  },
  {
    id: 'generic-tiled', detectedBy: 'tiff', corpusSample: 'ojpeg-tile.tif', tiffExtensions: [], compressedExtensions: [],
    described: { width: 4096, levels: 3, mppX: 0.25, scanDate: '2018-01-02', scanner: 'Acme Scan 1' },
  },
];

function fixture(id: SlideVendor): () => IfdSpec[] {
  const make = TIFF_SLIDE_FIXTURES[id];
  if (!make) throw new Error(`no writer fixture for ${id} in tools/synth/tiff-writer.ts`);
  return make;
}

async function probeTiffBuffer(buf: Buffer, relPath: string) {
  const source = countingSource(buf.length, async (position, length) => buf.subarray(position, position + length));
  return inspectTiff(source, buf.subarray(0, 4096), relPath);
}

let dir = '';
let cleanup: () => Promise<void> = async () => undefined;
beforeAll(async () => ({ dir, cleanup } = await makeTempDir()));
afterAll(async () => cleanup());

/** A complete MIRAX slide: the .mrxs, its folder, Slidedat.ini and the files it lists. */
async function writeMirax(name: string): Promise<string> {
  const ini = ['[GENERAL]', 'OBJECTIVE_MAGNIFICATION = 20', 'SLIDE_CREATIONDATETIME = 2023-09-14 10:11:12', '[HIERARCHICAL]', 'HIER_0_COUNT = 10', 'INDEXFILE = Index.dat',
    '[DATAFILE]', 'FILE_COUNT = 1', 'FILE_0 = Data0000.dat', ''].join('\r\n');
  const file = path.join(dir, `${name}.mrxs`);
  await writeFile(file, Buffer.from([0, 1, 2, 3]));
  await mkdir(path.join(dir, name));
  for (const [f, content] of Object.entries({ 'Slidedat.ini': ini, 'Index.dat': 'x', 'Data0000.dat': 'x' })) await writeFile(path.join(dir, name, f), content);
  return file;
}

describe('the slide-format registry', () => {
  it('has one row here per format, in the detection order of the list', () => {
    expect(ROWS.map((r) => r.id)).toEqual(SLIDE_FORMATS.map((f) => f.id));
  });

  it('the SlideInfo vendor enum is the list', () => {
    expect(SlideInfoSchema.shape.vendor.options).toEqual(SLIDE_VENDORS);
  });

  it('generic-tiled comes after every vendor it would otherwise swallow', () => {
    const tiffIds = SLIDE_FORMATS.filter((f) => f.tiff).map((f) => f.id);
    expect(tiffIds[tiffIds.length - 1]).toBe('generic-tiled');
  });

  it('the slide extensions already compressed are exactly those the plan always stored', () => {
    expect([...COMPRESSED_SLIDE_EXTENSIONS].sort()).toEqual(['.svs', '.ndpi', '.scn', '.bif', '.vms', '.vmu', '.mrxs', '.dat', '.vsi', '.ets'].sort());
  });
});

describe.each(ROWS)('$id', (row) => {
  const format = SLIDE_FORMATS.find((f) => f.id === row.id);

  it('extension tables', () => {
    expect([...VENDOR_BY_TIFF_EXTENSION].filter(([, id]) => id === row.id).map(([ext]) => ext)).toEqual(row.tiffExtensions);
    expect(format?.compressed ? [...(format.tiffExtensions), ...(format.otherExtensions)] : []).toEqual(row.compressedExtensions);
    for (const ext of row.compressedExtensions) expect(COMPRESSED_SLIDE_EXTENSIONS).toContain(ext);
  });

  if (row.detectedBy === 'tiff') it('detected and described from its writer fixture', async () => {
    const out = await probeTiffBuffer(writeTiff({ ifds: fixture(row.id)() }), `slide${row.tiffExtensions[0] ?? '.tif'}`);
    expect(out.findings).toEqual([]);
    expect(SlideInfoSchema.parse(out.slide)).toMatchObject({ vendor: row.id, ...row.described });
  });

  if (row.detectedBy === 'vsi') it('detected and described from its .vsi and _name_ folder (tools/synth/vsi-writer.ts)', async () => {
    const file = await writeVsiSlide(dir, `sample-${row.id}`);
    const out = await probeFile({ relPath: path.basename(file), absPath: file, size: (await stat(file)).size });
    expect(out.findings).toEqual([]);
    expect(SlideInfoSchema.parse(out.slide)).toMatchObject({ vendor: row.id, ...row.described });
  });

  if (row.tiffExtensions.length > 0 && row.detectedBy === 'tiff') it('its extension names the vendor of a TIFF whose first IFD is lost', async () => {
    const buf = writeTiff({ ifds: fixture(row.id)(), firstIfdOffset: 10_000_000 });
    for (const ext of row.tiffExtensions) {
      const out = await probeTiffBuffer(buf, `case/scan${ext.toUpperCase()}`);
      expect(out).toMatchObject({ family: 'slide', slide: { vendor: row.id, ifdCount: 0 } });
      expect(out.findings.map((f) => f.code)).toEqual(['SLIDE_TRUNCATED']);
    }
  });

  if (row.detectedBy === 'mrxs') it('detected and described by the MIRAX probe', async () => {
    const file = await writeMirax(`sample-${row.id}`);
    const out = await probeFile({ relPath: path.basename(file), absPath: file, size: (await stat(file)).size });
    expect(out.findings).toEqual([]);
    expect(SlideInfoSchema.parse(out.slide)).toMatchObject({ vendor: row.id, ...row.described });
  });

  if (row.detectedBy === 'nothing') it('has no TIFF detection and no file extension', () => {
    expect(format?.tiff).toBeUndefined();
    expect([...(format?.tiffExtensions ?? []), ...(format?.otherExtensions ?? [])]).toEqual([]);
  });

  const sample = row.corpusSample;
  if (sample !== undefined) it.skipIf(!corpusAvailable)('recognised in its corpus sample', async () => {
    const absPath = path.join(CORPUS_DIR, 'slides', sample);
    const out = await probeFile({ relPath: `slides/${sample}`, absPath, size: (await stat(absPath)).size });
    expect(out.family).toBe('slide');
    expect(out.slide?.vendor).toBe(row.id);
  });
});
