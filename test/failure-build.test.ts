import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDicom } from '../src/synth/dicom-writer.js';
import { makeReportPdf } from '../src/synth/report-pdf.js';
import { buildPacket } from '../src/write/build.js';
import { hashTree, makeTempDir } from './support/tree.js';

/**
 * A build that fails must say so clearly, leave nothing at the target that
 * could pass for a packet, remove its temp files, and never touch the case.
 */

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'bin/casepack');
const distReady = existsSync(path.join(ROOT, 'dist/cli/main.js'));

let temp: { dir: string; cleanup: () => Promise<void> };
let caseDir: string;

/** A small but real case: CT slices with incompressible pixels (stored, not deflated) and two reports. */
async function makeCase(dir: string, sliceBytes: number, slices: number): Promise<void> {
  await mkdir(path.join(dir, 'CT'), { recursive: true });
  for (let i = 1; i <= slices; i++) {
    await writeFile(path.join(dir, 'CT', `IM${String(i).padStart(4, '0')}`), writeDicom({
      patientName: 'FAIL^TEST', patientId: 'F1', modality: 'CT', studyDate: '20240301', instanceNumber: i,
      studyInstanceUid: '1.2.826.0.1.3680043.10.999.1', seriesInstanceUid: '1.2.826.0.1.3680043.10.999.1.1',
      sopInstanceUid: `1.2.826.0.1.3680043.10.999.1.1.${i}`, rows: 8, columns: 8, pixelData: randomBytes(sliceBytes),
    }));
  }
  for (const [name, title] of [['pathology.pdf', 'Surgical Pathology Report'], ['discharge.pdf', 'Discharge Summary']] as const) {
    await writeFile(path.join(dir, name), await makeReportPdf({ title, fields: [['Date of procedure', '12/09/2025']], sections: [{ heading: 'Summary', blocks: ['Text.'] }] }));
  }
}

/** Everything left in `dir`, to prove a failed build left no packet, no partial file and no staging folder. */
async function leftovers(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

beforeAll(async () => {
  temp = await makeTempDir('casepack-failure-');
  caseDir = path.join(temp.dir, 'case');
  await makeCase(caseDir, 256 * 1024, 4);
}, 120_000);
afterAll(async () => temp?.cleanup());

describe('build failures in the library', () => {
  it('a source that disappears mid-build: no packet, a BUILD_SOURCE_CHANGED finding naming it', async () => {
    const own = path.join(temp.dir, 'vanishing-case');
    await makeCase(own, 1024, 3);
    const out = path.join(temp.dir, 'out-vanish');
    await mkdir(out);
    const victim = path.join(own, 'CT', 'IM0003');
    let removed = false;
    const result = await buildPacket(own, {
      output: path.join(out, 'packet.zip'),
      onProgress: (p) => {
        if (p.phase === 'zip' && !removed) { removed = true; execFileSync('rm', [victim]); }
      },
    });
    expect(removed).toBe(true);
    expect(result.written).toBe(false);
    expect(result.findings.filter((f) => f.code === 'BUILD_SOURCE_CHANGED').map((f) => f.paths)).toEqual([['CT/IM0003']]);
    expect(await leftovers(out)).toEqual([]);
  }, 120_000);

  it('a source that grows mid-build: no packet, the change is reported', async () => {
    const own = path.join(temp.dir, 'growing-case');
    await makeCase(own, 1024, 2);
    const out = path.join(temp.dir, 'out-grow');
    await mkdir(out);
    let grown = false;
    const result = await buildPacket(own, {
      output: path.join(out, 'packet.zip'),
      onProgress: (p) => {
        if (p.phase === 'zip' && !grown) { grown = true; execFileSync('sh', ['-c', 'printf more >> "$1"', 'sh', path.join(own, 'CT', 'IM0002')]); }
      },
    });
    expect(result.written).toBe(false);
    expect(result.findings.map((f) => f.code)).toContain('BUILD_SOURCE_CHANGED');
    expect(await leftovers(out)).toEqual([]);
    await unlink(path.join(own, 'CT', 'IM0002'));
  }, 120_000);

  it('a source whose date alone changes mid-build (same size): no packet, the change is reported', async () => {
    const own = path.join(temp.dir, 'touched-case');
    await makeCase(own, 1024, 2);
    const out = path.join(temp.dir, 'out-touch');
    await mkdir(out);
    let touched = false;
    const result = await buildPacket(own, {
      output: path.join(out, 'packet.zip'),
      onProgress: (p) => {
        if (p.phase === 'zip' && !touched) { touched = true; execFileSync('touch', ['-d', '2030-01-01', path.join(own, 'CT', 'IM0001')]); }
      },
    });
    expect(touched).toBe(true);
    expect(result.written).toBe(false);
    expect(result.findings.filter((f) => f.code === 'BUILD_SOURCE_CHANGED').map((f) => f.paths)).toEqual([['CT/IM0001']]);
    expect(await leftovers(out)).toEqual([]);
  }, 120_000);
});

describe.skipIf(!distReady)('interrupted builds through the CLI (dist/)', () => {
  it.each([['SIGINT', 130], ['SIGTERM', 143]] as const)('%s mid-build: exit %i, no packet, no temp files', async (signal, code) => {
    const big = path.join(temp.dir, `big-case-${signal}`);
    await makeCase(big, 24 * 1024 * 1024, 4);
    const out = path.join(temp.dir, `out-${signal}`);
    const tmp = path.join(temp.dir, `tmp-${signal}`);
    await mkdir(out);
    await mkdir(tmp);
    const before = await hashTree(big);
    const child = spawn(process.execPath, [BIN, 'build', big, '-o', path.join(out, 'packet.zip')], {
      env: { ...process.env, NO_COLOR: '1', TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    // Wait until the packet's temp file exists: the build is then truly under way.
    let sent = false;
    for (let i = 0; i < 3000 && !sent && child.exitCode === null; i++) {
      const names = await readdir(out);
      if (names.some((n) => n.endsWith('.partial'))) { child.kill(signal); sent = true; }
      else await new Promise((r) => setTimeout(r, 10));
    }
    const status = await exited;
    expect(sent, `the build ended before it could be interrupted: ${stderr}`).toBe(true);
    expect(status, stderr).toBe(code);
    expect(await leftovers(out)).toEqual([]);
    expect(await leftovers(tmp)).toEqual([]);
    expect(await hashTree(big)).toBe(before);
  }, 180_000);
});
