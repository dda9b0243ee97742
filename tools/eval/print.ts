import { type EvalMiss, type EvalReport } from './evaluate.js';

const pct = (n: number, d: number): string => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);

function summaryLines(report: EvalReport, heading: string, gate: string): string[] {
  const n = report.total;
  const origins = Object.entries(report.byOrigin).map(([k, v]) => `${k} cat ${v.category}/${v.total} date ${v.date}/${v.total}`);
  return [
    `${heading}: ${n} documents, today ${report.today}`,
    `  category accuracy  ${pct(report.categoryCorrect, n)}  (${report.categoryCorrect}/${n})`,
    `  date accuracy      ${pct(report.dateCorrect, n)}  (${report.dateCorrect}/${n})`,
    `    of the date misses, ${report.metadataFallbackMisses} are low-confidence fallbacks to the PDF creation date (no date accepted from the content)`,
    `  modality accuracy  ${pct(report.modalityCorrect, report.modalityTotal)}  (${report.modalityCorrect}/${report.modalityTotal})`,
    `  wrong dates given with confidence >= 0.5: ${report.confidentWrongDates}`,
    `  wrong dates taken from birth dates or file names: ${report.wrongFromDecoys.length}   target 0`,
    ...report.wrongFromDecoys.map((w) => `    ${w.file}: ${w.got} (${w.source}, confidence ${w.confidence})`),
    `  by origin: ${origins.join('; ')}`,
    `  tests require: ${gate}`,
    `  time ${report.seconds.toFixed(1)} s`,
  ];
}

function confusionLines(report: EvalReport): string[] {
  const rows = report.confusion;
  const cats = [...new Set([...Object.keys(rows), ...Object.values(rows).flatMap((row) => Object.keys(row))])].sort();
  const lines = ['', 'Confusion matrix (rows: truth, columns: predicted)', `${''.padEnd(20)}${cats.map((c) => c.slice(0, 9).padStart(10)).join('')}`];
  for (const truth of cats) {
    const row = rows[truth];
    if (row) lines.push(`${truth.padEnd(20)}${cats.map((p) => String(row[p] ?? '.').padStart(10)).join('')}`);
  }
  return lines;
}

function missLine(m: EvalMiss): string[] {
  if (m.field === 'category') {
    const tied = m.tiedWith.length ? `, tied with ${m.tiedWith.join(', ')}` : '';
    return [`    category: expected ${m.expected}, got ${m.got} (confidence ${m.confidence})${tied}`];
  }
  if (m.field === 'modality') return [`    modality: expected ${m.expected}, got ${m.got}`];
  const d = m.date;
  const how = d ? ` (${d.source}${d.kind ? `, ${d.kind}` : ''}, confidence ${d.confidence})` : '';
  return [`    date: expected ${m.expected}, got ${m.got}${how}`, ...(d?.evidence ? [`      evidence: "${d.evidence}"`] : [])];
}

/** Every miss, grouped by document, with the reasons the tool gave for a wrong category. */
function missLines(report: EvalReport): string[] {
  const byFile = new Map<string, EvalMiss[]>();
  for (const m of report.misses) byFile.set(m.file, [...(byFile.get(m.file) ?? []), m]);
  if (byFile.size === 0) return ['', 'No misses.'];
  const lines = ['', `Misses (${byFile.size} documents)`];
  for (const [file, misses] of byFile) {
    const truth = report.documents.find((d) => d.file === file);
    lines.push(`  ${file}  [${truth?.origin ?? '?'}]`, ...misses.flatMap(missLine));
    const categoryMiss = misses.find((m) => m.field === 'category');
    for (const r of categoryMiss?.reasons ?? []) {
      lines.push(`      ${r.rule}${r.category ? ` -> ${r.category}` : ''} (${r.weight})${r.matched?.length ? `: ${r.matched.join(', ')}` : ''}`);
    }
    if (truth?.traps?.length) lines.push(`    traps: ${truth.traps.join('; ')}`);
    if (truth?.note) lines.push(`    note: ${truth.note}`);
  }
  return lines;
}

/** The whole printed evaluation of one set: figures, confusion matrix, misses. */
export function formatReport(report: EvalReport, heading: string, gate: string): string {
  return [...summaryLines(report, heading, gate), ...confusionLines(report), ...missLines(report)].join('\n');
}
