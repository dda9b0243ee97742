/**
 * A hostile input for `npm run fuzz -- --bombs` (scripts/fuzz-bombs.mjs): the
 * runner makes it in an empty private folder, runs the built CLI on it as a
 * child process, and reports peak RSS, wall time, exit code and whether an
 * expected finding code appeared. Each family's bombs live in their own module
 * beside this one (image.ts, pdf.ts, archive.ts, verify.ts) so that they can be
 * written independently.
 */
export interface Bomb {
  /** Short id, e.g. `png-30000-grey`. */
  name: string;
  family: 'image' | 'pdf' | 'archive' | 'verify' | 'yaml';
  /** What the attack is, in one line (used in the closing note's table). */
  description: string;
  /**
   * Writes the hostile input under `dir` (an empty folder the runner owns and
   * removes) and returns the CLI arguments to run, e.g.
   * `['scan', path.join(dir, 'case')]`. Paths must stay inside `dir`.
   */
  make(dir: string): Promise<string[]>;
  /** At least one of these finding codes must appear in stdout/stderr (empty: none required). */
  expectCodes: string[];
  /** Exit statuses that count as handled (e.g. [0, 1] for a finding, [2] for refused input). */
  expectExit: number[];
  /** Upper bounds the runner enforces: over them the bomb counts as broken. */
  limits: { maxRssMb: number; maxSeconds: number };
}
