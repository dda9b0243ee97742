import type { FileEntry } from '../model/scan.js';
import { readEncapsulatedPdfText } from './encapsulated-pdf.js';

/**
 * Where a file's text came from. Only `text-layer` today (the text a PDF
 * carries); OCR of scanned PDFs and photos will add its own source here, so
 * the classifier and reports can weigh recognised text differently.
 */
export type TextSource = 'text-layer';

export interface ExtractedText {
  /** Case-relative path of the file the text belongs to. */
  path: string;
  text: string;
  source: TextSource;
}

/** Text found by the extraction stage, by case-relative path. */
export type ExtractedTexts = ReadonlyMap<string, ExtractedText>;

export interface ExtractOptions {
  /** Where a case-relative path is on disk (files unpacked from archives live in a private temp folder). */
  absPathOf: (relPath: string) => string;
}

/**
 * The text-extraction stage, between probe and classify: it reads what the
 * probes only located, so classification needs no file I/O. Today that is the
 * PDF inside a DICOM Encapsulated PDF object. The text is handed to classify
 * beside the scan, not written into the file entries: `dicom.text` is a
 * Structured Report's text, which checklists and `casepack init` read too.
 *
 * Files are read one at a time, each decoded in this thread. The seam for OCR:
 * decoding untrusted images is to run here in a bounded worker pool, one
 * result per file, without changing the stage's callers.
 */
export async function extractText(files: readonly FileEntry[], options: ExtractOptions): Promise<Map<string, ExtractedText>> {
  const out = new Map<string, ExtractedText>();
  for (const file of files) {
    const range = file.dicom?.kind === 'encapsulated-pdf' ? file.dicom.encapsulatedPdf : undefined;
    if (!range) continue;
    const text = await readEncapsulatedPdfText(options.absPathOf(file.path), file.path, range);
    if (text !== undefined) out.set(file.path, { path: file.path, text, source: 'text-layer' });
  }
  return out;
}
