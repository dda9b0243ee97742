import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyDocumentText } from '../../src/classify/document.js';
import { MODEL_PATH, shippedClassifier } from '../../src/classify/model/classifier.js';
import { extractFeatures } from '../../src/classify/model/features.js';

// Documents written here for the test, in the way hospitals print them: not corpus text.
const DISCHARGE = `Riverside General Hospital
400 Hospital Drive
Patient: Jane Doe        MRN: 00412345
DOB: 04/12/1961          Ward: 7B

ADMISSION DATE: 03/02/2025
DISCHARGE DATE: 03/09/2025
ADMITTING DIAGNOSIS: Febrile neutropenia.
HOSPITAL COURSE: The patient was admitted with fever after her third cycle of chemotherapy. Blood cultures were drawn and she was started on intravenous piperacillin-tazobactam. Her counts recovered on day four and she remained afebrile for 48 hours.
DISCHARGE MEDICATIONS: Ciprofloxacin 500 mg twice daily for five days.
CONDITION ON DISCHARGE: Stable.
FOLLOW-UP: Oncology clinic in one week.`;

const OPERATIVE = `PREOPERATIVE DIAGNOSIS: Adenocarcinoma of the sigmoid colon.
POSTOPERATIVE DIAGNOSIS: Same.
PROCEDURE: Laparoscopic sigmoid colectomy with primary anastomosis.
ANESTHESIA: General endotracheal.
ESTIMATED BLOOD LOSS: 150 mL.
DESCRIPTION OF PROCEDURE: The patient was placed supine and general anesthesia induced. Ports were placed under direct vision. The sigmoid colon was mobilised along the white line of Toldt and the inferior mesenteric artery divided. The specimen was removed through a small incision and a stapled anastomosis fashioned. The patient tolerated the procedure well and went to recovery in stable condition.`;

describe('the shipped document classifier', () => {
  it('loads, is small, and ships where dist finds it', () => {
    expect(fs.statSync(MODEL_PATH).size).toBeLessThan(2 * 1024 * 1024);
    const model = shippedClassifier();
    expect(model).not.toBeNull();
    expect(model?.categories).toContain('operative-report');
  });

  it('reads the text with the feature families it was trained on (speed is printed by npm run train, not asserted)', () => {
    // The model file says its families; a model trained with character n-grams and read without them would
    // silently lose most of its evidence.
    const file = JSON.parse(fs.readFileSync(MODEL_PATH, 'utf8')) as { featureSet?: { charNgrams?: unknown }; features: string[] };
    expect(file.featureSet?.charNgrams).toBeDefined();
    expect(file.features.some((f) => f.startsWith('c:'))).toBe(true);
  });

  it('is deterministic: the same text gives the same answer', () => {
    const a = classifyDocumentText(DISCHARGE, 'scan 1.pdf');
    const b = classifyDocumentText(DISCHARGE, 'scan 1.pdf');
    expect(b).toEqual(a);
    expect([...extractFeatures(OPERATIVE)]).toEqual([...extractFeatures(OPERATIVE)]);
  });

  it('classifies real-looking documents without titles, under names that say nothing', () => {
    expect(classifyDocumentText(DISCHARGE, 'from hospital 3.pdf').category).toBe('discharge-summary');
    expect(classifyDocumentText(OPERATIVE, 'scan 7.pdf').category).toBe('operative-report');
  });

  it('explains itself: the model\'s weightiest features are a reason', () => {
    const verdict = classifyDocumentText(OPERATIVE, 'scan 7.pdf');
    const reason = verdict.reasons.find((r) => r.rule === 'model.operative-report');
    expect(reason?.matched?.length).toBeGreaterThan(0);
    expect(reason?.matched?.some((f) => /procedure|preoperative|anesthesia|blood loss/.test(f))).toBe(true);
  });

  it('does not guess on empty or garbage text', () => {
    expect(classifyDocumentText('', 'x.pdf').category).toBeUndefined();
    const garbage = Array.from({ length: 60 }, (_, i) => `qz${(i * 7919) % 97}x vbnk`).join(' ');
    const verdict = classifyDocumentText(garbage, 'file.pdf');
    expect(verdict.category === undefined || verdict.tiedWith.length > 0).toBe(true);
  });
});
