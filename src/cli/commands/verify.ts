import path from 'node:path';
import type { Command } from 'commander';
import { verifyPacket, VerifyUsageError, type VerifyOptions, type VerifyResult } from '../../verify/verify.js';
import { EXIT } from '../exit.js';
import { helpFor } from '../help-text.js';
import { Output } from '../output.js';
import { PASSWORD_ENV, readPassword } from '../password.js';

/** Findings about the hash or signature outside the ZIP: the contents may still match the manifest. */
const OUTSIDE_ANCHOR_CODES = new Set(['VERIFY_PACKET_HASH_MISMATCH', 'VERIFY_SIGNATURE_MISSING', 'VERIFY_SIGNATURE_INVALID']);

interface VerifyFlags { json?: boolean; quiet?: boolean; expect?: string; key?: string }

/** The lines after the manifest verdict: what anchored the packet from outside, or that nothing did. */
function anchorLines(packet: string, result: VerifyResult, out: Output): string[] {
  const lines: string[] = [];
  const { anchor, signature } = result;
  const failed = new Set(result.findings.map((f) => f.code));
  if (anchor.comparedWith.length > 0 && !failed.has('VERIFY_PACKET_HASH_MISMATCH')) {
    const from = anchor.comparedWith.map((c) => (c === 'sidecar' ? path.basename(anchor.sidecar ?? '') : 'the hash given with --expect')).join(' and ');
    lines.push(`${out.c.green('✓')} The packet's SHA-256 matches ${from}: ${anchor.sha256}`);
  }
  if (signature.signer) lines.push(`${out.c.green('✓')} Signed by the given key (ED25519 ${signature.signer}), ${path.basename(signature.file ?? '')}.`);
  else if (signature.file && !signature.checked) lines.push(`${path.basename(signature.file)} is beside the packet but was not checked: give the sender's public key with --key.`);
  if (anchor.comparedWith.length === 0 && !signature.checked) {
    lines.push(`Only the packet's internal consistency was checked: no ${path.basename(packet)}.sha256 beside it, no --expect and no --key, so a packet edited together with its manifests would pass.`);
    lines.push(`Its SHA-256 is ${anchor.sha256}; compare it with the one the sender gives you (casepack build prints it).`);
  }
  return lines;
}

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('check a received packet against its manifest (every file\'s SHA-256, nothing missing or added), its SHA-256 and its signature')
    .argument('<packet.zip>', 'the packet to check')
    .option('--expect <sha256>', 'the packet\'s SHA-256 as the sender gave it (else PACKET.sha256 beside the packet is used when present)')
    .option('--key <public-key>', 'check PACKET.sig with this OpenSSH Ed25519 public key (a key line or an allowed_signers file)')
    .option('--json', 'print the result as JSON')
    .option('-q, --quiet', 'print nothing but errors')
    .addHelpText('after', helpFor('verify'))
    .action(async (packet: string, flags: VerifyFlags) => {
      const out = new Output({ json: flags.json, quiet: flags.quiet });
      const options: VerifyOptions = {};
      if (flags.expect !== undefined) options.expectSha256 = flags.expect;
      if (flags.key !== undefined) options.publicKeyFile = flags.key;
      let result;
      try {
        result = await verifyPacket(packet, process.env[PASSWORD_ENV] ? { ...options, password: process.env[PASSWORD_ENV] } : options);
      } catch (err) {
        // Asked only when someone can type it; otherwise the usage error stands (exit 2).
        if (!(err instanceof VerifyUsageError) || err.reason !== 'password-required' || !process.stdin.isTTY) throw err;
        result = await verifyPacket(packet, { ...options, password: await readPassword(out, { confirm: false }) });
      }
      if (flags.json) out.json(result);
      else {
        const intact = !result.findings.some((f) => !OUTSIDE_ANCHOR_CODES.has(f.code));
        if (intact) out.line(`${out.c.green('✓')} ${packet}: all ${result.checked} entries match the manifest${result.encrypted ? ' (encrypted)' : ''}.`);
        else out.line(`${out.c.red('✗')} ${packet}: the packet does not match its manifest.`);
        for (const line of anchorLines(packet, result, out)) out.line(line);
        out.printFindings(result.findings);
      }
      process.exitCode = result.valid ? EXIT.OK : EXIT.FINDINGS;
    });
}
