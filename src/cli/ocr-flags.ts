import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { parseOcrLanguages } from '../casefile/ocr-languages.js';
import type { EnglishModel, OcrOptions } from '../extract/ocr/types.js';
import { DEFAULT_OCR_LANGUAGES } from '../extract/ocr/user-options.js';
import { UsageError } from '../util/errors.js';
import type { Spinner } from './output.js';

/** What commander hands over for the OCR flags (`--no-ocr` and `--no-cache` default the positives to true). */
export interface OcrFlags {
  ocr?: boolean;
  ocrLang?: string;
  ocrModel?: string;
  jobs?: string;
  cache?: boolean;
}

/** More workers than this only thrash: each tesseract worker holds its model and page images in memory. */
const MAX_JOBS = 64;

/**
 * The English models shipped (models.ts ENGLISH_MODELS; a literal here so the
 * CLI's start-up does not load the model finder).
 */
const ENGLISH_MODEL_CHOICES: readonly EnglishModel[] = ['fast', 'best'];

/** The same flags on scan, check and build, with the same help. */
export function addOcrFlags(command: Command): Command {
  return command
    .option('--no-ocr', 'do not read scanned PDFs and photos with OCR (for CI jobs that only check born-digital files)')
    .option('--ocr-lang <codes>', 'languages of the scanned documents, tesseract codes joined by + or , (e.g. eng+spa; default: casepack.yaml ocrLanguages, else eng)')
    .option('--ocr-model <model>', 'English OCR model: fast or best (a larger network, slower, no more accurate on our scans; default: CASEPACK_OCR_MODEL, else fast)')
    .option('--jobs <n>', 'pages read with OCR at once (default: the number of cores)')
    .option('--no-cache', 'do not read or keep OCR results in the cache folder (see casepack cache info)');
}

function parseJobs(value: string | undefined): number {
  if (value === undefined) return Math.max(1, availableParallelism());
  const jobs = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(jobs) || jobs < 1 || jobs > MAX_JOBS) throw new UsageError(`--jobs wants a whole number from 1 to ${MAX_JOBS}, got ${value}`);
  return jobs;
}

/**
 * The flags as OcrOptions, validated: a malformed language code or job count
 * is a usage error (exit 2) before anything is read. Languages from the flag
 * are marked as given, so they win over the case's `ocrLanguages:`.
 */
export function ocrOptionsFromFlags(flags: OcrFlags): OcrOptions {
  const options: OcrOptions = {
    enabled: flags.ocr !== false,
    languages: [...DEFAULT_OCR_LANGUAGES],
    jobs: parseJobs(flags.jobs),
    cache: flags.cache !== false,
  };
  if (flags.ocrLang !== undefined) {
    const parsed = parseOcrLanguages(flags.ocrLang);
    if ('invalid' in parsed) throw new UsageError(`--ocr-lang wants tesseract language codes such as eng, spa or chi_sim joined by + or , (e.g. eng+spa); not a code: ${parsed.invalid.join(', ')}`);
    options.languages = parsed.languages;
    options.languagesGiven = true;
  }
  if (flags.ocrModel !== undefined) {
    const model = ENGLISH_MODEL_CHOICES.find((m) => m === flags.ocrModel?.trim().toLowerCase());
    if (!model) throw new UsageError(`--ocr-model wants ${ENGLISH_MODEL_CHOICES.join(' or ')}, got ${flags.ocrModel}`);
    options.englishModel = model;
  }
  return options;
}

/** `--jobs` is the machine's budget: cases checked at once share it rather than each taking all of it. */
export function withJobsShared(options: OcrOptions, casesAtOnce: number): OcrOptions {
  return { ...options, jobs: Math.max(1, Math.floor(options.jobs / Math.max(1, casesAtOnce))) };
}

/** `42 s`, `3 min`, `1 h 5 min`: a time left as people say it. */
export function formatTimeLeft(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * An `onProgress` for OcrOptions that shows pages done, the total and the
 * time left on the spinner. The estimate waits for the first page (the
 * first one also loads the models) and runs on the mean time per page so far.
 * Off a TTY the spinner draws nothing, so nothing is printed.
 */
export function ocrProgressReporter(spinner: Spinner, now: () => number = () => performance.now()): NonNullable<OcrOptions['onProgress']> {
  const started = now();
  return ({ pagesDone, pagesTotal }) => {
    const pages = `Reading scanned pages with OCR: ${pagesDone}/${pagesTotal}`;
    if (pagesDone === 0 || pagesDone >= pagesTotal) { spinner.text(pages); return; }
    const secondsPerPage = (now() - started) / 1000 / pagesDone;
    spinner.text(`${pages}, about ${formatTimeLeft(secondsPerPage * (pagesTotal - pagesDone))} left`);
  };
}
