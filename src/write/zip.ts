import { createHash } from 'node:crypto';
import type { WriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import { Transform, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import archiver from 'archiver';

const require = createRequire(import.meta.url);
const ENCRYPTED_FORMAT = 'zip-encrypted';

type Crc32Module = { buf: (data: Uint8Array, seed?: number) => number; casepackNative?: boolean };

/**
 * archiver computes every entry's CRC-32 with the pure-JS `crc-32` package
 * (~0.3 GB/s here), the largest CPU cost of packing gigabytes of DICOM and
 * slides. Node 20.15+ ships zlib's native crc32 (~2.7 GB/s) with the same
 * result, so the shared module's `buf` is pointed at it. unzip -t and 7z t in
 * the tests check every CRC written.
 */
function useNativeCrc32(): void {
  const native = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;
  if (typeof native !== 'function') return;
  const crc = require('crc-32') as Crc32Module;
  if (crc.casepackNative) return;
  crc.buf = (data, seed) => native(data, (seed ?? 0) >>> 0) | 0;
  crc.casepackNative = true;
}

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

function registerEncryptedFormat(): void {
  if (archiver.isRegisteredFormat(ENCRYPTED_FORMAT)) return;
  // archiver-zip-encrypted is CommonJS without types; it plugs into archiver's own format registry.
  archiver.registerFormat(ENCRYPTED_FORMAT, require('archiver-zip-encrypted') as Parameters<typeof archiver.registerFormat>[1]);
}

/**
 * A ZIP written as a stream, one entry at a time: archiver with statConcurrency
 * 1 keeps the entry order fixed; fixed dates and modes make it byte-identical
 * run to run; ZIP64 switches on by itself past 4 GB; names are UTF-8.
 */
export class ZipWriter {
  private readonly archive: archiver.Archiver;
  private failure: Error | undefined;
  private pending: { resolve: () => void; reject: (err: Error) => void } | undefined;
  private readonly finished: Promise<void>;
  /** Hashes the archive's bytes on their way to the file: the packet's own SHA-256 without reading it back. */
  private readonly packetHash = new HashingStream();
  private packetDigest: string | undefined;

  constructor(private readonly output: WriteStream, private readonly options: ZipOptions) {
    useNativeCrc32();
    const deflate = { level: options.level ?? 6 };
    if (options.password !== undefined) {
      registerEncryptedFormat();
      this.archive = archiver.create(ENCRYPTED_FORMAT, { zlib: deflate, statConcurrency: 1, encryptionMethod: 'aes256', password: options.password } as archiver.ArchiverOptions);
    } else {
      this.archive = archiver('zip', { zlib: deflate, statConcurrency: 1 });
    }
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
    // Awaited in finish(); an output error before then (disk full) reaches add() through fail(),
    // and must not also surface as an unhandled rejection that kills the process.
    this.finished.catch(() => undefined);
    this.archive.pipe(this.packetHash).pipe(output);
  }

  /** SHA-256 (hex) of the whole archive as written; only after finish(). */
  sha256(): string {
    this.packetDigest ??= this.packetHash.hash.digest('hex');
    return this.packetDigest;
  }

  /** Add one entry and wait until it is fully written (bounded memory: one entry in flight). */
  async add(name: string, source: Buffer | Readable, store: boolean): Promise<ZipEntryResult> {
    if (this.failure) throw this.failure;
    let result: ZipEntryResult;
    const done = new Promise<void>((resolve, reject) => { this.pending = { resolve, reject }; });
    const data = { name, date: this.options.date, mode: 0o644, store };
    if (Buffer.isBuffer(source)) {
      result = { size: source.length, sha256: createHash('sha256').update(source).digest('hex') };
      this.archive.append(source, data);
      await done;
    } else {
      const hashing = new HashingStream();
      source.on('error', (err) => hashing.destroy(err));
      this.archive.append(source.pipe(hashing), data);
      await done;
      result = { size: hashing.size, sha256: hashing.hash.digest('hex') };
    }
    return result;
  }

  /** Write the central directory and wait for the file to be closed; returns the archive size. */
  async finish(): Promise<number> {
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
