import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { finding } from '../findings/codes.js';
import type { Finding } from '../model/finding.js';
import { UsageError } from '../util/errors.js';
import { ed25519Verifies, fingerprintOf, hashFile, parsePublicKeys, parseSshSignature, SIGNATURE_NAMESPACE, signaturePathOf } from '../write/sign.js';

export interface SignatureCheck {
  /** The `.sig` file beside the packet, when there is one. */
  file: string | null;
  /** Whether it was checked (only with `--key`). */
  checked: boolean;
  /** The signing key's fingerprint (`SHA256:…`) when the signature is good. */
  signer: string | null;
}

/** The public keys given with `verify --key`: a missing or keyless file is the user's mistake. */
export async function loadTrustedKeys(file: string): Promise<Buffer[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read the public key ${file}`);
  }
  const keys = parsePublicKeys(text);
  if (keys.length === 0) throw new UsageError(`${file} holds no Ed25519 public key (an "ssh-ed25519 AAAA…" line or an allowed_signers file)`);
  return keys;
}

const SHORT_REASON_CHARS = 200;

/** Why the signature fails, or null when `trusted` signed exactly these bytes in casepack's namespace. */
async function signatureProblem(zipPath: string, text: string, trusted: readonly Buffer[]): Promise<string | null> {
  let parsed;
  try {
    parsed = parseSshSignature(text);
  } catch (err) {
    return (err instanceof Error ? err.message : String(err)).slice(0, SHORT_REASON_CHARS);
  }
  if (parsed.namespace !== SIGNATURE_NAMESPACE) return `signed for "${parsed.namespace}", not for a casepack packet (${SIGNATURE_NAMESPACE})`;
  if (parsed.algorithm !== 'sha512' && parsed.algorithm !== 'sha256') return `unknown hash algorithm ${parsed.algorithm}`;
  if (!trusted.some((k) => k.equals(parsed.publicBlob))) return `signed by ${fingerprintOf(parsed.publicBlob)}, which is not the given key`;
  const data = parsed.signedData(await hashFile(zipPath, parsed.algorithm));
  return ed25519Verifies(parsed.publicBlob, data, parsed.signature) ? null : 'the signature does not match the packet';
}

/**
 * Checks `PACKET.sig` against the keys given with `--key`. Without keys the
 * signature is only noticed: a signature nobody's key checks proves nothing.
 */
export async function checkSignature(zipPath: string, trusted: readonly Buffer[] | undefined): Promise<{ signature: SignatureCheck; findings: Finding[] }> {
  const sigPath = signaturePathOf(zipPath);
  const text = await readFile(sigPath, 'utf8').catch(() => undefined);
  const signature: SignatureCheck = { file: text === undefined ? null : sigPath, checked: false, signer: null };
  if (trusted === undefined) return { signature, findings: [] };
  if (text === undefined) return { signature, findings: [finding('VERIFY_SIGNATURE_MISSING', path.basename(sigPath))] };
  signature.checked = true;
  const problem = await signatureProblem(zipPath, text, trusted);
  if (problem !== null) return { signature, findings: [finding('VERIFY_SIGNATURE_INVALID', path.basename(sigPath), { details: { reason: problem } })] };
  signature.signer = fingerprintOf(parseSshSignature(text).publicBlob);
  return { signature, findings: [] };
}
