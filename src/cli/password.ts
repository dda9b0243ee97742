import { UsageError } from './exit.js';
import type { Output } from './output.js';

export const PASSWORD_ENV = 'CASEPACK_PASSWORD';

/**
 * The packet password: from CASEPACK_PASSWORD, else typed at a hidden prompt
 * (twice when setting it). Never from argv, where it would land in shell
 * history and the process list.
 */
export async function readPassword(out: Output, options: { confirm: boolean }): Promise<string> {
  const fromEnv = process.env[PASSWORD_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!process.stdin.isTTY) throw new UsageError(`a password is needed: set ${PASSWORD_ENV} or run in a terminal to be asked`);
  const first = await promptHidden(out, 'Packet password: ');
  if (first === '') throw new UsageError('the password cannot be empty');
  if (options.confirm && (await promptHidden(out, 'Repeat the password: ')) !== first) throw new UsageError('the two passwords differ');
  return first;
}

function promptHidden(out: Output, question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    out.errStream.write(question);
    let typed = '';
    const finish = (value: string | Error): void => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      out.errStream.write('\n');
      if (value instanceof Error) reject(value); else resolve(value);
    };
    const onData = (chunk: Buffer): void => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return finish(typed);
        if (ch === '\u0003') return finish(new UsageError('cancelled'));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}
