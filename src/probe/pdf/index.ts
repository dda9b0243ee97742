import { finding } from '../../findings/codes.js';
import type { Finding } from '../../model/finding.js';
import type { PdfInfo } from '../../model/scan.js';
import { readAt, type Probe, type ProbeOptions, type ProbeOutput } from '../types.js';
import { findHeader, hasEofMarker, TAIL_BYTES } from './bytes.js';
import { decodePdfInWorker } from './decode.js';
import { pageCount, probeLargePdf } from './large.js';
import { findOversizedStream, type PdfStreamExcess } from './streams.js';
import type { XrefVerdict } from './xref.js';
import type { PoolOutcome } from '../../util/worker-pool.js';

/**
 * Above this size a PDF is not loaded whole: pdf-lib and pdf.js hold the file
 * (and more) in memory, and several probes run at once.
 */
export const PDF_FULL_READ_CAP = 200 * 1024 * 1024;

const DEFAULT_MAX_TEXT_PAGES = 5;
const DEFAULT_MAX_TEXT_CHARS = 20_000;
const TEXT_TIMEOUT_MS = 15_000;
const HEADER_WINDOW = 4096;

/**
 * Probing holds about the file's size in memory (measured: +103 MB for a
 * 100 MB PDF). Small PDFs probe in parallel; big ones take turns, so several
 * scanned 150 MB reports on one CD cost one file's worth of memory, not all of them.
 */
const TAKE_TURNS_ABOVE = 32 * 1024 * 1024;
let bigPdfTurn: Promise<unknown> = Promise.resolve();

export const probePdf: Probe = async ({ relPath, size, head, handle, options }) => {
  if (size > PDF_FULL_READ_CAP) return probeLargePdf(handle, size, relPath, PDF_FULL_READ_CAP);
  const run = async (): Promise<ProbeOutput> => {
    // A fresh buffer of our own: pdf.js may take it over (detach it) when it is done with pdf-lib. A file the head
    // already holds whole (a short report) is not read again: the job then goes to the decode worker in the same
    // turn of the event loop as the answer that freed its place, before the main thread reads a text (issue 15).
    const bytes = head.length === size ? copyOf(head) : await readAt(handle, 0, size);
    return analysePdf(bytes, relPath, options, true);
  };
  if (size <= TAKE_TURNS_ABOVE) return run();
  const turn = bigPdfTurn.then(run, run);
  bigPdfTurn = turn.catch(() => undefined);
  return turn;
};

/** A copy in a buffer of its own (Buffer.from would take a small one from Node's shared pool). */
function copyOf(head: Buffer): Buffer {
  const bytes = Buffer.alloc(head.length);
  head.copy(bytes);
  return bytes;
}

/**
 * Probe a PDF already in memory, e.g. one embedded in a DICOM Encapsulated PDF
 * object. The caller's bytes are copied before pdf.js sees them, so they stay usable.
 */
export async function probePdfBytes(bytes: Uint8Array, relPath: string, options: ProbeOptions = {}): Promise<ProbeOutput> {
  try {
    return await analysePdf(bytes, relPath, options, false);
  } catch (err) {
    // analysePdf catches what the libraries throw; this is the last guard for a caller outside the dispatcher.
    return { family: 'pdf', pdf: unreadable(0), findings: [finding('PDF_DAMAGED', relPath, { details: { reason: String(err).slice(0, 200) } })] };
  }
}

async function analysePdf(bytes: Uint8Array, relPath: string, options: ProbeOptions, owned: boolean): Promise<ProbeOutput> {
  const header = findHeader(bytes.subarray(0, HEADER_WINDOW));
  const headerOffset = header?.offset ?? 0;
  const truncated = !hasEofMarker(bytes.subarray(Math.max(0, bytes.length - TAIL_BYTES)));
  // Before pdf-lib or pdf.js: both would inflate a bomb's streams in full.
  const excess = await findOversizedStream(bytes);
  if (excess) return refusedPdf(bytes, relPath, headerOffset, header?.version, excess);
  const decoded = await decodePdfInWorker({
    relPath, bytes, owned, headerOffset,
    maxPages: options.maxTextPages ?? DEFAULT_MAX_TEXT_PAGES,
    maxChars: options.maxTextChars ?? DEFAULT_MAX_TEXT_CHARS,
    textTimeoutMs: TEXT_TIMEOUT_MS,
  });
  // The worker was stopped (memory or time limit, or a crash): the bytes went with it, so what is known comes from the first megabyte.
  if (!decoded.ok) return unreadInWorker(header?.version, headerOffset, relPath, decoded);
  const { facts, xref, extracted, textError } = decoded.reply;

  // pdf.js rebuilds some files pdf-lib cannot load: a second opinion on the page count.
  const pages = facts.pages ?? extracted?.pages ?? null;
  const text = extracted?.text ?? '';
  const info: PdfInfo = {
    pages,
    encrypted: facts.encrypted,
    needsPassword: facts.needsPassword,
    damaged: false,
    hasText: text.length > 0,
    headerOffset,
    textChars: text.length,
  };
  if (header?.version) info.version = header.version;
  if (facts.title) info.title = facts.title;
  if (facts.producer) info.producer = facts.producer;
  if (facts.creationDate) info.creationDate = facts.creationDate;
  if (facts.modificationDate) info.modificationDate = facts.modificationDate;
  if (text && options.extractText !== false) info.text = text;

  const findings: Finding[] = [];
  if (facts.needsPassword) {
    findings.push(finding('PDF_ENCRYPTED', relPath));
  } else if (facts.encrypted) {
    findings.push(finding('PDF_RESTRICTED', relPath));
  }
  const damage = damageFinding({ relPath, pages, truncated, xref, needsPassword: facts.needsPassword, reason: facts.loadError ?? textError });
  if (damage) {
    info.damaged = true;
    findings.push(damage);
  }
  return { family: 'pdf', pdf: info, findings };
}

/** Plain-text facts only, like a very large PDF. Marked damaged so that nothing downstream opens it (OCR, merging): it is packed as it is. */
function refusedPdf(bytes: Uint8Array, relPath: string, headerOffset: number, version: string | undefined, excess: PdfStreamExcess): ProbeOutput {
  const window = 1024 * 1024;
  const text = (from: number, to: number): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1', from, to);
  const pages = pageCount(text(0, Math.min(bytes.length, window)), text(Math.max(0, bytes.length - window), bytes.length));
  const info: PdfInfo = { ...unreadable(headerOffset), pages };
  if (version) info.version = version;
  return {
    family: 'pdf',
    pdf: info,
    findings: [finding('PDF_TOO_LARGE_TO_READ', relPath, { details: { reason: excess.reason, streamOffset: excess.offset, amount: excess.amount, limit: excess.limit } })],
  };
}

/**
 * The decode worker hit its memory or time limit, or died: marked damaged so that nothing later
 * opens it (OCR, merging); it is packed as it is, and the finding says why it was not read.
 */
function unreadInWorker(version: string | undefined, headerOffset: number, relPath: string, outcome: Exclude<PoolOutcome<unknown>, { ok: true }>): ProbeOutput {
  const info: PdfInfo = unreadable(headerOffset);
  if (version) info.version = version;
  const details = { reason: outcome.message };
  const code = outcome.failure === 'timeout' ? 'PDF_DECODE_TIMEOUT' : outcome.failure === 'memory' ? 'PDF_TOO_LARGE_TO_READ' : 'PDF_DAMAGED';
  return { family: 'pdf', pdf: info, findings: [finding(code, relPath, { details })] };
}

interface DamageEvidence {
  relPath: string;
  pages: number | null;
  truncated: boolean;
  xref: XrefVerdict;
  needsPassword: boolean;
  reason: string | undefined;
}

/** The worst thing wrong with the file's structure, as one finding, or nothing. */
function damageFinding({ relPath, pages, truncated, xref, needsPassword, reason }: DamageEvidence): Finding | undefined {
  if (pages === null && !needsPassword) {
    return finding('PDF_DAMAGED', relPath, { details: { reason: reason ?? 'unreadable' } });
  }
  if (pages === 0) {
    return finding('PDF_DAMAGED', relPath, { message: 'The PDF is damaged: no pages could be found in it.', details: { reason: 'no pages' } });
  }
  if (truncated) {
    return finding('PDF_DAMAGED', relPath, {
      message: 'The PDF is cut short: the end of the file is missing, so the copy is incomplete.',
      hint: 'Copy the file again from the original source, or ask the sender for a new copy.',
      details: { reason: 'truncated (no %%EOF)', recoveredPages: pages },
    });
  }
  if (xref === 'broken') {
    return finding('PDF_DAMAGED', relPath, {
      severity: 'warning',
      message: `The PDF's internal index is damaged. casepack recovered ${pages ?? 'some'} page(s), but some PDF viewers will show it as empty.`,
      hint: 'Ask the sender for a new copy of this document, or open and re-save it in a PDF viewer that shows it correctly.',
      details: { reason: 'cross-reference table points to the wrong objects', recoveredPages: pages },
    });
  }
  return undefined;
}

export function unreadable(headerOffset: number): PdfInfo {
  return { pages: null, encrypted: false, needsPassword: false, damaged: true, hasText: false, headerOffset, textChars: 0 };
}
