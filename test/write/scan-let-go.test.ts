import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/model/scan.js';
import { buildPacket } from '../../src/pipeline/build.js';
import { scanFixtureCase, writeFixtureCase, type FixtureCase } from '../support/packet-fixtures.js';
import { makeTempDir } from '../support/tree.js';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/**
 * Issue 15: a 20,000-file case's per-file records (DicomInfo, classifications,
 * paths) held through the ZIP step were most of the build's growth with the
 * number of files. The build hands the scan to the writer, which lets go of it
 * once the index is drawn; a change that holds it again (a Map of the scan's
 * files in the writer, a local in the pipeline) fails here.
 */
describe('the build lets go of the scan before the ZIP step', () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  let fixture: FixtureCase;

  beforeAll(async () => {
    tmp = await makeTempDir();
    fixture = await writeFixtureCase(path.join(tmp.dir, 'case'));
    await mkdir(path.join(tmp.dir, 'out'));
  });
  afterAll(() => tmp.cleanup());

  /** Builds from a scan only `keep` (when given) and the build hold; says whether it was still alive when packing began. */
  async function aliveWhenPacking(name: string, keep?: (scan: ScanResult) => void): Promise<boolean> {
    let scanRef: WeakRef<ScanResult> | undefined;
    let alive: boolean | undefined;
    const building = (async () => {
      const scan = await scanFixtureCase(fixture.root);
      scanRef = new WeakRef(scan);
      keep?.(scan);
      return buildPacket(fixture.root, {
        output: path.join(tmp.dir, 'out', `${name}.zip`),
        scan,
        onProgress: (p) => {
          if (p.phase !== 'zip' || alive !== undefined) return;
          collectGarbage();
          alive = scanRef?.deref() !== undefined;
        },
      });
    })();
    const result = await building;
    expect(result.written).toBe(true);
    return alive as boolean;
  }

  it('is collectable once the ZIP step starts when the caller keeps no reference', async () => {
    expect(await aliveWhenPacking('released')).toBe(false);
  });

  it('stays when the caller keeps it (so the check above can see a held scan)', async () => {
    const held: ScanResult[] = [];
    expect(await aliveWhenPacking('held', (scan) => held.push(scan))).toBe(true);
    expect(held).toHaveLength(1);
  });
});
