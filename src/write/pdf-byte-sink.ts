import { open, rm, type FileHandle } from 'node:fs/promises';

/**
 * Where a streamed PDF's bytes go, and the batching both merge writers share (pdf-stream-writer.ts, which writes a
 * pdf-lib document, and byte-merge.ts, which writes sources copied as bytes without pdf-lib). Nothing here loads
 * pdf-lib: a merge of plain PDFs never needs it.
 */

/** Where a streamed PDF's bytes go, in order. */
export interface PdfByteSink {
  /**
   * The chunks in order. They may be views of the buffer the merge reads its next source into, so they are valid
   * until the returned promise settles: a sink that keeps them copies them.
   */
  write(chunks: Uint8Array[]): Promise<void>;
  /** Called once, after the last write. */
  close(): Promise<void>;
  /**
   * Called instead of close when the PDF cannot be finished: nothing half-written is left. The sink may then be
   * written again from the start (the merge starts a group over through pdf-lib when a source cannot be copied as bytes).
   */
  abort(): Promise<void>;
}

/** Keeps the bytes in memory: for callers that want the PDF as one buffer (tests, small merges). */
export class MemorySink implements PdfByteSink {
  private chunks: Uint8Array[] = [];

  write(chunks: Uint8Array[]): Promise<void> {
    this.chunks.push(Buffer.concat(chunks));
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

  async write(chunks: Uint8Array[]): Promise<void> {
    this.handle ??= await open(this.file, 'w', 0o600);
    // writev takes at most IOV_MAX (1024) buffers a call.
    for (let i = 0; i < chunks.length; i += 1024) {
      const batch = chunks.slice(i, i + 1024);
      const { bytesWritten } = await this.handle.writev(batch);
      // A short write (a full disk, a signal) is finished chunk by chunk; write() loops until all is out or throws.
      let skip = bytesWritten;
      for (const chunk of batch) {
        if (skip >= chunk.length) { skip -= chunk.length; continue; }
        await this.writeAll(chunk.subarray(skip));
        skip = 0;
      }
    }
  }

  private async writeAll(bytes: Uint8Array): Promise<void> {
    let at = 0;
    while (at < bytes.length) at += (await (this.handle as FileHandle).write(bytes, at)).bytesWritten;
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

/** What a PDF object of pdf-lib offers to be written (structurally, so this module need not load pdf-lib). */
export interface SerialisableObject {
  sizeInBytes(): number;
  copyBytesInto(buffer: Uint8Array, offset: number): number;
}

/** Small pieces are gathered into one buffer per run; big stream contents are passed through uncopied. */
export class PartsBuilder {
  private readonly chunks: Uint8Array[] = [];
  private small: Uint8Array[] = [];
  private smallLength = 0;
  length = 0;
  /** Whether a chunk is a caller's buffer passed through (a view of a source the merge will read over), not a copy. */
  borrowed = false;

  text(s: string): void {
    this.add(Buffer.from(s, 'latin1'));
  }

  object(object: SerialisableObject): void {
    const buffer = new Uint8Array(object.sizeInBytes());
    object.copyBytesInto(buffer, 0);
    this.add(buffer);
  }

  bytes(bytes: Uint8Array): void {
    if (bytes.length < 65536) return this.add(bytes);
    this.flushSmall();
    this.chunks.push(bytes);
    this.length += bytes.length;
    this.borrowed = true;
  }

  finish(): Uint8Array[] {
    this.flushSmall();
    return this.chunks;
  }

  private add(bytes: Uint8Array): void {
    this.small.push(bytes);
    this.smallLength += bytes.length;
    this.length += bytes.length;
  }

  private flushSmall(): void {
    if (this.small.length === 0) return;
    this.chunks.push(Buffer.concat(this.small, this.smallLength));
    this.small = [];
    this.smallLength = 0;
  }
}

/**
 * The PDF's bytes on their way to the sink, counted so objects know their offsets. Chunks are gathered and handed
 * to the sink at ~1 MB: a merge of 100 one-page PDFs made 100 file writes, each a round trip through libuv's thread
 * pool. Borrowed chunks (views of the source being copied) go out at once, before the next source is read over
 * them; they are big, so those writes are few.
 */
export class BatchedPdfOutput {
  /** Bytes put so far: the offset of the next object. */
  position = 0;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;

  constructor(private readonly sink: PdfByteSink) {}

  async put(chunks: Uint8Array[], borrowed: boolean): Promise<void> {
    for (const chunk of chunks) {
      this.position += chunk.length;
      this.pendingBytes += chunk.length;
      this.pending.push(chunk);
    }
    if (borrowed || this.pendingBytes >= WRITE_BATCH_BYTES) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const chunks = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    await this.sink.write(chunks);
  }

  /** Everything put goes out, then the sink is closed. */
  async close(): Promise<void> {
    await this.flush();
    await this.sink.close();
  }

  /** Leave nothing half-written behind. */
  abort(): Promise<void> {
    this.pending = [];
    this.pendingBytes = 0;
    this.position = 0;
    return this.sink.abort();
  }
}

const WRITE_BATCH_BYTES = 1 << 20;
