/**
 * Olympus VSI: the `.vsi` plus its `_<name>_/stackN/frame_t.ets` folder is one
 * slide, probed, scanned and packed together (tools/synth/vsi-writer.ts).
 */
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlideInfoSchema } from '../../src/model/scan.js';
import { scanCase } from '../../src/pipeline/scan.js';
import { buildPacket } from '../../src/pipeline/build.js';
import { planPacket } from '../../src/plan/plan.js';
import { probeFile } from '../../src/probe/index.js';
import { buildEts, writeVsiSlide } from '../../tools/synth/vsi-writer.js';
import { hasTool, run } from '../support/packet-tools.js';
import { hashTree, makeTempDir } from '../support/tree.js';

let dir = '';
let cleanup: () => Promise<void> = async () => undefined;
beforeAll(async () => ({ dir, cleanup } = await makeTempDir()));
afterAll(async () => cleanup());

async function probe(file: string) {
  return probeFile({ relPath: path.relative(dir, file).split(path.sep).join('/'), absPath: file, size: (await stat(file)).size });
}

describe('Olympus VSI probe', () => {
  it('a .vsi with its folder is an olympus slide described from the largest ETS stack, without touching the folder', async () => {
    const file = await writeVsiSlide(dir, 'Biopsy A', { scan: { width: 4096, height: 2048, levels: 4, compression: 3 } });
    const before = await hashTree(dir);
    const out = await probe(file);
    expect(await hashTree(dir)).toBe(before);
    expect(out.findings).toEqual([]);
    expect(out.family).toBe('slide');
    expect(SlideInfoSchema.parse(out.slide)).toMatchObject({ vendor: 'olympus', container: 'tiff', width: 4096, height: 2048, levels: 4, compression: 'jpeg2000', tiled: true });
  });

  it('a .vsi without its folder → VSI_MISSING_FOLDER naming the folder to copy', async () => {
    const out = await probe(await writeVsiSlide(dir, 'alone', { withFolder: false }));
    expect(out.family).toBe('slide');
    expect(out.slide?.vendor).toBe('olympus');
    expect(out.findings.map((f) => f.code)).toEqual(['VSI_MISSING_FOLDER']);
    expect(out.findings[0]?.details).toEqual({ expectedFolder: '_alone_' });
  });

  it('a folder without frame_t.ets, or a cut-short ETS, is reported', async () => {
    const empty = await writeVsiSlide(dir, 'empty', { withFolder: false });
    await mkdir(path.join(dir, '_empty_', 'stack1'), { recursive: true });
    await writeFile(path.join(dir, '_empty_', 'stack1', 'blob_0.ets'), buildEts({ width: 512, height: 512, levels: 1 }));
    expect((await probe(empty)).findings.map((f) => f.code)).toEqual(['VSI_MISSING_FOLDER']);

    const cut = await writeVsiSlide(dir, 'cut', { withOverviewStack: false, scan: { width: 2048, height: 2048, levels: 2, tileBytes: 4096, cutBytes: 2000 } });
    const out = await probe(cut);
    expect(out.findings.map((f) => f.code)).toEqual(['SLIDE_TRUNCATED']);
    expect(out.findings[0]?.details).toEqual({ file: '_cut_/stack1/frame_t.ets' });
  });

  it('an ETS frame file is slide data of the olympus family, not an unknown file', async () => {
    const frame = path.join(dir, 'loose.ets');
    await writeFile(frame, buildEts({ width: 1024, height: 1024, levels: 2 }));
    const out = await probe(frame);
    // A frame outside a _<name>_/stackN folder with its .vsi beside it is no usable slide: said (issue 12).
    expect(out).toMatchObject({ family: 'slide', slide: { vendor: 'olympus', container: 'ets', width: 1024, height: 1024, levels: 2 } });
    expect(out.findings.map((f) => f.code)).toEqual(['VSI_FILE_MISSING']);
    const damaged = Buffer.alloc(64);
    damaged.write('SIS\0', 0, 'latin1');
    damaged.writeUInt32LE(64, 4); // an ETS header size, then zero dimensions
    await writeFile(frame, damaged);
    expect((await probe(frame)).findings.map((f) => f.code)).toEqual(['TIFF_UNREADABLE']);
    await rm(frame);
  });

  it('a _<name>_ folder copied without its .vsi: each frame says so, with the .vsi beside it nothing is said', async () => {
    const stack = path.join(dir, '_Lost slide_', 'stack1');
    await mkdir(stack, { recursive: true });
    const frame = path.join(stack, 'frame_t.ets');
    await writeFile(frame, buildEts({ width: 512, height: 512, levels: 1 }));
    const alone = await probe(frame);
    expect(alone.findings.map((f) => f.code)).toEqual(['VSI_FILE_MISSING']);
    expect(alone.findings[0]?.hint).toContain('Copy the .vsi file that goes with the folder');
    await writeFile(path.join(dir, 'Lost slide.VSI'), Buffer.from('II*\0'));
    expect((await probe(frame)).findings).toEqual([]);
  });
});

describe('Olympus VSI in the scan and the packet plan', () => {
  it('packs the .vsi with its folder under paired names; the frames are neither separate slides nor Other', async () => {
    const { dir: root, cleanup: done } = await makeTempDir();
    try {
      await mkdir(path.join(root, 'slides'));
      await writeVsiSlide(path.join(root, 'slides'), 'S 1');
      // A slide sorted first takes the plain name S_1 (and _S_1_); the other pair moves to S_1_2 together.
      await writeVsiSlide(root, 'S_1', { withFolder: false, overviewWidth: 640 });
      const scan = await scanCase(root);
      const frames = scan.files.filter((f) => f.path.endsWith('.ets'));
      expect(frames.map((f) => [f.family, f.slide?.container])).toEqual([['slide', 'ets'], ['slide', 'ets']]);
      // The slide has no date; its frames add no finding of their own.
      expect(scan.findings.map((f) => [f.code, f.paths])).toEqual([['VSI_MISSING_FOLDER', ['S_1.vsi']], ['DATE_MISSING', ['S_1.vsi']], ['DATE_MISSING', ['slides/S 1.vsi']]]);
      const plan = planPacket(scan, undefined);
      const copies = plan.entries.filter((e) => e.kind === 'copy').map((e) => (e.kind === 'copy' ? [e.path, e.source, e.role] : []));
      expect(copies.filter((c) => String(c[0]).startsWith('Slides/'))).toEqual([
        ['Slides/S_1.vsi', 'S_1.vsi', 'slide'],
        ['Slides/S_1_2.vsi', 'slides/S 1.vsi', 'slide'],
        ['Slides/_S_1_2_/stack1/frame_t.ets', 'slides/_S 1_/stack1/frame_t.ets', 'slide-data'],
        ['Slides/_S_1_2_/stack10001/frame_t.ets', 'slides/_S 1_/stack10001/frame_t.ets', 'slide-data'],
      ]);
      expect(copies.some((c) => String(c[0]).startsWith('Other/'))).toBe(false);
    } finally {
      await done();
    }
  });

  it.skipIf(!hasTool('unzip'))('the built packet holds the .vsi and its folder byte for byte, the frames stored', async () => {
    const { dir: root, cleanup: done } = await makeTempDir();
    try {
      await mkdir(path.join(root, 'case'));
      await writeVsiSlide(path.join(root, 'case'), 'H&E A1');
      const packet = path.join(root, 'packet.zip');
      expect((await buildPacket(path.join(root, 'case'), { output: packet })).written).toBe(true);
      const methods = run('unzip', ['-Z', packet]).stdout.split('\n').filter((l) => l.includes(' Slides/')).map((l) => l.trim().split(/\s+/)[5]);
      const names = run('unzip', ['-Z1', packet]).stdout.trim().split('\n').filter((n) => n.startsWith('Slides/'));
      expect(names).toEqual(['Slides/H_E_A1.vsi', 'Slides/_H_E_A1_/stack1/frame_t.ets', 'Slides/_H_E_A1_/stack10001/frame_t.ets']);
      // .vsi and .ets are already compressed slide data: stored, not deflated again.
      expect(methods).toEqual(['stor', 'stor', 'stor']);
      run('unzip', ['-q', packet, 'Slides/*', '-d', path.join(root, 'out')]);
      for (const stack of ['stack1', 'stack10001']) {
        const packed = await readFile(path.join(root, 'out', 'Slides', '_H_E_A1_', stack, 'frame_t.ets'));
        expect(packed.equals(await readFile(path.join(root, 'case', '_H&E A1_', stack, 'frame_t.ets'))), stack).toBe(true);
      }
    } finally {
      await done();
    }
  });
});
