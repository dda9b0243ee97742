import { finding } from '../../findings/codes.js';
import type { Finding } from '../../model/finding.js';
import type { PdfInfo } from '../../model/scan.js';
import { readAt, type ProbeOutput, type RandomAccessReader } from '../types.js';
import { findHeader, hasEofMarker, TAIL_BYTES } from './bytes.js';
import { pdfDateToIso } from '../../dates/formats.js';

/** How much of each end of a very large PDF is read. */
const WINDOW_BYTES = 1024 * 1024;

/**
 * A PDF too large to load whole: read its first and last megabyte and take what
 * plain-text dictionaries there say (linearization page count, trailer
 * /Encrypt, Info strings). Text is not extracted; a finding says so.
 */
export async function probeLargePdf(handle: RandomAccessReader, size: number, relPath: string, cap: number): Promise<ProbeOutput> {
  const head = await readAt(handle, 0, Math.min(size, WINDOW_BYTES));
  const tail = await readAt(handle, Math.max(0, size - WINDOW_BYTES), Math.min(size, WINDOW_BYTES));
  const header = findHeader(head.subarray(0, 4096));
  const headText = head.toString('latin1');
  const tailText = tail.toString('latin1');
  const encrypted = /\/Encrypt\s+(?:\d+\s+\d+\s+R|<<)/.test(tailText) || /\/Encrypt\s+(?:\d+\s+\d+\s+R|<<)/.test(headText.slice(0, 64 * 1024));
  const truncated = !hasEofMarker(tail.subarray(Math.max(0, tail.length - TAIL_BYTES)));

  const info: PdfInfo = {
    pages: pageCount(headText, tailText),
    encrypted,
    // Whether a user password is needed takes a full parse; report only what was seen.
    needsPassword: false,
    damaged: truncated,
    hasText: false,
    headerOffset: header?.offset ?? 0,
    textChars: 0,
  };
  if (header?.version) info.version = header.version;
  if (!encrypted) {
    // Encrypted files keep their Info strings encrypted: nothing readable to report.
    const title = literal(tailText, 'Title') ?? literal(headText, 'Title');
    const producer = literal(tailText, 'Producer') ?? literal(headText, 'Producer');
    const creationDate = pdfDateToIso(literal(tailText, 'CreationDate') ?? literal(headText, 'CreationDate'));
    const modificationDate = pdfDateToIso(literal(tailText, 'ModDate') ?? literal(headText, 'ModDate'));
    if (title) info.title = title;
    if (producer) info.producer = producer;
    if (creationDate) info.creationDate = creationDate;
    if (modificationDate) info.modificationDate = modificationDate;
  }

  const findings: Finding[] = [
    finding('PDF_PARTLY_EXAMINED', relPath, { details: { size, capBytes: cap, bytesRead: head.length + tail.length, textExtracted: false } }),
  ];
  if (encrypted) {
    findings.push(finding('PDF_ENCRYPTED', relPath, {
      message: 'The PDF is encrypted; because it is very large, casepack did not check whether it needs a password to open.',
      details: { needsPasswordChecked: false },
    }));
  }
  if (truncated) {
    findings.push(finding('PDF_DAMAGED', relPath, {
      message: 'The PDF is cut short: the end of the file is missing, so the copy is incomplete.',
      hint: 'Copy the file again from the original source, or ask the sender for a new copy.',
      details: { reason: 'truncated (no %%EOF)' },
    }));
  }
  return { family: 'pdf', pdf: info, findings };
}

/** The linearization dictionary's /N, else the largest /Count of a /Type /Pages dictionary seen. */
export function pageCount(headText: string, tailText: string): number | null {
  const linearized = /\/Linearized\b[^>]*?\/N\s+(\d+)/.exec(headText.slice(0, 2048))?.[1];
  if (linearized !== undefined) return Number(linearized);
  let best: number | null = null;
  for (const text of [headText, tailText]) {
    for (const match of text.matchAll(/<<((?:(?!<<|>>)[\s\S])*?\/Type\s*\/Pages\b(?:(?!<<|>>)[\s\S])*?)>>/g)) {
      const count = /\/Count\s+(\d+)/.exec(match[1] ?? '')?.[1];
      if (count !== undefined) best = Math.max(best ?? 0, Number(count));
    }
  }
  return best;
}

/** A string value written literally, `/Producer (Scanner 2.1)`, or in hex, `/Producer <FEFF0053...>`. */
function literal(text: string, key: string): string | undefined {
  const plain = new RegExp(`/${key}\\s*\\(((?:\\\\.|[^\\\\)]){1,300})\\)`).exec(text)?.[1];
  if (plain !== undefined) return plain.replace(/\\(.)/g, '$1').trim() || undefined;
  const hex = new RegExp(`/${key}\\s*<([0-9A-Fa-f\\s]{2,1200})>`).exec(text)?.[1]?.replace(/\\s/g, '');
  if (hex === undefined) return undefined;
  const bytes = Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex');
  // A byte-order mark FE FF means UTF-16BE (how most writers store non-ASCII text); otherwise one byte per character.
  const decoded = bytes[0] === 0xfe && bytes[1] === 0xff ? Buffer.from(bytes.subarray(2, 2 + ((bytes.length - 2) & ~1))).swap16().toString('utf16le') : bytes.toString('latin1');
  return decoded.replace(/\u0000/g, '').trim() || undefined;
}
