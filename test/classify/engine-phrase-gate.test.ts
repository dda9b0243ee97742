import { describe, expect, it } from 'vitest';
import { prepareText, scoreRule } from '../../src/classify/engine.js';
import { FILENAME_RULES, TEXT_RULES, type TextRule } from '../../src/classify/rules.js';
import { TEXT_RULES_I18N } from '../../src/classify/rules-i18n.js';

/**
 * The substring gate before a rule's regex (engine.ts) may skip a rule only where its regex cannot match. Each
 * phrase alone on a title line must still fire its rule however the text writes it: in capitals, with the long s
 * (U+017F) and the Kelvin sign (U+212A) that /iu reads as "s" and "k", with a hyphen or a tab between its words.
 */
const singlePhraseRules = [...TEXT_RULES, ...TEXT_RULES_I18N, ...FILENAME_RULES]
  .filter((rule): rule is TextRule & { any: string[] } => rule.any !== undefined && !rule.all && !rule.regex && (rule.minDistinct ?? 1) <= 1);

const spellings: [string, (phrase: string, caseSensitive: boolean) => string][] = [
  ['as written', (p) => p],
  // Where capitals change the letters ("ß" becomes "SS") the regex itself no longer matches: left as written.
  ['in capitals', (p, cs) => (cs || p.toUpperCase().length !== p.length ? p : p.toUpperCase())],
  ['with the long s', (p, cs) => (cs ? p : p.replace(/s/g, '\u017f'))],
  ['with the Kelvin sign', (p, cs) => (cs ? p : p.replace(/k/gi, '\u212a'))],
  ['with a hyphen and a tab between words', (p) => p.trim().replace(/ /, '-').replace(/ /, '\t')],
];

describe('the phrase gate before the rule regexes', () => {
  it('has rules to check', () => {
    expect(singlePhraseRules.length).toBeGreaterThan(40);
  });

  for (const [how, spell] of spellings) {
    it(`never skips a rule whose phrase is there, ${how}`, () => {
      const missed: string[] = [];
      for (const rule of singlePhraseRules) {
        for (const phrase of rule.any) {
          const text = spell(phrase, rule.case === true);
          if (!scoreRule(prepareText(`${text}\n`), rule)) missed.push(`${rule.id}: ${JSON.stringify(text)}`);
        }
      }
      expect(missed).toEqual([]);
    });
  }

  it('skips a rule whose phrases are all absent, and an `all` rule missing one of its phrases', () => {
    const rule: TextRule = { id: 't.all', category: 'molecular-report', weight: 5, all: ['KRAS', 'exon'] };
    expect(scoreRule(prepareText('KRAS exon 2 mutation\n'), rule)).toBeDefined();
    expect(scoreRule(prepareText('KRAS mutation\n'), rule)).toBeUndefined();
    const any: TextRule = { id: 't.any', category: 'imaging-report', weight: 5, any: ['ct scan'] };
    expect(scoreRule(prepareText('Chest X-ray\n'), any)).toBeUndefined();
  });
});
