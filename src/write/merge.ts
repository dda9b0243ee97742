import { readFile } from 'node:fs/promises';
import { ParseSpeeds, PDFDocument } from '@cantoo/pdf-lib';
import type { MergedPdfEntry, MergeSource } from '../plan/schema.js';
import { isPasswordError } from '../util/pdf-errors.js';
import { caseFilePath } from '../walk/archive/index.js';
import { addImagePage } from './image-page.js';
import { addOutline, type OutlineItem } from './outline.js';

export interface MergedSourceResult {
  source: MergeSource;
  firstPage: number;
  pages: number;
}

export interface MergeFailure {
  source: MergeSource;
  reason: 'needs-password' | 'damaged' | 'unreadable-image';
}

export interface MergeResult {
  /** Null when no source could be merged (every one is copied as it is). */
  bytes: Uint8Array | null;
  merged: MergedSourceResult[];
  failed: MergeFailure[];
  pages: number;
}

export interface MergeOptions {
  root: string;
  /** Written as the PDF's creation and modification date, so builds are reproducible. */
  date: Date;
  title: string;
  /** Called with each source's bytes as read, to detect a change since the scan. */
  onSourceRead?: (source: MergeSource, bytes: Uint8Array) => Promise<void> | void;
  /** Turns a photo pdf-lib cannot embed (HEIC) into JPEG bytes, or null when it cannot. */
  convertImage?: (bytes: Uint8Array) => Promise<Uint8Array | null>;
  /** Tried after the empty password on PDFs that need one (from CASEPACK_PDF_PASSWORD). */
  pdfPassword?: string;
}

/** Open a PDF: the empty password decrypts owner-only protection; a given password is tried next. */
async function loadPdf(bytes: Uint8Array, password: string | undefined): Promise<PDFDocument> {
  const options = { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest };
  try {
    return await PDFDocument.load(bytes, { ...options, password: '' });
  } catch (err) {
    if (password === undefined || !isPasswordError(err)) throw err;
    return PDFDocument.load(bytes, { ...options, password });
  }
}

function imageFormat(bytes: Uint8Array): 'jpeg' | 'png' | 'other' {
  if (bytes[0] === 0x89 && bytes[1] === 0x50) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'jpeg';
  return 'other';
}

/**
 * Merge one group oldest to newest with one bookmark per source. Sources are
 * read one at a time; owner-password-only PDFs open with the empty password
 * (@cantoo/pdf-lib decrypts them); ones that need a password or do not parse
 * are reported back to be copied as they are.
 */
export async function mergeGroup(entry: MergedPdfEntry, options: MergeOptions): Promise<MergeResult> {
  const out = await PDFDocument.create({ updateMetadata: false });
  const merged: MergedSourceResult[] = [];
  const failed: MergeFailure[] = [];
  const outline: OutlineItem[] = [];
  for (const source of entry.sources) {
    const whole = await readFile(caseFilePath(options.root, source.source));
    await options.onSourceRead?.(source, whole);
    const bytes = source.range ? whole.subarray(source.range.offset, source.range.offset + source.range.length) : whole;
    const firstPage = out.getPageCount();
    try {
      if (source.kind === 'image') {
        let image: Uint8Array = bytes;
        let format = imageFormat(image);
        if (format === 'other') {
          const converted = await options.convertImage?.(bytes);
          if (!converted) throw new Error('image format not supported');
          image = converted;
          format = imageFormat(image);
          if (format === 'other') throw new Error('image conversion failed');
        }
        await addImagePage(out, image, format);
      } else {
        const doc = await loadPdf(bytes, options.pdfPassword);
        const pages = await out.copyPages(doc, doc.getPageIndices());
        if (pages.length === 0) throw new Error('no pages');
        for (const page of pages) out.addPage(page);
      }
    } catch (err) {
      // Roll back pages a half-copied source may have added, so bookmarks stay true.
      while (out.getPageCount() > firstPage) out.removePage(out.getPageCount() - 1);
      failed.push({ source, reason: source.kind === 'image' ? 'unreadable-image' : isPasswordError(err) ? 'needs-password' : 'damaged' });
      continue;
    }
    const pages = out.getPageCount() - firstPage;
    merged.push({ source, firstPage, pages });
    outline.push({ title: source.bookmark, pageIndex: firstPage });
  }
  if (merged.length === 0) return { bytes: null, merged, failed, pages: 0 };
  addOutline(out, outline);
  out.setTitle(options.title);
  out.setProducer('casepack');
  out.setCreator('casepack');
  out.setCreationDate(options.date);
  out.setModificationDate(options.date);
  // No yielding every few objects: a build is a batch job, and yielding made merging several times slower.
  const bytes = await out.save({ useObjectStreams: true, objectsPerTick: Infinity });
  return { bytes, merged, failed, pages: out.getPageCount() };
}
