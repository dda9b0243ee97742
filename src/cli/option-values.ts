import { stat } from 'node:fs/promises';
import path from 'node:path';
import { isCalendarDate } from '../dates/calendar.js';
import { UsageError } from '../util/errors.js';

/**
 * Every option value the CLI takes is checked here, before any file is read:
 * a wrong value is one line saying, in words, what the option wants and what
 * it got (exit 2), never a NaN or a date that does not exist further on.
 */

/** `--as-of 2025-09-30`: a day that exists, written year-month-day. */
export function parseDateOption(option: string, value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match || !isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
    throw new UsageError(`${option} wants a date that exists, written year-month-day with four, two and two digits (e.g. 2025-09-30), got "${value}"`);
  }
  return value;
}

/** `--concurrency 4`: digits only (no 1e3, 0x10, 2.5 or -1), within the range. */
export function parseWholeNumberOption(option: string, value: string, range: { min: number; max?: number }): number {
  const number = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(number) || number < range.min || number > max) {
    const wanted = range.max === undefined ? `of ${range.min} or more` : `from ${range.min} to ${range.max}`;
    throw new UsageError(`${option} wants a whole number ${wanted}, got "${value}"`);
  }
  return number;
}

/** `--max-pdf-mb 150` or `2.5`: a plain decimal above zero. */
export function parsePositiveNumberOption(option: string, value: string): number {
  const number = /^\s*\d+(?:\.\d+)?\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(number) || number <= 0) throw new UsageError(`${option} wants a number above 0 such as 150 or 2.5, got "${value}"`);
  return number;
}


/** A path option given as an empty string (`-o ""`, an unset shell variable) names no file at all. */
export function parsePathOption(option: string, value: string): string {
  if (value.trim() === '') throw new UsageError(`${option} wants a file or folder path, got an empty value`);
  return value;
}

/**
 * Where an option writes (`--report`, `--junit`, `--requests`, `-o`): a folder
 * for `folder`, a file name for `file`, and no existing file on the way to it.
 * Found after the case was read, `mkdir` under a file fails with EEXIST or
 * ENOTDIR, which would read as casepack failing (3) rather than a wrong path (2).
 */
export async function parseOutputPathOption(option: string, value: string, kind: 'file' | 'folder'): Promise<string> {
  parsePathOption(option, value);
  const target = path.resolve(value);
  const existing = await stat(target).catch(() => undefined);
  if (existing && kind === 'folder' && !existing.isDirectory()) throw new UsageError(`${option} wants a folder, but ${value} is a file`);
  if (existing?.isDirectory() && kind === 'file') throw new UsageError(`${option} wants a file name, but ${value} is a folder`);
  for (let dir = path.dirname(target); ; dir = path.dirname(dir)) {
    const found = await stat(dir).catch(() => undefined);
    if (found) {
      if (!found.isDirectory()) throw new UsageError(`${option} cannot write ${value}: ${dir} is a file, not a folder`);
      return value;
    }
    if (path.dirname(dir) === dir) return value;
  }
}
