import { rm } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { Transform, type Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { describeError } from '../../util/errors.js';
import { isJunkDir, isJunkFile } from '../junk.js';
import { checkEntryName } from './entry-name.js';
import type { ArchiveBudget, ArchiveLimits } from './limits.js';
import { emptyOutcome, type RefusalReason, type UnpackOutcome } from './outcome.js';
import { byteLimiter, destinationFor, DiskFullError, LimitExceeded, writeEmptyEntry, writeEntry, type MadeDirs } from './write-entry.js';

/** yauzl exports this since 3.0; @types/yauzl (2.x) does not declare it. */
const decodeName = (yauzl as unknown as {
  getFileNameLowLevel(flags: number, raw: Buffer, extraFields: Entry['extraFields'], strict: boolean): string;
}).getFileNameLowLevel;

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;

/**
 * Unpack a ZIP into `destDir`. Names are decoded and judged here, entry by
 * entry (yauzl's own check would abandon the whole archive at the first bad
 * name); links, encrypted entries and oversized or over-compressed entries are
 * refused; CRC-32 is checked because yauzl leaves that to its caller.
 */
export async function unpackZip(absZip: string, destDir: string, limits: ArchiveLimits, budget: ArchiveBudget): Promise<UnpackOutcome> {
  const out = emptyOutcome();
  let zip: ZipFile;
  try {
    zip = await new Promise<ZipFile>((resolve, reject) =>
      yauzl.open(absZip, { lazyEntries: true, decodeStrings: false, autoClose: false }, (err, z) => (err ? reject(err) : resolve(z))));
  } catch (err) {
    out.unreadable = describeError(err);
    return out;
  }
  const written = new Set<string>();
  const made: MadeDirs = new Set();
  const refuse = (inner: string, reason: RefusalReason): void => { out.refused.push({ inner, reason }); };

  async function handle(entry: Entry): Promise<void> {
    const name = decodeName(entry.generalPurposeBitFlag, entry.fileName as unknown as Buffer, entry.extraFields, false);
    const checked = checkEntryName(name);
    if (!checked.ok) return refuse(name, checked.reason);
    const type = (entry.externalFileAttributes >>> 16) & S_IFMT;
    if (checked.isDirectory || type === S_IFDIR) return;
    if (type === S_IFLNK) return refuse(name, 'link');
    if (type !== 0 && type !== S_IFREG) return refuse(name, 'special-file');
    const segments = checked.path.split('/');
    if (segments.slice(0, -1).some(isJunkDir) || isJunkFile(segments.at(-1) ?? '')) return;
    if (entry.isEncrypted()) return refuse(name, 'encrypted');
    if (written.has(checked.path)) return refuse(name, 'duplicate-name');
    const declared = entry.uncompressedSize;
    if (declared > limits.maxEntryBytes) return refuse(name, 'too-large');
    const overBudget = budget.exceeded(declared);
    if (overBudget) return refuse(name, overBudget);
    if (declared > limits.ratioFloorBytes && declared > entry.compressedSize * limits.maxRatio) return refuse(name, 'compression-ratio');

    const mtimeMs = entry.getLastModDate().getTime();
    const openEntry = (): Promise<Readable> =>
      new Promise<Readable>((resolve, reject) => zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s))));
    // yauzl already stops at the declared size; this guards the budgets too.
    const limiter = byteLimiter((n) => {
      if (n > limits.maxEntryBytes) return new LimitExceeded('too-large');
      const over = budget.exceeded(n);
      return over ? new LimitExceeded(over) : undefined;
    });
    let crc = 0;
    const checksum = new Transform({ transform(chunk: Buffer, _e, done) { crc = crc32(chunk, crc); done(null, chunk); } });
    try {
      const target = destinationFor(destDir, checked.path);
      const size = declared === 0 && entry.compressedSize === 0
        ? await writeEmptyEntry(target, mtimeMs, made).then(() => 0)
        : await writeEntry(openEntry, [checksum, limiter], target, mtimeMs, made);
      if (crc >>> 0 !== entry.crc32 >>> 0) {
        await rm(target, { force: true });
        throw new Error('checksum mismatch: the entry is damaged');
      }
      budget.spend(size);
      written.add(checked.path);
      out.entries.push({ inner: checked.path, absPath: target, size, mtimeMs });
    } catch (err) {
      if (err instanceof LimitExceeded) return refuse(name, err.reason);
      if (err instanceof DiskFullError) throw err;
      const code = (err as { code?: unknown }).code;
      if (code === 'ENOTDIR' || code === 'EEXIST' || code === 'EISDIR') return refuse(name, 'name-conflict');
      out.damaged.push({ inner: checked.path, reason: describeError(err) });
    }
  }

  try {
    await new Promise<void>((resolve, reject) => {
      let seen = 0;
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: Entry) => {
        seen++;
        if (seen > limits.maxEntries) {
          out.refused.push({ inner: '', reason: 'too-many-entries', count: zip.entryCount - limits.maxEntries });
          resolve();
          return;
        }
        handle(entry).then(() => zip.readEntry(), reject);
      });
      zip.readEntry();
    });
  } catch (err) {
    if (err instanceof DiskFullError) throw err;
    // The directory broke part-way: what was unpacked so far is still scanned.
    out.unreadable = describeError(err);
  } finally {
    zip.close();
  }
  return out;
}
