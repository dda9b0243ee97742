import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as runCli } from '../../src/cli/main.js';
import { verifyPacket, VerifyUsageError } from '../../src/verify/verify.js';
import { buildPacket } from '../../src/pipeline/build.js';
import { scanFixtureCase, writeFixtureCase, type FixtureCase } from '../support/packet-fixtures.js';
import { hasTool, run } from '../support/packet-tools.js';
import { makeTempDir } from '../support/tree.js';

const PASSWORD = 'correct horse battery';

describe('verify', () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  let fixture: FixtureCase;
  let plain: string;
  let encrypted: string;

  beforeAll(async () => {
    tmp = await makeTempDir();
    fixture = await writeFixtureCase(path.join(tmp.dir, 'case'));
    const scan = await scanFixtureCase(fixture.root);
    plain = path.join(tmp.dir, 'plain.zip');
    encrypted = path.join(tmp.dir, 'encrypted.zip');
    await buildPacket(fixture.root, { output: plain, scan });
    await buildPacket(fixture.root, { output: encrypted, scan, password: PASSWORD });
  });
  afterAll(() => tmp.cleanup());

  async function variant(name: string): Promise<string> {
    const file = path.join(tmp.dir, 'variants', name);
    await mkdir(path.dirname(file), { recursive: true });
    await copyFile(plain, file);
    return file;
  }

  it('accepts an untouched packet and checks every entry', async () => {
    const result = await verifyPacket(plain);
    expect(result.findings).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.checked).toBe(result.entries - 1);
  });

  it('catches one flipped byte in a stored entry', async () => {
    const file = await variant('flipped.zip');
    const zip = await readFile(file);
    const slide = await readFile(path.join(fixture.root, fixture.slidePath));
    const probe = slide.subarray(slide.length - 200, slide.length - 100);
    const at = zip.indexOf(probe);
    expect(at).toBeGreaterThan(0);
    zip[at + 10] = (zip[at + 10] as number) ^ 0x01;
    await writeFile(file, zip);
    const result = await verifyPacket(file);
    expect(result.valid).toBe(false);
    expect(result.findings.map((f) => [f.code, f.paths[0]])).toEqual([['VERIFY_CORRUPT_ENTRY', 'Slides/H_E_block_A1.svs']]);
    expect(await runCli(['node', 'casepack', 'verify', '--quiet', file])).toBe(1);
  });

  it.skipIf(!hasTool('zip'))('reports missing and extra entries, and a packet without manifests', async () => {
    const missing = await variant('missing.zip');
    run('zip', ['-q', '-d', missing, 'Other/notes.txt']);
    expect((await verifyPacket(missing)).findings.map((f) => [f.code, f.paths[0]])).toEqual([['VERIFY_MISSING_ENTRY', 'Other/notes.txt']]);

    const extra = await variant('extra.zip');
    await writeFile(path.join(tmp.dir, 'variants', 'added.txt'), 'not from the sender');
    run('zip', ['-q', extra, 'added.txt'], path.join(tmp.dir, 'variants'));
    const extraResult = await verifyPacket(extra);
    expect(extraResult.findings.map((f) => [f.code, f.paths[0]])).toEqual([['VERIFY_EXTRA_ENTRY', 'added.txt']]);
    expect(extraResult.valid).toBe(false);

    const bare = await variant('bare.zip');
    run('zip', ['-q', '-d', bare, 'manifest.json', 'manifest-sha256.txt']);
    expect((await verifyPacket(bare)).findings.map((f) => f.code)).toEqual(['VERIFY_NO_MANIFEST']);
  });

  it('exits 0 for a valid packet and 2 for a missing file', async () => {
    expect(await runCli(['node', 'casepack', 'verify', '--quiet', plain])).toBe(0);
    expect(await runCli(['node', 'casepack', 'verify', '--quiet', path.join(tmp.dir, 'nope.zip')])).toBe(2);
  });

  it('verifies an encrypted packet with its password only', async () => {
    expect((await verifyPacket(encrypted, { password: PASSWORD })).valid).toBe(true);
    await expect(verifyPacket(encrypted)).rejects.toMatchObject({ reason: 'password-required' });
    await expect(verifyPacket(encrypted, { password: 'wrong' })).rejects.toBeInstanceOf(VerifyUsageError);
  });

  it.skipIf(!hasTool('7z'))('the encrypted packet opens in 7-Zip with the password and not without', () => {
    const ok = run('7z', ['t', `-p${PASSWORD}`, encrypted]);
    expect(ok.stdout).toContain('Everything is Ok');
    const wrong = run('7z', ['t', '-pwrong', encrypted]);
    expect(wrong.status).not.toBe(0);
    expect(wrong.stdout + wrong.stderr).toMatch(/Wrong password|Data Error/i);
    const listing = run('7z', ['l', '-slt', encrypted]).stdout;
    expect(listing).toMatch(/Method = AES-256/);
  });

  it.skipIf(!hasTool('unzip'))('Info-ZIP unzip cannot extract the encrypted packet (documented limitation)', () => {
    const r = run('unzip', ['-t', '-P', PASSWORD, encrypted]);
    expect(r.status).not.toBe(0);
  });
});
