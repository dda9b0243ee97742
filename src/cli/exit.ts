/** Exit status, as documented in the README. */
export const EXIT = {
  OK: 0,
  FINDINGS: 1,
  USAGE: 2,
  TOOL_FAILURE: 3,
} as const;

/** A user mistake (bad flag, bad checklist, missing folder): exit 2 with a plain message. */
export class UsageError extends Error {}
