import { inflateRawSync, inflateSync, gunzipSync } from 'node:zlib';

/**
 * pdf.js inflates each Flate stream through the web `DecompressionStream`: in
 * Node that is node:zlib behind web-stream plumbing (readers, writers, queued
 * promises), ~0.13 s of a decode worker's CPU for 50 one-page reports (issue
 * 15). This stand-in, installed in the decode workers only, gives pdf.js the
 * same bytes from one synchronous node:zlib call on the whole stream. It fails
 * where zlib fails (a damaged stream), and then pdf.js falls back to its own
 * JavaScript inflater exactly as it does when the web stream fails; formats
 * other than these three are refused, as Node 20 refuses them.
 */
const INFLATERS: Record<string, (input: Buffer) => Buffer> = { deflate: inflateSync, 'deflate-raw': inflateRawSync, gzip: gunzipSync };

interface Writer {
  readonly ready: Promise<void>;
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<void>;
  releaseLock(): void;
}

export class WholeStreamDecompression {
  readonly writable: { getWriter(): Writer };
  readonly readable: AsyncIterable<Uint8Array>;

  constructor(format: string) {
    const inflate = INFLATERS[format];
    if (!inflate) throw new TypeError(`unsupported compression format: ${format}`);
    const chunks: Uint8Array[] = [];
    let closed: () => void = () => undefined;
    const whole = new Promise<void>((resolve) => { closed = resolve; });
    const writer: Writer = {
      ready: Promise.resolve(),
      write: (chunk) => { chunks.push(chunk); return Promise.resolve(); },
      close: () => { closed(); return Promise.resolve(); },
      releaseLock: () => undefined,
    };
    this.writable = { getWriter: () => writer };
    this.readable = {
      async *[Symbol.asyncIterator]() {
        await whole;
        const output = inflate(Buffer.concat(chunks));
        yield new Uint8Array(output.buffer, output.byteOffset, output.byteLength);
      },
    };
  }
}

/** Put the stand-in where pdf.js looks for `DecompressionStream`; returns what puts the original back (tests). */
export function useWholeStreamDecompression(): () => void {
  const original = globalThis.DecompressionStream;
  (globalThis as { DecompressionStream: unknown }).DecompressionStream = WholeStreamDecompression;
  return () => { (globalThis as { DecompressionStream: unknown }).DecompressionStream = original; };
}
