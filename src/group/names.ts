/**
 * Person names as DICOM and documents write them: `DOE^JOHN`, `DOE^JOHN^^^`,
 * `John Doe`, `Doe, John`. Normalised to upper-case words without accents,
 * sorted, so the same person compares equal whatever the convention.
 */
export function normalizeName(raw: string): string {
  return nameWords(raw).sort().join(' ');
}

export function nameWords(raw: string): string[] {
  // Only the alphabetic component group: DICOM PN may carry `=ideographic=phonetic` after it.
  const alphabetic = raw.split('=')[0] ?? '';
  return alphabetic
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .toUpperCase()
    .split(/[\^\s,.]+/u)
    .filter((word) => word !== '');
}

/**
 * Same person by name: equal words, or one name's words all within the
 * other's (a middle name or initial present on one document only). A single
 * word never matches a longer name on its own: "JOHN" is not evidence.
 */
export function namesCompatible(a: string, b: string): boolean {
  if (a === b) return true;
  const wordsA = a.split(' ');
  const wordsB = b.split(' ');
  const [small, large] = wordsA.length <= wordsB.length ? [wordsA, new Set(wordsB)] : [wordsB, new Set(wordsA)];
  return small.length >= 2 && small.every((word) => large.has(word));
}
