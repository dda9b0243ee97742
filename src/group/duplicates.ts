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

/** DICOM instances sharing a SOP Instance UID: the same image, whatever the bytes. */
export function sopInstanceDuplicates(files: FileEntry[]): string[][] {
  const byUid = new Map<string, string[]>();
  for (const file of files) {
    const uid = file.family === 'dicom' ? file.dicom?.sopInstanceUid : undefined;
    if (!uid) continue;
    const list = byUid.get(uid) ?? [];
    list.push(file.path);
    byUid.set(uid, list);
  }
  return sortedGroups(byUid.values());
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
