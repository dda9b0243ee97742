/**
 * Errors shared by every layer. A `UsageError` is the user's mistake (a bad
 * flag, a missing folder, an invalid checklist, an output path refused): the
 * CLI maps every subclass to exit 2 in one place. Anything else that escapes
 * is the tool's own failure (exit 3).
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A short, single-line description of anything thrown (dicom-parser throws strings and plain objects). */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message.slice(0, 200);
  if (typeof err === 'string') return err.slice(0, 200);
  if (err && typeof err === 'object' && 'exception' in err) return String((err as { exception: unknown }).exception).slice(0, 200);
  return 'unknown error';
}

/** The errno-style code of a Node error (`ENOENT`, `EACCES`…), or `UNKNOWN`. */
export function errorCode(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string') {
    return (err as { code: string }).code;
  }
  return 'UNKNOWN';
}
