import type { CategoryId } from '../../src/model/categories.js';
import { softmax, type ModelFile } from '../../src/classify/model/classifier.js';
import type { FeatureVector } from '../../src/classify/model/features.js';
import { seededRandom } from '../synth/random.js';

/**
 * Multinomial logistic regression with an L2 penalty, trained by seeded
 * mini-batch Adam: small, dependency-free and deterministic (same corpus,
 * same seed, same weights). Classes are weighted by inverse frequency so a
 * category with 60 examples is not drowned by one with 900.
 */
export interface Example {
  x: FeatureVector;
  y: number;
}

export interface TrainOptions {
  epochs: number;
  l2: number;
  learningRate: number;
  seed: number;
  minDocFrequency: number;
}

export const DEFAULT_TRAIN: TrainOptions = { epochs: 15, l2: 1e-4, learningRate: 0.05, seed: 7, minDocFrequency: 2 };

export interface Trained {
  features: string[];
  index: Map<string, number>;
  w: Float64Array;
  bias: Float64Array;
  k: number;
}

export function vocabulary(examples: readonly Example[], minDf: number): string[] {
  const df = new Map<string, number>();
  for (const e of examples) for (const f of e.x.keys()) df.set(f, (df.get(f) ?? 0) + 1);
  return [...df].filter(([, n]) => n >= minDf).map(([f]) => f).sort();
}

export function train(examples: readonly Example[], k: number, opt: TrainOptions = DEFAULT_TRAIN): Trained {
  const features = vocabulary(examples, opt.minDocFrequency);
  const index = new Map(features.map((f, i) => [f, i]));
  const rows = examples.map((e) => ({ y: e.y, x: [...e.x].flatMap(([f, v]) => (index.has(f) ? [[index.get(f) as number, v] as const] : [])) }));
  const counts = new Array<number>(k).fill(0);
  for (const e of examples) counts[e.y] = (counts[e.y] ?? 0) + 1;
  const classWeight = counts.map((n) => (n > 0 ? examples.length / (k * n) : 0));
  const w = new Float64Array(features.length * k);
  const bias = new Float64Array(k);
  const m = new Float64Array(w.length);
  const v = new Float64Array(w.length);
  const mb = new Float64Array(k);
  const vb = new Float64Array(k);
  const rand = seededRandom(opt.seed);
  const order = rows.map((_, i) => i);
  const batch = 32;
  let step = 0;
  const [b1, b2, eps] = [0.9, 0.999, 1e-8];
  for (let epoch = 0; epoch < opt.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (let start = 0; start < order.length; start += batch) {
      const grad = new Map<number, Float64Array>();
      const gb = new Float64Array(k);
      for (const idx of order.slice(start, start + batch)) {
        const row = rows[idx];
        if (!row) continue;
        const logits = Array.from(bias);
        for (const [f, x] of row.x) for (let c = 0; c < k; c++) logits[c] = (logits[c] ?? 0) + x * (w[f * k + c] ?? 0);
        const p = softmax(logits);
        const cw = classWeight[row.y] ?? 1;
        const d = p.map((pc, c) => cw * (pc - (c === row.y ? 1 : 0)));
        for (let c = 0; c < k; c++) gb[c] = (gb[c] ?? 0) + (d[c] ?? 0);
        // One map look-up a feature, not one a feature and category: character n-grams make rows long.
        for (const [f, x] of row.x) {
          let g = grad.get(f);
          if (!g) grad.set(f, (g = new Float64Array(k)));
          for (let c = 0; c < k; c++) g[c] = (g[c] ?? 0) + (d[c] ?? 0) * x;
        }
      }
      step++;
      const lr = opt.learningRate * Math.sqrt(1 - b2 ** step) / (1 - b1 ** step);
      const n = Math.min(batch, order.length - start);
      for (const [f, g] of grad) {
        for (let c = 0; c < k; c++) {
          const i = f * k + c;
          const gi = (g[c] ?? 0) / n + opt.l2 * (w[i] ?? 0);
          m[i] = b1 * (m[i] ?? 0) + (1 - b1) * gi;
          v[i] = b2 * (v[i] ?? 0) + (1 - b2) * gi * gi;
          w[i] = (w[i] ?? 0) - lr * (m[i] ?? 0) / (Math.sqrt(v[i] ?? 0) + eps);
        }
      }
      for (let c = 0; c < k; c++) {
        const gi = (gb[c] ?? 0) / n;
        mb[c] = b1 * (mb[c] ?? 0) + (1 - b1) * gi;
        vb[c] = b2 * (vb[c] ?? 0) + (1 - b2) * gi * gi;
        bias[c] = (bias[c] ?? 0) - lr * (mb[c] ?? 0) / (Math.sqrt(vb[c] ?? 0) + eps);
      }
    }
  }
  return { features, index, w, bias, k };
}

export function logitsOf(model: Trained, x: FeatureVector): number[] {
  const logits = Array.from(model.bias);
  for (const [f, v] of x) {
    const row = model.index.get(f);
    if (row === undefined) continue;
    for (let c = 0; c < model.k; c++) logits[c] = (logits[c] ?? 0) + v * (model.w[row * model.k + c] ?? 0);
  }
  return logits;
}

/** Temperature that minimises the negative log-likelihood on a calibration fold (grid then refine). */
export function fitTemperature(logits: readonly number[][], ys: readonly number[]): number {
  const nll = (t: number): number => logits.reduce((s, l, i) => s - Math.log(Math.max(1e-12, softmax(l.map((x) => x / t))[ys[i] ?? 0] ?? 0)), 0);
  let best = 1;
  let bestV = Infinity;
  for (let t = 0.2; t <= 5; t += 0.05) {
    const val = nll(t);
    if (val < bestV) [best, bestV] = [t, val];
  }
  return Math.round(best * 100) / 100;
}

/** Keep the features that matter (largest weight in any category), quantise to int8 per category. */
export function toModelFile(model: Trained, categories: CategoryId[], temperature: number, maxFeatures: number, trainedOn: string): ModelFile {
  const k = model.k;
  const strength = model.features.map((f, row) => {
    let max = 0;
    for (let c = 0; c < k; c++) max = Math.max(max, Math.abs(model.w[row * k + c] ?? 0));
    return { f, row, max };
  }).sort((a, b) => b.max - a.max || (a.f < b.f ? -1 : 1)).slice(0, maxFeatures).sort((a, b) => (a.f < b.f ? -1 : 1));
  const scales = Array.from({ length: k }, (_, c) => Math.max(1e-9, ...strength.map((s) => Math.abs(model.w[s.row * k + c] ?? 0))) / 127);
  const q = new Int8Array(strength.length * k);
  strength.forEach((s, i) => {
    for (let c = 0; c < k; c++) q[i * k + c] = Math.round((model.w[s.row * k + c] ?? 0) / (scales[c] ?? 1));
  });
  return {
    format: 'casepack-document-classifier/1',
    trainedOn,
    categories,
    features: strength.map((s) => s.f),
    weights: Buffer.from(q.buffer).toString('base64'),
    scales: scales.map((s) => Number(s.toPrecision(6))),
    bias: Array.from(model.bias, (b) => Math.round(b * 1e4) / 1e4),
    temperature,
  };
}
