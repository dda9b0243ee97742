import { readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * V8's optimising compiler (TurboFan) for a small case (issue 15). A 100-report build runs most of its code briefly
 * and cold; TurboFan's background threads spent ~1 s CPU of the build's ~3 s optimising functions that ran a few
 * hundred times, and on 2 cores that CPU competes with the main thread and the decode worker. A bigger interrupt
 * budget makes V8 wait for 16x more work in a function before optimising it: code that is really hot (a long PDF's
 * parse, a big merge) is still optimised, a few milliseconds later. A large case (a CD of thousands of images)
 * keeps V8's defaults: its scan runs the same few functions thousands of times and gains from optimising them early
 * (`--no-opt` took the 3,000-file scan from 0.66 to 0.92 s wall). So does a case of a few files: the budget also
 * delays moving a long loop that runs once (a module's set-up, a table built at start) to optimised code, which
 * cost a one-PDF scan ~0.15 s CPU, while the saving grows with the documents (even at 5 PDFs, 0.24 s less at 30).
 */

/** What a look at a command's case folders saw. */
export interface CaseFolderLook {
  /** Entries (files and folders) listed. */
  entries: number;
  /** Of them, files. */
  files: number;
  /** True when every folder was listed whole within the look's bound: `entries` is the whole case. */
  complete: boolean;
}

/** A case listed whole in at most this many entries is small; the look reads no more (a CD is not walked twice). */
export const SMALL_CASE_MAX_ENTRIES = 400;

/** Fewer files than this and the bigger budget costs more than it saves (see above). */
export const SMALL_CASE_MIN_FILES = 10;

/** V8's default interrupt budget in Node 20 (`node --v8-options`), times 16. */
const SMALL_CASE_INTERRUPT_BUDGET = 67_584 * 16;

/** The V8 flags for a case this look describes, or undefined for V8's defaults. */
export function tieringFlagsFor(look: CaseFolderLook | undefined): string | undefined {
  if (!look?.complete || look.entries > SMALL_CASE_MAX_ENTRIES || look.files < SMALL_CASE_MIN_FILES) return undefined;
  return `--interrupt-budget=${SMALL_CASE_INTERRUPT_BUDGET}`;
}

/**
 * List these folders breadth first, at most SMALL_CASE_MAX_ENTRIES entries in all, calling `onPdf` at the first
 * `.pdf` file (the build starts its decode worker there). Words that are not folders (a packet path, a checklist
 * id) are passed over and nothing is reported: the command's own walk says what is wrong. Only reads.
 */
export async function lookAtCaseFolders(folders: readonly string[], onPdf?: () => void): Promise<CaseFolderLook> {
  const queue = [...folders];
  let seen = 0;
  let files = 0;
  let pdfSeen = onPdf === undefined;
  while (queue.length > 0) {
    const folder = queue.shift() as string;
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (++seen > SMALL_CASE_MAX_ENTRIES) return { entries: seen, files, complete: false };
      if (entry.isFile()) files += 1;
      if (!pdfSeen && entry.isFile() && /\.pdf$/i.test(entry.name)) {
        pdfSeen = true;
        onPdf?.();
      }
      if (entry.isDirectory()) queue.push(path.join(folder, entry.name));
    }
  }
  return { entries: seen, files, complete: true };
}

/**
 * Set the flags for this case, process-wide: V8's flags are shared by every isolate, so the decode worker (started
 * before or after) follows them too, and V8 reads them at each tiering decision (measured: a run-time change
 * is honoured by the main thread and by a running worker). Returns the flags set, if any.
 */
export async function chooseTieringForCase(look: CaseFolderLook | undefined): Promise<string | undefined> {
  const flags = tieringFlagsFor(look);
  if (flags === undefined) return undefined;
  const v8 = await import('node:v8');
  v8.setFlagsFromString(flags);
  return flags;
}
