import { describe, expect, it } from 'vitest';
import { prepareText, scoreRule } from '../../src/classify/engine.js';
import type { TextRule } from '../../src/classify/rules.js';

/**
 * The alternation picks the longest phrase at a position; when that pick fails its word edges ("PET CTX"), the
 * phrases are tried one by one there (their sticky patterns, built on first use) and a shorter one may stand.
 */
describe('a phrase whose longer neighbour fails its word edges', () => {
  const rule: TextRule = { id: 't.pet', category: 'imaging-report', weight: 5, any: ['pet ct', 'pet'] };

  it('is found by the one-by-one fallback, in any case', () => {
    expect(scoreRule(prepareText('PET CTX shows uptake\n'), rule)?.matched).toEqual(['pet']);
    expect(scoreRule(prepareText('pet ctx shows uptake\n'), rule)?.matched).toEqual(['pet']);
    expect(scoreRule(prepareText('PET-CT shows uptake\n'), rule)?.matched).toEqual(['pet ct']);
  });

  it('is not found where no phrase has its word edges', () => {
    expect(scoreRule(prepareText('PETCTX shows uptake\n'), rule)).toBeUndefined();
  });
});
