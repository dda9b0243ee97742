import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Document, LineCounter } from 'yaml';
import { finding, isFindingCode } from '../findings/codes.js';
import type { Finding } from '../model/finding.js';
import { parseYamlBounded, YAML_LIMITS, yamlLineOf, yamlToDataBounded, YamlLimitError } from '../util/yaml.js';
import { CaseFileSchema, type CaseFile } from './schema.js';

export const CASE_FILE_NAME = 'casepack.yaml';
/** The previous casepack.yaml, kept by `casepack review` before each change it writes. */
export const CASE_FILE_BACKUP_NAME = 'casepack.yaml.bak';

/** casepack's own files in a case folder (the case file, its backup, a write in progress): never scanned or packed. */
export function isCaseFileArtifact(relPath: string): boolean {
  return relPath === CASE_FILE_NAME || relPath === CASE_FILE_BACKUP_NAME || /^\.casepack\.yaml(?:\.bak)?\.\d+\.[0-9a-f]+\.tmp$/.test(relPath);
}

export interface LoadedCaseFile {
  /** Present when the file exists and is valid. */
  caseFile?: CaseFile;
  /** Case-relative path of the file when it exists (valid or not). */
  path?: string;
  findings: Finding[];
}

/**
 * Read `casepack.yaml` from the case folder. Absent is fine (no case file);
 * present but broken gives CASEFILE_INVALID findings that name the line and
 * the field, and no case file, so a typo never half-applies.
 */
export async function loadCaseFile(root: string): Promise<LoadedCaseFile> {
  let source: string;
  try {
    // A huge file is refused before it is read into memory.
    const size = (await stat(path.join(root, CASE_FILE_NAME))).size;
    if (size > YAML_LIMITS.maxBytes) return { path: CASE_FILE_NAME, findings: [invalid(`casepack.yaml is refused: the file is too large for YAML settings (${size} bytes, at most ${YAML_LIMITS.maxBytes}).`, {})] };
    source = await readFile(path.join(root, CASE_FILE_NAME), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return { findings: [] };
    return {
      path: CASE_FILE_NAME,
      findings: [finding('CASEFILE_INVALID', CASE_FILE_NAME, { message: `casepack.yaml could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).` })],
    };
  }
  return { path: CASE_FILE_NAME, ...parseCaseFile(source) };
}

/** Parse and validate case-file text; exported for tests and for `casepack init`'s self-check. */
export function parseCaseFile(source: string): { caseFile?: CaseFile; findings: Finding[] } {
  try {
    return parseBoundedCaseFile(source);
  } catch (err) {
    if (err instanceof YamlLimitError) return { findings: [invalid(`casepack.yaml is refused: ${err.message}.`, {})] };
    throw err;
  }
}

function parseBoundedCaseFile(source: string): { caseFile?: CaseFile; findings: Finding[] } {
  const { doc, lineCounter } = parseYamlBounded(source);
  if (doc.errors.length > 0) {
    return {
      findings: doc.errors.map((err) => {
        const line = lineCounter.linePos(err.pos[0]).line;
        const firstLine = err.message.split('\n')[0] ?? err.message;
        return invalid(`casepack.yaml is not valid YAML${line ? ` at line ${line}` : ''}: ${firstLine.replace(/ at line \d+, column \d+:?$/, '')}`, { line, yamlCode: err.code });
      }),
    };
  }
  const data: unknown = yamlToDataBounded(doc) ?? {};
  const parsed = CaseFileSchema.safeParse(data);
  if (!parsed.success) {
    return {
      findings: parsed.error.issues.map((issue) => {
        const issuePath = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
        // An unknown key is reported on its parent; point at the key itself.
        const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
        const target = keys.length > 0 ? [...issuePath, keys[0] as string] : issuePath;
        const line = yamlLineOf(doc, target, lineCounter);
        const field = formatPath(target) || '(top level)';
        return invalid(`casepack.yaml${line ? ` line ${line}` : ''}, field ${field}: ${issue.message}`, { line, path: field });
      }),
    };
  }
  return { caseFile: parsed.data, findings: unknownCodeFindings(doc, parsed.data, lineCounter) };
}

function invalid(message: string, details: { line?: number | undefined; path?: string; yamlCode?: string }): Finding {
  const clean: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(details)) if (v !== undefined) clean[k] = v;
  return finding('CASEFILE_INVALID', CASE_FILE_NAME, { message, details: clean });
}

/** A misspelt code in `findings.ignore` would silently ignore nothing: say so, but keep the file. */
function unknownCodeFindings(doc: Document, caseFile: CaseFile, lineCounter: LineCounter): Finding[] {
  const out: Finding[] = [];
  caseFile.findings?.ignore?.forEach((code, index) => {
    if (isFindingCode(code)) return;
    const at = ['findings', 'ignore', index];
    const line = yamlLineOf(doc, at, lineCounter);
    out.push(finding('CASEFILE_INVALID', CASE_FILE_NAME, {
      severity: 'warning',
      message: `casepack.yaml${line ? ` line ${line}` : ''}, field ${formatPath(at)}: unknown finding code "${code}".`,
      details: { line, path: formatPath(at) },
    }));
  });
  for (const code of Object.keys(caseFile.findings?.severity ?? {})) {
    if (isFindingCode(code)) continue;
    const at = ['findings', 'severity', code];
    const line = yamlLineOf(doc, at, lineCounter);
    out.push(finding('CASEFILE_INVALID', CASE_FILE_NAME, {
      severity: 'warning',
      message: `casepack.yaml${line ? ` line ${line}` : ''}, field ${formatPath(at)}: unknown finding code "${code}".`,
      details: { line, path: formatPath(at) },
    }));
  }
  return out;
}

/** `overrides[2].category` */
export function formatPath(parts: ReadonlyArray<string | number>): string {
  return parts.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
