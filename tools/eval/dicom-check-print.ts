import type { DuplicateAudit, FileComparison } from './dicom-check.js';

/** The check set's table, for a person: counts first, then every file behind a count that is not zero. */
export function formatDicomCheck(files: FileComparison, audits: DuplicateAudit[]): string {
  const lines = [
    'real DICOM check (casepack probe vs pydicom)',
    `  files                 ${files.files}`,
    `  read by both          ${files.readByBoth}`,
    `  misreads              ${files.misreads.length}`,
    `  crashes               ${files.crashes.length}`,
    `  read by one side only ${files.oneSided.length}`,
  ];
  for (const m of files.misreads) lines.push(`    misread ${m.path}: ${m.field} casepack=${JSON.stringify(m.casepack)} pydicom=${JSON.stringify(m.reference)}`);
  for (const c of files.crashes) lines.push(`    crash ${c.path}: ${c.reason}`);
  for (const o of files.oneSided) lines.push(`    only ${o.side === 'casepack' ? 'casepack' : 'pydicom/dcmdump'} reads ${o.path} (${o.why})`);
  lines.push('', 'duplicates (scanCase per folder)');
  for (const a of audits) {
    lines.push(`  ${a.folder}: duplicateOf ${a.duplicatesIdentical}/${a.duplicates} byte-identical, otherEncodingOf ${a.otherEncodingsValid}/${a.otherEncodings} same UID and other bytes`);
    for (const f of a.duplicateFailures) lines.push(`    NOT identical: ${f.path} left out as a copy of ${f.keptAs}`);
    for (const f of a.otherEncodingFailures) lines.push(`    wrong other-encoding: ${f.path} / ${f.keptAs}: ${f.why}`);
  }
  return lines.join('\n');
}
