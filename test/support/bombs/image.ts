import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { constants, crc32, deflateRawSync } from 'node:zlib';
import type { Bomb } from './types.js';

/**
 * Image decompression bombs, made in code: pixels are deflated one MiB at a
 * time with a full flush (no back references across pieces), so a 900 Mpx
 * picture is ~0.9 MB on disk and takes no time or memory to make.
 */

const MIB = 1024 * 1024;

function adler32OfZeros(count: bigint): number {
  // All bytes zero: A stays 1, B grows by 1 per byte.
  return Number(((count % 65521n) << 16n) | 1n);
}

/** A zlib stream of `count` zero bytes. */
export function zlibOfZeros(count: number): Buffer {
  const whole = deflateRawSync(Buffer.alloc(MIB), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const parts: Buffer[] = [Buffer.from([0x78, 0xda])];
  for (let i = 0; i < Math.floor(count / MIB); i += 1) parts.push(whole);
  parts.push(deflateRawSync(Buffer.alloc(count % MIB)));
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32BE(adler32OfZeros(BigInt(count)) >>> 0);
  parts.push(trailer);
  return Buffer.concat(parts);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0);
  return Buffer.concat([head, data, crc]);
}

/** An 8-bit greyscale PNG of `width` x `height`; its pixels are written in full only when `pixels` is true (else one short IDAT). */
export function greyPng(width: number, height: number, pixels = true): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const idat = pixels ? zlibOfZeros(height * (width + 1)) : zlibOfZeros(1024);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr), pngChunk('IDAT', idat), pngChunk('IEND', Buffer.alloc(0))]);
}

/** A baseline JPEG whose frame header claims 65535 x 65535 (the format's largest) over a few bytes of scan data. */
export function hugeJpeg(): Buffer {
  const segment = (marker: number, body: number[]): number[] => [0xff, marker, ((body.length + 2) >> 8) & 0xff, (body.length + 2) & 0xff, ...body];
  const quant = segment(0xdb, [0x00, ...Array<number>(64).fill(1)]);
  const frame = segment(0xc0, [8, 0xff, 0xff, 0xff, 0xff, 1, 1, 0x11, 0]);
  // One DC and one AC table with a single 1-bit code each: enough for a decoder to start.
  const huffman = segment(0xc4, [0x00, 1, ...Array<number>(15).fill(0), 0, 0x10, 1, ...Array<number>(15).fill(0), 0]);
  const scan = segment(0xda, [1, 1, 0x00, 0, 63, 0]);
  return Buffer.from([0xff, 0xd8, ...quant, ...frame, ...huffman, ...scan, ...Array<number>(4096).fill(0), 0xff, 0xd9]);
}

/** A little-endian TIFF whose one strip claims 2^31 x 2^31 grey pixels. */
export function hugeTiff(): Buffer {
  const entries: Array<[number, number, number, number]> = [
    [256, 4, 1, 2 ** 31], [257, 4, 1, 2 ** 31], [258, 3, 1, 8], [259, 3, 1, 1], [262, 3, 1, 1],
    [273, 4, 1, 0], [277, 3, 1, 1], [278, 4, 1, 2 ** 31], [279, 4, 1, 4096],
  ];
  const ifdAt = 8;
  const dataAt = ifdAt + 2 + entries.length * 12 + 4;
  const out = Buffer.alloc(dataAt + 4096);
  out.write('II', 0, 'latin1');
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(ifdAt, 4);
  out.writeUInt16LE(entries.length, ifdAt);
  entries.forEach(([tag, type, count, value], i) => {
    const at = ifdAt + 2 + i * 12;
    out.writeUInt16LE(tag, at);
    out.writeUInt16LE(type, at + 2);
    out.writeUInt32LE(count, at + 4);
    const v = tag === 273 ? dataAt : value;
    if (type === 3) out.writeUInt16LE(v, at + 8); else out.writeUInt32LE(v >>> 0, at + 8);
  });
  return out;
}

async function writeCase(dir: string, name: string, bytes: Buffer): Promise<string> {
  const caseDir = path.join(dir, 'case');
  await mkdir(caseDir, { recursive: true });
  const file = await open(path.join(caseDir, name), 'wx');
  try { await file.writeFile(bytes); } finally { await file.close(); }
  return caseDir;
}

const LIMITS = { maxRssMb: 600, maxSeconds: 30 };
const build = (caseDir: string, dir: string): string[] => ['build', caseDir, '-o', path.join(dir, 'packet.zip')];

export const bombs: Bomb[] = [
  {
    name: 'png-30000-grey', family: 'image',
    description: '0.9 MB PNG, 30000 x 30000 grey pixels (900 Mpx) as a photo, built into a packet',
    make: async (dir) => build(await writeCase(dir, 'photo of letter.png', greyPng(30000, 30000)), dir),
    expectCodes: ['IMAGE_TOO_LARGE_TO_READ'], expectExit: [0, 1], limits: LIMITS,
  },
  {
    name: 'png-header-2^31', family: 'image',
    description: 'PNG whose header claims 2^31-1 x 2^31-1 pixels, built into a packet',
    make: async (dir) => build(await writeCase(dir, 'photo.png', greyPng(2 ** 31 - 1, 2 ** 31 - 1, false)), dir),
    expectCodes: ['IMAGE_TOO_LARGE_TO_READ'], expectExit: [0, 1], limits: LIMITS,
  },
  {
    name: 'jpeg-header-65535', family: 'image',
    description: 'JPEG whose frame header claims 65535 x 65535 pixels, built into a packet',
    make: async (dir) => build(await writeCase(dir, 'photo.jpg', hugeJpeg()), dir),
    expectCodes: ['IMAGE_TOO_LARGE_TO_READ'], expectExit: [0, 1], limits: LIMITS,
  },
  {
    name: 'tiff-header-2^31', family: 'image',
    description: 'TIFF whose one strip claims 2^31 x 2^31 grey pixels, built into a packet',
    make: async (dir) => build(await writeCase(dir, 'scan.tif', hugeTiff()), dir),
    expectCodes: [], expectExit: [0, 1], limits: LIMITS,
  },
];
