import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPacket, OutputRefusedError } from '../../src/pipeline/build.js';
import { runCliInProcess } from '../support/cli.js';
import { makeCase } from '../support/failure-case.js';
import { hashTree, makeTempDir } from '../support/tree.js';

/**
 * B11 and the packet's anchor (B16, build side): publishing never replaces a
 * file it did not mean to (a file that appears at -o during the build, or a
 * second build to the same path), --force replaces atomically, and the packet's
 * SHA-256 is printed and written beside it in `sha256sum -c` format.
 */
let temp: { dir: string; cleanup: () => Promise<void> };
let caseDir = '';
beforeAll(async () => {
  temp = await makeTempDir('casepack-publish-');
  caseDir = path.join(temp.dir, 'case');
  await makeCase(caseDir, 4096, 2);
}, 60_000);
afterAll(async () => temp.cleanup());

let n = 0;
async function outDir(): Promise<string> {
  const dir = path.join(temp.dir, `out-${++n}`);
  await mkdir(dir);
  return dir;
}
const sha256 = async (file: string): Promise<string> => createHash('sha256').update(await readFile(file)).digest('hex');

describe('no-replace publish (B11)', () => {
  it('a file that appears at the target during the build is kept; the build refuses (OutputRefusedError) and leaves no temp files', async () => {
    const out = await outDir();
    const target = path.join(out, 'packet.zip');
    const before = await hashTree(caseDir);
    let planted = false;
    const build = buildPacket(caseDir, {
      output: target,
      ocr: { enabled: false },
      onProgress: (p) => { if (p.phase === 'zip' && !planted) { planted = true; void writeFile(target, 'not yours'); } },
    });
    await expect(build).rejects.toBeInstanceOf(OutputRefusedError);
    expect(planted).toBe(true);
    expect(await readFile(target, 'utf8')).toBe('not yours');
    expect(await readdir(out)).toEqual(['packet.zip']);
    expect(await hashTree(caseDir)).toBe(before);
  }, 60_000);

  it('two builds to the same path at once: exactly one wins, the other refuses', async () => {
    const out = await outDir();
    const target = path.join(out, 'packet.zip');
    const results = await Promise.allSettled([0, 1].map(() => buildPacket(caseDir, { output: target, ocr: { enabled: false } })));
    expect(results.filter((r) => r.status === 'fulfilled' && r.value.written)).toHaveLength(1);
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toBeInstanceOf(OutputRefusedError);
    expect(await readdir(out)).toEqual(['packet.zip', 'packet.zip.sha256']);
    execFileSync('sha256sum', ['-c', '--strict', 'packet.zip.sha256'], { cwd: out });
  }, 120_000);

  it('--force replaces the packet and its sidecar, and removes the signature of the packet it replaced', async () => {
    const out = await outDir();
    const target = path.join(out, 'packet.zip');
    await writeFile(target, 'old packet');
    await writeFile(`${target}.sha256`, 'old sums');
    await writeFile(`${target}.sig`, 'signature of the old packet');
    await expect(buildPacket(caseDir, { output: target, ocr: { enabled: false } })).rejects.toBeInstanceOf(OutputRefusedError);
    const result = await buildPacket(caseDir, { output: target, force: true, ocr: { enabled: false } });
    expect(result.written).toBe(true);
    expect(await readFile(`${target}.sha256`, 'utf8')).toBe(`${await sha256(target)}  packet.zip\n`);
    expect(await readdir(out)).toEqual(['packet.zip', 'packet.zip.sha256']);
  }, 60_000);
});

describe('the packet anchor (B16, build side)', () => {
  it('writes <packet>.sha256 that sha256sum -c accepts, and returns the same hash', async () => {
    const out = await outDir();
    const target = path.join(out, 'packet.zip');
    const result = await buildPacket(caseDir, { output: target, ocr: { enabled: false } });
    const hex = await sha256(target);
    expect(result.packetSha256).toBe(hex);
    expect(await readFile(`${target}.sha256`, 'utf8')).toBe(`${hex}  packet.zip\n`);
    expect(execFileSync('sha256sum', ['-c', '--strict', 'packet.zip.sha256'], { cwd: out, encoding: 'utf8' })).toBe('packet.zip: OK\n');
    await writeFile(target, Buffer.concat([await readFile(target), Buffer.from('x')]));
    expect(() => execFileSync('sha256sum', ['-c', 'packet.zip.sha256'], { cwd: out, stdio: 'ignore' })).toThrow();
  }, 60_000);

  it('build prints the SHA-256 (text and --json)', async () => {
    const out = await outDir();
    const text = await runCliInProcess(['build', caseDir, '-o', path.join(out, 'a.zip'), '--no-ocr'], { NO_COLOR: '1' });
    expect(text.code, text.stderr).toBeLessThan(2);
    expect(text.stdout).toContain(`SHA-256: ${await sha256(path.join(out, 'a.zip'))}`);
    const json = await runCliInProcess(['build', caseDir, '-o', path.join(out, 'b.zip'), '--no-ocr', '--json'], { NO_COLOR: '1' });
    expect((JSON.parse(json.stdout) as { sha256: string }).sha256).toBe(await sha256(path.join(out, 'b.zip')));
  }, 60_000);
});
