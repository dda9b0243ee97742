/**
 * Fuzz failures found so far, as replayable seeds: a corpus or synthetic seed
 * name plus the mutation list (see fuzz-mutate.ts). `open` ones still fail and
 * are deliberately NOT run in the suite (a failing test must not be hidden
 * behind it.fails); they are reported to the owner. Once fixed, move them to
 * `fixed`, which test/slow/fuzz-probes.test.ts replays on every CI run (`npm run test:slow`).
 */
import type { Mutation } from './fuzz-mutate.js';

export interface FuzzRegression {
  seed: string;
  mutations: Mutation[];
  found: string;
}

/**
 * FIXED (guardOrphanedPdfJsRejections in src/probe/pdf/text.ts), replayed through the
 * real CLI by test/pdf-orphaned-rejection.test.ts — a separate process, because the
 * test runner reports every unhandled rejection itself.
 * PDF probe (src/probe/pdf/text.ts → unpdf/pdf.js): pdf.js rejects an internal
 * promise nobody awaits (XRefEntryException / FormatError), so Node ends the
 * whole run with ERR_UNHANDLED_REJECTION: `casepack scan` on such a PDF exits 1
 * with a stack trace. Found by `npm run fuzz` (seed 20261122, cases 7802, 8176, 8422;
 * seed 4242 finds the same in cases 5012, 7926, 9292). Cause, reproduced with pdf.js
 * alone: getDocument rejects with PasswordException, then pdf.js's own XRef parsing
 * rejects a second, internal promise no caller can reach; loadingTask.destroy() and
 * stopAtErrors do not prevent it.
 */
export const orphanedPdfJsRejections: FuzzRegression[] = [
  { seed: 'corpus/pdf/qpdf_enc-R3-RC4-128_owner-only.pdf', found: 'unhandled rejection: XRefEntryException: Inconsistent generation in XRef',
    mutations: [{ kind: 'flip', at: 0.9729991771746427, bit: 1 }, { kind: 'copy', from: 0.38660163432359695, length: 61, to: 0.4826123025268316 }] },
  { seed: 'corpus/pdf/qpdf_leading-junk.pdf', found: 'unhandled rejection: FormatError: Invalid number: R',
    mutations: [{ kind: 'flip', at: 0.26291569136083126, bit: 4 }, { kind: 'flip', at: 0.7507948698475957, bit: 0 }, { kind: 'flip', at: 0.7337248134426773, bit: 2 }] },
  { seed: 'corpus/pdf/qpdf_enc-R3-RC4-128_owner-only.pdf', found: 'unhandled rejection: XRefEntryException: Bad (uncompressed) XRef entry',
    mutations: [{ kind: 'copy', from: 0.4158603616524488, length: 121, to: 0.28658723714761436 }, { kind: 'zero', at: 0.391406096983701, length: 42 }] },
];

/** Failures still open: reported, not run (a failing test must not hide behind it.fails). */
export const open: FuzzRegression[] = [];

export const fixed: FuzzRegression[] = [];
