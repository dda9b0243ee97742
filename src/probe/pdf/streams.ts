import { createInflate, inflateSync } from 'node:zlib';

/**
 * A bounded look at every compressed stream of a PDF before pdf-lib or pdf.js
 * sees the file. Both inflate a FlateDecode stream in full into memory (pdf.js
 * into typed arrays, outside any V8 heap limit), so a 1 MB page whose content
 * inflates to 1 GiB of spaces took 4.4 GB and 46 s (issue 13, B3). Here each
 * stream is inflated only to count its bytes, in small pieces, and the count
 * stops at the cap; LZW and RunLength streams are counted without decoding
 * (see their counters below); image streams are judged by their declared
 * size, which is what pdf.js reads of them.
 */

export interface PdfStreamLimits {
  /** Largest inflated size of one non-image stream (content, font, object stream). */
  maxStreamBytes: number;
  /** Largest inflated size of all non-image streams together. */
  maxTotalBytes: number;
  /** Largest declared image (width x height) pdf.js would be asked to decode. */
  maxImagePixels: number;
}

export const DEFAULT_PDF_STREAM_LIMITS: PdfStreamLimits = {
  maxStreamBytes: 64 * 1024 * 1024,
  maxTotalBytes: 256 * 1024 * 1024,
  maxImagePixels: 100_000_000,
};

export interface PdfStreamExcess {
  reason: 'stream inflates beyond the cap' | 'streams together inflate beyond the cap' | 'image declares too many pixels';
  /** Byte offset of the stream's data in the file. */
  offset: number;
  /** Bytes counted (at least the cap) or pixels declared. */
  amount: number;
  limit: number;
}

/** Deflate cannot expand more than ~1032:1; a stream this small cannot pass any cap worth checking, so it is inflated in one call. */
const SYNC_INFLATE_MAX_INPUT = 64 * 1024;
const PIECE = 64 * 1024;
/** How far before `stream` its dictionary is looked for. */
const DICT_WINDOW = 4096;

const STREAM = Buffer.from('stream');
const ENDSTREAM = Buffer.from('endstream');

interface StreamSpan { dict: string; start: number; end: number }

/** Every `stream … endstream` span with the dictionary text before it. */
function* streamSpans(bytes: Buffer): Generator<StreamSpan> {
  let at = bytes.indexOf(STREAM);
  while (at !== -1) {
    const isEnd = at >= 3 && bytes.toString('latin1', at - 3, at) === 'end';
    let start = at + STREAM.length;
    if (!isEnd && (bytes[start] === 0x0d || bytes[start] === 0x0a)) {
      if (bytes[start] === 0x0d && bytes[start + 1] === 0x0a) start += 1;
      start += 1;
      const windowStart = Math.max(0, at - DICT_WINDOW);
      const before = bytes.toString('latin1', windowStart, at);
      const objAt = before.lastIndexOf(' obj');
      const dict = objAt === -1 ? before : before.slice(objAt);
      const endAt = bytes.indexOf(ENDSTREAM, start);
      const end = endAt === -1 ? bytes.length : endAt;
      yield { dict, start, end };
      at = bytes.indexOf(STREAM, end === bytes.length ? end : end + ENDSTREAM.length);
    } else {
      at = bytes.indexOf(STREAM, start);
    }
  }
}

function isFlate(dict: string): boolean {
  return /\/Filter\s*(?:\[[^\]]*)?\/(?:FlateDecode|Fl)\b/.test(dict);
}

/** The first (outermost) filter, when it is one whose output is counted without inflating: LZW or RunLength. */
function countedFilter(dict: string): 'lzw' | 'runlength' | undefined {
  const first = /\/Filter\s*\[?\s*\/([A-Za-z0-9]+)/.exec(dict)?.[1];
  if (first === 'LZWDecode' || first === 'LZW') return 'lzw';
  if (first === 'RunLengthDecode' || first === 'RL') return 'runlength';
  return undefined;
}

function declaredPixels(dict: string): number | undefined {
  if (!/\/Subtype\s*\/Image\b/.test(dict)) return undefined;
  const width = Number(/\/Width\s+(\d+)(?!\s+\d+\s+R)/.exec(dict)?.[1] ?? 0);
  const height = Number(/\/Height\s+(\d+)(?!\s+\d+\s+R)/.exec(dict)?.[1] ?? 0);
  return width * height;
}

/** Bytes `data` inflates to, counted in pieces and stopped once past `cap` (damaged data counts what came out). */
export async function inflatedSizeUpTo(data: Buffer, cap: number): Promise<number> {
  if (data.length <= SYNC_INFLATE_MAX_INPUT) {
    try {
      // Z_SYNC_FLUSH: a stream cut short still counts what it gives.
      return inflateSync(data, { finishFlush: 2, maxOutputLength: cap + 1 }).length;
    } catch (err) {
      return err instanceof RangeError ? cap + 1 : 0;
    }
  }
  return new Promise((resolve) => {
    const inflate = createInflate({ chunkSize: PIECE, finishFlush: 2 });
    let count = 0;
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      inflate.destroy();
      resolve(count);
    };
    inflate.on('data', (piece: Buffer) => {
      count += piece.length;
      if (count > cap) finish();
    });
    inflate.on('end', finish);
    inflate.on('error', finish);
    inflate.end(data);
  });
}

/** The first stream over a limit, or undefined when every stream is within bounds. */
export async function findOversizedStream(bytes: Uint8Array, limits: PdfStreamLimits = DEFAULT_PDF_STREAM_LIMITS): Promise<PdfStreamExcess | undefined> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let total = 0;
  for (const span of streamSpans(buffer)) {
    const pixels = declaredPixels(span.dict);
    if (pixels !== undefined) {
      if (pixels > limits.maxImagePixels) return { reason: 'image declares too many pixels', offset: span.start, amount: pixels, limit: limits.maxImagePixels };
      continue;
    }
    if (/\/Type\s*\/EmbeddedFile\b/.test(span.dict)) continue;
    const cap = Math.min(limits.maxStreamBytes, limits.maxTotalBytes - total);
    const data = buffer.subarray(span.start, span.end);
    const counted = isFlate(span.dict) ? undefined : countedFilter(span.dict);
    if (!isFlate(span.dict) && !counted) continue;
    const size = counted === 'lzw' ? lzwDecodedSizeUpTo(data, cap, /\/EarlyChange\s+0\b/.test(span.dict) ? 0 : 1)
      : counted === 'runlength' ? runLengthDecodedSizeUpTo(data, cap)
        : await inflatedSizeUpTo(data, cap);
    if (size > limits.maxStreamBytes) return { reason: 'stream inflates beyond the cap', offset: span.start, amount: size, limit: limits.maxStreamBytes };
    total += size;
    if (total > limits.maxTotalBytes) return { reason: 'streams together inflate beyond the cap', offset: span.start, amount: total, limit: limits.maxTotalBytes };
  }
  return undefined;
}

/**
 * Bytes an LZWDecode stream decodes to, stopped once past `cap`. Only the
 * length of each dictionary entry is kept (entry = an earlier one plus a
 * byte), so a stream whose codes grow ever longer strings (~1300:1, a 100 KB
 * stream giving 128 MiB) is measured in a few kilobytes of memory. The code
 * widths follow pdf.js's LZWStream, which is what would decode it.
 */
export function lzwDecodedSizeUpTo(data: Uint8Array, cap: number, earlyChange: 0 | 1 = 1): number {
  const lengths = new Uint32Array(4097).fill(1, 0, 256);
  let codeLength = 9;
  let nextCode = 258;
  let prevLength = 0;
  let count = 0;
  let bits = 0;
  let bitCount = 0;
  let at = 0;
  for (;;) {
    while (bitCount < codeLength && at < data.length) { bits = ((bits << 8) | (data[at++] as number)) >>> 0; bitCount += 8; }
    if (bitCount < codeLength) break;
    bitCount -= codeLength;
    const code = (bits >>> bitCount) & ((1 << codeLength) - 1);
    bits &= (1 << bitCount) - 1;
    if (code === 256) { codeLength = 9; nextCode = 258; prevLength = 0; continue; }
    if (code === 257) break;
    // A code not yet in the dictionary is the previous string plus its own first byte (the KwKwK case).
    const length = code < 256 ? 1 : code < nextCode ? (lengths[code] as number) : prevLength + 1;
    count += length;
    if (count > cap) return count;
    if (prevLength > 0 && nextCode < 4096) {
      lengths[nextCode] = prevLength + 1;
      nextCode += 1;
      const size = nextCode + earlyChange;
      if ((size & (size - 1)) === 0) codeLength = Math.min(Math.log2(size) + 1, 12);
    }
    prevLength = length;
  }
  return count;
}

/** Bytes a RunLengthDecode stream decodes to (at most 64:1), stopped once past `cap`. */
export function runLengthDecodedSizeUpTo(data: Uint8Array, cap: number): number {
  let count = 0;
  let at = 0;
  while (at < data.length && count <= cap) {
    const length = data[at] as number;
    if (length === 128) break;
    if (length < 128) { count += length + 1; at += length + 2; } else { count += 257 - length; at += 2; }
  }
  return count;
}
