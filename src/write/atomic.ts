import { randomBytes } from 'node:crypto';
import { constants, createWriteStream, unlinkSync, type WriteStream } from 'node:fs';
import { access, copyFile, link, realpath, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { errorCode, UsageError } from '../util/errors.js';
import { isInside } from '../util/paths.js';
import { removeStaleLeftovers } from '../util/tempdir.js';
import { signaturePathOf } from './sign.js';

/** The packet path is refused before any work: the user's mistake, so a usage error (exit 2). */
export class OutputRefusedError extends UsageError {
  override name = 'OutputRefusedError';
  constructor(readonly reason: 'inside-case' | 'exists' | 'no-folder' | 'is-folder', message: string) {
    super(message);
  }
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
  const sidecar = await stat(sidecarPath(realTarget)).catch(() => undefined);
  if (sidecar?.isDirectory() || (sidecar && !force)) throw new OutputRefusedError('exists', `${sidecarPath(output)} already exists; add --force to replace it`);
  // A signature left by an earlier signed build would sit beside a packet it does not sign.
  const signature = await stat(signaturePathOf(realTarget)).catch(() => undefined);
  if (signature?.isDirectory() || (signature && !force)) throw new OutputRefusedError('exists', `${signaturePathOf(output)} already exists; add --force to replace it`);
  return realTarget;
}

/**
 * After a forced build, the `.sig` of the packet it replaced (verify would
 * report the new packet's signature invalid, or an unsigned packet as signed
 * by someone); `--sign` writes a new one after this.
 */
export async function removeStaleSignature(target: string): Promise<void> {
  await unlink(signaturePathOf(target)).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
}

/** The packet's checksum file beside it: `packet.zip.sha256`, in `sha256sum -c` format. */
export function sidecarPath(target: string): string {
  return `${target}.sha256`;
}

/** Link errors of file systems without hard links (FAT, exFAT, some network shares). */
const NO_HARD_LINKS: ReadonlySet<string> = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK']);

/**
 * Put the finished `temp` at `target`. Without `force` it never replaces
 * anything: link() fails with EEXIST when a file appeared at the target while
 * the packet was written (or another build got there first), unlike rename(),
 * which overwrites. With `force`, rename() replaces it atomically. The temp
 * file is gone afterwards unless publishing failed (the caller discards it).
 */
export async function publishFile(temp: string, target: string, force: boolean): Promise<void> {
  if (force) {
    await rename(temp, target);
    return;
  }
  try {
    await link(temp, target);
  } catch (err) {
    if (errorCode(err) === 'EEXIST') throw appearedError(target);
    if (!NO_HARD_LINKS.has(errorCode(err))) throw err;
    // No hard links here: an exclusive copy still never replaces a file (slower, same promise).
    await copyFile(temp, target, constants.COPYFILE_EXCL).catch((copyErr: unknown) => { throw errorCode(copyErr) === 'EEXIST' ? appearedError(target) : copyErr; });
  }
  await unlink(temp);
}

function appearedError(target: string): OutputRefusedError {
  return new OutputRefusedError('exists', `${target} appeared while the packet was being written (another build or program); it was left as it is. Choose another path, or add --force to replace it`);
}

/**
 * Write `<packet>.sha256` (`<hex>  <name>\n`, as `sha256sum -c` reads it)
 * under the same rule as the packet. If it cannot be published the packet
 * just published is taken back, so no packet stands without its anchor.
 */
export async function publishSidecar(target: string, sha256: string, force: boolean): Promise<void> {
  const sidecar = sidecarPath(target);
  const temp = path.join(path.dirname(target), `.${path.basename(sidecar)}.${process.pid}.${randomBytes(4).toString('hex')}.partial`);
  try {
    await writeFile(temp, `${sha256}  ${path.basename(target)}\n`, { flag: 'wx', mode: 0o644 });
    await publishFile(temp, sidecar, force);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    await unlink(target).catch(() => undefined);
    throw err;
  }
}

export interface AtomicFile {
  readonly tempPath: string;
  readonly stream: WriteStream;
  /** Publish the finished temp file at the target (never replacing a file unless forced). */
  commit(): Promise<void>;
  /** Remove the temp file; safe to call more than once. */
  discard(): Promise<void>;
}

const SIGNAL_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/**
 * A temp file beside the target, published there only when complete
 * (`publishFile`). On failure or Ctrl-C/SIGTERM the temp file is removed, so
 * no half-written packet is ever left to look complete; what a SIGKILLed run
 * left (the pid is in the name) is removed by the next run.
 */
export async function openAtomicFile(target: string, options: { force?: boolean } = {}): Promise<AtomicFile> {
  await removeStaleLeftovers(path.dirname(target));
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
      await publishFile(tempPath, target, options.force ?? false);
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
