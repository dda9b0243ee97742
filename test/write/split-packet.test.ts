import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { Uint8ArrayReader, Uint8ArrayWriter, ZipReader, type FileEntry } from '@zip.js/zip.js';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/model/scan.js';
import { buildPacket, type BuildResult } from '../../src/pipeline/build.js';
import { scanCase } from '../../src/pipeline/scan.js';
import { planPacket } from '../../src/plan/plan.js';
import { packetSizeFinding } from '../../src/plan/split.js';
import { verifyPacket } from '../../src/verify/verify.js';
import { writeDicom, uidFor } from '../../tools/synth/dicom-writer.js';
import { makeReportPdf } from '../../tools/synth/report-pdf.js';
import { hasTool, run } from '../support/packet-tools.js';
import { hashTree, makeTempDir } from '../support/tree.js';

const LIMIT = 1_000_000;

async function entryPathsOf(zip: string): Promise<string[]> {
  const reader = new ZipReader(new Uint8ArrayReader(await readFile(zip)));
  try {
    return (await reader.getEntries()).map((e) => e.filename);
  } finally {
    await reader.close();
  }
}

/** Bytes that do not deflate, from a seed: DICOM that packs at about its own size, as real compressed imaging does. */
function noise(length: number, seed: string): Buffer {
  const out = Buffer.alloc(length);
  for (let offset = 0, i = 0; offset < length; i++) offset += createHash('sha256').update(`${seed}-${i}`).digest().copy(out, offset);
  return out;
}

/**
 * A case of about 2.6 MB: two reports, a small CT study (2 series, 300 KB),
 * a second CT (350 KB) and an MR study of 1.6 MB, alone over the 1 MB limit.
 */
async function writeSplitCase(root: string): Promise<void> {
  const put = async (rel: string, data: Uint8Array | string): Promise<void> => {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), data);
  };
  await put('reports/pathology.pdf', await makeReportPdf({ title: 'Surgical pathology report', fields: [['Patient', 'Test Patient'], ['Date', '2025-06-02']], sections: [{ heading: 'Diagnosis', blocks: ['Adenocarcinoma.'] }] }));
  await put('reports/ct-report.pdf', await makeReportPdf({ title: 'CT chest report', fields: [['Patient', 'Test Patient'], ['Date', '2025-07-01']], sections: [{ heading: 'Impression', blocks: ['No metastases.'] }] }));
  const studies = [
    { key: 'ct1', modality: 'CT', date: '20250701', series: 2, images: 3, bytes: 50_000 },
    { key: 'ct2', modality: 'CT', date: '20250901', series: 1, images: 5, bytes: 70_000 },
    { key: 'mr', modality: 'MR', date: '20251001', series: 4, images: 4, bytes: 100_000 },
  ];
  for (const s of studies) {
    for (let series = 1; series <= s.series; series++) {
      for (let i = 1; i <= s.images; i++) {
        await put(`CD/${s.key}/S${series}/IM${i}`, writeDicom({
          studyInstanceUid: uidFor(`split-${s.key}`), seriesInstanceUid: uidFor(`split-${s.key}-${series}`), sopInstanceUid: uidFor(`split-${s.key}-${series}-${i}`),
          modality: s.modality, studyDate: s.date, studyDescription: `${s.modality} STUDY`, seriesDescription: `SERIES ${series}`, seriesNumber: series, instanceNumber: i,
          patientName: 'PATIENT^TEST', patientId: 'P1', patientBirthDate: '19700101', rows: 8, columns: 8, pixelData: noise(s.bytes, `${s.key}-${series}-${i}`),
        }));
      }
    }
  }
  await put('casepack.yaml', 'patient:\n  name: "Test Patient"\n  birthDate: 1970-01-01\nquestions:\n  - "Is surgery still an option?"\n');
}

async function entryBytes(zip: string, name: string): Promise<Buffer> {
  const reader = new ZipReader(new Uint8ArrayReader(await readFile(zip)));
  try {
    const entry = (await reader.getEntries()).find((e): e is FileEntry => e.filename === name && !e.directory);
    return Buffer.from(await (entry as FileEntry).getData(new Uint8ArrayWriter()));
  } finally {
    await reader.close();
  }
}

describe('build --split on a synthetic case of a few MB with a 1 MB limit', () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  let root: string;
  let scan: ScanResult;
  let treeBefore: string;
  let result: BuildResult;

  beforeAll(async () => {
    tmp = await makeTempDir();
    root = path.join(tmp.dir, 'case');
    await writeSplitCase(root);
    treeBefore = await hashTree(root);
    scan = await scanCase(root, { ocr: { enabled: false } });
    await mkdir(path.join(tmp.dir, 'out'));
    result = await buildPacket(root, { output: path.join(tmp.dir, 'out', 'packet.zip'), scan, split: true, maxPacketBytes: LIMIT });
  }, 60_000);
  afterAll(() => tmp.cleanup());

  it('writes parts named packet.partN.zip, each with its .sha256, none over the limit', async () => {
    const parts = result.split?.parts ?? [];
    expect(result.written).toBe(true);
    expect(parts.length).toBeGreaterThanOrEqual(3);
    const names = parts.map((p) => path.basename(p.output));
    expect(names).toEqual(parts.map((_, i) => `packet.part${i + 1}.zip`));
    expect((await readdir(path.join(tmp.dir, 'out'))).sort()).toEqual(names.flatMap((n) => [n, `${n}.sha256`]).sort());
    for (const p of parts) expect(p.packetBytes, p.output).toBeLessThanOrEqual(LIMIT);
  });

  it('every part verifies on its own, against its own manifests and sidecar', async () => {
    expect(result.split?.parts.length).toBeGreaterThan(1);
    for (const p of result.split?.parts ?? []) {
      const verified = await verifyPacket(p.output);
      expect(verified.findings, p.output).toEqual([]);
      expect(verified.valid).toBe(true);
      expect(verified.anchor.comparedWith).toEqual(['sidecar']);
      expect(verified.anchor.sha256).toBe(p.packetSha256);
    }
  });

  it('the parts together hold the whole packet: nothing lost, nothing twice but the index', async () => {
    const partEntries = await Promise.all((result.split?.parts ?? []).map(async (p) => (await verifyPacket(p.output)).checked));
    expect(partEntries.every((n) => n > 0)).toBe(true);
    const all = (await Promise.all((result.split?.parts ?? []).map((p) => entryPathsOf(p.output)))).flat();
    const shared = new Set(['00_Index.pdf', 'manifest.json', 'manifest-sha256.txt']);
    const once = all.filter((p) => !shared.has(p));
    expect(new Set(once).size).toBe(once.length);
    // The whole packet as one ZIP would hold: every entry of the plan.
    const whole = planPacket(scan, undefined).entries.map((e) => e.path).filter((p) => !shared.has(p));
    expect(once.sort()).toEqual(whole.sort());
  });

  it('keeps the documents in part 1 and spreads only the study that is alone over the limit', async () => {
    const [first, ...others] = await Promise.all((result.split?.parts ?? []).map((p) => entryPathsOf(p.output)));
    expect(first).toEqual(expect.arrayContaining(['00_Cover_Letter.pdf', '00_Treatment_Summary.pdf', '00_Index.pdf']));
    expect(first?.some((p) => p.startsWith('Imaging/'))).toBe(false);
    const studyParts = (prefix: string): number => others.filter((list) => list.some((p) => p.startsWith(prefix))).length;
    expect(studyParts('Imaging/CT_2025-07-01')).toBe(1);
    expect(studyParts('Imaging/CT_2025-09-01')).toBe(1);
    expect(studyParts('Imaging/MR_2025-10-01')).toBeGreaterThan(1);
    expect(result.findings.map((f) => f.code)).toContain('PACKET_STUDY_SPLIT');
    expect(result.findings.map((f) => f.code)).not.toContain('PACKET_TOO_LARGE_TO_UPLOAD');
  });

  it.skipIf(!hasTool('pdftotext'))('every part carries the same index, which lists the parts and marks each row with its part', async () => {
    const parts = result.split?.parts ?? [];
    const indexes = await Promise.all(parts.map((p) => entryBytes(p.output, '00_Index.pdf')));
    for (const index of indexes) expect(index.equals(indexes[0] as Buffer)).toBe(true);
    const file = path.join(tmp.dir, 'index.pdf');
    await writeFile(file, indexes[0] as Buffer);
    const text = run('pdftotext', ['-layout', file, '-']).stdout;
    expect(text).toContain(`This packet comes in ${parts.length} parts`);
    expect(text).toContain('Part 2: packet.part2.zip');
    expect(text).toMatch(/\(parts \d, \d/);
  });

  it('warns from the plan alone when the packet is over the limit, not below it; never touches the case folder', async () => {
    const plan = planPacket(scan, undefined);
    const warning = packetSizeFinding(plan, LIMIT);
    expect(warning?.severity).toBe('warning');
    expect(warning?.hint).toContain('--split');
    expect(warning?.details?.['estimatedBytes']).toBeGreaterThan(2_000_000);
    expect(packetSizeFinding(plan, 10_000_000)).toBeUndefined();
    expect(await hashTree(root)).toBe(treeBefore);
  });
});
