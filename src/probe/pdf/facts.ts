import type { getDocumentProxy } from 'unpdf';
import { pdfDateToIso } from '../../dates/formats.js';

/** What a PDF library can tell without rendering: pages, encryption, Info metadata. */
export interface DocumentFacts {
  /** null when the document could not be loaded at all. */
  pages: number | null;
  encrypted: boolean;
  needsPassword: boolean;
  /** Set when loading failed for a reason other than a password. */
  loadError?: string;
  title?: string;
  producer?: string;
  creationDate?: string;
  modificationDate?: string;
}

type PdfJsDocument = Awaited<ReturnType<typeof getDocumentProxy>>;

/** An Info string as the probe keeps it: without NULs and outer blanks, at most 300 characters, none when empty. */
export function cleanInfoText(decoded: string | undefined): string | undefined {
  const text = decoded?.replace(/\u0000/g, '').trim();
  return text ? text.slice(0, 300) : undefined;
}

/**
 * The facts from a document pdf.js has opened (so it was readable, and any
 * encryption was undone with the empty password): the same facts pdf-lib
 * gave, without parsing the file a second time.
 */
export async function factsFromPdfJs(doc: PdfJsDocument): Promise<DocumentFacts> {
  let info: Record<string, unknown> = {};
  try {
    info = (await doc.getMetadata()).info as Record<string, unknown>;
  } catch {
    // An unreadable Info dictionary is as good as none (pdf-lib's reading skipped it too).
  }
  const entry = (key: string): string | undefined => {
    const value = info[key];
    return typeof value === 'string' ? cleanInfoText(value) : undefined;
  };
  const facts: DocumentFacts = {
    pages: doc.numPages,
    // pdf.js names the security handler (/Filter) of an /Encrypt dictionary it has undone; null when there is none.
    encrypted: info['EncryptFilterName'] !== null && info['EncryptFilterName'] !== undefined,
    needsPassword: false,
  };
  const title = entry('Title');
  const producer = entry('Producer');
  const creationDate = pdfDateToIso(entry('CreationDate'));
  const modificationDate = pdfDateToIso(entry('ModDate'));
  if (title) facts.title = title;
  if (producer) facts.producer = producer;
  if (creationDate) facts.creationDate = creationDate;
  if (modificationDate) facts.modificationDate = modificationDate;
  return facts;
}
