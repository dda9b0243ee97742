import { describe, expect, it } from 'vitest';
import { judgeSource, mentionedResults } from '../../src/classify/source-kind.js';

const LETTER = `Dear Dr Marsh,
Thank you for seeing Mrs Example with pancreatic adenocarcinoma.
Molecular testing showed a KRAS G12D mutation. CT of the abdomen showed a 3 cm mass in the head of the pancreas.
Plan: start FOLFIRINOX next week.
Yours sincerely,
Dr Rafael Ortiz`;

const NGS_REPORT = `MOLECULAR PATHOLOGY LABORATORY
Next-Generation Sequencing Report
Accession: MP25-1042
Specimen: FFPE block A2, pancreatic adenocarcinoma
Method: targeted DNA panel (50 genes), hybrid capture
RESULTS
KRAS c.35G>A p.G12D  VAF 31%
Electronically signed out by Dr Mei Chen, Molecular Pathologist`;

describe('primary report or summary', () => {
  it('judges a clinic letter quoting a molecular result a summary that mentions it', () => {
    const source = judgeSource(LETTER, 'clinical-summary');
    expect(source?.kind).toBe('summary');
    expect(source?.mentions).toEqual(['molecular', 'imaging']);
    expect(source?.reasons.map((r) => r.rule)).toContain('source.salutation');
  });

  it('judges a letter filed as a molecular report still a summary', () => {
    expect(judgeSource(LETTER, 'molecular-report')?.kind).toBe('summary');
  });

  it('judges the laboratory\'s own report primary, with the cues as reasons', () => {
    const source = judgeSource(NGS_REPORT, 'molecular-report');
    expect(source?.kind).toBe('primary');
    expect(source?.mentions).toBeUndefined();
    expect(source?.reasons.map((r) => r.rule)).toEqual(expect.arrayContaining(['source.accession', 'source.signed-out', 'source.method']));
  });

  it('leaves passports and consent forms alone', () => {
    expect(judgeSource(LETTER, 'identity-document')).toBeUndefined();
    expect(mentionedResults('The patient is well.')).toEqual([]);
  });
});
