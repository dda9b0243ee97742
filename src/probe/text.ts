import type { Probe } from './types.js';
import { readAt } from './types.js';

const MAX_TEXT_BYTES = 256 * 1024;

/** Plain text files (notes, exported reports): kept for classification, bounded. */
export const probeText: Probe = async ({ handle, size, options }) => {
  const wanted = Math.min(size, MAX_TEXT_BYTES);
  const bytes = await readAt(handle, 0, wanted);
  const content = bytes.toString('utf8');
  const max = options.maxTextChars ?? 20_000;
  const text: { encoding: string; chars: number; content?: string } = { encoding: 'utf-8', chars: content.length };
  if (options.extractText !== false) text.content = content.slice(0, max);
  return { family: 'text', text, findings: [] };
};
