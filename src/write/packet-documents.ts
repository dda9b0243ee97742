import { finding } from '../findings/codes.js';
import type { Finding } from '../model/finding.js';
import { CASE_FILE_NAME } from '../casefile/load.js';
import { COVER_LETTER_PDF, TREATMENT_SUMMARY_PDF } from '../plan/plan.js';
import { buildCoverLetterModel, renderCoverLetter } from './cover-letter.js';
import type { IndexInputs } from './index-model.js';
import { documentMissingGlyphsFinding } from './glyph-finding.js';
import { buildTreatmentSummaryModel, renderTreatmentSummary } from './treatment-summary.js';

/**
 * The documents a reviewer reads before the index: the cover letter and the
 * one-page treatment summary, by packet path, and the findings they raise.
 */
export async function renderPacketDocuments(input: IndexInputs): Promise<{ bytes: Map<string, Uint8Array>; findings: Finding[] }> {
  const findings: Finding[] = [];
  const wanted = new Set(input.plan.entries.filter((e) => e.kind === 'generated').map((e) => e.path));
  const bytes = new Map<string, Uint8Array>();
  // Reported once per document, even when the cover letter is laid out twice to fit a page.
  const glyphsOf = (document: string) => (characters: string[]): void => {
    if (characters.length > 0 && !findings.some((f) => f.details?.['document'] === document)) findings.push(documentMissingGlyphsFinding(document, characters));
  };
  if (wanted.has(COVER_LETTER_PDF)) {
    const model = buildCoverLetterModel(input);
    if (!model.sender) findings.push(finding('SENDER_MISSING', input.caseFile ? [CASE_FILE_NAME] : [], { details: { packetPath: COVER_LETTER_PDF } }));
    bytes.set(COVER_LETTER_PDF, await renderCoverLetter(model, input.generatedAt, input.tool, glyphsOf(COVER_LETTER_PDF)));
  }
  if (wanted.has(TREATMENT_SUMMARY_PDF)) {
    bytes.set(TREATMENT_SUMMARY_PDF, await renderTreatmentSummary(buildTreatmentSummaryModel(input), input.generatedAt, input.tool, glyphsOf(TREATMENT_SUMMARY_PDF)));
  }
  return { bytes, findings };
}
