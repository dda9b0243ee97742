import { describe, expect, it } from 'vitest';
import { findClinicalDate } from '../../src/classify/dates/index.js';
import type { CategoryId } from '../../src/model/categories.js';

// Invented Chinese reports (our own words): the date each kind of report is dated by, in the three ways Chinese
// records write a day, and a stay kept as its range.
const today = new Date('2026-12-01T00:00:00Z');
const dated = (text: string, category: CategoryId): ReturnType<typeof findClinicalDate> => findClinicalDate({ text, filename: 'scan 1.pdf', category, today });

describe('Chinese dates (issue 11)', () => {
  it.each(['2025年9月15日', '2025-09-15', '2025.09.15', '2025/9/15 10:20'])('dates a pathology report by its specimen, written %s, not by its report day', (day) => {
    const r = dated(`病理诊断报告\n送检时间：${day}\n报告日期：2025年9月18日\n病理诊断：（胃窦）腺癌。`, 'pathology-report');
    expect(r).toMatchObject({ date: '2025-09-15', kind: 'collection', source: 'content' });
  });

  it('dates an operation note by its operation, an imaging report by its exam', () => {
    expect(dated('手术记录\n手术开始时间：2025年9月15日 08时30分\n术中所见：肿物位于升结肠。', 'operative-report')).toMatchObject({ date: '2025-09-15', kind: 'operation' });
    expect(dated('磁共振检查报告\n申请日期：2025年9月10日\n检查日期：2025年9月15日\n影像所见：右肺结节。\n报告日期：2025年9月16日', 'imaging-report')).toMatchObject({ date: '2025-09-15', kind: 'exam' });
  });

  it.each([
    ['labelled days', '入院日期：2025年9月1日\n出院日期：2025年9月15日'],
    ['one range', '住院日期：2025年9月1日至2025年9月15日'],
    ['a range with a dash', '住院时间：2025-09-01 - 2025-09-15，共14天'],
    ['a sentence', '患者于2025年9月1日入院，完善检查后行化疗，于2025年9月15日出院。'],
  ])('keeps a discharge record\'s stay as a range: %s', (_, stay) => {
    expect(dated(`出院记录\n${stay}\n诊疗经过：行化疗。\n出院医嘱：定期复查。`, 'discharge-summary')).toMatchObject({ date: '2025-09-15', start: '2025-09-01', kind: 'admission-discharge' });
  });

  it('does not take a course of treatment quoted in a sentence for the stay', () => {
    const r = dated('出院记录\n患者2023-06-25至2023-09-06行XELOX方案化疗，出院日期：2025年9月15日', 'discharge-summary');
    expect(r?.date).toBe('2025-09-15');
    expect(r?.start).toBeUndefined();
  });
});
