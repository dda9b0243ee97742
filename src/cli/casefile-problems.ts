import path from 'node:path';
import type { Finding } from '../model/finding.js';
import type { Output } from './output.js';

/** casepack.yaml's own errors: they decide whether the rest of a check means anything. */
export function caseFileErrors(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.code === 'CASEFILE_INVALID' && f.severity === 'error');
}

/**
 * A broken casepack.yaml printed first and alone, one plain line per problem
 * (line, column, field, what is expected, "did you mean"), instead of a
 * checklist report worked out without the case's settings, under which the
 * real cause would be buried.
 */
export function printCaseFileErrors(out: Output, casePath: string, errors: readonly Finding[], many: boolean): void {
  const file = path.join(casePath, 'casepack.yaml');
  // In the file's order, as the person will walk through it.
  const lineOf = (f: Finding): number => (typeof f.details?.['line'] === 'number' ? f.details['line'] : Number.MAX_SAFE_INTEGER);
  for (const error of [...errors].sort((a, b) => lineOf(a) - lineOf(b))) out.error(many ? `${casePath}: ${error.message}` : error.message);
  out.error(`fix ${file} and run again: the checklist report is left out until the case's settings can be read.`);
}
