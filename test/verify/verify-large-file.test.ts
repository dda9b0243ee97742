import { open } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileHandleReader } from '../../src/verify/file-reader.js';
import { makeTempDir } from '../support/tree.js';

describe('FileHandleReader', () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  beforeAll(async () => { tmp = await makeTempDir(); });
  afterAll(() => tmp.cleanup());

  it('reads past 4 GiB, where a ZIP64 packet keeps its central directory', async () => {
    // Sparse: costs no disk, but offsets and size are those of a 5 GiB packet.
    const file = path.join(tmp.dir, 'big.bin');
    const size = 5 * 1024 ** 3 + 123;
    const handle = await open(file, 'w');
    await handle.truncate(size);
    await handle.write(Buffer.from('END-OF-CENTRAL-DIR'), 0, 18, size - 18);
    await handle.close();
    const reader = new FileHandleReader(file);
    await reader.init();
    try {
      expect(reader.size).toBe(size);
      expect(Buffer.from(await reader.readUint8Array(size - 18, 18)).toString()).toBe('END-OF-CENTRAL-DIR');
      // Asking past the end gives what is there, as zip.js expects.
      expect((await reader.readUint8Array(size - 4, 100)).length).toBe(4);
    } finally {
      await reader.close();
    }
  });
});
