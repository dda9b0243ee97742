const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2025-10-05" → "5 October 2025": unambiguous in every country, unlike 05/10/2025. */
export function formatDateLong(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  if (!y || !m || !d) return iso;
  return `${d} ${MONTHS[m - 1] ?? ''} ${y}`;
}

export function joinWords(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

export interface WordingValues {
  /** ISO dates, any order; shown newest first. */
  dates?: string[];
  modality?: string;
  /** Names of people (attendants still without a passport copy). */
  people?: string[];
}

/**
 * Fill a request's wording. `[…]` segments are kept only when every
 * placeholder in them is known, so "the scans[ from {dates}]" reads well with
 * or without a date.
 */
export function fillWording(template: string, values: WordingValues, maxDates = 4): string {
  const dates = [...new Set(values.dates ?? [])].sort().reverse().slice(0, maxDates).map(formatDateLong);
  const known: Record<string, string | undefined> = {
    dates: dates.length ? joinWords(dates) : undefined,
    modality: values.modality,
    people: values.people?.length ? joinWords(values.people) : undefined,
  };
  const substitute = (text: string): string | undefined => {
    let missing = false;
    const out = text.replace(/\{([^}]*)\}/g, (_m, name: string) => {
      const value = known[name];
      if (value === undefined) missing = true;
      return value ?? '';
    });
    return missing ? undefined : out;
  };
  const withSegments = template.replace(/\[([^\]]*)\]/g, (_m, inner: string) => substitute(inner) ?? '');
  return (substitute(withSegments) ?? withSegments.replace(/\{[^}]*\}/g, '')).replace(/\s+/g, ' ').replace(/\s+([.,;:)])/g, '$1').trim();
}

/** Nouns that end in s and are singular, or that are plural without an s. */
const SINGULAR_S = /(ss|us|is|sis|ics|ness)$/i;
const PLURAL_WORDS = new Set(['data', 'media', 'criteria', 'people', 'children']);

/**
 * Whether a thing asked for is plural ("the scans as DICOM files", "allergies (with the medication list)",
 * "the radiotherapy plan and summary"): its head, before "of", "as", "with" and the like, joined by "and",
 * or its last noun ending in -s. "Biopsy date stated on the pathology report" is one date.
 */
export function isPluralPhrase(text: string): boolean {
  const head = text.replace(/\([^)]*\)/g, ' ').split(/\s+(?:of|as|stated|with|including|for|over|from|on|in|to|that|which|showing|since)\s+/i)[0] ?? '';
  const words = head.toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, ' ').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return false;
  if (words.includes('and')) return true;
  const last = words[words.length - 1] ?? '';
  if (PLURAL_WORDS.has(last)) return true;
  return last.length > 3 && last.endsWith('s') && !SINGULAR_S.test(last);
}

/** "it" or "they" for a list of things asked for. */
export function pronounFor(phrases: readonly string[]): 'it' | 'they' {
  return phrases.length === 1 && !isPluralPhrase(phrases[0] ?? '') ? 'it' : 'they';
}
