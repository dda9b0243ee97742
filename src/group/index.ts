import type { Finding } from '../model/finding.js';
import type { FileEntry, PatientIdentity, ScanResult, Study } from '../model/scan.js';

export interface GroupResult {
  studies: Study[];
  duplicates: ScanResult['duplicates'];
  patients: PatientIdentity[];
  findings: Finding[];
}

export interface GroupContext {
  absPathOf(relPath: string): string;
}

// Placeholder until the grouping lands (issue 2).
export async function groupCase(_files: FileEntry[], _context: GroupContext): Promise<GroupResult> {
  return { studies: [], duplicates: [], patients: [], findings: [] };
}
