import { randomBytes } from 'node:crypto';
import { constants, createWriteStream, unlinkSync, type WriteStream } from 'node:fs';
import { access, realpath, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../util/errors.js';

export class OutputRefusedError extends UsageError {
  constructor(readonly reason: 'inside-case' | 'exists' | 'no-folder' | 'is-folder', message: string) {
    super(message);
  }
}

/** True when `child` is `parent` or lies under it (both absolute, real paths). */
function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Checks before any work: the packet never goes inside the (read-only) case
 * folder, never replaces a file without --force, and its folder exists.
 */
export async function checkOutputPath(caseRoot: string, output: string, force: boolean): Promise<string> {
  const target = path.resolve(output);
  const dir = path.dirname(target);
  const realDir = await realpath(dir).catch(() => undefined);
  if (!realDir) throw new OutputRefusedError('no-folder', `the folder for the packet does not exist: ${dir}`);
  const realCase = await realpath(caseRoot).catch(() => path.resolve(caseRoot));
  const realTarget = path.join(realDir, path.basename(target));
  if (isInside(realCase, realTarget)) throw new OutputRefusedError('inside-case', 'the packet cannot be written inside the case folder (casepack never writes there); choose a path outside it');
  const existing = await stat(realTarget).catch(() => undefined);
  if (existing?.isDirectory()) throw new OutputRefusedError('is-folder', `${output} is a folder; give a file name such as packet.zip`);
  if (existing && !force) throw new OutputRefusedError('exists', `${output} already exists; add --force to replace it`);
  return realTarget;
}

export interface AtomicFile {
  readonly tempPath: string;
  readonly stream: WriteStream;
  /** Rename the finished temp file onto the target. */
  commit(): Promise<void>;
  /** Remove the temp file; safe to call more than once. */
  discard(): Promise<void>;
}

const SIGNAL_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/**
 * A temp file beside the target, renamed over it only when complete. On
 * failure or Ctrl-C/SIGTERM the temp file is removed, so no half-written
 * packet is ever left to look complete.
 */
export async function openAtomicFile(target: string): Promise<AtomicFile> {
  const tempPath = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.partial`);
  // A 4 MB buffer: with the 16 KB default the ZIP stream stalled on back-pressure every few chunks.
  const stream = createWriteStream(tempPath, { flags: 'wx', mode: 0o600, highWaterMark: 4 * 1024 * 1024 });
  await new Promise<void>((resolve, reject) => { stream.once('open', () => resolve()); stream.once('error', reject); });
  let live = true;
  const removeSync = (): void => {
    if (!live) return;
    live = false;
    try { unlinkSync(tempPath); } catch { /* already gone */ }
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    stream.destroy();
    removeSync();
    detach();
    process.exit(SIGNAL_CODES[signal] ?? 1);
  };
  const detach = (): void => {
    for (const signal of Object.keys(SIGNAL_CODES) as NodeJS.Signals[]) process.off(signal, onSignal);
    process.off('exit', removeSync);
  };
  for (const signal of Object.keys(SIGNAL_CODES) as NodeJS.Signals[]) process.on(signal, onSignal);
  process.on('exit', removeSync);
  return {
    tempPath,
    stream,
    async commit() {
      await access(tempPath, constants.F_OK);
      await rename(tempPath, target);
      live = false;
      detach();
    },
    async discard() {
      stream.destroy();
      if (live) {
        live = false;
        await unlink(tempPath).catch(() => undefined);
      }
      detach();
    },
  };
}
