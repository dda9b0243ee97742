// Values of the scan model that need no schema, apart from scan.ts so that writing a scan never loads zod
// (and importing nothing from it: a ClinicalDate is taken by its shape).

/** The scan JSON's schema version. */
export const SCAN_SCHEMA_VERSION = 1;

/** A date read from the file's metadata or name: the file's date, never the document's. */
export function isFileDate(date: { readonly source?: string } | null | undefined): boolean {
  return date?.source === 'file-metadata' || date?.source === 'filename';
}
