import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../util/errors.js';
import type { UserConfig } from './user-config.js';

/**
 * Where the user config lives and whether there is one, without loading its
 * schema: most runs have no config file, and zod and yaml are the bulk of a
 * start-up (issue 15); the parser is loaded only for a file that exists.
 */

/** Names a config file for every run of a shell or a job (`--config` wins over it). */
export const CONFIG_ENV = 'CASEPACK_CONFIG';

/**
 * `$CASEPACK_CONFIG` when set, else `$XDG_CONFIG_HOME/casepack/config.yaml`,
 * by default `~/.config/casepack/config.yaml` (XDG Base Directory spec: a
 * relative XDG_CONFIG_HOME is ignored).
 */
export function userConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const named = env[CONFIG_ENV];
  if (named) return path.resolve(named);
  const xdg = env['XDG_CONFIG_HOME'];
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(env['HOME'] || os.homedir(), '.config');
  return path.join(base, 'casepack', 'config.yaml');
}

/**
 * Read the user config: `file` (`--config`) when given, else the one
 * userConfigPath names. No file at the default place is no config; a file
 * named by --config or CASEPACK_CONFIG must exist. A file that is not YAML or
 * breaks the schema stops with a UsageError listing every problem in words
 * (line, column, field, what is expected, "did you mean"), so a typo never
 * sends a packet signed by nobody without a word.
 */
export async function loadUserConfig(env: NodeJS.ProcessEnv = process.env, file?: string): Promise<UserConfig | undefined> {
  const named = file !== undefined || Boolean(env[CONFIG_ENV]);
  const where = file !== undefined ? path.resolve(file) : userConfigPath(env);
  let source: string;
  try {
    source = await readFile(where, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if ((code === 'ENOENT' || code === 'ENOTDIR') && !named) return undefined;
    const how = file !== undefined ? '--config' : CONFIG_ENV;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UsageError(`the config file ${where} (from ${how}) does not exist.`);
    throw new UsageError(`the config file ${where} could not be read (${code ?? 'error'}).`);
  }
  const { parseUserConfig } = await import('./user-config.js');
  return parseUserConfig(source, where);
}
