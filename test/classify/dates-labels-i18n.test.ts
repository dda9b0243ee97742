import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DATE_LABEL_PATTERNS_I18N, DATE_LABELS_I18N } from '../../src/classify/dates/labels-i18n.js';

/**
 * labels-i18n.ts writes a label's word-boundary lookarounds once per run of neighbouring phrases (issue 15:
 * V8 parsed them per phrase, ~60 ms at start-up). This is the per-phrase form it replaced, kept as the reference:
 * both must match the same text at the same places, overlapping matches included.
 */
const UNSPACED_START = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const escape = (w: string): string => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
function phraseSource(phrase: string): string {
  const body = phrase.split(' ').map(escape).join('[ \\t]+');
  const start = UNSPACED_START.test(phrase) ? '' : '(?<![\\p{L}\\p{M}\\p{N}])';
  const end = /[\p{L}\p{M}]$/u.test(phrase) && !UNSPACED_START.test(phrase.slice(-1)) ? '(?![\\p{L}\\p{M}])' : '';
  return `${start}${body}${end}`;
}
const perPhrase = new Map(DATE_LABELS_I18N.map((label) => [label.id, new RegExp(`(?:${[...label.phrases].sort((a, b) => b.length - a.length).map(phraseSource).join('|')})`, 'gimu')]));

function matches(pattern: RegExp, text: string): string[] {
  const found: string[] = [];
  const copy = new RegExp(pattern.source, pattern.flags);
  for (let match = copy.exec(text); match; match = copy.exec(text)) {
    found.push(`${match.index}:${match[0]}`);
    copy.lastIndex = match.index + 1;
  }
  return found;
}

const phrases = DATE_LABELS_I18N.flatMap((l) => l.phrases);
const phrase = fc.constantFrom(...phrases).chain((p) => fc.constantFrom(p, p.toUpperCase(), p.replace(/^./u, (c) => c.toUpperCase()), p.replace(/ /g, ' \t ')));
// What sits either side of a phrase decides the lookarounds: letters of several scripts, marks, digits, spaces, punctuation.
const glue = fc.constantFrom('', ' ', '\t', '\n', 'x', 'é', '\u0301', '1', ':', '.', '日', 'ा', 'ب', '(');
const piece = fc.oneof(phrase, glue, fc.constantFrom(...phrases).map((p) => p.slice(0, Math.max(1, p.length - 2))));
const text = fc.array(piece, { minLength: 1, maxLength: 30 }).map((parts) => parts.join(''));

describe('i18n date label patterns', () => {
  it('match exactly what one pattern per phrase matches', () => {
    fc.assert(fc.property(text, (t) => {
      for (const label of DATE_LABEL_PATTERNS_I18N) expect(matches(label.pattern, t)).toEqual(matches(perPhrase.get(label.id) as RegExp, t));
    }), { numRuns: 300 });
  });

  it('find every phrase on its own, in any case, between spaces', () => {
    for (const label of DATE_LABEL_PATTERNS_I18N) {
      for (const p of DATE_LABELS_I18N.find((l) => l.id === label.id)?.phrases ?? []) {
        expect(matches(label.pattern, ` ${p.toUpperCase()} `).length, `${label.id}: ${p}`).toBeGreaterThan(0);
      }
    }
  });
});
