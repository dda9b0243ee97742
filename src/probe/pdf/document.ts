import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFString, ParseSpeeds } from '../../util/pdf-lib.js';
import { pdfDateToIso } from '../../dates/formats.js';
import { cleanInfoText, type DocumentFacts } from './facts.js';
import { isPasswordError } from '../../util/pdf-errors.js';

export type { DocumentFacts } from './facts.js';

const LOAD_OPTIONS = {
  // Opens owner-password-only files (print/copy restrictions) the way every viewer does.
  password: '',
  updateMetadata: false,
  parseSpeed: ParseSpeeds.Fastest,
  throwOnInvalidObject: false,
  warnOnInvalidObjects: false,
} as const;

export async function readDocumentFacts(bytes: Uint8Array): Promise<DocumentFacts> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, LOAD_OPTIONS);
  } catch (err) {
    if (isPasswordError(err)) return passwordProtectedFacts(bytes);
    return { pages: null, encrypted: false, needsPassword: false, loadError: shortReason(err) };
  }
  // @cantoo/pdf-lib removes /Encrypt once it has decrypted with the empty password.
  const encrypted = doc.isEncrypted || Boolean((doc.context as { isDecrypted?: boolean }).isDecrypted);
  const facts: DocumentFacts = { pages: safePageCount(doc), encrypted, needsPassword: false };
  const info = infoDict(doc);
  if (info) {
    const title = textEntry(info, 'Title');
    const producer = textEntry(info, 'Producer');
    const creationDate = pdfDateToIso(textEntry(info, 'CreationDate'));
    const modificationDate = pdfDateToIso(textEntry(info, 'ModDate'));
    if (title) facts.title = title;
    if (producer) facts.producer = producer;
    if (creationDate) facts.creationDate = creationDate;
    if (modificationDate) facts.modificationDate = modificationDate;
  }
  return facts;
}

/** The page tree is not encrypted, so the page count is known even without the password. */
async function passwordProtectedFacts(bytes: Uint8Array): Promise<DocumentFacts> {
  let pages: number | null = null;
  try {
    const doc = await PDFDocument.load(bytes, { ...LOAD_OPTIONS, password: undefined, ignoreEncryption: true });
    // Object streams are encrypted too: zero pages here means "not visible without the password", not "empty".
    pages = safePageCount(doc) || null;
  } catch {
    // Page count stays unknown; the password finding says what matters.
  }
  return { pages, encrypted: true, needsPassword: true };
}

function safePageCount(doc: PDFDocument): number {
  try {
    return doc.getPageCount();
  } catch {
    return 0;
  }
}

function infoDict(doc: PDFDocument): PDFDict | undefined {
  try {
    const info = doc.context.lookup(doc.context.trailerInfo.Info);
    return info instanceof PDFDict ? info : undefined;
  } catch {
    return undefined;
  }
}

function textEntry(dict: PDFDict, key: string): string | undefined {
  try {
    const value = dict.lookup(PDFName.of(key));
    if (value instanceof PDFString || value instanceof PDFHexString) {
      return cleanInfoText(value.decodeText());
    }
  } catch {
    // A malformed string is as good as none.
  }
  return undefined;
}

function shortReason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0]?.slice(0, 200) ?? 'unknown error';
}
