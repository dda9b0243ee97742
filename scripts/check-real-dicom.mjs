#!/usr/bin/env node
// The real-DICOM check set (issue 12, docs/real-dicom-check.md): `npm run check:dicom [FOLDER]...`.
// Default folders: /work/realdicom (public suites, extracted by hand) and ../shared/corpus/dicom.
import { existsSync } from 'node:fs';
import { auditDuplicates, compareFiles } from '../tools/eval/dicom-check.ts';
import { formatDicomCheck } from '../tools/eval/dicom-check-print.ts';

const given = process.argv.slice(2);
const folders = (given.length > 0 ? given : ['/work/realdicom', '../shared/corpus/dicom']).filter((folder) => {
  if (existsSync(folder)) return true;
  console.error(`skipped ${folder}: not there`);
  return false;
});
if (folders.length === 0) {
  console.error('no folder to check');
  process.exit(2);
}
const files = await compareFiles(folders);
const audits = [];
for (const folder of folders) audits.push(await auditDuplicates(folder));
console.log(formatDicomCheck(files, audits));
const failed = files.misreads.length + files.crashes.length + audits.reduce((n, a) => n + a.duplicateFailures.length + a.otherEncodingFailures.length, 0);
process.exit(failed > 0 ? 1 : 0);
