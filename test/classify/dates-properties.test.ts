import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { format } from 'date-fns';
import { findClinicalDate } from '../../src/classify/dates/index.js';
import { CATEGORY_IDS } from '../../src/model/categories.js';
import { ClinicalDateSchema } from '../../src/model/scan.js';

/**
 * Properties over generated documents: whatever the text, the answer is a
 * valid ClinicalDate (or null), never after today, never before 1900, never a
 * birth date, and the function does not throw.
 */
const today = new Date(2026, 10, 22, 12);
const todayIso = '2026-11-22';

const anyDay = fc.date({ min: new Date(1890, 0, 1), max: new Date(2030, 11, 31), noInvalidDate: true });
// Styles whose reading does not depend on day/month order, so the test knows which day a line names.
const style = fc.constantFrom('yyyy-MM-dd', 'd MMM yyyy', 'MMM d, yyyy', 'do MMMM yyyy', 'dd-MMM-yyyy HH:mm');
const clinicalLabel = fc.constantFrom('Date of procedure:', 'Collected:', 'Exam date:', 'Reported', 'Date:', 'Received on', 'Date of discharge:', '');
const excludedLabel = fc.constantFrom('DOB:', 'Date of birth:', 'D.O.B.', 'Born', 'Date of expiry:', 'Valid until', 'Next appointment:', 'Follow-up on', 'Reference range from');
const filler = fc.constantFrom('Hb 13.5 g/dL (12.0-15.5)', 'Invasive ductal carcinoma, grade 2.', 'MRN 00451237', '', 'Page 1 of 2', 'Diagnosed Jul 2019.');

const line = fc.oneof(
  fc.record({ kind: fc.constant('clinical' as const), label: clinicalLabel, day: anyDay, style }),
  fc.record({ kind: fc.constant('excluded' as const), label: excludedLabel, day: anyDay, style }),
  fc.record({ kind: fc.constant('filler' as const), text: filler }),
);

describe('findClinicalDate properties', () => {
  it('never throws and always returns a valid ClinicalDate or null, on any text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), fc.constantFrom(...CATEGORY_IDS), fc.string({ maxLength: 40 }), (text, category, filename) => {
      const result = findClinicalDate({ text, filename: filename || 'x', category, today });
      if (result) ClinicalDateSchema.parse(result);
    }), { numRuns: 300 });
  });

  it('never chooses a birth, expiry, appointment or reference-range date, nor one outside 1900..today', () => {
    fc.assert(fc.property(fc.array(line, { minLength: 1, maxLength: 12 }), fc.constantFrom(...CATEGORY_IDS), (lines, category) => {
      const excluded = new Set<string>();
      const clinical = new Set<string>();
      const text = lines.map((l) => {
        if (l.kind === 'filler') return l.text;
        const iso = format(l.day, 'yyyy-MM-dd');
        (l.kind === 'excluded' ? excluded : clinical).add(iso);
        return `${l.label} ${format(l.day, l.style)}`;
      }).join('\n');
      const result = findClinicalDate({ text, filename: 'report.pdf', category, today });
      if (!result) return;
      ClinicalDateSchema.parse(result);
      for (const date of [result.date, result.start, ...(result.ambiguous ?? [])]) {
        if (!date) continue;
        expect(date >= '1900-01-01' && date <= todayIso).toBe(true);
        // A day named both as clinical and as excluded may be chosen for the clinical line.
        if (excluded.has(date)) expect(clinical.has(date)).toBe(true);
      }
      if (result.source === 'content') expect(clinical.has(result.date as string) || result.date === null).toBe(true);
      // Windows line endings (typed .txt files) change nothing.
      const crlf = findClinicalDate({ text: text.replace(/\n/g, '\r\n'), filename: 'report.pdf', category, today });
      expect(crlf?.date).toBe(result.date);
      expect(crlf?.kind).toBe(result.kind);
    }), { numRuns: 400 });
  });

  it('reads a numeric date the way the case file says, or gives both readings, never a wrong one silently', () => {
    const pastDay = fc.date({ min: new Date(1950, 0, 1), max: new Date(2026, 10, 21), noInvalidDate: true });
    fc.assert(fc.property(pastDay, fc.constantFrom('DMY', 'MDY') as fc.Arbitrary<'DMY' | 'MDY'>, fc.constantFrom('/', '.', '-'), fc.boolean(), (day, order, sep, tell) => {
      const iso = format(day, 'yyyy-MM-dd');
      const written = format(day, order === 'DMY' ? `dd${sep}MM${sep}yyyy` : `MM${sep}dd${sep}yyyy`);
      const result = findClinicalDate({ text: `Date of procedure: ${written}`, filename: 'x.pdf', category: 'pathology-report', today, ...(tell ? { dateOrder: order } : {}) });
      if (tell || result?.date) expect(result?.date).toBe(iso);
      else expect(result?.ambiguous).toContain(iso);
    }), { numRuns: 300 });
  });
});
