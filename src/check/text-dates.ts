import { findDateMentions } from '../classify/dates/candidates.js';
import { labelMentions } from '../classify/dates/context.js';

/**
 * Does the text lack a date of one of these kinds (procedure, collection…)?
 * Read the way the classify stage reads dates (same labels, same parser), so
 * "Date of biopsy: 12/09/2025" counts and a print date or a birth date does not.
 */
export function lacksTextDate(text: string, kinds: readonly string[], asOf: string): boolean {
  const today = new Date(`${asOf}T23:59:59Z`);
  const wanted = new Set(kinds);
  return !labelMentions(text, findDateMentions(text, today)).some((m) => wanted.has(m.kind) && (m.iso !== undefined || (m.readings?.length ?? 0) > 0));
}
