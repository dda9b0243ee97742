import type { FileEntry } from '../../model/scan.js';
import { MAX_IMAGE_PIXELS } from '../../probe/image/limits.js';

/**
 * What the extraction stage sends to OCR. Cheap rules over what the probes
 * found; no file is opened here.
 */

/** A text layer needs at least this many letters per page to be worth reading (a scanner's layer often holds a page number or a date stamp). */
export const MIN_LETTERS_PER_PAGE = 40;
/** At least this share of a layer's visible characters must be letters: junk layers are runs of symbols, digits and replacement characters. */
export const MIN_LETTER_SHARE = 0.5;
/** Scanner junk often splits everything into one-letter "words"; real text averages 4–6 letters a word. */
export const MIN_MEAN_WORD_LENGTH = 2.2;

/** Whether a PDF's text layer is real text rather than nothing, a stamp, or a scanner's junk. `pagesRead`: the pages the text came from. */
export function textLayerUsable(text: string | undefined, pagesRead: number): boolean {
  if (!text) return false;
  const visible = text.replace(/\s+/g, '');
  const letters = visible.match(/\p{L}/gu)?.length ?? 0;
  if (letters < MIN_LETTERS_PER_PAGE * Math.max(1, pagesRead)) return false;
  if (letters / visible.length < MIN_LETTER_SHARE) return false;
  const words = text.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  const meanWordLength = words.reduce((sum, w) => sum + (w.match(/\p{L}/gu)?.length ?? 0), 0) / Math.max(1, words.length);
  return meanWordLength >= MIN_MEAN_WORD_LENGTH;
}

/** The pictures casepack decodes: sharp's npm build, and HEIC/HEIF through libheif (src/probe/image/decode.ts). */
const DECODABLE_IMAGES: ReadonlySet<string> = new Set(['jpeg', 'png', 'webp', 'gif', 'bmp', 'heic']);
/** Shorter side, in pixels, below which a picture is an icon or a thumbnail, not a page anyone could read. */
const MIN_DOCUMENT_SIDE = 500;

/** Declared sizes past the cap are never decoded: the header alone can claim 2^31 x 2^31. */
function tooLargeToDecode(width: number | undefined, height: number | undefined): boolean {
  return width !== undefined && height !== undefined && width * height > MAX_IMAGE_PIXELS;
}
/**
 * A photo or picture that may be a page of a document: big enough to read and
 * decodable. Its name does not decide: "MRI pelvis report.jpg" is a photo of a
 * report as often as "CT slice.jpg" is a screenshot; the text read decides
 * (classify keeps a picture with a few overlay words a picture).
 */
export function pictureMayBeDocument(file: FileEntry): boolean {
  if (file.family === 'image') {
    const info = file.image;
    if (!info || !DECODABLE_IMAGES.has(info.format) || tooLargeToDecode(info.width, info.height)) return false;
    if (info.width && info.height && Math.min(info.width, info.height) < MIN_DOCUMENT_SIDE) return false;
  } else if (file.family === 'tiff') {
    const info = file.tiff;
    if (!info || file.slide || tooLargeToDecode(info.width, info.height)) return false;
    if (info.width && info.height && Math.min(info.width, info.height) < MIN_DOCUMENT_SIDE) return false;
  } else {
    return false;
  }
  return true;
}

/** A PDF that opens and whose text layer is missing or not worth reading. */
export function pdfNeedsOcr(file: FileEntry, probedPages: number): boolean {
  const pdf = file.pdf;
  if (file.family !== 'pdf' || !pdf || pdf.needsPassword || pdf.damaged || pdf.pages === 0) return false;
  const pagesRead = Math.min(pdf.pages ?? 1, probedPages);
  return !textLayerUsable(pdf.text, pagesRead);
}
