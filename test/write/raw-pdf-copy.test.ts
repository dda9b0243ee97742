import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MergedPdfEntry, MergeSource } from '../../src/plan/schema.js';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, PDFString } from '../../src/util/pdf-lib.js';
import { mergeGroup, mergeGroupToFile } from '../../src/write/merge.js';
import { RawCopyUnsupported, readRawSource, serialiseRawValue } from '../../src/write/raw-pdf-copy.js';
import { makeReportPdf } from '../../tools/synth/report-pdf.js';
import { hasTool, qpdfInfo, run } from '../support/packet-tools.js';
import { handMadePdf } from '../support/hand-made-pdf.js';
import { makeTempDir } from '../support/tree.js';

const PAGE_ONE = 'BT /F1 12 Tf 20 20 Td (Page one \\(first\\)) Tj ET';
const PAGE_TWO = 'BT /F1 12 Tf 20 20 Td (Page two) Tj ET';

/**
 * Two pages that inherit MediaBox, Rotate and Resources from their page-tree node (the second has its own
 * MediaBox), an indirect stream length, and a link on page one that points at page two.
 */
function twoPagePdf(overrides: Partial<Record<number, string>> = {}, trailer = ''): Buffer {
  const bodies = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 /MediaBox [0 0 300 400] /Rotate 90 /Resources << /Font << /F1 5 0 R >> >> >>',
    '<< /Type /Page /Parent 2 0 R /Contents 6 0 R /Annots [8 0 R] >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 500 200] /Contents 7 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length 9 0 R >>\nstream\n${PAGE_ONE}\nendstream`,
    `<< /Length ${PAGE_TWO.length} >>\nstream\n${PAGE_TWO}\nendstream`,
    '<< /Type /Annot /Subtype /Link /Rect [0 0 50 50] /Border [0 0 0] /P 3 0 R /Dest [4 0 R /Fit] /Contents (a \\) paren) /NM /A#20name >>',
    String(PAGE_ONE.length),
  ];
  for (const [at, body] of Object.entries(overrides)) bodies[Number(at) - 1] = body as string;
  return handMadePdf(bodies, trailer);
}

function source(rel: string, bookmark: string): MergeSource {
  return { source: rel, kind: 'pdf', bookmark, date: null, title: bookmark, pages: null, size: 0, fallbackPath: `Unmerged/${rel}` };
}

function entry(sources: MergeSource[]): MergedPdfEntry {
  return { kind: 'merged-pdf', path: 'X.pdf', category: 'clinical-summary', date: null, start: null, part: null, store: false, sources };
}

describe('readRawSource', () => {
  it('reads the pages with their inherited attributes and no /Parent, and only the objects they reach', () => {
    const raw = readRawSource(twoPagePdf());
    expect(raw.pages.map((p) => p.num)).toEqual([3, 4]);
    const keep = (n: number): number => n;
    const [one, two] = raw.pages.map((p) => Object.fromEntries(p.entries.map(([k, v]) => [k, serialiseRawValue(v, keep)])));
    expect(one).toEqual({ Type: '/Page', Contents: '6 0 R', Annots: '[8 0 R]', Resources: '<</Font <</F1 5 0 R>>>>', MediaBox: '[0 0 300 400]', Rotate: '90' });
    expect(two).toMatchObject({ MediaBox: '[0 0 500 200]', Rotate: '90' });
    // Not the catalog or the page tree (1, 2), not the pages themselves, not the length object (9): its value is written in.
    expect([...raw.objects.keys()].sort()).toEqual([5, 6, 7, 8]);
    expect(Buffer.from(raw.objects.get(6)?.stream ?? []).toString('latin1')).toBe(PAGE_ONE);
    expect(serialiseRawValue(raw.objects.get(6)!.value, keep)).toBe(`<</Length ${PAGE_ONE.length}>>`);
    expect(serialiseRawValue(raw.objects.get(8)!.value, keep)).toContain('/Contents (a \\) paren) /NM /A#20name');
  });

  it.each([
    ['an encrypted file', twoPagePdf({}, '/Encrypt 9 0 R ')],
    ['an incremental update', twoPagePdf({}, '/Prev 9 ')],
    ['a stream whose length does not reach endstream', twoPagePdf({ 9: String(PAGE_ONE.length - 3) })],
    // A comment line before object 5 moves it and every later object two bytes past where the table says.
    ['objects not where the table says', Buffer.from(twoPagePdf().toString('latin1').replace('\n5 0 obj', '\n%\n5 0 obj'), 'latin1')],
    ['a reference to an object that is not there', twoPagePdf({ 5: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Widths 42 0 R >>' })],
    ['a page that reaches the catalog', twoPagePdf({ 5: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /X 1 0 R >>' })],
    ['a page tree that loops', twoPagePdf({ 2: '<< /Type /Pages /Kids [2 0 R] /Count 1 >>' })],
  ])('leaves %s to pdf-lib', (_, bytes) => {
    expect(() => readRawSource(bytes)).toThrow(RawCopyUnsupported);
  });

  it('throws nothing but RawCopyUnsupported on byte-damaged and cut copies (pdf-lib then gets them)', async () => {
    const originals = [twoPagePdf(), Buffer.from(await makeReportPdf({ title: 'Fuzz', sections: [{ blocks: ['x', { type: 'pageBreak' }, 'y'] }] }))];
    let seed = 12345;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const outcomes = { read: 0, unsupported: 0 };
    for (let round = 0; round < 400; round++) {
      const original = originals[round % originals.length] as Buffer;
      const copy = Buffer.from(original.subarray(0, round % 5 === 0 ? next(original.length) : original.length));
      for (let i = 0, n = 1 + next(4); i < n && copy.length > 0; i++) copy[next(copy.length)] = next(256);
      try {
        readRawSource(copy);
        outcomes.read++;
      } catch (err) {
        expect(err).toBeInstanceOf(RawCopyUnsupported);
        outcomes.unsupported++;
      }
    }
    // Both happen: some damage falls where it changes nothing the reader needs (inside a stream), some where it does.
    expect(outcomes.read).toBeGreaterThan(0);
    expect(outcomes.unsupported).toBeGreaterThan(0);
  });

  it('leaves a file with a cross-reference stream to pdf-lib', async () => {
    const withStreams = await (await PDFDocument.load(await makeReportPdf({ title: 'X', sections: [{ blocks: ['x'] }] }))).save({ useObjectStreams: true });
    expect(() => readRawSource(withStreams)).toThrow(RawCopyUnsupported);
  });
});

describe('merging PDFs copied as bytes', () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  let root: string;
  beforeAll(async () => {
    tmp = await makeTempDir();
    root = path.join(tmp.dir, 'in');
    await mkdir(root);
    await writeFile(path.join(root, 'hand.pdf'), twoPagePdf());
    await writeFile(path.join(root, 'report.pdf'), await makeReportPdf({ title: 'Report', sections: [{ blocks: ['Classic table'] }] }));
    const streams = await PDFDocument.load(await makeReportPdf({ title: 'Streams', sections: [{ blocks: ['Object streams'] }] }));
    await writeFile(path.join(root, 'streams.pdf'), await streams.save({ useObjectStreams: true }));
    // Readable by pdf-lib (it parses the file front to back) but not by the table: it goes pdf-lib's way.
    await writeFile(path.join(root, 'moved.pdf'), twoPagePdf({ 9: String(PAGE_ONE.length - 3) }));
    // A content stream past the writer's 64 KB pass-through size: it reaches the sink as a view of the read buffer.
    const big = `${PAGE_ONE}\n${'0 0 m\n'.repeat(20000)}`;
    await writeFile(path.join(root, 'big.pdf'), twoPagePdf({ 6: `<< /Length 9 0 R >>\nstream\n${big}\nendstream`, 9: String(big.length) }));
  });
  afterAll(() => tmp.cleanup());

  it('keeps each page as it looked (inherited size and rotation, text) and points a link at the copied page', async () => {
    const result = await mergeGroup(entry([source('report.pdf', 'Report'), source('hand.pdf', 'Hand')]), { root, date: new Date(0), title: 'T' });
    expect(result.failed).toEqual([]);
    expect(result.merged.map((m) => [m.firstPage, m.pages])).toEqual([[0, 1], [1, 2]]);
    const doc = await PDFDocument.load(result.bytes!);
    const pages = doc.getPages();
    expect(pages.slice(1).map((p) => [p.getWidth(), p.getHeight(), p.getRotation().angle])).toEqual([[300, 400, 90], [500, 200, 90]]);
    const annots = pages[1]!.node.lookup(PDFName.of('Annots'), PDFArray);
    const link = annots.lookup(0, PDFDict);
    // The link's target and owner are the merged pages themselves (pdf-lib's own copy made a detached duplicate).
    expect(link.lookup(PDFName.of('Dest'), PDFArray).get(0)).toBe(pages[2]!.ref);
    expect(link.get(PDFName.of('P'))).toBe(pages[1]!.ref);
    expect(link.lookup(PDFName.of('Contents'), PDFString).decodeText()).toBe('a ) paren');
    expect(link.get(PDFName.of('NM'))).toBe(PDFName.of('A name'));
    expect(link.get(PDFName.of('P'))).toBeInstanceOf(PDFRef);
    const file = path.join(tmp.dir, 'hand-merged.pdf');
    await writeFile(file, result.bytes!);
    if (hasTool('qpdf')) {
      const check = run('qpdf', ['--check', file]);
      expect(check.stderr).toBe('');
      expect(check.status).toBe(0);
      expect(qpdfInfo(file)).toEqual({ pages: 3, outlines: ['Report', 'Hand'] });
    }
    if (hasTool('pdftotext')) expect(run('pdftotext', [file, '-']).stdout).toMatch(/Classic table[\s\S]*Page one \(first\)[\s\S]*Page two/);
  });

  it('merges the sources it cannot read as bytes through pdf-lib, beside those it can, the same bytes every time', async () => {
    const sources = [source('streams.pdf', 'Streams'), source('hand.pdf', 'Hand'), source('moved.pdf', 'Moved'), source('report.pdf', 'Report')];
    const result = await mergeGroup(entry(sources), { root, date: new Date(0), title: 'T' });
    expect(result.failed).toEqual([]);
    expect(result.merged.map((m) => [m.source.source, m.firstPage, m.pages])).toEqual([['streams.pdf', 0, 1], ['hand.pdf', 1, 2], ['moved.pdf', 3, 2], ['report.pdf', 5, 1]]);
    const again = await mergeGroup(entry(sources), { root, date: new Date(0), title: 'T' });
    expect(Buffer.compare(Buffer.from(again.bytes!), Buffer.from(result.bytes!))).toBe(0);
    const file = path.join(tmp.dir, 'mixed.pdf');
    await writeFile(file, result.bytes!);
    if (hasTool('qpdf')) {
      expect(run('qpdf', ['--check', file]).status).toBe(0);
      expect(qpdfInfo(file)).toEqual({ pages: 6, outlines: ['Streams', 'Hand', 'Moved', 'Report'] });
    }
    if (hasTool('pdftotext')) expect(run('pdftotext', [file, '-']).stdout).toMatch(/Object streams[\s\S]*Page two[\s\S]*Page one[\s\S]*Page two[\s\S]*Classic table/);
  });

  it('keeps in memory the bytes it streams to a file, though every source is read into the same buffer', async () => {
    // The big source first, then smaller ones overwrite the start of the buffer its stream was a view of.
    const sources = [source('big.pdf', 'Big'), source('hand.pdf', 'Hand'), source('report.pdf', 'Report')];
    const inMemory = await mergeGroup(entry(sources), { root, date: new Date(0), title: 'T' });
    const file = path.join(tmp.dir, 'big-merged.pdf');
    await mergeGroupToFile(entry(sources), file, { root, date: new Date(0), title: 'T' });
    expect(Buffer.compare(await readFile(file), Buffer.from(inMemory.bytes!))).toBe(0);
    expect(Buffer.from(inMemory.bytes!).toString('latin1')).toContain(`${PAGE_ONE}\n0 0 m\n0 0 m`);
    if (hasTool('qpdf')) expect(run('qpdf', ['--check', file]).status).toBe(0);
  });
});
