import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MergedPdfEntry, MergeSource } from '../../src/plan/schema.js';
import { PDFDocument } from '../../src/util/pdf-lib.js';
import { mergeGroup, mergeGroupAsBytes, mergeGroupToFile, mergeGroupWithPdfLib, type MergeOptions } from '../../src/write/merge.js';
import { readRawSource } from '../../src/write/raw-pdf-copy.js';
import { makeReportPdf } from '../../tools/synth/report-pdf.js';
import { corpusAvailable } from '../support/corpus.js';
import { hasTool, qpdfInfo, run } from '../support/packet-tools.js';
import { handMadePdf } from '../support/hand-made-pdf.js';
import { CORPUS_DIR, makeTempDir } from '../support/tree.js';

/**
 * Issue 15: a group whose every PDF copies as bytes is written without pdf-lib (write/byte-merge.ts). It must
 * write exactly what the pdf-lib path writes for the same sources, so these tests compare the two byte for byte
 * on synthetic sources made to reach the writer's edges, on the project's fixture PDFs and on the real corpus.
 */

const REPO = path.resolve(import.meta.dirname, '../..');

/**
 * `pages` pages under one node that passes down MediaBox, Rotate and Resources, each with its own text stream and
 * a link to the next page; the first page's dictionary has names with #-escapes and a key given twice. Enough
 * pages and the merge passes 255 objects (wider cross-reference fields) and fills several object streams.
 */
function manyPagePdf(pages: number, bigStream = 0): Buffer {
  const first = 5; // objects 1–4: catalog, page tree, font, shared annotation border
  const bodies = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${Array.from({ length: pages }, (_, i) => `${first + 3 * i} 0 R`).join(' ')}] /Count ${pages} /MediaBox [0 0 400 300] /Rotate 90 /Resources << /Font << /F1 3 0 R >> >> >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    '[0 0 0]',
  ];
  for (let i = 0; i < pages; i++) {
    const page = first + 3 * i;
    const next = first + 3 * ((i + 1) % pages);
    const text = `BT /F1 18 Tf 30 150 Td (Hand page ${i + 1}) Tj ET${i === 0 && bigStream ? `\n${'0 0 m\n'.repeat(bigStream)}` : ''}`;
    const extra = i === 0 ? ' /Odd#20Key (a\\)b) /Slash#2fName 1 /Rotate 180 /Rotate 270 /PieceInfo << /A#42 /X#23Y >>' : '';
    bodies.push(`<< /Type /Page /Parent 2 0 R /Contents ${page + 1} 0 R /Annots [${page + 2} 0 R]${extra} >>`);
    bodies.push(`<< /Length ${text.length} >>\nstream\n${text}\nendstream`);
    bodies.push(`<< /Type /Annot /Subtype /Link /Rect [0 0 40 40] /Border 4 0 R /P ${page} 0 R /Dest [${next} 0 R /Fit] >>`);
  }
  return handMadePdf(bodies);
}

function source(rel: string, bookmark = rel): MergeSource {
  return { source: rel, kind: 'pdf', bookmark, date: null, title: bookmark, pages: null, size: 0, fallbackPath: `Unmerged/${rel}` };
}

function entry(sources: MergeSource[]): MergedPdfEntry {
  return { kind: 'merged-pdf', path: 'X.pdf', category: 'clinical-summary', date: null, start: null, part: null, store: false, sources };
}

/** Not midnight and not UTC-ambiguous: every field of the date is written. */
const DATE = new Date(Date.UTC(2025, 8, 7, 6, 5, 4));

/** The byte merge's result, which must exist (every source copies as bytes), beside the pdf-lib path's. */
async function bothPaths(sources: MergeSource[], options: MergeOptions): Promise<{ bytes: Buffer; reference: Buffer; pages: number }> {
  const asBytes = await mergeGroupAsBytes(entry(sources), options);
  const withPdfLib = await mergeGroupWithPdfLib(entry(sources), options);
  expect(asBytes, 'every source copies as bytes, so the byte merge takes the group').toBeDefined();
  expect(withPdfLib.failed).toEqual([]);
  expect(asBytes?.merged).toEqual(withPdfLib.merged);
  expect(asBytes?.pages).toBe(withPdfLib.pages);
  return { bytes: Buffer.from(asBytes?.bytes ?? []), reference: Buffer.from(withPdfLib.bytes ?? []), pages: withPdfLib.pages };
}

/** The first place two PDFs differ, with some text around it, so a failure shows what the writers disagree on. */
function firstDifference(a: Buffer, b: Buffer): string {
  let at = 0;
  while (at < a.length && a[at] === b[at]) at++;
  const around = (x: Buffer): string => JSON.stringify(x.subarray(Math.max(0, at - 60), at + 60).toString('latin1'));
  return at === a.length && a.length === b.length ? 'identical' : `at byte ${at} of ${a.length}/${b.length}: ${around(a)} vs ${around(b)}`;
}

function expectValidPdf(file: string): void {
  if (!hasTool('qpdf')) return;
  const check = run('qpdf', ['--check', file]);
  // qpdf prints warnings on stderr and exits 3 with them: neither is allowed.
  expect(check.stderr).toBe('');
  expect(check.status).toBe(0);
}

/** The files under `root` the byte reader takes; the rest (compressed structure, encryption, damage) are left to pdf-lib. */
async function copiableAsBytes(root: string, names: string[]): Promise<string[]> {
  const copiable: string[] = [];
  for (const name of names) {
    try {
      readRawSource(await readFile(path.join(root, name)));
      copiable.push(name);
    } catch {
      // Not this path's.
    }
  }
  return copiable;
}

describe('the byte merge (no pdf-lib) against the pdf-lib path', () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  let root: string;
  const reports: string[] = [];
  beforeAll(async () => {
    tmp = await makeTempDir();
    root = tmp.dir;
    for (let i = 0; i < 12; i++) {
      const name = `report-${i}.pdf`;
      await writeFile(path.join(root, name), await makeReportPdf({
        title: i % 2 ? 'CT Report' : 'Surgical Pathology Report',
        fields: [['Report no.', `R-${i}`]],
        sections: [{ heading: 'Findings', blocks: [`Synthetic report number ${i}.`, 'Second paragraph.'] }],
      }));
      reports.push(name);
    }
    await writeFile(path.join(root, 'many.pdf'), manyPagePdf(250));
    await writeFile(path.join(root, 'big.pdf'), manyPagePdf(2, 20_000));
    const streams = await PDFDocument.load(await makeReportPdf({ title: 'Streams', sections: [{ blocks: ['Object streams'] }] }));
    await writeFile(path.join(root, 'streams.pdf'), await streams.save({ useObjectStreams: true }));
  });
  afterAll(() => tmp.cleanup());

  it('writes what pdf-lib writes, byte for byte: many sources, pages, links, odd names, a big stream, any script in the bookmarks', async () => {
    const sources = [
      ...reports.slice(0, 6).map((r, i) => source(r, `Report ${i} — 病理 ✓ 𝄞${i === 5 ? ' \ud800 lone' : ''}`)),
      source('many.pdf', 'Many pages'),
      source('big.pdf', 'Big stream'),
      ...reports.slice(6).map((r) => source(r)),
    ];
    const { bytes, reference, pages } = await bothPaths(sources, { root, date: DATE, title: 'Pathology — Müller 漢字 🙂' });
    expect(pages).toBe(12 + 250 + 2);
    expect(firstDifference(bytes, reference)).toBe('identical');
    // Past 255 objects and several object streams: the cases a hand-made writer gets wrong first.
    const text = bytes.toString('latin1');
    expect((text.match(/\/Type \/ObjStm/g) ?? []).length).toBeGreaterThanOrEqual(3);
    expect(text).toMatch(/\/W \[ 1 [23] 2 \]/);

    const file = path.join(tmp.dir, 'merged.pdf');
    await writeFile(file, bytes);
    expectValidPdf(file);
    // qpdf drops the lone surrogate (written as pdf-lib writes it: the code unit as it is).
    if (hasTool('qpdf')) expect(qpdfInfo(file)).toEqual({ pages, outlines: sources.map((s) => s.bookmark.replace('\ud800', '')) });
    if (hasTool('pdftotext')) {
      // Each page's text in order: the merge's text is the sources' texts one after the other.
      const own = sources.map((s) => run('pdftotext', ['-layout', path.join(root, s.source), '-']).stdout).join('');
      expect(run('pdftotext', ['-layout', file, '-']).stdout).toBe(own);
    }
  });

  it('streams to a file what it gives in memory, every time', async () => {
    const sources = [source('big.pdf'), ...reports.map((r) => source(r))];
    const { bytes } = await bothPaths(sources, { root, date: DATE, title: 'T' });
    const file = path.join(tmp.dir, 'streamed.pdf');
    await mergeGroupToFile(entry(sources), file, { root, date: DATE, title: 'T' });
    expect(Buffer.compare(await readFile(file), bytes)).toBe(0);
    const again = await mergeGroupAsBytes(entry(sources), { root, date: DATE, title: 'T' });
    expect(Buffer.compare(Buffer.from(again?.bytes ?? []), bytes)).toBe(0);
  });

  it('leaves a group with a source it cannot copy (object streams) to pdf-lib whole, with nothing of its own try left in the file', async () => {
    const sources = [...reports.slice(0, 3).map((r) => source(r)), source('streams.pdf'), source('many.pdf')];
    expect(await mergeGroupAsBytes(entry(sources), { root, date: DATE, title: 'T' })).toBeUndefined();
    const reference = await mergeGroupWithPdfLib(entry(sources), { root, date: DATE, title: 'T' });
    const merged = await mergeGroup(entry(sources), { root, date: DATE, title: 'T' });
    expect(Buffer.compare(Buffer.from(merged.bytes ?? []), Buffer.from(reference.bytes ?? []))).toBe(0);
    const file = path.join(tmp.dir, 'fallback.pdf');
    const result = await mergeGroupToFile(entry(sources), file, { root, date: DATE, title: 'T' });
    expect(result.merged.map((m) => m.source.source)).toEqual(sources.map((s) => s.source));
    expect(Buffer.compare(await readFile(file), Buffer.from(reference.bytes ?? []))).toBe(0);
    expectValidPdf(file);
    // The big source's stream reaches the file at once (a view of the read buffer is never held): the file was
    // opened and written before the group started over, and holds only pdf-lib's merge.
    const started = [source('big.pdf'), source('streams.pdf')];
    const after = path.join(tmp.dir, 'fallback-after-writing.pdf');
    await mergeGroupToFile(entry(started), after, { root, date: DATE, title: 'T' });
    const startedReference = await mergeGroupWithPdfLib(entry(started), { root, date: DATE, title: 'T' });
    expect(Buffer.compare(await readFile(after), Buffer.from(startedReference.bytes ?? []))).toBe(0);
    expectValidPdf(after);
  });

  it('writes what pdf-lib writes for every fixture PDF that copies as bytes (demo and chaos cases, corpus copies)', async () => {
    const found: string[] = [];
    for (const folder of ['fixtures', 'fixtures/demo-case', 'fixtures/chaos-case']) {
      for (const name of await readdir(path.join(REPO, folder), { recursive: folder !== 'fixtures' })) {
        if (name.toLowerCase().endsWith('.pdf')) found.push(path.join(folder, name));
      }
    }
    const copiable = await copiableAsBytes(REPO, found.sort());
    expect(copiable.length).toBeGreaterThanOrEqual(10);
    const { bytes, reference } = await bothPaths(copiable.map((rel) => source(rel)), { root: REPO, date: DATE, title: 'Fixtures' });
    expect(firstDifference(bytes, reference)).toBe('identical');
    const file = path.join(tmp.dir, 'fixtures.pdf');
    await writeFile(file, bytes);
    expectValidPdf(file);
  });

  it.skipIf(!corpusAvailable)('writes what pdf-lib writes for the real corpus PDFs that copy as bytes', async () => {
    const dir = path.join(CORPUS_DIR, 'pdf');
    const copiable = await copiableAsBytes(dir, (await readdir(dir)).filter((n) => n.endsWith('.pdf')).sort());
    // tracemonkey (14 pages), alphatrans, the resolution chart and the damaged-stream file at the time of writing.
    expect(copiable.length).toBeGreaterThanOrEqual(3);
    const { bytes, reference } = await bothPaths(copiable.map((name) => source(name)), { root: dir, date: DATE, title: 'Corpus' });
    expect(firstDifference(bytes, reference)).toBe('identical');
  });
});
