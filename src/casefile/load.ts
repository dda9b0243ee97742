import type { Finding } from '../model/finding.js';
import type { CaseFile } from './schema.js';

export const CASE_FILE_NAME = 'casepack.yaml';

// Placeholder until the case file lands (issue 3).
export async function loadCaseFile(_root: string): Promise<{ caseFile?: CaseFile; path?: string; findings: Finding[] }> {
  return { findings: [] };
}
