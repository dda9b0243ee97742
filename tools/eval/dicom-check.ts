import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DicomInfo, ScanResult } from '../../src/model/scan.js';
import { scanCase } from '../../src/pipeline/scan.js';
import { probeFile } from '../../src/probe/index.js';
import type { ProbeOutput } from '../../src/probe/types.js';

/**
 * The real-DICOM check set (issue 12): what casepack's probe reads from each
 * file of public DICOM test suites against pydicom (Debian's python3-pydicom)
 * as the reference, and whether every file scanCase leaves out as a duplicate
 * really is byte-identical to the one it keeps. It reports; it never asserts.
 */

/** The fields both sides read, compared after normalising padding and dates. */
export const COMPARED_FIELDS = [
  'patientName', 'patientId', 'issuerOfPatientId', 'patientBirthDate', 'studyDate', 'modality', 'sopClassUid',
  'sopInstanceUid', 'studyInstanceUid', 'seriesInstanceUid', 'transferSyntaxUid', 'rows', 'columns',
] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];
type Value = string | number;

export interface ReferenceRead {
  path: string;
  dicom: boolean;
  dicomdir?: boolean;
  reason?: string;
  fields?: Partial<Record<ComparedField, Value>>;
}

export interface Misread { path: string; field: ComparedField | 'family'; casepack: Value; reference: Value }
export interface OneSided { path: string; side: 'casepack' | 'reference'; why: string }

export interface FileComparison {
  files: number;
  readByBoth: number;
  misreads: Misread[];
  crashes: { path: string; reason: string }[];
  oneSided: OneSided[];
}

export interface DuplicateAudit {
  folder: string;
  duplicates: number;
  duplicatesIdentical: number;
  duplicateFailures: { path: string; keptAs: string }[];
  otherEncodings: number;
  otherEncodingsValid: number;
  otherEncodingFailures: { path: string; keptAs: string; why: string }[];
}

const PYTHON = process.env['CASEPACK_REFERENCE_PYTHON'] ?? '/usr/bin/python3';
const REFERENCE_SCRIPT = fileURLToPath(new URL('./dicom-reference.py', import.meta.url));

/** One python process over the whole list: pydicom's import costs more than reading a file. */
export function readWithReference(paths: string[]): Map<string, ReferenceRead> {
  const run = spawnSync(PYTHON, [REFERENCE_SCRIPT], { input: paths.join('\n') + '\n', maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`the pydicom reference failed (${PYTHON}; install python3-pydicom): ${run.stderr.slice(0, 500)}`);
  const reads = new Map<string, ReferenceRead>();
  for (const line of run.stdout.split('\n')) {
    if (!line.trim()) continue;
    const read = JSON.parse(line) as ReferenceRead;
    reads.set(read.path, read);
  }
  return reads;
}

/** Does dcmdump (dcmtk) read the file? A second opinion where pydicom gives up. */
export function dcmdumpReads(file: string): boolean | undefined {
  const run = spawnSync('dcmdump', ['-q', '+E', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error) return undefined;
  return run.status === 0 && /\(0008,|\(0010,|\(0020,/.test(run.stdout);
}

/** Person names: `^`-components and `=`-groups, trailing empty ones dropped (PS3.5 6.2.1), each trimmed. */
export function normalisePersonName(value: string): string {
  const groups = value.split('=').map((group) => {
    const parts = group.split('^').map((part) => part.trim());
    while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
    return parts.join('^');
  });
  while (groups.length > 0 && groups[groups.length - 1] === '') groups.pop();
  return groups.join('=');
}

/** One form for both sides: trimmed of DICOM padding, DA as ISO, first value of a multi-valued string. */
export function normalise(field: ComparedField, value: Value | undefined): Value | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return value;
  let text = value.replace(/^[\s\0]+|[\s\0]+$/g, '');
  if (field === 'patientName') text = normalisePersonName(text);
  // pydicom 2.3 leaves ISO 2022 escape sequences in GB2312 names (its limitation, not a different name): drop them.
  if (field === 'patientName') text = text.replace(/\u001b[$()*+\-./]*[\x40-\x7e]/g, '');
  // ACR-NEMA dates (YYYY.MM.DD) are the same date as DICOM's YYYYMMDD.
  const date = /^(\d{4})\.?(\d{2})\.?(\d{2})$/.exec(text);
  if ((field === 'patientBirthDate' || field === 'studyDate') && date) text = `${date[1]}-${date[2]}-${date[3]}`;
  if (field === 'rows' || field === 'columns') return Number(text);
  return text === '' ? undefined : text;
}

function casepackFields(dicom: DicomInfo): Partial<Record<ComparedField, Value>> {
  const fields: Partial<Record<ComparedField, Value>> = {};
  for (const field of COMPARED_FIELDS) {
    const value = (dicom as Record<string, unknown>)[field];
    if (typeof value === 'string' || typeof value === 'number') fields[field] = value;
  }
  return fields;
}

/** Files casepack could not read as DICOM: a finding that says so, or a family that is not DICOM at all. */
function casepackUnreadable(output: ProbeOutput): string | undefined {
  const codes = output.findings.map((f) => f.code);
  // A DICOMDIR read in part (its records before a damaged one) is read, with a warning; without records it is not.
  if (output.family === 'dicomdir') {
    const damaged = output.findings.find((f) => f.code === 'DICOMDIR_UNREADABLE');
    const recordsRead = damaged?.details?.['recordsRead'];
    return damaged && !(output.dicomdir && typeof recordsRead === 'number' && recordsRead > 0) ? 'DICOMDIR_UNREADABLE' : undefined;
  }
  if (output.family !== 'dicom') return `family ${output.family}`;
  // Header fields read from a header casepack calls damaged still tell the user "unreadable".
  if (codes.includes('DICOM_UNREADABLE')) return 'DICOM_UNREADABLE';
  if (!output.dicom) return codes.join(',') || 'no DICOM header';
  return undefined;
}

function compareOne(rel: string, output: ProbeOutput, reference: ReferenceRead, result: FileComparison): void {
  const unreadable = casepackUnreadable(output);
  if (!reference.dicom) {
    if (!unreadable) result.oneSided.push({ path: rel, side: 'casepack', why: `pydicom: ${reference.reason ?? 'not DICOM'}` });
    return;
  }
  if (unreadable) {
    result.oneSided.push({ path: rel, side: 'reference', why: `casepack: ${unreadable}` });
    if (output.family === 'dicom' || output.family === 'dicomdir' || reference.dicom) result.misreads.push({ path: rel, field: 'family', casepack: unreadable, reference: reference.dicomdir ? 'dicomdir' : 'dicom' });
    return;
  }
  result.readByBoth++;
  if (reference.dicomdir && output.family !== 'dicomdir') {
    result.misreads.push({ path: rel, field: 'family', casepack: output.family, reference: 'dicomdir' });
  }
  if (!output.dicom) return;
  const ours = casepackFields(output.dicom);
  for (const field of COMPARED_FIELDS) {
    const a = normalise(field, ours[field]);
    const b = normalise(field, reference.fields?.[field]);
    if (a !== undefined && b !== undefined && a !== b) result.misreads.push({ path: rel, field, casepack: a, reference: b });
  }
}

async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(path.join(entry.parentPath, entry.name));
  }
  return out.sort();
}

/** Probe every file under the folders with casepack and read it with pydicom, then compare. */
export async function compareFiles(folders: string[]): Promise<FileComparison> {
  const files = (await Promise.all(folders.map(listFiles))).flat();
  const reference = readWithReference(files);
  const result: FileComparison = { files: files.length, readByBoth: 0, misreads: [], crashes: [], oneSided: [] };
  for (const file of files) {
    const rel = path.relative(process.cwd(), file);
    let output: ProbeOutput;
    try {
      output = await probeFile({ relPath: path.basename(file), absPath: file, size: (await stat(file)).size }, { extractText: false });
    } catch (err) {
      result.crashes.push({ path: rel, reason: err instanceof Error ? err.message : String(err) });
      continue;
    }
    const failed = output.findings.find((f) => f.code === 'PROBE_FAILED');
    if (failed) result.crashes.push({ path: rel, reason: JSON.stringify(failed.details ?? {}) });
    const read = reference.get(file) ?? { path: file, dicom: false, reason: 'no answer from pydicom' };
    if (!read.dicom && dcmdumpReads(file)) {
      read.dicom = true;
      read.reason = 'pydicom failed; dcmdump reads it';
    }
    compareOne(rel, output, read, result);
  }
  return result;
}

function sameBytes(a: string, b: string): boolean {
  return readFileSync(a).equals(readFileSync(b));
}

/** scanCase over a whole folder: every left-out duplicate byte-identical, every other-encoding pair one image in other bytes. */
export async function auditDuplicates(folder: string): Promise<DuplicateAudit> {
  const scan: ScanResult = await scanCase(folder, { extractText: false, archives: false });
  const audit: DuplicateAudit = { folder, duplicates: 0, duplicatesIdentical: 0, duplicateFailures: [], otherEncodings: 0, otherEncodingsValid: 0, otherEncodingFailures: [] };
  const byPath = new Map(scan.files.map((f) => [f.path, f]));
  const abs = (p: string): string => path.join(folder, p);
  for (const file of scan.files) {
    if (file.duplicateOf) {
      audit.duplicates++;
      if (sameBytes(abs(file.path), abs(file.duplicateOf))) audit.duplicatesIdentical++;
      else audit.duplicateFailures.push({ path: file.path, keptAs: file.duplicateOf });
    }
    if (file.otherEncodingOf) {
      audit.otherEncodings++;
      const kept = byPath.get(file.otherEncodingOf);
      const why = !kept?.dicom?.sopInstanceUid || kept.dicom.sopInstanceUid !== file.dicom?.sopInstanceUid ? 'different SOP Instance UID'
        : sameBytes(abs(file.path), abs(file.otherEncodingOf)) ? 'same bytes (should be duplicateOf)' : undefined;
      if (why) audit.otherEncodingFailures.push({ path: file.path, keptAs: file.otherEncodingOf, why });
      else audit.otherEncodingsValid++;
    }
  }
  return audit;
}
