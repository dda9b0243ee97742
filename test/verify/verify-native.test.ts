import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { ZipReader, type FileEntry } from '@zip.js/zip.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileHandleReader } from '../../src/verify/file-reader.js';
import { nativelyReadable, nativeSha256 } from '../../src/verify/native-entry.js';
import { InflateGuard } from '../../src/verify/zip-limits.js';
import { ZipWriter } from '../../src/write/zip.js';
import { makeTempDir } from '../support/tree.js';

const text = Buffer.from('a line of a report that deflate shrinks well\n'.repeat(4000));
const large = Buffer.alloc(9 * 1024 * 1024);
for (let i = 0; i < large.length; i += 4) large.writeUInt32LE((i * 2654435761) >>> 0 & 0x0f0f0f0f, i);
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

async function entriesOf(file: string): Promise<{ reader: FileHandleReader; entries: FileEntry[]; close: () => Promise<void> }> {
  const reader = new FileHandleReader(file);
  const zip = new ZipReader(reader);
  const entries = (await zip.getEntries()).filter((e): e is FileEntry => !e.directory);
  return { reader, entries, close: async () => { await zip.close(); await reader.close(); } };
}

describe('verify reading entries with native inflate', () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  let file: string;
  beforeAll(async () => {
    tmp = await makeTempDir();
    file = path.join(tmp.dir, 'p.zip');
    const zip = new ZipWriter(createWriteStream(file), { date: new Date(Date.UTC(2025, 0, 1)) });
    await Promise.all([zip.add('text.txt', text, false), zip.add('stored.bin', Buffer.from('x'.repeat(100)), true), zip.add('large.bin', Readable.from([large]), false)]);
    await zip.finish();
  });
  afterAll(() => tmp.cleanup());

  it('gives the SHA-256 of each entry as written, deflated, stored or streamed with a data descriptor', async () => {
    const { reader, entries, close } = await entriesOf(file);
    try {
      const got = new Map<string, string>();
      for (const entry of entries) {
        expect(nativelyReadable(entry)).toBe(true);
        got.set(entry.filename, await nativeSha256(file, reader.fileHandle, entry, new InflateGuard(1e9)));
      }
      expect(Object.fromEntries(got)).toEqual({ 'text.txt': sha(text), 'stored.bin': sha(Buffer.from('x'.repeat(100))), 'large.bin': sha(large) });
    } finally {
      await close();
    }
  });

  it('fails on one flipped byte inside a deflated entry', async () => {
    const damaged = path.join(tmp.dir, 'damaged.zip');
    const bytes = await readFile(file);
    const { entries, close } = await entriesOf(file);
    const entry = entries.find((e) => e.filename === 'text.txt') as FileEntry;
    await close();
    const at = entry.offset + 30 + Buffer.byteLength('text.txt') + Math.floor(entry.compressedSize / 2);
    bytes[at] = (bytes[at] as number) ^ 0x10;
    await writeFile(damaged, bytes);
    const opened = await entriesOf(damaged);
    try {
      const target = opened.entries.find((e) => e.filename === 'text.txt') as FileEntry;
      await expect(nativeSha256(damaged, opened.reader.fileHandle, target, new InflateGuard(1e9))).rejects.toThrow();
    } finally {
      await opened.close();
    }
  });
});
