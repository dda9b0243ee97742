/**
 * Pictures above this many pixels are never decoded (OCR, merging): a 0.9 MB
 * PNG can declare 30000 x 30000 (900 Mpx, ~1 GB of pixels) and a header alone
 * can claim 2^31 x 2^31 (issue 13, B1/B2). A 50-megapixel camera photo is half
 * of it; a 600 dpi A3 scan a third.
 */
export const MAX_IMAGE_PIXELS = 100_000_000;
