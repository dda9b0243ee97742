import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { UsageError } from '../util/errors.js';

/**
 * Ed25519 signatures of a packet in OpenSSH's SSHSIG format, so that
 * `ssh-keygen -Y verify` checks what `casepack build --sign` wrote and
 * `casepack verify --key` checks what `ssh-keygen -Y sign` wrote. The formats
 * are small (OpenSSH PROTOCOL.sshsig and PROTOCOL.key), so they are read and
 * written here with node:crypto rather than through a dependency.
 */

/** SSHSIG namespace: a signature made for a packet is no use as any other kind of signature. */
export const SIGNATURE_NAMESPACE = 'casepack-packet@casepack';
const KEY_TYPE = 'ssh-ed25519';
const MAGIC = Buffer.from('SSHSIG');
const BEGIN = '-----BEGIN SSH SIGNATURE-----';
const END = '-----END SSH SIGNATURE-----';
const PRIVATE_BEGIN = '-----BEGIN OPENSSH PRIVATE KEY-----';
const PRIVATE_END = '-----END OPENSSH PRIVATE KEY-----';
/** ssh-keygen wraps the armoured signature at 70 columns. */
const ARMOR_COLUMNS = 70;

/** Reads SSH wire-format values (RFC 4251: uint32 and length-prefixed strings) from a buffer. */
class WireReader {
  private at = 0;
  constructor(private readonly buf: Buffer) {}

  uint32(): number {
    if (this.at + 4 > this.buf.length) throw new Error('truncated');
    const v = this.buf.readUInt32BE(this.at);
    this.at += 4;
    return v;
  }

  bytes(length: number): Buffer {
    if (this.at + length > this.buf.length) throw new Error('truncated');
    const v = this.buf.subarray(this.at, this.at + length);
    this.at += length;
    return v;
  }

  string(): Buffer {
    return this.bytes(this.uint32());
  }

  text(): string {
    return this.string().toString('utf8');
  }
}

function wireString(value: Buffer | string): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

function uint32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(value);
  return b;
}

/** The SSH public key blob of an Ed25519 key: string "ssh-ed25519", string key (32 bytes). */
function publicBlob(raw: Buffer): Buffer {
  return Buffer.concat([wireString(KEY_TYPE), wireString(raw)]);
}

/** `SHA256:…` as `ssh-keygen -l` prints it. */
export function fingerprintOf(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

export interface SigningKey {
  privateKey: KeyObject;
  /** The SSH public key blob, embedded in every signature. */
  publicBlob: Buffer;
  fingerprint: string;
}

/** The private part of an unencrypted `openssh-key-v1` file holding one Ed25519 key. */
function parseOpenSshPrivateKey(text: string, file: string): SigningKey {
  const start = text.indexOf(PRIVATE_BEGIN);
  const end = text.indexOf(PRIVATE_END);
  if (start < 0 || end < start) throw new UsageError(`${file} is not an OpenSSH private key (make one with: ssh-keygen -t ed25519 -f ${file})`);
  const body = Buffer.from(text.slice(start + PRIVATE_BEGIN.length, end).replace(/\s+/g, ''), 'base64');
  const magic = Buffer.from('openssh-key-v1\0');
  if (!body.subarray(0, magic.length).equals(magic)) throw new UsageError(`${file} is not an OpenSSH private key`);
  const r = new WireReader(body.subarray(magic.length));
  const cipher = r.text();
  r.text(); // kdf name
  r.string(); // kdf options
  if (cipher !== 'none') throw new UsageError(`${file} is protected by a passphrase, which casepack cannot ask for; sign with an unencrypted key kept for this (ssh-keygen -t ed25519 -N '' -f casepack-signing-key)`);
  if (r.uint32() !== 1) throw new UsageError(`${file} holds more than one key; give a file with one Ed25519 key`);
  r.string(); // public key, repeated in the private section
  const priv = new WireReader(r.string());
  if (priv.uint32() !== priv.uint32()) throw new UsageError(`${file} is damaged (its check numbers differ)`);
  const type = priv.text();
  if (type !== KEY_TYPE) throw new UsageError(`${file} is a ${type} key; casepack signs with Ed25519 keys only (ssh-keygen -t ed25519)`);
  const raw = priv.string();
  const secret = priv.string();
  if (raw.length !== 32 || secret.length !== 64) throw new UsageError(`${file} is damaged (wrong Ed25519 key length)`);
  const jwk = { kty: 'OKP', crv: 'Ed25519', d: secret.subarray(0, 32).toString('base64url'), x: raw.toString('base64url') };
  const blob = publicBlob(raw);
  return { privateKey: createPrivateKey({ key: jwk, format: 'jwk' }), publicBlob: blob, fingerprint: fingerprintOf(blob) };
}

/** Reads the signing key given with `build --sign`; every problem with it is the user's to fix (exit 2). */
export async function loadSigningKey(file: string): Promise<SigningKey> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read the signing key ${file}`);
  }
  try {
    return parseOpenSshPrivateKey(text, file);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${file} is not a readable OpenSSH Ed25519 private key`);
  }
}

/** SHA-512 of a file, read as a stream: the SSHSIG message hash. */
export async function hashFile(file: string, algorithm: 'sha256' | 'sha512'): Promise<Buffer> {
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest();
}

/** What SSHSIG signs: the preamble, namespace, hash algorithm and the message's hash. */
function signedData(namespace: string, algorithm: string, messageHash: Buffer): Buffer {
  return Buffer.concat([MAGIC, wireString(namespace), wireString(''), wireString(algorithm), wireString(messageHash)]);
}

function armor(blob: Buffer): string {
  const b64 = blob.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += ARMOR_COLUMNS) lines.push(b64.slice(i, i + ARMOR_COLUMNS));
  return `${BEGIN}\n${lines.join('\n')}\n${END}\n`;
}

/** An armoured SSHSIG signature over a message whose SHA-512 is given. */
export function sshSignature(messageSha512: Buffer, key: SigningKey, namespace = SIGNATURE_NAMESPACE): string {
  const signature = sign(null, signedData(namespace, 'sha512', messageSha512), key.privateKey);
  const sigBlob = Buffer.concat([wireString(KEY_TYPE), wireString(signature)]);
  return armor(Buffer.concat([MAGIC, uint32(1), wireString(key.publicBlob), wireString(namespace), wireString(''), wireString('sha512'), wireString(sigBlob)]));
}

/** `packet.zip` → `packet.zip.sig`, where `verify --key` looks for it. */
export function signaturePathOf(packet: string): string {
  return `${packet}.sig`;
}

/** Signs a written packet into `PACKET.sig` (written beside it, then renamed into place). */
export async function signPacketFile(packet: string, key: SigningKey): Promise<string> {
  const target = signaturePathOf(packet);
  const temp = `${target}.partial`;
  await writeFile(temp, sshSignature(await hashFile(packet, 'sha512'), key), { mode: 0o644 });
  await rename(temp, target);
  return target;
}

export interface ParsedSignature {
  publicBlob: Buffer;
  namespace: string;
  algorithm: string;
  signedData: (messageHash: Buffer) => Buffer;
  signature: Buffer;
}

/** Reads an armoured SSHSIG signature; throws with a short reason when it is not one. */
export function parseSshSignature(text: string): ParsedSignature {
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error('not an SSH signature (no BEGIN SSH SIGNATURE armour)');
  const blob = Buffer.from(text.slice(start + BEGIN.length, end).replace(/\s+/g, ''), 'base64');
  if (!blob.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not an SSHSIG signature');
  const r = new WireReader(blob.subarray(MAGIC.length));
  if (r.uint32() !== 1) throw new Error('unknown SSHSIG version');
  const publicKey = r.string();
  const namespace = r.text();
  r.string(); // reserved
  const algorithm = r.text();
  const sig = new WireReader(r.string());
  const type = sig.text();
  if (type !== KEY_TYPE) throw new Error(`signed with a ${type} key; only Ed25519 is checked`);
  return { publicBlob: publicKey, namespace, algorithm, signature: sig.string(), signedData: (hash) => signedData(namespace, algorithm, hash) };
}

/** True when `signature` is `key`'s Ed25519 signature over `data`. */
export function ed25519Verifies(keyBlob: Buffer, data: Buffer, signature: Buffer): boolean {
  const r = new WireReader(keyBlob);
  if (r.text() !== KEY_TYPE) return false;
  const raw = r.string();
  if (raw.length !== 32 || signature.length !== 64) return false;
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
  return verify(null, data, publicKey, signature);
}

/**
 * Ed25519 public key blobs from an OpenSSH public key line (`ssh-ed25519 AAAA… comment`)
 * or an allowed_signers file (`principals [options] ssh-ed25519 AAAA…`), one key a line.
 */
export function parsePublicKeys(text: string): Buffer[] {
  const keys: Buffer[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim().startsWith('#')) continue;
    const words = line.trim().split(/\s+/);
    const at = words.indexOf(KEY_TYPE);
    const b64 = at >= 0 ? words[at + 1] : undefined;
    if (b64 === undefined) continue;
    const blob = Buffer.from(b64, 'base64');
    try {
      const r = new WireReader(blob);
      if (r.text() === KEY_TYPE && r.string().length === 32) keys.push(blob);
    } catch { /* not a key: the line is skipped */ }
  }
  return keys;
}
