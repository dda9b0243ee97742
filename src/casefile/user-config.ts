import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { UsageError } from '../util/errors.js';
import { DEFAULT_MAX_PACKET_BYTES, parseSizeLimit } from '../util/size-limit.js';
import { SenderSchema, type CaseFile } from './schema.js';

/**
 * The user-level config: what a care coordinator sets once for every case
 * they prepare (today: who sends the packets). A case's casepack.yaml wins.
 */
export const UserConfigSchema = z.object({
  sender: SenderSchema.optional(),
  /** The packet's size limit for sending it, e.g. `500MB` (the receiving portal's): warned above it, and what `build --split` divides by. Default 2GB. */
  packet: z.object({
    maxSize: z.string().refine((text) => isSizeLimit(text), { message: 'a number and a unit, KB, MB or GB, of at least 1MB (e.g. 500MB or 2GB)' }).optional(),
  }).strict().optional(),
}).strict();
export type UserConfig = z.infer<typeof UserConfigSchema>;

/** `$XDG_CONFIG_HOME/casepack/config.yaml`, by default `~/.config/casepack/config.yaml` (XDG Base Directory spec: a relative XDG_CONFIG_HOME is ignored). */
export function userConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env['XDG_CONFIG_HOME'];
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(env['HOME'] || os.homedir(), '.config');
  return path.join(base, 'casepack', 'config.yaml');
}

/**
 * Read the user config. No file is no config; a file that is not YAML or
 * breaks the schema stops with a UsageError naming the file and the field,
 * so a typo never sends a packet signed by nobody without a word.
 */
export async function loadUserConfig(env: NodeJS.ProcessEnv = process.env): Promise<UserConfig | undefined> {
  const file = userConfigPath(env);
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new UsageError(`The user config ${file} could not be read (${code ?? 'error'}).`);
  }
  const doc = parseDocument(source, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) throw new UsageError(`The user config ${file} is not valid YAML: ${(doc.errors[0]?.message ?? '').split('\n')[0]}`);
  let data: unknown;
  try {
    // A config this small needs few aliases; the cap keeps an alias bomb from expanding.
    data = doc.toJS({ maxAliasCount: 10 }) ?? {};
  } catch (err) {
    throw new UsageError(`The user config ${file} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const parsed = UserConfigSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const keys = issue?.code === 'unrecognized_keys' ? issue.keys : [];
    const field = [...(issue?.path ?? []), ...keys.slice(0, 1)].map(String).join('.') || '(top level)';
    throw new UsageError(`The user config ${file}, field ${field}: ${issue?.message ?? 'invalid'}. Fix it or move the file away.`);
  }
  return parsed.data;
}

/** The case file with the user config's sender filled in where casepack.yaml has none (casepack.yaml wins). */
export function withUserSender(caseFile: CaseFile | undefined, config: UserConfig | undefined): CaseFile | undefined {
  if (caseFile?.sender || !config?.sender) return caseFile;
  return { ...(caseFile ?? {}), sender: config.sender };
}

function isSizeLimit(text: string): boolean {
  try {
    parseSizeLimit(text);
    return true;
  } catch {
    return false;
  }
}

/** The packet size limit in bytes: the flag's (already parsed), else the user config's, else 2 GB. */
export function packetSizeLimit(flagBytes: number | undefined, config: UserConfig | undefined): number {
  if (flagBytes !== undefined) return flagBytes;
  const configured = config?.packet?.maxSize;
  return configured === undefined ? DEFAULT_MAX_PACKET_BYTES : parseSizeLimit(configured, 'packet.maxSize');
}
