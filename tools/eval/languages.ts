import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { scanCase } from '../../src/index.js';

/**
 * The non-English evaluation set (fixtures/eval-languages): three reports in
 * each of Chinese, Spanish, French, German, Arabic and Hindi, written before
 * the non-English rules; the third of each (`heldout`) was never tuned on.
 * One report each in six other languages (`other`) shows what works without
 * rules of its own. Category, date and language per language, printed.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
export const LANGUAGES_SET_DIR = path.join(ROOT, 'fixtures', 'eval-languages');

const TruthSchema = z.object({
  today: z.string(),
  documents: z.array(z.object({
    file: z.string(), language: z.string(), category: z.string(), date: z.string(), split: z.enum(['tune', 'heldout', 'other']),
  })),
});

export interface LanguageRow { language: string; split: string; total: number; category: number; date: number; detected: number; flagged: number; misses: string[] }

export async function evaluateLanguages(dir = LANGUAGES_SET_DIR): Promise<LanguageRow[]> {
  const truth = TruthSchema.parse(JSON.parse(await readFile(path.join(dir, 'truth.json'), 'utf8')));
  const scan = await scanCase(path.join(dir, 'documents'), { today: new Date(`${truth.today}T00:00:00Z`), ocr: { enabled: false } });
  const rows = new Map<string, LanguageRow>();
  for (const doc of truth.documents) {
    const key = `${doc.language}|${doc.split === 'other' ? 'other' : 'all'}`;
    const row = rows.get(key) ?? { language: doc.language, split: doc.split === 'other' ? 'other' : 'all', total: 0, category: 0, date: 0, detected: 0, flagged: 0, misses: [] };
    const file = scan.files.find((f) => f.path === doc.file);
    const c = file?.classification;
    row.total++;
    if (c?.category === doc.category) row.category++; else row.misses.push(`${doc.file}: category ${c?.category ?? '(none)'}, expected ${doc.category}${doc.split === 'heldout' ? ' [held out]' : ''}`);
    if (c?.date?.date === doc.date) row.date++; else row.misses.push(`${doc.file}: date ${c?.date?.date ?? '(none)'}${c?.date ? ` (${c.date.source})` : ''}, expected ${doc.date}${doc.split === 'heldout' ? ' [held out]' : ''}`);
    if (c?.language?.code === doc.language) row.detected++; else row.misses.push(`${doc.file}: language ${c?.language?.code ?? '(none)'}, expected ${doc.language}`);
    if (scan.findings.some((f) => f.code === 'DOCUMENT_NOT_ENGLISH' && f.paths.includes(doc.file))) row.flagged++;
    rows.set(key, row);
  }
  const heldout = truth.documents.filter((d) => d.split === 'heldout');
  const held: LanguageRow = { language: 'held-out third', split: 'heldout', total: 0, category: 0, date: 0, detected: 0, flagged: 0, misses: [] };
  for (const doc of heldout) {
    const c = scan.files.find((f) => f.path === doc.file)?.classification;
    held.total++;
    if (c?.category === doc.category) held.category++;
    if (c?.date?.date === doc.date) held.date++;
    if (c?.language?.code === doc.language) held.detected++;
    if (scan.findings.some((f) => f.code === 'DOCUMENT_NOT_ENGLISH' && f.paths.includes(doc.file))) held.flagged++;
  }
  return [...rows.values(), held];
}

export function printLanguages(rows: readonly LanguageRow[]): string {
  const out = ['Non-English set (fixtures/eval-languages; written before the rules, third of each language held out)', '',
    '  language         docs  category  date   language  flagged'];
  for (const r of rows) {
    const name = r.split === 'other' ? `${r.language} (no rules)` : r.language;
    out.push(`  ${name.padEnd(16)} ${String(r.total).padStart(4)}  ${`${r.category}/${r.total}`.padStart(8)}  ${`${r.date}/${r.total}`.padStart(5)}  ${`${r.detected}/${r.total}`.padStart(8)}  ${`${r.flagged}/${r.total}`.padStart(7)}`);
  }
  const misses = rows.flatMap((r) => r.misses);
  if (misses.length) out.push('', '  misses:', ...misses.map((m) => `    ${m}`));
  return out.join('\n');
}
