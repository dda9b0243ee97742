import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { concatTransformationMatrix, drawObject, PDFDocument, popGraphicsState, pushGraphicsState, StandardFonts } from '../../src/util/pdf-lib.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSink, MemorySink, StreamedPdfWriter } from '../../src/write/pdf-stream-writer.js';
import { hasTool, run } from '../support/packet-tools.js';
import { makeTempDir } from '../support/tree.js';

/** A page carrying its own 64 KB image stream, as a scanned page does. */
function addScanLikePage(doc: PDFDocument, seed: number): void {
  const page = doc.addPage([200, 200]);
  const pixels = new Uint8Array(256 * 256).map((_, i) => (i * 31 + seed * 7) & 0xff);
  const image = doc.context.stream(pixels, { Type: 'XObject', Subtype: 'Image', Width: 256, Height: 256, ColorSpace: 'DeviceGray', BitsPerComponent: 8 });
  const name = page.node.newXObject('Scan', doc.context.register(image));
  page.pushOperators(pushGraphicsState(), concatTransformationMatrix(200, 0, 0, 200, 0, 0), drawObject(name), popGraphicsState());
}

/** Three pages written one commit at a time, a discarded piece between, and a font embedded only at the end. */
async function streamed(sink: MemorySink | FileSink): Promise<StreamedPdfWriter & { held: number[] }> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const writer = Object.assign(new StreamedPdfWriter(doc.context, sink), { held: [] as number[] });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < 3; i++) {
    addScanLikePage(doc, i);
    doc.getPage(i).drawText(`page ${i + 1}`, { x: 10, y: 100, size: 12, font });
    await writer.commit();
    writer.held.push(writer.heldObjects);
    if (i === 1) {
      // A source that fails half-way: its page is taken back and its objects never reach the file.
      addScanLikePage(doc, 99);
      doc.removePage(doc.getPageCount() - 1);
      writer.discard();
    }
  }
  doc.setTitle('Streamed');
  doc.setCreationDate(new Date(Date.UTC(2025, 0, 1)));
  await doc.flush();
  await writer.finish();
  return writer;
}

describe('StreamedPdfWriter', () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    tmp = await makeTempDir();
  });
  afterAll(() => tmp.cleanup());

  it('writes a valid PDF whose pages, text and title survive a discarded piece and a late-embedded font', async () => {
    const sink = new MemorySink();
    await streamed(sink);
    const bytes = sink.bytes();
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(3);
    expect(doc.getTitle()).toBe('Streamed');
    const file = path.join(tmp.dir, 'streamed.pdf');
    await writeFile(file, bytes);
    if (hasTool('qpdf')) {
      const check = run('qpdf', ['--check', file]);
      expect(check.stderr).toBe('');
      expect(check.status).toBe(0);
    }
    if (hasTool('pdftotext')) expect(run('pdftotext', [file, '-']).stdout).toMatch(/page 1[\s\S]*page 2[\s\S]*page 3/);
  });

  it('drops what it wrote: the document holds page leaves and its first objects, not one image per page', async () => {
    const writer = await streamed(new MemorySink());
    // Catalog, page-tree root, and one leaf per page so far; the images and contents are gone.
    expect(writer.held).toEqual([3, 4, 5]);
  });

  it('gives the same bytes to a file as in memory, and the same bytes every time', async () => {
    const memory = new MemorySink();
    await streamed(memory);
    const again = new MemorySink();
    await streamed(again);
    const file = path.join(tmp.dir, 'to-file.pdf');
    await streamed(new FileSink(file));
    expect(Buffer.compare(again.bytes(), memory.bytes())).toBe(0);
    expect(Buffer.compare(await readFile(file), memory.bytes())).toBe(0);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('leaves no file when aborted after writing began, and makes none when nothing was written', async () => {
    const file = path.join(tmp.dir, 'aborted.pdf');
    const doc = await PDFDocument.create({ updateMetadata: false });
    const writer = new StreamedPdfWriter(doc.context, new FileSink(file));
    addScanLikePage(doc, 1);
    await writer.commit();
    await expect(stat(file)).resolves.toBeTruthy();
    await writer.abort();
    await expect(stat(file)).rejects.toThrow();
    const untouched = path.join(tmp.dir, 'never.pdf');
    await new StreamedPdfWriter((await PDFDocument.create()).context, new FileSink(untouched)).abort();
    await expect(stat(untouched)).rejects.toThrow();
  });
});
