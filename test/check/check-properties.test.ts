import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCase } from '../../src/check/index.js';
import { loadChecklist } from '../../src/check/checklist-schema.js';
import { fillWording } from '../../src/check/wording.js';
import { CATEGORY_IDS } from '../../src/model/categories.js';
import { CheckResultSchema } from '../../src/model/check.js';
import { ScanBuilder } from '../support/scan-builder.js';

const isoDate = fc.date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

describe('properties', () => {
  it('fillWording never leaves a placeholder or bracket behind, and keeps a segment only when its value is known', () => {
    fc.assert(fc.property(fc.array(isoDate, { maxLength: 6 }), fc.option(fc.constantFrom('CT', 'MR', 'PT'), { nil: undefined }), (dates, modality) => {
      const text = fillWording('Please send the {modality} scans[ of {dates}][ ({modality})].', { dates, ...(modality ? { modality } : {}) });
      expect(text).not.toMatch(/[{}[\]]/);
      expect(text.includes(' of ')).toBe(dates.length > 0);
      expect(text).not.toMatch(/\s{2}|\s[.,]/);
    }));
  });

  it('on any mix of documents: the result matches its schema, every item is judged once, and "complete" means no needed item short and no error', async () => {
    const lists = await Promise.all(['general', 'pancreatic', 'international-review', 'hospital-submission'].map((id) => loadChecklist(id)));
    const doc = fc.record({
      category: fc.constantFrom(...CATEGORY_IDS),
      date: fc.option(isoDate, { nil: null }),
      modality: fc.option(fc.constantFrom('CT', 'MR', 'PET-CT', 'US'), { nil: undefined }),
      text: fc.constantFrom('', 'CA 19-9 300', 'bilirubin 1.1 haemoglobin 12', 'LDH 250 creatinine 80', 'endoscopic ultrasound'),
    });
    const study = fc.record({ modality: fc.constantFrom('CT', 'MR', 'PT'), date: fc.option(isoDate, { nil: null }) });
    fc.assert(fc.property(fc.array(doc, { maxLength: 12 }), fc.array(study, { maxLength: 3 }), fc.integer({ min: 0, max: 3 }),
      fc.record({ surgery: fc.option(fc.boolean(), { nil: undefined }), chemotherapy: fc.option(fc.boolean(), { nil: undefined }) }), (docs, studies, listIndex, facts) => {
        const builder = new ScanBuilder();
        docs.forEach((d, i) => builder.doc(`doc-${i}.${d.category === 'imaging-export' ? 'jpg' : 'pdf'}`, d.category, { date: d.date, ...(d.modality ? { modality: d.modality } : {}), text: d.text }));
        studies.forEach((s, i) => builder.study(`study-${i}`, s.modality, s.date));
        const list = lists[listIndex];
        if (!list) throw new Error('no list');
        const stated = Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined)) as Record<string, boolean>;
        const result = checkCase(builder.build(), list, { asOf: '2025-11-01', caseFile: { facts: stated } });
        CheckResultSchema.parse(result);
        expect(result.items.map((i) => i.id)).toEqual(list.items.map((i) => i.id));
        const short = result.items.some((i) => i.severity === 'required' && (i.status === 'missing' || i.status === 'partial'));
        const errors = result.findings.some((f) => f.severity === 'error');
        expect(result.status === 'complete').toBe(!short && !errors);
        // A fact stated false always rules its items out; a lowered item always names its assumption.
        for (const item of result.items) {
          const when = list.items.find((i) => i.id === item.id)?.when ?? {};
          if (Object.entries(when).some(([k, v]) => Object.hasOwn(stated, k) && stated[k] !== v)) expect(item.status).toBe('not-applicable');
          if (item.checklistSeverity) expect(item.assumedFacts?.length).toBeGreaterThan(0);
        }
      }), { numRuns: 150 });
  });
});
