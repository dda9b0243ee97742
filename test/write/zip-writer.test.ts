import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZIP_WINDOW, ZipWriter, type EntrySource } from '../../src/write/zip.js';
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

  // 20 MB each: past the size the writer holds whole, so these stream through a ZIP64 data descriptor.
  const big = (seed: number): Buffer => {
    const text = Buffer.alloc(20 * 1024 * 1024);
    for (let i = 0; i < text.length; i += 64) text.write(`line ${seed} ${i} of a long compressible report\n`.padEnd(64, '.'), i);
    return text;
  };
  const noise = randomBytes(12 * 1024 * 1024);

  async function writeMany(file: string): Promise<{ name: string; size: number; sha256: string }[]> {
    const zip = new ZipWriter(createWriteStream(file), { date: DATE });
    const names = ['big-text.txt', 'noise.bin', 'small-1.txt', 'noise-head.bin', 'small-2.txt', 'opened-late.txt'];
    // All added at once, as the build keeps several in flight: the ZIP must still hold them in this order.
    const adding = [
      zip.add(names[0] as string, Readable.from([big(1)]), false),
      zip.add(names[1] as string, Readable.from([noise.subarray(0, 6e6), noise.subarray(6e6)]), false),
      zip.add(names[2] as string, Buffer.from('one '.repeat(50)), false),
      zip.add(names[3] as string, Buffer.from(noise.subarray(0, 1024 * 1024)), false),
      zip.add(names[4] as string, Readable.from([Buffer.from('two')]), false),
      zip.add(names[5] as string, async () => { await new Promise((r) => setTimeout(r, 20)); return Buffer.from('late '.repeat(100)); }, false),
    ];
    const results = await Promise.all(adding);
    await zip.finish();
    return results.map((r, i) => ({ name: names[i] as string, ...r }));
  }

  it.skipIf(!hasTool('unzip') || !hasTool('7z'))('writes entries added together in call order, streams large ones, stores what does not compress', async () => {
    const file = path.join(tmp.dir, 'many.zip');
    const results = await writeMany(file);
    expect(results[0]).toMatchObject({ size: 20 * 1024 * 1024, sha256: createHash('sha256').update(big(1)).digest('hex') });
    expect(results[1]).toMatchObject({ size: noise.length, sha256: createHash('sha256').update(noise).digest('hex') });
    const listing = run('unzip', ['-v', file]).stdout;
    const order = [...listing.matchAll(/ (\S+)$/gm)].map((m) => m[1]).filter((n) => /\.(txt|bin)$/.test(n ?? ''));
    expect(order).toEqual(results.map((r) => r.name));
    expect(listing).toMatch(/Defl:N .*big-text\.txt/);
    expect(listing).toMatch(/Stored .*noise\.bin/);
    expect(listing).toMatch(/Stored .*noise-head\.bin/);
    expect(listing).toMatch(/Defl:N .*opened-late\.txt/);
    expect(run('unzip', ['-t', file]).status).toBe(0);
    expect(run('7z', ['t', file]).status).toBe(0);
    for (const name of ['big-text.txt', 'noise.bin']) {
      const extracted = execFileSync('unzip', ['-p', file, name], { maxBuffer: 64 * 1024 * 1024 });
      expect(createHash('sha256').update(extracted).digest('hex')).toBe(results.find((r) => r.name === name)?.sha256);
    }
    await writeMany(path.join(tmp.dir, 'many-again.zip'));
    expect((await readFile(file)).equals(await readFile(path.join(tmp.dir, 'many-again.zip')))).toBe(true);
  });

  describe('files it reads itself, into reused buffers', () => {
    // Sizes around the whole/streamed boundary and the 1 MB read size; compressible text, noise (stored) and empty.
    const fileSpecs: { name: string; bytes: Buffer }[] = [];
    beforeAll(async () => {
      const text = (seed: number, size: number): Buffer => {
        const out = Buffer.alloc(size);
        for (let i = 0; i < size; i += 48) out.write(`entry ${seed} line ${i} of a report\n`.padEnd(48, '-'), i);
        return out;
      };
      const sizes = [0, 1, 700_000, 1024 * 1024, 1024 * 1024 + 1, 8 * 1024 * 1024, 8 * 1024 * 1024 + 1, 8.5 * 1024 * 1024, 11 * 1024 * 1024 + 5];
      sizes.forEach((size, i) => fileSpecs.push({ name: `text-${i}.txt`, bytes: text(i, size) }));
      for (let i = 0; i < 24; i++) fileSpecs.push({ name: `noise-${i}.bin`, bytes: randomBytes(200_000 + i * 37_000) });
      for (let i = 0; i < 24; i++) fileSpecs.push({ name: `small-${i}.txt`, bytes: text(100 + i, 300_000 + i * 11_000) });
      fileSpecs.push({ name: 'noise-big.bin', bytes: randomBytes(10 * 1024 * 1024) });
      for (const spec of fileSpecs) await writeFile(path.join(tmp.dir, spec.name), spec.bytes);
    });

    /** Adds every file the way the build does: up to ZIP_WINDOW in flight, each opened when its turn comes. */
    async function zipFiles(file: string, source: (name: string) => EntrySource): Promise<{ name: string; size: number; sha256: string }[]> {
      const zip = new ZipWriter(createWriteStream(file), { date: DATE });
      const results: { name: string; size: number; sha256: string }[] = [];
      const inFlight: { name: string; added: Promise<{ size: number; sha256: string }> }[] = [];
      for (const spec of fileSpecs) {
        inFlight.push({ name: spec.name, added: zip.add(spec.name, source(path.join(tmp.dir, spec.name)), false) });
        if (inFlight.length >= ZIP_WINDOW) {
          const oldest = inFlight.shift() as (typeof inFlight)[number];
          results.push({ name: oldest.name, ...(await oldest.added) });
        }
      }
      for (const { name, added } of inFlight) results.push({ name, ...(await added) });
      await zip.finish();
      return results;
    }

    it('writes the same bytes as when the file is given as a stream of 1 MB reads', async () => {
      const fromFiles = path.join(tmp.dir, 'from-files.zip');
      const fromStreams = path.join(tmp.dir, 'from-streams.zip');
      const results = await zipFiles(fromFiles, (file) => async () => ({ kind: 'file', path: file }));
      await zipFiles(fromStreams, (file) => async () => createReadStream(file, { highWaterMark: 1024 * 1024 }));
      expect((await readFile(fromFiles)).equals(await readFile(fromStreams))).toBe(true);
      for (const [i, spec] of fileSpecs.entries()) {
        expect(results[i]).toEqual({ name: spec.name, size: spec.bytes.length, sha256: createHash('sha256').update(spec.bytes).digest('hex') });
      }
    });

    // A buffer given back to the pool before the output (or deflate) was done with it would be read into again: another entry's bytes.
    it.skipIf(!hasTool('unzip'))('packs each entry\'s own bytes although its buffer is reused', async () => {
      const file = path.join(tmp.dir, 'reused.zip');
      await zipFiles(file, (name) => ({ kind: 'file', path: name }));
      expect(run('unzip', ['-t', file]).status).toBe(0);
      const listing = run('unzip', ['-v', file]).stdout;
      expect(listing).toMatch(/Stored .*noise-3\.bin/);
      expect(listing).toMatch(/Stored .*noise-big\.bin/);
      expect(listing).toMatch(/Defl:N .*text-8\.txt/);
      for (const spec of fileSpecs) {
        const extracted = execFileSync('unzip', ['-p', file, spec.name], { maxBuffer: 64 * 1024 * 1024 });
        expect(extracted.equals(spec.bytes), spec.name).toBe(true);
      }
    });
  });

  // A manifest is made in pieces and never joined: the packet must hold the bytes the joined Buffer gives.
  it('writes generated pieces as the same bytes as the joined Buffer, deflated or stored', async () => {
    const text = Array.from({ length: 3000 }, (_, i) => Buffer.from(`{ "path": "Imaging/${i}.dcm", "size": ${i * 7} },\n`));
    const noise = [randomBytes(300_000), randomBytes(5), randomBytes(70_000)];
    const cases: { name: string; pieces: Buffer[]; store: boolean }[] = [
      { name: 'text.json', pieces: text, store: false },
      { name: 'text-stored.json', pieces: text, store: true },
      { name: 'noise.bin', pieces: noise, store: false },
      { name: 'empty.txt', pieces: [], store: false },
      { name: 'one.txt', pieces: [Buffer.from('x')], store: false },
    ];
    const write = async (file: string, asPieces: boolean): Promise<{ size: number; sha256: string }[]> => {
      const zip = new ZipWriter(createWriteStream(file), { date: DATE });
      const results = [];
      for (const c of cases) results.push(await zip.add(c.name, asPieces ? { kind: 'pieces', pieces: () => c.pieces } : Buffer.concat(c.pieces), c.store));
      await zip.finish();
      return results;
    };
    const fromPieces = await write(path.join(tmp.dir, 'pieces.zip'), true);
    const fromBuffers = await write(path.join(tmp.dir, 'joined.zip'), false);
    expect(fromPieces).toEqual(fromBuffers);
    expect((await readFile(path.join(tmp.dir, 'pieces.zip'))).equals(await readFile(path.join(tmp.dir, 'joined.zip')))).toBe(true);
    if (hasTool('unzip')) {
      const listing = run('unzip', ['-v', path.join(tmp.dir, 'pieces.zip')]).stdout;
      expect(listing).toMatch(/Defl:N .*text\.json/);
      expect(listing).toMatch(/Stored .*text-stored\.json/);
      expect(listing).toMatch(/Stored .*noise\.bin/);
      expect(run('unzip', ['-t', path.join(tmp.dir, 'pieces.zip')]).status).toBe(0);
    }
  });

  // archiver writes encrypted packets and takes streams and Buffers only: a file and generated pieces reach it as those.
  it.skipIf(!hasTool('7z'))('packs a file and generated pieces into an encrypted packet too', async () => {
    const file = path.join(tmp.dir, 'encrypted.zip');
    const source = path.join(tmp.dir, 'to-encrypt.txt');
    const fileBytes = Buffer.from('a line of a report\n'.repeat(50_000));
    await writeFile(source, fileBytes);
    const pieces = [Buffer.from('{ "a": 1,'), Buffer.from(' "b": 2 }\n')];
    const zip = new ZipWriter(createWriteStream(file), { date: DATE, password: 'a long enough password' });
    const fromFile = await zip.add('report.txt', async () => ({ kind: 'file', path: source }), false);
    const fromPieces = await zip.add('made.json', { kind: 'pieces', pieces: () => pieces }, false);
    await zip.finish();
    expect(fromFile).toEqual({ size: fileBytes.length, sha256: createHash('sha256').update(fileBytes).digest('hex') });
    expect(fromPieces).toEqual({ size: 19, sha256: createHash('sha256').update(Buffer.concat(pieces)).digest('hex') });
    expect(execFileSync('7z', ['x', '-so', '-pa long enough password', file, 'report.txt'], { maxBuffer: 16 * 1024 * 1024 }).equals(fileBytes)).toBe(true);
    expect(execFileSync('7z', ['x', '-so', '-pa long enough password', file, 'made.json']).toString()).toBe('{ "a": 1, "b": 2 }\n');
  });

  // A large file is opened ahead of its turn; when the packet cannot be written it must be closed, not left to GC (which warns).
  it.skipIf(process.platform !== 'linux')('closes a file it opened for streaming when the output fails', async () => {
    const source = path.join(tmp.dir, 'large-source.bin');
    await writeFile(source, Buffer.alloc(12 * 1024 * 1024, 1));
    const openOnSource = async (): Promise<number> => {
      const { readdir, readlink } = await import('node:fs/promises');
      const links = await Promise.all((await readdir('/proc/self/fd')).map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
      return links.filter((target) => target === source).length;
    };
    const zip = new ZipWriter(createWriteStream(path.join(tmp.dir, 'no-such-folder', 'out.zip')), { date: DATE });
    const adding = [zip.add('first.bin', { kind: 'file', path: source }, false), zip.add('second.bin', { kind: 'file', path: source }, true)];
    const settled = await Promise.allSettled(adding);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    expect(await openOnSource()).toBe(0);
  });
});
