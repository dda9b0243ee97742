import type { OcrEvalResult, VariantFigures } from './evaluate-ocr.js';

const pct = (n: number, d: number): string => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);

/** Targets from issue 10, printed beside the figures they judge. */
export const OCR_TARGETS = { categoryGapPoints: 5, cerScan300: 0.03, cerPhoto: 0.08 } as const;

function cerTarget(variant: string): number | undefined {
  if (variant === 'scan-300') return OCR_TARGETS.cerScan300;
  if (variant === 'photo') return OCR_TARGETS.cerPhoto;
  return undefined;
}

function row(f: VariantFigures, base: VariantFigures): string {
  const n = f.report.total;
  const share = (k: number): number => (n === 0 ? 0 : (100 * k) / n);
  const gap = share(base.report.categoryCorrect) - share(f.report.categoryCorrect);
  const dateGap = share(base.report.dateCorrect) - share(f.report.dateCorrect);
  const target = cerTarget(f.variant);
  const cer = f.cer === null ? '-' : `${(100 * f.cer).toFixed(2)}%${target === undefined ? '' : f.cer <= target ? ' ok' : ` > ${target * 100}%`}`;
  const cells = [
    f.variant.padEnd(13),
    `${pct(f.report.categoryCorrect, n)} (${f.report.categoryCorrect}/${n})`.padEnd(16),
    (f === base ? '-' : `${gap.toFixed(1)}${f.variant === 'photo' ? '' : gap <= OCR_TARGETS.categoryGapPoints ? ' ok' : ' > 5'}`).padEnd(9),
    `${pct(f.report.dateCorrect, n)} (${f.report.dateCorrect}/${n})`.padEnd(16),
    (f === base ? '-' : dateGap.toFixed(1)).padEnd(9),
    cer.padEnd(14),
    (f.meanConfidence === null ? '-' : f.meanConfidence.toFixed(1)).padEnd(6),
    f.ocrSecondsPerPage === null ? '-' : f.ocrSecondsPerPage.toFixed(2),
  ];
  return `  ${cells.join(' ')}`;
}

export function formatOcrReport(result: OcrEvalResult, heading: string): string {
  const base = result.figures[0]!;
  const lines = [
    `${heading}: ${result.documents} documents; OCR by ${result.engine}`,
    `  ${['variant'.padEnd(13), 'category'.padEnd(16), 'gap pts'.padEnd(9), 'date'.padEnd(16), 'gap pts'.padEnd(9), 'CER'.padEnd(14), 'conf'.padEnd(6), 's/page (1 worker)'].join(' ')}`,
    ...result.figures.map((f) => row(f, base)),
    `  targets: category gap <= ${OCR_TARGETS.categoryGapPoints} points on scans; CER <= ${OCR_TARGETS.cerScan300 * 100}% on 300 dpi scans, <= ${OCR_TARGETS.cerPhoto * 100}% on photos (photos: first page only)`,
    '  worst CER per variant:',
    ...result.figures.filter((f) => f.worstCer.length).map((f) => `    ${f.variant}: ${f.worstCer.map((w) => `${w.file} ${(100 * w.cer).toFixed(1)}%`).join('; ')}`),
    '  misses per variant (category):',
    ...result.figures.map((f) => `    ${f.variant}: ${f.report.misses.filter((m) => m.field === 'category').map((m) => `${m.file} ${m.expected}->${m.got}`).join('; ') || 'none'}`),
  ];
  return lines.join('\n');
}
