import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { scanCase } from '../../src/pipeline/scan.js';
import { ProbeHelper } from '../../src/probe/probe-helper.js';
import type { ProbeTarget } from '../../src/probe/index.js';
import { renderScanJsonChunks } from '../../src/report/scan-json.js';
import { writeDicom, writeDicomdir } from '../../tools/synth/dicom-writer.js';
import { hashTree, makeTempDir } from '../support/tree.js';

const DICOM_FILES = 150;

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
afterEach(async () => cleanup());

/** A small CD with every kind of file the helper thread takes or leaves, damaged ones too: more than two batches, so the helper gets two. */
async function mixedCase(root: string): Promise<void> {
  const entries = [];
  for (let i = 0; i < DICOM_FILES; i++) {
    const fileId = `SE${i % 3}/IM${String(i).padStart(4, '0')}`;
    entries.push({ fileId, patientName: 'Doe^Jane', patientId: 'P1', studyInstanceUid: '1.2.3', modality: 'CT' });
    const bytes = writeDicom({
      patientName: i === 7 ? 'Müller^Jürgen' : 'Doe^Jane', specificCharacterSet: i === 7 ? 'ISO_IR 192' : undefined,
      patientId: 'P1', studyInstanceUid: '1.2.3', seriesInstanceUid: `1.2.3.${i % 3}`, modality: 'CT',
      studyDate: '20250912', instanceNumber: i + 1, rows: 64, columns: 64,
      pixelData: { length: 64 * 64 * 2 }, truncateBytes: i === 11 ? 3000 : undefined,
      transferSyntax: i === 13 ? 'implicit-le' : i === 17 ? 'explicit-be' : undefined,
    });
    await mkdir(path.join(root, path.dirname(fileId)), { recursive: true });
    await writeFile(path.join(root, fileId), i === 19 ? bytes.subarray(0, 200) : bytes);
  }
  entries.push({ fileId: 'SE9/GONE', patientName: 'Doe^Jane', patientId: 'P1', studyInstanceUid: '1.2.3', modality: 'CT' });
  await writeFile(path.join(root, 'DICOMDIR'), writeDicomdir({ entries }));
  await writeFile(path.join(root, 'empty.dat'), '');
  await writeFile(path.join(root, 'mystery.bin'), Buffer.from([0, 1, 2, 3, 250, 251, 252, 253, 7, 8, 9]));
  await writeFile(path.join(root, 'notes.txt'), 'Bring the CD and the biopsy report to the appointment.\n');
  await writeFile(path.join(root, 'report.pdf'), '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
}

async function scanJson(root: string, probeHelper: boolean): Promise<string> {
  const scan = await scanCase(root, { probeHelper, ocr: { enabled: false }, today: new Date('2026-12-01') });
  return [...renderScanJsonChunks(scan, { includeText: true, includeIdentity: true })].join('');
}

describe('probing on a helper thread', () => {
  it('gives the same scan, byte for byte, as probing on the main thread alone', async () => {
    await mixedCase(dir);
    const before = await hashTree(dir);
    const alone = await scanJson(dir, false);
    const answers = vi.spyOn(ProbeHelper.prototype, 'result');
    const helped = await scanJson(dir, true);
    // The helper thread did probe files (its first two batches are sent before the main thread starts).
    expect(answers.mock.results.filter((r) => r.value !== undefined).length).toBeGreaterThanOrEqual(128);
    answers.mockRestore();
    expect(helped).toBe(alone);
    // The case is one the helper thread has work in: DICOM headers, a DICOMDIR, damaged files.
    const parsed = JSON.parse(alone) as { summary: { byFamily: Record<string, number> }; findings: Array<{ code: string }> };
    expect(parsed.summary.byFamily['dicom']).toBe(DICOM_FILES);
    expect(parsed.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['DICOM_TRUNCATED', 'DICOMDIR_MISSING_FILES', 'FILE_EMPTY']));
    expect(await hashTree(dir)).toBe(before);
  }, 60_000);

  it('hands back the batches of a helper that dies, so every file is probed once', async () => {
    await mixedCase(dir);
    const targets: ProbeTarget[] = [];
    for (let i = 0; i < 300; i++) targets.push({ relPath: `f${i}`, absPath: path.join(dir, 'DICOMDIR'), size: 1 });
    const helper = new ProbeHelper({}, 0);
    for (const target of targets) helper.offer(target);
    // The worker is stopped under it, as a crash would (once started: its module loads first).
    const internals = helper as unknown as { worker?: { terminate(): Promise<number> } };
    await vi.waitFor(() => expect(internals.worker).toBeDefined(), { timeout: 30_000 });
    await internals.worker?.terminate();
    const takenHere = new Set<string>();
    do {
      for (let batch = helper.takeBatch(); batch; batch = helper.takeBatch()) for (const t of batch) takenHere.add(t.relPath);
      await helper.settle();
    } while (helper.hasQueued());
    helper.close();
    for (const t of targets) expect(takenHere.has(t.relPath) !== (helper.result(t.relPath) !== undefined)).toBe(true);
  }, 60_000);
});
