import type { CategoryId } from '../../src/model/categories.js';

/** One document's outcome: the truth, what was said (undefined = abstained) and how sure. */
export interface Outcome {
  truth: CategoryId;
  predicted: CategoryId | undefined;
  confidence: number;
}

export const CONFIDENTLY_WRONG = 0.7;

export function summarise(outcomes: readonly Outcome[]): string {
  const n = outcomes.length;
  const answered = outcomes.filter((o) => o.predicted !== undefined);
  const right = outcomes.filter((o) => o.predicted === o.truth).length;
  const wrongSure = outcomes.filter((o) => o.predicted !== undefined && o.predicted !== o.truth && o.confidence >= CONFIDENTLY_WRONG).length;
  const pct = (a: number, b: number): string => (b === 0 ? '   -  ' : `${((100 * a) / b).toFixed(1).padStart(5)}%`);
  const lines = [
    `  documents ${n}; accuracy ${pct(right, n)} (${right}/${n}); answered ${answered.length}, accuracy when answered ${pct(answered.filter((o) => o.predicted === o.truth).length, answered.length)}`,
    `  abstained ${pct(n - answered.length, n)} (${n - answered.length}); confidently wrong (confidence >= ${CONFIDENTLY_WRONG}) ${pct(wrongSure, n)} (${wrongSure})`,
    '  category              precision  recall     n',
  ];
  const cats = [...new Set(outcomes.map((o) => o.truth))].sort();
  for (const c of cats) {
    const tp = outcomes.filter((o) => o.truth === c && o.predicted === c).length;
    const said = outcomes.filter((o) => o.predicted === c).length;
    const real = outcomes.filter((o) => o.truth === c).length;
    lines.push(`  ${c.padEnd(20)}  ${pct(tp, said)}   ${pct(tp, real)}  ${String(real).padStart(4)}`);
  }
  return lines.join('\n');
}

/** Reliability: in each confidence band, how often the answer was right. Calibrated = the two agree. */
export function reliabilityTable(outcomes: readonly Outcome[]): string {
  const bands = [0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0001];
  const lines = ['  confidence band   documents  mean confidence  accuracy'];
  for (let i = 0; i < bands.length - 1; i++) {
    const lo = bands[i] ?? 0;
    const hi = bands[i + 1] ?? 1;
    const inBand = outcomes.filter((o) => o.predicted !== undefined && o.confidence >= lo && o.confidence < hi);
    if (inBand.length === 0) continue;
    const mean = inBand.reduce((s, o) => s + o.confidence, 0) / inBand.length;
    const acc = inBand.filter((o) => o.predicted === o.truth).length / inBand.length;
    lines.push(`  ${lo.toFixed(2)}-${Math.min(1, hi).toFixed(2)}        ${String(inBand.length).padStart(9)}  ${mean.toFixed(3).padStart(15)}  ${(100 * acc).toFixed(1).padStart(7)}%`);
  }
  return lines.join('\n');
}
