import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Document, parseDocument } from 'yaml';
import { UsageError } from '../util/errors.js';
import { loadUserConfig, userConfigPath } from './user-config-file.js';
import type { Sender } from './schema.js';

/**
 * Store the sender in the user config for every later case (`casepack init`
 * offers it). Anything else in the file, comments included, is kept: the
 * file is edited through the yaml document API, not rewritten. Owner-only,
 * since it holds a person's phone and email; written to a temp file and
 * renamed so a crash never leaves half a config.
 */
export async function saveUserSender(sender: Sender, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const file = userConfigPath(env);
  // A broken config stops here with its own message rather than being overwritten.
  await loadUserConfig(env);
  const source = await readFile(file, 'utf8').catch(() => '');
  const doc = source.trim() === '' ? new Document({}) : parseDocument(source);
  if (source.trim() === '') doc.commentBefore = ' casepack user config: settings for every case. A case\'s casepack.yaml wins.';
  doc.set('sender', doc.createNode(sender));
  try {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, doc.toString({ lineWidth: 0 }), { mode: 0o600 });
    await rename(temp, file);
  } catch (err) {
    throw new UsageError(`could not save the sender in ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  return file;
}
