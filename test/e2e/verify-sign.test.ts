import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../support/cli.js';
import { writeFixtureCase, type FixtureCase } from '../support/packet-fixtures.js';
import { hasTool, run } from '../support/packet-tools.js';
import { hashTree, makeTempDir } from '../support/tree.js';

const NAMESPACE = 'casepack-packet@casepack';
const cli = runCliInProcess;

/** `ssh-keygen -Y verify` of a packet against its .sig: the check a receiver can make without casepack. */
function sshKeygenVerifies(allowedSigners: string, packet: string): boolean {
  const r = spawnSync('ssh-keygen', ['-Y', 'verify', '-f', allowedSigners, '-I', 'sender@example.org', '-n', NAMESPACE, '-s', `${packet}.sig`], { input: readFileSync(packet), encoding: 'utf8' });
  return r.status === 0;
}

/** B16: a signed packet, checked both by casepack and by OpenSSH, each reading the other's signature. */
describe.skipIf(!hasTool('ssh-keygen'))('build --sign and verify --key (SSHSIG, B16)', () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  let fixture: FixtureCase;
  let packet: string;
  let key: string;
  let allowed: string;

  beforeAll(async () => {
    tmp = await makeTempDir();
    fixture = await writeFixtureCase(path.join(tmp.dir, 'case'));
    key = path.join(tmp.dir, 'signing_key');
    expect(run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'sender', '-f', key]).status).toBe(0);
    allowed = path.join(tmp.dir, 'allowed_signers');
    await writeFile(allowed, `sender@example.org namespaces="${NAMESPACE}" ${(await readFile(`${key}.pub`, 'utf8')).trim()}\n`);
    packet = path.join(tmp.dir, 'packet.zip');
    const tree = await hashTree(fixture.root);
    const built = await cli(['build', fixture.root, '-o', packet, '--no-ocr', '--sign', key]);
    expect([0, 1]).toContain(built.code);
    expect(built.stdout).toMatch(/Signed: .*packet\.zip\.sig \(ED25519 SHA256:/);
    expect(await hashTree(fixture.root)).toBe(tree);
  });
  afterAll(() => tmp.cleanup());

  it('B16: ssh-keygen -Y verify accepts the signature casepack build --sign wrote', async () => {
    expect((await readFile(`${packet}.sig`, 'utf8')).startsWith('-----BEGIN SSH SIGNATURE-----\n')).toBe(true);
    expect(sshKeygenVerifies(allowed, packet)).toBe(true);
  });

  it('B16: casepack verify --key accepts it with the public key line or the allowed_signers file', async () => {
    const r = await cli(['verify', '--key', `${key}.pub`, packet]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Signed by the given key \(ED25519 SHA256:/);
    expect((await cli(['verify', '--quiet', '--key', allowed, packet])).code).toBe(0);
  });

  it('B16: casepack verify --key accepts a signature ssh-keygen -Y sign made', async () => {
    const copy = path.join(tmp.dir, 'by-ssh-keygen.zip');
    await copyFile(packet, copy);
    expect(run('ssh-keygen', ['-q', '-Y', 'sign', '-f', key, '-n', NAMESPACE, copy]).status).toBe(0);
    const r = await cli(['verify', '--json', '--key', `${key}.pub`, copy]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: true, signature: { checked: true, signer: expect.stringMatching(/^SHA256:/) } });
  });

  it('B16: one changed byte fails the signature, for casepack and for ssh-keygen', async () => {
    const changed = path.join(tmp.dir, 'changed.zip');
    const bytes = await readFile(packet);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = (bytes[at] as number) ^ 0x01;
    await writeFile(changed, bytes);
    await copyFile(`${packet}.sig`, `${changed}.sig`);
    const result = await cli(['verify', '--json', '--key', `${key}.pub`, changed]);
    expect(result.code).toBe(1);
    expect((JSON.parse(result.stdout) as { findings: { code: string }[] }).findings.map((f) => f.code)).toContain('VERIFY_SIGNATURE_INVALID');
    expect(sshKeygenVerifies(allowed, changed)).toBe(false);
  });

  it('a key given but no .sig beside the packet fails; another key fails; an unchecked .sig is mentioned', async () => {
    const unsigned = path.join(tmp.dir, 'unsigned.zip');
    await copyFile(packet, unsigned);
    const missing = await cli(['verify', '--key', `${key}.pub`, unsigned]);
    expect(missing.code).toBe(1);
    expect(missing.stdout + missing.stderr).toContain('VERIFY_SIGNATURE_MISSING');

    const other = path.join(tmp.dir, 'other_key');
    run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    const wrongKey = await cli(['verify', '--key', `${other}.pub`, packet]);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stdout + wrongKey.stderr).toContain('VERIFY_SIGNATURE_INVALID');

    const noKey = await cli(['verify', packet]);
    expect(noKey.stdout).toContain('packet.zip.sig is beside the packet but was not checked');
  });

  it('a passphrase-protected key, or a file that is no key, is a usage error before anything is built (exit 2)', async () => {
    const locked = path.join(tmp.dir, 'locked_key');
    run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'a passphrase', '-f', locked]);
    const out = path.join(tmp.dir, 'never.zip');
    const r = await cli(['build', fixture.root, '-o', out, '--sign', locked]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('passphrase');
    expect((await cli(['build', fixture.root, '-o', out, '--sign', `${key}.pub`])).code).toBe(2);
    // A dry run checks the key as the build would, so a CI job learns of a bad key without building.
    expect((await cli(['build', fixture.root, '--dry-run', '--sign', locked])).code).toBe(2);
    expect((await cli(['verify', '--key', locked, packet])).code).toBe(2);
    await expect(readFile(out)).rejects.toThrow();
  });
});
