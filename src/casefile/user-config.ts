import path from 'node:path';
import { z } from 'zod';
import { UsageError } from '../util/errors.js';
import { DEFAULT_MAX_PACKET_BYTES, parseSizeLimit } from '../util/size-limit.js';
import { parseYamlBounded, yamlToDataBounded, YamlLimitError } from '../util/yaml.js';
import { describeIssues, formatProblem } from './messages.js';
import { SenderSchema, TesseractLanguageSchema, type CaseFile } from './schema.js';

/**
 * The user-level config: what a care coordinator sets once for every case
 * they prepare: who sends the packets, the checklist they work to, the
 * languages their scans are in, the receiving portal's size limit. A case's
 * casepack.yaml wins, setting by setting (applyUserDefaults).
 */
export const UserConfigSchema = z.object({
  sender: SenderSchema.optional(),
  /** The sender's organisation when the config's sender names none (a team sets it once for all its coordinators). */
  organisation: z.string().min(1).optional(),
  /** Default checklist: a built-in id, or a checklist YAML (a relative path is relative to the config file's folder). */
  checklist: z.string().min(1).optional(),
  /** Default languages of scanned documents, tesseract codes; casepack.yaml `ocrLanguages` and `--ocr-lang` win. */
  ocrLanguages: z.array(TesseractLanguageSchema).min(1).optional(),
  /** The packet's size limit for sending it, e.g. `500MB` (the receiving portal's): warned above it, and what `build --split` divides by. Default 2GB. */
  packet: z.object({
    maxSize: z.string().refine((text) => isSizeLimit(text), { message: 'a number and a unit, KB, MB or GB, of at least 1MB (e.g. 500MB or 2GB)' }).optional(),
  }).strict().optional(),
}).strict();
export type UserConfig = z.infer<typeof UserConfigSchema>;


/** Validate config text; `file` names it in messages and anchors a relative checklist path. */
export function parseUserConfig(source: string, file: string): UserConfig {
  let data: unknown;
  let parsedDoc: ReturnType<typeof parseYamlBounded>;
  try {
    parsedDoc = parseYamlBounded(source);
    const { doc, lineCounter } = parsedDoc;
    if (doc.errors.length > 0) {
      const err = doc.errors[0];
      const pos = err ? lineCounter.linePos(err.pos[0]) : undefined;
      const at = pos?.line ? `, line ${pos.line}, column ${pos.col}` : '';
      throw new UsageError(`the config file ${file}${at} is not valid YAML: ${(err?.message ?? '').split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}`);
    }
    data = yamlToDataBounded(doc) ?? {};
  } catch (err) {
    if (err instanceof YamlLimitError) throw new UsageError(`the config file ${file} is refused: ${err.message}.`);
    throw err;
  }
  const parsed = UserConfigSchema.safeParse(data);
  if (!parsed.success) {
    const problems = describeIssues(file, parsed.error.issues, { ...parsedDoc, schema: UserConfigSchema, data });
    const lines = problems.map((p) => `  ${formatProblem(p)}`);
    throw new UsageError(`the config file ${file} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}; fix ${problems.length === 1 ? 'it' : 'them'} (or move the file away):\n${lines.join('\n')}`);
  }
  const config = parsed.data;
  // A checklist file named in the config is found beside the config, wherever the case is.
  if (config.checklist && looksLikePath(config.checklist)) config.checklist = path.resolve(path.dirname(file), config.checklist);
  return config;
}

function looksLikePath(text: string): boolean {
  return /[\\/]/.test(text) || /\.ya?ml$/i.test(text);
}

/**
 * The case file with the user config's defaults where casepack.yaml says
 * nothing, setting by setting: `checklist`, `ocrLanguages`, and `sender`
 * (a person: taken whole, never mixed field by field with another sender,
 * which could sign one person's letter with another's phone number; the
 * config's `organisation` completes only the config's own sender).
 */
export function applyUserDefaults(caseFile: CaseFile | undefined, config: UserConfig | undefined): CaseFile | undefined {
  if (!config) return caseFile;
  const out: CaseFile = { ...(caseFile ?? {}) };
  const configSender = config.sender && config.organisation && !config.sender.organisation ? { ...config.sender, organisation: config.organisation } : config.sender;
  if (!out.sender && configSender) out.sender = configSender;
  if (!out.checklist && config.checklist) out.checklist = config.checklist;
  if (!out.ocrLanguages?.length && config.ocrLanguages?.length) out.ocrLanguages = [...config.ocrLanguages];
  return caseFile === undefined && Object.keys(out).length === 0 ? undefined : out;
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
