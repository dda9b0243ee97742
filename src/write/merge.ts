import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { PDFDocument } from '../util/pdf-lib.js';
import type { MergedPdfEntry, MergeSource } from '../plan/schema.js';
import { isPasswordError } from '../util/pdf-errors.js';
import { caseSourcePath } from '../walk/source-path.js';
import type { OcrPage, TextProvenance } from '../extract/ocr/types.js';
import { ByteMergeWriter } from './byte-merge.js';
import type { OutlineItem } from './outline.js';
import { FileSink, MemorySink, type PdfByteSink } from './pdf-byte-sink.js';
import type { StreamedPdfWriter } from './pdf-stream-writer.js';
import { decodeRawName, readRawSource, serialiseRawValue, type RawSource } from './raw-pdf-copy.js';
import type { InvisibleTextWriter } from './text-layer.js';

import { LOW_OCR_CONFIDENCE } from '../extract/ocr/types.js';

export { LOW_OCR_CONFIDENCE };

/** The part of the extraction stage's result the packet needs: the words OCR recognised, with their boxes. */
export interface PacketText {
  ocr?: { provenance: TextProvenance; pages: OcrPage[] };
}

/** Said after a bookmark's title when the source's pages carry recognised text. */
export const OCR_BOOKMARK_SUFFIX = ' (scan, text recognised)';

export interface MergedSourceResult {
  source: MergeSource;
  firstPage: number;
  pages: number;
  /** 0-based source pages that carry an invisible OCR text layer. */
  ocrPages: number[];
  /** 0-based source pages whose recognition is too unsure to trust without a look. */
  lowConfidencePages: number[];
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

/** What mergeGroupToFile did: the file exists only when `merged` is not empty. */
export type MergeFileResult = Omit<MergeResult, 'bytes'>;

export interface MergeOptions {
  root: string;
  /** Written as the PDF's creation and modification date, so builds are reproducible. */
  date: Date;
  title: string;
  /** Called with each source's bytes as read, to detect a change since the scan (again for a source read again: a group that starts over through pdf-lib). */
  onSourceRead?: (source: MergeSource, bytes: Uint8Array) => Promise<void> | void;
  /** Tried after the empty password on PDFs that need one (from CASEPACK_PDF_PASSWORD). */
  pdfPassword?: string;
  /** Recognised text by case-relative source path: its words become an invisible text layer. */
  texts?: ReadonlyMap<string, PacketText>;
}

/**
 * pdf-lib and the writers built on it, loaded by the first group that needs them: a group of plain PDFs is merged
 * by byte-merge.ts without them (loading pdf-lib was ~0.06–0.1 s of a process that merges once).
 */
async function loadPdfLibPath() {
  const [lib, { StreamedPdfWriter, CopiedBytes }, { addOutline }] = await Promise.all([import('../util/pdf-lib.js'), import('./pdf-stream-writer.js'), import('./outline.js')]);
  return { lib, StreamedPdfWriter, CopiedBytes, addOutline };
}

type PdfLibPath = Awaited<ReturnType<typeof loadPdfLibPath>>;

/** Open a PDF: the empty password decrypts owner-only protection; a given password is tried next. */
async function loadPdf({ lib: { PDFDocument, ParseSpeeds } }: PdfLibPath, bytes: Uint8Array, password: string | undefined): Promise<PDFDocument> {
  const options = { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest };
  try {
    return await PDFDocument.load(bytes, { ...options, password: '' });
  } catch (err) {
    if (password === undefined || !isPasswordError(err)) throw err;
    return PDFDocument.load(bytes, { ...options, password });
  }
}

/** Pages of a source that OCR read, by 0-based page. */
function ocrPagesOf(options: MergeOptions, source: MergeSource): Map<number, OcrPage> {
  const pages = options.texts?.get(source.source)?.ocr?.pages ?? [];
  return new Map(pages.map((p) => [p.pageIndex, p]));
}

/**
 * The invisible-text writer for one merged PDF, made at the first recognised
 * page: its module loads fontkit, which a merge of plain PDFs never needs.
 */
class TextLayer {
  private writer: InvisibleTextWriter | undefined;

  constructor(private readonly out: PDFDocument) {}

  async get(): Promise<InvisibleTextWriter> {
    if (this.writer) return this.writer;
    const { InvisibleTextWriter } = await import('./text-layer.js');
    this.writer = new InvisibleTextWriter(this.out);
    return this.writer;
  }
}

/** A photo (JPEG, PNG, HEIC…) as an upright JPEG page; sharp loads with the first photo, not with every merge. */
async function addPhoto(out: PDFDocument, bytes: Uint8Array, ocr: OcrPage | undefined, text: TextLayer): Promise<number[]> {
  const { addImagePage, uprightPhoto } = await import('./image-page.js');
  const photo = await uprightPhoto(bytes, ocr?.rotation);
  const { page, placement } = await addImagePage(out, photo);
  if (!ocr) return [];
  await (await text.get()).addPage(page, ocr, placement);
  return [0];
}

/** The source read for copying as bytes, or undefined when it needs pdf-lib (see raw-pdf-copy.ts for what that is). */
function readForByteCopy(bytes: Uint8Array): RawSource | undefined {
  try {
    return readRawSource(bytes);
  } catch {
    // Whatever the reader cannot take, pdf-lib's parser gets, as every source did before: it reports the damaged ones.
    return undefined;
  }
}

/**
 * Copy a source's pages as bytes: each page becomes a page of `out` (pdf-lib keeps the page tree and the
 * bookmarks' targets), holding the source's entries as written; the objects they reach are renumbered in the order
 * they are first met and handed to the writer as bytes, so nothing of the source is parsed into pdf-lib's objects.
 */
function addPagesAsBytes({ lib: { PDFInvalidObject, PDFName, PDFRef }, CopiedBytes }: PdfLibPath, out: PDFDocument, writer: StreamedPdfWriter, source: RawSource): void {
  const context = out.context;
  // Every page first: a page's annotations or links may point at a later page of the same source.
  const leaves = source.pages.map(() => out.addPage());
  const numberOf = new Map(source.pages.map((page, i) => [page.num, (leaves[i] as (typeof leaves)[number]).ref.objectNumber]));
  const queue: number[] = [];
  const refOf = (num: number): number => {
    let n = numberOf.get(num);
    if (n === undefined) {
      n = context.nextRef().objectNumber;
      numberOf.set(num, n);
      queue.push(num);
    }
    return n;
  };
  const type = PDFName.of('Type');
  const parent = PDFName.of('Parent');
  for (const [i, page] of source.pages.entries()) {
    const leaf = (leaves[i] as (typeof leaves)[number]).node;
    for (const key of leaf.keys()) if (key !== type && key !== parent) leaf.delete(key);
    for (const [key, value] of page.entries) {
      if (key === 'Type') continue;
      // The leaf's values stay as written: pdf-lib only files the page; nothing draws on a page copied this way.
      leaf.set(PDFName.of(decodeRawName(key)), value.kind === 'ref' ? PDFRef.of(refOf(value.num)) : PDFInvalidObject.of(Buffer.from(serialiseRawValue(value, refOf), 'latin1')));
    }
  }
  for (let at = 0; at < queue.length; at++) {
    const num = queue[at] as number;
    const object = source.objects.get(num);
    if (!object) throw new Error(`object ${num} was not read`);
    writer.addCopied(PDFRef.of(refOf(num)), new CopiedBytes(serialiseRawValue(object.value, refOf), object.stream));
  }
}

/**
 * Copy every page of a PDF, laying recognised words over the pages OCR read. A source without recognised pages
 * is copied as bytes when its layout allows (most do: a merge of 100 one-page PDFs spent most of its time in
 * pdf-lib parsing, copying and serialising objects), through pdf-lib otherwise.
 */
async function addPdf(pdfLib: PdfLibPath, out: PDFDocument, writer: StreamedPdfWriter, bytes: Uint8Array, ocr: Map<number, OcrPage>, options: MergeOptions, text: TextLayer): Promise<number[]> {
  const raw = ocr.size === 0 ? readForByteCopy(bytes) : undefined;
  if (raw) {
    addPagesAsBytes(pdfLib, out, writer, raw);
    return [];
  }
  const doc = await loadPdf(pdfLib, bytes, options.pdfPassword);
  const pages = await out.copyPages(doc, doc.getPageIndices());
  if (pages.length === 0) throw new Error('no pages');
  const read: number[] = [];
  for (const [i, page] of pages.entries()) {
    out.addPage(page);
    const recognised = ocr.get(i);
    if (!recognised) continue;
    const { scannedPagePlacement } = await import('./text-layer.js');
    await (await text.get()).addPage(page, recognised, scannedPagePlacement(page, recognised));
    // A page scanned sideways or upside down is shown the way OCR read it upright: /Rotate turns the picture and
    // the words laid over it (placed in the page's own space above) together.
    if (recognised.rotation !== 0) page.setRotation(pdfLib.lib.degrees((page.getRotation().angle + recognised.rotation) % 360));
    read.push(i);
  }
  return read;
}

/**
 * One buffer for every source of a merge, grown to the largest. Read with readFile, each source was a new buffer,
 * and once little else was allocated (sources copied as bytes) V8 collected them late: a merge of 450 scanned
 * pages (15 PDFs of 7 MB) peaked at 126–148 MB against 110–114 with pdf-lib's parse. Reused, the merge holds one
 * source's bytes whatever the timing of the collector. Whatever is made from a source is written (commit) or
 * copied (pdf-lib's copy slices stream contents; photos are re-encoded) before the next source is read.
 */
class ReusedSourceBuffer {
  private buffer = Buffer.alloc(0);

  async read(file: string): Promise<Buffer> {
    const small = this.readSmall(file);
    if (small) return small;
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      if (size > this.buffer.length) this.buffer = Buffer.allocUnsafeSlow(size);
      let at = 0;
      while (at < size) {
        const { bytesRead } = await handle.read(this.buffer, at, size - at, at);
        if (bytesRead === 0) break;
        at += bytesRead;
      }
      return this.buffer.subarray(0, at);
    } finally {
      await handle.close();
    }
  }

  private readSync(fd: number, size: number): Buffer {
    if (size > this.buffer.length) this.buffer = Buffer.allocUnsafeSlow(size);
    let at = 0;
    while (at < size) {
      const bytesRead = readSync(fd, this.buffer, at, size - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return this.buffer.subarray(0, at);
  }

  /**
   * A source up to SYNC_READ_BYTES is read synchronously: asynchronously, each source cost four round trips through
   * libuv's thread pool (open, stat, read, close), and the main thread waited ~35 ms of a ~150 ms merge of 100
   * one-page PDFs for them. The merge is the only work in flight while it runs (build awaits each one). A bigger
   * source is read asynchronously, so a slow disk does not stall the event loop (the progress display) for long:
   * undefined is returned and the caller opens it again.
   */
  private readSmall(file: string): Buffer | undefined {
    const fd = openSync(file, 'r');
    try {
      const { size } = fstatSync(fd);
      return size <= SYNC_READ_BYTES ? this.readSync(fd, size) : undefined;
    } finally {
      closeSync(fd);
    }
  }
}

const SYNC_READ_BYTES = 1 << 20;

/** Pages flagged by the engine or under LOW_OCR_CONFIDENCE, among those given a text layer. */
function lowConfidencePages(options: MergeOptions, source: MergeSource, ocr: Map<number, OcrPage>, read: number[]): number[] {
  const flagged = new Set(options.texts?.get(source.source)?.ocr?.provenance.lowConfidencePages ?? []);
  return read.filter((i) => flagged.has(i) || (ocr.get(i)?.meanConfidence ?? 100) < LOW_OCR_CONFIDENCE);
}

/**
 * Merge one group oldest to newest with one bookmark per source, into memory.
 * See mergeInto; mergeGroupToFile streams to a file instead.
 */
export async function mergeGroup(entry: MergedPdfEntry, options: MergeOptions): Promise<MergeResult> {
  const sink = new MemorySink();
  const result = await mergeInto(entry, options, sink);
  return { ...result, bytes: result.merged.length > 0 ? sink.bytes() : null };
}

/**
 * The group merged through pdf-lib whatever its sources, as every group was before the byte merge: the reference
 * the byte merge is held to, byte for byte (test/write/byte-merge.test.ts).
 */
export async function mergeGroupWithPdfLib(entry: MergedPdfEntry, options: MergeOptions): Promise<MergeResult> {
  const sink = new MemorySink();
  const result = await mergeWithPdfLib(entry, options, sink, new ReusedSourceBuffer());
  return { ...result, bytes: result.merged.length > 0 ? sink.bytes() : null };
}

/**
 * The group merged as bytes without pdf-lib, or undefined when a source cannot be read so (a photo, recognised
 * text, compressed structure, encryption, damage): the path mergeGroup tries first, named for the test that holds
 * it to mergeGroupWithPdfLib.
 */
export async function mergeGroupAsBytes(entry: MergedPdfEntry, options: MergeOptions): Promise<MergeResult | undefined> {
  if (!mayMergeAsBytes(entry, options)) return undefined;
  const sink = new MemorySink();
  const result = await mergeAsBytes(entry, options, sink, new ReusedSourceBuffer());
  return result && { ...result, bytes: result.merged.length > 0 ? sink.bytes() : null };
}

/**
 * Merge one group into `file`, written as it goes: memory holds one source at
 * a time (so the size cap on a group's sources bounds it), never the whole
 * merged PDF. No file is made when no source can be merged.
 */
export function mergeGroupToFile(entry: MergedPdfEntry, file: string, options: MergeOptions): Promise<MergeFileResult> {
  return mergeInto(entry, options, new FileSink(file));
}

/**
 * A group of PDFs none of which has recognised text goes to mergeAsBytes first; if one of its sources cannot be
 * read as bytes (compressed structure, encryption, damage) or it holds a photo or OCR'd pages, the whole group
 * goes through pdf-lib (mergeWithPdfLib), as every group did before: both write the same bytes for the sources
 * both can take, so the path a group took does not show in the packet.
 */
async function mergeInto(entry: MergedPdfEntry, options: MergeOptions, sink: PdfByteSink): Promise<MergeFileResult> {
  const reader = new ReusedSourceBuffer();
  if (mayMergeAsBytes(entry, options)) {
    const done = await mergeAsBytes(entry, options, sink, reader);
    if (done) return done;
  }
  return mergeWithPdfLib(entry, options, sink, reader);
}

/** Whether every source is a PDF without recognised text: photos and text layers need pdf-lib. */
function mayMergeAsBytes(entry: MergedPdfEntry, options: MergeOptions): boolean {
  return entry.sources.every((source) => source.kind === 'pdf' && ocrPagesOf(options, source).size === 0);
}

/** A source's bytes as the merge copies them: the whole file, or the PDF embedded at `range` (a DICOM file's). */
async function readSource(reader: ReusedSourceBuffer, options: MergeOptions, source: MergeSource): Promise<Uint8Array> {
  const whole = await reader.read(caseSourcePath(options.root, source.source));
  await options.onSourceRead?.(source, whole);
  return source.range ? whole.subarray(source.range.offset, source.range.offset + source.range.length) : whole;
}

/**
 * Every source read and copied as bytes, written by ByteMergeWriter without pdf-lib; undefined (nothing left in
 * the sink) at the first source that cannot be read so: the caller then merges the group through pdf-lib, which
 * reads the sources again (only the ones before that source are read twice).
 */
async function mergeAsBytes(entry: MergedPdfEntry, options: MergeOptions, sink: PdfByteSink, reader: ReusedSourceBuffer): Promise<MergeFileResult | undefined> {
  const writer = new ByteMergeWriter(sink);
  const merged: MergedSourceResult[] = [];
  try {
    for (const source of entry.sources) {
      const raw = readForByteCopy(await readSource(reader, options, source));
      if (!raw) {
        await writer.abort();
        return undefined;
      }
      const firstPage = writer.pageCount;
      await writer.addSource(raw);
      merged.push({ source, firstPage, pages: writer.pageCount - firstPage, ocrPages: [], lowConfidencePages: [] });
    }
    if (merged.length === 0) {
      await writer.abort();
      return { merged, failed: [], pages: 0 };
    }
    await writer.finish(merged.map((m) => ({ title: m.source.bookmark, pageIndex: m.firstPage })), { title: options.title, date: options.date });
  } catch (err) {
    await writer.abort();
    throw err;
  }
  return { merged, failed: [], pages: writer.pageCount };
}

/**
 * Through pdf-lib. Sources are read one at a time; owner-password-only PDFs open with the empty
 * password (@cantoo/pdf-lib decrypts them); ones that need a password or do
 * not parse are reported back to be copied as they are. Each merged source's
 * pages, images and text layers are written to the sink at once and dropped;
 * the page tree, bookmarks, the OCR font subset and Info are written last.
 */
async function mergeWithPdfLib(entry: MergedPdfEntry, options: MergeOptions, sink: PdfByteSink, reader: ReusedSourceBuffer): Promise<MergeFileResult> {
  const pdfLib = await loadPdfLibPath();
  const { lib: { PDFDocument }, StreamedPdfWriter, addOutline } = pdfLib;
  const out = await PDFDocument.create({ updateMetadata: false });
  const writer = new StreamedPdfWriter(out.context, sink);
  const merged: MergedSourceResult[] = [];
  const failed: MergeFailure[] = [];
  const outline: OutlineItem[] = [];
  const text = new TextLayer(out);
  try {
    for (const source of entry.sources) {
      const bytes = await readSource(reader, options, source);
      const firstPage = out.getPageCount();
      const ocr = ocrPagesOf(options, source);
      let read: number[];
      try {
        read = source.kind === 'image' ? await addPhoto(out, bytes, ocr.get(0), text) : await addPdf(pdfLib, out, writer, bytes, ocr, options, text);
      } catch (err) {
        // Roll back pages a half-copied source may have added, so bookmarks stay true, and drop what it copied.
        while (out.getPageCount() > firstPage) out.removePage(out.getPageCount() - 1);
        writer.discard();
        failed.push({ source, reason: source.kind === 'image' ? 'unreadable-image' : isPasswordError(err) ? 'needs-password' : 'damaged' });
        continue;
      }
      await writer.commit();
      const pages = out.getPageCount() - firstPage;
      merged.push({ source, firstPage, pages, ocrPages: read, lowConfidencePages: lowConfidencePages(options, source, ocr, read) });
      outline.push({ title: read.length > 0 ? `${source.bookmark}${OCR_BOOKMARK_SUFFIX}` : source.bookmark, pageIndex: firstPage });
    }
    if (merged.length === 0) {
      await writer.abort();
      return { merged, failed, pages: 0 };
    }
    addOutline(out, outline);
    out.setTitle(options.title);
    out.setProducer('casepack');
    out.setCreator('casepack');
    out.setCreationDate(options.date);
    out.setModificationDate(options.date);
    // Embeds what pdf-lib leaves to save time: the OCR font, subset to the glyphs drawn.
    await out.flush();
    await writer.finish();
  } catch (err) {
    await writer.abort();
    throw err;
  }
  return { merged, failed, pages: out.getPageCount() };
}
