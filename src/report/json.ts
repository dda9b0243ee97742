import { CheckResultSchema, type CheckResult } from '../model/check.js';

/** The check result as JSON, validated against its schema so the output always matches docs/json-output.md. */
export function renderJson(check: CheckResult, options: { pretty?: boolean } = {}): string {
  const valid = CheckResultSchema.parse(check);
  return options.pretty === false ? JSON.stringify(valid) : JSON.stringify(valid, null, 2) + '\n';
}
