import path from 'node:path';
import type { CategoryId } from '../model/categories.js';
import type { Reason } from '../model/scan.js';
import { decide, prepareText, rankReasons, scoreReasons, type Decision } from './engine.js';
import { detectModality } from './modality.js';
import { shippedClassifier } from './model/classifier.js';
import { combineWithModel, MODEL_MIN_WORDS } from './model/combine.js';
import { FILENAME_RULES, TEXT_RULES } from './rules.js';

export interface DocumentVerdict extends Decision {
  modality?: string;
  /** The document's own title line, when one named the category. */
  title?: string;
}

/** Categories that carry a modality. */
export const MODALITY_CATEGORIES: ReadonlySet<CategoryId> = new Set(['imaging', 'imaging-report', 'imaging-export']);

/** A file name as words: `CT_abdomen-2025.pdf` → `CT abdomen 2025`. */
export function nameAsText(relPath: string): string {
  return path.posix.basename(relPath).replace(/\.[a-z0-9]{1,5}$/i, '').replace(/[_\-.+]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2');
}

function filenameReasons(relPath: string): Reason[] {
  // Whole name as one "body" line: file names are weak hints by construction.
  const prepared = prepareText(`\n\n\n\n\n\n\n\n\n\n\n${nameAsText(relPath)}`);
  return scoreReasons(prepared, FILENAME_RULES);
}

/**
 * Classify a document by its text, with the file name as a weak hint: the
 * rule engine's evidence combined with the trained model (docs/model.md).
 */
export function classifyDocumentText(text: string, relPath: string, options: { model?: boolean } = {}): DocumentVerdict {
  const prepared = prepareText(text);
  const reasons = [...scoreReasons(prepared, TEXT_RULES), ...filenameReasons(relPath)];
  const rules = decide(rankReasons(reasons));
  // `model: false` is the rules alone: the evaluation's before/after.
  const decision = options.model === false ? rules : withModel(rules, text);
  const verdict: DocumentVerdict = { ...decision };
  if (decision.category && MODALITY_CATEGORIES.has(decision.category)) {
    const modality = detectModality(text) ?? detectModality(nameAsText(relPath));
    if (modality) {
      verdict.modality = modality.modality;
      verdict.reasons = [...verdict.reasons, { rule: `modality.${modality.modality}`, weight: 0, matched: [modality.matched] }];
    }
  }
  const title = titleLine(prepared.lines.filter((l) => l.zone === 'top').map((l) => l.text.trim()), decision.reasons, decision.category);
  if (title) verdict.title = title;
  return verdict;
}

/** The rules' decision, combined with the model's reading where there is text enough to read. */
function withModel(rules: Decision, text: string): Decision {
  const model = shippedClassifier();
  if (!model || (text.match(/\p{L}{2,}/gu)?.length ?? 0) < MODEL_MIN_WORDS) return rules;
  return combineWithModel(rules, model.predict(text));
}

/**
 * Classify by file name alone (a scanned PDF, a photo): never confident.
 * `other` unless a name rule fires; confidence capped low.
 */
export function classifyByName(relPath: string): DocumentVerdict {
  const decision = decide(rankReasons(filenameReasons(relPath)), { minScore: 1, maxConfidence: 0.4 });
  const verdict: DocumentVerdict = { ...decision };
  if (decision.category && MODALITY_CATEGORIES.has(decision.category)) {
    const modality = detectModality(nameAsText(relPath));
    if (modality) verdict.modality = modality.modality;
  }
  return verdict;
}

/** The top-zone line that carried the winning title rule, kept short (a title, not text). */
function titleLine(topLines: string[], reasons: Reason[], category: CategoryId | undefined): string | undefined {
  if (!category) return undefined;
  const titleReason = reasons.find((r) => r.category === category && r.rule.includes('.title'));
  const phrase = titleReason?.matched?.[0]?.replace(/ \(cited\)$/, '').toLowerCase();
  if (!phrase) return undefined;
  // Only a line that is mostly the title phrase: a header line may also carry a name or a number.
  const letters = (x: string): number => x.replace(/[^\p{L}\p{N}]/gu, '').length;
  const line = topLines.find((l) => l.toLowerCase().includes(phrase) && l.length <= 80 && letters(phrase) >= 0.4 * letters(l));
  return line?.replace(/\s+/g, ' ');
}
