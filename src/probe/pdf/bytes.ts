/**
 * Byte-level facts about a PDF that need no parser: where the header is, the
 * version it declares, and whether the file ends the way a complete PDF does.
 */

const HEADER = Buffer.from('%PDF-');
const EOF_MARKER = Buffer.from('%%EOF');
const STARTXREF = Buffer.from('startxref');

/** The PDF spec puts %%EOF within the last 1024 bytes; a copy cut short has none there. */
export const TAIL_BYTES = 1024;

export interface PdfHeader {
  /** Offset of `%PDF-`; junk before it is tolerated by every reader. */
  offset: number;
  version?: string;
}

export function findHeader(head: Uint8Array): PdfHeader | undefined {
  const offset = Buffer.from(head.buffer, head.byteOffset, head.byteLength).indexOf(HEADER);
  if (offset === -1) return undefined;
  const after = Buffer.from(head.subarray(offset + HEADER.length, offset + HEADER.length + 8)).toString('latin1');
  const version = /^(\d\.\d)/.exec(after)?.[1];
  return version ? { offset, version } : { offset };
}

/** True when the tail holds `%%EOF`: a file cut short in copying or downloading has none. */
export function hasEofMarker(tail: Uint8Array): boolean {
  return Buffer.from(tail.buffer, tail.byteOffset, tail.byteLength).lastIndexOf(EOF_MARKER) !== -1;
}

/** The offset after the last `startxref` keyword in the tail, if any. */
export function lastStartxref(tail: Uint8Array): number | undefined {
  const buffer = Buffer.from(tail.buffer, tail.byteOffset, tail.byteLength);
  const at = buffer.lastIndexOf(STARTXREF);
  if (at === -1) return undefined;
  const match = /^\s*(\d{1,15})/.exec(buffer.subarray(at + STARTXREF.length, at + STARTXREF.length + 32).toString('latin1'));
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
