/** Exit status, as documented in the README. */
export const EXIT = {
  OK: 0,
  FINDINGS: 1,
  USAGE: 2,
  TOOL_FAILURE: 3,
} as const;

/** A user mistake: main.ts maps it and every subclass (ChecklistError, CaseNotFoundError…) to exit 2. */
export { UsageError } from '../util/errors.js';
