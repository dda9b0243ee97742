/**
 * V8's optimising compiler (TurboFan) for a small case (issue 15). A 100-report build runs most of its code briefly
 * and cold; TurboFan's background threads spent ~1 s CPU of the build's ~3 s optimising functions that ran a few
 * hundred times, and on 2 cores that CPU competes with the main thread and the decode worker. A bigger interrupt
 * budget makes V8 wait for 16x more work in a function before optimising it: code that is really hot (a long PDF's
 * parse, a big merge) is still optimised, a few milliseconds later. A large case (a CD of thousands of images)
 * keeps V8's defaults: its scan runs the same few functions thousands of times and gains from optimising them early
 * (`--no-opt` took the 3,000-file scan from 0.66 to 0.92 s wall).
 */

import type { CaseFolderLook } from '../probe/pdf/decode.js';

export type { CaseFolderLook };

/** A case listed whole in at most this many entries is small (the early look reads at most 400). */
export const SMALL_CASE_MAX_ENTRIES = 400;

/** V8's default interrupt budget in Node 20 (`node --v8-options`), times 16. */
const SMALL_CASE_INTERRUPT_BUDGET = 67_584 * 16;

/** The V8 flags for a case this look describes, or undefined for V8's defaults. */
export function tieringFlagsFor(look: CaseFolderLook | undefined): string | undefined {
  // Nothing listed (no folder among the words) says nothing about the case: V8's defaults.
  if (!look?.complete || look.entries === 0 || look.entries > SMALL_CASE_MAX_ENTRIES) return undefined;
  return `--interrupt-budget=${SMALL_CASE_INTERRUPT_BUDGET}`;
}

/**
 * Set the flags for this case, process-wide: V8's flags are shared by every isolate, so the decode worker (started
 * before or after) follows them too, and V8 reads them at each tiering decision (measured: a run-time change
 * is honoured by the main thread and a running worker). Returns the flags set, if any.
 */
export async function chooseTieringForCase(look: CaseFolderLook | undefined): Promise<string | undefined> {
  const flags = tieringFlagsFor(look);
  if (flags === undefined) return undefined;
  const v8 = await import('node:v8');
  v8.setFlagsFromString(flags);
  return flags;
}
