/**
 * The generated documents' streams are deflated by Node's zlib (write/native-deflate.ts): the page contents, and
 * the font files and ToUnicode maps pdf-lib embeds during save. Held here to pdf-lib's own save of the same
 * document: every stream inflates to the same bytes, and the streams named above are zlib's output.
 */
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodePDFRawStream, PDFDocument, PDFName, PDFRawStream, rgb } from '../../src/util/pdf-lib.js';
import { drawRun, embedFonts, textRuns } from '../../src/write/fonts.js';
import { saveDeflatedNatively } from '../../src/write/native-deflate.js';

async function draw(): Promise<PDFDocument> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const fonts = await embedFonts(doc);
  const page = doc.addPage();
  let y = 800;
  for (const text of ['Surgical Pathology Report', 'office — file · 2025-09-15', 'محمد عبد الله', 'राम कुमार']) {
    let x = 40;
    for (const run of textRuns(text, fonts)) {
      drawRun(page, run.text, { x, y, size: 11, font: run.font, color: rgb(0, 0, 0) });
      x += run.font.widthOfTextAtSize(run.text, 11);
    }
    y -= 20;
  }
  return doc;
}

async function streams(bytes: Uint8Array): Promise<Map<string, { raw: Uint8Array; decoded: Uint8Array; subtype: string }>> {
  const doc = await PDFDocument.load(bytes);
  const found = new Map<string, { raw: Uint8Array; decoded: Uint8Array; subtype: string }>();
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue;
    const type = object.dict.get(PDFName.of('Type'))?.toString() ?? '';
    if (type === '/ObjStm' || type === '/XRef') continue;
    const subtype = object.dict.has(PDFName.of('Length1')) ? 'font' : object.dict.get(PDFName.of('Subtype'))?.toString() ?? 'stream';
    found.set(ref.toString(), { raw: object.getContents(), decoded: decodePDFRawStream(object).decode(), subtype });
  }
  return found;
}

describe('generated documents deflated natively', () => {
  it('hold the same stream contents as pdf-lib\'s own save, deflated by zlib', async () => {
    const plain = await streams(await (await draw()).save({ useObjectStreams: false }));
    const native = await streams(await saveDeflatedNatively(await draw(), { useObjectStreams: false }));
    expect([...native.keys()].sort()).toEqual([...plain.keys()].sort());
    let deflatedByZlib = 0;
    for (const [ref, stream] of native) {
      expect(Buffer.from(stream.decoded).equals(Buffer.from(plain.get(ref)?.decoded ?? [])), ref).toBe(true);
      if (Buffer.from(stream.raw).equals(deflateSync(stream.decoded))) deflatedByZlib++;
    }
    // Page contents, four font files, four ToUnicode maps at least.
    expect(deflatedByZlib).toBeGreaterThanOrEqual(9);
  });
});
