// Values of the scan model that need no schema, apart from scan.ts so that writing a scan never loads zod
// (and importing nothing from it: a ClinicalDate or a FileEntry is taken by its shape).

/** The scan JSON's schema version. */
export const SCAN_SCHEMA_VERSION = 1;

/** A date read from the file's metadata or name: the file's date, never the document's. */
export function isFileDate(date: { readonly source?: string } | null | undefined): boolean {
  return date?.source === 'file-metadata' || date?.source === 'filename';
}

/** The parts of a FileEntry that may carry a document's text. */
interface ReadableParts {
  readonly pdf?: { readonly text?: string | undefined } | undefined;
  readonly text?: { readonly content?: string | undefined } | undefined;
  readonly dicom?: { readonly text?: string | undefined } | undefined;
  readonly image?: { readonly text?: string | undefined } | undefined;
  readonly tiff?: { readonly text?: string | undefined } | undefined;
}

/**
 * The text of a document as every reader should see it: a PDF's text (its
 * layer, or OCR when it had none worth reading), a text file's content, a
 * DICOM Structured Report's text, or the OCR text of a photo or scanned TIFF.
 */
export function readableTextOf(file: ReadableParts): string | undefined {
  return file.pdf?.text ?? file.text?.content ?? file.dicom?.text ?? file.image?.text ?? file.tiff?.text;
}

/** A file that names someone other than the case's patient and is not kept on purpose: it stays out of the packet and the checklist. */
export function belongsToAnotherPerson(file: { readonly identity?: { readonly otherPerson?: boolean | undefined; readonly keptOnPurpose?: unknown } | undefined }): boolean {
  return file.identity?.otherPerson === true && file.identity.keptOnPurpose === undefined;
}
