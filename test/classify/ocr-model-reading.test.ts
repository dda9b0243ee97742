import { describe, expect, it } from 'vitest';
import { classifyDocumentText } from '../../src/classify/document.js';
import { shippedClassifier } from '../../src/classify/model/classifier.js';
import { extractFeatures, type FeatureSet } from '../../src/classify/model/features.js';
import { asPrintedLines, vocabularyOf } from '../../src/classify/ocr-lines.js';
import { TEXT_RULES } from '../../src/classify/rules.js';

// Issue 10/11, slice s12-i: the trained model reads a scanned page's lines as the rules do (ocr-lines.ts), so a
// heading OCR left with a table rule far to its right, a speck before it or its words cut is a heading to the
// model too. Every text here is invented, in the shapes OCR gave on the corpus's training part.

const printout = `Date of service: March 3, 2021
ADMISSION DIAGNOSES
Acute cholangitis with biliary obstruction.
HOSPITAL COURSE
The patient is a 58-year-old woman admitted with fever, rigors and jaundice. Blood cultures grew E. coli and
she was treated with intravenous piperacillin. An ERCP removed two common duct stones and a stent was placed.
Her bilirubin fell over the following days and the fever settled. She tolerated a regular diet by day four.
DISCHARGE DIAGNOSES
Acute cholangitis, resolved. Choledocholithiasis, treated.
DISCHARGE MEDICATIONS
Amoxicillin and clavulanate 875 mg twice daily for five more days.
PLAN
Outpatient cholecystectomy to be arranged by the surgical team in six weeks.`;

const rule = ' '.repeat(48);
const scanned = `_Date of service: March 3, 2021

ADMISSION DIAG NOSES${rule}|

Acute cholangitis with biliary obstruction.
. HOS PITAL COURSE${rule}|

The patient is a 58-year-old woman admitted with fever, rigors and jaundice. Blood cultures grew E. coli and
she was treated with intravenous piperacillin. An ERCP removed two common duct stones and a stent was placed.
Her bilirubin fell over the following days and the fever settled. She tolerated a regular diet by day four.
| DIS CHARGE DIAG NOSES${rule}|

Acute cholangitis, resolved. Choledocholithiasis, treated.
DIS CHARGE  ME DICATIONS${rule},

Amoxicillin and clavulanate 875 mg twice daily for five more days.
PLAN${rule}${rule}|

Outpatient cholecystectomy to be arranged by the surgical team in six weeks.`;

const model = shippedClassifier();
const featureSet = (model as unknown as { file: { featureSet?: FeatureSet } } | null)?.file.featureSet;
/** The model's reading of a text as document.ts gives it: edge marks gone, cut words joined where they make a rule's word. */
const vocabulary = vocabularyOf(TEXT_RULES.flatMap((r) => [...(r.any ?? []), ...(r.all ?? [])]));
const asModelReads = (text: string) => asPrintedLines(text, vocabulary);
const headings = (text: string) => [...extractFeatures(text, featureSet).keys()].filter((k) => k.startsWith('h:')).sort();

describe('the model reads a scanned page\'s headings as printed', () => {
  it('the raw OCR text has lost headings the printout has', () => {
    // Without this the tests below would prove nothing: the damage must be one the features see.
    expect(headings(scanned)).not.toEqual(headings(printout));
    expect(headings(scanned)).not.toContain('h:discharge diagnoses');
    expect(headings(scanned)).not.toContain('h:plan');
  });

  it('read as printed, the copy has the printout\'s features, every one', () => {
    expect(headings(asModelReads(scanned))).toEqual(headings(printout));
    expect(extractFeatures(asModelReads(scanned), featureSet)).toEqual(extractFeatures(printout, featureSet));
  });

  it.runIf(model)('so the model weighs the copy as it weighs the printout, by the same headings', () => {
    const born = classifyDocumentText(printout, 'scan 7.pdf');
    const copy = classifyDocumentText(scanned, 'scan 7.pdf');
    expect(born.category).toBe('discharge-summary');
    expect(copy.category).toBe(born.category);
    // Raw, the copy's model reason came from its prose (0.70 here); the rules' own evidence may still differ.
    const modelReason = (v: typeof born) => v.reasons.find((r) => r.rule.startsWith('model.'));
    expect(modelReason(copy)).toEqual(modelReason(born));
    expect(modelReason(copy)?.matched).toEqual(expect.arrayContaining(['h:discharge diagnoses', 'h:hospital course']));
  });
});

describe('asPrintedLines', () => {
  it('leaves clean text as it is, line for line (only the lines\' outer spaces go)', () => {
    expect(asPrintedLines(printout, vocabulary)).toBe(printout);
    expect(asPrintedLines('  Diagnosis: carcinoma.  \n- 2 cycles of FOLFOX\n• Pantoprazol 40 mg', vocabulary)).toBe('Diagnosis: carcinoma.\n- 2 cycles of FOLFOX\n• Pantoprazol 40 mg');
  });

  it('strips the marks OCR adds at a line\'s edges, joins the cut words, and keeps the lines where they were', () => {
    expect(asPrintedLines(`PLAN${rule}|\n_Date of service: May 2, 2020\n\n. HOS PITAL COURSE`, vocabulary))
      .toBe('PLAN\nDate of service: May 2, 2020\n\nHOSPITAL COURSE');
  });
});
