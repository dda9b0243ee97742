import { spawn } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textOperatorFloodPdf } from '../support/bombs/pdf.js';
import { makeZip } from '../support/fuzz-zip.js';
import { hashTree, makeTempDir } from '../support/tree.js';

/**
 * Issue 13 (B1/B3): SIGTERM while casepack is reading a decompression bomb.
 * The bomb sits in a ZIP (deflated: a stored PDF would be sniffed as the PDF itself), so a private unpack folder (and its signal handler)
 * exists while it is read: decoding on the main thread used to hold the handler
 * off (the process neither exited nor cleaned up while pdf.js inflated 4 GiB).
 * Now streams are counted off the main thread and pdf.js runs in a worker, so
 * the scan stops at once. The PDF here is one pdf.js takes many seconds over
 * (60 MiB of text operators, under the inflate budget): an inflate bomb is now
 * refused so fast that the scan would be over before the signal arrived.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/casepack');
/** Generous: the process should be gone within a second; a loaded test machine gets more. */
const EXIT_WITHIN_MS = 5_000;

let temp: { dir: string; cleanup: () => Promise<void> };
let caseDir: string;

beforeAll(async () => {
  temp = await makeTempDir('casepack-decode-signal-');
  caseDir = path.join(temp.dir, 'case');
  await mkdir(caseDir);
  await writeFile(path.join(caseDir, 'portal.zip'), makeZip([{ name: 'reports/report.pdf', data: textOperatorFloodPdf(60), deflate: true }]));
});
afterAll(async () => temp?.cleanup());

async function unpackedBomb(tmp: string): Promise<boolean> {
  const unpack = (await readdir(tmp)).find((n) => n.startsWith('casepack-archives-'));
  if (!unpack) return false;
  const entries = await readdir(path.join(tmp, unpack), { recursive: true }).catch(() => [] as string[]);
  return entries.some((e) => String(e).endsWith('report.pdf'));
}

describe('SIGTERM while a PDF bomb is being read', () => {
  it('exits 143 within seconds and leaves no temp folder', async () => {
    const tmp = path.join(temp.dir, 'tmp');
    await mkdir(tmp);
    const before = await hashTree(caseDir);
    const child = spawn(process.execPath, [BIN, 'scan', caseDir], { env: { ...process.env, NO_COLOR: '1', TMPDIR: tmp }, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 + 15 : null))));
    let sentAt = 0;
    for (let i = 0; i < 3000 && !sentAt && child.exitCode === null; i++) {
      if (await unpackedBomb(tmp)) {
        // Let the probe reach the bomb's stream.
        await new Promise((r) => setTimeout(r, 300));
        child.kill('SIGTERM');
        sentAt = Date.now();
      } else await new Promise((r) => setTimeout(r, 10));
    }
    expect(sentAt, 'the scan ended before it could be interrupted').toBeGreaterThan(0);
    const watchdog = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const status = await exited;
    clearTimeout(watchdog);
    const tookMs = Date.now() - sentAt;
    expect(status).toBe(143);
    expect(tookMs).toBeLessThan(EXIT_WITHIN_MS);
    expect(await readdir(tmp)).toEqual([]);
    expect(await hashTree(caseDir)).toBe(before);
  }, 60_000);
});
