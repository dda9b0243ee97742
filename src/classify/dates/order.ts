import type { DateOrder } from '../../casefile/schema.js';
import type { DateMention } from './candidates.js';

/**
 * Day-first or month-first, from the document itself: a numeric date that is
 * valid only one way (`25/03/2025`) shows how its author writes dates. Proofs
 * both ways (a document mixing styles) settle nothing.
 */
export function documentOrder(mentions: readonly DateMention[]): DateOrder | undefined {
  const proofs = new Set(mentions.flatMap((m) => (m.proves ? [m.proves] : [])));
  if (proofs.size !== 1) return undefined;
  return [...proofs][0];
}
