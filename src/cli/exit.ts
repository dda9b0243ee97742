/** Exit status, as documented in the README: one meaning per code, whichever command. */
export const EXIT = {
  OK: 0,
  FINDINGS: 1,
  USAGE: 2,
  TOOL_FAILURE: 3,
} as const;

/** A user mistake: main.ts maps it and every subclass (ChecklistError, CaseNotFoundError…) to exit 2. */
export { UsageError } from '../util/errors.js';

/**
 * The status a set of findings gives, the same rule for scan, check, build and
 * its dry run: a broken casepack.yaml is a configuration error (2) that CI must
 * not read as "documents missing"; an error finding or a missing required item
 * is 1; warnings and notes alone are 0.
 */
export function statusForFindings(findings: readonly { code: string; severity: string }[], options: { incomplete?: boolean } = {}): number {
  if (findings.some((f) => f.code === 'CASEFILE_INVALID' && f.severity === 'error')) return EXIT.USAGE;
  return options.incomplete || findings.some((f) => f.severity === 'error') ? EXIT.FINDINGS : EXIT.OK;
}
