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

/** errno codes of a full disk or an exhausted quota. */
const DISK_FULL_CODES: ReadonlySet<string> = new Set(['ENOSPC', 'EDQUOT']);

/**
 * The disk (or the user's quota) is full while casepack writes: its own
 * temp or output space, not the case's fault, so exit 3 with a plain
 * message. `where` says what was being written ("the packet", a path).
 */
export class DiskFullError extends Error {
  override name = 'DiskFullError';
  readonly code: string;
  constructor(readonly where: string, cause: unknown) {
    const code = errorCode(cause);
    super(`The disk is full (${code === 'UNKNOWN' ? 'ENOSPC' : code}) while writing ${where}: free some space and run again.`, { cause });
    this.code = code;
  }
}

/** True for ENOSPC/EDQUOT, also when wrapped as another error's `cause`. */
export function isDiskFull(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof DiskFullError || DISK_FULL_CODES.has(errorCode(e))) return true;
  }
  return false;
}

/** The one line a user sees for the tool's own failure: a full disk in plain words, anything else as it is. */
export function toolFailureMessage(err: unknown): string {
  if (err instanceof DiskFullError) return err.message;
  if (isDiskFull(err)) {
    const where = (err as { path?: unknown }).path;
    return new DiskFullError(typeof where === 'string' ? where : 'to the disk', err).message;
  }
  return err instanceof Error ? err.message : String(err);
}
