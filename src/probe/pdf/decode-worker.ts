import { parentPort } from 'node:worker_threads';
import { WORKER_READY } from '../../util/worker-pool.js';
import { exhaustHeap, stallThread } from '../../util/worker.js';
import { readDocumentFacts, type DocumentFacts } from './document.js';
import { extractFirstPagesText, type ExtractedText } from './text.js';
import { checkXref, type XrefVerdict } from './xref.js';

/**
 * One PDF decode worker (started by the pool in decode.ts with a heap limit
 * and a time limit): pdf-lib loads the file for its facts, then pdf.js reads
 * the text of its first pages. Both parse untrusted bytes and can allocate or
 * loop without bound on hostile files, so they run here, not on the main thread.
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

export async function decodePdf(job: DecodeJob): Promise<Omit<DecodeReply, 'id'>> {
  if (job.stallMs) stallThread(job.stallMs);
  if (job.exhaustHeap) exhaustHeap();
  const facts = await readDocumentFacts(job.bytes);
  // The cross-reference check reads the bytes: before pdf.js takes them over.
  const xref = facts.pages ? checkXref(job.bytes, job.headerOffset) : 'unknown';
  if (facts.needsPassword) return { facts, xref };
  try {
    const extracted = await extractFirstPagesText(job.bytes, { maxPages: job.maxPages, maxChars: job.maxChars, timeoutMs: job.textTimeoutMs });
    return { facts, xref, extracted };
  } catch (err) {
    return { facts, xref, textError: err instanceof Error ? err.message.slice(0, 200) : 'text extraction failed' };
  }
}

/** pdf.js and pdf-lib print warnings about odd files: meaningless to a user, and the pool does not drain this thread's output. */
function silenceConsole(): void {
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) console[method] = () => undefined;
}

if (parentPort) silenceConsole();
parentPort?.on('message', (job: DecodeJob) => {
  void decodePdf(job).then(
    (result) => parentPort?.postMessage({ id: job.id, ...result } satisfies DecodeReply),
    (err: unknown) => parentPort?.postMessage({
      id: job.id,
      facts: { pages: null, encrypted: false, needsPassword: false, loadError: err instanceof Error ? err.message.slice(0, 200) : 'unreadable' },
      xref: 'unknown',
    } satisfies DecodeReply),
  );
});
parentPort?.postMessage(WORKER_READY);
