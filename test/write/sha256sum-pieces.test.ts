import { describe, expect, it } from 'vitest';
import { sha256sumLines, sha256sumPieces } from '../../src/write/manifest-schema.js';

describe('sha256sumPieces', () => {
  it('gives the bytes of sha256sumLines, whatever the number of entries', () => {
    for (const count of [0, 1, 499, 500, 501, 1234]) {
      const entries = Array.from({ length: count }, (_, i) => ({ path: `Imaging/CT ${i}/IM${i}.dcm`, sha256: i.toString(16).padStart(64, 'a') }));
      expect(Buffer.concat([...sha256sumPieces(entries)]).toString('utf8')).toBe(sha256sumLines(entries));
    }
    const named = [{ path: 'Übersicht/Befund é.pdf', sha256: 'f'.repeat(64) }];
    expect(Buffer.concat([...sha256sumPieces(named)])).toEqual(Buffer.from(sha256sumLines(named), 'utf8'));
  });
});
