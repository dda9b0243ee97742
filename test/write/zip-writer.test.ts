import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZipWriter } from '../../src/write/zip.js';
import { hasTool, run } from '../support/packet-tools.js';
import { makeTempDir } from '../support/tree.js';

const DATE = new Date(Date.UTC(2025, 4, 6, 7, 8, 10));

async function writeZip(file: string): Promise<{ name: string; size: number; sha256: string }[]> {
  const zip = new ZipWriter(createWriteStream(file), { date: DATE });
  const results = [];
  results.push({ name: 'a.txt', ...(await zip.add('a.txt', Buffer.from('hello '.repeat(1000)), false)) });
  results.push({ name: 'dir/b.bin', ...(await zip.add('dir/b.bin', Readable.from([Buffer.alloc(70_000, 7), Buffer.alloc(10, 1)]), true)) });
  results.push({ name: 'ünïcode.txt', ...(await zip.add('ünïcode.txt', Buffer.from('x'), false)) });
  await zip.finish();
  return results;
}

describe('ZipWriter', () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  beforeAll(async () => { tmp = await makeTempDir(); });
  afterAll(() => tmp.cleanup());

  it('hashes exactly the bytes it stores', async () => {
    const results = await writeZip(path.join(tmp.dir, 'a.zip'));
    expect(results[1]).toEqual({ name: 'dir/b.bin', size: 70_010, sha256: createHash('sha256').update(Buffer.concat([Buffer.alloc(70_000, 7), Buffer.alloc(10, 1)])).digest('hex') });
  });

  it('is byte-identical run to run and in any time zone', async () => {
    const before = process.env['TZ'];
    try {
      process.env['TZ'] = 'Asia/Kolkata';
      await writeZip(path.join(tmp.dir, 'tz1.zip'));
      process.env['TZ'] = 'America/Los_Angeles';
      await writeZip(path.join(tmp.dir, 'tz2.zip'));
    } finally {
      if (before === undefined) delete process.env['TZ']; else process.env['TZ'] = before;
    }
    expect((await readFile(path.join(tmp.dir, 'tz1.zip'))).equals(await readFile(path.join(tmp.dir, 'tz2.zip')))).toBe(true);
  });

  it.skipIf(!hasTool('unzip'))('stores or deflates per entry, with fixed times and UTF-8 names', async () => {
    const file = path.join(tmp.dir, 'methods.zip');
    await writeZip(file);
    const listing = run('unzip', ['-v', file]).stdout;
    expect(listing).toMatch(/Defl:N .*a\.txt/);
    expect(listing).toMatch(/Stored .*dir\/b\.bin/);
    expect(listing).toContain('ünïcode.txt');
    expect(listing).toContain('2025-05-06 07:08');
    expect(run('unzip', ['-t', file]).status).toBe(0);
  });
});
