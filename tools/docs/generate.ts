import { CacheClearSchema, CacheInfoSchema } from '../../src/model/cache.js';
import { z } from 'zod';
import { FINDING_CODES } from '../../src/findings/codes.js';
import { ScanResultSchema } from '../../src/model/scan.js';
import { CheckResultSchema } from '../../src/model/check.js';
import { CaseFileSchema } from '../../src/casefile/schema.js';

/**
 * Documentation generated from the single sources of truth (the finding list
 * and the zod schemas), so the docs cannot drift from the code: a test
 * compares the committed files with a fresh generation.
 */
export function findingsMarkdown(): string {
  const lines = [
    '# Finding codes',
    '',
    'Generated from `src/findings/codes.ts` by `npm run docs` — do not edit by hand.',
    '',
    'Every problem casepack reports is a finding with a stable `code`, a default `severity`',
    '(`error` makes `check` exit 1), the files it concerns, a plain-language message and a hint.',
    'A case can ignore codes or change their severity in `casepack.yaml` (`findings.ignore`, `findings.severity`).',
    '',
    '| code | severity | message | hint |',
    '|---|---|---|---|',
  ];
  for (const [code, def] of Object.entries(FINDING_CODES)) {
    lines.push(`| \`${code}\` | ${def.severity} | ${escapeCell(def.message)} | ${escapeCell(def.hint)} |`);
  }
  return lines.join('\n') + '\n';
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function jsonSchemas(): Record<string, string> {
  const make = (schema: z.ZodType, title: string) => JSON.stringify({ title, ...z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) }, null, 2) + '\n';
  return {
    'scan.schema.json': make(ScanResultSchema, 'casepack scan --json'),
    'check.schema.json': make(CheckResultSchema, 'casepack check --json'),
    'casefile.schema.json': make(CaseFileSchema, 'casepack.yaml'),
    'cache-info.schema.json': make(CacheInfoSchema, 'casepack cache info --json'),
    'cache-clear.schema.json': make(CacheClearSchema, 'casepack cache clear --json'),
  };
}
