import { buildRegressionSet } from '../synth/classify-regression.js';
import { HELDOUT_TODAY, buildHeldoutSet } from '../synth/eval-heldout.js';
import { writeLabelledSet, type LabelledSetSource } from './truth.js';
import type { LabelledSet } from './sets.js';

/** The regression set's "today": fixed so results never depend on the clock. */
const REGRESSION_TODAY = '2026-01-15';

/** What a set is made of, from its deterministic generator. */
export function labelledSetSource(name: LabelledSet['name']): LabelledSetSource {
  if (name === 'heldout') {
    return {
      generatedBy: 'node scripts/make-eval-heldout.mjs (tools/synth/eval-heldout.ts)',
      today: HELDOUT_TODAY,
      documentsDir: '.',
      documents: buildHeldoutSet(),
    };
  }
  return {
    generatedBy: 'npm run eval -- --generate (tools/synth/classify-regression.ts)',
    today: REGRESSION_TODAY,
    documentsDir: 'reports',
    documents: buildRegressionSet(),
  };
}

/** Write a set into `dir` (its fixture folder, or elsewhere to compare); deterministic. */
export async function generateSet(name: LabelledSet['name'], dir: string): Promise<{ documents: number; bytes: number }> {
  const source = labelledSetSource(name);
  const bytes = await writeLabelledSet(dir, source);
  return { documents: source.documents.length, bytes };
}
