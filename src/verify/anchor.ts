import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { finding } from '../findings/codes.js';
import type { Finding } from '../model/finding.js';
import { UsageError } from '../util/errors.js';

/**
 * The anchor outside the ZIP (B16): whoever edits a packet can rewrite its
 * manifests too, so only a hash the sender gave separately, or a signature,
 * tells the packet is the one that was sent.
 */
export interface PacketAnchor {
  /** The packet file's own SHA-256. */
  sha256: string;
  /** What it was compared with: the `.sha256` file beside it, the `--expect` value, or nothing. */
  comparedWith: ('sidecar' | 'expected')[];
  /** The sidecar's path when one was found beside the packet. */
  sidecar: string | null;
}

/** `packet.zip` → `packet.zip.sha256`, as `casepack build` writes it. */
export function sidecarPathOf(zipPath: string): string {
  return `${zipPath}.sha256`;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** `--expect` takes the bare hash or a `sha256sum` line; anything else is the user's mistake. */
export function parseExpectedSha256(value: string): string {
  const hex = value.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  if (!SHA256_HEX.test(hex)) throw new UsageError(`--expect wants the packet's SHA-256 (64 hexadecimal digits), got ${JSON.stringify(value)}`);
  return hex;
}

/** The hash of the first `sha256sum` line (`<hex>  <name>`, `*` marks binary mode), or null when it has none. */
export function parseSidecar(text: string): string | null {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '');
  const match = /^\\?([0-9a-fA-F]{64}) [ *]/.exec(line ?? '');
  return match ? (match[1] as string).toLowerCase() : null;
}

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Below this a worker's start-up (~40 ms) costs more than hashing beside the entry checks saves. */
const HASH_IN_WORKER_FROM_BYTES = 64 * 1024 * 1024;

const HASH_WORKER = `
const { createHash } = require('node:crypto');
const { createReadStream } = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(workerData, { highWaterMark: 1024 * 1024 })) hash.update(chunk);
  parentPort.postMessage(hash.digest('hex'));
})().catch((err) => { throw err; });
`;

/** A packet's SHA-256 being computed, and how to stop it when verify gives up early. */
export interface PacketHashing {
  sha256: Promise<string>;
  stop(): void;
}

/**
 * Starts hashing the whole packet: for a large one in a worker thread, so it
 * runs on the other core while the main thread checks the entries (verify
 * reads the packet twice: its entries, then the packet as a whole for the anchor).
 */
export function startPacketHash(file: string, size: number): PacketHashing {
  if (size < HASH_IN_WORKER_FROM_BYTES) {
    let started: Promise<string> | undefined;
    // Lazily: a small packet is hashed after its entries, as before.
    return { get sha256() { started ??= sha256OfFile(file); return started; }, stop: () => undefined };
  }
  const worker = new Worker(HASH_WORKER, { eval: true, workerData: file });
  const sha256 = new Promise<string>((resolve, reject) => {
    worker.once('message', (hex: string) => resolve(hex));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the hashing worker stopped (${code})`)));
  });
  sha256.catch(() => undefined);
  return { sha256, stop: () => { void worker.terminate(); } };
}

function mismatch(sha256: string, want: string, from: string): Finding {
  return finding('VERIFY_PACKET_HASH_MISMATCH', [], {
    message: `The packet's SHA-256 is ${sha256}, but ${from} says ${want}: the packet was changed or damaged after it was built.`,
    details: { sha256, expected: want, from },
  });
}

/** Compares the packet's SHA-256 with the sidecar beside it and with `--expect`, whichever are there. */
export async function checkAnchor(zipPath: string, expectSha256: string | undefined, hashing?: PacketHashing): Promise<{ anchor: PacketAnchor; findings: Finding[] }> {
  const sha256 = await (hashing?.sha256 ?? sha256OfFile(zipPath));
  const sidecar = sidecarPathOf(zipPath);
  const sidecarText = await readFile(sidecar, 'utf8').catch(() => undefined);
  const anchor: PacketAnchor = { sha256, comparedWith: [], sidecar: sidecarText === undefined ? null : sidecar };
  const findings: Finding[] = [];
  if (sidecarText !== undefined) {
    anchor.comparedWith.push('sidecar');
    const want = parseSidecar(sidecarText);
    if (want === null) {
      findings.push(finding('VERIFY_PACKET_HASH_MISMATCH', path.basename(sidecar), { message: `${path.basename(sidecar)} holds no SHA-256 line, so the packet cannot be checked against it.` }));
    } else if (want !== sha256) {
      findings.push(mismatch(sha256, want, path.basename(sidecar)));
    }
  }
  if (expectSha256 !== undefined) {
    anchor.comparedWith.push('expected');
    if (expectSha256 !== sha256) findings.push(mismatch(sha256, expectSha256, 'the hash given with --expect'));
  }
  return { anchor, findings };
}
