import { describe, expect, it } from 'vitest';
import { CATEGORY_IDS } from '../../src/model/categories.js';
import { listBuiltinChecklists, loadChecklist } from '../../src/check/checklist-schema.js';

describe('built-in checklists', () => {
  it('lists the four built-ins and each loads and resolves', async () => {
    const list = await listBuiltinChecklists();
    expect(list.map((c) => c.id).sort()).toEqual(['general', 'hospital-submission', 'international-review', 'pancreatic']);
    for (const info of list) {
      const resolved = await loadChecklist(info.id);
      expect(resolved.items.length).toBe(info.items);
      expect(resolved.source).toBe(`builtin:${info.id}`);
      for (const item of resolved.items) {
        expect(item.why.length, `${info.id}/${item.id} why`).toBeGreaterThan(30);
        expect(item.request.wording.length, `${info.id}/${item.id} wording`).toBeGreaterThan(20);
        for (const c of item.categories ?? []) expect(CATEGORY_IDS).toContain(c);
      }
    }
  });

  it('general holds the NCI essentials: pathology report, slides, DICOM imaging with reports, treatment summary', async () => {
    const general = await loadChecklist('general');
    const required = general.items.filter((i) => i.severity === 'required');
    const covers = (category: string) => required.some((i) => i.categories?.includes(category as never) || i.anyOf?.some((a) => a.categories?.includes(category as never)));
    expect(covers('pathology-report')).toBe(true);
    expect(covers('pathology-slides')).toBe(true);
    expect(required.find((i) => i.categories?.includes('imaging'))?.form).toBe('dicom');
    expect(covers('imaging-report')).toBe(true);
    expect(covers('treatment-history')).toBe(true);
  });

  it('pancreatic extends general: keeps inherited items, replaces imaging in place and adds its own', async () => {
    const general = await loadChecklist('general');
    const pancreatic = await loadChecklist('pancreatic');
    expect(pancreatic.lineage).toEqual(['general', 'pancreatic']);
    const ids = pancreatic.items.map((i) => i.id);
    for (const item of general.items) expect(ids).toContain(item.id);
    expect(ids.indexOf('imaging-dicom')).toBe(general.items.findIndex((i) => i.id === 'imaging-dicom'));
    expect(pancreatic.items.find((i) => i.id === 'imaging-dicom')?.modality).toEqual(['CT', 'MR']);
    expect(pancreatic.items.find((i) => i.id === 'ca19-9-series')?.minDates).toBe(2);
    expect(pancreatic.sources.length).toBeGreaterThan(general.sources.length);
  });

  it('international-review asks for tissue as physical items and conditions treatment records on facts', async () => {
    const list = await loadChecklist('international-review');
    expect(list.items.find((i) => i.id === 'tissue-blocks')?.anyOf?.map((a) => [a.physical, a.minCount])).toEqual([[['paraffin-blocks'], 1], [['unstained-sections'], 10]]);
    expect(list.items.find((i) => i.id === 'operative-report')?.when).toEqual({ surgery: true });
    expect(list.items.find((i) => i.id === 'radiotherapy-plan')?.when).toEqual({ radiotherapy: true });
    expect(list.items.find((i) => i.id === 'chemotherapy-records')?.when).toEqual({ chemotherapy: true });
  });
});
