import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileEntry, ScanResult } from '../model/scan.js';

export type DuplicateGroup = ScanResult['duplicates'][number];

/** Bytes hashed from each end of a file before anything is read in full. */
const SAMPLE_BYTES = 64 * 1024;

/** The first path (in sorted order) is the original; the others are its copies. */
function sortedGroups(groups: Iterable<string[]>): string[][] {
  return [...groups].filter((paths) => paths.length > 1).map((paths) => [...paths].sort()).sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
}

/** DICOM instances sharing a SOP Instance UID: the same image, though not necessarily the same bytes. */
export function sopInstanceGroups(files: FileEntry[]): FileEntry[][] {
  const byUid = new Map<string, FileEntry[]>();
  for (const file of files) {
    const uid = file.family === 'dicom' ? file.dicom?.sopInstanceUid : undefined;
    if (!uid) continue;
    const list = byUid.get(uid) ?? [];
    list.push(file);
    byUid.set(uid, list);
  }
  return [...byUid.values()].filter((list) => list.length > 1);
}

/** How faithfully a transfer syntax keeps the pixels: the order in which one copy of an image is preferred over another. */
export type Encoding = 'uncompressed' | 'lossless' | 'lossy';

const ENCODINGS: Record<string, Encoding> = {
  '1.2.840.10008.1.2': 'uncompressed', // implicit VR little endian
  '1.2.840.10008.1.2.1': 'uncompressed', // explicit VR little endian
  '1.2.840.10008.1.2.2': 'uncompressed', // explicit VR big endian (retired)
  '1.2.840.10008.1.2.1.99': 'lossless', // deflated explicit VR little endian
  '1.2.840.10008.1.2.5': 'lossless', // RLE
  '1.2.840.10008.1.2.4.57': 'lossless', // JPEG lossless, non-hierarchical
  '1.2.840.10008.1.2.4.70': 'lossless', // JPEG lossless, first-order prediction
  '1.2.840.10008.1.2.4.80': 'lossless', // JPEG-LS lossless
  '1.2.840.10008.1.2.4.90': 'lossless', // JPEG 2000 lossless only
  '1.2.840.10008.1.2.4.92': 'lossless', // JPEG 2000 part 2 multi-component, lossless only
  '1.2.840.10008.1.2.4.201': 'lossless', // HTJ2K lossless
  '1.2.840.10008.1.2.4.202': 'lossless', // HTJ2K RPCL lossless
  '1.2.840.10008.1.2.4.50': 'lossy', // JPEG baseline
  '1.2.840.10008.1.2.4.51': 'lossy', // JPEG extended
  '1.2.840.10008.1.2.4.81': 'lossy', // JPEG-LS near-lossless
  // JPEG 2000 that may be lossy: ranked as lossy, so it only ever gives way to a copy that is certainly lossless.
  '1.2.840.10008.1.2.4.91': 'lossy',
  '1.2.840.10008.1.2.4.93': 'lossy',
  '1.2.840.10008.1.2.4.203': 'lossy', // HTJ2K
};

/** The encoding of a transfer syntax, or undefined when it is not known well enough to rank. */
export function encodingOf(transferSyntaxUid: string | undefined): Encoding | undefined {
  return transferSyntaxUid ? ENCODINGS[transferSyntaxUid] : undefined;
}

const ENCODING_RANK: Record<Encoding, number> = { uncompressed: 3, lossless: 2, lossy: 1 };

/** Fidelity of one copy: a cut-short copy is below any complete one; undefined when it cannot be ranked. */
function fidelity(file: FileEntry, incomplete: ReadonlySet<string>): number | undefined {
  if (incomplete.has(file.path)) return 0;
  const encoding = encodingOf(file.dicom?.transferSyntaxUid);
  return encoding ? ENCODING_RANK[encoding] : undefined;
}

/** The same image in several encodings: the copy kept and the lower-fidelity copies it stands for. */
export interface OtherEncodingGroup {
  kept: string;
  others: string[];
}

/**
 * Among copies of one image whose bytes differ, keep the highest fidelity one
 * and leave out those that are ranked strictly lower. Copies that tie with
 * the best, or whose encoding is unknown, are all kept: nothing is dropped on
 * a guess.
 */
export function rankEncodings(copies: readonly FileEntry[], incomplete: ReadonlySet<string>): OtherEncodingGroup | undefined {
  const ranked = [...copies].sort((a, b) => a.path.localeCompare(b.path)).map((file) => ({ file, rank: fidelity(file, incomplete) }));
  const best = ranked.reduce<{ file: FileEntry; rank: number } | undefined>(
    (top, r) => (r.rank !== undefined && (top === undefined || r.rank > top.rank) ? { file: r.file, rank: r.rank } : top), undefined);
  if (!best) return undefined;
  const others = ranked.filter((r) => r.rank !== undefined && r.rank < best.rank).map((r) => r.file.path);
  return others.length ? { kept: best.file.path, others } : undefined;
}

/**
 * Copies of one DICOM image, told apart by their bytes: the byte-identical
 * groups (true duplicates) and, among the distinct encodings, which lower
 * fidelity copies give way to a better one. Only files sharing a UID are
 * hashed, and then only as far as size and the sample hash need.
 */
export async function sopInstanceDuplicates(files: FileEntry[], absPathOf: (relPath: string) => string, incomplete: ReadonlySet<string> = new Set()): Promise<{ identical: string[][]; otherEncodings: OtherEncodingGroup[] }> {
  const identical: string[][] = [];
  const otherEncodings: OtherEncodingGroup[] = [];
  for (const group of sopInstanceGroups(files)) {
    const sameBytes = await contentDuplicates(group, absPathOf);
    identical.push(...sameBytes);
    const copiesOfOthers = new Set(sameBytes.flatMap(([, ...rest]) => rest));
    const distinct = group.filter((file) => !copiesOfOthers.has(file.path));
    const ranked = distinct.length > 1 ? rankEncodings(distinct, incomplete) : undefined;
    if (ranked) otherEncodings.push(ranked);
  }
  return { identical: sortedGroups(identical), otherEncodings: otherEncodings.sort((a, b) => a.kept.localeCompare(b.kept)) };
}

async function sampleHash(absPath: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  const handle = await open(absPath, 'r');
  try {
    const readChunk = async (position: number, length: number): Promise<void> => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, position);
      hash.update(buffer.subarray(0, bytesRead));
    };
    if (size <= 2 * SAMPLE_BYTES) {
      await readChunk(0, size);
    } else {
      await readChunk(0, SAMPLE_BYTES);
      await readChunk(size - SAMPLE_BYTES, SAMPLE_BYTES);
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

function fullHash(absPath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(absPath).on('data', (chunk) => hash.update(chunk)).on('error', reject).on('end', () => resolve(hash.digest('hex')));
  });
}

async function refine(groups: string[][], keyOf: (path: string) => Promise<string | undefined>): Promise<string[][]> {
  const refined: string[][] = [];
  for (const group of groups) {
    const byKey = new Map<string, string[]>();
    for (const path of group) {
      const key = await keyOf(path);
      if (key === undefined) continue; // unreadable now: not provably a copy
      const list = byKey.get(key) ?? [];
      list.push(path);
      byKey.set(key, list);
    }
    refined.push(...[...byKey.values()].filter((list) => list.length > 1));
  }
  return refined;
}

/**
 * Identical files by content, cheaply: equal size first, then a hash of the
 * first and last 64 KB, and a full SHA-256 only for files that still match
 * (and are larger than the sample). CT slices all share one size, so hashing
 * every same-size file in full would read the whole CD.
 */
export async function contentDuplicates(files: FileEntry[], absPathOf: (relPath: string) => string): Promise<string[][]> {
  const bySize = new Map<number, string[]>();
  for (const file of files) {
    if (file.size === 0) continue; // empty files are their own finding
    const list = bySize.get(file.size) ?? [];
    list.push(file.path);
    bySize.set(file.size, list);
  }
  const sizeOf = new Map(files.map((file) => [file.path, file.size]));
  const safely = (fn: (path: string) => Promise<string>) => (path: string) => fn(path).catch(() => undefined);
  const candidates = [...bySize.values()].filter((list) => list.length > 1);
  const sampled = await refine(candidates, safely((path) => sampleHash(absPathOf(path), sizeOf.get(path) ?? 0)));
  const needFull = sampled.filter((group) => (sizeOf.get(group[0] ?? '') ?? 0) > 2 * SAMPLE_BYTES);
  const whole = sampled.filter((group) => (sizeOf.get(group[0] ?? '') ?? 0) <= 2 * SAMPLE_BYTES);
  const hashed = await refine(needFull, safely((path) => fullHash(absPathOf(path))));
  return sortedGroups([...whole, ...hashed]);
}
