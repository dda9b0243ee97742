import { createHash } from 'node:crypto';
import { lstat, mkdtemp, readdir, readFile, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A fingerprint of a whole tree: every entry's relative path, type, mode,
 * size and content hash (links by target). Tests compare it before and after
 * a run to prove the case folder was not touched.
 */
export async function hashTree(root: string): Promise<string> {
  const lines: string[] = [];
  async function visit(abs: string, rel: string): Promise<void> {
    const info = await lstat(abs);
    if (info.isSymbolicLink()) {
      lines.push(`L ${rel} -> ${await readlink(abs)}`);
    } else if (info.isDirectory()) {
      lines.push(`D ${rel} ${info.mode.toString(8)}`);
      let names: string[] = [];
      try { names = (await readdir(abs)).sort(); } catch { lines.push(`! ${rel}`); return; }
      for (const name of names) await visit(path.join(abs, name), rel ? `${rel}/${name}` : name);
    } else if (info.isFile()) {
      let digest = 'unreadable';
      try { digest = createHash('sha256').update(await readFile(abs)).digest('hex'); } catch { /* permission test files */ }
      lines.push(`F ${rel} ${info.mode.toString(8)} ${info.size} ${info.mtimeMs} ${digest}`);
    } else {
      lines.push(`S ${rel} ${info.mode.toString(8)}`);
    }
  }
  await visit(root, '');
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

export async function makeTempDir(prefix = 'casepack-test-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** `../shared/corpus` beside the project, or undefined (tests then skip loudly). */
export const CORPUS_DIR = path.resolve(import.meta.dirname, '../../../shared/corpus');
