import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { manifestOfPacked, PackedManifestEntries, type ManifestSubject } from '../../src/write/manifest-entries.js';
import { manifestJsonPieces, MANIFEST_SCHEMA_VERSION, sha256sumLines, sha256sumPieces, type Manifest, type ManifestEntry } from '../../src/write/manifest-schema.js';

function entry(i: number): ManifestEntry {
  const odd = ['plain', 'quo"te', 'back\\slash', 'new\nline', 'ünïcödé 检查'][i % 5];
  return {
    path: `Imaging/${odd}/${String(i).padStart(5, '0')}.dcm`,
    sources: i % 7 === 0 ? [] : i % 11 === 0 ? [`a/${i}`, `b/${i}`] : [`src/${odd}/${i}`],
    category: i % 3 === 0 ? null : 'imaging',
    date: i % 4 === 0 ? null : '2025-09-12',
    // Sizes past 2^32 and a zero-length file: the Float64Array keeps each exactly.
    size: i % 13 === 0 ? 0 : i % 17 === 0 ? 5_000_000_000 + i : i * 1009,
    // Hashes with every byte value somewhere (a leading zero byte must keep its two zeros).
    sha256: createHash('sha256').update(String(i)).digest('hex'),
    derivation: (['copied', 'merged', 'copied-as-is', 'generated'] as const)[i % 4] as ManifestEntry['derivation'],
  };
}

function packedOf(entries: ManifestEntry[], capacity: number): PackedManifestEntries {
  const packed = new PackedManifestEntries(capacity, (i): ManifestSubject => {
    const { path, sources, category, date, derivation } = entries[i] as ManifestEntry;
    return { path, sources, category, date, derivation };
  });
  for (const e of entries) packed.push(e.size, e.sha256);
  return packed;
}

const outline = {
  schemaVersion: MANIFEST_SCHEMA_VERSION,
  tool: { name: 'casepack', version: '0.1.0' },
  case: 'a case',
  generatedAt: '2025-01-01T00:00:00.000Z',
  checklist: { id: 'general', title: 'General' },
} as const;
const leftOut: Manifest['leftOut'] = [{ source: 'DICOMDIR', reason: 'dicomdir', detail: 'the CD\'s table of contents' }];

describe('packed manifest entries', () => {
  it.each([[0, 1], [1, 1], [3, 1], [500, 600], [1234, 10]])('give back every entry as it was recorded (%i entries, room for %i at first)', (count, capacity) => {
    const entries = Array.from({ length: count }, (_, i) => entry(i));
    const packed = packedOf(entries, capacity);
    expect(packed.length).toBe(count);
    expect(packed.toArray()).toEqual(entries);
    // Key order too: manifest.json's bytes depend on it.
    for (let i = 0; i < count; i += 97) expect(JSON.stringify(packed.at(i))).toBe(JSON.stringify(entries[i]));
    expect(packed.at(count)).toBeUndefined();
    expect(packed.at(-1)).toBeUndefined();
    if (count > 0) expect(packed.sha256(count - 1)).toBe(entries[count - 1]?.sha256);
  });

  it('make manifest.json and manifest-sha256.txt byte for byte as the arrays did', () => {
    const entries = Array.from({ length: 1234 }, (_, i) => entry(i));
    const packed = packedOf(entries, 8);
    const manifest: Manifest = { ...outline, entries, leftOut };
    const fromPacked = Buffer.concat([...manifestJsonPieces({ ...outline, entries: [], leftOut }, packed)]);
    expect(fromPacked.toString('utf8')).toBe(JSON.stringify(manifest, null, 2) + '\n');
    const summed = { length: packed.length, at: (i: number) => ({ path: entries[i]?.path as string, sha256: packed.sha256(i) }) };
    expect(Buffer.concat([...sha256sumPieces(summed)]).toString('utf8')).toBe(sha256sumLines(entries));
  });

  it('give the build result a manifest whose entries are made when read, equal to the whole manifest', () => {
    const entries = Array.from({ length: 40 }, (_, i) => entry(i));
    const manifest = manifestOfPacked(outline, packedOf(entries, 4), leftOut);
    expect(Object.keys(manifest)).toEqual(['schemaVersion', 'tool', 'case', 'generatedAt', 'checklist', 'entries', 'leftOut']);
    expect(manifest.entries).toEqual(entries);
    // Read twice, the same array: a caller that changes it sees its change.
    expect(manifest.entries).toBe(manifest.entries);
    expect(JSON.stringify(manifest)).toBe(JSON.stringify({ ...outline, entries, leftOut }));
  });
});
