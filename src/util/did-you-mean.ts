/**
 * Damerau-Levenshtein distance (optimal string alignment): insertions,
 * deletions, substitutions and swaps of two neighbouring letters each cost
 * one, so `quesitons` is one step from `questions`, the typo people make most.
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      const above = d[i - 1] as number[];
      row[j] = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
      }
    }
  }
  return (d[rows - 1] as number[])[cols - 1] as number;
}

/**
 * The known word closest to what was typed, when it is close enough to be a
 * typo: at most a third of its letters off (at least one), case and `-`/`_`
 * ignored (`birthdate` → `birthDate`, `max_size` → `maxSize`). Ties go to the
 * first candidate, so the answer does not depend on anything but the list.
 */
export function didYouMean(typed: string, candidates: Iterable<string>): string | undefined {
  const fold = (text: string) => text.toLowerCase().replace(/[-_\s]/g, '');
  const wanted = fold(typed);
  let best: { word: string; distance: number } | undefined;
  for (const word of candidates) {
    if (word === typed) continue;
    const distance = editDistance(wanted, fold(word));
    if (!best || distance < best.distance) best = { word, distance };
  }
  if (!best) return undefined;
  return best.distance <= Math.max(1, Math.floor(Math.max(wanted.length, 1) / 3)) ? best.word : undefined;
}
