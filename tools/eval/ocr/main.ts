import path from 'node:path';
import { parseEvalArgs, positiveCount } from '../args.js';
import { HELDOUT_SET, REGRESSION_SET } from '../sets.js';
import { evaluateOcr } from './evaluate-ocr.js';
import { formatOcrReport } from './print.js';
import { defaultCacheDir, VARIANTS, type DegradedVariant } from './variants.js';

const USAGE = `usage: eval:ocr [heldout | regression | FOLDER]... [--jobs N] [--limit N] [--variants scan-300,scan-200,photo] [--cache DIR]
  Born-digital vs scanned vs photographed copies of a labelled set (default: the held-out set).
  Copies and OCR results are cached in DIR (default: $XDG_CACHE_HOME/casepack-eval-ocr).`;

interface Parsed { targets: string[]; jobs: number; limit?: number; variants: DegradedVariant[]; cacheDir: string }

function parse(args: string[]): Parsed {
  const { values, positionals } = parseEvalArgs(args, USAGE, {
    jobs: { type: 'string' }, limit: { type: 'string' }, cache: { type: 'string' }, variants: { type: 'string' },
  }, true);
  const parsed: Parsed = { targets: positionals, jobs: 2, variants: ['scan-300', 'scan-200', 'photo'], cacheDir: defaultCacheDir() };
  if (values.jobs !== undefined) parsed.jobs = positiveCount(values.jobs, USAGE);
  if (values.limit !== undefined) parsed.limit = positiveCount(values.limit, USAGE);
  if (values.cache !== undefined) parsed.cacheDir = path.resolve(values.cache);
  if (values.variants !== undefined) {
    parsed.variants = values.variants.split(',') as DegradedVariant[];
    if (parsed.variants.some((v) => !VARIANTS.includes(v) || v === ('born-digital' as string))) throw new Error(USAGE);
  }
  return parsed;
}

/** `npm run eval:ocr` (and `npm run eval -- --ocr`): the held-out set first. Reports; asserts nothing. */
export async function main(args: string[]): Promise<void> {
  const options = parse(args);
  const targets = options.targets.length ? options.targets : ['heldout'];
  for (const [i, target] of targets.entries()) {
    const set = [HELDOUT_SET, REGRESSION_SET].find((s) => s.name === target);
    const dir = set?.dir ?? path.resolve(target);
    const heading = set ? `${set.title} (${set.role})` : `Labelled set ${dir}`;
    const onProgress = process.stderr.isTTY ? (line: string): void => { process.stderr.write(`\r\x1b[K${line}`); } : undefined;
    const result = await evaluateOcr(dir, { ...options, onProgress });
    if (onProgress) process.stderr.write('\r\x1b[K');
    if (i > 0) console.log(`\n${'='.repeat(78)}\n`);
    console.log(formatOcrReport(result, heading));
  }
}
