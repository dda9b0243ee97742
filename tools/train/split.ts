import type { CorpusDocument } from '../corpus/types.js';
import { seededRandom } from '../synth/random.js';

export const HELDOUT_SHARE = 0.2;
export const SPLIT_SEED = 424242;

/**
 * Fixed held-out part: per category and source, a seeded 20% of source
 * documents (groups: a TCGA patient, an MTSamples text, a writer seed).
 * Never tuned on. By source too, so real pathology reports are held out
 * beside our writers' ones; the seed per stratum depends on the category
 * only, which keeps every split made before TCGA was added unchanged.
 */
export function splitHeldout(docs: readonly CorpusDocument[]): { rest: CorpusDocument[]; heldout: CorpusDocument[] } {
  const byStratum = new Map<string, { label: string; groups: string[] }>();
  for (const d of docs) {
    const key = `${d.label}|${d.source}`;
    const stratum = byStratum.get(key) ?? { label: d.label, groups: [] };
    if (!stratum.groups.includes(d.group)) stratum.groups.push(d.group);
    byStratum.set(key, stratum);
  }
  const held = new Set<string>();
  for (const [, { label, groups }] of [...byStratum].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const r = seededRandom(SPLIT_SEED + label.length);
    const shuffled = [...groups].sort().map((g) => ({ g, k: r() })).sort((a, b) => a.k - b.k).map((x) => x.g);
    for (const g of shuffled.slice(0, Math.round(HELDOUT_SHARE * groups.length))) held.add(g);
  }
  return { rest: docs.filter((d) => !held.has(d.group)), heldout: docs.filter((d) => held.has(d.group)) };
}

/** Stratified k folds by group (seeded). */
export function folds(docs: readonly CorpusDocument[], k: number, seed = 99): number[] {
  const r = seededRandom(seed);
  const fold = new Map<string, number>();
  const byLabel = new Map<string, string[]>();
  for (const d of docs) byLabel.set(d.label, [...new Set([...(byLabel.get(d.label) ?? []), d.group])]);
  for (const [, groups] of [...byLabel].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const shuffled = groups.map((g) => ({ g, k: r() })).sort((a, b) => a.k - b.k);
    shuffled.forEach(({ g }, i) => fold.set(g, i % k));
  }
  return docs.map((d) => fold.get(d.group) ?? 0);
}
