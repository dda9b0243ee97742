import { finding } from '../findings/codes.js';
import type { Finding } from '../model/finding.js';

/**
 * A PDF casepack wrote (cover letter, treatment summary, a request letter)
 * drew "?" for these characters: the reader must not take `???` for a name.
 * The index has its own, field by field (write/build.ts).
 */
export function documentMissingGlyphsFinding(document: string, characters: string[]): Finding {
  const shown = characters.slice(0, 10).join('');
  return finding('FONT_MISSING_GLYPHS', [], {
    message: `${document} shows "?" for characters its fonts cannot draw: ${shown}${characters.length > 10 ? ` and ${characters.length - 10} more` : ''}.`,
    details: { document, characters: characters.join('') },
  });
}

/**
 * One warning per build for one name: a document whose missing characters the
 * index's finding already names is folded into it ("the same in
 * 00_Cover_Letter.pdf"), so a Thai name is not reported three times.
 */
export function foldGlyphFindings(indexFinding: Finding | undefined, indexCharacters: string[], documentFindings: Finding[]): Finding[] {
  if (!indexFinding) return documentFindings;
  const known = new Set(indexCharacters);
  const folded: string[] = [];
  const kept = documentFindings.filter((f) => {
    if (f.code !== 'FONT_MISSING_GLYPHS') return true;
    if (![...String(f.details?.['characters'] ?? '')].every((ch) => known.has(ch))) return true;
    folded.push(String(f.details?.['document']));
    return false;
  });
  const message = folded.length > 0 ? `${indexFinding.message.replace(/\.$/, '')}; the same in ${folded.join(' and ')}.` : indexFinding.message;
  return [...kept, { ...indexFinding, message }];
}
