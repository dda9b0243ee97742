import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Document, LineCounter } from 'yaml';
import { finding, isFindingCode } from '../findings/codes.js';
import type { Finding } from '../model/finding.js';
import { parseYamlBounded, YAML_LIMITS, yamlLineOf, yamlToDataBounded, YamlLimitError } from '../util/yaml.js';
import { describeIssues, formatProblem } from './messages.js';
import { CaseFileSchema, type CaseFile } from './schema.js';

import { CASE_FILE_NAME } from './names.js';
export { CASE_FILE_BACKUP_NAME, CASE_FILE_NAME, isCaseFileArtifact } from './names.js';

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
        const { line, col } = lineCounter.linePos(err.pos[0]);
        const firstLine = err.message.split('\n')[0] ?? err.message;
        const where = line ? ` at line ${line}${col ? `, column ${col}` : ''}` : '';
        return invalid(`casepack.yaml is not valid YAML${where}: ${firstLine.replace(/ at line \d+, column \d+:?$/, '')}`, { line, column: col, yamlCode: err.code });
      }),
    };
  }
  const data: unknown = yamlToDataBounded(doc) ?? {};
  const parsed = CaseFileSchema.safeParse(data);
  if (!parsed.success) {
    // In words, with the line and column and the key they probably meant (casefile/messages.ts).
    const problems = describeIssues(CASE_FILE_NAME, parsed.error.issues, { doc, lineCounter, schema: CaseFileSchema, data });
    return {
      findings: problems.map((problem) => invalid(formatProblem(problem), {
        line: problem.line, column: problem.column, path: problem.field || '(top level)', ...(problem.suggestion ? { suggestion: problem.suggestion } : {}),
      })),
    };
  }
  return { caseFile: parsed.data, findings: unknownCodeFindings(doc, parsed.data, lineCounter) };
}

function invalid(message: string, details: { line?: number | undefined; column?: number | undefined; path?: string; yamlCode?: string; suggestion?: string }): Finding {
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
