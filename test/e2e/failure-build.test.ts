import { execFileSync, spawn } from 'node:child_process';
import { mkdir, readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPacket } from '../../src/pipeline/build.js';
import { hashTree } from '../support/tree.js';
import { BIN, leftovers, makeCase, useFailureCase } from '../support/failure-case.js';

/**
 * A build that fails must say so clearly, leave nothing at the target that
 * could pass for a packet, remove its temp files, and never touch the case.
 */

const fx = useFailureCase();

describe('build failures in the library', () => {
  it('a source that disappears mid-build: no packet, a BUILD_SOURCE_CHANGED finding naming it', async () => {
    const own = path.join(fx.dir, 'vanishing-case');
    await makeCase(own, 1024, 3);
    const out = path.join(fx.dir, 'out-vanish');
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
    const own = path.join(fx.dir, 'growing-case');
    await makeCase(own, 1024, 2);
    const out = path.join(fx.dir, 'out-grow');
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
    const own = path.join(fx.dir, 'touched-case');
    await makeCase(own, 1024, 2);
    const out = path.join(fx.dir, 'out-touch');
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

describe('interrupted builds through the CLI (dist/)', () => {
  it.each([['SIGINT', 130], ['SIGTERM', 143]] as const)('%s mid-build: exit %i, no packet, no temp files', async (signal, code) => {
    const big = path.join(fx.dir, `big-case-${signal}`);
    await makeCase(big, 24 * 1024 * 1024, 4);
    const out = path.join(fx.dir, `out-${signal}`);
    const tmp = path.join(fx.dir, `tmp-${signal}`);
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
