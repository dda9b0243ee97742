import { isUtf8 } from 'node:buffer';
import { mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import type { PrivateTempDir } from '../util/tempdir.js';

/**
 * File names as bytes (B15). A Linux file name is any bytes; one copied from
 * an old CD or a Windows share is often Latin-1, not UTF-8. Node's string paths
 * cannot name such a file (the bad bytes decode to U+FFFD, and the path no
 * longer exists), so the walk reads folders as bytes, shows such a name with
 * the bad bytes escaped (`report-\xff\xfe.pdf`), and reaches the file through
 * a link to its real bytes in a private temp folder: every later stage (probe,
 * OCR workers, sharp, the packet writer) opens an ordinary string path, and
 * the file itself is read where it lies, never copied.
 */

/** Bytes of one UTF-8 sequence starting at `i`, or 0 when the byte there starts none. */
function sequenceLength(raw: Buffer, i: number): number {
  const lead = raw[i] ?? 0;
  const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
  if (length <= 1) return length;
  return i + length <= raw.length && isUtf8(raw.subarray(i, i + length)) ? length : 0;
}

/** A name's bytes as text: valid UTF-8 as it is, every byte that is not shown as `\xHH`. */
export function displayNameOf(raw: Buffer): string {
  if (isUtf8(raw)) return raw.toString('utf8');
  let shown = '';
  for (let i = 0; i < raw.length;) {
    const length = sequenceLength(raw, i);
    if (length > 0) {
      shown += raw.toString('utf8', i, i + length);
      i += length;
    } else {
      shown += `\\x${(raw[i] ?? 0).toString(16).padStart(2, '0')}`;
      i++;
    }
  }
  return shown;
}

/** Links to the files and folders of one walk whose names are not UTF-8, by case-relative display path. */
export class RawNameLinks {
  private dir: PrivateTempDir | undefined;
  private readonly byRelPath = new Map<string, string>();

  /**
   * A string path that reaches `parent/raw`: a link in a private temp folder
   * (its own subfolder, so the link keeps the display name and its extension).
   */
  async link(parent: string, raw: Buffer, relPath: string): Promise<string> {
    // Loaded with the first such name: a walk of ordinary names never needs it (start-up, issue 15).
    this.dir ??= await (await import('../util/tempdir.js')).makePrivateTempDir({ prefix: 'casepack-names-' });
    const holder = this.dir.resolve(String(this.byRelPath.size + 1));
    await mkdir(holder);
    const alias = path.join(holder, path.basename(relPath));
    await symlink(Buffer.concat([Buffer.from(`${parent}${path.sep}`), raw]), alias);
    this.byRelPath.set(relPath, alias);
    return alias;
  }

  /** Case-relative display path → link, for paths under a linked folder too. */
  resolve(relPath: string): string | undefined {
    const direct = this.byRelPath.get(relPath);
    if (direct) return direct;
    for (let slash = relPath.lastIndexOf('/'); slash > 0; slash = relPath.lastIndexOf('/', slash - 1)) {
      const folder = this.byRelPath.get(relPath.slice(0, slash));
      if (folder) return path.join(folder, ...relPath.slice(slash + 1).split('/'));
    }
    return undefined;
  }

  async remove(): Promise<void> {
    await this.dir?.remove();
  }
}

/** The links of the last walk of each case root (resolved and real path both), for stages that only know the root. */
const linksByRoot = new Map<string, RawNameLinks>();

export async function rememberLinks(roots: readonly string[], links: RawNameLinks): Promise<void> {
  for (const root of roots) {
    const previous = linksByRoot.get(path.resolve(root));
    if (previous && previous !== links) await previous.remove();
    linksByRoot.set(path.resolve(root), links);
  }
}

/** Where to open a walked file whose name is not UTF-8 (its display path given), or undefined for any other file. */
export function rawNamePath(root: string, relPath: string): string | undefined {
  // Most cases have no such names: then no path.resolve per file (the merge asks for every source, issue 15).
  if (linksByRoot.size === 0) return undefined;
  return linksByRoot.get(path.resolve(root))?.resolve(relPath);
}
