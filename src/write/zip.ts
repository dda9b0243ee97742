import { createHash, type Hash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, type WriteStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Transform, type Readable } from 'node:stream';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type archiverModule from 'archiver';

const require = createRequire(import.meta.url);
const ENCRYPTED_FORMAT = 'zip-encrypted';

type Crc32 = (data: Uint8Array, seed?: number) => number;
type Crc32Module = { buf: (data: Uint8Array, seed?: number) => number; casepackNative?: boolean };
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/** zlib's native CRC-32 (Node 20.15+, ~2.7 GB/s); the pure-JS `crc-32` package before that. */
const crc32: Crc32 = typeof nativeCrc32 === 'function'
  ? (data, seed) => nativeCrc32(data, seed ?? 0) >>> 0
  : (data, seed) => (require('crc-32') as Crc32Module).buf(data, seed ?? 0) >>> 0;

/**
 * archiver (still used for encrypted packets) computes every entry's CRC-32
 * with the pure-JS `crc-32` package (~0.3 GB/s); its shared module's `buf` is
 * pointed at zlib's native one, same result. unzip -t and 7z t in the tests
 * check every CRC written.
 */
function useNativeCrc32(): void {
  if (typeof nativeCrc32 !== 'function') return;
  const crc = require('crc-32') as Crc32Module;
  if (crc.casepackNative) return;
  crc.buf = (data, seed) => nativeCrc32(data, (seed ?? 0) >>> 0) | 0;
  crc.casepackNative = true;
}

/** A file the writer reads itself, into buffers it reuses from entry to entry (see ReadBufferPool). */
export interface FileSource {
  kind: 'file';
  path: string;
}

/**
 * Bytes the caller generates in pieces (manifest.json at 20,000 files is
 * ~7.5 MB, made at the end on top of everything else): never joined, they
 * are hashed and deflated piece by piece and written as one entry, the same
 * bytes as the joined Buffer gives. `pieces` is called again only when the
 * entry is stored after all (deflate did not make it smaller).
 */
export interface PiecesSource {
  kind: 'pieces';
  pieces: () => Iterable<Buffer>;
}

/** An entry's bytes, or a function that opens them when the writer is ready to read them. */
export type EntrySource = Buffer | Readable | FileSource | PiecesSource | (() => Promise<Buffer | Readable | FileSource | PiecesSource>);

export interface ZipEntryResult {
  size: number;
  sha256: string;
}

export interface ZipOptions {
  /** Every entry gets this time, so the same input gives the same bytes. */
  date: Date;
  /** AES-256 (WinZip AE-1) when set. */
  password?: string;
  /** DEFLATE level for entries that are not stored. */
  level?: number;
}

/** How many entries a caller should keep in flight: enough to keep both cores deflating, few enough to bound memory. */
export const ZIP_WINDOW = 4;

/**
 * Entries up to this size are read whole and deflated in one call on libuv's
 * thread pool, so several compress at once while an earlier one is written;
 * larger ones stream through a deflate stream when their turn comes. Memory
 * in flight: about ZIP_WINDOW x (this + its deflated copy).
 */
const WHOLE_ENTRY_BYTES = 8 * 1024 * 1024;
/** Entries from this size are sampled before they are deflated. */
const SAMPLE_FROM_BYTES = 256 * 1024;
const SAMPLE_BYTES = 128 * 1024;
/**
 * Stored when a fast deflate of the sample saves under 5%: JPEG-compressed
 * DICOM, JPEG-heavy PDFs and slides cost deflate's CPU for nothing.
 */
const STORE_WHEN_SAMPLE_RATIO_OVER = 0.95;

const deflateRaw = promisify(zlib.deflateRaw);

/** A streamed file is read in pieces of this size (with 64 KB ones, per-read overhead dominated on DICOM-sized files). */
const READ_CHUNK_BYTES = 1024 * 1024;
/**
 * How a streamed entry's part before the sampling decision was cut when it
 * was read from a stream of 1 MB pieces: the first piece past
 * WHOLE_ENTRY_BYTES ended it. The sample is taken from the middle of that
 * part, so the same file is stored or deflated as before, byte for byte.
 */
const STREAMED_HEAD_BYTES = (Math.floor(WHOLE_ENTRY_BYTES / READ_CHUNK_BYTES) + 1) * READ_CHUNK_BYTES;

/**
 * Read buffers reused from entry to entry. A new 1 MB buffer per read (and
 * a second, fitted copy of a short last read, as fs streams make) was
 * harmless in the JS heap but not in the C heap: once glibc frees one such
 * block it raises its mmap threshold above 1 MB, and from then on every
 * buffer came from a heap that fragmented, so the process grew ~4 KB per
 * file packed (192 → 271 MB over a 20,000-file ZIP step while the JS heap
 * stayed ~100 MB). A handful of buffers, reused, keeps it flat. A buffer is
 * given back only when nothing reads it any more (deflate done, or the
 * output stream's write callback); one lost on an error path is left to GC.
 */
class ReadBufferPool {
  private static readonly UNIT_BYTES = 1024 * 1024;
  private readonly free: Buffer[] = [];
  private freeBytes = 0;

  /** Kept free at most: the window's worth of whole entries, the bound the writer already promises. */
  constructor(private readonly keepBytes: number) {}

  /** A buffer of at least `minBytes` (the smallest free one that fits, else a new one). */
  acquire(minBytes: number): Buffer {
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const length = (this.free[i] as Buffer).length;
      if (length >= minBytes && (best < 0 || length < (this.free[best] as Buffer).length)) best = i;
    }
    if (best >= 0) {
      const [buffer] = this.free.splice(best, 1) as [Buffer];
      this.freeBytes -= buffer.length;
      return buffer;
    }
    const units = Math.max(1, Math.ceil(minBytes / ReadBufferPool.UNIT_BYTES));
    return Buffer.allocUnsafeSlow(units * ReadBufferPool.UNIT_BYTES);
  }

  /** Back to the pool; the smallest free buffers make room for a larger one, which serves any request they could. */
  release(buffer: Buffer): void {
    if (buffer.length > this.keepBytes) return;
    this.free.sort((a, b) => a.length - b.length);
    while (this.freeBytes + buffer.length > this.keepBytes) {
      const smallest = this.free[0] as Buffer;
      if (smallest.length > buffer.length) return;
      this.free.shift();
      this.freeBytes -= smallest.length;
    }
    this.free.push(buffer);
    this.freeBytes += buffer.length;
  }
}

/** A piece of an entry's bytes; `pooled` is the pool buffer it lies in, to give back once it has been consumed. */
interface Chunk {
  data: Buffer;
  pooled?: Buffer;
}

const METHOD_STORE = 0;
const METHOD_DEFLATE = 8;
const FLAG_DATA_DESCRIPTOR = 0x0008;
const FLAG_UTF8 = 0x0800;
const VERSION_DEFAULT = 20;
const VERSION_ZIP64 = 45;
/** Made by Unix (3), spec 6.3: the external attributes then hold the file mode. */
const VERSION_MADE_BY = (3 << 8) | 63;
const EXTERNAL_ATTRIBUTES = ((0o100644 << 16) >>> 0);
const MAX32 = 0xffffffff;
const MAX16 = 0xffff;

/** DOS date and time in UTC, so the packet's bytes do not depend on the time zone. */
function dosDateTime(date: Date): number {
  const year = date.getUTCFullYear();
  if (year < 1980) return (1 << 21) | (1 << 16);
  if (year > 2107) return ((127 << 25) | (12 << 21) | (31 << 16) | (23 << 11) | (59 << 5) | 29) >>> 0;
  const day = ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
  const time = (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1);
  return ((day << 16) | time) >>> 0;
}

/** What the central directory needs of one entry; encoded to its bytes at once (see CentralDirectory). */
interface CentralRecord {
  name: Buffer;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
  version: number;
}

/**
 * The central directory, kept as its encoded bytes in 1 MB chunks, appended
 * as each entry is written: one JS object and one name Buffer per entry were
 * ~40% of what the writer held per file at 20,000 entries, and grew with the
 * number of files. The bytes are the same as encoding the records at the end.
 */
class CentralDirectory {
  private static readonly CHUNK_BYTES = 1024 * 1024;
  private readonly full: Buffer[] = [];
  private chunk = Buffer.allocUnsafe(CentralDirectory.CHUNK_BYTES);
  private used = 0;
  count = 0;

  append(header: Buffer): void {
    if (this.used + header.length > this.chunk.length) {
      this.full.push(this.chunk.subarray(0, this.used));
      this.chunk = Buffer.allocUnsafe(Math.max(CentralDirectory.CHUNK_BYTES, header.length));
      this.used = 0;
    }
    header.copy(this.chunk, this.used);
    this.used += header.length;
    this.count++;
  }

  /** The chunks in order, ready to write. */
  chunks(): Buffer[] {
    return this.used > 0 ? [...this.full, this.chunk.subarray(0, this.used)] : [...this.full];
  }
}

/** An entry read and compressed whole, waiting for its turn to be written. */
interface WholeEntry {
  kind: 'whole';
  /** The bytes to write, one Buffer or pieces in order. */
  data: Buffer | readonly Buffer[];
  /** The pool buffer `data` lies in (a stored entry read from a file), given back once written. */
  pooled?: Buffer;
  method: number;
  crc: number;
  size: number;
  sha256: string;
}

/** An entry too large to hold: its first part is read, the rest is read when its turn comes. */
interface StreamedEntry {
  kind: 'streamed';
  head: Chunk[];
  rest: AsyncIterator<Chunk>;
  /** Closes the source; called once the entry is written, or when it never will be. */
  close: () => Promise<void>;
  method: number;
}

/** A stream's pieces as chunks that belong to no pool. */
async function* streamChunks(iterator: AsyncIterator<Buffer>): AsyncGenerator<Chunk> {
  for (;;) {
    const next = await iterator.next();
    if (next.done) return;
    yield { data: next.value };
  }
}

/** A file's bytes from `position` to its end in pool buffers (the caller closes the file). */
async function* fileChunks(handle: FileHandle, position: number, pool: ReadBufferPool): AsyncGenerator<Chunk> {
  for (;;) {
    const pooled = pool.acquire(READ_CHUNK_BYTES);
    const { bytesRead } = await handle.read(pooled, 0, READ_CHUNK_BYTES, position);
    if (bytesRead === 0) {
      pool.release(pooled);
      return;
    }
    position += bytesRead;
    yield { data: pooled.subarray(0, bytesRead), pooled };
  }
}

/** Runs `close` once, however often it is asked to. */
function closeOnce(close: () => Promise<unknown>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => (closing ??= close().then(() => undefined));
}

/** Reads `length` bytes at `position`, fewer only at the end of the file. */
async function readFully(handle: FileHandle, buffer: Buffer, length: number, position: number): Promise<number> {
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}

/** Whether deflate is worth its CPU here, judged on a sample from the middle (headers come first). */
async function worthDeflating(data: Buffer): Promise<boolean> {
  if (data.length < SAMPLE_FROM_BYTES) return true;
  const start = Math.max(0, Math.floor(data.length / 2) - SAMPLE_BYTES / 2);
  return deflateSaves(data.subarray(start, start + SAMPLE_BYTES));
}

async function deflateSaves(sample: Buffer): Promise<boolean> {
  const packed = await deflateRaw(sample, { level: 1 });
  return packed.length < sample.length * STORE_WHEN_SAMPLE_RATIO_OVER;
}

function isFileSource(source: Readable | FileSource | PiecesSource): source is FileSource {
  return (source as Partial<FileSource>).kind === 'file';
}

function isPiecesSource(source: Readable | FileSource | PiecesSource): source is PiecesSource {
  return (source as Partial<PiecesSource>).kind === 'pieces';
}

interface Writer {
  sha256(): string;
  add(name: string, source: EntrySource, store: boolean): Promise<ZipEntryResult>;
  finish(): Promise<number>;
  abort(): void;
}

/**
 * A ZIP written by casepack itself, so entries can be compressed ahead of
 * their turn: archiver deflates one entry at a time on one core. add() may be
 * called for the next entries before the earlier ones finish; entries are
 * written in the order add() was called. Fixed dates and modes make it
 * byte-identical run to run; ZIP64 records appear only where a size, offset
 * or count needs them; names are UTF-8.
 */
class ParallelZipWriter implements Writer {
  private readonly central = new CentralDirectory();
  private readonly pool = new ReadBufferPool(ZIP_WINDOW * WHOLE_ENTRY_BYTES);
  private offset = 0;
  private readonly packetHash = createHash('sha256');
  private packetDigest: string | undefined;
  private failure: Error | undefined;
  /** Resolves when the previous entry has been written: the writer's turn order. */
  private turn: Promise<void> = Promise.resolve();
  private readonly dos: number;
  private readonly level: number;
  private readonly closed: Promise<void>;

  constructor(private readonly output: WriteStream, options: ZipOptions) {
    this.dos = dosDateTime(options.date);
    this.level = options.level ?? 6;
    output.on('error', (err) => { this.failure ??= err; });
    this.closed = new Promise((resolve, reject) => {
      output.on('close', resolve);
      output.on('error', reject);
    });
    // Awaited in finish(); an output error before then (disk full) reaches add() through `failure`,
    // and must not also surface as an unhandled rejection that kills the process.
    this.closed.catch(() => undefined);
  }

  sha256(): string {
    this.packetDigest ??= this.packetHash.digest('hex');
    return this.packetDigest;
  }

  async add(name: string, source: EntrySource, store: boolean): Promise<ZipEntryResult> {
    if (this.failure) throw this.failure;
    const previous = this.turn;
    let done!: () => void;
    this.turn = new Promise((resolve) => { done = resolve; });
    try {
      // Read and compress now, while earlier entries are still being written.
      const prepared = this.prepare(source, store);
      prepared.catch(() => undefined);
      await previous;
      const entry = await prepared;
      if (entry.kind === 'whole') {
        if (this.failure) throw this.failure;
        return await this.writeWhole(name, entry);
      }
      try {
        if (this.failure) throw this.failure;
        return await this.writeStreamed(name, entry);
      } finally {
        // Written or not (an earlier entry failed, the output broke): a file left open for streaming is closed now, not when GC finds its handle.
        await entry.close();
      }
    } catch (err) {
      this.failure ??= err instanceof Error ? err : new Error(String(err));
      throw err;
    } finally {
      done();
    }
  }

  private async prepare(given: EntrySource, store: boolean): Promise<WholeEntry | StreamedEntry> {
    const source = typeof given === 'function' ? await given() : given;
    if (Buffer.isBuffer(source)) return this.prepareWhole(source, undefined, store);
    if (isFileSource(source)) return this.prepareFile(source.path, store);
    if (isPiecesSource(source)) return this.preparePieces(source, store);
    const iterator = (source[Symbol.asyncIterator]() as AsyncIterator<Buffer>);
    const head: Buffer[] = [];
    let length = 0;
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      head.push(next.value);
      length += next.value.length;
      if (length > WHOLE_ENTRY_BYTES) {
        const method = store || !(await worthDeflating(Buffer.concat(head))) ? METHOD_STORE : METHOD_DEFLATE;
        return { kind: 'streamed', head: head.map((data) => ({ data })), rest: streamChunks(iterator), close: closeOnce(async () => iterator.return?.()), method };
      }
    }
    return this.prepareWhole(head.length === 1 ? head[0] as Buffer : Buffer.concat(head, length), undefined, store);
  }

  /**
   * A file up to WHOLE_ENTRY_BYTES is read whole (its size when opened) into
   * a pool buffer; a larger one streams through pool buffers when its turn
   * comes, stored or deflated as the middle of its first part says.
   */
  private async prepareFile(file: string, store: boolean): Promise<WholeEntry | StreamedEntry> {
    const handle = await open(file, 'r');
    let streaming = false;
    try {
      const { size } = await handle.stat();
      if (size <= WHOLE_ENTRY_BYTES) {
        const pooled = this.pool.acquire(size);
        const length = await readFully(handle, pooled, size, 0);
        return await this.prepareWhole(pooled.subarray(0, length), pooled, store);
      }
      let method = METHOD_STORE;
      if (!store) {
        const headLength = Math.min(size, STREAMED_HEAD_BYTES);
        const sample = Buffer.allocUnsafe(Math.min(SAMPLE_BYTES, headLength));
        const start = Math.max(0, Math.floor(headLength / 2) - SAMPLE_BYTES / 2);
        const sampled = await readFully(handle, sample, sample.length, start);
        method = await deflateSaves(sample.subarray(0, sampled)) ? METHOD_DEFLATE : METHOD_STORE;
      }
      streaming = true;
      return { kind: 'streamed', head: [], rest: fileChunks(handle, 0, this.pool), close: closeOnce(() => handle.close()), method };
    } finally {
      if (!streaming) await handle.close();
    }
  }

  /**
   * Generated pieces, hashed and deflated one by one: zlib's output does not
   * depend on how its input is cut, so the bytes are those of the joined
   * Buffer. No sample is taken first (it would need the middle of bytes not
   * yet made): generated text always compresses, and what does not is still
   * stored.
   */
  private async preparePieces(source: PiecesSource, store: boolean): Promise<WholeEntry> {
    const hash = createHash('sha256');
    let crc = 0;
    let size = 0;
    const deflater = store ? undefined : zlib.createDeflateRaw({ level: this.level });
    const packed: Buffer[] = [];
    let packedLength = 0;
    deflater?.on('data', (chunk: Buffer) => { packed.push(chunk); packedLength += chunk.length; });
    const deflated = deflater ? once(deflater, 'end') : undefined;
    // Awaited below; a deflate error while a piece waits for 'drain' must not also be an unhandled rejection.
    deflated?.catch(() => undefined);
    for (const piece of source.pieces()) {
      hash.update(piece);
      crc = crc32(piece, crc);
      size += piece.length;
      if (deflater && !deflater.write(piece)) await once(deflater, 'drain');
    }
    const sha256 = hash.digest('hex');
    if (deflater && size > 0) {
      deflater.end();
      await deflated;
      if (packedLength < size) return { kind: 'whole', data: packed, method: METHOD_DEFLATE, crc, size, sha256 };
    }
    deflater?.destroy();
    return { kind: 'whole', data: [...source.pieces()], method: METHOD_STORE, crc, size, sha256 };
  }

  /** Hash and compress bytes held whole; `pooled` goes back to the pool as soon as they are no longer read. */
  private async prepareWhole(data: Buffer, pooled: Buffer | undefined, store: boolean): Promise<WholeEntry> {
    const sha256 = createHash('sha256').update(data).digest('hex');
    const crc = crc32(data);
    if (!store && data.length > 0 && (await worthDeflating(data))) {
      const packed = await deflateRaw(data, { level: this.level });
      // Deflate can grow data it cannot compress; then the entry is stored.
      if (packed.length < data.length) {
        if (pooled) this.pool.release(pooled);
        return { kind: 'whole', data: packed, method: METHOD_DEFLATE, crc, size: data.length, sha256 };
      }
    }
    return { kind: 'whole', data, ...(pooled ? { pooled } : {}), method: METHOD_STORE, crc, size: data.length, sha256 };
  }

  /** `pooled`, the pool buffer `chunk` lies in, goes back once the output has written it. */
  private async write(chunk: Buffer, pooled?: Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    this.packetHash.update(chunk);
    this.offset += chunk.length;
    const accepted = pooled
      // On an error the buffer is not given back: the stream may still hold it, and the packet is lost anyway.
      ? this.output.write(chunk, (err) => { if (!err) this.pool.release(pooled); })
      : this.output.write(chunk);
    if (!accepted) await this.drained();
  }

  private async drained(): Promise<void> {
    const ac = new AbortController();
    const failed = once(this.output, 'error', { signal: ac.signal });
    failed.catch(() => undefined);
    try {
      // 'close' too: an aborted build destroys the output, and a waiting entry must not hang.
      await Promise.race([once(this.output, 'drain', { signal: ac.signal }), once(this.output, 'close', { signal: ac.signal }), failed]);
    } finally {
      ac.abort();
    }
    if (this.failure) throw this.failure;
  }

  private localHeader(name: Buffer, flags: number, method: number, crc: number, compressedSize: number, size: number, zip64Extra: boolean): Buffer {
    const extraLength = zip64Extra ? 20 : 0;
    const header = Buffer.alloc(30 + name.length + extraLength);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(zip64Extra ? VERSION_ZIP64 : VERSION_DEFAULT, 4);
    header.writeUInt16LE(flags, 6);
    header.writeUInt16LE(method, 8);
    header.writeUInt32LE(this.dos, 10);
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(zip64Extra ? MAX32 : compressedSize, 18);
    header.writeUInt32LE(zip64Extra ? MAX32 : size, 22);
    header.writeUInt16LE(name.length, 26);
    header.writeUInt16LE(extraLength, 28);
    name.copy(header, 30);
    if (zip64Extra) {
      const at = 30 + name.length;
      header.writeUInt16LE(0x0001, at);
      header.writeUInt16LE(16, at + 2);
      // Sizes follow in the data descriptor (or here, when known): zeros until then.
      header.writeBigUInt64LE(BigInt(size), at + 4);
      header.writeBigUInt64LE(BigInt(compressedSize), at + 12);
    }
    return header;
  }

  private async writeWhole(nameText: string, entry: WholeEntry): Promise<ZipEntryResult> {
    const name = Buffer.from(nameText, 'utf8');
    const offset = this.offset;
    const pieces = Buffer.isBuffer(entry.data) ? [entry.data] : entry.data;
    const compressedSize = pieces.reduce((n, piece) => n + piece.length, 0);
    const big = compressedSize >= MAX32 || entry.size >= MAX32;
    const flags = FLAG_UTF8;
    await this.write(this.localHeader(name, flags, entry.method, entry.crc, compressedSize, entry.size, big));
    for (const piece of pieces) await this.write(piece, entry.pooled);
    this.central.append(this.centralHeader({ name, flags, method: entry.method, crc: entry.crc, compressedSize, size: entry.size, offset, version: big ? VERSION_ZIP64 : VERSION_DEFAULT }));
    return { size: entry.size, sha256: entry.sha256 };
  }

  /** A large entry: sizes and CRC are known only at its end, so they follow in a ZIP64 data descriptor. */
  private async writeStreamed(nameText: string, entry: StreamedEntry): Promise<ZipEntryResult> {
    const name = Buffer.from(nameText, 'utf8');
    const offset = this.offset;
    const flags = FLAG_UTF8 | FLAG_DATA_DESCRIPTOR;
    await this.write(this.localHeader(name, flags, entry.method, 0, 0, 0, true));
    const hash: Hash = createHash('sha256');
    let crc = 0;
    let size = 0;
    const dataStart = this.offset;
    const consume = (chunk: Buffer): void => {
      hash.update(chunk);
      crc = crc32(chunk, crc);
      size += chunk.length;
    };
    async function* chunks(): AsyncGenerator<Chunk> {
      for (const chunk of entry.head) { consume(chunk.data); yield chunk; }
      entry.head.length = 0;
      for (;;) {
        const next = await entry.rest.next();
        if (next.done) return;
        consume(next.value.data);
        yield next.value;
      }
    }
    if (entry.method === METHOD_STORE) {
      for await (const chunk of chunks()) await this.write(chunk.data, chunk.pooled);
    } else {
      const deflater = zlib.createDeflateRaw({ level: this.level });
      const feeding = (async () => {
        try {
          for await (const chunk of chunks()) {
            const { pooled } = chunk;
            // zlib calls back once it has consumed the chunk: its buffer can then be read into again.
            const accepted = pooled
              ? deflater.write(chunk.data, (err) => { if (!err) this.pool.release(pooled); })
              : deflater.write(chunk.data);
            if (!accepted) await once(deflater, 'drain');
          }
          deflater.end();
        } catch (err) {
          deflater.destroy(err instanceof Error ? err : new Error(String(err)));
        }
      })();
      for await (const packed of deflater as AsyncIterable<Buffer>) await this.write(packed);
      await feeding;
    }
    const compressedSize = this.offset - dataStart;
    const descriptor = Buffer.alloc(24);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc, 4);
    descriptor.writeBigUInt64LE(BigInt(compressedSize), 8);
    descriptor.writeBigUInt64LE(BigInt(size), 16);
    await this.write(descriptor);
    this.central.append(this.centralHeader({ name, flags, method: entry.method, crc, compressedSize, size, offset, version: VERSION_ZIP64 }));
    return { size, sha256: hash.digest('hex') };
  }

  private centralHeader(record: CentralRecord): Buffer {
    // ZIP64 extra: only the fields that do not fit, in the order the spec fixes.
    const wide: bigint[] = [];
    if (record.size >= MAX32) wide.push(BigInt(record.size));
    if (record.compressedSize >= MAX32) wide.push(BigInt(record.compressedSize));
    if (record.offset >= MAX32) wide.push(BigInt(record.offset));
    const extraLength = wide.length ? 4 + 8 * wide.length : 0;
    const header = Buffer.alloc(46 + record.name.length + extraLength);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(VERSION_MADE_BY, 4);
    header.writeUInt16LE(wide.length ? VERSION_ZIP64 : record.version, 6);
    header.writeUInt16LE(record.flags, 8);
    header.writeUInt16LE(record.method, 10);
    header.writeUInt32LE(this.dos, 12);
    header.writeUInt32LE(record.crc, 16);
    header.writeUInt32LE(Math.min(record.compressedSize, MAX32), 20);
    header.writeUInt32LE(Math.min(record.size, MAX32), 24);
    header.writeUInt16LE(record.name.length, 28);
    header.writeUInt16LE(extraLength, 30);
    // comment length, disk number, internal attributes: 0
    header.writeUInt32LE(EXTERNAL_ATTRIBUTES, 38);
    header.writeUInt32LE(Math.min(record.offset, MAX32), 42);
    record.name.copy(header, 46);
    if (wide.length) {
      let at = 46 + record.name.length;
      header.writeUInt16LE(0x0001, at);
      header.writeUInt16LE(8 * wide.length, at + 2);
      at += 4;
      for (const value of wide) { header.writeBigUInt64LE(value, at); at += 8; }
    }
    return header;
  }

  async finish(): Promise<number> {
    await this.turn;
    if (this.failure) throw this.failure;
    const centralOffset = this.offset;
    for (const chunk of this.central.chunks()) await this.write(chunk);
    const centralSize = this.offset - centralOffset;
    const count = this.central.count;
    if (count >= MAX16 || centralOffset >= MAX32 || centralSize >= MAX32) {
      const zip64End = this.offset;
      const record = Buffer.alloc(56);
      record.writeUInt32LE(0x06064b50, 0);
      record.writeBigUInt64LE(44n, 4);
      record.writeUInt16LE(VERSION_MADE_BY, 12);
      record.writeUInt16LE(VERSION_ZIP64, 14);
      record.writeBigUInt64LE(BigInt(count), 24);
      record.writeBigUInt64LE(BigInt(count), 32);
      record.writeBigUInt64LE(BigInt(centralSize), 40);
      record.writeBigUInt64LE(BigInt(centralOffset), 48);
      const locator = Buffer.alloc(20);
      locator.writeUInt32LE(0x07064b50, 0);
      locator.writeBigUInt64LE(BigInt(zip64End), 8);
      locator.writeUInt32LE(1, 16);
      await this.write(Buffer.concat([record, locator]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(Math.min(count, MAX16), 8);
    end.writeUInt16LE(Math.min(count, MAX16), 10);
    end.writeUInt32LE(Math.min(centralSize, MAX32), 12);
    end.writeUInt32LE(Math.min(centralOffset, MAX32), 16);
    await this.write(end);
    this.output.end();
    await this.closed;
    if (this.failure) throw this.failure;
    return this.offset;
  }

  abort(): void {
    this.failure ??= new Error('aborted');
    this.output.destroy();
  }
}

/** Counts and hashes what passes through, so the manifest describes exactly the bytes zipped. */
class HashingStream extends Transform {
  readonly hash = createHash('sha256');
  size = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null, data?: Buffer) => void): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    done(null, chunk);
  }
}

/** What archiver takes: a file as a stream (one entry at a time, so its reads are few to begin with), pieces joined. */
function encryptedSource(opened: Buffer | Readable | FileSource | PiecesSource): Buffer | Readable {
  if (Buffer.isBuffer(opened)) return opened;
  if (isFileSource(opened)) return createReadStream(opened.path, { highWaterMark: READ_CHUNK_BYTES });
  if (isPiecesSource(opened)) return Buffer.concat([...opened.pieces()]);
  return opened;
}

/**
 * An encrypted packet (AES-256, WinZip AE-1) is written by archiver with
 * archiver-zip-encrypted, one entry at a time: add() calls are queued.
 */
class EncryptedZipWriter implements Writer {
  private readonly archive: archiverModule.Archiver;
  private failure: Error | undefined;
  private pending: { resolve: () => void; reject: (err: Error) => void } | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly finished: Promise<void>;
  private readonly packetHash = new HashingStream();
  private packetDigest: string | undefined;

  constructor(private readonly output: WriteStream, private readonly options: ZipOptions & { password: string }) {
    useNativeCrc32();
    const archiver = require('archiver') as typeof archiverModule;
    if (!archiver.isRegisteredFormat(ENCRYPTED_FORMAT)) {
      // archiver-zip-encrypted is CommonJS without types; it plugs into archiver's own format registry.
      archiver.registerFormat(ENCRYPTED_FORMAT, require('archiver-zip-encrypted') as Parameters<typeof archiver.registerFormat>[1]);
    }
    this.archive = archiver.create(ENCRYPTED_FORMAT, { zlib: { level: options.level ?? 6 }, statConcurrency: 1, encryptionMethod: 'aes256', password: options.password } as archiverModule.ArchiverOptions);
    const fail = (err: Error): void => {
      this.failure ??= err;
      this.pending?.reject(err);
      this.pending = undefined;
    };
    this.archive.on('error', fail);
    this.archive.on('warning', fail);
    this.archive.on('entry', () => {
      this.pending?.resolve();
      this.pending = undefined;
    });
    this.finished = new Promise((resolve, reject) => {
      output.on('close', resolve);
      output.on('error', (err) => { fail(err); reject(err); });
    });
    this.finished.catch(() => undefined);
    this.archive.pipe(this.packetHash).pipe(output);
  }

  sha256(): string {
    this.packetDigest ??= this.packetHash.hash.digest('hex');
    return this.packetDigest;
  }

  add(name: string, source: EntrySource, store: boolean): Promise<ZipEntryResult> {
    const next = this.queue.then(() => this.addNow(name, source, store));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async addNow(name: string, given: EntrySource, store: boolean): Promise<ZipEntryResult> {
    if (this.failure) throw this.failure;
    const opened = typeof given === 'function' ? await given() : given;
    const source = encryptedSource(opened);
    const done = new Promise<void>((resolve, reject) => { this.pending = { resolve, reject }; });
    const data = { name, date: this.options.date, mode: 0o644, store };
    if (Buffer.isBuffer(source)) {
      this.archive.append(source, data);
      await done;
      return { size: source.length, sha256: createHash('sha256').update(source).digest('hex') };
    }
    const hashing = new HashingStream();
    source.on('error', (err) => hashing.destroy(err));
    this.archive.append(source.pipe(hashing), data);
    await done;
    return { size: hashing.size, sha256: hashing.hash.digest('hex') };
  }

  async finish(): Promise<number> {
    await this.queue;
    if (this.failure) throw this.failure;
    await this.archive.finalize();
    await this.finished;
    if (this.failure) throw this.failure;
    return this.archive.pointer();
  }

  abort(): void {
    this.archive.abort();
    this.packetHash.destroy();
    this.output.destroy();
  }
}

/**
 * A packet's ZIP written as a stream. Callers may keep up to ZIP_WINDOW add()
 * calls in flight: entries are written in call order, later ones read and
 * compressed meanwhile (on libuv's thread pool, so on both cores).
 */
export class ZipWriter implements Writer {
  private readonly impl: Writer;

  constructor(output: WriteStream, options: ZipOptions) {
    this.impl = options.password !== undefined
      ? new EncryptedZipWriter(output, { ...options, password: options.password })
      : new ParallelZipWriter(output, options);
  }

  /** SHA-256 (hex) of the whole archive as written; only after finish(). */
  sha256(): string { return this.impl.sha256(); }

  /** Add one entry; resolves once it is written, with the size and SHA-256 of exactly the bytes stored. */
  add(name: string, source: EntrySource, store: boolean): Promise<ZipEntryResult> { return this.impl.add(name, source, store); }

  /** Write the central directory and wait for the file to be closed; returns the archive size. */
  finish(): Promise<number> { return this.impl.finish(); }

  abort(): void { this.impl.abort(); }
}
