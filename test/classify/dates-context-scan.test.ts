import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findDateMentions } from '../../src/classify/dates/candidates.js';
import { labelMentions, labelsIn } from '../../src/classify/dates/context.js';
import { DATE_LABELS } from '../../src/classify/dates/labels.js';
import { DATE_LABELS_I18N } from '../../src/classify/dates/labels-i18n.js';

/**
 * The date-label scan is fast by skipping work (issue 15): phrase labels gated and prefiltered, and only the
 * lines near a date scanned. These hold it to the plain way: every label's own pattern over the whole text.
 */
function plainLabels(text: string): Array<{ id: string; index: number; end: number }> {
  const hits: Array<{ id: string; index: number; end: number }> = [];
  for (const label of DATE_LABELS) {
    const pattern = new RegExp(label.pattern.source, label.pattern.flags);
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      hits.push({ id: label.id, index: match.index, end: match.index + match[0].length });
      pattern.lastIndex = match.index + 1;
    }
  }
  return hits;
}

const byPosition = (hits: Array<{ id: string; index: number; end: number }>): string[] => hits.map((h) => `${h.id}@${h.index}-${h.end}`).sort();

const today = new Date(2026, 10, 22, 12);
const phrases = DATE_LABELS_I18N.flatMap((l) => l.phrases);
// Every phrase in its own case, upper case and title case; English labels; a letter glued before or after.
const phrase = fc.constantFrom(...phrases).chain((p) => fc.constantFrom(p, p.toUpperCase(), p.replace(/^./u, (c) => c.toUpperCase())));
const english = fc.constantFrom('Date of procedure:', 'Collected', 'Reported on', 'Date of birth:', 'Next appointment:', 'Reference ranges', 'Printed', 'Date:', 'Collection date   Report date', 'Page 1 of 2');
const date = fc.constantFrom('12/09/2025', '2025-03-04', '4 March 2025', '03.04.2025', '2025年3月4日', '');
const glue = fc.constantFrom('', '', ' ', '\t', 'x', 'é', '1', ':');
const line = fc.tuple(glue, fc.oneof(phrase, english, fc.constant('')), glue, date, fc.constantFrom('', '  ', ' Hb 13.5 g/dL')).map((parts) => parts.join(''));
const text = fc.array(fc.oneof(line, fc.constant(''), fc.constant('Findings: no real patient data.')), { minLength: 1, maxLength: 60 }).map((lines) => lines.join('\n'));

describe('date label scan', () => {
  it('finds exactly what each label pattern finds over the whole text (gates and lookaheads change nothing)', () => {
    fc.assert(fc.property(text, (t) => {
      expect(byPosition(labelsIn(t))).toEqual(byPosition(plainLabels(t)));
    }), { numRuns: 150 });
  });

  it('labels every date the same when only the lines near dates are scanned', () => {
    fc.assert(fc.property(text, (t) => {
      const mentions = findDateMentions(t, today);
      expect(labelMentions(t, mentions)).toEqual(labelMentions(t, mentions, 'whole-text'));
    }), { numRuns: 150 });
  });

  it('still reads a column header ten non-empty lines up across blank lines, and a reference block twenty lines long', () => {
    const header = ['Collection date', ...Array.from({ length: 9 }, (_, i) => `row ${i}\n`), '12/09/2025'].join('\n');
    expect(labelMentions(header, findDateMentions(header, today))[0]?.kind).toBe('collection');
    const block = ['Reference ranges', ...Array.from({ length: 19 }, (_, i) => `Marker ${i} 1-5`), 'Valid from 12/09/2025'].join('\n');
    expect(labelMentions(block, findDateMentions(block, today))[0]?.kind).toBe('reference-range');
  });

  it('skips a phrase label whose words are not in the text, and finds it when they are', () => {
    const ids = (t: string): string[] => [...new Set(labelsIn(t).map((h) => h.id))].sort();
    expect(ids('Date of procedure: 12/09/2025')).not.toContain('procedure.i18n');
    expect(ids('Fecha de la biopsia: 12/09/2025')).toContain('procedure.i18n');
    expect(ids('FECHA DE LA BIOPSIA: 12/09/2025')).toContain('procedure.i18n');
  });

  it('reads a label whose pattern looks past its line (a German stay, "in unserer stationären Behandlung" below) as over the whole text', () => {
    const letter = 'wir berichten über Frau Muster, die sich vom 20.12.2033 bis zum 28.12.2033\nin unserer stationären Behandlung befand.\n\nBefund ohne Datum.';
    const mentions = findDateMentions(letter, today);
    const kinds = labelMentions(letter, mentions).map((m) => m.kind);
    expect(kinds).toEqual(labelMentions(letter, mentions, 'whole-text').map((m) => m.kind));
    expect(kinds).toEqual(['admission', 'discharge']);
  });
});
