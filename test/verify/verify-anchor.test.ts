import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPacket } from '../../src/pipeline/build.js';
import { verifyPacket } from '../../src/verify/verify.js';
import { runCliInProcess } from '../support/cli.js';
import { scanFixtureCase, writeFixtureCase } from '../support/packet-fixtures.js';
import { hasTool, run } from '../support/packet-tools.js';
import { makeTempDir } from '../support/tree.js';

const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

/** B16: what the manifests inside the ZIP cannot tell, the packet's own hash outside it can. */
describe('verify: folder entries and the anchor outside the ZIP (B16)', () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  let plain: string;
  let plainSha: string;

  beforeAll(async () => {
    tmp = await makeTempDir();
    const fixture = await writeFixtureCase(path.join(tmp.dir, 'case'));
    plain = path.join(tmp.dir, 'plain.zip');
    await buildPacket(fixture.root, { output: plain, scan: await scanFixtureCase(fixture.root) });
    plainSha = sha256(await readFile(plain));
  });
  afterAll(() => tmp.cleanup());

  async function variant(name: string): Promise<string> {
    const dir = path.join(tmp.dir, 'variants', name);
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, 'packet.zip');
    await copyFile(plain, file);
    return file;
  }

  it.skipIf(!hasTool('zip'))('B16: a folder entry added to the packet fails verification', async () => {
    const file = await variant('folder');
    await mkdir(path.join(path.dirname(file), 'Extra'));
    expect(run('zip', ['-q', file, 'Extra/'], path.dirname(file)).status).toBe(0);
    const result = await verifyPacket(file);
    expect(result.valid).toBe(false);
    expect(result.findings.map((f) => [f.code, f.paths[0]])).toEqual([['VERIFY_EXTRA_ENTRY', 'Extra/']]);
    expect((await runCliInProcess(['verify', '--quiet', file])).code).toBe(1);
  });

  it.skipIf(!hasTool('zip') || !hasTool('unzip'))('B16: a packet edited together with both manifests is caught by its .sha256 and by --expect', async () => {
    const file = await variant('consistent-edit');
    const work = path.join(path.dirname(file), 'work');
    await mkdir(path.join(work, 'Other'), { recursive: true });
    const edited = 'Nothing to see here.\n';
    await writeFile(path.join(work, 'Other', 'notes.txt'), edited);
    const manifest = JSON.parse(run('unzip', ['-p', file, 'manifest.json']).stdout) as { entries: { path: string; sha256: string; size: number }[] };
    const notes = manifest.entries.find((e) => e.path === 'Other/notes.txt');
    expect(notes).toBeDefined();
    const oldSha = notes?.sha256 as string;
    Object.assign(notes as object, { sha256: sha256(edited), size: Buffer.byteLength(edited) });
    const oldManifestSha = sha256(run('unzip', ['-p', file, 'manifest.json']).stdout);
    const manifestText = JSON.stringify(manifest, null, 2);
    await writeFile(path.join(work, 'manifest.json'), manifestText);
    // manifest-sha256.txt lists manifest.json too: a careful forger rewrites both lines.
    const sums = run('unzip', ['-p', file, 'manifest-sha256.txt']).stdout.replace(oldSha, sha256(edited)).replace(oldManifestSha, sha256(manifestText));
    await writeFile(path.join(work, 'manifest-sha256.txt'), sums);
    expect(run('zip', ['-q', file, 'Other/notes.txt', 'manifest.json', 'manifest-sha256.txt'], work).status).toBe(0);

    // Inside the ZIP everything agrees: the manifests alone cannot tell.
    const alone = await verifyPacket(file);
    expect(alone.findings).toEqual([]);
    expect(alone.anchor.comparedWith).toEqual([]);
    const told = await runCliInProcess(['verify', file]);
    expect(told.code).toBe(0);
    expect(told.stdout).toContain("Only the packet's internal consistency was checked");

    const expected = await verifyPacket(file, { expectSha256: plainSha });
    expect(expected.valid).toBe(false);
    expect(expected.findings.map((f) => f.code)).toEqual(['VERIFY_PACKET_HASH_MISMATCH']);
    expect((await runCliInProcess(['verify', '--quiet', '--expect', plainSha, file])).code).toBe(1);

    // The sidecar casepack build writes beside the packet, in sha256sum format.
    await writeFile(`${file}.sha256`, `${plainSha}  packet.zip\n`);
    const sidecar = await verifyPacket(file);
    expect(sidecar.findings.map((f) => f.code)).toEqual(['VERIFY_PACKET_HASH_MISMATCH']);
    expect(sidecar.anchor.comparedWith).toEqual(['sidecar']);
    expect((await runCliInProcess(['verify', '--quiet', file])).code).toBe(1);
  });

  it('an untouched packet passes with its .sha256 and with --expect, and says so', async () => {
    const file = await variant('anchored');
    await writeFile(`${file}.sha256`, `${plainSha}  packet.zip\n`);
    const r = await runCliInProcess(['verify', '--expect', plainSha.toUpperCase(), file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`The packet's SHA-256 matches packet.zip.sha256 and the hash given with --expect: ${plainSha}`);
    expect(r.stdout).not.toContain('Only the packet');
    if (hasTool('sha256sum')) expect(run('sha256sum', ['-c', 'packet.zip.sha256'], path.dirname(file)).status).toBe(0);
  });

  it('a malformed --expect is a usage error (exit 2)', async () => {
    const r = await runCliInProcess(['verify', '--expect', 'abc123', plain]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--expect');
  });
});
