import path from 'node:path';
import type { Reason } from '../model/scan.js';
import { decide, prepareText, rankReasons, scoreReasons, type Decision } from './engine.js';
import { detectModality } from './modality.js';
import { shippedClassifier } from './model/classifier.js';
import { combineWithModel, MODEL_MIN_WORDS } from './model/combine.js';
import { detectLanguage, languageName, READ_LANGUAGES } from './language.js';
import { FILENAME_RULES, TEXT_RULES } from './rules.js';
import { titleLine } from './title.js';
import { MODALITY_CATEGORIES } from './modality-categories.js';
import { dampLabMentions, narrativeReason, narrativeShape } from './narrative.js';
import { asPrintedLines, vocabularyOf } from './ocr-lines.js';

export interface DocumentVerdict extends Decision {
  modality?: string;
  /** The document's own title line, when one named the category. */
  title?: string;
}

export { MODALITY_CATEGORIES };

/** A file name as words: `CT_abdomen-2025.pdf` → `CT abdomen 2025`. */
export function nameAsText(relPath: string): string {
  return path.posix.basename(relPath).replace(/\.[a-z0-9]{1,5}$/i, '').replace(/[_\-.+]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2');
}

function filenameReasons(relPath: string): Reason[] {
  // Whole name as one "body" line: file names are weak hints by construction.
  const prepared = prepareText(`\n\n\n\n\n\n\n\n\n\n\n${nameAsText(relPath)}`, 'plain');
  return scoreReasons(prepared, FILENAME_RULES);
}

/**
 * Classify a document by its text, with the file name as a weak hint: the
 * rule engine's evidence combined with the trained model (docs/model.md).
 */
export function classifyDocumentText(text: string, relPath: string, options: { model?: boolean } = {}): DocumentVerdict {
  const prepared = prepareText(text);
  // A case told as prose (narrative.ts): its shape is evidence, and lab words in its sentences are mentions.
  const shape = narrativeShape(text);
  const narrative = narrativeReason(shape);
  const reasons = [...dampLabMentions(scoreReasons(prepared, TEXT_RULES), shape), ...(narrative ? [narrative] : []), ...filenameReasons(relPath)];
  const rules = decide(rankReasons(reasons));
  // `model: false` is the rules alone: the evaluation's before/after.
  // The model reads the lines the rules read: OCR's edge marks gone, cut heading words joined (ocr-lines.ts).
  const decision = options.model === false ? rules : withModel(rules, text, () => asPrintedLines(text, ruleWords()));
  const verdict: DocumentVerdict = { ...capUnreadLanguage(decision, text) };
  if (decision.category && MODALITY_CATEGORIES.has(decision.category)) {
    const modality = detectModality(text) ?? detectModality(nameAsText(relPath));
    if (modality) {
      verdict.modality = modality.modality;
      verdict.reasons = [...verdict.reasons, { rule: `modality.${modality.modality}`, weight: 0, matched: [modality.matched] }];
    }
  }
  // The title line first, then the rest of the top: a title rule may have fired on a header line.
  const top = prepared.lines.filter((l) => l.zone === 'top').sort((a, b) => Number(b.title) - Number(a.title));
  const title = titleLine(top.map((l) => l.text.trim()), decision.reasons, decision.category);
  if (title) verdict.title = title;
  return verdict;
}

/** The most a category read from a language the rules were not written for may be sure of (confidently wrong is >= 0.7). */
export const UNREAD_LANGUAGE_MAX_CONFIDENCE = 0.6;

/**
 * A document in a language casepack has no rules for (Basque, Polish, Japanese, ...) is classified from what it
 * borrows (drug names, units, "biopsia", "TAC"), not from its own titles and headings: the answer may stand, but
 * never as a sure one. Text too short to tell (`und`) is left alone: a lab table is mostly numbers.
 */
function capUnreadLanguage(decision: Decision, text: string): Decision {
  if (!decision.category || decision.confidence <= UNREAD_LANGUAGE_MAX_CONFIDENCE) return decision;
  const language = detectLanguage(text);
  if (language.code === 'und' || READ_LANGUAGES.has(language.code)) return decision;
  return {
    ...decision,
    confidence: UNREAD_LANGUAGE_MAX_CONFIDENCE,
    reasons: [...decision.reasons, { rule: 'language.unread', weight: 0, matched: [languageName(language.code)] }],
  };
}

let ruleWordSet: ReadonlySet<string> | undefined;
/** The words of the rules' phrases: a cut word is joined where it makes one of them, as the rules join it (engine.ts). */
function ruleWords(): ReadonlySet<string> {
  ruleWordSet ??= vocabularyOf(TEXT_RULES.flatMap((r) => [...(r.any ?? []), ...(r.all ?? [])]));
  return ruleWordSet;
}

/**
 * The rules' decision, combined with the model's reading where there is
 * English text enough to read: the model learnt English reports only, and on
 * other languages (or OCR of a script the English model cannot read) its
 * votes are noise, while the rules carry each language's own titles.
 */
function withModel(rules: Decision, text: string, printed: () => string): Decision {
  const model = shippedClassifier();
  if (!model || (text.match(/\p{L}{2,}/gu)?.length ?? 0) < MODEL_MIN_WORDS) return rules;
  if (detectLanguage(text).code !== 'en') return rules;
  // Only the features read the printed lines: training read clean text, and on clean text the two are the same.
  return combineWithModel(rules, model.predict(printed()));
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
