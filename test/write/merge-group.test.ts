import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from '../../src/util/pdf-lib.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MergedPdfEntry, MergeSource } from '../../src/plan/schema.js';
import { makeReportPdf } from '../../tools/synth/report-pdf.js';
import { mergeGroup, mergeGroupToFile } from '../../src/write/merge.js';
import { makePng } from '../support/packet-fixtures.js';
import { hasTool, qpdfInfo, run } from '../support/packet-tools.js';
import { makeTempDir } from '../support/tree.js';

const DATE = new Date(Date.UTC(2025, 0, 1));

function source(rel: string, kind: 'pdf' | 'image', bookmark: string): MergeSource {
  return { source: rel, kind, bookmark, date: null, title: bookmark, pages: null, size: 0, fallbackPath: `Unmerged/${path.basename(rel)}` };
}

function entry(sources: MergeSource[]): MergedPdfEntry {
  return { kind: 'merged-pdf', path: 'X.pdf', category: 'clinical-summary', date: null, start: null, part: null, store: false, sources };
}

describe('mergeGroup', () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    tmp = await makeTempDir();
    await mkdir(path.join(tmp.dir, 'in'));
    const put = (rel: string, data: Uint8Array): Promise<void> => writeFile(path.join(tmp.dir, 'in', rel), data);
    await put('one.pdf', await makeReportPdf({ title: 'One', sections: [{ blocks: ['a', { type: 'pageBreak' }, 'b'] }] }));
    await put('two.pdf', await makeReportPdf({ title: 'Two', sections: [{ blocks: ['c'] }] }));
    const locked = await PDFDocument.load(await makeReportPdf({ title: 'Locked', sections: [{ blocks: ['secret'] }] }));
    locked.encrypt({ userPassword: 'user', ownerPassword: 'owner' });
    await put('locked.pdf', await locked.save());
    await put('portrait.png', makePng(300, 500));
    await put('landscape.png', makePng(500, 300));
    await put('not-a-png.png', Buffer.from('definitely not an image'));
  });
  afterAll(() => tmp.cleanup());

  it('merges in the given order with one bookmark per source, skipping and reporting what cannot be merged', async () => {
    const result = await mergeGroup(entry([
      source('one.pdf', 'pdf', 'First'),
      source('locked.pdf', 'pdf', 'Locked'),
      source('portrait.png', 'image', 'Photo'),
      source('not-a-png.png', 'image', 'Broken photo'),
      source('two.pdf', 'pdf', 'Last'),
    ]), { root: path.join(tmp.dir, 'in'), date: DATE, title: 'Test' });
    expect(result.failed.map((f) => [f.source.source, f.reason])).toEqual([['locked.pdf', 'needs-password'], ['not-a-png.png', 'unreadable-image']]);
    expect(result.merged.map((m) => [m.source.source, m.firstPage, m.pages])).toEqual([['one.pdf', 0, 2], ['portrait.png', 2, 1], ['two.pdf', 3, 1]]);
    const file = path.join(tmp.dir, 'merged.pdf');
    await writeFile(file, result.bytes!);
    if (hasTool('qpdf')) {
      expect(run('qpdf', ['--check', file]).status).toBe(0);
      expect(qpdfInfo(file)).toEqual({ pages: 4, outlines: ['First', 'Photo', 'Last'] });
    }
  });

  it('turns photos into A4 pages, landscape for landscape photos', async () => {
    const result = await mergeGroup(entry([source('portrait.png', 'image', 'P'), source('landscape.png', 'image', 'L')]), { root: path.join(tmp.dir, 'in'), date: DATE, title: 'Photos' });
    const doc = await PDFDocument.load(result.bytes!);
    const sizes = doc.getPages().map((p) => [Math.round(p.getWidth()), Math.round(p.getHeight())]);
    expect(sizes).toEqual([[595, 842], [842, 595]]);
  });

  it('turns an iPhone HEIC photo into an upright A4 page in-process (no external tool), and copies a damaged one as it is', async () => {
    const heic = await readFile(path.join(import.meta.dirname, '../../fixtures/photos/marker-irot.heic'));
    await writeFile(path.join(tmp.dir, 'in', 'photo.heic'), heic);
    const damaged = Buffer.from(heic);
    damaged.fill(0x5a, damaged.indexOf('mdat', 0, 'latin1') + 4);
    await writeFile(path.join(tmp.dir, 'in', 'damaged.heic'), damaged);
    const result = await mergeGroup(entry([source('photo.heic', 'image', 'HEIC'), source('damaged.heic', 'image', 'Damaged')]), { root: path.join(tmp.dir, 'in'), date: DATE, title: 'HEIC' });
    expect(result.failed.map((f) => [f.source.source, f.reason])).toEqual([['damaged.heic', 'unreadable-image']]);
    const pages = (await PDFDocument.load(result.bytes!)).getPages();
    expect(pages.map((p) => [Math.round(p.getWidth()), Math.round(p.getHeight())])).toEqual([[595, 842]]);
  });

  it('streams to a file the same bytes it gives in memory, every time, and a valid PDF', async () => {
    const sources = [source('one.pdf', 'pdf', 'First'), source('not-a-png.png', 'image', 'Broken'), source('landscape.png', 'image', 'Photo'), source('two.pdf', 'pdf', 'Last')];
    const options = { root: path.join(tmp.dir, 'in'), date: DATE, title: 'Streamed' };
    const inMemory = await mergeGroup(entry(sources), options);
    const file = path.join(tmp.dir, 'streamed.pdf');
    const streamed = await mergeGroupToFile(entry(sources), file, options);
    expect(streamed.merged.map((m) => [m.source.source, m.firstPage, m.pages])).toEqual([['one.pdf', 0, 2], ['landscape.png', 2, 1], ['two.pdf', 3, 1]]);
    expect(Buffer.compare(await readFile(file), Buffer.from(inMemory.bytes!))).toBe(0);
    expect(Buffer.compare(Buffer.from((await mergeGroup(entry(sources), options)).bytes!), Buffer.from(inMemory.bytes!))).toBe(0);
    if (hasTool('qpdf')) {
      expect(run('qpdf', ['--check', file]).status).toBe(0);
      expect(qpdfInfo(file)).toEqual({ pages: 4, outlines: ['First', 'Photo', 'Last'] });
    }
  });

  it('makes no file when no source can be merged', async () => {
    const file = path.join(tmp.dir, 'nothing.pdf');
    const result = await mergeGroupToFile(entry([source('locked.pdf', 'pdf', 'Locked')]), file, { root: path.join(tmp.dir, 'in'), date: DATE, title: 'None' });
    expect(result.merged).toEqual([]);
    await expect(stat(file)).rejects.toThrow();
  });

  it('gives nothing to write when no source can be merged', async () => {
    const result = await mergeGroup(entry([source('locked.pdf', 'pdf', 'Locked')]), { root: path.join(tmp.dir, 'in'), date: DATE, title: 'None' });
    expect(result.bytes).toBeNull();
    expect(result.failed).toHaveLength(1);
  });
});
