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
    const pattern = normalizeOverridePath(o.path);
    const glob = picomatch.scan(pattern).isGlob;
    const isMatch = glob ? picomatch(pattern, { dot: true }) : undefined;
    // The exact path first: `scan (1).pdf` or `report [final].pdf` is a file's real name, not a glob that misses it.
    return (rel: string): boolean => rel === pattern || rel.startsWith(`${pattern}/`) || (isMatch?.(rel) ?? false);
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

/** An override's path as the matcher compares it: forward slashes, no leading `./`, no trailing `/`. */
export function normalizeOverridePath(overridePath: string): string {
  return overridePath.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
}

/**
 * The value the overrides matching a file give one field: the last entry that
 * sets it wins, as for every other field (a later `include: false` takes back an
 * earlier glob's `include: true`). Returns that entry too, for its `reason`.
 */
export function lastSetting<K extends keyof Override>(matches: ReadonlyArray<{ override: Override }>, field: K): { value: NonNullable<Override[K]>; override: Override } | undefined {
  for (let i = matches.length - 1; i >= 0; i--) {
    const override = matches[i]?.override;
    const value = override?.[field];
    if (override && value !== undefined && value !== null) return { value, override };
  }
  return undefined;
}
