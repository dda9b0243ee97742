import { describe, expect, it } from 'vitest';
import { classifyDocumentText } from '../../src/classify/document.js';
import { prepareText } from '../../src/classify/engine.js';
import { joinCutWords, joinCutWordsWithinEdges, withoutOcrEdges } from '../../src/classify/ocr-lines.js';
import { isBoilerplate, lineRoles } from '../../src/classify/title.js';

// Issue 11, slice s11-b: a scanned discharge summary read by OCR keeps the headings its printout has. The shapes
// below are the ones OCR gave on the corpus's training part (eval:ocr-real --part train); every text is invented.

describe('marks OCR adds at a line\'s edges', () => {
  it.each([
    ['PLAN                  |', 'PLAN'],
    ['_Date of service: November 25, 2019', 'Date of service: November 25, 2019'],
    ['. HOSPITAL COURSE', 'HOSPITAL COURSE'],
    ['DISCHARGE DIAGNOSES                  ,', 'DISCHARGE DIAGNOSES'],
    ['PULMONARY                                                  .', 'PULMONARY'],
    ['DISCHARGE DIAGNOSIS -', 'DISCHARGE DIAGNOSIS'],
    ['| ADMISSION DIAGNOSES |', 'ADMISSION DIAGNOSES'],
  ])('%j reads as %j', (line, clean) => {
    expect(withoutOcrEdges(line)).toBe(clean);
  });

  it.each([
    'Pneumonia, resolved.',
    'He said "no".',
    'Diagnosis:',
    '.5 mg at night',
    '- 2 cycles of FOLFOX',
    '- Sigmakarzinom',
    '• Pantoprazol 40 mg',
  ])('the text\'s own marks stay: %j', (line) => {
    expect(withoutOcrEdges(line)).toBe(line);
  });
});

describe('a bold heading\'s words OCR cut in two', () => {
  const vocabulary = new Set(['discharge', 'diagnosis', 'diagnoses', 'hospital', 'course', 'medication', 'disposition', 'position']);

  it.each([
    ['DIS CHARGE  DIAG NOSES', 'DISCHARGE  DIAGNOSES'],
    ['HOS PITAL COURSE', 'HOSPITAL COURSE'],
    ['ME DICATIONS', 'MEDICATIONS'],
    ['DIS CHAR GE DIAGNOSIS', 'DISCHARGE DIAGNOSIS'],
    ['DIS POSITION', 'DISPOSITION'],
  ])('%j is joined back into %j', (line, joined) => {
    expect(joinCutWords(line, vocabulary)).toBe(joined);
  });

  it('words that are words on their own stay apart ("HOSPITAL COURSE" is not "HOSPITALCOURSE")', () => {
    expect(joinCutWords('HOSPITAL COURSE', new Set([...vocabulary, 'hospitalcourse']))).toBe('HOSPITAL COURSE');
  });

  it('a sentence or a long line is left as it is', () => {
    expect(joinCutWords('He was seen by the dis charge team.', vocabulary)).toBe('He was seen by the dis charge team.');
    expect(joinCutWords(`${'word '.repeat(14)}DIS CHARGE`, vocabulary)).toBe(`${'word '.repeat(14)}DIS CHARGE`);
  });

  it('the engine reads the joined heading: "DIS CHARGE DIAG NOSES" is a discharge section', () => {
    const prepared = prepareText('DIS CHARGE DIAG NOSES\nPneumonia.');
    expect(prepared.text.split('\n')[0]).toBe('DISCHARGE DIAGNOSES');
  });

  // A table rule read as "|" far to the right made the line too long to join whole, though the heading is short.
  it('a cut heading beside OCR\'s edge marks is joined too, the marks left where they were', () => {
    const rule = ' '.repeat(50);
    expect(joinCutWordsWithinEdges(`| DIS CHARGE DIAG NOSES${rule}|`, vocabulary)).toBe(`| DISCHARGE DIAGNOSES${rule}|`);
    expect(joinCutWordsWithinEdges(`. HOS PITAL COURSE${rule},`, vocabulary)).toBe(`. HOSPITAL COURSE${rule},`);
    expect(joinCutWordsWithinEdges('He was seen by the dis charge team.', vocabulary)).toBe('He was seen by the dis charge team.');
    const prepared = prepareText(`DIS CHARGE DIAG NOSES${rule}|\nPneumonia.`);
    expect(prepared.text.split('\n')[0]).toBe(`DISCHARGE DIAGNOSES${rule}|`);
    expect(prepared.lines[1]?.start).toBe(prepared.text.indexOf('Pneumonia.'));
  });
});

describe('a header field whose colon OCR misread', () => {
  it.each(['Date of service. April 3, 2020', 'DOB; 04/12/1961', 'Date of service. 3 April 2020'])('%j is a header field, not a title', (line) => {
    expect(isBoilerplate(line, new Set())).toBe(true);
  });

  it('a title with a stop in it is still a title', () => {
    expect(isBoilerplate('Discharge Summary. Ward 4', new Set())).toBe(false);
  });

  it('so the first heading below it keeps its place', () => {
    const born = ['Date of service: April 3, 2020', 'CHIEF COMPLAINT', 'Back pain.'];
    const scanned = ['Date of service. April 3, 2020', 'CHIEF COMPLAINT', 'Back pain.'];
    expect(lineRoles(scanned)).toEqual(lineRoles(born));
  });
});

// A discharge summary printed, and the same page as OCR gave it back: blank lines between blocks, the bold headings'
// words cut, a table rule read as "|", specks at the edges, the date field's colon read as a stop. The rules must
// say the same of both.
const printout = `Riverside General Hospital
Health Information Services
400 Hospital Drive, Springfield
Date of service: November 25, 2019
HISTORY OF PRESENT ILLNESS
The patient is a 61-year-old man who was admitted with jaundice and epigastric pain. A CT scan showed a
pancreatic mass with liver lesions. He underwent ERCP with placement of a stent and felt more comfortable.
He had nausea during his admission which responded to ondansetron. He was tolerating a regular diet.
HOSPITAL COURSE
He improved after the stent and his bilirubin fell. Oncology saw him and discussed chemotherapy.
DISCHARGE MEDICATIONS
1. Ondansetron 4 mg every 8 hours as needed.
PLAN
Repeat ERCP if there are signs of stent occlusion.`;

const scanned = `Riverside General Hos pital
Health Information S ervices

400 Hospital Drive, Springfield

_Date of service. November 25, 2019

HISTORY OF PRESENT ILLNESS

The patient is a 61-year-old man who was admitted with jaundice and epigastric pain. A CT scan showed a
pancreatic mass with liver lesions. He underwent ERCP with placement of a stent and felt more comfortable.

He had nausea during his admission which responded to ondansetron. He was tolerating a regular diet.
. HOS PITAL COURSE

He improved after the stent and his bilirubin fell. Oncology saw him and discussed chemotherapy.

DIS CHARGE  ME DICATIONS                  ,

1. Ondansetron 4 mg every 8 hours as needed.
PLAN                  |

Repeat ERCP if there are signs of stent occlusion.`;

describe('a scanned discharge summary reads as its printout', () => {
  const rulesOnly = (text: string) => classifyDocumentText(text, 'scan 3.pdf', { model: false });

  it('the rules decide the same category with the same confidence', () => {
    const born = rulesOnly(printout);
    const copy = rulesOnly(scanned);
    expect(born.category).toBe('discharge-summary');
    expect(copy.category).toBe(born.category);
    expect(copy.confidence).toBe(born.confidence);
    expect(copy.tiedWith).toEqual(born.tiedWith);
  });

  it('the copy keeps its discharge sections as headings', () => {
    const sections = rulesOnly(scanned).reasons.find((r) => r.rule === 'dc.sections.several');
    expect(sections?.matched).toEqual(expect.arrayContaining(['hospital course', 'discharge medications']));
  });
});

describe('a discharge summary told mostly as prose', () => {
  const rulesOnly = (text: string) => classifyDocumentText(text, 'scan 3.pdf', { model: false });
  const story = `HISTORY OF PRESENT ILLNESS
The patient is a 61-year-old man who was admitted with jaundice and epigastric pain. A CT scan showed a
pancreatic mass with liver lesions. He underwent ERCP with placement of a stent and felt more comfortable.
He had nausea during his admission which responded to ondansetron, and he was discharged home on a regular diet.
Oncology saw him and discussed chemotherapy, and he will be followed up in the clinic in two weeks.`;
  const narrative = (text: string) => rulesOnly(text).reasons.find((r) => r.rule === 'summary.narrative')?.weight ?? 0;

  it('is a story, a clinical summary\'s evidence, under a plain heading', () => {
    const text = `${story}\nPLAN\n1. Ondansetron 4 mg every 8 hours as needed.`;
    expect(rulesOnly(text).category).toBe('clinical-summary');
    expect(narrative(text)).toBeGreaterThanOrEqual(8);
  });

  it('but not a clinic letter when a section only a discharge summary has heads part of it', () => {
    const text = `${story}\nDISCHARGE MEDICATIONS\n1. Ondansetron 4 mg every 8 hours as needed.`;
    expect(rulesOnly(text).category).toBe('discharge-summary');
    expect(narrative(text)).toBeLessThan(8);
  });
});
