import fs from 'node:fs';
import path from 'node:path';
import { MODEL_PATH, softmax } from '../../src/classify/model/classifier.js';
import { extractFeatures, type FeatureSet } from '../../src/classify/model/features.js';
import type { CategoryId } from '../../src/model/categories.js';
import { buildCorpus, tcgaSource, type BuiltCorpus } from '../corpus/build.js';
import type { CorpusDocument } from '../corpus/types.js';
import { DEFAULT_TRAIN, fitTemperature, logitsOf, toModelFile, train, type Example } from './logreg.js';
import { reliabilityTable, summarise, type Outcome } from './metrics.js';
import { folds, splitHeldout } from './split.js';

/** Features kept in the shipped model: enough for the figures, small enough to ship (< 2 MB). */
export const MAX_FEATURES = 20000;

/**
 * The shipped feature families (features.ts). Character 4-grams let an
 * OCR-damaged word still count (3-5-grams were six times the features of the
 * words: too slow to train here and about 10 ms a document to extract); their
 * family is weighted below the words so that a thousand pieces do not outvote
 * a document's headings, which weigh twice a word.
 */
export const SHIPPED_FEATURES: FeatureSet = { charNgrams: { min: 4, max: 4, weight: 0.5 }, headingWeight: 2, headingBigrams: true };
/**
 * `--features NAME` for the before/after figures: `words` is the shipped set without character n-grams,
 * `before` the families of the model before this work (no n-grams, headings weighed as words).
 */
const FEATURE_SETS: Record<string, FeatureSet> = {
  shipped: SHIPPED_FEATURES,
  words: { headingWeight: 2, headingBigrams: true },
  before: {},
};
const CV_FOLDS = 5;

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function examplesOf(docs: readonly CorpusDocument[], categories: CategoryId[], features: FeatureSet): Example[] {
  return docs.map((d) => ({ x: extractFeatures(d.text, features), y: categories.indexOf(d.label) }));
}

function outcomesOf(logits: number[][], ys: number[], categories: CategoryId[], temperature: number): Outcome[] {
  return logits.map((l, i) => {
    const p = softmax(l.map((x) => x / temperature));
    const best = p.indexOf(Math.max(...p));
    return { truth: categories[ys[i] ?? 0] as CategoryId, predicted: categories[best], confidence: p[best] ?? 0 };
  });
}

function tcgaLine(t: BuiltCorpus['tcga']): string {
  if ('skipped' in t) return `  TCGA pathology reports: skipped, ${t.skipped}`;
  return `  TCGA pathology reports from ${t.source}: ${t.reports} read; reserved dropped: ${t.droppedReserved} reports of ${t.droppedReservedPatients} reserved patients; ${t.droppedShort} too short, ${t.droppedNoBarcode} without a patient barcode; ${t.kept} kept (${t.patients} patients)`;
}

function counts(docs: readonly CorpusDocument[]): string {
  const c = new Map<string, number>();
  for (const d of docs) c.set(`${d.label} (${d.source})`, (c.get(`${d.label} (${d.source})`) ?? 0) + 1);
  return [...c].sort().map(([k, v]) => `    ${k}: ${v}`).join('\n');
}

/** `npm run train`: rebuild the corpus, report held-out and cross-validated figures, write the model. */
export async function main(args: string[]): Promise<void> {
  const started = Date.now();
  const featureName = argValue(args, '--features') ?? 'shipped';
  const features = FEATURE_SETS[featureName];
  if (!features) throw new Error(`--features ${featureName}: one of ${Object.keys(FEATURE_SETS).join(', ')}`);
  // An experiment with other features must not overwrite the shipped model unless asked.
  const write = featureName === 'shipped' ? !args.includes('--no-write') : args.includes('--write');
  const corpus = buildCorpus(argValue(args, '--mtsamples') ?? process.env.CASEPACK_MTSAMPLES, argValue(args, '--reserved'), tcgaSource(argValue(args, '--tcga')));
  const categories = [...new Set(corpus.documents.map((d) => d.label))].sort() as CategoryId[];
  const f = corpus.filter;
  console.log(`Corpus: ${corpus.documents.length} documents from ${corpus.snapshot}`);
  console.log(`  MTSamples rows ${f.rows}; reserved dropped: ${f.byName} by sample name, ${f.byText} more by identical text; ${f.reservedNamesSeen} reserved names found`);
  console.log(`  MTSamples source documents left out as not mapping to a category: ${corpus.unlabelled}`);
  console.log(tcgaLine(corpus.tcga));
  console.log(counts(corpus.documents));
  const { rest, heldout } = splitHeldout(corpus.documents);
  const restX = examplesOf(rest, categories, features);
  // Cross-validation on the rest: out-of-fold logits also calibrate the temperature.
  const fold = folds(rest, CV_FOLDS);
  const oofLogits: number[][] = new Array(rest.length);
  for (let k = 0; k < CV_FOLDS; k++) {
    const model = train(restX.filter((_, i) => fold[i] !== k), categories.length, DEFAULT_TRAIN);
    restX.forEach((e, i) => { if (fold[i] === k) oofLogits[i] = logitsOf(model, e.x); });
  }
  const ys = restX.map((e) => e.y);
  const temperature = fitTemperature(oofLogits, ys);
  const finalModel = train(restX, categories.length, DEFAULT_TRAIN);
  const file = { ...toModelFile(finalModel, categories, temperature, MAX_FEATURES, `MTSamples (reserved removed) + TCGA pathology reports (reserved patients removed) + casepack writers; ${rest.length} documents`), featureSet: features };
  const heldX = examplesOf(heldout, categories, features);
  const { DocumentClassifier } = await import('../../src/classify/model/classifier.js');
  const shipped = new DocumentClassifier(file);
  const t0 = performance.now();
  for (const d of heldout) shipped.predict(d.text);
  const msPerDocument = (performance.now() - t0) / Math.max(1, heldout.length);
  const heldOutcomes: Outcome[] = heldout.map((d, i) => {
    const best = shipped.predict(d.text).ranked[0];
    return { truth: categories[heldX[i]?.y ?? 0] as CategoryId, predicted: best?.category, confidence: best?.probability ?? 0 };
  });
  console.log(`\nHeld-out part (${heldout.length} documents, 20% of each category by source document, never tuned on), the shipped (pruned, quantised) model alone:`);
  console.log(summarise(heldOutcomes));
  console.log(reliabilityTable(heldOutcomes));
  console.log(`  inference ${msPerDocument.toFixed(2)} ms a document (features and prediction, this machine)`);
  console.log(`\n${CV_FOLDS}-fold cross-validation on the other ${rest.length} documents (temperature ${temperature} fitted on these out-of-fold predictions):`);
  const cv = outcomesOf(oofLogits, ys, categories, temperature);
  console.log(summarise(cv));
  console.log(reliabilityTable(cv));
  const json = JSON.stringify(file);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (!write) {
    console.log(`\nfeatures "${featureName}": ${file.features.length} features x ${categories.length} categories, ${(json.length / 1024).toFixed(0)} KiB; not written (${seconds} s)`);
    return;
  }
  fs.mkdirSync(path.dirname(MODEL_PATH), { recursive: true });
  fs.writeFileSync(MODEL_PATH, json + '\n');
  console.log(`\nwrote ${path.relative(process.cwd(), MODEL_PATH)}: ${file.features.length} features x ${categories.length} categories, ${(json.length / 1024).toFixed(0)} KiB; ${seconds} s`);
}
