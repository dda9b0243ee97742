import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from '@cantoo/pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MergedPdfEntry, MergeSource } from '../../src/plan/schema.js';
import { makeReportPdf } from '../../tools/synth/report-pdf.js';
import { heicConverter } from '../../src/write/heic.js';
import { mergeGroup } from '../../src/write/merge.js';
import { makePrivateTempDir } from '../../src/util/tempdir.js';
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

  it.skipIf(!hasTool('heif-enc') || !hasTool('heif-convert'))('converts a HEIC photo offline into an A4 page', async () => {
    const png = path.join(tmp.dir, 'in', 'portrait.png');
    expect(run('heif-enc', [png, '-o', path.join(tmp.dir, 'in', 'photo.heic')]).status).toBe(0);
    const staging = await makePrivateTempDir();
    try {
      const withTool = await mergeGroup(entry([source('photo.heic', 'image', 'HEIC')]), { root: path.join(tmp.dir, 'in'), date: DATE, title: 'HEIC', convertImage: heicConverter(staging) });
      expect(withTool.failed).toEqual([]);
      expect((await PDFDocument.load(withTool.bytes!)).getPageCount()).toBe(1);
      const without = await mergeGroup(entry([source('photo.heic', 'image', 'HEIC')]), { root: path.join(tmp.dir, 'in'), date: DATE, title: 'HEIC' });
      expect(without.failed.map((f) => f.reason)).toEqual(['unreadable-image']);
    } finally {
      await staging.remove();
    }
  });

  it('gives nothing to write when no source can be merged', async () => {
    const result = await mergeGroup(entry([source('locked.pdf', 'pdf', 'Locked')]), { root: path.join(tmp.dir, 'in'), date: DATE, title: 'None' });
    expect(result.bytes).toBeNull();
    expect(result.failed).toHaveLength(1);
  });
});
