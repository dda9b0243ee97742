import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { buildPacket } from '../../src/pipeline/build.js';
import { hashTree } from '../support/tree.js';
import { BIN, leftovers, useFailureCase } from '../support/failure-case.js';

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

const fx = useFailureCase();

describe('write failures in the library', () => {
  it('EIO while writing: rejects with the I/O error, leaves nothing behind', async () => {
    const out = path.join(fx.dir, 'out-eio');
    await mkdir(out);
    const before = await hashTree(fx.caseDir);
    io.failWrites = true;
    try {
      await expect(buildPacket(fx.caseDir, { output: path.join(out, 'packet.zip') })).rejects.toMatchObject({ code: 'EIO' });
    } finally {
      io.failWrites = false;
    }
    expect(await leftovers(out)).toEqual([]);
    expect(await hashTree(fx.caseDir)).toBe(before);
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

describe('write failures through the CLI (dist/)', () => {
  it('ENOSPC on a full disk: exit 3, a one-line reason, no packet, no temp files', async () => {
    const out = path.join(fx.dir, 'out-full');
    await mkdir(out);
    if (!mountTinyTmpfs(out)) {
      console.warn('*** cannot mount a tmpfs here (not root or no CAP_SYS_ADMIN): ENOSPC CLI test SKIPPED; the EIO library test covers write failures ***');
      return;
    }
    try {
      const tmp = path.join(fx.dir, 'tmp-enospc');
      await mkdir(tmp);
      const before = await hashTree(fx.caseDir);
      const run = spawnSync(process.execPath, [BIN, 'build', fx.caseDir, '-o', path.join(out, 'packet.zip')], {
        encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', TMPDIR: tmp }, timeout: 120_000,
      });
      expect(run.status, run.stderr).toBe(3);
      expect(run.stderr).toMatch(/ENOSPC|no space/i);
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(await leftovers(out)).toEqual([]);
      expect(await leftovers(tmp)).toEqual([]);
      expect(await hashTree(fx.caseDir)).toBe(before);
    } finally {
      execFileSync('umount', [out]);
    }
  }, 180_000);

});
