import type { CategoryId } from '../../model/categories.js';
import type { Reason } from '../../model/scan.js';
import { PLACE_WEIGHT, type Decision } from '../engine.js';
import { TEXT_RULES } from '../rules.js';
import type { ModelPrediction } from './classifier.js';
import { NARRATIVE_RULE } from '../narrative.js';

/** Fewer words than this and the model has nothing to go on: the rules decide alone. */
export const MODEL_MIN_WORDS = 25;
/** Below this combined probability casepack abstains: the two best candidates, said out loud. */
export const ABSTAIN_BELOW = 0.5;
/** Under ABSTAIN_BELOW, a second candidate with at least this share of the first's probability makes it a tie. */
const CLOSE_SECOND = 0.5;
/** Under this the best candidate is no answer whatever the second's (the vote is spread over many). */
const ABSTAIN_FLOOR = 0.35;
/** The model's share of the combined vote where the rules have no title to stand on. */
const MODEL_SHARE = 0.7;
/** A title-backed rule decision is overruled only by a model this sure of something else. */
const OVERRULE_TITLE = 0.97;

const RULE_WEIGHTS = new Map(TEXT_RULES.map((r) => [r.id, r.weight]));

/** A title rule matched only in the first lines stands unless the model gives its category less than this. */
const DOUBTED_MENTION = 0.1;
/**
 * A case told as prose stands unless the model gives a summary less than this. Lower than for a title in the
 * first lines: the model learnt summaries from headed notes, and reads an unheaded story of an operation as the
 * operation's report (E3C-en, tuning third: 0.09-0.10 for a summary while the story has every stage).
 */
const DOUBTED_STORY = 0.05;

/**
 * Where the rules found the category's title: on the document's title line (a title rule whose best hit
 * weighs at least the rule's times the title place's), only in the letterhead, a header field or the first
 * lines (`top`: "CHEST X-RAY: clear" opening a discharge summary is a mention), or not at all. Citations
 * do not count.
 */
function titlePlace(decision: Decision): 'title' | 'top' | undefined {
  let place: 'title' | 'top' | undefined;
  for (const r of decision.reasons) {
    if (r.category !== decision.category || !r.rule.includes('.title') || r.matched?.every((m) => m.endsWith('(cited)'))) continue;
    if (r.weight >= (RULE_WEIGHTS.get(r.rule) ?? 0) * PLACE_WEIGHT.title) return 'title';
    place = 'top';
  }
  return place;
}

/**
 * The rules' vote in the combination: the category they decided gets their own confidence (its margin over the
 * runner-up and the strength of the evidence), the others the rest in proportion to their scores. Plain shares of
 * the total let every stray mention (a lab value, "dose", "X-ray" in a history) dilute a clear decision, so rules
 * and model agreeing on a discharge summary could land under the model's own probability.
 */
function ruleShares(decision: Decision): Map<CategoryId, number> {
  const byCategory = new Map<CategoryId, number>();
  for (const r of decision.reasons) if (r.category) byCategory.set(r.category, (byCategory.get(r.category) ?? 0) + r.weight);
  const decided = decision.category;
  const rest = [...byCategory].filter(([c]) => c !== decided).reduce((a, [, s]) => a + s, 0);
  return new Map([...byCategory].map(([c, s]) => [c, c === decided ? decision.confidence : rest > 0 ? (1 - decision.confidence) * s / rest : 0]));
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

export function modelReason(prediction: ModelPrediction, category: CategoryId): Reason {
  const p = prediction.ranked.find((r) => r.category === category)?.probability ?? 0;
  return { rule: `model.${category}`, category, weight: round(10 * p), matched: prediction.topFeatures.map((f) => f.feature) };
}

/**
 * The rule engine's verdict and the trained model's, made one. A document's
 * own title (a rule `*.title` hit that is not a citation) stands unless the
 * model is all but certain of something else; otherwise the model carries
 * most of the vote, the rules the rest, and a low combined probability with
 * a close second (or none standing out) abstains: the two best candidates,
 * reported as CATEGORY_UNCERTAIN.
 * The model saying `other` leaves the document unclassified, as before.
 */
export function combineWithModel(rules: Decision, prediction: ModelPrediction): Decision {
  const modelTop = prediction.ranked[0];
  if (!modelTop) return rules;
  const pModel = (c: CategoryId): number => prediction.ranked.find((r) => r.category === c)?.probability ?? 0;
  const place = titlePlace(rules);
  // A case told as prose (narrative.ts) has no title, and the model, trained on headed reports, reads its
  // content words ("CT showed", "incision") as the report they come from: the story's shape stands as a
  // title in the first lines does, unless the model all but rules a summary out.
  const story = rules.category !== undefined && rules.reasons.some((r) => r.rule === NARRATIVE_RULE && r.category === rules.category);
  // A title stands; a title phrase in the first lines stands too unless the model all but rules its category out.
  if (rules.category && (place === 'title' || (place === 'top' && pModel(rules.category) >= DOUBTED_MENTION) || (story && pModel(rules.category) >= DOUBTED_STORY))) {
    const overruled = modelTop.category !== rules.category && modelTop.category !== 'other' && modelTop.probability >= OVERRULE_TITLE && pModel(rules.category) < 0.01;
    // The rules' tie (a consent form full of treatment words) is settled where the model, reading the words
    // independently, puts the title's category above the one tied with it.
    const titled = rules.category;
    const tiedWith = overruled ? [modelTop.category] : rules.tiedWith.filter((c) => pModel(c) >= pModel(titled));
    const confidence = overruled ? Math.min(rules.confidence, 0.5) : round(Math.max(rules.confidence, Math.min(0.99, pModel(rules.category))));
    const reasons = [...rules.reasons, modelReason({ ...prediction, topFeatures: modelTop.category === rules.category ? prediction.topFeatures : [] }, rules.category)];
    return { category: rules.category, confidence, tiedWith, reasons };
  }
  const shares = ruleShares(rules);
  const ruleWeight = rules.category ? 1 - MODEL_SHARE : 0;
  const combined = prediction.ranked.map(({ category, probability }) => ({ category, p: MODEL_SHARE * probability + ruleWeight * (shares.get(category) ?? 0) + (ruleWeight === 0 ? (1 - MODEL_SHARE) * probability : 0) }))
    .sort((a, b) => b.p - a.p || (a.category < b.category ? -1 : 1));
  const [top, second] = combined;
  if (!top) return rules;
  // Unsure, and said so with the two best candidates, only where the second is a real contender or nothing stands
  // out: a letter at 0.48 whose runner-up has 0.1 is not "lab results or a letter".
  const tiedWith = top.p < ABSTAIN_BELOW && second && (second.p >= CLOSE_SECOND * top.p || top.p < ABSTAIN_FLOOR) ? [second.category] : [];
  const explained = top.category === modelTop.category ? prediction : { ...prediction, topFeatures: [] };
  const reasons = [modelReason(explained, top.category), ...rules.reasons];
  if (top.category === 'other') {
    // Not a clinical document by the model's reading, or nothing it knows: unclassified, as the rules leave it.
    if (top.p >= ABSTAIN_BELOW || !second) return { category: undefined, confidence: 0, tiedWith: [], reasons };
    return { category: second.category, confidence: round(second.p), tiedWith: ['other'], reasons };
  }
  return { category: top.category, confidence: round(Math.min(0.99, top.p)), tiedWith, reasons };
}
