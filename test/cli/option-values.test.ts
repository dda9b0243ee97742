import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDateOption, parseOutputPathOption, parsePathOption, parsePositiveNumberOption, parseWholeNumberOption } from '../../src/cli/option-values.js';
import { makeTempDir } from '../support/tree.js';
import { UsageError } from '../../src/util/errors.js';

/** The one line a user sees: what the option wants, in words, and what it got. */
function message(parse: () => unknown): string {
  try {
    parse();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('option values', () => {
  it('dates: only days that exist, written YYYY-MM-DD', () => {
    expect(parseDateOption('--as-of', '2025-09-30')).toBe('2025-09-30');
    expect(parseDateOption('--as-of', '2024-02-29')).toBe('2024-02-29');
    for (const bad of ['2025-13-45', '2025-02-29', '2025-04-31', '2025-00-10', '2025-9-30', '30/09/2025', '2025-09-30T00:00', ' 2025-09-30', ''])
      expect(message(() => parseDateOption('--as-of', bad))).toBe(`--as-of wants a date that exists, written year-month-day with four, two and two digits (e.g. 2025-09-30), got "${bad}"`);
  });

  it('whole numbers: digits only, within the range', () => {
    expect(parseWholeNumberOption('--concurrency', '4', { min: 1 })).toBe(4);
    expect(parseWholeNumberOption('--jobs', ' 64 ', { min: 1, max: 64 })).toBe(64);
    for (const bad of ['0', '-1', '2.5', '1e3', '0x10', 'four', '', '99999999999999999999'])
      expect(message(() => parseWholeNumberOption('--concurrency', bad, { min: 1 }))).toBe(`--concurrency wants a whole number of 1 or more, got "${bad}"`);
    expect(message(() => parseWholeNumberOption('--jobs', '65', { min: 1, max: 64 }))).toBe('--jobs wants a whole number from 1 to 64, got "65"');
  });

  it('positive numbers: plain decimals above 0', () => {
    expect(parsePositiveNumberOption('--max-pdf-mb', '150')).toBe(150);
    expect(parsePositiveNumberOption('--max-pdf-mb', '2.5')).toBe(2.5);
    for (const bad of ['0', '0.0', '-3', '0x10', '1e3', 'Infinity', 'NaN', '', '.5'])
      expect(message(() => parsePositiveNumberOption('--max-pdf-mb', bad))).toBe(`--max-pdf-mb wants a number above 0 such as 150 or 2.5, got "${bad}"`);
  });

  it('paths: an empty value names no file', () => {
    expect(parsePathOption('--report', 'out/jane.html')).toBe('out/jane.html');
    expect(message(() => parsePathOption('--report', ' '))).toBe('--report wants a file or folder path, got an empty value');
  });

  it('output paths: a usage error, before any work, when a file stands where a folder must be (mkdir would fail later as EEXIST/ENOTDIR, exit 3)', async () => {
    const { dir, cleanup } = await makeTempDir();
    try {
      const file = path.join(dir, 'notes.txt');
      await writeFile(file, 'x');
      await mkdir(path.join(dir, 'reports'));
      await expect(parseOutputPathOption('--requests', file, 'folder')).rejects.toThrow(`--requests wants a folder, but ${file} is a file`);
      await expect(parseOutputPathOption('--junit', path.join(file, 'a', 'junit.xml'), 'file')).rejects.toThrow(`--junit cannot write ${path.join(file, 'a', 'junit.xml')}: ${file} is a file, not a folder`);
      await expect(parseOutputPathOption('--output', path.join(dir, 'reports'), 'file')).rejects.toThrow(UsageError);
      // Folders that do not exist yet are made when written.
      expect(await parseOutputPathOption('--requests', path.join(dir, 'reports', 'jane', 'letters'), 'folder')).toBe(path.join(dir, 'reports', 'jane', 'letters'));
      expect(await parseOutputPathOption('--output', path.join(dir, 'packet.zip'), 'file')).toBe(path.join(dir, 'packet.zip'));
    } finally {
      await cleanup();
    }
  });
});
