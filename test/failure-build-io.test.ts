import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeDicom } from '../src/synth/dicom-writer.js';
import { makeReportPdf } from '../src/synth/report-pdf.js';
import { buildPacket } from '../src/write/build.js';
import { hashTree, makeTempDir } from './support/tree.js';

/**
 * A build that fails must say so clearly, leave nothing at the target that
 * could pass for a packet, remove its temp files, and never touch the case.
 */

// EIO on demand: the packet's temp file (`*.partial`) fails after its first bytes while `failWrites` is set.
const io = vi.hoisted(() => ({ failWrites: false }));
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  const { Writable } = await import('node:stream');
  const createWriteStream = ((file: string, options?: unknown) => {
    const real = actual.createWriteStream(file as never, options as never);
    if (!io.failWrites || !String(file).endsWith('.partial')) return real;
    let written = 0;
    const failing = new Writable({
      write(chunk: Buffer, _enc, done) {
        written += chunk.length;
        if (written > 4096) done(Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO', errno: -5, syscall: 'write' }));
        else real.write(chunk, done);
      },
      final(done) { real.end(done); },
      destroy(err, done) { real.destroy(); done(err); },
    });
    // The atomic writer waits for 'open' before writing.
    real.once('open', (fd) => failing.emit('open', fd));
    return failing;
  }) as typeof actual.createWriteStream;
  return { ...actual, createWriteStream, default: { ...actual, createWriteStream } };
});

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

describe('write failures in the library', () => {
  it('EIO while writing: rejects with the I/O error, leaves nothing behind', async () => {
    const out = path.join(temp.dir, 'out-eio');
    await mkdir(out);
    const before = await hashTree(caseDir);
    io.failWrites = true;
    try {
      await expect(buildPacket(caseDir, { output: path.join(out, 'packet.zip') })).rejects.toMatchObject({ code: 'EIO' });
    } finally {
      io.failWrites = false;
    }
    expect(await leftovers(out)).toEqual([]);
    expect(await hashTree(caseDir)).toBe(before);
  }, 120_000);

});

/** A tiny tmpfs for the packet: a real ENOSPC from the kernel. Needs mount rights (root here). */
function mountTinyTmpfs(dir: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k,mode=0700', 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!distReady)('write failures through the CLI (dist/)', () => {
  it('ENOSPC on a full disk: exit 3, a one-line reason, no packet, no temp files', async () => {
    const out = path.join(temp.dir, 'out-full');
    await mkdir(out);
    if (!mountTinyTmpfs(out)) {
      console.warn('*** cannot mount a tmpfs here (not root or no CAP_SYS_ADMIN): ENOSPC CLI test SKIPPED; the EIO library test covers write failures ***');
      return;
    }
    try {
      const tmp = path.join(temp.dir, 'tmp-enospc');
      await mkdir(tmp);
      const before = await hashTree(caseDir);
      const run = spawnSync(process.execPath, [BIN, 'build', caseDir, '-o', path.join(out, 'packet.zip')], {
        encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', TMPDIR: tmp }, timeout: 120_000,
      });
      expect(run.status, run.stderr).toBe(3);
      expect(run.stderr).toMatch(/ENOSPC|no space/i);
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(await leftovers(out)).toEqual([]);
      expect(await leftovers(tmp)).toEqual([]);
      expect(await hashTree(caseDir)).toBe(before);
    } finally {
      execFileSync('umount', [out]);
    }
  }, 180_000);

});
