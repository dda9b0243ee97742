import type { Finding } from '../model/finding.js';
import type { ScanResult } from '../model/scan.js';
import type { CaseFile } from '../casefile/schema.js';

export interface ClassifyContext {
  caseFile?: CaseFile;
  /** Today's date for "never in the future" (injectable for tests). */
  today?: Date;
}

// Placeholder until classification lands (issue 3): sets classification on files and studies.
export async function classifyCase(_scan: ScanResult, _context: ClassifyContext): Promise<Finding[]> {
  return [];
}
