import type { FileEntry, ScanResult } from '../model/scan.js';
import { scanRedaction, type JsonPrivacy } from './json-privacy.js';

// Apart from json.ts (the check's JSON, validated by its zod schema) so `scan --json` loads no schema.

/** A top-level member's value as `JSON.stringify(document, null, 2)` writes it at that depth. */
function nested(value: unknown, indent: string): string {
  // Strings in JSON never hold a raw line break, so every one is a line of the layout.
  return (JSON.stringify(value, null, 2) ?? 'null').replaceAll('\n', `\n${indent}`);
}

/** Text in pieces of about this many characters: few writes, and never the whole document in memory. */
const CHUNK_CHARS = 64 * 1024;

/**
 * File entries written by one `JSON.stringify` call, as the `files` member of a wrapper object so that
 * V8 indents them at their depth in the document: no replacer (a call into JavaScript for every key)
 * and no re-indenting of each entry's lines afterwards (issue 15: ~half the JSON output's CPU).
 */
const FILES_PER_BATCH = 64;
const FILES_OPEN = '{\n  "files": [';
const FILES_CLOSE = '\n  ]\n}';

/**
 * `scan --json`, a piece at a time: the same text as `JSON.stringify(redactScan(scan, options), null, 2) + '\n'`,
 * but the file entries are redacted and written a batch at a time, so a 20,000-file scan is never held twice
 * (a redacted copy of every entry) nor as one string (~75 MB). The parts after the files are redacted after
 * them, in redactScan's order, so patient stand-ins get the same numbers.
 */
export function* renderScanJsonChunks(scan: ScanResult, options: JsonPrivacy = {}): Generator<string> {
  const redaction = scanRedaction(scan, options);
  let rest: Partial<ScanResult> | undefined;
  const restOf = (): Partial<ScanResult> => (rest ??= redaction?.rest() ?? {});
  const keys = Object.keys(scan) as (keyof ScanResult)[];
  if (redaction && !keys.includes('redacted')) keys.push('redacted');
  let pending = '{';
  let first = true;
  for (const key of keys) {
    if (key === 'files') {
      pending += `${first ? '' : ','}\n  "files": [`;
      first = false;
      for (let start = 0; start < scan.files.length; start += FILES_PER_BATCH) {
        const batch: FileEntry[] = scan.files.slice(start, start + FILES_PER_BATCH);
        const text = JSON.stringify({ files: redaction ? batch.map(redaction.file) : batch }, null, 2);
        pending += `${start === 0 ? '' : ','}${text.slice(FILES_OPEN.length, text.length - FILES_CLOSE.length)}`;
        if (pending.length >= CHUNK_CHARS) { yield pending; pending = ''; }
      }
      pending += scan.files.length === 0 ? ']' : '\n  ]';
    } else {
      const value = redaction && key in restOfKeys ? restOf()[key] : scan[key];
      if (value === undefined || typeof value === 'function') continue;
      pending += `${first ? '' : ','}\n  ${JSON.stringify(key)}: ${nested(value, '  ')}`;
      first = false;
    }
    if (pending.length >= CHUNK_CHARS) { yield pending; pending = ''; }
  }
  yield `${pending}${first ? '}' : '\n}'}\n`;
}

const restOfKeys = { dicom: true, patients: true, findings: true, casePatient: true, redacted: true } as const;
