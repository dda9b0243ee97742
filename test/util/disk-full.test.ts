import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DiskFullError, isDiskFull, toolFailureMessage } from '../../src/util/errors.js';
import { runCliInProcess } from '../support/cli.js';
import { makeTempDir } from '../support/tree.js';

/**
 * B8 (exit side): a full disk (ENOSPC, EDQUOT) anywhere — unpacking a case's
 * archive, staging, writing the packet — is the tool's failure (exit 3) with
 * a plain message, never "damaged, download it again" and never
 * "✓ Packet written". The scan is made to hit ENOSPC while `full` is set, as
 * the archive unpacker does when it rethrows a full temp disk.
 */
const disk = vi.hoisted(() => ({ full: false }));
vi.mock('../../src/pipeline/scan.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/pipeline/scan.js')>();
  const scanOpenedCase: typeof actual.scanOpenedCase = async (...args) => {
    if (disk.full) throw Object.assign(new Error("ENOSPC: no space left on device, write '/tmp/casepack-archives-1-x/portal.zip/a.pdf'"), { code: 'ENOSPC', errno: -28, syscall: 'write', path: '/tmp/casepack-archives-1-x/portal.zip/a.pdf' });
    return actual.scanOpenedCase(...args);
  };
  return { ...actual, scanOpenedCase };
});

let temp: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => { temp = await makeTempDir('casepack-diskfull-'); });
afterAll(async () => temp.cleanup());

describe('a full disk (B8)', () => {
  it('is recognised for ENOSPC and EDQUOT, also wrapped, and described plainly', () => {
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', path: '/tmp/x/packet.zip.partial' });
    expect(isDiskFull(enospc)).toBe(true);
    expect(isDiskFull(Object.assign(new Error('quota'), { code: 'EDQUOT' }))).toBe(true);
    expect(isDiskFull(new Error('wrapped', { cause: enospc }))).toBe(true);
    expect(isDiskFull(new DiskFullError('/tmp', enospc))).toBe(true);
    expect(isDiskFull(Object.assign(new Error('EIO'), { code: 'EIO' }))).toBe(false);
    expect(toolFailureMessage(enospc)).toBe('The disk is full (ENOSPC) while writing /tmp/x/packet.zip.partial: free some space and run again.');
    expect(toolFailureMessage(new DiskFullError('the packet', enospc))).toBe('The disk is full (ENOSPC) while writing the packet: free some space and run again.');
  });

  it('build exits 3 with the plain message, no "please report", no "Packet written", no packet', async () => {
    const caseDir = path.join(temp.dir, 'case');
    const out = path.join(temp.dir, 'out');
    await mkdir(caseDir);
    await mkdir(out);
    await writeFile(path.join(caseDir, 'note.txt'), 'Discharge summary');
    disk.full = true;
    try {
      const run = await runCliInProcess(['build', caseDir, '-o', path.join(out, 'packet.zip'), '--no-ocr'], { NO_COLOR: '1' });
      expect(run.code, run.stderr).toBe(3);
      expect(run.stderr).toMatch(/The disk is full \(ENOSPC\) while writing .*: free some space and run again/);
      expect(run.stderr).not.toMatch(/please report/);
      expect(run.stdout + run.stderr).not.toMatch(/Packet written/);
    } finally {
      disk.full = false;
    }
    expect(await readdir(out)).toEqual([]);
  }, 60_000);
});
