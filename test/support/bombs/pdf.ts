import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { constants, deflateRawSync, deflateSync } from 'node:zlib';
import type { Bomb } from './types.js';

/**
 * PDF decompression bombs, made in code without building the inflated bytes:
 * one MiB of a byte is deflated once with a full flush (which resets the
 * compressor, so the block never refers back), then repeated; a final empty
 * block and the Adler-32 of the whole (computed by formula) close the zlib
 * stream. A GiB of spaces thus costs ~1 MB on disk and no time to make.
 */

const MIB = 1024 * 1024;

function adler32OfRepeatedByte(byte: number, count: bigint): number {
  const mod = 65521n;
  const value = BigInt(byte);
  const a = (1n + count * value) % mod;
  const b = (count + value * ((count * (count + 1n)) / 2n)) % mod;
  return Number((b << 16n) | a);
}

/** A zlib (FlateDecode) stream that inflates to `mib` MiB of `byte`. */
export function flateBomb(mib: number, byte = 0x20): Buffer {
  const block = deflateRawSync(Buffer.alloc(MIB, byte), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const end = deflateRawSync(Buffer.alloc(0));
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32BE(adler32OfRepeatedByte(byte, BigInt(mib) * BigInt(MIB)) >>> 0);
  const parts: Buffer[] = [Buffer.from([0x78, 0xda])];
  for (let i = 0; i < mib; i += 1) parts.push(block);
  parts.push(end, trailer);
  return Buffer.concat(parts);
}

/** MSB-first bit packing, as LZWDecode reads codes. */
class BitWriter {
  private readonly bytes: number[] = [];
  private bits = 0;
  private count = 0;
  write(code: number, width: number): void {
    this.bits = (this.bits << width) | code;
    this.count += width;
    while (this.count >= 8) { this.count -= 8; this.bytes.push((this.bits >>> this.count) & 0xff); }
    this.bits &= (1 << this.count) - 1;
  }
  finish(): Buffer {
    if (this.count > 0) this.bytes.push((this.bits << (8 - this.count)) & 0xff);
    return Buffer.from(this.bytes);
  }
}

/**
 * An LZWDecode stream (EarlyChange 1) of `blocks` dictionary fills, each a
 * run of spaces whose codes name ever longer strings (1, 2, … 3838 bytes):
 * ~7.4 MB decoded per ~5.4 KB block, about 1300:1.
 */
export function lzwRunBomb(blocks: number): { stream: Buffer; decodedBytes: number } {
  const out = new BitWriter();
  let width = 9;
  let decodedBytes = 0;
  for (let b = 0; b < blocks; b += 1) {
    out.write(256, width);
    width = 9;
    out.write(0x20, width);
    decodedBytes += 1;
    for (let next = 258, length = 2; next < 4095; next += 1, length += 1) {
      out.write(next, width);
      decodedBytes += length;
      const size = next + 1 + 1;
      if ((size & (size - 1)) === 0) width = Math.min(Math.log2(size) + 1, 12);
    }
  }
  out.write(257, width);
  return { stream: out.finish(), decodedBytes };
}

/** A RunLengthDecode stream of `mib` MiB of spaces: 2 bytes per 128, the format's most. */
export function runLengthBomb(mib: number): Buffer {
  const runs = (mib * MIB) / 128;
  const stream = Buffer.alloc(runs * 2 + 1);
  for (let i = 0; i < runs; i += 1) { stream[i * 2] = 129; stream[i * 2 + 1] = 0x20; }
  stream[runs * 2] = 128;
  return stream;
}

interface PdfObject { dict: string; stream?: Buffer }

/** A PDF with objects numbered from 1 (1 = catalog) and a correct cross-reference table. */
export function pdfOf(objects: PdfObject[]): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = parts[0]!.length;
  const offsets: number[] = [];
  const push = (b: Buffer): void => { parts.push(b); length += b.length; };
  objects.forEach((object, i) => {
    offsets.push(length);
    if (object.stream) {
      push(Buffer.from(`${i + 1} 0 obj\n<< ${object.dict} /Length ${object.stream.length} >>\nstream\n`, 'latin1'));
      push(object.stream);
      push(Buffer.from('\nendstream\nendobj\n', 'latin1'));
    } else {
      push(Buffer.from(`${i + 1} 0 obj\n${object.dict}\nendobj\n`, 'latin1'));
    }
  });
  const xrefAt = length;
  const rows = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  push(Buffer.from(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${rows}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

const CATALOG = { dict: '<< /Type /Catalog /Pages 2 0 R >>' };
const PAGES = { dict: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>' };

/** One page whose content stream inflates to `mib` MiB of spaces (B3). */
export function contentStreamBombPdf(mib: number): Buffer {
  return pdfOf([CATALOG, PAGES,
    { dict: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>' },
    { dict: '/Filter /FlateDecode', stream: flateBomb(mib) }]);
}

/** One page whose content stream is LZW-coded and decodes to about `mib` MiB of spaces. */
export function lzwContentBombPdf(mib: number): Buffer {
  return pdfOf([CATALOG, PAGES,
    { dict: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>' },
    { dict: '/Filter /LZWDecode', stream: lzwRunBomb(Math.ceil((mib * MIB) / 7_366_000)).stream }]);
}

/** One page whose content stream is RunLength-coded and decodes to `mib` MiB of spaces. */
export function runLengthContentBombPdf(mib: number): Buffer {
  return pdfOf([CATALOG, PAGES,
    { dict: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>' },
    { dict: '/Filter /RunLengthDecode', stream: runLengthBomb(mib) }]);
}

/** One page drawing an image XObject whose pixels inflate to `mib` MiB (declared 32768 x 32768 grey). */
export function imageXObjectBombPdf(mib: number): Buffer {
  const side = 32768;
  return pdfOf([CATALOG, PAGES,
    { dict: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /XObject << /Im0 5 0 R >> >> >>' },
    { dict: '', stream: Buffer.from('q 612 0 0 792 0 0 cm /Im0 Do Q\n', 'latin1') },
    { dict: `/Type /XObject /Subtype /Image /Width ${side} /Height ${side} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode`, stream: flateBomb(mib, 0xff) }]);
}

/** One page of text in an embedded TrueType font whose font file inflates to `mib` MiB. */
export function fontStreamBombPdf(mib: number): Buffer {
  return pdfOf([CATALOG, PAGES,
    { dict: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>' },
    { dict: '', stream: Buffer.from('BT /F1 12 Tf 72 720 Td (Pathology report) Tj ET\n', 'latin1') },
    { dict: '<< /Type /Font /Subtype /TrueType /BaseFont /Bomb /FirstChar 32 /LastChar 126 /FontDescriptor 6 0 R >>' },
    { dict: '<< /Type /FontDescriptor /FontName /Bomb /Flags 32 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile2 7 0 R >>' },
    { dict: '/Filter /FlateDecode', stream: flateBomb(mib, 0) }]);
}

/** One page of `mib` MiB of `(ab)Tj` operators, deflated: within every size cap, yet millions of text items for pdf.js. */
export function textOperatorFloodPdf(mib: number): Buffer {
  const operator = Buffer.from('(ab)Tj \n', 'latin1');
  const content = Buffer.alloc(mib * MIB);
  for (let i = 0; i < content.length; i += operator.length) operator.copy(content, i);
  const stream = deflateSync(Buffer.concat([Buffer.from('BT /F1 1 Tf 0 0 Td\n'), content, Buffer.from('\nET\n')]), { level: 9 });
  return pdfOf([CATALOG, PAGES,
    { dict: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>' },
    { dict: '/Filter /FlateDecode', stream },
    { dict: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>' }]);
}

/** A page tree claiming 2^31-1 pages and a page of a billion points a side. */
export function absurdPagesPdf(): Buffer {
  return pdfOf([CATALOG,
    { dict: '<< /Type /Pages /Kids [3 0 R] /Count 2147483647 >>' },
    { dict: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 1000000000 1000000000] /Contents 4 0 R >>' },
    { dict: '', stream: Buffer.from('BT /F1 12 Tf 72 720 Td (Report) Tj ET\n', 'latin1') }]);
}

async function writeCase(dir: string, name: string, bytes: Buffer): Promise<string> {
  const caseDir = path.join(dir, 'case');
  await mkdir(caseDir, { recursive: true });
  const file = await open(path.join(caseDir, name), 'wx');
  try { await file.writeFile(bytes); } finally { await file.close(); }
  return caseDir;
}

const LIMITS = { maxRssMb: 600, maxSeconds: 30 };

export const bombs: Bomb[] = [
  {
    name: 'pdf-stream-1gib', family: 'pdf',
    description: '1 MB PDF, one page whose content stream inflates to 1 GiB of spaces',
    make: async (dir) => ['scan', await writeCase(dir, 'report.pdf', contentStreamBombPdf(1024))],
    expectCodes: ['PDF_TOO_LARGE_TO_READ'], expectExit: [0, 1], limits: LIMITS,
  },
  {
    name: 'pdf-stream-4gib', family: 'pdf',
    description: '4 MB PDF, one page whose content stream inflates to 4 GiB of spaces',
    make: async (dir) => ['scan', await writeCase(dir, 'report.pdf', contentStreamBombPdf(4096))],
    expectCodes: ['PDF_TOO_LARGE_TO_READ'], expectExit: [0, 1], limits: LIMITS,
  },
  {
    name: 'pdf-image-xobject-1gib', family: 'pdf',
    description: '1 MB PDF, one page drawing a 32768x32768 grey image that inflates to 1 GiB',
    make: async (dir) => ['build', await writeCase(dir, 'scan.pdf', imageXObjectBombPdf(1024)), '-o', path.join(dir, 'packet.zip')],
    expectCodes: ['PDF_TOO_LARGE_TO_READ'], expectExit: [0, 1], limits: LIMITS,
  },
  {
    name: 'pdf-font-stream-1gib', family: 'pdf',
    description: '1 MB PDF whose embedded font file inflates to 1 GiB',
    make: async (dir) => ['scan', await writeCase(dir, 'letter.pdf', fontStreamBombPdf(1024))],
    expectCodes: ['PDF_TOO_LARGE_TO_READ'], expectExit: [0, 1], limits: LIMITS,
  },
  {
    name: 'pdf-lzw-stream-1gib', family: 'pdf',
    description: '1 MB PDF, one page whose LZW-coded content stream decodes to 1 GiB of spaces',
    make: async (dir) => ['scan', await writeCase(dir, 'report.pdf', lzwContentBombPdf(1024))],
    expectCodes: ['PDF_TOO_LARGE_TO_READ'], expectExit: [0, 1], limits: LIMITS,
  },
  {
    name: 'pdf-runlength-stream-256mib', family: 'pdf',
    description: '4 MB PDF, one page whose RunLength-coded content stream decodes to 256 MiB of spaces',
    make: async (dir) => ['scan', await writeCase(dir, 'report.pdf', runLengthContentBombPdf(256))],
    expectCodes: ['PDF_TOO_LARGE_TO_READ'], expectExit: [0, 1], limits: LIMITS,
  },
  {
    name: 'pdf-text-operator-flood', family: 'pdf',
    description: '90 KB PDF, one page of 7.8 million tiny text operators (60 MiB, under the stream cap): pdf.js crawls; bounded by the worker time limit',
    make: async (dir) => ['scan', await writeCase(dir, 'report.pdf', textOperatorFloodPdf(60)), '--no-ocr'],
    expectCodes: [], expectExit: [0, 1], limits: { maxRssMb: 900, maxSeconds: 45 },
  },
  {
    name: 'pdf-absurd-pages', family: 'pdf',
    description: 'PDF claiming 2^31-1 pages, one of 10^9 x 10^9 points',
    make: async (dir) => ['build', await writeCase(dir, 'report.pdf', absurdPagesPdf()), '-o', path.join(dir, 'packet.zip')],
    // OCR renders its one page at a dpi capped to 40 Mpx: slower than the others, still bounded.
    expectCodes: [], expectExit: [0, 1], limits: { maxRssMb: 600, maxSeconds: 60 },
  },
];
