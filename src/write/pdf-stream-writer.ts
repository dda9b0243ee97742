import { open, rm, type FileHandle } from 'node:fs/promises';
import { PDFName, PDFPageLeaf, PDFRawStream, PDFRef, type PDFContext, type PDFObject } from '@cantoo/pdf-lib';

/** Where a streamed PDF's bytes go, in order. */
export interface PdfByteSink {
  write(bytes: Uint8Array): Promise<void>;
  /** Called once, after the last write. */
  close(): Promise<void>;
  /** Called instead of close when the PDF cannot be finished: nothing half-written is left. */
  abort(): Promise<void>;
}

/** Keeps the bytes in memory: for callers that want the PDF as one buffer (tests, small merges). */
export class MemorySink implements PdfByteSink {
  private chunks: Uint8Array[] = [];

  write(bytes: Uint8Array): Promise<void> {
    this.chunks.push(bytes);
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  abort(): Promise<void> {
    this.chunks = [];
    return Promise.resolve();
  }

  bytes(): Uint8Array {
    return Buffer.concat(this.chunks);
  }
}

/** Writes to a file, opened (owner-only) at the first write, so a merge that writes nothing leaves no file. */
export class FileSink implements PdfByteSink {
  private handle: FileHandle | undefined;

  constructor(private readonly file: string) {}

  async write(bytes: Uint8Array): Promise<void> {
    this.handle ??= await open(this.file, 'w', 0o600);
    await this.handle.write(bytes);
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
  }

  async abort(): Promise<void> {
    const opened = this.handle !== undefined;
    await this.close();
    if (opened) await rm(this.file, { force: true });
  }

  /** Whether anything was written. */
  get written(): boolean {
    return this.handle !== undefined;
  }
}

const OBJ = Buffer.from(' 0 obj\n', 'latin1');
const ENDOBJ = Buffer.from('\nendobj\n\n', 'latin1');

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
 * embedded late, such as a font subset — and the xref table and trailer.
 * The output depends only on the document's objects and their order, so the
 * same inputs give the same bytes.
 */
export class StreamedPdfWriter {
  /** Byte offset of each written object, by object number. */
  private readonly offsets: number[] = [];
  private position = 0;
  /** Objects numbered up to here have been written or dropped. */
  private mark: number;

  constructor(private readonly context: PDFContext, private readonly sink: PdfByteSink) {
    // The catalog and page-tree root exist from the start and change to the end: written by finish().
    this.mark = context.largestObjectNumber;
  }

  /** Objects the document holds now; tests use it to show the writer drops what it wrote. */
  get heldObjects(): number {
    return this.context.enumerateIndirectObjects().length;
  }

  /** Write every object made since the last commit and drop it from the document. */
  async commit(): Promise<void> {
    const objects: [PDFRef, PDFObject][] = [];
    // An object whose number was taken but that is not assigned yet (a font embedded at the end) is left for finish().
    for (let n = this.mark + 1; n <= this.context.largestObjectNumber; n++) {
      const ref = PDFRef.of(n);
      const object = this.context.lookup(ref);
      if (object) objects.push([ref, object]);
    }
    this.mark = this.context.largestObjectNumber;
    await this.writeObjects(objects);
    for (const [ref, object] of objects) if (!(object instanceof PDFPageLeaf)) this.context.delete(ref);
  }

  /** Drop, unwritten, every object made since the last commit (a source that failed half-way); their numbers stay unused. */
  discard(): void {
    for (let n = this.mark + 1; n <= this.context.largestObjectNumber; n++) this.context.delete(PDFRef.of(n));
    this.mark = this.context.largestObjectNumber;
  }

  /** Write every object not written yet, then the xref table and trailer, and close the sink. */
  async finish(): Promise<void> {
    const objects = this.context.enumerateIndirectObjects().filter(([ref]) => this.offsets[ref.objectNumber] === undefined);
    await this.writeObjects(objects);
    const xrefOffset = this.position;
    const size = Math.max(this.context.largestObjectNumber, this.offsets.length - 1) + 1;
    const { Root, Info } = this.context.trailerInfo;
    const trailer = `${this.xrefTable()}trailer\n<<\n/Size ${size}\n/Root ${String(Root)}\n${Info ? `/Info ${String(Info)}\n` : ''}>>\n\nstartxref\n${xrefOffset}\n%%EOF`;
    await this.put(Buffer.from(trailer, 'latin1'));
    await this.sink.close();
  }

  /** Leave nothing half-written behind. */
  abort(): Promise<void> {
    return this.sink.abort();
  }

  /** One subsection per run of consecutive written numbers: numbers of dropped objects are simply absent. */
  private xrefTable(): string {
    const lines = ['xref'];
    let n = 0;
    while (n < this.offsets.length) {
      let end = n + 1;
      while (end < this.offsets.length && this.offsets[end] !== undefined) end++;
      lines.push(`${n} ${end - n}`);
      for (let i = n; i < end; i++) lines.push(i === 0 ? '0000000000 65535 f ' : `${String(this.offsets[i]).padStart(10, '0')} 00000 n `);
      n = end;
      while (n < this.offsets.length && this.offsets[n] === undefined) n++;
    }
    return lines.join('\n') + '\n';
  }

  private async writeObjects(objects: [PDFRef, PDFObject][]): Promise<void> {
    if (this.position === 0) await this.writeHeader();
    const kept = objects.filter(([, object]) => !isCopiedCrossReference(object));
    let size = 0;
    for (const [ref, object] of kept) size += String(ref.objectNumber).length + OBJ.length + object.sizeInBytes() + ENDOBJ.length;
    if (size === 0) return;
    const buffer = Buffer.allocUnsafe(size);
    let at = 0;
    for (const [ref, object] of kept) {
      this.offsets[ref.objectNumber] = this.position + at;
      at += buffer.write(String(ref.objectNumber), at, 'latin1');
      at += OBJ.copy(buffer, at);
      at += object.copyBytesInto(buffer, at);
      at += ENDOBJ.copy(buffer, at);
    }
    await this.put(buffer.subarray(0, at));
  }

  private async writeHeader(): Promise<void> {
    const header = this.context.header;
    const buffer = new Uint8Array(header.sizeInBytes() + 2);
    const at = header.copyBytesInto(buffer, 0);
    buffer[at] = 0x0a;
    buffer[at + 1] = 0x0a;
    await this.put(buffer);
  }

  private async put(bytes: Uint8Array): Promise<void> {
    await this.sink.write(bytes);
    this.position += bytes.length;
  }
}

/** A source's own object or xref stream, copied along: its objects are copied one by one, so pdf-lib's save() leaves it out too. */
function isCopiedCrossReference(object: PDFObject): boolean {
  if (!(object instanceof PDFRawStream)) return false;
  const type = object.dict.lookup(PDFName.of('Type'));
  return type === PDFName.of('ObjStm') || type === PDFName.of('XRef');
}
