import { describe, expect, it } from 'vitest';
import { decide, scoreText } from '../../src/classify/engine.js';
import { combineWithModel } from '../../src/classify/model/combine.js';
import type { ModelPrediction } from '../../src/classify/model/classifier.js';
import { extractFeatures } from '../../src/classify/model/features.js';
import { TEXT_RULES } from '../../src/classify/rules.js';
import type { CategoryId } from '../../src/model/categories.js';

const rulesOn = (text: string) => decide(scoreText(text, TEXT_RULES));

function prediction(best: CategoryId, p: number, runnerUp: CategoryId): ModelPrediction {
  return { ranked: [{ category: best, probability: p }, { category: runnerUp, probability: 1 - p }], topFeatures: [] };
}

describe('a title with a subtitle is named by its first part', () => {
  it('a consent form about chemotherapy is a consent form', () => {
    const text = `St Anne's Hospital
Consent Form - Agreement to Chemotherapy (SACT)
Patient: Mr A. Example
Regimen: FOLFOX, 12 cycles
Risks: neutropenia, neuropathy, infection.
I agree to the course of treatment described on this form.`;
    expect(rulesOn(text).category).toBe('consent-form');
  });

  it('a pathology consultation report is a pathology report, not a clinic consultation', () => {
    const text = `Pathology Consultation Report
Patient Name: EXAMPLE, ANN
Case No: SP-24-00017
Diagnosis
Breast, left, core biopsy: invasive ductal carcinoma, grade 2.`;
    expect(rulesOn(text).category).toBe('pathology-report');
  });

  it('a subtitle alone does not make a title', () => {
    // "Pathology" in the subtitle of a clinic letter names what the letter is about.
    const text = `Clinic Letter - Pathology Results
Dear Dr Example,
I saw Mrs Example in clinic today to discuss her results. On examination she was well.
Yours sincerely`;
    expect(rulesOn(text).category).toBe('clinical-summary');
  });
});

describe('the model and the rules together', () => {
  it('a category named in the first lines is not the document\'s own title: the model may outvote it', () => {
    // Rules: an imaging "title" rule hit in the top zone (weight 8 x place 2), not on a title line.
    const rules = { category: 'imaging-report' as const, confidence: 0.7, tiedWith: [], reasons: [{ rule: 'img.title', category: 'imaging-report' as const, weight: 16, matched: ['X-ray'] }, { rule: 'dc.terms', category: 'discharge-summary' as const, weight: 6, matched: ['hospital course'] }] };
    const doubted: ModelPrediction = { ranked: [{ category: 'discharge-summary', probability: 0.85 }, { category: 'clinical-summary', probability: 0.1 }, { category: 'imaging-report', probability: 0.05 }], topFeatures: [] };
    expect(combineWithModel(rules, doubted).category).toBe('discharge-summary');
    // A first-lines title the model does not rule out stands (a letterhead "Molecular Pathology" on a FISH report).
    expect(combineWithModel(rules, prediction('discharge-summary', 0.8, 'imaging-report')).category).toBe('imaging-report');
  });

  it('a title on the title line stands unless the model is all but certain of something else', () => {
    const rules = { category: 'imaging-report' as const, confidence: 0.7, tiedWith: [], reasons: [{ rule: 'img.title', category: 'imaging-report' as const, weight: 32, matched: ['CT scan'] }] };
    expect(combineWithModel(rules, prediction('discharge-summary', 0.8, 'imaging-report')).category).toBe('imaging-report');
  });

  it('the rules\' tie is settled where the model puts the title\'s category above the one tied with it', () => {
    const rules = { category: 'consent-form' as const, confidence: 0.5, tiedWith: ['treatment-history' as const], reasons: [{ rule: 'consent.title', category: 'consent-form' as const, weight: 36, matched: ['consent form'] }] };
    expect(combineWithModel(rules, prediction('consent-form', 0.6, 'treatment-history')).tiedWith).toEqual([]);
    expect(combineWithModel(rules, prediction('treatment-history', 0.6, 'consent-form')).tiedWith).toEqual(['treatment-history']);
    // The model's best is a third category, but it still reads consent above treatment.
    const third: ModelPrediction = { ranked: [{ category: 'clinical-summary', probability: 0.5 }, { category: 'consent-form', probability: 0.3 }, { category: 'treatment-history', probability: 0.2 }], topFeatures: [] };
    expect(combineWithModel(rules, third).tiedWith).toEqual([]);
  });
});

describe('features', () => {
  const chars = { charNgrams: { min: 4, max: 4, weight: 0.5 } };
  const pieces = (text: string) => new Set([...extractFeatures(text, chars).keys()].filter((k) => k.startsWith('c:')));

  it('an OCR-damaged word still shares most of its character pieces with the word', () => {
    const clean = pieces('pathology');
    const damaged = pieces('patholoqy');
    const shared = [...damaged].filter((k) => clean.has(k)).length;
    expect(shared / clean.size).toBeGreaterThanOrEqual(0.5);
    // Word features alone have nothing in common.
    expect(extractFeatures('patholoqy').has('w:pathology')).toBe(false);
  });

  it('a long heading\'s word pairs count on their own', () => {
    const v = extractFeatures('HISTORY AND HOSPITAL COURSE: admitted with fever.', { headingBigrams: true });
    expect(v.has('hb:hospital course')).toBe(true);
    expect(extractFeatures('HISTORY AND HOSPITAL COURSE: admitted with fever.').has('hb:hospital course')).toBe(false);
  });

  it('is normalised and deterministic with every family', () => {
    const set = { ...chars, headingWeight: 2, headingBigrams: true };
    const a = extractFeatures('DISCHARGE DIAGNOSES: pneumonia, resolved.\nHOSPITAL COURSE: treated with antibiotics.', set);
    const b = extractFeatures('DISCHARGE DIAGNOSES: pneumonia, resolved.\nHOSPITAL COURSE: treated with antibiotics.', set);
    expect([...a]).toEqual([...b]);
    const norm = Math.sqrt([...a.values()].reduce((s, x) => s + x * x, 0));
    expect(norm).toBeCloseTo(1, 6);
  });
});
