import { parentPort } from 'node:worker_threads';
import { WORKER_READY } from '../../util/worker-pool.js';
import { exhaustHeap, stallThread } from '../../util/worker.js';
import { factsFromPdfJs, type DocumentFacts } from './facts.js';
import { useWholeStreamDecompression } from './inflate.js';
import { extractFirstPagesText, openWithPdfJs, readFirstPagesText, type ExtractedText, type PdfJsDocument, type TextLimits } from './text.js';
import { checkXref, type XrefVerdict } from './xref.js';

/**
 * One PDF decode worker (started by the pool in decode.ts with a heap limit
 * and a time limit): pdf.js opens the file once for both its facts (pages,
 * encryption, Info metadata) and the text of its first pages. pdf-lib, which
 * read the facts in a second parse before, loads only for files pdf.js cannot
 * open or read without a warning (see decodeWithPdfJsFirst) and for files too
 * big to keep a spare copy of.
 * Both parse untrusted bytes and can allocate or loop without bound on
 * hostile files, so they run here, not on the main thread.
 */

export interface DecodeJob {
  id: number;
  /** The file's bytes, transferred: pdf.js detaches them when it is done. */
  bytes: Uint8Array;
  headerOffset: number;
  maxPages: number;
  maxChars: number;
  textTimeoutMs: number;
  /** Test hook: block this thread this long first, as a PDF that makes pdf.js spin would. */
  stallMs?: number;
  /** Test hook: fill the heap until the worker's limit stops it, as a PDF that makes pdf.js allocate without end would. */
  exhaustHeap?: boolean;
}

export interface DecodeReply {
  id: number;
  facts: DocumentFacts;
  xref: XrefVerdict;
  extracted?: ExtractedText;
  textError?: string;
}

/**
 * Above this size the worker keeps no spare copy of a file for pdf-lib (pdf.js
 * takes the bytes over as it opens them, failure or not): such a file is read by
 * pdf-lib first and pdf.js second, as all files were before. Small PDFs probe
 * two at a time (probe/pdf/index.ts), so the copies cost at most twice this.
 */
export const SPARE_COPY_LIMIT = 32 * 1024 * 1024;

export function decodePdf(job: DecodeJob): Promise<Omit<DecodeReply, 'id'>> {
  if (job.stallMs) stallThread(job.stallMs);
  if (job.exhaustHeap) exhaustHeap();
  return job.bytes.byteLength > SPARE_COPY_LIMIT ? decodeWithPdfLibFirst(job) : decodeWithPdfJsFirst(job);
}

/**
 * One parse: pdf.js's document gives the facts and the text. pdf-lib reads the
 * facts as before (from a spare copy: pdf.js takes the bytes over) when pdf.js
 * cannot open the file or read its first pages, or warned while reading them: a warning is pdf.js working
 * around damage (an index it rebuilt, a page tree it repaired), where the two
 * libraries may count pages differently, and the merger, which is pdf-lib, must
 * find the pages the probe counted. Intact files never load pdf-lib here.
 */
export async function decodeWithPdfJsFirst(job: DecodeJob): Promise<Omit<DecodeReply, 'id'>> {
  // Both read the bytes before pdf.js takes them over.
  const xref = checkXref(job.bytes, job.headerOffset);
  const spare = job.bytes.slice();
  const read = await readWithPdfJs(job);
  if (read.facts) return { facts: read.facts, xref: read.facts.pages ? xref : 'unknown', ...read.text };
  // The answer pdf-lib first and pdf.js second gave (decodeWithPdfLibFirst), without parsing with pdf.js again.
  const facts = await readFactsWithPdfLib(spare);
  const verdict = facts.pages ? xref : 'unknown';
  return facts.needsPassword ? { facts, xref: verdict } : { facts, xref: verdict, ...read.text };
}

interface PdfJsReading {
  /** Unset when pdf.js could not open the file or warned: pdf-lib's facts are wanted. */
  facts?: DocumentFacts;
  text: Pick<DecodeReply, 'extracted' | 'textError'>;
}

/** pdf.js warnings that every ordinary file gives (no standard-font data is shipped: pdf.js measures the 14 standard fonts without it). */
const ORDINARY_WARNING = /standardFontDataUrl/;

async function readWithPdfJs(job: DecodeJob): Promise<PdfJsReading> {
  let warned = false;
  const quiet = console.warn;
  console.warn = (...args: unknown[]) => { if (!ORDINARY_WARNING.test(String(args[0]))) warned = true; };
  let doc: PdfJsDocument;
  try {
    doc = await openWithPdfJs(job.bytes, { warnings: true });
  } catch (err) {
    console.warn = quiet;
    return { text: { textError: reasonOf(err) } };
  }
  try {
    let text: PdfJsReading['text'];
    try {
      text = { extracted: await readFirstPagesText(doc, limitsOf(job)) };
    } catch (err) {
      // Pages pdf.js could not read are damage too.
      return { text: { textError: reasonOf(err) } };
    }
    if (warned) return { text };
    const facts = await factsFromPdfJs(doc);
    return warned ? { text } : { facts, text };
  } finally {
    console.warn = quiet;
    await doc.destroy().catch(() => undefined);
  }
}

/** Two parses, pdf-lib's for the facts then pdf.js's for the text: files above SPARE_COPY_LIMIT (and the differential test's reference). */
export async function decodeWithPdfLibFirst(job: DecodeJob): Promise<Omit<DecodeReply, 'id'>> {
  const facts = await readFactsWithPdfLib(job.bytes);
  // The cross-reference check reads the bytes: before pdf.js takes them over.
  const xref = facts.pages ? checkXref(job.bytes, job.headerOffset) : 'unknown';
  if (facts.needsPassword) return { facts, xref };
  try {
    const extracted = await extractFirstPagesText(job.bytes, limitsOf(job));
    return { facts, xref, extracted };
  } catch (err) {
    return { facts, xref, textError: reasonOf(err) };
  }
}

async function readFactsWithPdfLib(bytes: Uint8Array): Promise<DocumentFacts> {
  // Loaded on first need: its bundle costs a worker ~0.14 s, which most runs no longer pay.
  const { readDocumentFacts } = await import('./document.js');
  return readDocumentFacts(bytes);
}

const limitsOf = (job: DecodeJob): TextLimits => ({ maxPages: job.maxPages, maxChars: job.maxChars, timeoutMs: job.textTimeoutMs });
const reasonOf = (err: unknown): string => (err instanceof Error ? err.message.slice(0, 200) : 'text extraction failed');

/** pdf.js and pdf-lib print warnings about odd files: meaningless to a user, and the pool does not drain this thread's output. */
function silenceConsole(): void {
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) console[method] = () => undefined;
}

if (parentPort) {
  silenceConsole();
  useWholeStreamDecompression();
}
// One job at a time, in the order sent: a job the pool lets wait in this worker must not share the time limit
// of the one ahead of it, and if that one breaks the worker, the pool sends the waiting one again elsewhere.
let ahead: Promise<unknown> = Promise.resolve();
parentPort?.on('message', (job: DecodeJob) => {
  ahead = ahead.then(() => decodePdf(job)).then(
    (result) => parentPort?.postMessage({ id: job.id, ...result } satisfies DecodeReply),
    (err: unknown) => parentPort?.postMessage({
      id: job.id,
      facts: { pages: null, encrypted: false, needsPassword: false, loadError: err instanceof Error ? err.message.slice(0, 200) : 'unreadable' },
      xref: 'unknown',
    } satisfies DecodeReply),
  );
});
parentPort?.postMessage(WORKER_READY);
