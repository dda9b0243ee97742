import { deflateSync } from 'node:zlib';
import {
  PDFCatalog, PDFCrossRefStream, PDFInvalidObject, PDFName, PDFNumber, PDFObjectStream, PDFPageLeaf, PDFPageTree, PDFRawStream, PDFRef, PDFStream,
  type PDFContext, type PDFObject,
} from '../util/pdf-lib.js';
import { BatchedPdfOutput, PartsBuilder, type PdfByteSink } from './pdf-byte-sink.js';

// The sinks lived here before the byte merge (byte-merge.ts) needed them without pdf-lib.
export { FileSink, MemorySink, type PdfByteSink } from './pdf-byte-sink.js';

/**
 * An object copied from a source as bytes (write/raw-pdf-copy.ts), references already renumbered: its text
 * (latin1), and a stream's stored data, passed through as it is.
 */
export class CopiedBytes {
  constructor(readonly text: string, readonly stream?: Uint8Array) {}
}

/**
 * Writes a pdf-lib document to a sink piece by piece, where pdf-lib's save()
 * keeps every object until the end and then copies them all into one buffer
 * (a 450-page scan merge peaked at ~300 MB that way).
 *
 * The document is built as usual (copyPages, addPage, drawing); after each
 * finished piece, commit() serialises the objects made since the last commit
 * with their final numbers, records their offsets and drops them from the
 * document. Page leaves stay in memory (a few hundred bytes each) because
 * pdf-lib walks them to add, count and remove pages. finish() then writes
 * whatever is left — the page tree, catalog, outline, Info and anything
 * embedded late, such as a font subset — and the cross-reference stream.
 * The output depends only on the document's objects and their order, so the
 * same inputs give the same bytes.
 */
export class StreamedPdfWriter {
  /** Where each written object is, by object number: a byte offset, or its object stream and place in it. */
  private readonly offsets: (number | { stream: PDFRef; index: number })[] = [];
  /** Objects numbered up to here have been written, dropped, or are waiting in `unpacked`. */
  private mark: number;
  /**
   * Small dictionaries committed but not written yet: they wait until an object stream's worth has gathered, because
   * pdf-lib deflates each object stream on its own and a deflate call costs ~0.6 ms however little it holds (a
   * merge of 100 one-page PDFs made 102 streams of ~3 objects each: 63 ms of deflate for 20 KB). At most
   * OBJECTS_PER_STREAM small objects are held, so memory still holds one source at a time.
   */
  private unpacked: [PDFRef, PDFObject][] = [];
  /** Objects copied as bytes since the last commit, by object number: they live here, not in the document. */
  private readonly copied = new Map<number, CopiedBytes>();
  private readonly output: BatchedPdfOutput;

  constructor(private readonly context: PDFContext, sink: PdfByteSink) {
    this.output = new BatchedPdfOutput(sink);
    // The catalog and page-tree root exist from the start and change to the end: written by finish().
    this.mark = context.largestObjectNumber;
  }

  /** Objects the document holds now; tests use it to show the writer drops what it wrote. */
  get heldObjects(): number {
    return this.context.enumerateIndirectObjects().length;
  }

  /** Hold an object copied as bytes under `ref` (a number taken with context.nextRef()); written by the next commit. */
  addCopied(ref: PDFRef, object: CopiedBytes): void {
    this.copied.set(ref.objectNumber, object);
  }

  /** Write every object made since the last commit and drop it from the document. */
  async commit(): Promise<void> {
    const objects: [PDFRef, PDFObject | CopiedBytes][] = [];
    // An object whose number was taken but that is not assigned yet (a font embedded at the end) is left for finish().
    for (let n = this.mark + 1; n <= this.context.largestObjectNumber; n++) {
      const ref = PDFRef.of(n);
      const object = this.context.lookup(ref) ?? this.copied.get(n);
      if (object) objects.push([ref, object]);
    }
    this.mark = this.context.largestObjectNumber;
    this.copied.clear();
    await this.writeObjects(objects);
    for (const [ref, object] of objects) if (!(object instanceof PDFPageLeaf) && !(object instanceof CopiedBytes)) this.context.delete(ref);
  }

  /** Drop, unwritten, every object made since the last commit (a source that failed half-way); their numbers stay unused. */
  discard(): void {
    for (let n = this.mark + 1; n <= this.context.largestObjectNumber; n++) this.context.delete(PDFRef.of(n));
    this.copied.clear();
    this.mark = this.context.largestObjectNumber;
  }

  /** Write every object not written yet, then the cross-reference stream, and close the sink. */
  async finish(): Promise<void> {
    const waiting = new Set(this.unpacked.map(([ref]) => ref.objectNumber));
    const objects: [PDFRef, PDFObject | CopiedBytes][] = this.context.enumerateIndirectObjects().filter(([ref]) => this.offsets[ref.objectNumber] === undefined && !waiting.has(ref.objectNumber));
    for (const [n, object] of this.copied) objects.push([PDFRef.of(n), object]);
    this.copied.clear();
    await this.writeObjects(objects, true);
    const xrefRef = this.context.nextRef();
    const { Root, Info } = this.context.trailerInfo;
    this.offsets[xrefRef.objectNumber] = this.output.position;
    // Entries made in object order and handed over at once: adding them one by one, pdf-lib searches the list for
    // each one's place (quadratic: ~50M comparisons for a 10,000-object merge).
    // Object 0 heads the free list, as PDFCrossRefStream.create() writes it.
    const entries: Parameters<typeof PDFCrossRefStream.of>[1] = [{ type: DELETED, ref: PDFRef.of(0, 65535), nextFreeObjectNumber: 0 }];
    this.offsets.forEach((at, n) => {
      if (n === 0) return;
      entries.push(typeof at === 'number' ? { type: UNCOMPRESSED, ref: PDFRef.of(n), offset: at } : { type: COMPRESSED, ref: PDFRef.of(n), objectStreamRef: at.stream, index: at.index });
    });
    const xref = PDFCrossRefStream.of(this.context.obj({ Root, Info }), entries, true);
    xref.dict.set(PDFName.of('Size'), PDFNumber.of(this.context.largestObjectNumber + 1));
    deflateNatively(xref);
    const xrefOffset = this.output.position;
    const parts = new PartsBuilder();
    parts.text(`${xrefRef.objectNumber} 0 obj\n`);
    parts.object(xref);
    parts.text(`\nendobj\n\nstartxref\n${xrefOffset}\n%%EOF`);
    await this.output.put(parts.finish(), false);
    await this.output.close();
  }

  /** Leave nothing half-written behind. */
  abort(): Promise<void> {
    return this.output.abort();
  }

  /** `last`: no more objects will come, so the small ones still waiting are packed too. */
  private async writeObjects(objects: [PDFRef, PDFObject | CopiedBytes][], last = false): Promise<void> {
    if (this.output.position === 0) await this.writeHeader();
    const parts = new PartsBuilder();
    for (const [ref, object] of objects) {
      if (object instanceof CopiedBytes) {
        this.writeCopied(ref, object, parts);
        continue;
      }
      if (isCopiedCrossReference(object)) continue;
      if (packable(ref, object)) {
        this.unpacked.push([ref, object]);
        continue;
      }
      this.offsets[ref.objectNumber] = this.output.position + parts.length;
      parts.text(`${ref.objectNumber} 0 obj\n`);
      if (object instanceof PDFRawStream) {
        // A copied image or page stream goes out as it is: serialising it into one buffer would be one more copy of every scan.
        object.updateDict();
        parts.object(object.dict);
        parts.text('\nstream\n');
        parts.bytes(object.contents);
        parts.text('\nendstream');
      } else {
        parts.object(object);
      }
      parts.text('\nendobj\n\n');
    }
    // The small dictionaries go into deflated object streams, as pdf-lib's save() does: a merge of small PDFs is mostly these.
    const full = last ? this.unpacked.length : this.unpacked.length - (this.unpacked.length % OBJECTS_PER_STREAM);
    const packed = this.unpacked.slice(0, full);
    this.unpacked = this.unpacked.slice(full);
    for (let i = 0; i < packed.length; i += OBJECTS_PER_STREAM) {
      const chunk = packed.slice(i, i + OBJECTS_PER_STREAM);
      const streamRef = this.context.nextRef();
      chunk.forEach(([ref], index) => { this.offsets[ref.objectNumber] = { stream: streamRef, index }; });
      this.offsets[streamRef.objectNumber] = this.output.position + parts.length;
      parts.text(`${streamRef.objectNumber} 0 obj\n`);
      parts.object(deflateNatively(PDFObjectStream.withContextAndObjects(this.context, chunk, true)));
      parts.text('\nendobj\n\n');
    }
    const chunks = parts.finish();
    if (chunks.length > 0) await this.output.put(chunks, parts.borrowed);
  }

  /** A copied dictionary or value waits for an object stream like any small object; a copied stream goes out as stored. */
  private writeCopied(ref: PDFRef, object: CopiedBytes, parts: PartsBuilder): void {
    if (!object.stream) {
      // PDFInvalidObject writes its bytes as they are: the object stream takes it like any other object.
      this.unpacked.push([ref, PDFInvalidObject.of(Buffer.from(object.text, 'latin1'))]);
      return;
    }
    this.offsets[ref.objectNumber] = this.output.position + parts.length;
    parts.text(`${ref.objectNumber} 0 obj\n${object.text}\nstream\n`);
    parts.bytes(object.stream);
    parts.text('\nendstream\nendobj\n\n');
  }

  private async writeHeader(): Promise<void> {
    const header = this.context.header;
    const buffer = new Uint8Array(header.sizeInBytes() + 2);
    const at = header.copyBytesInto(buffer, 0);
    buffer[at] = 0x0a;
    buffer[at + 1] = 0x0a;
    await this.output.put([buffer], false);
  }
}

const OBJECTS_PER_STREAM = 100;
/** pdf-lib's EntryType values (the enum is not exported): free, at a byte offset, in an object stream. */
const DELETED = 0;
const UNCOMPRESSED = 1;
const COMPRESSED = 2;

/**
 * Deflates an object or cross-reference stream with Node's zlib instead of pdf-lib's JavaScript one (fflate), which
 * was ~70 ms of a cold merge of 100 one-page PDFs (its code compiled as it ran) and still ~20 ms warm; zlib is native
 * code at the same level (6). The bytes differ from fflate's but are as reproducible: the packet's zip entries are
 * deflated by the same zlib. The stream keeps its /Filter /FlateDecode; its /Length follows the new contents.
 */
function deflateNatively<T extends PDFObjectStream | PDFCrossRefStream>(stream: T): T {
  stream.updateContents(deflateSync(stream.getUnencodedContents()));
  return stream;
}

/** What may go in an object stream: pdf-lib's own rule (no streams, no page-tree nodes, no catalog). */
function packable(ref: PDFRef, object: PDFObject): boolean {
  return ref.generationNumber === 0 && !(object instanceof PDFStream || object instanceof PDFInvalidObject || object instanceof PDFCatalog || object instanceof PDFPageTree || object instanceof PDFPageLeaf);
}

/** A source's own object or xref stream, copied along: its objects are copied one by one, so pdf-lib's save() leaves it out too. */
function isCopiedCrossReference(object: PDFObject): boolean {
  if (!(object instanceof PDFRawStream)) return false;
  const type = object.dict.lookup(PDFName.of('Type'));
  return type === PDFName.of('ObjStm') || type === PDFName.of('XRef');
}
