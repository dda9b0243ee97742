import { deflateSync } from 'node:zlib';
import { PDFArray, PDFContentStream, PDFDict, PDFRef, PDFStream, typedArrayFor, type PDFDocument, type PDFFont, type PDFObject } from '../util/pdf-lib.js';

type SaveOptions = Parameters<PDFDocument['save']>[0];

/**
 * doc.save() for the PDFs casepack draws (index, letters, summary), with two costs of pdf-lib's save taken out
 * (issue 15; each document is saved once per build, its code cold):
 * - faces no page uses are left out: every document embeds the Latin, bold, Arabic and Devanagari faces before
 *   it knows its text, and pdf-lib subsets, deflates and describes each one at save (~25 ms a face);
 * - streams are deflated by Node's zlib instead of pdf-lib's JavaScript fflate: the page contents drawn so far,
 *   and the font files and ToUnicode maps pdf-lib embeds during save (through its context's flateStream, pointed
 *   here); zlib is native, at the same level (6), and as reproducible. The merge deflates its object streams the
 *   same way (pdf-stream-writer.ts); pdf-lib still deflates the object and cross-reference streams save() makes.
 */
export function saveGeneratedPdf(doc: PDFDocument, options: SaveOptions): Promise<Uint8Array> {
  leaveOutUnusedFonts(doc);
  const { context } = doc;
  for (const [, object] of context.enumerateIndirectObjects() as [unknown, PDFObject][]) {
    // `encode` is protected in the types; a stream made not to be deflated keeps its bytes as they are.
    if (object instanceof PDFContentStream && (object as unknown as { encode: boolean }).encode) object.updateContents(deflateSync(object.getUnencodedContents()));
  }
  context.flateStream = (contents, dict = {}) => context.stream(deflateSync(typedArrayFor(contents)), { ...dict, Filter: 'FlateDecode' });
  return doc.save(options);
}

/** Drops from the document's embedding list every font no object refers to (pdf-lib embeds them all at save). */
function leaveOutUnusedFonts(doc: PDFDocument): void {
  const referenced = new Set<PDFRef>();
  const visit = (object: PDFObject): void => {
    // pdf-lib interns references, so one object stands for each.
    if (object instanceof PDFRef) referenced.add(object);
    else if (object instanceof PDFDict) for (const [, value] of object.entries()) visit(value);
    else if (object instanceof PDFArray) for (const value of object.asArray()) visit(value);
    else if (object instanceof PDFStream) visit(object.dict);
  };
  for (const [, object] of doc.context.enumerateIndirectObjects() as [unknown, PDFObject][]) visit(object);
  // `fonts` is private in the types: the list save() embeds.
  const fonts = (doc as unknown as { fonts: PDFFont[] }).fonts;
  const used = fonts.filter((font) => referenced.has(font.ref));
  fonts.splice(0, fonts.length, ...used);
}
