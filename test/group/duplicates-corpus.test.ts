import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanCase } from '../../src/pipeline/scan.js';
import { planPacket } from '../../src/plan/plan.js';
import type { PacketPlan } from '../../src/plan/schema.js';
import { rankEncodings } from '../../src/group/duplicates.js';
import type { FileEntry, ScanResult } from '../../src/model/scan.js';
import { corpusAvailable } from '../support/corpus.js';
import { CORPUS_DIR } from '../support/tree.js';

/** dcmtk re-encodes corpus images keeping their SOP Instance UID (`+un`): the same image in other bytes. */
function hasDcmtk(): boolean {
  try {
    execFileSync('dcmconv', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const dcmtk = hasDcmtk();
if (!dcmtk) console.warn('\n*** dcmtk (dcmconv, dcmcjpeg) not found: the re-encoded part of the duplicate check set is SKIPPED ***\n');

/** Re-encodings made here, by transfer syntax: what must be packed and what left out. */
const REENCODINGS: [string, string, string[]][] = [
  ['reenc/CT_implicit.dcm', 'dcmconv', ['+ti', 'CT_small.dcm']],
  ['reenc/CT_jpeg_lossless.dcm', 'dcmcjpeg', ['+el', '+un', 'CT_small.dcm']],
  ['reenc/CT_rle.dcm', 'dcmcrle', ['+un', 'CT_small.dcm']],
  ['reenc/MR_jpeg_baseline.dcm', 'dcmcjpeg', ['+eb', '+un', 'MR_small_implicit.dcm']],
];

describe.skipIf(!corpusAvailable)('duplicates over real DICOM and slides, their copies and re-encodings', () => {
  let root = '';
  let scan: ScanResult;
  let plan: PacketPlan;
  const bytes = (rel: string): Promise<Buffer> => readFile(path.join(root, rel));

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'casepack-dups-'));
    await cp(path.join(CORPUS_DIR, 'dicom'), path.join(root, 'dicom'), { recursive: true });
    await cp(path.join(CORPUS_DIR, 'slides'), path.join(root, 'slides'), { recursive: true });
    await mkdir(path.join(root, 'z-copies'));
    // True duplicates: the same bytes under another name.
    for (const [from, to] of [['dicom/CT_small.dcm', 'z-copies/CT_small.dcm'], ['dicom/MR_small_RLE.dcm', 'z-copies/MR_small_RLE.dcm'], ['slides/CMU-1-Small-Region.svs', 'z-copies/CMU-1-Small-Region.svs']] as const) {
      await cp(path.join(root, from), path.join(root, to));
    }
    if (dcmtk) {
      await mkdir(path.join(root, 'reenc'));
      for (const [out, tool, args] of REENCODINGS) {
        const input = path.join(root, 'dicom', args.at(-1) ?? '');
        execFileSync(tool, [...args.slice(0, -1), input, path.join(root, out)], { stdio: 'ignore' });
      }
    }
    scan = await scanCase(root);
    plan = planPacket(scan, undefined);
  }, 120_000);
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('leaves a file out as a duplicate only when its bytes are those of the file it copies', async () => {
    const byPath = new Map(scan.files.map((f) => [f.path, f]));
    const duplicates = plan.leftOut.filter((l) => l.reason === 'duplicate');
    for (const left of duplicates) {
      const original = byPath.get(left.source)?.duplicateOf ?? '';
      expect(left.detail).toBe(`same content as ${original}`);
      expect((await bytes(left.source)).equals(await bytes(original)), `${left.source} vs ${original}`).toBe(true);
    }
    expect(duplicates.map((l) => l.source).sort()).toEqual(['z-copies/CMU-1-Small-Region.svs', 'z-copies/CT_small.dcm', 'z-copies/MR_small_RLE.dcm']);
  });

  it('never calls the same image in other bytes "same content"; it keeps the higher-fidelity copy in the packet', async () => {
    const packed = new Set(plan.entries.flatMap((e) => (e.kind === 'copy' ? [e.source] : [])));
    const byPath = new Map(scan.files.map((f) => [f.path, f]));
    const others = plan.leftOut.filter((l) => l.reason === 'same-image-other-encoding');
    for (const left of others) {
      const kept = byPath.get(left.source)?.otherEncodingOf ?? '';
      expect(packed.has(kept), kept).toBe(true);
      expect((await bytes(left.source)).equals(await bytes(kept))).toBe(false);
      expect(byPath.get(left.source)?.dicom?.sopInstanceUid).toBe(byPath.get(kept)?.dicom?.sopInstanceUid);
      expect(left.detail).toMatch(/^same image \(SOP Instance UID\) in another encoding: kept /);
    }
    // The lossless and uncompressed variants of MR_small give way to the uncompressed one; the cut-short copy too.
    expect(others.map((l) => l.source)).toEqual(expect.arrayContaining(['dicom/MR_small_RLE.dcm', 'dicom/MR_small_jp2klossless.dcm', 'dicom/MR_small_jpeg_ls_lossless.dcm', 'dicom/MR_truncated.dcm']));
    // Two uncompressed encodings cannot be ranked: both are packed.
    expect(packed.has('dicom/MR_small_implicit.dcm') && packed.has('dicom/MR_small_bigendian.dcm')).toBe(true);
    expect(plan.leftOut.find((l) => l.source === 'dicom/MR_truncated.dcm')?.detail).toContain('cut short');
  });

  it.skipIf(!dcmtk)('ranks re-encodings: uncompressed over lossless over lossy, ties kept', () => {
    const reasonOf = (source: string): string | undefined => plan.leftOut.find((l) => l.source === source)?.reason;
    expect(reasonOf('reenc/CT_implicit.dcm')).toBeUndefined();
    expect(reasonOf('dicom/CT_small.dcm')).toBeUndefined();
    expect(reasonOf('reenc/CT_jpeg_lossless.dcm')).toBe('same-image-other-encoding');
    expect(reasonOf('reenc/CT_rle.dcm')).toBe('same-image-other-encoding');
    expect(reasonOf('reenc/MR_jpeg_baseline.dcm')).toBe('same-image-other-encoding');
    expect(plan.leftOut.find((l) => l.source === 'reenc/MR_jpeg_baseline.dcm')?.detail).toContain('this copy is lossy');
    expect(scan.findings.map((f) => f.code)).toContain('DICOM_SAME_IMAGE_OTHER_ENCODING');
  });
});

describe('rankEncodings', () => {
  const dicom = (path: string, transferSyntaxUid?: string): FileEntry => ({
    path, size: 1, mtimeMs: 0, family: 'dicom', dicom: { hasPreamble: true, kind: 'image', sopInstanceUid: '1.2', ...(transferSyntaxUid ? { transferSyntaxUid } : {}) },
  });

  it('keeps every copy when an encoding is unknown or the best ones tie', () => {
    // Only one copy has a known encoding: there is nothing to rank it against.
    expect(rankEncodings([dicom('a'), dicom('b', '1.2.840.10008.1.2.4.50')], new Set())).toBeUndefined();
    expect(rankEncodings([dicom('a', '1.2.840.10008.1.2'), dicom('b', '1.2.840.10008.1.2.1')], new Set())).toBeUndefined();
    expect(rankEncodings([dicom('a', '9.9.9'), dicom('b', '1.2.840.10008.1.2.4.50')], new Set())).toBeUndefined();
  });

  it('prefers lossless to lossy and a complete copy to a cut-short one', () => {
    expect(rankEncodings([dicom('a', '1.2.840.10008.1.2.4.50'), dicom('b', '1.2.840.10008.1.2.4.90')], new Set())).toEqual({ kept: 'b', others: ['a'] });
    expect(rankEncodings([dicom('a', '1.2.840.10008.1.2.1'), dicom('b', '1.2.840.10008.1.2.4.51')], new Set(['a']))).toEqual({ kept: 'b', others: ['a'] });
  });
});
