import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPacket } from '../../src/pipeline/build.js';
import { makePrivateTempDir } from '../../src/util/tempdir.js';
import { makeCase } from '../support/failure-case.js';
import { makeTempDir } from '../support/tree.js';

/**
 * B13: a build killed with SIGKILL leaves `.partial` packets and staging
 * folders with patient data; the next run removes those of dead processes
 * (pid in the name, our naming only, our uid only, older than a minute) and
 * never touches a live process's or a fresh one's.
 */
let temp: { dir: string; cleanup: () => Promise<void> };
let caseDir = '';
beforeAll(async () => {
  temp = await makeTempDir('casepack-stale-');
  caseDir = path.join(temp.dir, 'case');
  await makeCase(caseDir, 4096, 1);
}, 60_000);
afterAll(async () => temp.cleanup());

/** The pid of a process that has exited (a short-lived child). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

const twoMinutesAgo = (): Date => new Date(Date.now() - 120_000);

async function leftover(dir: string, name: string, kind: 'file' | 'folder', old: boolean): Promise<string> {
  const p = path.join(dir, name);
  if (kind === 'folder') {
    await mkdir(p);
    await writeFile(path.join(p, 'merged-0.pdf'), 'patient data');
  } else {
    await writeFile(p, 'half a packet');
  }
  if (old) await utimes(p, twoMinutesAgo(), twoMinutesAgo());
  return p;
}

describe('leftovers of killed runs (B13)', () => {
  it('the next build removes a dead process\'s .partial and staging folder beside the target, and keeps live or fresh ones', async () => {
    const out = path.join(temp.dir, 'out');
    await mkdir(out);
    const dead = deadPid();
    const stale = [
      await leftover(out, `.packet.zip.${dead}.0badc0de.partial`, 'file', true),
      await leftover(out, `.other.zip.${dead}.12345678.partial`, 'file', true),
      await leftover(out, `.casepack-staging-${dead}-AbC123`, 'folder', true),
    ];
    const kept = [
      await leftover(out, `.packet.zip.${process.pid}.feedface.partial`, 'file', true), // a live process (this one)
      await leftover(out, `.casepack-staging-${process.pid}-XyZ789`, 'folder', true),
      await leftover(out, `.packet.zip.${dead}.0000aaaa.partial`, 'file', false), // too fresh to judge
      await leftover(out, `casepack-staging-notes.txt`, 'file', true), // not our pattern
      await leftover(out, `.report.pdf.${dead}.partial`, 'file', true),
    ];
    const result = await buildPacket(caseDir, { output: path.join(out, 'packet.zip'), ocr: { enabled: false } });
    expect(result.written).toBe(true);
    for (const p of stale) expect(existsSync(p), p).toBe(false);
    for (const p of kept) expect(existsSync(p), p).toBe(true);
  }, 60_000);

  it('a new private temp folder sweeps its parent the same way (archive unpack folders in TMPDIR)', async () => {
    const tmp = path.join(temp.dir, 'tmp');
    await mkdir(tmp);
    const dead = deadPid();
    const stale = await leftover(tmp, `casepack-archives-${dead}-Q1w2E3`, 'folder', true);
    const live = await leftover(tmp, `casepack-archives-${process.pid}-R4t5Y6`, 'folder', true);
    const dir = await makePrivateTempDir({ parent: tmp, prefix: 'casepack-archives-' });
    try {
      expect(path.basename(dir.path)).toMatch(new RegExp(`^casepack-archives-${process.pid}-`));
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(live)).toBe(true);
    } finally {
      await dir.remove();
    }
    expect((await readdir(tmp)).sort()).toEqual([path.basename(live)]);
  });
});
