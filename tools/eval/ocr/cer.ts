/**
 * Character error rate: edit distance between the recognised text and the
 * source text over the source's length, after both are normalised the same
 * way (Unicode NFKC, one kind of quote and dash, whitespace runs to one
 * space), so layout whitespace and typography do not count as errors.
 */
export function normaliseForCer(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u201a\u2032`]/g, "'")
    .replace(/[\u201c\u201d\u201e\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u2022\u00b7\u25cf]/g, '*')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Levenshtein distance in two rows of memory (texts of a page are a few thousand characters). */
export function editDistance(a: string, b: string): number {
  if (a.length < b.length) [a, b] = [b, a];
  let previous = new Uint32Array(b.length + 1).map((_, i) => i);
  let current = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    const charA = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (charA === b.charCodeAt(j - 1) ? 0 : 1);
      current[j] = Math.min(substitution, previous[j]! + 1, current[j - 1]! + 1);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length]!;
}

export interface CerCount {
  errors: number;
  /** Characters of the normalised source text. */
  length: number;
}

export function countCer(recognised: string, source: string): CerCount {
  const reference = normaliseForCer(source);
  return { errors: editDistance(normaliseForCer(recognised), reference), length: reference.length };
}

/** Pooled over documents: total errors over total source characters. */
export function pooledCer(counts: readonly CerCount[]): number {
  const length = counts.reduce((sum, c) => sum + c.length, 0);
  return length === 0 ? 0 : counts.reduce((sum, c) => sum + c.errors, 0) / length;
}
