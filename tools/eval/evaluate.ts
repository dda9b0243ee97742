import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { CategoryIdSchema } from '../../src/model/categories.js';
import type { ClinicalDate, Reason } from '../../src/model/scan.js';
import { scanCase } from '../../src/pipeline/scan.js';

/** truth.json beside the evaluation set's reports (written by `npm run eval -- --generate`). */
export const EvalTruthSchema = z.object({
  file: z.string(),
  category: CategoryIdSchema,
  date: z.string(),
  readings: z.tuple([z.string(), z.string()]).optional(),
  modality: z.string().optional(),
  style: z.string(),
  decoys: z.object({ birth: z.string(), filename: z.string().optional() }),
  note: z.string().optional(),
});
export const EvalTruthFileSchema = z.object({ generatedBy: z.string(), today: z.string(), documents: z.array(EvalTruthSchema) });

export interface EvalMiss {
  file: string;
  field: 'category' | 'date' | 'modality';
  expected: string;
  got: string;
  confidence: number;
  reasons: Reason[];
  date: ClinicalDate | null;
}

export interface EvalReport {
  total: number;
  categoryCorrect: number;
  dateCorrect: number;
  modalityTotal: number;
  modalityCorrect: number;
  /** truth category → predicted category → count */
  confusion: Record<string, Record<string, number>>;
  misses: EvalMiss[];
  /** Wrong dates that are the birth date, the file name's date, or came from the file name. Target 0. */
  wrongFromDecoys: Array<{ file: string; got: string; source: string; confidence: number }>;
}

/**
 * Run the real scan (probe + classify) over the evaluation set and compare
 * with its truth. The same function backs `npm run eval` and the vitest
 * test that asserts the targets.
 */
export async function evaluateEvalSet(dir: string): Promise<EvalReport> {
  const truthFile = EvalTruthFileSchema.parse(JSON.parse(await readFile(path.join(dir, 'truth.json'), 'utf8')));
  const scan = await scanCase(path.join(dir, 'reports'), { today: new Date(`${truthFile.today}T12:00:00Z`), concurrency: 2 });
  const byPath = new Map(scan.files.map((f) => [f.path, f]));
  const report: EvalReport = { total: 0, categoryCorrect: 0, dateCorrect: 0, modalityTotal: 0, modalityCorrect: 0, confusion: {}, misses: [], wrongFromDecoys: [] };

  for (const truth of truthFile.documents) {
    report.total++;
    const c = byPath.get(truth.file)?.classification;
    const got = c?.category ?? 'missing';
    const row = (report.confusion[truth.category] ??= {});
    row[got] = (row[got] ?? 0) + 1;
    const miss = (field: EvalMiss['field'], expected: string, value: string): void => {
      report.misses.push({ file: truth.file, field, expected, got: value, confidence: c?.confidence ?? 0, reasons: c?.reasons.slice(0, 6) ?? [], date: c?.date ?? null });
    };
    if (got === truth.category) report.categoryCorrect++;
    else miss('category', truth.category, got);

    const date = c?.date ?? null;
    const dateOk = truth.date === 'ambiguous'
      ? date !== null && date.date === null && [...(date.ambiguous ?? [])].sort().join() === [...(truth.readings ?? [])].sort().join()
      : date?.date === truth.date;
    if (dateOk) report.dateCorrect++;
    else miss('date', truth.date === 'ambiguous' ? `ambiguous ${truth.readings?.join(' or ')}` : truth.date, date?.date ?? (date?.ambiguous ? `ambiguous ${date.ambiguous.join(' or ')}` : 'none'));
    if (!dateOk && date?.date && (date.date === truth.decoys.birth || date.date === truth.decoys.filename || date.source === 'filename')) {
      report.wrongFromDecoys.push({ file: truth.file, got: date.date, source: date.source, confidence: date.confidence });
    }

    if (truth.modality) {
      report.modalityTotal++;
      if (c?.modality === truth.modality) report.modalityCorrect++;
      else miss('modality', truth.modality, c?.modality ?? 'none');
    }
  }
  return report;
}
