import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPacket } from '../../src/verify/verify.js';
import { CraftedZip, writeOverlapBomb, writeRatioBomb } from '../support/bombs/verify.js';
import { makeTempDir } from '../support/tree.js';

/** B6: a hostile ZIP must be refused from its layout, before anything is inflated. */
describe('verify refuses ZIP bombs (B6)', () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  beforeAll(async () => { tmp = await makeTempDir(); });
  afterAll(() => tmp.cleanup());

  it('B6: refuses central entries that overlap one local entry, inflating nothing', async () => {
    // 300 × 32 MiB = 9.4 GiB to inflate if the entries were read one by one.
    const file = path.join(tmp.dir, 'overlap.zip');
    await writeOverlapBomb(file, 300, 32);
    const result = await verifyPacket(file);
    expect(result.valid).toBe(false);
    expect(result.checked).toBe(0);
    expect(result.findings.map((f) => f.code)).toEqual(['VERIFY_OVERLAPPING_ENTRIES']);
    expect(result.findings[0]?.message).toMatch(/^300 entries/);
  });

  it('B6: refuses an entry whose declared ratio no real packet has, before inflating it', async () => {
    const file = path.join(tmp.dir, 'ratio.zip');
    await writeRatioBomb(file, 256);
    const result = await verifyPacket(file);
    expect(result.valid).toBe(false);
    expect(result.findings.map((f) => [f.code, f.paths[0]])).toContainEqual(['VERIFY_RATIO_BOMB', 'Imaging/CT/0001.dcm']);
    expect(result.findings.map((f) => f.code)).not.toContain('VERIFY_CORRUPT_ENTRY');
  });

  // Held on main already (zip.js compares sizes while inflating); kept so that it stays held.
  it('stops an entry that inflates past the size it declares', async () => {
    const file = path.join(tmp.dir, 'lying.zip');
    await writeRatioBomb(file, 64, 1024);
    const result = await verifyPacket(file);
    expect(result.valid).toBe(false);
    const corrupt = result.findings.find((f) => f.code === 'VERIFY_CORRUPT_ENTRY');
    expect(corrupt?.paths).toEqual(['Imaging/CT/0001.dcm']);
  });

  it('B6: holds a whole packet to an inflation budget relative to its size', async () => {
    // Many entries, each too small to count as a ratio bomb, together 4 GiB from ~4 MB.
    const file = path.join(tmp.dir, 'many.zip');
    const zip = await CraftedZip.create(file);
    const names: string[] = [];
    for (let i = 0; i < 4096; i++) {
      const entry = await zip.zeros(`Other/${i}.txt`, 1);
      zip.list(entry);
      names.push(entry.name);
    }
    const manifest = await zip.stored('manifest-sha256.txt', Buffer.from(names.map((n) => `${'0'.repeat(64)}  ${n}\n`).join('')));
    zip.list(manifest);
    await zip.close();
    const result = await verifyPacket(file);
    expect(result.valid).toBe(false);
    expect(result.checked).toBe(0);
    expect(result.findings.map((f) => f.code)).toContain('VERIFY_RATIO_BOMB');
  });
});
