import { deflateSync } from 'node:zlib';
import { BatchedPdfOutput, PartsBuilder, type PdfByteSink } from './pdf-byte-sink.js';
import { decodeRawName, serialiseRawValue, type RawSource } from './raw-pdf-copy.js';

/**
 * Writes a merged PDF whose every source was read as bytes (raw-pdf-copy.ts), without pdf-lib: pdf-lib's part in
 * such a merge was only the page tree, the bookmarks, the document info and the cross-reference stream, yet
 * loading it and running its page tree (addPage looks up every page already added) cost most of a merge of 100
 * one-page PDFs (issue 15). The output is byte for byte what the pdf-lib path (StreamedPdfWriter over a pdf-lib
 * document) writes for the same sources: the same object numbers in the same order, the same object streams of
 * 100 small objects, pdf-lib's dictionary layout, names, strings and cross-reference stream. So a packet does not
 * change with the path its PDFs took, and the test holds this writer to the other one byte for byte.
 *
 * Numbering, as pdf-lib's document made it: 1 is the page tree and 2 the catalog (both written last); each
 * source's page leaves, then the objects its pages reach in the order first met; an object stream takes its
 * number when 100 small objects have gathered; at the end the outline root, one item per source, the Info
 * dictionary, the last object streams, and the cross-reference stream.
 */

const PAGE_TREE = 1;
const CATALOG = 2;
const OBJECTS_PER_STREAM = 100;
/** A leaf's own entries come first, as pdf-lib's addPage makes them; the source's entries follow. */
const LEAF_HEAD: [string, string][] = [['/Type', '/Page'], ['/Parent', `${PAGE_TREE} 0 R`]];

export interface Bookmark {
  title: string;
  /** 0-based page the bookmark opens. */
  pageIndex: number;
}

export interface DocumentInfo {
  title: string;
  /** Creation and modification date. */
  date: Date;
}

type Offset = number | { stream: number; index: number };

export class ByteMergeWriter {
  private readonly output: BatchedPdfOutput;
  /** The highest object number taken. */
  private largest = CATALOG;
  /** Where each written object is, by object number. */
  private readonly offsets: Offset[] = [];
  /** Small objects (dictionaries, arrays, values) waiting for an object stream, as their text. */
  private unpacked: [number, string][] = [];
  /** Every page leaf's number, in page order: the page tree's kids and the bookmarks' targets. */
  private readonly leaves: number[] = [];

  constructor(sink: PdfByteSink) {
    this.output = new BatchedPdfOutput(sink);
  }

  get pageCount(): number {
    return this.leaves.length;
  }

  /**
   * Number a source's pages and the objects they reach, as merge.ts's addPagesAsBytes does for the pdf-lib path,
   * and write them: the pages and streams at once, the small objects when a stream's worth has gathered.
   */
  async addSource(source: RawSource): Promise<void> {
    const first = this.largest + 1;
    // Every page first: a page's annotations or links may point at a later page of the same source.
    const numberOf = new Map<number, number>();
    for (const page of source.pages) {
      const n = ++this.largest;
      numberOf.set(page.num, n);
      this.leaves.push(n);
    }
    const queue: number[] = [];
    const refOf = (num: number): number => {
      let n = numberOf.get(num);
      if (n === undefined) {
        n = ++this.largest;
        numberOf.set(num, n);
        queue.push(num);
      }
      return n;
    };
    const texts: string[] = [];
    for (const page of source.pages) {
      // A dictionary keyed by pdf-lib's name: a key met twice keeps its first place and its last value, as a Map does.
      const entries = new Map(LEAF_HEAD);
      for (const [key, value] of page.entries) {
        if (key === 'Type') continue;
        entries.set(leafKey(key), value.kind === 'ref' ? `${refOf(value.num)} 0 R` : serialiseRawValue(value, refOf));
      }
      texts.push(dictText(entries));
    }
    const parts = new PartsBuilder();
    await this.writeHeaderOnce();
    const position = this.output.position;
    texts.forEach((text, i) => {
      const n = first + i;
      this.offsets[n] = position + parts.length;
      parts.text(`${n} 0 obj\n${text}\nendobj\n\n`);
    });
    for (let at = 0; at < queue.length; at++) {
      const num = queue[at] as number;
      const object = source.objects.get(num);
      if (!object) throw new Error(`object ${num} was not read`);
      const n = numberOf.get(num) as number;
      const text = serialiseRawValue(object.value, refOf);
      if (!object.stream) {
        this.unpacked.push([n, text]);
        continue;
      }
      // A copied stream goes out as stored: serialising it into one buffer would be one more copy of every scan.
      this.offsets[n] = position + parts.length;
      parts.text(`${n} 0 obj\n${text}\nstream\n`);
      parts.bytes(object.stream);
      parts.text('\nendstream\nendobj\n\n');
    }
    this.packFullStreams(parts, false);
    const chunks = parts.finish();
    if (chunks.length > 0) await this.output.put(chunks, parts.borrowed);
  }

  /** The bookmarks, Info, page tree, catalog, the last object streams and the cross-reference stream; then the sink is closed. */
  async finish(bookmarks: Bookmark[], info: DocumentInfo): Promise<void> {
    await this.writeHeaderOnce();
    let outlines: number | undefined;
    if (bookmarks.length > 0) {
      outlines = ++this.largest;
      const refs = bookmarks.map(() => ++this.largest);
      this.unpacked.push([outlines, dictText(new Map([['/Type', '/Outlines'], ['/First', `${refs[0]} 0 R`], ['/Last', `${refs[refs.length - 1]} 0 R`], ['/Count', String(bookmarks.length)]]))]);
      bookmarks.forEach((bookmark, i) => {
        const leaf = this.leaves[bookmark.pageIndex];
        if (leaf === undefined) throw new Error(`bookmark to page ${bookmark.pageIndex} of ${this.leaves.length}`);
        const item = new Map([['/Title', hexText(bookmark.title)], ['/Parent', `${outlines} 0 R`], ['/Dest', `[ ${leaf} 0 R /Fit ]`]]);
        if (i > 0) item.set('/Prev', `${refs[i - 1]} 0 R`);
        if (i < refs.length - 1) item.set('/Next', `${refs[i + 1]} 0 R`);
        this.unpacked.push([refs[i] as number, dictText(item)]);
      });
    }
    const infoNumber = ++this.largest;
    const date = `(${pdfDate(info.date)})`;
    this.unpacked.push([infoNumber, dictText(new Map([['/Title', hexText(info.title)], ['/Producer', hexText('casepack')], ['/Creator', hexText('casepack')], ['/CreationDate', date], ['/ModDate', date]]))]);

    const parts = new PartsBuilder();
    const position = this.output.position;
    const pageTree = new Map([['/Type', '/Pages'], ['/Kids', `[ ${this.leaves.map((n) => `${n} 0 R `).join('')}]`], ['/Count', String(this.leaves.length)]]);
    const catalog = new Map([['/Type', '/Catalog'], ['/Pages', `${PAGE_TREE} 0 R`]]);
    if (outlines !== undefined) {
      catalog.set('/Outlines', `${outlines} 0 R`);
      catalog.set('/PageMode', '/UseOutlines');
    }
    for (const [n, dict] of [[PAGE_TREE, pageTree], [CATALOG, catalog]] as const) {
      this.offsets[n] = position + parts.length;
      parts.text(`${n} 0 obj\n${dictText(dict)}\nendobj\n\n`);
    }
    this.packFullStreams(parts, true);

    const xref = ++this.largest;
    this.offsets[xref] = position + parts.length;
    const { contents, widths, index } = crossReferenceData(this.offsets);
    const dict = new Map([
      ['/Root', `${CATALOG} 0 R`], ['/Info', `${infoNumber} 0 R`], ['/Filter', '/FlateDecode'], ['/Type', '/XRef'], ['/Size', String(this.largest + 1)],
      ['/Length', String(contents.length)], ['/W', arrayText(widths)], ['/Index', arrayText(index)],
    ]);
    const xrefOffset = position + parts.length;
    parts.text(`${xref} 0 obj\n${dictText(dict)}\nstream\n`);
    parts.bytes(contents);
    parts.text(`\nendstream\nendobj\n\nstartxref\n${xrefOffset}\n%%EOF`);
    await this.output.put(parts.finish(), false);
    await this.output.close();
  }

  /** Leave nothing half-written behind. */
  abort(): Promise<void> {
    return this.output.abort();
  }

  /** pdf-lib's header for version 1.7 (with its four high bytes marking the file binary) and the blank line after it. */
  private async writeHeaderOnce(): Promise<void> {
    if (this.output.position > 0) return;
    await this.output.put([Buffer.from('%PDF-1.7\n%\x81\x81\x81\x81\n\n', 'latin1')], false);
  }

  /**
   * Pack the waiting small objects into deflated object streams of 100 (`last`: all of them, the last stream
   * shorter), each numbered as it is made, as the pdf-lib path does.
   */
  private packFullStreams(parts: PartsBuilder, last: boolean): void {
    const full = last ? this.unpacked.length : this.unpacked.length - (this.unpacked.length % OBJECTS_PER_STREAM);
    const packed = this.unpacked.slice(0, full);
    this.unpacked = this.unpacked.slice(full);
    const position = this.output.position;
    for (let i = 0; i < packed.length; i += OBJECTS_PER_STREAM) {
      const chunk = packed.slice(i, i + OBJECTS_PER_STREAM);
      const stream = ++this.largest;
      let header = '';
      let offset = 0;
      chunk.forEach(([n, text], index) => {
        this.offsets[n] = { stream, index };
        header += `${n} ${offset} `;
        offset += text.length + 1;
      });
      const contents = deflateSync(Buffer.from(`${header}${chunk.map(([, text]) => `${text}\n`).join('')}`, 'latin1'));
      this.offsets[stream] = position + parts.length;
      const dict = new Map([['/Filter', '/FlateDecode'], ['/Type', '/ObjStm'], ['/N', String(chunk.length)], ['/First', String(header.length)], ['/Length', String(contents.length)]]);
      parts.text(`${stream} 0 obj\n${dictText(dict)}\nstream\n`);
      parts.bytes(contents);
      parts.text('\nendstream\nendobj\n\n');
    }
  }
}

/** pdf-lib's dictionary layout: one entry a line. */
function dictText(entries: Map<string, string>): string {
  let text = '<<\n';
  for (const [key, value] of entries) text += `${key} ${value}\n`;
  return `${text}>>`;
}

function arrayText(items: number[]): string {
  return `[ ${items.map((n) => `${n} `).join('')}]`;
}

/**
 * A page key as written in the source → as the pdf-lib path writes it (decodeRawName, then PDFName.of): pages repeat
 * the same few keys, and encoding one is a loop over its characters.
 */
const leafKeys = new Map<string, string>();
function leafKey(written: string): string {
  let key = leafKeys.get(written);
  if (key === undefined) {
    key = pdfLibName(decodeRawName(written));
    if (leafKeys.size < 1000) leafKeys.set(written, key);
  }
  return key;
}

/**
 * A name as pdf-lib's PDFName.of writes it: its #XX escapes (upper-case hex only) decoded, then every byte outside
 * `!`..`~`, every delimiter, whitespace and `#` escaped again as #XX.
 */
export function pdfLibName(name: string): string {
  const decoded = name.includes('#') ? name.replace(/#([\dABCDEF]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : name;
  let encoded = '/';
  for (let i = 0; i < decoded.length; i++) {
    const code = decoded.charCodeAt(i);
    encoded += code >= 0x21 && code <= 0x7e && !IRREGULAR.has(code) ? decoded[i] : `#${code.toString(16).padStart(2, '0').toUpperCase()}`;
  }
  return encoded;
}

/** Delimiters and `#` (whitespace is outside `!`..`~` already). */
const IRREGULAR = new Set([...'()<>[]{}/%#'].map((c) => c.charCodeAt(0)));

/** A text as pdf-lib's PDFHexString.fromText writes it: UTF-16BE with a byte-order mark, upper-case hex (natively, not a code unit at a time). */
function hexText(text: string): string {
  const units = Buffer.from(text, 'utf16le');
  units.swap16();
  return `<FEFF${units.toString('hex').toUpperCase()}>`;
}

/** A date as pdf-lib's PDFString.fromDate writes it (UTC). */
function pdfDate(date: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `D:${String(date.getUTCFullYear()).padStart(4, '0')}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}Z`;
}

/** pdf-lib's byte count of a number in a cross-reference stream (at least 1). */
function byteWidth(n: number): number {
  const bits = n < 0x80000000 ? 32 - Math.clz32(n) : n.toString(2).length;
  return Math.max(1, Math.ceil(bits / 8));
}

/** `value` big-endian in `width` bytes of `data` at `at`. */
function putField(data: Buffer, at: number, width: number, value: number): void {
  for (let b = width - 1, v = value; b >= 0; b--, v = Math.floor(v / 256)) data[at + b] = v % 256;
}

/**
 * The cross-reference stream's deflated rows, field widths and subsections, as pdf-lib's PDFCrossRefStream makes
 * them: object 0 heads the free list (generation 65535); then every written object in number order.
 */
function crossReferenceData(offsets: Offset[]): { contents: Buffer; widths: number[]; index: number[] } {
  // The type field is 0–2 (one byte); object 0's generation, 65535, takes two bytes in the third.
  let second = 1;
  let third = 2;
  let rows = 1;
  for (let n = 1; n < offsets.length; n++) {
    const at = offsets[n];
    if (at === undefined) continue;
    rows++;
    if (typeof at === 'number') second = Math.max(second, byteWidth(at));
    else {
      second = Math.max(second, byteWidth(at.stream));
      third = Math.max(third, byteWidth(at.index));
    }
  }
  const rowBytes = 1 + second + third;
  const data = Buffer.alloc(rows * rowBytes);
  putField(data, 1 + second, third, 65535);
  const index = [0];
  let length = 1;
  let previous = 0;
  let row = rowBytes;
  for (let n = 1; n < offsets.length; n++) {
    const at = offsets[n];
    if (at === undefined) continue;
    if (n - previous > 1) {
      index.push(length, n);
      length = 0;
    }
    previous = n;
    length++;
    if (typeof at === 'number') {
      data[row] = 1;
      putField(data, row + 1, second, at);
    } else {
      data[row] = 2;
      putField(data, row + 1, second, at.stream);
      putField(data, row + 1 + second, third, at.index);
    }
    row += rowBytes;
  }
  index.push(length);
  return { contents: deflateSync(data), widths: [1, second, third], index };
}
