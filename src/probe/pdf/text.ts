import { createRequire } from 'node:module';
import { getDocumentProxy, getResolvedPDFJS } from 'unpdf';

/** pdf.js's own exception classes (its BaseException subclasses set `name`). */
const PDFJS_EXCEPTIONS = new Set([
  'PasswordException', 'InvalidPDFException', 'MissingPDFException', 'UnexpectedResponseException',
  'UnknownErrorException', 'FormatError', 'XRefEntryException', 'XRefParseException', 'AbortException', 'ResponseException',
]);

function isPdfJsException(reason: unknown): boolean {
  return reason instanceof Error && PDFJS_EXCEPTIONS.has(reason.name);
}

let guarded = false;

/**
 * On some damaged files pdf.js rejects the document promise (which the probe
 * catches and reports) and then a second, internal promise that no caller can
 * reach, so Node would end the whole run. Found by fuzzing (seeds in
 * test/support/fuzz-regressions.ts); destroy() and stopAtErrors do not prevent
 * it. Only pdf.js's own exceptions are absorbed: anything else still ends the
 * run exactly as it would without this listener.
 */
export function guardOrphanedPdfJsRejections(): void {
  if (guarded) return;
  guarded = true;
  process.on('unhandledRejection', (reason) => {
    if (isPdfJsException(reason)) return;
    throw reason;
  });
}

export interface TextLimits {
  maxPages: number;
  maxChars: number;
  /** Give up on text after this long: pdf.js can crawl on pathological content streams. */
  timeoutMs: number;
}

export interface ExtractedText {
  text: string;
  /** Pages pdf.js found; a second opinion when pdf-lib could not load the file. */
  pages: number;
}

export type PdfJsDocument = Awaited<ReturnType<typeof getDocumentProxy>>;

/**
 * Open a PDF with pdf.js (inside unpdf). pdf.js takes ownership of (detaches)
 * `owned` at once, whether it opens the file or not, so the caller must not
 * use it afterwards. Throws on unreadable and password-protected files.
 */
export async function openWithPdfJs(owned: Uint8Array, options: { warnings?: boolean } = {}): Promise<PdfJsDocument> {
  guardOrphanedPdfJsRejections();
  const ours = {
    // 0 = errors only: pdf.js otherwise prints warnings about odd files to the console (1: through console.warn).
    verbosity: options.warnings ? 1 : 0,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
  };
  if (pdfjsDistInstalled()) return getDocumentProxy(owned, ours);
  // What getDocumentProxy passes when it finds no pdfjs-dist (its own defaults, isEvalSupported and useSystemFonts, are ours above).
  const { getDocument } = await getResolvedPDFJS();
  return getDocument({ data: owned, ...ours }).promise;
}

let pdfjsDist: boolean | undefined;

/**
 * unpdf's getDocumentProxy looks for a `pdfjs-dist` package beside it, for every document, to point pdf.js at
 * its standard fonts and CMaps. casepack installs none (unpdf bundles pdf.js), and that failed package lookup
 * (every node_modules up the tree, then an error built and thrown) cost ~1.8 ms a PDF in the decode workers,
 * a tenth of a one-page report's time (issue 15). So it is looked up once, from unpdf's own folder; only when
 * one is there does every document go through getDocumentProxy, as before.
 */
function pdfjsDistInstalled(): boolean {
  if (pdfjsDist === undefined) {
    try {
      createRequire(import.meta.resolve('unpdf')).resolve('pdfjs-dist/package.json');
      pdfjsDist = true;
    } catch {
      pdfjsDist = false;
    }
  }
  return pdfjsDist;
}

/**
 * Text of the first pages through pdf.js (inside unpdf), bounded in pages,
 * characters and time. pdf.js takes ownership of (detaches) `owned`, so the
 * caller must not use it afterwards. Throws on unreadable files; the probe turns
 * that into a finding.
 */
export async function extractFirstPagesText(owned: Uint8Array, limits: TextLimits): Promise<ExtractedText> {
  const doc = await openWithPdfJs(owned);
  try {
    return await readFirstPagesText(doc, limits);
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}

/** The text of an opened document's first pages, bounded as `extractFirstPagesText` says; the caller destroys `doc`. */
export async function readFirstPagesText(doc: PdfJsDocument, limits: TextLimits): Promise<ExtractedText> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('text extraction timed out')), limits.timeoutMs);
  });
  try {
    return await Promise.race([collect(), timeout]);
  } finally {
    clearTimeout(timer);
  }

  async function collect(): Promise<ExtractedText> {
    const parts: string[] = [];
    let length = 0;
    const last = Math.min(doc.numPages, limits.maxPages);
    for (let number = 1; number <= last && length < limits.maxChars; number += 1) {
      const page = await doc.getPage(number);
      const content = await page.getTextContent();
      let pageText = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        pageText += item.str;
        if (item.hasEOL) pageText += '\n';
      }
      page.cleanup();
      const clean = normaliseWhitespace(pageText);
      if (clean) {
        parts.push(clean);
        length += clean.length + 2;
      }
    }
    return { text: parts.join('\n\n').slice(0, limits.maxChars), pages: doc.numPages };
  }
}

function normaliseWhitespace(text: string): string {
  return text.replace(/[ \t\u00a0]+/g, ' ').replace(/ *\n */g, '\n').replace(/\n{3,}/g, '\n\n').trim();
}
