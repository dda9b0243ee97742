import { mkdir, open as openFile, rm, utimes, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createPrivateWriteStream, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../../util/tempdir.js';
import type { BudgetReason } from './limits.js';

/** Thrown when a stream produces more bytes than it was allowed: the entry is refused. */
export class LimitExceeded extends Error {
  constructor(readonly reason: 'too-large' | 'compression-ratio' | BudgetReason) {
    super(reason);
  }
}

/** Errors of the temp disk itself: full, over quota, or failing. */
const DISK_FAULT_CODES = new Set(['ENOSPC', 'EDQUOT', 'EIO']);

/**
 * Writing an unpacked entry failed because of the temp disk, not the archive:
 * the archive is fine and must not be called damaged. It ends the run as the
 * tool's own failure; `code` keeps the original errno code (ENOSPC, EDQUOT, EIO).
 */
export class DiskFullError extends Error {
  readonly code: string;
  constructor(cause: NodeJS.ErrnoException, readonly target: string) {
    super(`The temp folder could not take an unpacked file (${cause.code ?? 'write failed'}): ${cause.message}`, { cause });
    this.name = 'DiskFullError';
    this.code = cause.code ?? 'EIO';
  }
}

function isDiskFault(err: unknown): err is NodeJS.ErrnoException {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && DISK_FAULT_CODES.has(code);
}

/** Stops the copy as soon as `limit()` is crossed, so a lying header cannot fill the disk. */
export function byteLimiter(limit: (written: number) => LimitExceeded | undefined): Transform {
  let written = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      written += chunk.length;
      const exceeded = limit(written);
      if (exceeded) done(exceeded);
      else done(null, chunk);
    },
  });
}

/** `inner` must already be checked safe; this still refuses to leave `destDir`. */
export function destinationFor(destDir: string, inner: string): string {
  const target = path.resolve(destDir, inner);
  if (!target.startsWith(destDir + path.sep)) throw new Error('entry path leaves the unpack folder');
  return target;
}

/**
 * Folders already made in one unpack. An archive of thousands of files in one
 * folder (a DICOM series; a hostile 50,000 empty entries) then costs no mkdir
 * per file: unpacking is bound by file-system round trips, one entry at a time.
 */
export type MadeDirs = Set<string>;

async function makeParent(target: string, made?: MadeDirs): Promise<void> {
  const dir = path.dirname(target);
  if (made?.has(dir)) return;
  try {
    await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  } catch (err) {
    throw isDiskFault(err) ? new DiskFullError(err, target) : err;
  }
  made?.add(dir);
}

/** An empty entry needs no stream: create the file and give it the archive's date. */
export async function writeEmptyEntry(target: string, mtimeMs: number, made?: MadeDirs): Promise<void> {
  await makeParent(target, made);
  let handle: FileHandle | undefined;
  try {
    handle = await openFile(target, 'wx', PRIVATE_FILE_MODE);
    const when = new Date(mtimeMs);
    await handle.utimes(when, when);
    await handle.close();
  } catch (err) {
    // Only a file this call created is removed: EEXIST means another entry's file.
    if (handle) {
      await handle.close().catch(() => undefined);
      await rm(target, { force: true });
    }
    throw isDiskFault(err) ? new DiskFullError(err, target) : err;
  }
}

/**
 * Stream the source `open` gives into a new private file; on failure nothing
 * partial is left behind. The folder is made *before* the source is opened:
 * yauzl can emit an error on the next turn of the event loop, and a stream
 * that errored before the pipeline was attached would leave it waiting forever.
 */
export async function writeEntry(open: () => Promise<Readable>, stages: Transform[], target: string, mtimeMs: number, made?: MadeDirs): Promise<number> {
  await makeParent(target, made);
  let size = 0;
  const counter = new Transform({ transform(chunk: Buffer, _e, done) { size += chunk.length; done(null, chunk); } });
  let source: Readable | undefined;
  // Only the writing side's errors can be the disk's fault; an EIO reading the case is the case's.
  let writeError: unknown;
  try {
    source = await open();
    // Nothing may be awaited between here and the pipeline (see above). yauzl can also emit a second
    // error after the pipeline has let go of the stream; unheard, it would crash the whole run.
    source.on('error', () => undefined);
    const sink = createPrivateWriteStream(target);
    sink.on('error', (err) => { writeError ??= err; });
    await pipeline([source, ...stages, counter, sink]);
    // Keep the archive's date so the file's identity (size, mtime) is stable from scan to build.
    const when = new Date(mtimeMs);
    await utimes(target, when, when).catch((err: unknown) => { writeError = err; throw err; });
  } catch (err) {
    source?.destroy();
    await rm(target, { force: true });
    throw isDiskFault(writeError) ? new DiskFullError(writeError, target) : err;
  }
  return size;
}
