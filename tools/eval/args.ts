import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * The evaluation commands' flags, read by Node's own parser: an unknown flag
 * or a flag without its value is the command's usage, not a stack trace.
 */
export function parseEvalArgs<T extends NonNullable<ParseArgsConfig['options']>>(args: readonly string[], usage: string, options: T, allowPositionals = false): ReturnType<typeof parseArgs<{ options: T; allowPositionals: boolean; strict: true }>> {
  try {
    return parseArgs({ args: [...args], options, allowPositionals, strict: true });
  } catch {
    throw new Error(usage);
  }
}

/** A count flag (`--limit`, `--jobs`): a whole number from 1. */
export function positiveCount(value: string, usage: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new Error(usage);
  return Number(value);
}
