import { describe, expect, it } from 'vitest';
import { manifestJsonPieces, MANIFEST_SCHEMA_VERSION, type Manifest, type ManifestEntry } from '../../src/write/manifest-schema.js';

function manifestWith(entries: ManifestEntry[], caseName = 'case'): Manifest {
  return {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    tool: { name: 'casepack', version: '0.1.0' },
    case: caseName,
    generatedAt: '2025-01-01T00:00:00.000Z',
    checklist: { id: 'general', title: 'General "second opinion"\n list' },
    entries,
    leftOut: [{ source: 'DICOMDIR', reason: 'dicomdir', detail: 'the CD\'s table of contents' }, { source: 'x', reason: 'copy' }],
  };
}

function entry(i: number): ManifestEntry {
  // Names with quotes, backslashes, newlines, tabs and non-Latin letters: every escape JSON makes.
  const odd = ['plain', 'quo"te', 'back\\slash', 'new\nline', 'tab\there', 'ünïcödé 检查', '"entries": []'][i % 7];
  return { path: `Imaging/${odd}/${String(i).padStart(4, '0')}.dcm`, sources: i % 5 === 0 ? [] : [`src/${odd}/${i}`], category: i % 3 === 0 ? null : 'imaging', date: i % 4 === 0 ? null : '2025-09-12', size: i * 1000, sha256: 'a'.repeat(64), derivation: 'copied' };
}

describe('manifest.json in pieces', () => {
  it.each([0, 1, 2, 499, 500, 501, 1234])('joins to JSON.stringify(manifest, null, 2) with %i entries', (count) => {
    const manifest = manifestWith(Array.from({ length: count }, (_, i) => entry(i)), 'a case called\n  "entries": []');
    const pieces = [...manifestJsonPieces(manifest)];
    expect(Buffer.concat(pieces).toString('utf8')).toBe(JSON.stringify(manifest, null, 2) + '\n');
    // Never one piece for the whole of a large manifest: that is what it is for.
    if (count >= 1000) expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(Buffer.byteLength(JSON.stringify(manifest, null, 2)) / 2);
  });
});
