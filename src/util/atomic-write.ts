import { randomBytes } from 'node:crypto';
import { rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Replace a small file all at once: the content goes to a temp file beside it
 * (`.name.<pid>.<random>.tmp`, same folder so the rename stays on one file
 * system) and is renamed over the target, so a crash or a full disk leaves the
 * old file or the new one, never half of one. A file that exists keeps its
 * permissions.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array, options: { mode?: number } = {}): Promise<void> {
  const existingMode = await stat(target).then((s) => s.mode & 0o777, () => undefined);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, data, { flag: 'wx', mode: existingMode ?? options.mode ?? 0o644 });
    await rename(temp, target);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}
