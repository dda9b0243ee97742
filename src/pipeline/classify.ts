import path from 'node:path';
import { applyFindingPolicy } from '../casefile/policy.js';
import type { CaseFile } from '../casefile/schema.js';
import { classifyScan, loadDocumentReading, needsDocumentReading } from '../classify/index.js';
import type { ExtractedTexts } from '../extract/index.js';
import type { DocumentPrereads } from '../classify/preread.js';
import type { Finding } from '../model/finding.js';
import type { ScanResult } from '../model/scan.js';

export interface ClassifyCaseContext {
  caseFile?: CaseFile;
  /** Today's date for "never in the future" (injectable for tests). */
  today?: Date;
  /** Where a case-relative path is on disk (files unpacked from archives live in a private temp folder). */
  absPathOf?: (relPath: string) => string;
  /** Text the extraction stage already read (the scan runs it before group); read here when not given. */
  extracted?: ExtractedTexts;
  /** PDFs' texts the scan read ahead (language, verdict), used only for the same text. */
  prereads?: DocumentPrereads | undefined;
}

/**
 * The last stages of a scan: classify (with the text the extraction stage
 * read, or reading the encapsulated PDFs' text here when not given), then apply the case file's finding policy (`findings.ignore` /
 * `findings.severity`) to the whole scan. This is the one place a scan
 * applies the policy: in place to the findings so far (the caller may hold
 * the array), and to the new findings it returns.
 */
export async function classifyCase(scan: ScanResult, context: ClassifyCaseContext): Promise<Finding[]> {
  const absPathOf = context.absPathOf ?? ((rel: string) => path.join(scan.root, rel));
  // The extraction stage (and the OCR engine's modules) loads only when the caller has not run it: a scan has.
  const extracted = context.extracted ?? await (await import('../extract/index.js')).extractText(scan.files, { absPathOf });
  // The document reader is most of the tool's modules: a case of imaging, slides or nothing never loads it.
  const reader = needsDocumentReading(scan, { caseFile: context.caseFile, extracted }) ? await loadDocumentReading() : undefined;
  const found = classifyScan(scan, { caseFile: context.caseFile, today: context.today, extracted, ...(context.prereads ? { prereads: context.prereads } : {}) });
  context.prereads?.release();
  // Marker values after classification: the category says how to read a text, the clinical date dates it.
  if (reader) found.push(...reader.attachMarkerReadings(scan, { dateOrder: context.caseFile?.dateOrder, today: context.today, textOf: (p) => extracted.get(p)?.text }));
  const kept = applyFindingPolicy(scan.findings, context.caseFile);
  scan.findings.length = 0;
  // Loops, not spread arguments: a case can hold more findings than a call may take.
  for (const f of kept) scan.findings.push(f);
  return applyFindingPolicy(found, context.caseFile);
}
