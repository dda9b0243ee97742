import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeZip } from '../support/fuzz-zip.js';
import { hashTree, makeTempDir } from '../support/tree.js';

/**
 * Ctrl-C or SIGTERM while a scan is unpacking a large download: the private
 * unpack folder must be gone and the exit status must follow the shell's
 * 128 + signal convention (CLI from dist/).
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/casepack');

let temp: { dir: string; cleanup: () => Promise<void> };
let caseDir: string;

beforeAll(async () => {
  temp = await makeTempDir('casepack-scan-signal-');
  caseDir = path.join(temp.dir, 'case');
  await mkdir(caseDir);
  // Stored random data: unpacking copies and checksums every byte, which takes long enough to interrupt.
  await writeFile(path.join(caseDir, 'portal.zip'), makeZip(Array.from({ length: 6 }, (_, i) => ({ name: `DICOM/IM000${i}`, data: randomBytes(24 * 1024 * 1024) }))));
}, 120_000);
afterAll(async () => temp?.cleanup());

describe('a scan interrupted while unpacking', () => {
  it.each([['SIGINT', 130], ['SIGTERM', 143]] as const)('%s: exit %i and no unpacked file left', async (signal, code) => {
    const tmp = path.join(temp.dir, `tmp-${signal}`);
    await mkdir(tmp);
    const before = await hashTree(caseDir);
    const child = spawn(process.execPath, [BIN, 'scan', caseDir], { env: { ...process.env, NO_COLOR: '1', TMPDIR: tmp }, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    let sent = false;
    for (let i = 0; i < 3000 && !sent && child.exitCode === null; i++) {
      const unpack = (await readdir(tmp)).find((n) => n.startsWith('casepack-archives-'));
      const busy = unpack ? (await readdir(path.join(tmp, unpack))).length > 0 : false;
      if (busy) { child.kill(signal); sent = true; } else await new Promise((r) => setTimeout(r, 10));
    }
    const status = await exited;
    expect(sent, 'the scan ended before it could be interrupted').toBe(true);
    expect(status).toBe(code);
    expect(await readdir(tmp)).toEqual([]);
    expect(await hashTree(caseDir)).toBe(before);
  }, 120_000);
});
