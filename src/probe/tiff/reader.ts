/**
 * A small, defensive TIFF/BigTIFF directory reader over positioned reads.
 * It never loads pixel data: only the header, the IFD entry tables and the
 * tag values asked for, each bounded, so a multi-gigabyte slide costs a few
 * kilobytes. Every offset and count is checked against the file size; what
 * does not fit becomes a recorded problem, never an exception.
 */

/** Positioned reads with a running total, so callers (and tests) can see what a probe cost. */
export interface ByteSource {
  readonly size: number;
  read(position: number, length: number): Promise<Buffer>;
  readonly bytesRead: number;
}

export function countingSource(size: number, read: (position: number, length: number) => Promise<Buffer>): ByteSource {
  let total = 0;
  return {
    size,
    async read(position, length) {
      const buf = await read(position, length);
      total += buf.length;
      return buf;
    },
    get bytesRead() { return total; },
  };
}

/** Bytes per value of each TIFF field type; unknown types are skipped, as the TIFF spec asks. */
const TYPE_SIZE: Readonly<Record<number, number>> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4, 16: 8, 17: 8, 18: 8 };

/** Real IFDs hold tens of entries; thousands mean we are reading garbage. */
const MAX_ENTRIES = 4096;
/** Top-level IFD chain length we follow (OME z-stacks can be long; slides have < 20). */
export const MAX_IFDS = 1024;
/** SubIFDs read per IFD (pyramid levels hidden under a parent). */
const MAX_SUBIFDS = 32;
/** Hard ceiling on bytes read for one file's structure, whatever it claims. */
export const READ_BUDGET = 1024 * 1024;

/** `limit`: our own reading bound was reached (not damage; reported nowhere, reading just stops). */
export type ProblemKind = 'truncated' | 'unreadable' | 'limit';
export interface Problem { kind: ProblemKind; reason: string }

export interface TiffHeader {
  bigTiff: boolean;
  littleEndian: boolean;
  firstIfd: number;
  /**
   * Hamamatsu NDPI's 64-bit layout (files over 4 GiB): a classic TIFF whose
   * header and next-IFD pointers are 8 bytes and whose value offsets keep
   * only their low 32 bits. Detected as OpenSlide does: the header's 8-byte
   * pointer leads to an IFD holding tag 65420.
   */
  ndpi: boolean;
  /** Classic TIFF: the header pointer read as 8 bytes (bytes 4–11), for the NDPI trial. */
  firstIfd64?: number;
}

export interface Entry {
  tag: number;
  type: number;
  count: number;
  /** Total value bytes (count × type size). */
  byteLength: number;
  /** Absolute position of the value bytes (inside the entry when they fit). */
  valuePosition: number;
  /** The value bytes when they fit inside the entry. */
  inline?: Buffer;
  /** The offset exactly as stored (NDPI: before its high bits were restored). */
  storedOffset?: number;
}

export interface Ifd {
  offset: number;
  entries: Map<number, Entry>;
  next: number;
  /** SubIFDs (one level deep), when the IFD has tag 330. */
  subIfds: Ifd[];
}

export interface TiffStructure {
  header: TiffHeader;
  ifds: Ifd[];
  /** The reader used, for further bounded tag reads; its `problems` collect everything found. */
  reader: TiffReader;
}

/** Decodes numbers in the file's byte order. */
export class Decoder {
  constructor(readonly littleEndian: boolean) {}
  u16(b: Buffer, p: number): number { return this.littleEndian ? b.readUInt16LE(p) : b.readUInt16BE(p); }
  u32(b: Buffer, p: number): number { return this.littleEndian ? b.readUInt32LE(p) : b.readUInt32BE(p); }
  /** 64-bit unsigned as a number; values beyond 2^53 become Infinity so every size check fails safely. */
  u64(b: Buffer, p: number): number {
    const v = this.littleEndian ? b.readBigUInt64LE(p) : b.readBigUInt64BE(p);
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.POSITIVE_INFINITY : Number(v);
  }

  /** One value of `type` at `p`; RATIONALs as a quotient. */
  value(b: Buffer, p: number, type: number): number {
    const le = this.littleEndian;
    switch (type) {
      case 1: case 2: case 7: return b.readUInt8(p);
      case 6: return b.readInt8(p);
      case 3: return this.u16(b, p);
      case 8: return le ? b.readInt16LE(p) : b.readInt16BE(p);
      case 4: case 13: return this.u32(b, p);
      case 9: return le ? b.readInt32LE(p) : b.readInt32BE(p);
      case 5: { const d = this.u32(b, p + 4); return d === 0 ? Number.NaN : this.u32(b, p) / d; }
      case 10: { const n = le ? b.readInt32LE(p) : b.readInt32BE(p); const d = le ? b.readInt32LE(p + 4) : b.readInt32BE(p + 4); return d === 0 ? Number.NaN : n / d; }
      case 11: return le ? b.readFloatLE(p) : b.readFloatBE(p);
      case 12: return le ? b.readDoubleLE(p) : b.readDoubleBE(p);
      case 16: case 18: return this.u64(b, p);
      case 17: return Number(le ? b.readBigInt64LE(p) : b.readBigInt64BE(p));
      default: return Number.NaN;
    }
  }
}

export function typeSize(type: number): number | undefined {
  return TYPE_SIZE[type];
}

/**
 * Reads tag values of one TIFF with bounds checks. A value that lies past the
 * end of the file is recorded as a truncation; an impossible count (bigger
 * than the file) as unreadable.
 */
export class TiffReader {
  readonly problems: Problem[] = [];
  readonly decoder: Decoder;
  constructor(readonly source: ByteSource, readonly header: TiffHeader) {
    this.decoder = new Decoder(header.littleEndian);
  }

  private budgetLeft(): number { return READ_BUDGET - this.source.bytesRead; }

  /** Read `length` bytes at `position`, or undefined (and a problem) when it is not all in the file. */
  async readChecked(position: number, length: number, what: string): Promise<Buffer | undefined> {
    if (length > this.source.size || !Number.isFinite(position)) {
      this.problem('unreadable', `${what}: impossible size`);
      return undefined;
    }
    if (position + length > this.source.size) {
      this.problem('truncated', `${what} lies past the end of the file`);
      return undefined;
    }
    if (length > this.budgetLeft()) {
      this.problem('limit', 'read budget reached');
      return undefined;
    }
    const buf = await this.source.read(position, length);
    if (buf.length < length) {
      this.problem('truncated', `${what} lies past the end of the file`);
      return undefined;
    }
    return buf;
  }

  problem(kind: ProblemKind, reason: string): void {
    if (!this.problems.some((p) => p.reason === reason)) this.problems.push({ kind, reason });
  }

  /** Bytes of an entry's value, at most `maxBytes` of them (the start). */
  async bytes(entry: Entry, maxBytes = entry.byteLength): Promise<Buffer | undefined> {
    if (entry.inline) return entry.inline.subarray(0, Math.min(entry.byteLength, maxBytes));
    if (entry.byteLength > this.source.size) {
      this.problem('unreadable', `tag ${entry.tag} claims more values than the file holds`);
      return undefined;
    }
    if (entry.valuePosition + entry.byteLength > this.source.size) {
      this.problem('truncated', `tag ${entry.tag} value lies past the end of the file`);
      return undefined;
    }
    return this.readChecked(entry.valuePosition, Math.min(entry.byteLength, maxBytes), `tag ${entry.tag}`);
  }

  /** Values `from`..`from+n` of a numeric entry (bounded by `n`). */
  async numbers(entry: Entry | undefined, n = 16, from = 0): Promise<number[]> {
    if (!entry) return [];
    const size = TYPE_SIZE[entry.type];
    if (!size) return [];
    const start = Math.max(0, Math.min(from, entry.count));
    const take = Math.max(0, Math.min(n, entry.count - start));
    if (take === 0) return [];
    let buf: Buffer | undefined;
    if (entry.inline) {
      buf = entry.inline.subarray(start * size, (start + take) * size);
    } else {
      if (entry.byteLength > this.source.size) {
        this.problem('unreadable', `tag ${entry.tag} claims more values than the file holds`);
        return [];
      }
      buf = await this.readChecked(entry.valuePosition + start * size, take * size, `tag ${entry.tag}`);
    }
    if (!buf) return [];
    const out: number[] = [];
    for (let i = 0; i < take; i++) out.push(this.decoder.value(buf, i * size, entry.type));
    return out;
  }

  async number(entry: Entry | undefined): Promise<number | undefined> {
    return (await this.numbers(entry, 1))[0];
  }

  /** ASCII/UTF-8 text of an entry, NUL-trimmed, at most `maxBytes` read. */
  async text(entry: Entry | undefined, maxBytes = 64 * 1024): Promise<string | undefined> {
    if (!entry) return undefined;
    const buf = await this.bytes(entry, maxBytes);
    if (!buf) return undefined;
    const nul = buf.indexOf(0);
    return buf.toString('utf8', 0, nul === -1 ? buf.length : nul);
  }
}

/** Parse the 8- or 16-byte header, or say why it is not one. */
export function parseHeader(head: Buffer): TiffHeader | { error: string } {
  if (head.length < 8) return { error: 'file shorter than a TIFF header' };
  const order = head.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return { error: 'no TIFF byte-order mark' };
  const d = new Decoder(order === 'II');
  const version = d.u16(head, 2);
  if (version === 42) {
    const header: TiffHeader = { bigTiff: false, littleEndian: d.littleEndian, firstIfd: d.u32(head, 4), ndpi: false };
    if (head.length >= 12) header.firstIfd64 = d.u64(head, 4);
    return header;
  }
  if (version === 43) {
    if (head.length < 16) return { error: 'file shorter than a BigTIFF header' };
    if (d.u16(head, 4) !== 8 || d.u16(head, 6) !== 0) return { error: 'BigTIFF header has an unsupported offset size' };
    return { bigTiff: true, littleEndian: d.littleEndian, firstIfd: d.u64(head, 8), ndpi: false };
  }
  return { error: `unknown TIFF version ${version}` };
}

const TWO_32 = 2 ** 32;

/**
 * NDPI stores value offsets as 32 bits. Restore the high bits as OpenSlide
 * does: the largest offset with those low bits that still lies before the
 * IFD, since NDPI writes each IFD after its data.
 */
export function fixNdpiOffset(ifdOffset: number, stored: number): number {
  const low = stored % TWO_32;
  let result = Math.floor(ifdOffset / TWO_32) * TWO_32 + low;
  if (result >= ifdOffset && result >= TWO_32) result -= TWO_32;
  return result;
}

async function readIfd(reader: TiffReader, offset: number, what: string, first?: Ifd): Promise<Ifd | undefined> {
  const { bigTiff, ndpi } = reader.header;
  const countSize = bigTiff ? 8 : 2;
  const entrySize = bigTiff ? 20 : 12;
  const offsetSize = bigTiff ? 8 : 4;
  const nextSize = bigTiff || ndpi ? 8 : 4;
  const d = reader.decoder;
  if (offset < (bigTiff ? 16 : 8) || offset % 1 !== 0) {
    reader.problem('unreadable', `${what} offset ${offset} is inside the header`);
    return undefined;
  }
  const countBuf = await reader.readChecked(offset, countSize, what);
  if (!countBuf) return undefined;
  const n = bigTiff ? d.u64(countBuf, 0) : d.u16(countBuf, 0);
  if (n === 0 || n > MAX_ENTRIES) {
    reader.problem('unreadable', `${what} has an implausible entry count (${n})`);
    return undefined;
  }
  const table = await reader.readChecked(offset + countSize, n * entrySize + nextSize, `${what} entry table`);
  if (!table) return undefined;
  const entries = new Map<number, Entry>();
  for (let i = 0; i < n; i++) {
    const p = i * entrySize;
    const tag = d.u16(table, p);
    const type = d.u16(table, p + 2);
    const count = bigTiff ? d.u64(table, p + 4) : d.u32(table, p + 4);
    const size = TYPE_SIZE[type];
    if (!size || entries.has(tag)) continue;
    const byteLength = count * size;
    const field = p + 4 + offsetSize;
    const fieldPosition = offset + countSize + field;
    if (byteLength <= offsetSize) {
      entries.set(tag, { tag, type, count, byteLength, valuePosition: fieldPosition, inline: Buffer.from(table.subarray(field, field + byteLength)) });
    } else {
      const stored = bigTiff ? d.u64(table, field) : d.u32(table, field);
      let valuePosition = stored;
      if (ndpi) {
        // A value shared with IFD 0 (same stored offset) is the same bytes: reuse its restored position.
        const shared = first?.entries.get(tag);
        valuePosition = shared?.storedOffset === stored ? shared.valuePosition : fixNdpiOffset(offset, stored);
      }
      entries.set(tag, { tag, type, count, byteLength, valuePosition, storedOffset: stored });
    }
  }
  const next = nextSize === 8 ? d.u64(table, n * entrySize) : d.u32(table, n * entrySize);
  return { offset, entries, next, subIfds: [] };
}

const SUBIFDS_TAG = 330;

const NDPI_FORMAT_FLAG = 65420;

/** OpenSlide's NDPI trial: does the header's 8-byte pointer lead to an IFD with tag 65420? */
async function tryNdpi(source: ByteSource, header: TiffHeader): Promise<{ reader: TiffReader; ifd: Ifd } | undefined> {
  const at = header.firstIfd64;
  if (header.bigTiff || at === undefined || at === 0 || at >= source.size) return undefined;
  const reader = new TiffReader(source, { ...header, ndpi: true, firstIfd: at });
  const ifd = await readIfd(reader, at, 'IFD 0');
  return ifd?.entries.has(NDPI_FORMAT_FLAG) ? { reader, ifd } : undefined;
}

/**
 * An NDPI over 4 GiB cut short: its 8-byte header pointer lies past the end,
 * beyond 4 GiB yet within a plausible size (under 1 TiB), which random bytes
 * after a classic header rarely are.
 */
function looksLikeNdpiPointerPastEof(header: TiffHeader, size: number): boolean {
  const at = header.firstIfd64;
  return !header.bigTiff && at !== undefined && at >= size && at >= TWO_32 && at < 2 ** 40;
}

/**
 * Walk the IFD chain from the header: loop guard on offsets already seen,
 * at most MAX_IFDS directories, SubIFDs one level deep.
 */
export async function readTiffStructure(source: ByteSource, head: Buffer): Promise<TiffStructure | { error: string }> {
  const header = parseHeader(head);
  if ('error' in header) return header;
  const ifds: Ifd[] = [];
  const seen = new Set<number>();
  let reader = new TiffReader(source, header);
  let offset = header.firstIfd;
  const ndpi = await tryNdpi(source, header);
  if (ndpi) {
    reader = ndpi.reader;
    ifds.push(ndpi.ifd);
    seen.add(ndpi.ifd.offset);
    offset = ndpi.ifd.next;
  }
  while (offset !== 0) {
    if (seen.has(offset)) {
      reader.problem('unreadable', 'the IFD chain loops back on itself');
      break;
    }
    if (ifds.length >= MAX_IFDS) break;
    seen.add(offset);
    if (offset >= source.size) {
      reader.problem('truncated', `IFD ${ifds.length} lies past the end of the file`);
      break;
    }
    const ifd = await readIfd(reader, offset, `IFD ${ifds.length}`, ifds[0]);
    if (!ifd) break;
    const subEntry = ifd.entries.get(SUBIFDS_TAG);
    if (subEntry) {
      const subOffsets = await reader.numbers(subEntry, MAX_SUBIFDS);
      for (const [i, subOffset] of subOffsets.entries()) {
        if (seen.has(subOffset)) continue;
        seen.add(subOffset);
        if (subOffset >= source.size) { reader.problem('truncated', `SubIFD ${i} of IFD ${ifds.length} lies past the end of the file`); continue; }
        const sub = await readIfd(reader, subOffset, `SubIFD ${i} of IFD ${ifds.length}`);
        if (sub) ifd.subIfds.push(sub);
      }
    }
    ifds.push(ifd);
    offset = ifd.next;
  }
  if (ifds.length === 0 && looksLikeNdpiPointerPastEof(header, source.size)) {
    // The classic reading found garbage; the 8-byte NDPI pointer says why: the IFDs were cut off.
    reader.problems.length = 0;
    reader.problem('truncated', 'IFD 0 (NDPI 64-bit pointer) lies past the end of the file');
  }
  return { header: reader.header, ifds, reader };
}
