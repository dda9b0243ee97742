import { describe, expect, it } from 'vitest';
import { parseCaseFile } from '../../src/casefile/load.js';
import { didYouMean, editDistance } from '../../src/util/did-you-mean.js';

const messages = (text: string): string[] => parseCaseFile(text).findings.map((f) => f.message);

describe('did you mean', () => {
  it('counts a swap of two neighbouring letters as one edit (Damerau-Levenshtein)', () => {
    expect(editDistance('quesitons', 'questions')).toBe(1);
    expect(editDistance('questons', 'questions')).toBe(1);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggests only a close word, ignoring case and - or _', () => {
    expect(didYouMean('questons', ['patient', 'questions', 'overrides'])).toBe('questions');
    expect(didYouMean('birthdate', ['name', 'birthDate', 'id'])).toBe('birthDate');
    expect(didYouMean('ocr_languages', ['ocrLanguages', 'overrides'])).toBe('ocrLanguages');
    expect(didYouMean('banana', ['patient', 'questions'])).toBeUndefined();
    expect(didYouMean('x', [])).toBeUndefined();
  });
});

describe('casepack.yaml problems in words', () => {
  it('a mistyped key: line, column, the key, and the key meant at that level', () => {
    const [message] = messages('patient:\n  name: Jane\nquestons:\n  - Is surgery possible?\n');
    expect(message).toBe('casepack.yaml, line 3, column 1, field questons: "questons" is not a setting in casepack.yaml; did you mean `questions`?');
    // The keys offered are those of the level the typo is at, not the top level's.
    const [nested] = messages('patient:\n  name: Jane\n  birthdate: 1970-01-01\n');
    expect(nested).toMatch(/line 3, column 3, field patient\.birthdate: .*did you mean `birthDate`\?/);
    const [far] = messages('colour: blue\n');
    expect(far).not.toMatch(/did you mean/);
    expect(far).toMatch(/the settings here are patient, checklist, /);
  });

  it('a date in the wrong form says the form in words, never the regex', () => {
    const [message] = messages('asOf: 2025-9-1\n');
    expect(message).toBe('casepack.yaml, line 1, column 7, field asOf: should be a date as YYYY-MM-DD, e.g. 2025-09-12, not "2025-9-1".');
    const all = messages('patient:\n  birthDate: 12/03/1961\nrequests:\n  - department: Pathology\n    items: [pathology-report]\n    sent: yesterday\ntreatments:\n  - kind: surgery\n    name: Whipple\n    start: 2025\n');
    expect(all).toHaveLength(3);
    for (const text of all) {
      expect(text).not.toMatch(/pattern|\\d|\^|\$\/|regex/i);
      expect(text).toMatch(/a date as YYYY-MM-DD/);
    }
    expect(all.find((m) => m.includes('treatments'))).toMatch(/line 10, column 12, field treatments\[0\]\.start: .*YYYY-MM when only the month is known, not 2025\./);
  });

  it('a value not in a list names the choices and the one meant', () => {
    const [message] = messages('overrides:\n  - path: a.pdf\n    category: pathology-reprot\n');
    expect(message).toMatch(/^casepack\.yaml, line 3, column 15, field overrides\[0\]\.category: "pathology-reprot" is not allowed here; write one of clinical-summary, pathology-report, /);
    expect(message).toMatch(/Did you mean `pathology-report`\?$/);
    expect(parseCaseFile('dateOrder: YMD\n').findings[0]?.message).toBe('casepack.yaml, line 1, column 12, field dateOrder: "YMD" is not allowed here; write one of DMY or MDY.');
  });

  it('wrong kinds of value, missing and empty fields are said in plain words', () => {
    expect(messages('questions: Is surgery possible?\n')[0]).toMatch(/field questions: should be a list \(lines starting with "- " under it\), not "Is surgery possible\?"\./);
    expect(messages('facts:\n  surgery: maybe\n')[0]).toMatch(/line 2, column 12, field facts\.surgery: should be yes or no \(true or false\), not "maybe"\./);
    expect(messages('attendants:\n  - relation: son\n')[0]).toMatch(/field attendants\[0\]\.name: is missing: it is needed here, as text\./);
    expect(messages('ocrLanguages: []\n')[0]).toMatch(/field ocrLanguages: is empty: give at least one entry, or leave the setting out\./);
    expect(messages('physical:\n  - kind: glass-slides\n    count: -2\n')[0]).toMatch(/field physical\[0\]\.count: should be more than 0, not -2\./);
  });

  it('keeps line and column in the finding details, for editors and CI annotations', () => {
    const [f] = parseCaseFile('patient:\n  name: Jane\n  birthdate: 1970-01-01\n').findings;
    expect(f?.details).toMatchObject({ line: 3, column: 3, path: 'patient.birthdate', suggestion: 'birthDate' });
    const [syntax] = parseCaseFile('patient:\n  name: Jane\n questions: [a, b\n').findings;
    expect(syntax?.message).toMatch(/^casepack\.yaml is not valid YAML at line 3, column 1: /);
  });
});
