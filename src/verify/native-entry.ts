import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import zlib from 'node:zlib';
import type { FileEntry } from '@zip.js/zip.js';
import type { InflateGuard } from './zip-limits.js';

const METHOD_STORE = 0;
const METHOD_DEFLATE = 8;
const LOCAL_HEADER_BYTES = 30;
/** Big reads: one per MB rather than zip.js's zero-filled half-MB buffer per read. */
const READ_BYTES = 1024 * 1024;

const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/**
 * Whether an entry can be checked without zip.js: not encrypted, stored or
 * deflated, and zlib's native CRC-32 at hand (Node 20.15+). Encrypted packets
 * still go through zip.js, which decrypts.
 */
export function nativelyReadable(entry: FileEntry): boolean {
  return typeof nativeCrc32 === 'function' && !entry.encrypted
    && (entry.compressionMethod === METHOD_STORE || entry.compressionMethod === METHOD_DEFLATE);
}

/** Where an entry's data begins: after its local header, whose name and extra field lengths may differ from the central directory's. */
async function dataOffset(handle: FileHandle, entry: FileEntry): Promise<number> {
  const header = Buffer.allocUnsafe(LOCAL_HEADER_BYTES);
  const { bytesRead } = await handle.read(header, 0, LOCAL_HEADER_BYTES, entry.offset);
  if (bytesRead < LOCAL_HEADER_BYTES || header.readUInt32LE(0) !== 0x04034b50) throw new Error('the local file header is missing');
  return entry.offset + LOCAL_HEADER_BYTES + header.readUInt16LE(26) + header.readUInt16LE(28);
}

/**
 * An entry's SHA-256 read straight from the file: its compressed bytes stream
 * in 1 MB reads through zlib's native inflate (on libuv's thread pool, so
 * hashing the previous chunk overlaps inflating the next), and its CRC-32 and
 * size are checked against the central directory as zip.js would.
 */
export async function nativeSha256(file: string, handle: FileHandle, entry: FileEntry, guard: InflateGuard): Promise<string> {
  const crc32 = nativeCrc32 as (data: Uint8Array, value?: number) => number;
  const start = await dataOffset(handle, entry);
  const hash = createHash('sha256');
  let crc = 0;
  let size = 0;
  if (entry.compressedSize > 0) {
    const raw = createReadStream(file, { start, end: start + entry.compressedSize - 1, highWaterMark: READ_BYTES });
    const data = entry.compressionMethod === METHOD_DEFLATE ? raw.pipe(zlib.createInflateRaw({ chunkSize: 256 * 1024 })) : raw;
    raw.on('error', (err) => data.destroy(err));
    for await (const chunk of data as AsyncIterable<Buffer>) {
      guard.count(entry, size, chunk);
      size += chunk.length;
      crc = crc32(chunk, crc);
      hash.update(chunk);
    }
  }
  if (size !== entry.uncompressedSize) throw new Error(`the entry holds ${size} bytes, not the ${entry.uncompressedSize} it declares`);
  if ((crc >>> 0) !== ((entry.crc32 ?? entry.signature ?? 0) >>> 0)) throw new Error('the entry\'s CRC-32 does not match');
  return hash.digest('hex');
}
