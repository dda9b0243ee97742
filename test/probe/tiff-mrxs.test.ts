import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeFile } from '../../src/probe/index.js';
import { parseIni } from '../../src/formats/slides/mirax.js';
import { hashTree, makeTempDir } from '../support/tree.js';

let dir = '';
let cleanup: () => Promise<void> = async () => undefined;
beforeAll(async () => ({ dir, cleanup } = await makeTempDir()));
afterAll(async () => cleanup());

function slidedat(files: string[]): string {
  return ['\uFEFF[GENERAL]', 'SLIDE_VERSION = 01.02', 'OBJECTIVE_MAGNIFICATION = 20', 'SLIDE_CREATIONDATETIME = 2023-09-14 10:11:12',
    '[HIERARCHICAL]', 'HIER_0_NAME = Slide zoom level', 'HIER_0_COUNT = 10', 'INDEXFILE = Index.dat',
    '[DATAFILE]', `FILE_COUNT = ${files.length}`, ...files.map((f, i) => `FILE_${i} = ${f}`),
    '[LAYER_0_LEVEL_0_SECTION]', 'MICROMETER_PER_PIXEL_X = 0.2433', 'MICROMETER_PER_PIXEL_Y = 0.2434', ''].join('\r\n');
}

async function makeSlide(name: string, folder: Record<string, string> | null): Promise<string> {
  // The .mrxs itself is small and not text; its content does not matter to the probe.
  const file = path.join(dir, `${name}.mrxs`);
  await writeFile(file, Buffer.from([0x00, 0x01, 0x02, 0x03, 0xff, 0xfe]));
  if (folder) {
    await mkdir(path.join(dir, name));
    for (const [f, content] of Object.entries(folder)) await writeFile(path.join(dir, name, f), content);
  }
  return file;
}

async function probe(file: string) {
  return probeFile({ relPath: path.basename(file), absPath: file, size: (await stat(file)).size });
}

describe('MIRAX probe', () => {
  it('reads magnification, date, mpp and levels from Slidedat.ini without touching the folder', async () => {
    const file = await makeSlide('complete', { 'Slidedat.ini': slidedat(['Data0000.dat', 'Data0001.dat']), 'Index.dat': 'x', 'Data0000.dat': 'x', 'Data0001.dat': 'x' });
    const before = await hashTree(dir);
    const out = await probe(file);
    expect(await hashTree(dir)).toBe(before);
    expect(out.findings).toEqual([]);
    expect(out).toMatchObject({ family: 'slide', slide: { vendor: 'mirax', container: 'mrxs', magnification: 20, scanDate: '2023-09-14', scanDateRaw: '2023-09-14 10:11:12', mppX: 0.2433, mppY: 0.2434, levels: 10 } });
  });

  it('a missing folder → MRXS_MISSING_FOLDER', async () => {
    const out = await probe(await makeSlide('alone', null));
    expect(out.family).toBe('slide');
    expect(out.findings.map((f) => f.code)).toEqual(['MRXS_MISSING_FOLDER']);
  });

  it('a folder without Slidedat.ini, or missing data files → MRXS_MISSING_FOLDER naming what is missing', async () => {
    const noIni = await probe(await makeSlide('noini', { 'Data0000.dat': 'x' }));
    expect(noIni.findings.map((f) => f.code)).toEqual(['MRXS_MISSING_FOLDER']);
    expect(noIni.findings[0]?.details).toEqual({ missing: ['Slidedat.ini'] });
    const partial = await probe(await makeSlide('partial', { 'slidedat.ini': slidedat(['Data0000.dat', 'Data0001.dat']), 'Index.dat': 'x', 'Data0000.dat': 'x' }));
    expect(partial.findings.map((f) => f.code)).toEqual(['MRXS_MISSING_FOLDER']);
    expect(partial.findings[0]?.details).toEqual({ missing: ['Data0001.dat'] });
    expect(partial.slide?.magnification).toBe(20);
  });
});

describe('MIRAX helpers', () => {
  it('parses INI sections case-insensitively, with BOM and comments', () => {
    const ini = parseIni('\uFEFF; comment\n[General]\nkey = a = b\n[other]\nX=1\n');
    expect(ini.get('GENERAL')?.get('KEY')).toBe('a = b');
    expect(ini.get('OTHER')?.get('X')).toBe('1');
  });
});
