import { open } from 'node:fs/promises';
import { readAt } from '../probe/types.js';

/** Embedded PDFs larger than this are not read for classification (a report is small). */
const MAX_EMBEDDED_PDF = 32 * 1024 * 1024;

/**
 * The text of the PDF inside a DICOM Encapsulated PDF object, read from the
 * byte range the DICOM probe recorded, so it is classified like any PDF
 * (often a radiology report, sometimes a pathology or lab report).
 * Undefined when it cannot be read: the DICOM kind still decides then.
 */
export async function readEncapsulatedPdfText(absPath: string, relPath: string, range: { offset: number; length: number }): Promise<string | undefined> {
  if (range.length <= 0 || range.length > MAX_EMBEDDED_PDF) return undefined;
  let handle;
  try {
    handle = await open(absPath, 'r');
    const bytes = await readAt(handle, range.offset, range.length);
    // Loaded here, not at start-up: most CDs hold no encapsulated PDF, and pdf.js is the heaviest module we have.
    const { probePdfBytes } = await import('../probe/pdf/index.js');
    const probed = await probePdfBytes(bytes, relPath);
    const text = probed.pdf?.text;
    return text && text.trim() ? text : undefined;
  } catch {
    return undefined;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
