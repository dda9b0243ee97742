import { describe, expect, it } from 'vitest';
import { decide, prepareText, scoreRule, scoreText, TIE_RATIO } from '../../src/classify/engine.js';
import type { TextRule } from '../../src/classify/rules.js';

const rules: TextRule[] = [
  { id: 'a.title', category: 'pathology-report', weight: 5, titleOnly: true, any: ['pathology report'] },
  { id: 'a.body', category: 'pathology-report', weight: 2, any: ['margin', 'specimen'] },
  { id: 'b.any', category: 'imaging-report', weight: 5, any: ['ct scan'] },
  { id: 'c.all', category: 'molecular-report', weight: 5, all: ['KRAS', 'exon'] },
  { id: 'd.regex', category: 'lab-results', weight: 5, case: true, regex: '\\bCA ?19-9\\b' },
];
const padding = Array.from({ length: 12 }, (_, i) => `line ${i} of ordinary body text that says nothing much at all.`).join('\n');

describe('rule engine', () => {
  it('weighs a title line above the same phrase in the body', () => {
    const inTitle = scoreText(`CT scan\n${padding}`, rules).ranked[0];
    const inBody = scoreText(`${padding}\nThe patient had a ct scan done.`, rules).ranked[0];
    expect(inTitle?.category).toBe('imaging-report');
    expect(inBody?.category).toBe('imaging-report');
    expect(inTitle!.score).toBeGreaterThan(inBody!.score * 2);
  });

  it('damps a mention that cites another document', () => {
    const plain = scoreText(`${padding}\nA ct scan shows a mass.`, rules).ranked[0]!.score;
    const cited = scoreText(`${padding}\nCompared with the previous ct scan, stable.`, rules).ranked[0];
    expect(cited!.score).toBeLessThan(plain);
    expect(cited!.reasons[0]?.matched?.[0]).toContain('(cited)');
  });

  it('counts title-only rules only near the top', () => {
    expect(scoreText(`${padding}\nSee the pathology report.`, rules).ranked.find((r) => r.category === 'pathology-report')).toBeUndefined();
    expect(scoreText('PATHOLOGY REPORT\nspecimen', rules).ranked[0]?.reasons.map((r) => r.rule)).toEqual(['a.title', 'a.body']);
  });

  it('needs every phrase of an all-rule, and matches regexes with case', () => {
    expect(scoreText('KRAS wild type', rules).ranked).toEqual([]);
    expect(scoreText('KRAS exon 2', rules).ranked[0]?.category).toBe('molecular-report');
    expect(scoreText('ca 19-9', rules).ranked).toEqual([]);
    expect(scoreText('CA 19-9 high', rules).ranked[0]).toMatchObject({ category: 'lab-results', reasons: [{ matched: ['CA 19-9'] }] });
  });

  it('does not match phrases inside words or across lines', () => {
    expect(scoreText('Xct scanner', rules).ranked).toEqual([]);
    expect(scoreText('ct\nscan', rules).ranked).toEqual([]);
  });

  it('decides with a confidence, reports ties and refuses weak evidence', () => {
    const clear = decide(scoreText('PATHOLOGY REPORT\nspecimen margin', rules), { minScore: 1 });
    expect(clear.category).toBe('pathology-report');
    expect(clear.tiedWith).toEqual([]);
    expect(clear.confidence).toBeGreaterThan(0.6);
    const tie = decide(scoreText('CT scan\nPATHOLOGY REPORT', rules), { minScore: 1 });
    expect(tie.tiedWith.length).toBe(1);
    expect(TIE_RATIO).toBeLessThan(1);
    const weak = decide(scoreText(`${padding}\nmargin`, rules));
    expect(weak.category).toBeUndefined();
  });
});

describe('rule engine on hostile text', () => {
  it('never throws and keeps confidence in [0, 1] on arbitrary text', async () => {
    const fc = await import('fast-check');
    const { TEXT_RULES } = await import('../../src/classify/rules.js');
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (text) => {
      const d = decide(scoreText(text, TEXT_RULES));
      return d.confidence >= 0 && d.confidence <= 1;
    }), { numRuns: 200 });
  });

  it('treats a text layer without line breaks as body text after its opening words', async () => {
    const { TEXT_RULES } = await import('../../src/classify/rules.js');
    const filler = 'lorem ipsum dolor sit amet '.repeat(40);
    const flat = `Histopathology Report ${filler} the CT scan was reviewed ${filler}`;
    const d = decide(scoreText(flat, TEXT_RULES), { minScore: 1 });
    expect(d.category).toBe('pathology-report');
    expect(d.reasons.find((r) => r.rule === 'img.title')).toBeUndefined();
  });
});

describe('phrases match whole words only', () => {
  const rule: TextRule = { id: 'test.ct', category: 'imaging-report', weight: 1, any: ['ct scan', 'ct', 'तकनीक', '病理报告'] };
  const matched = (text: string): string[] => scoreRule(prepareText(text), rule)?.matched?.map((m) => m.replace(/ \(cited\)$/, '')) ?? [];

  it('not inside another word, and a shorter phrase still counts where the longer one runs into a word', () => {
    expect(matched('The exact doctor acted')).toEqual([]);
    expect(matched('Images from the CT scanner')).toEqual(['ct']);
    expect(matched('CT scan of the chest')).toEqual(['ct scan']);
  });

  it('a Devanagari word continued by a vowel sign is another word; Chinese phrases need no spaces around them', () => {
    expect(matched('तकनीकी')).toEqual([]);
    expect(matched('तकनीक')).toEqual(['तकनीक']);
    expect(matched('这是病理报告。')).toEqual(['病理报告']);
  });
});
