import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Finding } from '../../src/model/finding.js';
import { scanCase } from '../../src/pipeline/scan.js';
import { expandArchives, expandedFilePath, releaseExpandedArchives } from '../../src/walk/archive/index.js';
import { corpusAvailable } from '../support/corpus.js';
import { makeZip } from '../support/fuzz-zip.js';
import { CORPUS_DIR, hashTree, makeTempDir } from '../support/tree.js';

/**
 * Issue 13, B4/B5/B8: archive budgets and temp-disk faults. Every file the
 * expander writes goes through createPrivateWriteStream; it is wrapped here to
 * count the bytes written to the temp folder (B4, B5) or to make the write
 * fail as a full disk does (B8: /dev/full answers every write with ENOSPC).
 */
const io = vi.hoisted(() => ({ written: 0, failWrites: false }));
vi.mock('../../src/util/tempdir.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/util/tempdir.js')>();
  return {
    ...real,
    createPrivateWriteStream(filePath: string): WriteStream {
      if (io.failWrites) return createWriteStream('/dev/full');
      const stream = real.createPrivateWriteStream(filePath);
      const counted = stream as unknown as { _write: WriteStream['_write']; _writev?: WriteStream['_writev'] };
      const write = counted._write.bind(stream);
      counted._write = (chunk: Buffer, encoding, done) => { io.written += chunk.length; write(chunk, encoding, done); };
      const writev = counted._writev?.bind(stream);
      if (writev) {
        counted._writev = (chunks, done) => {
          for (const c of chunks) io.written += (c.chunk as Buffer).length;
          writev(chunks, done);
        };
      }
      return stream;
    },
  };
});

const MiB = 1024 * 1024;
let temp: { dir: string; cleanup: () => Promise<void> };
let caseDir: string;
let tmpDir: string;
let savedTmp: string | undefined;
beforeEach(async () => {
  temp = await makeTempDir('casepack-budget-');
  caseDir = path.join(temp.dir, 'case');
  tmpDir = path.join(temp.dir, 'tmp');
  await mkdir(caseDir);
  await mkdir(tmpDir);
  // A private TMPDIR, so the test can see what the expander leaves in it.
  savedTmp = process.env['TMPDIR'];
  process.env['TMPDIR'] = tmpDir;
  io.written = 0;
  io.failWrites = false;
});
afterEach(async () => {
  io.failWrites = false;
  await releaseExpandedArchives(caseDir);
  if (savedTmp === undefined) delete process.env['TMPDIR'];
  else process.env['TMPDIR'] = savedTmp;
  await temp.cleanup();
});

const refused = (findings: Finding[]): Finding[] => findings.filter((f) => f.code === 'ARCHIVE_ENTRY_REFUSED');
const fromArchive = (files: { path: string; fromArchive?: string }[]): string[] => files.filter((f) => f.fromArchive).map((f) => f.path);

/** A ZIP of `count` entries of `size` zero bytes each: every entry stays under the per-entry ratio floor. */
function zerosZip(count: number, size: number): Buffer {
  return makeZip(Array.from({ length: count }, (_, i) => ({ name: `z${String(i).padStart(3, '0')}.bin`, data: Buffer.alloc(size), deflate: true })));
}

describe('archive budgets (issue 13)', () => {
  it('B4: a ZIP of many 15 MiB zero entries unpacks only up to its expansion budget, naming the archive', async () => {
    await writeFile(path.join(caseDir, 'bomb.zip'), zerosZip(8, 15 * MiB));
    await writeFile(path.join(caseDir, 'note.txt'), 'the run goes on');
    const before = await hashTree(caseDir);
    const scan = await scanCase(caseDir);
    // Default budget: max(40 × ~120 KB, 64 MiB) = 64 MiB, so four 15 MiB entries fit and four do not.
    expect(io.written).toBeLessThanOrEqual(64 * MiB);
    const findings = refused(scan.findings);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ paths: ['bomb.zip'], details: { reason: 'archive-expansion', count: 4, archive: 'bomb.zip' } });
    expect(findings[0]!.hint).toMatch(/by hand/);
    // What fit was unpacked and is kept (scanned as part of the case), the rest was never written.
    expect(fromArchive(scan.files)).toEqual(['bomb.zip!/z000.bin', 'bomb.zip!/z001.bin', 'bomb.zip!/z002.bin', 'bomb.zip!/z003.bin']);
    expect(scan.files.map((f) => f.path)).toContain('note.txt');
    expect(await hashTree(caseDir)).toBe(before);
  });

  it('B4: the expansion budget scales with the archive, so a larger honest archive is unpacked whole', async () => {
    // 1 MiB of noise does not compress, so the archive allows 40 × ~1 MiB, far above this 1 MiB floor.
    const noise = Buffer.alloc(MiB);
    for (let i = 0; i < noise.length; i += 4) noise.writeUInt32LE((Math.imul(i, 2654435761) ^ (i >>> 7)) >>> 0, i);
    await writeFile(path.join(caseDir, 'mixed.zip'), makeZip([
      { name: 'noise.bin', data: noise },
      ...Array.from({ length: 6 }, (_, i) => ({ name: `blank${i}.bin`, data: Buffer.alloc(5 * MiB), deflate: true })),
    ]));
    const scan = await scanCase(caseDir, { archives: { archiveFloorBytes: MiB } });
    expect(refused(scan.findings)).toEqual([]);
    expect(fromArchive(scan.files)).toHaveLength(7);
  });

  it('B5: a gzip of zeros is stopped at the expansion budget while it streams, and its partial output removed', async () => {
    // 32 gzip members of 16 MiB zeros: 512 MiB unpacked from ~0.5 MB, one stream to gunzip.
    const member = gzipSync(Buffer.alloc(16 * MiB));
    await writeFile(path.join(caseDir, 'zeros.bin.gz'), Buffer.concat(Array.from({ length: 32 }, () => member)));
    const scan = await scanCase(caseDir);
    // Before: stopped only by the per-entry ratio, 250 × 0.5 MB = 125 MB written. Now the 64 MiB budget.
    expect(io.written).toBeLessThanOrEqual(64 * MiB + MiB);
    expect(refused(scan.findings)).toMatchObject([{ paths: ['zeros.bin.gz'], details: { reason: 'archive-expansion', count: 1 } }]);
    expect(fromArchive(scan.files)).toEqual([]);
    const left = await readdir(tmpDir, { recursive: true, withFileTypes: true });
    expect(left.filter((d) => d.isFile())).toEqual([]);
  });

  it('refuses what would leave the temp disk with less than the free-space margin', async () => {
    await writeFile(path.join(caseDir, 'a.zip'), makeZip([{ name: 'one.txt', data: 'one' }]));
    const scan = await scanCase(caseDir, { archives: { minFreeBytes: Number.MAX_SAFE_INTEGER } });
    expect(refused(scan.findings)).toMatchObject([{ paths: ['a.zip'], details: { reason: 'disk-space', count: 1 } }]);
    expect(refused(scan.findings)[0]!.hint).toMatch(/TMPDIR/);
    expect(fromArchive(scan.files)).toEqual([]);
  });

  it('an archive inside an archive is listed, not unpacked, and its bytes count against the outer budget', async () => {
    const inner = zerosZip(4, 15 * MiB);
    await writeFile(path.join(caseDir, 'outer.zip'), makeZip([{ name: 'inner.zip', data: inner }, { name: 'after.bin', data: Buffer.alloc(4096, 1) }]));
    const scan = await scanCase(caseDir, { archives: { archiveFloorBytes: inner.length + 1000, maxArchiveRatio: 0.5 } });
    expect(fromArchive(scan.files)).toEqual(['outer.zip!/inner.zip']);
    expect(refused(scan.findings)).toMatchObject([{ paths: ['outer.zip'], details: { reason: 'archive-expansion', count: 1 } }]);
    expect(io.written).toBe(inner.length);
  });
});

describe('many small entries', () => {
  it('unpacks empty entries (the fast path for 50,000-entry bombs) with the archive date and owner-only mode', async () => {
    await writeFile(path.join(caseDir, 'e.zip'), makeZip([
      { name: 'dir/empty1.txt', data: '' }, { name: 'dir/empty2.txt', data: '' }, { name: 'dir/bad.txt', data: '', crc: 99 }, { name: 'dir/full.txt', data: 'x' },
    ]));
    const scan = await scanCase(caseDir);
    expect(fromArchive(scan.files)).toEqual(['e.zip!/dir/empty1.txt', 'e.zip!/dir/empty2.txt', 'e.zip!/dir/full.txt']);
    expect(scan.findings.filter((f) => f.code === 'ARCHIVE_UNREADABLE').map((f) => f.paths)).toEqual([['e.zip!/dir/bad.txt']]);
    const empty = expandedFilePath(caseDir, 'e.zip!/dir/empty1.txt')!;
    const info = await stat(empty);
    expect([info.size, info.mode & 0o777, new Date(info.mtimeMs).getFullYear()]).toEqual([0, 0o600, 2024]);
    // The damaged entry's file is not left behind in the temp folder.
    expect((await readdir(path.dirname(empty))).sort()).toEqual(['empty1.txt', 'empty2.txt', 'full.txt']);
  });
});

describe('a full temp disk while unpacking (issue 13, B8)', () => {
  it('ends the run with the disk error (ENOSPC), not "damaged, download it again", and removes the unpack folder', async () => {
    await writeFile(path.join(caseDir, 'portal.zip'), makeZip([{ name: 'report.txt', data: 'Pathology report', deflate: true }]));
    io.failWrites = true;
    await expect(scanCase(caseDir)).rejects.toMatchObject({ code: 'ENOSPC', name: 'DiskFullError' });
    expect(await readdir(tmpDir)).toEqual([]);
  });

  it('the same for a gzip', async () => {
    await writeFile(path.join(caseDir, 'report.txt.gz'), gzipSync('Discharge summary'));
    io.failWrites = true;
    await expect(scanCase(caseDir)).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(await readdir(tmpDir)).toEqual([]);
  });
});

describe.skipIf(!corpusAvailable)('real exports still unpack', () => {
  it('a ZIP of the real DICOM corpus folder unpacks whole with the default limits', async () => {
    const dicomDir = path.join(CORPUS_DIR, 'dicom');
    const names = (await readdir(dicomDir, { recursive: true, withFileTypes: true })).filter((d) => d.isFile())
      .map((d) => path.relative(dicomDir, path.join(d.parentPath, d.name)).split(path.sep).join('/')).sort();
    const entries = await Promise.all(names.map(async (name) => ({ name: `DICOM/${name}`, data: await readFile(path.join(dicomDir, name)) })));
    const zip = makeZip(entries.map((e) => ({ ...e, deflate: true })));
    await writeFile(path.join(caseDir, 'export.zip'), zip);
    // The expander alone (probing 85 DICOM files would only add time): every entry unpacked, nothing refused.
    const zipPath = path.join(caseDir, 'export.zip');
    const expansion = await expandArchives([caseDir], [{ path: 'export.zip', absPath: zipPath, size: zip.length, mtimeMs: 0, format: 'zip' }]);
    expect(expansion.findings).toEqual([]);
    expect(expansion.files).toHaveLength(names.length);
    // Real exports deflate 1.1–2.4x; far inside the 40x budget.
    expect(entries.reduce((n, e) => n + e.data.length, 0) / zip.length).toBeLessThan(5);
  });
});
