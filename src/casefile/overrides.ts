import picomatch from 'picomatch';
import type { Override } from './schema.js';

export interface OverrideMatcher {
  /** The overrides that apply to a case-relative path, in file order. */
  matching(relPath: string): Array<{ override: Override; index: number }>;
  /** Indexes of overrides that matched nothing so far. */
  unused(): number[];
}

/**
 * Overrides name a file by exact path, by folder (`CD1` covers everything
 * under it) or by glob. Globs use picomatch: the matcher behind micromatch,
 * fast-glob and chokidar, with a precise, documented bash-like syntax we would
 * otherwise re-implement badly (braces, extglobs, `**` across folders).
 */
export function overrideMatcher(overrides: readonly Override[]): OverrideMatcher {
  const used = new Set<number>();
  const tests = overrides.map((o) => {
    const pattern = o.path.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
    const glob = picomatch.scan(pattern).isGlob;
    const isMatch = glob ? picomatch(pattern, { dot: true }) : undefined;
    return (rel: string): boolean => (isMatch ? isMatch(rel) : rel === pattern || rel.startsWith(`${pattern}/`));
  });
  return {
    matching(relPath) {
      const out: Array<{ override: Override; index: number }> = [];
      tests.forEach((test, index) => {
        const override = overrides[index];
        if (override && test(relPath)) { used.add(index); out.push({ override, index }); }
      });
      return out;
    },
    unused: () => overrides.map((_, i) => i).filter((i) => !used.has(i)),
  };
}
