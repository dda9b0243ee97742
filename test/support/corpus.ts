import { existsSync } from 'node:fs';
import { CORPUS_DIR } from './tree.js';

export const corpusAvailable = existsSync(CORPUS_DIR);

if (!corpusAvailable) {
  // Loud on purpose: a silent skip would hide that the real-file suite did not run.
  console.warn(`\n*** ../shared/corpus not found at ${CORPUS_DIR}: real-corpus tests are SKIPPED ***\n`);
}
