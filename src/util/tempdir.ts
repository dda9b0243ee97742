import { createWriteStream, rmSync, type WriteStream } from 'node:fs';
import { chmod, lstat, mkdtemp, open, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Private temporary folders: 0700 folders, 0600 files, removed when the work
 * is done, when the process exits, and when it is stopped by SIGINT/SIGTERM/
 * SIGHUP. Medical files unpacked or staged here must never be readable by
 * other users of the machine, nor left behind after a crash or Ctrl-C.
 */

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

export interface PrivateTempDir {
  /** Absolute path of the folder (mode 0700). */
  readonly path: string;
  /** Absolute path for `name` inside the folder (not created). */
  resolve(...segments: string[]): string;
  /** Remove the folder and everything in it; safe to call twice. */
  remove(): Promise<void>;
}

export interface PrivateTempDirOptions {
  /** Name prefix, e.g. `casepack-archive-`. */
  prefix?: string;
  /**
   * Folder to create it in (default: the OS temp folder). Build puts its staging
   * folder beside the target so the final rename stays on one file system.
   */
  parent?: string;
}

const live = new Set<string>();
const SIGNAL_EXIT: Record<'SIGINT' | 'SIGTERM' | 'SIGHUP', number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
let hooksInstalled = false;
/** How long another signal handler may take to finish before we exit for it. */
const SIGNAL_GRACE_MS = 500;

/** Synchronous on purpose: it runs from `exit` and signal handlers, where async work never finishes. */
export function removePrivateTempDirsSync(): void {
  for (const dir of live) {
    try { rmSync(dir, { recursive: true, force: true }); } catch { /* best effort at exit: nothing more can be done */ }
    live.delete(dir);
  }
}

function onSignal(signal: NodeJS.Signals): void {
  removePrivateTempDirsSync();
  // Exit with the shell's convention, 128 + signal number. A command with its own
  // handler (e.g. build removing a partial packet) gets a moment to finish and exit
  // first; but some listeners only defer to others (signal-exit, loaded by the
  // spinner), so waiting for them forever would make Ctrl-C do nothing.
  const others = process.listenerCount(signal) - 1;
  const code = SIGNAL_EXIT[signal as keyof typeof SIGNAL_EXIT] ?? 1;
  if (others > 0) {
    process.exitCode = code;
    setTimeout(() => process.exit(code), SIGNAL_GRACE_MS).unref();
    return;
  }
  process.exit(code);
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', removePrivateTempDirsSync);
  for (const signal of Object.keys(SIGNAL_EXIT) as NodeJS.Signals[]) process.on(signal, onSignal);
}

/** Signal handlers are only held while a temp folder exists, so an idle library never changes Ctrl-C. */
function uninstallHooksIfIdle(): void {
  if (!hooksInstalled || live.size > 0) return;
  hooksInstalled = false;
  process.off('exit', removePrivateTempDirsSync);
  for (const signal of Object.keys(SIGNAL_EXIT) as NodeJS.Signals[]) process.off(signal, onSignal);
}

/**
 * The OS temp folder as an absolute path, resolved once: a relative TMPDIR
 * (`TMPDIR=tmp`) would otherwise name a different folder for every working
 * folder, and paths joined to it would not be the files written.
 */
const TEMP_ROOT = path.resolve(tmpdir());

/** The OS temp folder, absolute. */
export function tempRoot(): string {
  return TEMP_ROOT;
}

export async function makePrivateTempDir(options: PrivateTempDirOptions = {}): Promise<PrivateTempDir> {
  const parent = path.resolve(options.parent ?? TEMP_ROOT);
  await removeStaleLeftovers(parent);
  // The pid in the name lets a later run tell a dead process's leftovers from a live one's.
  const dir = await mkdtemp(path.join(parent, `${options.prefix ?? 'casepack-'}${process.pid}-`));
  // mkdtemp already uses 0700, but say it explicitly: a permissive umask must not widen it.
  await chmod(dir, PRIVATE_DIR_MODE);
  live.add(dir);
  installHooks();
  let removed = false;
  return {
    path: dir,
    resolve: (...segments) => path.join(dir, ...segments),
    async remove() {
      if (removed) return;
      removed = true;
      await rm(dir, { recursive: true, force: true });
      live.delete(dir);
      uninstallHooksIfIdle();
    },
  };
}

/** Run `work` with a private temp folder that is removed afterwards, whatever happens. */
export async function withPrivateTempDir<T>(work: (dir: PrivateTempDir) => Promise<T>, options: PrivateTempDirOptions = {}): Promise<T> {
  const dir = await makePrivateTempDir(options);
  try {
    return await work(dir);
  } finally {
    await dir.remove();
  }
}

/** Create a new file readable only by its owner; fails if it already exists. */
export async function writePrivateFile(filePath: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(filePath, 'wx', PRIVATE_FILE_MODE);
  try {
    await handle.writeFile(data);
  } finally {
    await handle.close();
  }
}

/** A write stream to a new file readable only by its owner (0600, never overwrites). */
export function createPrivateWriteStream(filePath: string): WriteStream {
  return createWriteStream(filePath, { flags: 'wx', mode: PRIVATE_FILE_MODE });
}

/**
 * Names of what casepack leaves while it works, with the owner's pid: private
 * temp folders (`casepack-archives-<pid>-XXXXXX`, `.casepack-staging-<pid>-XXXXXX`)
 * and packets being written (`.<name>.<pid>.<8 hex>.partial`).
 */
const LEFTOVER_PATTERNS: readonly RegExp[] = [
  /^\.?casepack-[a-z]+(?:-[a-z]+)*-(\d+)-[A-Za-z0-9]{6}$/,
  /^\..+\.(\d+)\.[0-9a-f]{8}\.partial$/,
];
/** Younger leftovers are left alone: a process may have just started, in another pid namespace. */
export const STALE_AFTER_MS = 60_000;
const swept = new Set<string>();

/** The pid a leftover's name carries, or undefined when the name is not ours. */
export function leftoverOwnerPid(name: string): number | undefined {
  for (const pattern of LEFTOVER_PATTERNS) {
    const pid = pattern.exec(name)?.[1];
    if (pid !== undefined) return Number(pid);
  }
  return undefined;
}

function processIsDead(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    // EPERM: alive, someone else's. Only "no such process" means dead.
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Remove what a killed casepack run (SIGKILL, power loss) left in `dir`:
 * only names of our pattern, only of processes that are gone, only owned by
 * this user, only older than a minute. Once per folder and process; any
 * failure is ignored (the folder may not be ours to list).
 */
export async function removeStaleLeftovers(dir: string): Promise<void> {
  const folder = path.resolve(dir);
  if (swept.has(folder)) return;
  swept.add(folder);
  const names = await readdir(folder).catch(() => [] as string[]);
  const uid = process.getuid?.();
  for (const name of names) {
    const pid = leftoverOwnerPid(name);
    if (pid === undefined || !processIsDead(pid)) continue;
    const full = path.join(folder, name);
    const info = await lstat(full).catch(() => undefined);
    if (!info || (uid !== undefined && info.uid !== uid) || Date.now() - info.mtimeMs < STALE_AFTER_MS) continue;
    if (!info.isDirectory() && !info.isFile()) continue;
    await rm(full, { recursive: true, force: true }).catch(() => undefined);
  }
}
