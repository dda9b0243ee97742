import { describe, expect, it } from 'vitest';
import { decide, prepareText, scoreRule, scoreText } from '../../src/classify/engine.js';
import { combineWithModel } from '../../src/classify/model/combine.js';
import type { ModelPrediction } from '../../src/classify/model/classifier.js';
import { TEXT_RULES } from '../../src/classify/rules.js';
import { lineRoles } from '../../src/classify/title.js';
import { findClinicalDate } from '../../src/classify/dates/index.js';
import type { CategoryId } from '../../src/model/categories.js';

const rulesOn = (text: string) => decide(scoreText(text, TEXT_RULES));
const today = new Date('2100-01-01T00:00:00Z');
const dateOf = (text: string, category: CategoryId) => findClinicalDate({ text, filename: 'letter.pdf', category, today, dateOrder: 'DMY' });

// Issue 11, slice D: the demo's referral letter, discharge letters, European reports, German letters' dates.

describe('a title line is not a citation of itself', () => {
  const letter = `Demo General Hospital
Medical Oncology
1 Example Road, Sampletown
Tel. 000 000 0000
REQUEST FOR SECOND OPINION
Patient: Demo Patient Date of birth: 12/04/1961
Dear colleagues,
Thank you for reviewing this man with an adenocarcinoma of the pancreas. He has received four cycles of
FOLFIRINOX with a dose reduction for neutropenia. Our questions follow.
Yours sincerely,
Dr B. Sample`;

  it('an address line with "Road" in capitals is letterhead, so the request below it is the title', () => {
    const lines = letter.split('\n');
    const roles = lineRoles(lines);
    expect(roles[lines.indexOf('1 Example Road, Sampletown')]).toBe('boilerplate');
    expect(roles[lines.indexOf('REQUEST FOR SECOND OPINION')]).toBe('title');
  });

  it('"for" in the title does not make the title cite another document', () => {
    const rule = TEXT_RULES.find((r) => r.id === 'summary.title');
    const reason = rule && scoreRule(prepareText(letter), rule);
    expect(reason?.matched).toContain('second opinion');
    expect(rulesOn(letter).category).toBe('clinical-summary');
  });

  it('"for" before a mention in the body still cites', () => {
    const rule = TEXT_RULES.find((r) => r.id === 'path.title');
    const text = `Clinic Letter\nDear Dr Example,\nWe await the results; she was referred for histopathology report review.\nYours sincerely`;
    const reason = rule && scoreRule(prepareText(text), rule);
    expect(reason?.matched?.every((m) => m.endsWith('(cited)')) ?? true).toBe(true);
  });
});

describe('unsure is said only when the second candidate is close', () => {
  const weakRules = { category: 'clinical-summary' as const, confidence: 0.4, tiedWith: [], reasons: [
    { rule: 'summary.salutation', category: 'clinical-summary' as const, weight: 6, matched: ['dear colleagues'] },
    { rule: 'tx.terms', category: 'treatment-history' as const, weight: 5, matched: ['cycles'] },
    { rule: 'lab.analytes', category: 'lab-results' as const, weight: 4, matched: ['CA 19-9'] },
  ] };
  const predicting = (ranked: [CategoryId, number][]): ModelPrediction => ({ ranked: ranked.map(([category, probability]) => ({ category, probability })), topFeatures: [] });

  it('a best candidate under 0.5 with a far-behind second is answered, not tied', () => {
    const c = combineWithModel(weakRules, predicting([['clinical-summary', 0.45], ['operative-report', 0.1], ['imaging-report', 0.1], ['lab-results', 0.1], ['other', 0.25]]));
    expect(c.category).toBe('clinical-summary');
    expect(c.tiedWith).toEqual([]);
    expect(c.confidence).toBeLessThan(0.7);
  });

  it('a close second is still a tie', () => {
    const c = combineWithModel(weakRules, predicting([['treatment-history', 0.42], ['clinical-summary', 0.38], ['other', 0.2]]));
    expect(c.tiedWith.length).toBe(1);
  });

  it('a vote spread thin is no answer whatever the second', () => {
    const c = combineWithModel({ ...weakRules, category: undefined, confidence: 0 }, predicting([['imaging-report', 0.3], ['other', 0.1], ['clinical-summary', 0.1], ['lab-results', 0.1], ['operative-report', 0.1], ['pathology-report', 0.1], ['discharge-summary', 0.1], ['consent-form', 0.1]]));
    expect(c.tiedWith.length).toBe(1);
  });

  it('rules and model agreeing do not land under the model alone', () => {
    const rules = { category: 'discharge-summary' as const, confidence: 0.8, tiedWith: [], reasons: [
      { rule: 'dc.sections', category: 'discharge-summary' as const, weight: 18, matched: ['hospital course'] },
      { rule: 'img.title', category: 'imaging-report' as const, weight: 8, matched: ['X-ray'] },
      { rule: 'med.terms', category: 'medication-list' as const, weight: 9, matched: ['tablets'] },
      { rule: 'lab.analytes', category: 'lab-results' as const, weight: 9, matched: ['hemoglobin'] },
    ] };
    const c = combineWithModel(rules, predicting([['discharge-summary', 0.5], ['clinical-summary', 0.3], ['other', 0.2]]));
    expect(c.category).toBe('discharge-summary');
    expect(c.confidence).toBeGreaterThanOrEqual(0.5);
  });
});

describe('discharge summaries without a title', () => {
  it('two of the sections only a discharge summary has outweigh an X-ray named in the history', () => {
    const text = `CHEST X-RAY: Clear.
ADMISSION DATE: 01/02/2020
HISTORY: The patient is a 70-year-old man with pneumonia.
HOSPITAL COURSE:
He was treated with antibiotics and improved.
DISCHARGE DIAGNOSIS:
Pneumonia, resolved.
DISCHARGE MEDICATIONS:
Amoxicillin 500 mg tablets three times daily.`;
    const decision = rulesOn(text);
    expect(decision.category).toBe('discharge-summary');
    expect(decision.tiedWith).toEqual([]);
    expect(decision.reasons.some((r) => r.rule === 'dc.sections.several')).toBe(true);
  });

  it('one such section alone does not fire the several-sections rule', () => {
    const rule = TEXT_RULES.find((r) => r.id === 'dc.sections.several');
    expect(rule && scoreRule(prepareText('Clinic note\nDISCHARGE MEDICATIONS:\nnone'), rule)).toBeUndefined();
  });

  it('a German letter about a stay in hospital is a discharge summary, its lab values in prose notwithstanding', () => {
    const text = `Klinikum Am Stadtpark
Sehr geehrte Frau Kollegin, sehr geehrter Herr Kollege,
wir berichten Ihnen nachfolgend über o.g. Patienten, der sich vom 1. - 21. Juli 2022 in unserer
stationären Behandlung befand.
Diagnosen: Rektumkarzinom
Labor: Leukozyten 3,2, Hämoglobin 10,1 g/dl, Thrombozyten 120, Kreatinin 1,1 mmol/l, MCV 90 fl.
Mit freundlichen Grüßen`;
    expect(rulesOn(text).category).toBe('discharge-summary');
  });

  it('an out-patient letter that plans an admission is no discharge summary', () => {
    const text = `Sehr geehrte Frau Kollegin,
wir berichten über unsere gemeinsame Patientin, die sich heute in unserer Sprechstunde vorstellte.
Eine stationäre Aufnahme zur Einleitung der Therapie wurde für den 2.05.2023 vereinbart.
Mit freundlichen Grüßen`;
    expect(rulesOn(text).category).not.toBe('discharge-summary');
  });
});

describe('European reports decided by the rules alone', () => {
  it('a Dutch pathology report with its own headings is a pathology report, not unclassified', () => {
    const text = `Verkrijgingswijze:
Biopt colon.
Macroscopie:
Twee biopten van 3 mm.
Conclusie: adenocarcinoom.`;
    expect(rulesOn(text).category).toBe('pathology-report');
  });

  it('a single English heading is still not enough', () => {
    expect(rulesOn('Findings:\nnothing of note').category).toBeUndefined();
  });
});

describe('the date of a German letter', () => {
  it('a stay wrapped after "bis zum" ends on its second date, and a discharge summary keeps the range', () => {
    const text = `Sehr geehrte Kollegen,
wir berichten über unsere gemeinsame Patientin, geboren am: 24.04.1987, die sich vom 20.12.2033 bis zum
28.12.2033 in unserer stationären Behandlung befand.
Diagnosen: Rektumkarzinom`;
    const discharge = dateOf(text, 'discharge-summary');
    expect(discharge?.date).toBe('2033-12-28');
    expect(discharge?.start).toBe('2033-12-20');
    expect(dateOf(text, 'clinical-summary')?.date).toBe('2033-12-28');
  });

  it('a letter takes its own date, not a later one it plans', () => {
    const text = `Arztbrief vom 20.11.2064
Sehr geehrte Damen und Herren,
wir berichten über den Patienten.
- Tumorboard-Vorstellung am 24.11.2064`;
    expect(dateOf(text, 'clinical-summary')?.date).toBe('2064-11-20');
  });

  it('the visit a letter reports in its first sentence beats a course it quotes', () => {
    const text = `Chemotherapie mit Folfirinox
23.01. - 15.02.12 Protonentherapie
wir berichten Ihnen über die Nachsorgeuntersuchung von Herrn T., der sich am 15.03.2013 in unserer
Sprechstunde vorstellte.`;
    expect(dateOf(text, 'clinical-summary')?.date).toBe('2013-03-15');
  });

  it('a print date is never the clinical date, even alone', () => {
    const date = dateOf('Patient: Jane Doe\nPrinted: 11/02/2025\nDear Dr Example, thank you.', 'clinical-summary');
    expect(date?.kind).not.toBe('printed');
    expect(date?.date ?? null).not.toBe('2025-02-11');
  });
});
