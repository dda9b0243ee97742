import { inflateSync } from 'node:zlib';
import { lastStartxref, TAIL_BYTES } from './bytes.js';

/**
 * A strict reader's view of the cross-reference data.
 *
 * pdf-lib and pdf.js rebuild a broken index by scanning the whole file, so
 * they open PDFs that strict readers (poppler, hence many viewers and
 * printing pipelines) report as empty. This follows the index the way a strict
 * reader does — newest section first, hybrid /XRefStm before /Prev — and checks
 * that the document catalog and its page tree are where the index says.
 *
 * - `ok`: the catalog and page tree are reachable through the index.
 * - `broken`: the index parses but sends readers to the wrong place.
 * - `rebuilt`: there is no index where `startxref` points; every reader
 *   rebuilds it by scanning, which works for an otherwise intact file.
 * - `unknown`: something this check does not cover (no startxref, filters other than Flate).
 */
export type XrefVerdict = 'ok' | 'broken' | 'rebuilt' | 'unknown';

interface XrefEntry { type: 1 | 2; offset: number; generation: number }

interface Section {
  entries: Map<number, XrefEntry>;
  root?: number;
  prev?: number;
  xrefStm?: number;
}

const MAX_SECTIONS = 64;
const DICT_WINDOW = 4096;

export function checkXref(bytes: Uint8Array, headerOffset: number): XrefVerdict {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const start = lastStartxref(buffer.subarray(Math.max(0, buffer.length - TAIL_BYTES)));
  if (start === undefined) return 'unknown';
  // Offsets count from %PDF in files with leading junk (as most readers assume); fall back to the file start.
  const base = readSectionAt(buffer, headerOffset + start) ? headerOffset : 0;

  const entries = new Map<number, XrefEntry>();
  let root: number | undefined;
  const seen = new Set<number>();
  const queue: number[] = [start];
  while (queue.length > 0 && seen.size < MAX_SECTIONS) {
    const offset = queue.shift() as number;
    if (seen.has(offset)) continue;
    seen.add(offset);
    const section = readSectionAt(buffer, base + offset);
    // Readers rebuild the whole index when any part of it is missing.
    if (!section) return 'rebuilt';
    if (section === 'unsupported') return 'unknown';
    for (const [number, entry] of section.entries) if (!entries.has(number)) entries.set(number, entry);
    root ??= section.root;
    // The hybrid-file stream overrides the older table it sits beside, so it is read before /Prev.
    if (section.xrefStm !== undefined) queue.unshift(section.xrefStm);
    if (section.prev !== undefined) queue.push(section.prev);
  }
  if (root === undefined) return 'broken';

  const catalog = objectText(buffer, base, entries, root);
  if (catalog === 'compressed') return 'ok';
  if (catalog === undefined) return 'broken';
  const pages = /\/Pages\s+(\d+)\s+\d+\s+R/.exec(catalog)?.[1];
  if (pages === undefined) return 'broken';
  const pageTree = objectText(buffer, base, entries, Number(pages));
  if (pageTree === 'compressed') return 'ok';
  return pageTree === undefined ? 'broken' : 'ok';
}

/** The text of object `number` if the index points at its header; 'compressed' if it lives in an object stream. */
function objectText(buffer: Buffer, base: number, entries: Map<number, XrefEntry>, number: number): string | 'compressed' | undefined {
  const entry = entries.get(number);
  if (!entry) return undefined;
  if (entry.type === 2) return 'compressed';
  const text = buffer.subarray(base + entry.offset, base + entry.offset + DICT_WINDOW).toString('latin1');
  const header = /^\s*(\d+)\s+(\d+)\s+obj/.exec(text);
  if (!header || Number(header[1]) !== number) return undefined;
  const end = text.indexOf('endobj');
  return end === -1 ? text : text.slice(0, end);
}

function readSectionAt(buffer: Buffer, position: number): Section | 'unsupported' | undefined {
  if (position < 0 || position >= buffer.length) return undefined;
  const peek = buffer.subarray(position, position + 64).toString('latin1');
  if (/^\s*xref/.test(peek)) return readTable(buffer, position);
  if (/^\s*\d+\s+\d+\s+obj/.test(peek)) return readStream(buffer, position);
  return undefined;
}

/** A classic `xref` table followed by its `trailer` dictionary. */
function readTable(buffer: Buffer, position: number): Section | undefined {
  const trailerAt = buffer.indexOf('trailer', position, 'latin1');
  if (trailerAt === -1) return undefined;
  const tokens = buffer.subarray(position, trailerAt).toString('latin1').trim().split(/\s+/).slice(1);
  const entries = new Map<number, XrefEntry>();
  let index = 0;
  while (index + 1 < tokens.length) {
    const first = Number(tokens[index]);
    const count = Number(tokens[index + 1]);
    index += 2;
    if (!Number.isInteger(first) || !Number.isInteger(count) || count < 0) return undefined;
    for (let entry = 0; entry < count; entry += 1, index += 3) {
      const [offset, generation, kind] = [tokens[index], tokens[index + 1], tokens[index + 2]];
      if (kind === undefined) return undefined;
      if (kind === 'n') entries.set(first + entry, { type: 1, offset: Number(offset), generation: Number(generation) });
    }
  }
  const trailer = buffer.subarray(trailerAt, trailerAt + DICT_WINDOW).toString('latin1');
  return { entries, ...trailerLinks(trailer) };
}

function trailerLinks(dict: string): Omit<Section, 'entries'> {
  const number = (pattern: RegExp): number | undefined => {
    const value = pattern.exec(dict)?.[1];
    return value === undefined ? undefined : Number(value);
  };
  const links: Omit<Section, 'entries'> = {};
  const root = number(/\/Root\s+(\d+)\s+\d+\s+R/);
  const prev = number(/\/Prev\s+(\d+)/);
  const xrefStm = number(/\/XRefStm\s+(\d+)/);
  if (root !== undefined) links.root = root;
  if (prev !== undefined) links.prev = prev;
  if (xrefStm !== undefined) links.xrefStm = xrefStm;
  return links;
}

/** A cross-reference stream (PDF 1.5+): Flate-compressed binary rows, optionally PNG-predicted. */
function readStream(buffer: Buffer, position: number): Section | 'unsupported' | undefined {
  const streamAt = buffer.indexOf('stream', position, 'latin1');
  if (streamAt === -1 || streamAt - position > DICT_WINDOW) return undefined;
  const dict = buffer.subarray(position, streamAt).toString('latin1');
  if (!/\/Type\s*\/XRef/.test(dict)) return undefined;
  const widths = /\/W\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(dict)?.slice(1).map(Number);
  if (!widths || widths.length !== 3) return undefined;
  const filter = /\/Filter\s*\[?\s*\/(\w+)/.exec(dict)?.[1];
  if (filter !== undefined && filter !== 'FlateDecode') return 'unsupported';

  let dataStart = streamAt + 'stream'.length;
  if (buffer[dataStart] === 0x0d) dataStart += 1;
  if (buffer[dataStart] === 0x0a) dataStart += 1;
  const directLength = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict)?.[1];
  const dataEnd = directLength !== undefined ? dataStart + Number(directLength) : buffer.indexOf('endstream', dataStart, 'latin1');
  if (dataEnd < dataStart || dataEnd > buffer.length) return undefined;

  let rows: Buffer;
  try {
    rows = filter ? inflateSync(buffer.subarray(dataStart, dataEnd)) : buffer.subarray(dataStart, dataEnd);
  } catch {
    return undefined;
  }
  const predictor = Number(/\/Predictor\s+(\d+)/.exec(dict)?.[1] ?? 1);
  const rowLength = widths.reduce((sum, width) => sum + width, 0);
  if (predictor >= 10) {
    const columns = Number(/\/Columns\s+(\d+)/.exec(dict)?.[1] ?? 1);
    if (columns !== rowLength) return 'unsupported';
    rows = unpredictPng(rows, columns);
  } else if (predictor !== 1) {
    return 'unsupported';
  }

  const size = Number(/\/Size\s+(\d+)/.exec(dict)?.[1] ?? 0);
  const indexList = /\/Index\s*\[([\d\s]*)\]/.exec(dict)?.[1]?.trim().split(/\s+/).map(Number) ?? [0, size];
  const entries = new Map<number, XrefEntry>();
  let row = 0;
  for (let pair = 0; pair + 1 < indexList.length; pair += 2) {
    const first = indexList[pair] ?? 0;
    const count = indexList[pair + 1] ?? 0;
    for (let entry = 0; entry < count; entry += 1, row += 1) {
      const at = row * rowLength;
      if (at + rowLength > rows.length) return undefined;
      const [w0, w1, w2] = widths as [number, number, number];
      const type = w0 === 0 ? 1 : readField(rows, at, w0);
      const field2 = readField(rows, at + w0, w1);
      const field3 = readField(rows, at + w0 + w1, w2);
      if (type === 1) entries.set(first + entry, { type: 1, offset: field2, generation: field3 });
      if (type === 2) entries.set(first + entry, { type: 2, offset: field2, generation: 0 });
    }
  }
  return { entries, ...trailerLinks(dict) };
}

function readField(rows: Buffer, at: number, width: number): number {
  let value = 0;
  for (let index = 0; index < width; index += 1) value = value * 256 + (rows[at + index] ?? 0);
  return value;
}

/** Undo PNG row filters (each row starts with its filter byte). */
function unpredictPng(data: Buffer, columns: number): Buffer {
  const stride = columns + 1;
  const rowCount = Math.floor(data.length / stride);
  const out = Buffer.alloc(rowCount * columns);
  for (let row = 0; row < rowCount; row += 1) {
    const filter = data[row * stride];
    for (let column = 0; column < columns; column += 1) {
      const raw = data[row * stride + 1 + column] ?? 0;
      const left = column > 0 ? (out[row * columns + column - 1] ?? 0) : 0;
      const up = row > 0 ? (out[(row - 1) * columns + column] ?? 0) : 0;
      const upLeft = row > 0 && column > 0 ? (out[(row - 1) * columns + column - 1] ?? 0) : 0;
      let value = raw;
      if (filter === 1) value = raw + left;
      else if (filter === 2) value = raw + up;
      else if (filter === 3) value = raw + ((left + up) >> 1);
      else if (filter === 4) value = raw + paeth(left, up, upLeft);
      out[row * columns + column] = value & 0xff;
    }
  }
  return out;
}

function paeth(left: number, up: number, upLeft: number): number {
  const estimate = left + up - upLeft;
  const [dl, du, dul] = [Math.abs(estimate - left), Math.abs(estimate - up), Math.abs(estimate - upLeft)];
  if (dl <= du && dl <= dul) return left;
  return du <= dul ? up : upLeft;
}
