import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import { describeError } from '../../util/errors.js';
import { checkEntryName } from './entry-name.js';
import type { ArchiveBudget, ArchiveLimits } from './limits.js';
import { emptyOutcome, type UnpackOutcome } from './outcome.js';
import { byteLimiter, destinationFor, DiskFullError, LimitExceeded, writeEntry } from './write-entry.js';

/**
 * Unpack a gzip file (one compressed file, e.g. `scan.dcm.gz`). gzip stores
 * no trustworthy size, so the limits are enforced on the bytes as they come.
 */
export async function unpackGzip(absGz: string, archiveName: string, packedSize: number, fallbackMtimeMs: number,
  destDir: string, limits: ArchiveLimits, budget: ArchiveBudget): Promise<UnpackOutcome> {
  const out = emptyOutcome();
  const header = await readHeader(absGz).catch(() => undefined);
  const inner = innerName(header?.name, archiveName);
  const mtimeMs = header?.mtimeMs || fallbackMtimeMs;
  const ratioCap = Math.max(limits.ratioFloorBytes, packedSize * limits.maxRatio);
  // gzip declares no size worth trusting: every limit is checked on the bytes as they stream.
  const limiter = byteLimiter((n) => {
    if (n > limits.maxEntryBytes) return new LimitExceeded('too-large');
    const over = budget.exceeded(n);
    if (over) return new LimitExceeded(over);
    return n > ratioCap ? new LimitExceeded('compression-ratio') : undefined;
  });
  try {
    const target = destinationFor(destDir, inner);
    const size = await writeEntry(async () => createReadStream(absGz), [createGunzip(), limiter], target, mtimeMs);
    budget.spend(size);
    out.entries.push({ inner, absPath: target, size, mtimeMs });
  } catch (err) {
    if (err instanceof DiskFullError) throw err;
    if (err instanceof LimitExceeded) out.refused.push({ inner, reason: err.reason });
    else out.unreadable = describeError(err);
  }
  return out;
}

/** The stored name is untrusted: only its last segment is used, and only when safe. */
function innerName(stored: string | undefined, archiveName: string): string {
  const base = stored?.replace(/\\/g, '/').split('/').at(-1);
  if (base) {
    const checked = checkEntryName(base);
    if (checked.ok && checked.path) return checked.path;
  }
  const own = path.posix.basename(archiveName);
  const stripped = own.replace(/\.t?gz$/i, (ext) => (ext.toLowerCase() === '.tgz' ? '.tar' : ''));
  return stripped && stripped !== own ? stripped : `${own}.out`;
}

/** RFC 1952 header: MTIME at 4, FLG at 3; FNAME after FEXTRA when bit 3 is set. */
async function readHeader(absGz: string): Promise<{ name?: string; mtimeMs: number }> {
  const handle = await open(absGz, 'r');
  try {
    const b = Buffer.alloc(1024);
    const { bytesRead } = await handle.read(b, 0, b.length, 0);
    if (bytesRead < 10) return { mtimeMs: 0 };
    const mtimeMs = b.readUInt32LE(4) * 1000;
    const flags = b[3] ?? 0;
    if (!(flags & 0x08)) return { mtimeMs };
    let offset = 10;
    if (flags & 0x04) offset += 2 + (bytesRead >= 12 ? b.readUInt16LE(10) : 0);
    const end = b.indexOf(0, offset);
    if (end < 0 || end > bytesRead) return { mtimeMs };
    return { name: b.toString('latin1', offset, end), mtimeMs };
  } finally {
    await handle.close();
  }
}
