import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { constants, crc32, deflateRawSync } from 'node:zlib';
import type { Bomb } from './types.js';

/**
 * Hand-made ZIPs that attack `casepack verify` (B6): no ZIP library would
 * write them, so the bytes are laid out here, streamed to disk, never held
 * whole in memory. Sizes stay under 4 GiB, so no ZIP64 records are needed.
 */

const MIB = 1024 * 1024;
const ZERO_MIB = Buffer.alloc(MIB);
/** One MiB of zeros as non-final DEFLATE blocks; a full flush resets history, so copies concatenate. */
const DEFLATED_ZERO_MIB = deflateRawSync(ZERO_MIB, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
/** An empty final block ends the stream. */
const DEFLATE_END = deflateRawSync(Buffer.alloc(0));

const zeroCrcs = new Map<number, number>();
function crcOfZeros(mib: number): number {
  let crc = zeroCrcs.get(mib);
  if (crc === undefined) {
    crc = 0;
    for (let i = 0; i < mib; i++) crc = crc32(ZERO_MIB, crc);
    zeroCrcs.set(mib, crc);
  }
  return crc;
}

interface LocalEntry {
  name: string;
  offset: number;
  method: 0 | 8;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
}

function localHeader(e: Omit<LocalEntry, 'offset'>): Buffer {
  const name = Buffer.from(e.name, 'utf8');
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(0x0800, 6); // names are UTF-8
  h.writeUInt16LE(e.method, 8);
  h.writeUInt16LE(0, 10);
  h.writeUInt16LE(0x21, 12); // 1980-01-01
  h.writeUInt32LE(e.crc >>> 0, 14);
  h.writeUInt32LE(e.compressedSize, 18);
  h.writeUInt32LE(e.uncompressedSize, 22);
  h.writeUInt16LE(name.length, 26);
  h.writeUInt16LE(0, 28);
  return Buffer.concat([h, name]);
}

function centralHeader(e: LocalEntry): Buffer {
  const name = Buffer.from(e.name, 'utf8');
  const h = Buffer.alloc(46);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt16LE(0x0314, 4);
  h.writeUInt16LE(20, 6);
  h.writeUInt16LE(0x0800, 8);
  h.writeUInt16LE(e.method, 10);
  h.writeUInt16LE(0, 12);
  h.writeUInt16LE(0x21, 14);
  h.writeUInt32LE(e.crc >>> 0, 16);
  h.writeUInt32LE(e.compressedSize, 20);
  h.writeUInt32LE(e.uncompressedSize, 24);
  h.writeUInt16LE(name.length, 28);
  h.writeUInt32LE((0o100644 << 16) >>> 0, 38);
  h.writeUInt32LE(e.offset, 42);
  return Buffer.concat([h, name]);
}

function endOfCentralDirectory(count: number, size: number, offset: number): Buffer {
  const h = Buffer.alloc(22);
  h.writeUInt32LE(0x06054b50, 0);
  h.writeUInt16LE(count, 8);
  h.writeUInt16LE(count, 10);
  h.writeUInt32LE(size, 12);
  h.writeUInt32LE(offset, 16);
  return h;
}

/** Writes a ZIP out of local entries and central records; central records may share or lie about offsets. */
export class CraftedZip {
  private position = 0;
  private readonly central: LocalEntry[] = [];

  private constructor(private readonly handle: FileHandle) {}

  static async create(file: string): Promise<CraftedZip> {
    return new CraftedZip(await open(file, 'w'));
  }

  private async write(bytes: Buffer): Promise<void> {
    await this.handle.write(bytes, 0, bytes.length, this.position);
    this.position += bytes.length;
  }

  /** A stored entry with these bytes; returns its local record. */
  async stored(name: string, content: Buffer): Promise<LocalEntry> {
    const entry = { name, method: 0 as const, crc: crc32(content), compressedSize: content.length, uncompressedSize: content.length };
    const offset = this.position;
    await this.write(localHeader(entry));
    await this.write(content);
    return { ...entry, offset };
  }

  /**
   * A deflated entry of `mib` MiB of zeros (about 1 KB on disk per MiB).
   * `declaredSize` lets the headers lie about the inflated size.
   */
  async zeros(name: string, mib: number, declaredSize = mib * MIB): Promise<LocalEntry> {
    const crc = crcOfZeros(mib);
    const compressedSize = DEFLATED_ZERO_MIB.length * mib + DEFLATE_END.length;
    const entry = { name, method: 8 as const, crc, compressedSize, uncompressedSize: declaredSize };
    const offset = this.position;
    await this.write(localHeader(entry));
    for (let i = 0; i < mib; i++) await this.write(DEFLATED_ZERO_MIB);
    await this.write(DEFLATE_END);
    return { ...entry, offset };
  }

  /** Lists a local entry in the central directory, possibly under another name. */
  list(entry: LocalEntry, name = entry.name): void {
    this.central.push({ ...entry, name });
  }

  async close(): Promise<void> {
    const cdOffset = this.position;
    for (const e of this.central) await this.write(centralHeader(e));
    await this.write(endOfCentralDirectory(this.central.length, this.position - cdOffset, cdOffset));
    await this.handle.close();
  }
}

/** `sha256sum` lines naming every path with a made-up hash: enough to make a reader inflate each one. */
function manifestListing(paths: readonly string[]): Buffer {
  return Buffer.from(paths.map((p) => `${'0'.repeat(64)}  ${p}\n`).join(''));
}

/**
 * One deflated entry of `mib` MiB zeros that `copies` central records all point at,
 * each under its own name, all listed in manifest-sha256.txt (B6).
 */
export async function writeOverlapBomb(file: string, copies: number, mib: number): Promise<void> {
  const zip = await CraftedZip.create(file);
  const names = Array.from({ length: copies }, (_, i) => `Reports/${String(i).padStart(4, '0')}.pdf`);
  const bomb = await zip.zeros(names[0] as string, mib);
  const manifest = await zip.stored('manifest-sha256.txt', manifestListing(names));
  for (const name of names) zip.list(bomb, name);
  zip.list(manifest);
  await zip.close();
}

/** One honest-looking entry of `mib` MiB zeros (ratio ~1000:1), listed in manifest-sha256.txt. */
export async function writeRatioBomb(file: string, mib: number, declaredSize?: number): Promise<void> {
  const zip = await CraftedZip.create(file);
  const bomb = await zip.zeros('Imaging/CT/0001.dcm', mib, declaredSize);
  const manifest = await zip.stored('manifest-sha256.txt', manifestListing([bomb.name]));
  zip.list(bomb);
  zip.list(manifest);
  await zip.close();
}

export const bombs: Bomb[] = [
  {
    name: 'verify-overlap-1000x1gib',
    family: 'verify',
    description: 'ZIP whose central directory points 1,000 listed entries at one 1 GiB deflated entry (~1 MB file)',
    async make(dir) {
      const file = path.join(dir, 'packet.zip');
      await writeOverlapBomb(file, 1000, 1024);
      return ['verify', file];
    },
    expectCodes: ['VERIFY_OVERLAPPING_ENTRIES'],
    expectExit: [1],
    limits: { maxRssMb: 300, maxSeconds: 10 },
  },
  {
    name: 'verify-ratio-bomb',
    family: 'verify',
    description: 'ZIP with one listed 2 GiB entry of zeros deflated to ~2 MB (ratio ~1000:1)',
    async make(dir) {
      const file = path.join(dir, 'packet.zip');
      await writeRatioBomb(file, 2048);
      return ['verify', file];
    },
    expectCodes: ['VERIFY_RATIO_BOMB'],
    expectExit: [1],
    limits: { maxRssMb: 300, maxSeconds: 10 },
  },
  {
    name: 'verify-lying-size',
    family: 'verify',
    description: 'ZIP entry declaring 1 KiB that inflates to 2 GiB of zeros (~2 MB file)',
    async make(dir) {
      const file = path.join(dir, 'packet.zip');
      await writeRatioBomb(file, 2048, 1024);
      return ['verify', file];
    },
    expectCodes: ['VERIFY_CORRUPT_ENTRY'],
    expectExit: [1],
    limits: { maxRssMb: 300, maxSeconds: 10 },
  },
];
