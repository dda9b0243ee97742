import { mkdir, rm, utimes } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createPrivateWriteStream, PRIVATE_DIR_MODE } from '../../util/tempdir.js';

/** Thrown when a stream produces more bytes than it was allowed: the entry is refused. */
export class LimitExceeded extends Error {
  constructor(readonly reason: 'too-large' | 'compression-ratio' | 'total-size') {
    super(reason);
  }
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

/** Stream `source` into a new private file; on failure nothing partial is left behind. */
export async function writeEntry(source: Readable, stages: Transform[], target: string, mtimeMs: number): Promise<number> {
  await mkdir(path.dirname(target), { recursive: true, mode: PRIVATE_DIR_MODE });
  let size = 0;
  const counter = new Transform({ transform(chunk: Buffer, _e, done) { size += chunk.length; done(null, chunk); } });
  try {
    await pipeline([source, ...stages, counter, createPrivateWriteStream(target)]);
  } catch (err) {
    await rm(target, { force: true });
    throw err;
  }
  // Keep the archive's date so the file's identity (size, mtime) is stable from scan to build.
  const when = new Date(mtimeMs);
  await utimes(target, when, when);
  return size;
}
