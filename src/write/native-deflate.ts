import { deflateSync } from 'node:zlib';
import { PDFContentStream, typedArrayFor, type PDFDocument, type PDFObject } from '../util/pdf-lib.js';

type SaveOptions = Parameters<PDFDocument['save']>[0];

/**
 * doc.save() with the document's streams deflated by Node's zlib instead of pdf-lib's JavaScript deflate
 * (fflate): the page contents drawn so far, and the font files and ToUnicode maps pdf-lib embeds during save
 * (through its context's flateStream, pointed here). fflate's code runs cold in every build and was ~0.1 s of
 * the 100-small-PDF build's write phase (three documents, each with its own font subsets); zlib is native, at
 * the same level (6), and as reproducible. The merge deflates its object streams the same way
 * (pdf-stream-writer.ts). pdf-lib still deflates the object and cross-reference streams save() makes itself.
 */
export function saveDeflatedNatively(doc: PDFDocument, options: SaveOptions): Promise<Uint8Array> {
  const { context } = doc;
  for (const [, object] of context.enumerateIndirectObjects() as [unknown, PDFObject][]) {
    // `encode` is protected in the types; a stream made not to be deflated keeps its bytes as they are.
    if (object instanceof PDFContentStream && (object as unknown as { encode: boolean }).encode) object.updateContents(deflateSync(object.getUnencodedContents()));
  }
  context.flateStream = (contents, dict = {}) => context.stream(deflateSync(typedArrayFor(contents)), { ...dict, Filter: 'FlateDecode' });
  return doc.save(options);
}
