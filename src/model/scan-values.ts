// Values of the scan model that need no schema, apart from scan.ts so that writing a scan never loads zod
// (and importing nothing from it at run time: a ClinicalDate is taken by its shape, a FileEntry by its type).
import type { FileEntry } from './scan.js';

/** The scan JSON's schema version. */
export const SCAN_SCHEMA_VERSION = 1;

/** A date read from the file's metadata or name: the file's date, never the document's. */
export function isFileDate(date: { readonly source?: string } | null | undefined): boolean {
  return date?.source === 'file-metadata' || date?.source === 'filename';
}

/**
 * The text of a document as every reader should see it: a PDF's text (its
 * layer, or OCR when it had none worth reading), a text file's content, a
 * DICOM Structured Report's text, or the OCR text of a photo or scanned TIFF.
 */
export function readableTextOf(file: Pick<FileEntry, 'pdf' | 'text' | 'dicom' | 'image' | 'tiff'>): string | undefined {
  return file.pdf?.text ?? file.text?.content ?? file.dicom?.text ?? file.image?.text ?? file.tiff?.text;
}

/** A file that names someone other than the case's patient and is not kept on purpose: it stays out of the packet and the checklist. */
export function belongsToAnotherPerson(file: Pick<FileEntry, 'identity'>): boolean {
  return file.identity?.otherPerson === true && file.identity.keptOnPurpose === undefined;
}
