import type { Command } from 'commander';
import { verifyPacket, VerifyUsageError } from '../../verify/verify.js';
import { EXIT } from '../exit.js';
import { Output } from '../output.js';
import { PASSWORD_ENV, readPassword } from './build.js';

interface VerifyFlags { json?: boolean; quiet?: boolean }

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('check a received packet against its manifest: every file\'s SHA-256, nothing missing or added')
    .argument('<packet.zip>', 'the packet to check')
    .option('--json', 'print the result as JSON')
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (packet: string, flags: VerifyFlags) => {
      const out = new Output({ json: flags.json, quiet: flags.quiet });
      let result;
      try {
        result = await verifyPacket(packet, process.env[PASSWORD_ENV] ? { password: process.env[PASSWORD_ENV] } : {});
      } catch (err) {
        // Asked only when someone can type it; otherwise the usage error stands (exit 2).
        if (!(err instanceof VerifyUsageError) || err.reason !== 'password-required' || !process.stdin.isTTY) throw err;
        result = await verifyPacket(packet, { password: await readPassword(out, { confirm: false }) });
      }
      if (flags.json) out.json(result);
      else {
        if (result.valid) out.line(`${out.c.green('✓')} ${packet}: all ${result.checked} entries match the manifest${result.encrypted ? ' (encrypted)' : ''}.`);
        else out.line(`${out.c.red('✗')} ${packet}: the packet does not match its manifest.`);
        out.printFindings(result.findings);
      }
      process.exitCode = result.valid ? EXIT.OK : EXIT.FINDINGS;
    });
}
