/**
 * The generated documents are saved by saveGeneratedPdf (write/save-pdf.ts): streams deflated by Node's zlib (the
 * page contents, and the font files and ToUnicode maps pdf-lib embeds during save), faces no page uses left out.
 * Held here to pdf-lib's own save of the same document: every stream inflates to the same bytes, and the streams
 * named above are zlib's output; and a document drawn in one face embeds that face alone.
 */
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodePDFRawStream, PDFDict, PDFDocument, PDFName, PDFRawStream, rgb } from '../../src/util/pdf-lib.js';
import { drawRun, embedFonts, textRuns } from '../../src/write/fonts.js';
import { saveGeneratedPdf } from '../../src/write/save-pdf.js';

async function draw(latinOnly = false): Promise<PDFDocument> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const fonts = await embedFonts(doc);
  const page = doc.addPage();
  let y = 800;
  for (const [i, text] of (latinOnly ? ['Surgical Pathology Report'] : ['Surgical Pathology Report', 'office — file · 2025-09-15', 'محمد عبد الله', 'राम कुमार']).entries()) {
    let x = 40;
    for (const run of textRuns(text, fonts, i === 1)) {
      drawRun(page, run.text, { x, y, size: 11, font: run.font, color: rgb(0, 0, 0) });
      x += run.font.widthOfTextAtSize(run.text, 11);
    }
    y -= 20;
  }
  return doc;
}

async function streams(bytes: Uint8Array): Promise<Map<string, { raw: Uint8Array; decoded: Uint8Array }>> {
  const doc = await PDFDocument.load(bytes);
  const found = new Map<string, { raw: Uint8Array; decoded: Uint8Array }>();
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue;
    const type = object.dict.get(PDFName.of('Type'))?.toString() ?? '';
    if (type === '/ObjStm' || type === '/XRef') continue;
        found.set(ref.toString(), { raw: object.getContents(), decoded: decodePDFRawStream(object).decode() });
  }
  return found;
}

describe('generated documents deflated natively', () => {
  it('hold the same stream contents as pdf-lib\'s own save, deflated by zlib', async () => {
    const plain = await streams(await (await draw()).save({ useObjectStreams: false }));
    const native = await streams(await saveGeneratedPdf(await draw(), { useObjectStreams: false }));
    expect([...native.keys()].sort()).toEqual([...plain.keys()].sort());
    let deflatedByZlib = 0;
    for (const [ref, stream] of native) {
      expect(Buffer.from(stream.decoded).equals(Buffer.from(plain.get(ref)?.decoded ?? [])), ref).toBe(true);
      if (Buffer.from(stream.raw).equals(deflateSync(stream.decoded))) deflatedByZlib++;
    }
    // Page contents, four font files, four ToUnicode maps at least.
    expect(deflatedByZlib).toBeGreaterThanOrEqual(9);
  });

  it('embeds only the faces the pages use', async () => {
    const fontFiles = async (bytes: Uint8Array): Promise<number> => (await PDFDocument.load(bytes)).context.enumerateIndirectObjects()
      .filter(([, object]) => object instanceof PDFDict && object.get(PDFName.of('Type'))?.toString() === '/FontDescriptor').length;
    expect(await fontFiles(await (await draw(true)).save())).toBe(4);
    const saved = await saveGeneratedPdf(await draw(true), { useObjectStreams: true });
    expect(await fontFiles(saved)).toBe(1);
    const loaded = await PDFDocument.load(saved);
    expect(loaded.getPageCount()).toBe(1);
  });
});
