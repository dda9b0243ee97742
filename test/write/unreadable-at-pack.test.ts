import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildExitStatus } from '../../src/cli/commands/build.js';
import { buildPacket } from '../../src/pipeline/build.js';
import { scanCase } from '../../src/pipeline/scan.js';
import { writeDicom } from '../../tools/synth/dicom-writer.js';
import { makeReportPdf } from '../../tools/synth/report-pdf.js';
import { makeCase } from '../support/failure-case.js';
import { makeTempDir } from '../support/tree.js';

/**
 * B7: a file that cannot be read when the packet is made (permissions changed,
 * a bad sector: EACCES/EIO) stopped `build` with exit 3 ("please report this")
 * while scan and check call it WALK_UNREADABLE. Root reads anything, so the
 * file system refuses paths holding `LOCKED` here while `refuse` is set
 * (after the scan): open, readFile and read streams, as it would for a user.
 */
const fsState = vi.hoisted(() => ({ refuse: false }));
const eacces = (p: unknown): Error => Object.assign(new Error(`EACCES: permission denied, open '${String(p)}'`), { code: 'EACCES', errno: -13, syscall: 'open' });
const locked = (p: unknown): boolean => fsState.refuse && String(p).includes('LOCKED');

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const guarded = {
    ...actual,
    open: (async (p: string, ...rest: unknown[]) => { if (locked(p)) throw eacces(p); return (actual.open as (...a: unknown[]) => unknown)(p, ...rest); }) as typeof actual.open,
    readFile: (async (p: string, ...rest: unknown[]) => { if (locked(p)) throw eacces(p); return (actual.readFile as (...a: unknown[]) => unknown)(p, ...rest); }) as typeof actual.readFile,
  };
  return { ...guarded, default: guarded };
});
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  const { Readable } = await import('node:stream');
  const createReadStream = ((p: string, ...rest: unknown[]) => {
    if (!locked(p)) return (actual.createReadStream as (...a: unknown[]) => unknown)(p, ...rest);
    const failing = new Readable({ read() { this.destroy(eacces(p)); } });
    return failing;
  }) as typeof actual.createReadStream;
  return { ...actual, createReadStream, default: { ...actual, createReadStream } };
});

let temp: { dir: string; cleanup: () => Promise<void> };
let caseDir = '';
beforeAll(async () => {
  temp = await makeTempDir('casepack-unreadable-pack-');
  caseDir = path.join(temp.dir, 'case');
  await makeCase(caseDir, 4096, 2);
  await writeFile(path.join(caseDir, 'CT', 'LOCKED03'), writeDicom({
    patientName: 'FAIL^TEST', patientId: 'F1', modality: 'CT', studyDate: '20240301', instanceNumber: 3,
    studyInstanceUid: '1.2.826.0.1.3680043.10.999.1', seriesInstanceUid: '1.2.826.0.1.3680043.10.999.1.1',
    sopInstanceUid: '1.2.826.0.1.3680043.10.999.1.1.3', rows: 8, columns: 8, pixelData: Buffer.alloc(4096, 7),
  }));
  await mkdir(path.join(caseDir, 'Letters'));
  await writeFile(path.join(caseDir, 'Letters', 'LOCKED-letter.pdf'), await makeReportPdf({ title: 'Surgical Pathology Report', fields: [['Date of procedure', '12/10/2025']], sections: [{ heading: 'Summary', blocks: ['Text.'] }] }));
}, 60_000);
afterAll(async () => temp.cleanup());

describe('a source unreadable at packing time (B7)', () => {
  it('is left out with WALK_UNREADABLE and named in the packet\'s left-out list; the packet is written, exit 1', async () => {
    const scan = await scanCase(caseDir, { ocr: { enabled: false } });
    const out = path.join(temp.dir, 'out');
    await mkdir(out);
    fsState.refuse = true;
    let result;
    try {
      result = await buildPacket(caseDir, { output: path.join(out, 'packet.zip'), scan, caseFile: undefined });
    } finally {
      fsState.refuse = false;
    }
    expect(result.written).toBe(true);
    const unreadable = result.findings.filter((f) => f.code === 'WALK_UNREADABLE');
    expect(unreadable.map((f) => f.paths).sort()).toEqual([['CT/LOCKED03'], ['Letters/LOCKED-letter.pdf']]);
    expect(unreadable.every((f) => f.details?.['reason'] === 'EACCES')).toBe(true);
    const packedSources = result.manifest?.entries.flatMap((e) => e.sources) ?? [];
    expect(packedSources).toContain('CT/IM0001');
    expect(packedSources.filter((s) => s.includes('LOCKED'))).toEqual([]);
    expect(result.manifest?.leftOut.filter((l) => l.source.includes('LOCKED')).map((l) => [l.source, l.reason])).toEqual([
      ['CT/LOCKED03', 'problem-file'],
      ['Letters/LOCKED-letter.pdf', 'problem-file'],
    ]);
    const leftOut = result.plan.leftOut.filter((l) => l.source.includes('LOCKED'));
    expect(leftOut.map((l) => [l.source, l.reason, l.codes])).toEqual([
      ['CT/LOCKED03', 'problem-file', ['WALK_UNREADABLE']],
      ['Letters/LOCKED-letter.pdf', 'problem-file', ['WALK_UNREADABLE']],
    ]);
    expect(buildExitStatus(result, 'complete')).toBe(1);
    expect((await readdir(out)).filter((n) => n.endsWith('.partial'))).toEqual([]);
  }, 60_000);
});
