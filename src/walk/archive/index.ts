import path from 'node:path';
import { finding } from '../../findings/codes.js';
import type { Finding } from '../../model/finding.js';
import type { ArchiveInfo } from '../../model/scan.js';
import { makePrivateTempDir, type PrivateTempDir } from '../../util/tempdir.js';
import { budgetForArchive, resolveLimits, type ArchiveLimits, type ExpansionBudget } from './limits.js';
import type { RefusalReason, RefusedEntry, UnpackOutcome } from './outcome.js';
import { DiskFullError } from './write-entry.js';

export { DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits } from './limits.js';
export { DiskFullError } from './write-entry.js';

/**
 * Archives in the case folder (a portal download is usually a ZIP) are
 * unpacked into a private temp folder and scanned as part of the case.
 *
 * Naming: a file inside an archive is shown as `<archive path>!/<path inside>`,
 * e.g. `downloads/portal.zip!/DICOM/IM0001` (the `!/` convention of JAR URLs,
 * unambiguous because `!/` after a file name cannot be a real folder), and its
 * entry carries `fromArchive: 'downloads/portal.zip'`. Archives inside archives
 * are listed but not unpacked (their bytes count against the outer archive's
 * budget like any entry). The temp folder lives until the process exits
 * (or `releaseExpandedArchives`), so check and build in the same run can read
 * the unpacked files through `expandedFilePath`.
 */
export const ARCHIVE_PATH_MARK = '!/';

export function archiveEntryPath(archiveRel: string, inner: string): string {
  return `${archiveRel}${ARCHIVE_PATH_MARK}${inner}`;
}

export interface ArchiveCandidate {
  /** Case-relative path of the archive. */
  path: string;
  absPath: string;
  size: number;
  mtimeMs: number;
  format: ArchiveInfo['format'];
}

export interface ExpandedFile {
  path: string;
  absPath: string;
  size: number;
  mtimeMs: number;
  fromArchive: string;
}

export interface ArchiveExpansion {
  files: ExpandedFile[];
  findings: Finding[];
  /** Archives whose contents were examined (their "not expanded" notice no longer applies). */
  expanded: Set<string>;
}

interface Unpacked {
  dir: PrivateTempDir;
  files: Map<string, string>;
}

/** Unpacked folders by case root (as given and as resolved), so build can find the files scan saw. */
const registry = new Map<string, Unpacked>();

const EXPANDABLE = new Set<ArchiveInfo['format']>(['zip', 'gzip']);

export async function expandArchives(roots: string[], candidates: ArchiveCandidate[], overrides: Partial<ArchiveLimits> = {}): Promise<ArchiveExpansion> {
  const result: ArchiveExpansion = { files: [], findings: [], expanded: new Set() };
  const keys = [...new Set(roots.map((r) => path.resolve(r)))];
  for (const key of keys) await releaseExpandedArchives(key);
  const archives = candidates.filter((c) => EXPANDABLE.has(c.format));
  if (archives.length === 0) return result;

  const limits = resolveLimits(overrides);
  const budget: ExpansionBudget = { bytesLeft: limits.maxTotalBytes };
  const dir = await makePrivateTempDir({ prefix: 'casepack-archives-' });
  const unpacked: Unpacked = { dir, files: new Map() };
  for (const key of keys) registry.set(key, unpacked);

  for (const [index, archive] of archives.entries()) {
    const outcome = await unpackOne(archive, dir.resolve(String(index)), limits, budget, dir);
    result.findings.push(...findingsFor(archive.path, outcome));
    // Examined either way: what it held, or why it could not be opened, is now reported.
    result.expanded.add(archive.path);
    for (const entry of outcome.entries) {
      const shown = archiveEntryPath(archive.path, entry.inner);
      unpacked.files.set(shown, entry.absPath);
      result.files.push({ path: shown, absPath: entry.absPath, size: entry.size, mtimeMs: entry.mtimeMs, fromArchive: archive.path });
    }
  }
  return result;
}

async function unpackOne(archive: ArchiveCandidate, dest: string, limits: ArchiveLimits, shared: ExpansionBudget, dir: PrivateTempDir): Promise<UnpackOutcome> {
  try {
    const budget = await budgetForArchive(shared, archive.size, dir.path, limits);
    // The unpackers (yauzl, zlib streams) load when a case holds an archive, not at every start.
    return archive.format === 'zip'
      ? await (await import('./zip.js')).unpackZip(archive.absPath, dest, limits, budget)
      : await (await import('./gzip.js')).unpackGzip(archive.absPath, archive.path, archive.size, archive.mtimeMs, dest, limits, budget);
  } catch (err) {
    if (err instanceof DiskFullError) {
      // A full or failing temp disk is the tool's trouble, not the archive's: free the space
      // at once and end the run, rather than call a good download "damaged".
      for (const [key, value] of registry) if (value.dir === dir) registry.delete(key);
      await dir.remove();
      throw err;
    }
    return { entries: [], refused: [], damaged: [], unreadable: (err as { code?: string }).code ?? 'unpack failed' };
  }
}

/** Where the unpacked copy of `relPath` (an `archive!/inner` path) lies, if this process unpacked it. */
export function expandedFilePath(root: string, relPath: string): string | undefined {
  // Most cases unpack no archive: then no path.resolve per file (the merge asks for every source, issue 15).
  if (registry.size === 0) return undefined;
  return registry.get(path.resolve(root))?.files.get(relPath);
}

/**
 * The file to read for a scanned path: the unpacked copy for `archive!/inner`
 * paths, the file in the case otherwise. Readers after scan (build, merge)
 * should open sources through this rather than `path.join(root, rel)`.
 */
export function caseFilePath(root: string, relPath: string): string {
  return expandedFilePath(root, relPath) ?? path.join(root, relPath);
}

/** Remove the unpacked copies of a case now rather than at process exit. */
export async function releaseExpandedArchives(root: string): Promise<void> {
  const unpacked = registry.get(path.resolve(root));
  if (!unpacked) return;
  for (const [key, value] of registry) if (value === unpacked) registry.delete(key);
  await unpacked.dir.remove();
}

/** Drop the probe's "archive not examined" notice for archives that were examined. */
export function withoutExpandedNotices(findings: Finding[], expanded: Set<string>): Finding[] {
  return findings.filter((f) => !(f.code === 'ARCHIVE_NOT_EXPANDED' && f.paths.every((p) => expanded.has(p))));
}

const REFUSAL_TEXT: Record<RefusalReason, string> = {
  'absolute-path': 'An archive entry has an absolute path (it would be written outside the unpack folder) and was not unpacked.',
  'parent-path': 'An archive entry\'s path climbs out with "..", a known attack, and was not unpacked.',
  'bad-characters': 'An archive entry has characters no file name may hold and was not unpacked.',
  'empty-name': 'An archive entry has no name and was not unpacked.',
  link: 'An archive entry is a link (shortcut) and was not unpacked: it could point anywhere on the computer.',
  'special-file': 'An archive entry is a special file (device or pipe) and was not unpacked.',
  encrypted: 'An archive entry is password-protected and could not be unpacked.',
  'duplicate-name': 'An archive holds two entries with the same name; only the first was unpacked.',
  'name-conflict': 'An archive entry clashes with a folder or file of the same name and was not unpacked.',
  'too-many-entries': 'The archive holds more entries than casepack unpacks; the rest were not unpacked.',
  'too-large': 'An archive entry is too large to unpack safely.',
  'compression-ratio': 'An archive entry expands far more than real documents do (a "zip bomb" pattern) and was not unpacked.',
  'total-size': 'The archives in this case would unpack to more than casepack allows; this entry was not unpacked.',
  'archive-expansion': 'The archive unpacks to far more than its own size (a "zip bomb" pattern): what fit within the limit was unpacked and scanned, the rest was not.',
  'disk-space': 'The temp folder\'s disk has too little free space to unpack the whole archive: what fit was unpacked and scanned, the rest was not.',
};

const REFUSAL_HINT: Partial<Record<RefusalReason, string>> = {
  'archive-expansion': 'If the archive is a genuine download, unpack it by hand into the case folder and check what it holds.',
  'disk-space': 'Free space on the temp disk (or point TMPDIR at a disk with more room) and run again.',
};

/** Refusals about the archive as a whole: their finding names the archive, not each entry. */
const ARCHIVE_WIDE = new Set<RefusalReason>(['too-many-entries', 'archive-expansion', 'disk-space']);

const MAX_PATHS_PER_FINDING = 50;

function findingsFor(archivePath: string, outcome: UnpackOutcome): Finding[] {
  const findings: Finding[] = [];
  if (outcome.unreadable) {
    findings.push(finding('ARCHIVE_UNREADABLE', archivePath, { details: { reason: outcome.unreadable, unpacked: outcome.entries.length } }));
  }
  for (const damaged of outcome.damaged) {
    findings.push(finding('ARCHIVE_UNREADABLE', archiveEntryPath(archivePath, damaged.inner), {
      message: 'An entry in the archive is damaged and could not be unpacked.',
      details: { reason: damaged.reason },
    }));
  }
  // One finding per archive and reason, so a hostile archive of 100,000 bad names stays readable.
  const byReason = new Map<RefusalReason, RefusedEntry[]>();
  for (const refused of outcome.refused) {
    const list = byReason.get(refused.reason) ?? [];
    list.push(refused);
    byReason.set(refused.reason, list);
  }
  for (const [reason, entries] of byReason) {
    const paths = ARCHIVE_WIDE.has(reason) ? [archivePath] : entries.slice(0, MAX_PATHS_PER_FINDING).map((e) => archiveEntryPath(archivePath, e.inner));
    const count = reason === 'too-many-entries' ? entries.reduce((n, e) => n + (e.count ?? 0), 0) : entries.length;
    const hint = REFUSAL_HINT[reason];
    findings.push(finding('ARCHIVE_ENTRY_REFUSED', paths, { message: REFUSAL_TEXT[reason], ...(hint ? { hint } : {}), details: { reason, count, archive: archivePath } }));
  }
  return findings;
}
