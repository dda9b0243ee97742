import { classifyDocumentText } from '../../src/classify/document.js';
import { judgeSource } from '../../src/classify/source-kind.js';
import { loadCorpus, readLabels, syntheticPrimaryDocuments, type LabelledRow, type SourceLabel } from './primary-set.js';

/**
 * Primary report or summary, measured on fixtures/eval-primary/labels.tsv: the category comes from the
 * classifier (as in a real scan), the judgement from src/classify/source-kind.ts. A document the judge
 * leaves undecided counts as primary, as the check treats it. Held-out figures first.
 */
export interface PrimaryScore { split: string; total: number; right: number; wrong: { id: string; label: SourceLabel; got: SourceLabel; origin: string }[]; skipped: number }

export function evaluatePrimary(rows: readonly LabelledRow[] = readLabels()): PrimaryScore[] {
  const texts = new Map<string, string>();
  for (const d of loadCorpus() ?? []) texts.set(d.id, d.text);
  for (const d of syntheticPrimaryDocuments()) texts.set(d.id, d.text);
  const scores = new Map<string, PrimaryScore>();
  for (const split of ['heldout', 'tune']) scores.set(split, { split, total: 0, right: 0, wrong: [], skipped: 0 });
  for (const row of rows) {
    const score = scores.get(row.split) as PrimaryScore;
    const text = texts.get(row.id);
    if (text === undefined) { score.skipped++; continue; }
    const category = classifyDocumentText(text, `${row.id}.txt`).category ?? 'other';
    const got: SourceLabel = judgeSource(text, category)?.kind ?? 'primary';
    score.total++;
    if (got === row.label) score.right++; else score.wrong.push({ id: row.id, label: row.label, got, origin: row.origin });
  }
  return [...scores.values()];
}

export function printPrimary(scores: readonly PrimaryScore[], showTuneMisses = false): string {
  const lines: string[] = [];
  for (const s of scores) {
    const pct = s.total ? (100 * s.right / s.total).toFixed(1) : '–';
    lines.push(`${s.split === 'heldout' ? 'held-out' : 'tuning'}: ${s.right}/${s.total} right (${pct}%)${s.skipped ? `, ${s.skipped} not in the corpus cache (skipped)` : ''}`);
    const listed = s.split === 'heldout' || showTuneMisses ? s.wrong : [];
    for (const w of listed) lines.push(`  wrong: ${w.id} (${w.origin}) is ${w.label}, judged ${w.got}`);
  }
  return lines.join('\n');
}
