import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** From this many files a build collects garbage between its steps (below it the heap is small and the collection would only cost time). */
const COLLECT_FROM_FILES = 2000;
let collectGarbage: (() => void) | undefined;

/**
 * A full garbage collection between steps of a large build. What scanning,
 * checking and planning 20,000 files leave behind (~70 MB of garbage over
 * ~35 MB live) is not collected by V8 before the ZIP step, which makes
 * little JS garbage (its data is in reused Buffers), so V8 kept those pages
 * for the whole ZIP: peak RSS 243–249 MB without the collections, 195–206
 * with them (20,000 files, 2026-12-01; 213–219 while the first one came
 * after the reports and the plan). `gc` is only reachable through
 * --expose-gc, which a new context still honours once set; each collection
 * costs ~0.1–0.3 s CPU at 20,000 files.
 */
export function collectGarbageOfLargeCase(fileCount: number, fromFiles = COLLECT_FROM_FILES): void {
  if (fileCount < fromFiles) return;
  if (!collectGarbage) {
    setFlagsFromString('--expose-gc');
    collectGarbage = runInNewContext('gc') as () => void;
  }
  collectGarbage();
}

let youngGenerationCapped = false;

/**
 * Keeps V8's young generation at the size it has for the rest of the process, once a case is large. V8 grows
 * it (up to 2 x 16 MB) when many objects survive a scavenge, as they do while 5,000 or more files are probed:
 * at 20,000 files that growth was ~25 MB of the scan's ~115 MB peak RSS, and capped the scan used no more CPU
 * (issue 15: 115 -> 91 MB, 2.16 -> 2.04 s CPU, medians of 5 interleaved runs at load ~8). The growth factor
 * is read each time V8 would grow it, so setting it at run time takes effect (a maximum size would not: it is
 * fixed when the heap is made).
 */
export function capYoungGenerationOfLargeCase(fileCount: number, fromFiles = COLLECT_FROM_FILES): void {
  if (fileCount < fromFiles || youngGenerationCapped) return;
  youngGenerationCapped = true;
  setFlagsFromString('--semi-space-growth-factor=1');
}
