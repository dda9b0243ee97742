import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateEvalSet } from '../../tools/eval/evaluate.js';
import { buildEvalSet } from '../../tools/synth/eval-set.js';
import { CATEGORY_IDS } from '../../src/model/categories.js';

const EVAL_DIR = path.resolve(import.meta.dirname, '../../fixtures/eval-set');

describe('evaluation set', () => {
  it('is generated deterministically, covers every document category and has enough documents', () => {
    const a = buildEvalSet();
    const b = buildEvalSet();
    expect(a.map((d) => d.truth)).toEqual(b.map((d) => d.truth));
    expect(a.length).toBeGreaterThanOrEqual(60);
    const notDocuments = new Set(['imaging', 'imaging-export', 'pathology-slides', 'other']);
    const covered = new Set(a.map((d) => d.truth.category));
    for (const id of CATEGORY_IDS) if (!notDocuments.has(id)) expect(covered.has(id), id).toBe(true);
    expect(new Set(a.map((d) => d.truth.style)).size).toBe(4);
    expect(a.some((d) => d.truth.date === 'ambiguous')).toBe(true);
  });

  it('matches the committed fixtures (regenerate with `npm run eval -- --generate`)', async () => {
    const committed = JSON.parse(await readFile(path.join(EVAL_DIR, 'truth.json'), 'utf8')) as { documents: unknown[] };
    expect(committed.documents).toEqual(buildEvalSet().map((d) => JSON.parse(JSON.stringify(d.truth)) as unknown));
  });

  it('meets the accuracy targets on the committed set (>= 95% category and date, no dates from birth dates or file names)', async () => {
    const report = await evaluateEvalSet(EVAL_DIR);
    const misses = report.misses.map((m) => `${m.file} ${m.field}: expected ${m.expected}, got ${m.got}`).join('\n');
    expect(report.total).toBeGreaterThanOrEqual(60);
    expect(report.categoryCorrect / report.total, misses).toBeGreaterThanOrEqual(0.95);
    expect(report.dateCorrect / report.total, misses).toBeGreaterThanOrEqual(0.95);
    expect(report.wrongFromDecoys).toEqual([]);
  });
});
