import type { CheckResult } from '../model/check.js';

/** One case's outcome in a batch (`casepack check a b c`): a check result, or why there is none. */
export type CaseOutcome =
  | { case: string; check: CheckResult; exitCode: number; seconds: number }
  | { case: string; error: string; exitCode: number; seconds: number };
