import { isUtf8 } from 'node:buffer';
import { lstatSync, type Dirent, type Stats } from 'node:fs';
import { readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { finding } from '../findings/codes.js';
import type { Finding } from '../model/finding.js';
import { errorCode } from '../util/errors.js';
import { isInside } from '../util/paths.js';
import { isJunkDir, isJunkFile } from './junk.js';
import { displayNameOf, RawNameLinks, rememberLinks } from './raw-names.js';

export interface WalkedFile {
  /** Case-relative POSIX path. */
  path: string;
  absPath: string;
  size: number;
  mtimeMs: number;
}

export interface WalkResult {
  root: string;
  files: WalkedFile[];
  skippedJunk: number;
  /** Links whose target lies inside the root (walked at the target's own place). */
  linksInsideRoot: number;
  findings: Finding[];
}

export interface WalkOptions {
  /** Also skip these case-relative paths (e.g. casepack.yaml). */
  exclude?: (relPath: string) => boolean;
  /** Told of each file as it is listed (walk order, before the final sort): a prober can start before the walk ends. */
  onFile?: (file: WalkedFile) => void;
}

/** On POSIX the path is already POSIX: no split and join for every file of a 20,000-file CD (issue 15). */
const toPosix: (rel: string) => string = path.sep === '/' ? (rel) => rel : (rel) => rel.split(path.sep).join('/');

/** A listed name under its folder: a folder entry is one name (never `.`, `..` or with a separator), so no normalising join. */
function childPath(absDir: string, name: string): string {
  return absDir.endsWith(path.sep) ? `${absDir}${name}` : `${absDir}${path.sep}${name}`;
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What the folder listing says an entry is; `unknown` when the file system does not say (then it is lstat'ed). */
type EntryKind = 'dir' | 'file' | 'link' | 'special' | 'unknown';

/** A folder entry: its name as shown, its bytes when those are not UTF-8 (B15), and its kind from the listing. */
interface DirEntryName {
  name: string;
  raw?: Buffer;
  kind: EntryKind;
}

function kindOf(entry: Dirent<Buffer>): EntryKind {
  if (entry.isDirectory()) return 'dir';
  if (entry.isFile()) return 'file';
  if (entry.isSymbolicLink()) return 'link';
  if (entry.isFIFO() || entry.isSocket() || entry.isBlockDevice() || entry.isCharacterDevice()) return 'special';
  return 'unknown';
}

function kindOfStats(info: Stats): EntryKind {
  if (info.isSymbolicLink()) return 'link';
  if (info.isDirectory()) return 'dir';
  if (info.isFile()) return 'file';
  return 'special';
}

/**
 * A folder's names, read as bytes so that a name which is not UTF-8 is kept
 * (a string read would turn its bad bytes into U+FFFD and lose the file).
 * A shown name that is already taken (a real file named `a\xff`) gets a `~`.
 */
async function readNames(absDir: string): Promise<DirEntryName[]> {
  // With the entries' types: a folder or a link then needs no lstat of its own, a file one (for its size).
  const listed = await readdir(absDir, { encoding: 'buffer', withFileTypes: true });
  const entries = listed.map((entry): DirEntryName => {
    const raw = entry.name;
    const kind = kindOf(entry);
    // UTF-8 names are shown as they are and reached by their string (no copy of each name's bytes to compare); only
    // the others keep their bytes, shown escaped (an escaped name never encodes back to the bytes it shows).
    return isUtf8(raw) ? { name: raw.toString('utf8'), kind } : { name: displayNameOf(raw), raw, kind };
  });
  const taken = new Set(entries.filter((e) => !e.raw).map((e) => e.name));
  for (const entry of entries) {
    if (!entry.raw) continue;
    while (taken.has(entry.name)) entry.name += '~';
    taken.add(entry.name);
  }
  return entries.sort((a, b) => byCodeUnit(a.name, b.name));
}

/**
 * Lists every regular file under the case root in a stable order. Links are
 * never followed (one leaving the root is a finding), and special files
 * (FIFOs, sockets, devices) are never opened, so nothing can block.
 */
export async function walkCase(rootInput: string, options: WalkOptions = {}): Promise<WalkResult> {
  const root = await realpath(rootInput);
  const files: WalkedFile[] = [];
  const findings: Finding[] = [];
  let skippedJunk = 0;
  let linksInsideRoot = 0;
  const rawNameLinks = new RawNameLinks();

  async function visitDir(absDir: string, relDir: string): Promise<void> {
    let names: DirEntryName[];
    try {
      names = await readNames(absDir);
    } catch (err) {
      findings.push(finding('WALK_UNREADABLE', relDir || '.', { details: { reason: errorCode(err) } }));
      return;
    }
    for (const { name, raw, kind: listedKind } of names) {
      const rel = relDir ? `${relDir}/${name}` : name;
      if (listedKind === 'dir' && isJunkDir(name)) { skippedJunk++; continue; }
      if (listedKind === 'file' && isJunkFile(name)) { skippedJunk++; continue; }
      let abs;
      let kind = listedKind;
      let info: Stats | undefined;
      try {
        abs = raw ? await rawNameLinks.link(absDir, raw, toPosix(rel)) : childPath(absDir, name);
        // A file's size and time, or what an entry the listing could not type is. Synchronous: the walk
        // waits for each answer anyway, and a promise per file cost more than the call (issue 15).
        // The link itself is ours: what the walk judges is the entry it points at.
        if (kind === 'file' || kind === 'unknown') {
          info = lstatSync(raw ? Buffer.concat([Buffer.from(`${absDir}${path.sep}`), raw]) : abs);
          kind = kindOfStats(info);
        }
      } catch (err) {
        findings.push(finding('WALK_UNREADABLE', rel, { details: { reason: errorCode(err) } }));
        continue;
      }
      if (kind === 'link') {
        await visitLink(abs, rel);
        continue;
      }
      if (kind === 'dir') {
        if (isJunkDir(name)) { skippedJunk++; continue; }
        await visitDir(abs, rel);
      } else if (kind === 'file' && info) {
        if (isJunkFile(name)) { skippedJunk++; continue; }
        const relPosix = toPosix(rel);
        if (options.exclude?.(relPosix)) continue;
        const file: WalkedFile = { path: relPosix, absPath: abs, size: info.size, mtimeMs: Math.trunc(info.mtimeMs) };
        files.push(file);
        options.onFile?.(file);
      } else {
        findings.push(finding('WALK_SPECIAL_FILE', rel));
      }
    }
  }

  /**
   * A link inside the root is not followed: its target is walked at its real
   * place, so following it would only count files twice (or loop).
   */
  async function visitLink(abs: string, rel: string): Promise<void> {
    let target: string;
    try {
      target = await realpath(abs);
    } catch (err) {
      findings.push(finding(errorCode(err) === 'ELOOP' ? 'WALK_LINK_LOOP' : 'WALK_BROKEN_LINK', rel));
      return;
    }
    if (!isInside(root, target)) {
      findings.push(finding('WALK_LINK_OUTSIDE_ROOT', rel));
      return;
    }
    linksInsideRoot++;
  }

  await visitDir(root, '');
  await rememberLinks([rootInput, root], rawNameLinks);
  files.sort((a, b) => byCodeUnit(a.path, b.path));
  return { root, files, skippedJunk, linksInsideRoot, findings };
}

