import { fileURLToPath } from 'node:url';
import { CategoryIdSchema, type CategoryId } from '../../model/categories.js';
// A JSON module, not a file read: classify does no file I/O, and tsc copies it to dist beside this module.
import shippedModel from './document-classifier.json' with { type: 'json' };
import { extractFeatures, WORDS_ONLY, type FeatureSet } from './features.js';
import { codeUrl } from '../../util/package-root.js';

/** Where `npm run train` writes the weights this module imports. */
export const MODEL_PATH = fileURLToPath(codeUrl('classify/model/document-classifier.json'));

/** The file `npm run train` writes (tools/train). Weights are int8, one scale per category. */
export interface ModelFile {
  format: 'casepack-document-classifier/1';
  trainedOn: string;
  categories: CategoryId[];
  features: string[];
  /** base64 Int8Array, features × categories, row-major. */
  weights: string;
  scales: number[];
  bias: number[];
  temperature: number;
  /** The feature families it was trained on (features.ts); absent in files written before they were named: words only. */
  featureSet?: FeatureSet;
}

export interface FeatureWeight {
  feature: string;
  contribution: number;
}

export interface ModelPrediction {
  /** Categories with their calibrated probability, best first. */
  ranked: { category: CategoryId; probability: number }[];
  /** The features that weighed most for the best category. */
  topFeatures: FeatureWeight[];
}

export class DocumentClassifier {
  private readonly index = new Map<string, number>();
  private readonly w: Float32Array;
  constructor(private readonly file: ModelFile) {
    file.categories.forEach((c) => CategoryIdSchema.parse(c));
    file.features.forEach((f, i) => this.index.set(f, i));
    const q = new Int8Array(Buffer.from(file.weights, 'base64').buffer.slice(0));
    const k = file.categories.length;
    if (q.length !== file.features.length * k) throw new Error('model file: weights do not match features × categories');
    this.w = new Float32Array(q.length);
    for (let i = 0; i < q.length; i++) this.w[i] = (q[i] ?? 0) * (file.scales[i % k] ?? 0);
  }

  get categories(): readonly CategoryId[] {
    return this.file.categories;
  }

  predict(text: string, explain = 6): ModelPrediction {
    const k = this.file.categories.length;
    const logits = [...this.file.bias];
    const seen: [number, number][] = [];
    for (const [feature, x] of extractFeatures(text, this.file.featureSet ?? WORDS_ONLY)) {
      const row = this.index.get(feature);
      if (row === undefined) continue;
      seen.push([row, x]);
      for (let c = 0; c < k; c++) logits[c] = (logits[c] ?? 0) + x * (this.w[row * k + c] ?? 0);
    }
    const probs = softmax(logits.map((l) => l / this.file.temperature));
    const ranked = this.file.categories.map((category, i) => ({ category, probability: probs[i] ?? 0 }))
      .sort((a, b) => b.probability - a.probability || (a.category < b.category ? -1 : 1));
    const best = this.file.categories.indexOf(ranked[0]?.category ?? 'other');
    const topFeatures = seen.map(([row, x]) => ({ feature: this.file.features[row] ?? '', contribution: x * (this.w[row * k + best] ?? 0) }))
      .filter((f) => f.contribution > 0)
      .sort((a, b) => b.contribution - a.contribution || (a.feature < b.feature ? -1 : 1))
      .slice(0, explain);
    return { ranked, topFeatures };
  }
}

export function softmax(logits: readonly number[]): number[] {
  const max = Math.max(...logits);
  const e = logits.map((l) => Math.exp(l - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / sum);
}

let shipped: DocumentClassifier | null | undefined;

/** The shipped model, built once; null when its file does not hold a model (the rules then decide alone). */
export function shippedClassifier(): DocumentClassifier | null {
  if (shipped !== undefined) return shipped;
  try {
    shipped = new DocumentClassifier(shippedModel as ModelFile);
  } catch {
    shipped = null;
  }
  return shipped;
}
