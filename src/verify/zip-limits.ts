import type { Entry } from '@zip.js/zip.js';
import { finding } from '../findings/codes.js';
import type { Finding } from '../model/finding.js';
import type { FileHandleReader } from './file-reader.js';

/**
 * Limits that keep `verify` of a hostile ZIP fast and small (B6). A packet
 * holds PDFs, DICOM, JPEG and slides: casepack's own packets deflate at most
 * ~5:1 (the demo case), and the most compressible real files in the public
 * corpus (sparse DICOM, multi-channel OME-TIFF) reach ~33:1. DEFLATE's ceiling
 * is ~1032:1, which only long runs of one byte reach.
 */
export const MAX_ENTRY_RATIO = 200;
/** Entries that declare no more than this are not judged by ratio: alone they cannot hurt. */
export const RATIO_EXEMPT_BYTES = 1024 * 1024;
/** All inflation together may reach this multiple of the ZIP's own size… */
export const BUDGET_RATIO = 100;
/** …plus this floor, so that small packets of text are never refused. */
export const BUDGET_FLOOR_BYTES = 64 * 1024 * 1024;

export function inflateBudget(zipBytes: number): number {
  return BUDGET_RATIO * zipBytes + BUDGET_FLOOR_BYTES;
}

const LOCAL_HEADER_BYTES = 30;
const LOCAL_HEADER_SIGNATURE = 0x04034b50;
/** Names shown in one finding; the message gives the full count. */
const NAMES_SHOWN = 10;

/** Where an entry's bytes begin and end in the file, local header included. */
async function byteRange(reader: FileHandleReader, entry: Entry): Promise<{ start: number; end: number }> {
  const header = Buffer.from(await reader.readUint8Array(entry.offset, LOCAL_HEADER_BYTES));
  // A missing local header is damage the read reports later; the central record's name length stands in.
  const variable = header.length === LOCAL_HEADER_BYTES && header.readUInt32LE(0) === LOCAL_HEADER_SIGNATURE
    ? header.readUInt16LE(26) + header.readUInt16LE(28)
    : entry.rawFilename.length;
  return { start: entry.offset, end: entry.offset + LOCAL_HEADER_BYTES + variable + entry.compressedSize };
}

/**
 * Entries whose bytes overlap (several central records at one local header, or
 * a record pointing into another entry's data): the classic way to make a
 * 1 MB file unpack to terabytes. Found from the headers alone, before any inflation.
 */
export async function overlappingEntries(reader: FileHandleReader, entries: readonly Entry[]): Promise<Finding | undefined> {
  const ranges = await Promise.all(entries.map(async (entry) => ({ entry, ...(await byteRange(reader, entry)) })));
  ranges.sort((a, b) => a.start - b.start || a.end - b.end);
  const overlapping = new Set<string>();
  let furthest: (typeof ranges)[number] | undefined;
  for (const range of ranges) {
    if (furthest && range.start < furthest.end) {
      overlapping.add(furthest.entry.filename);
      overlapping.add(range.entry.filename);
    }
    if (!furthest || range.end > furthest.end) furthest = range;
  }
  if (overlapping.size === 0) return undefined;
  const names = [...overlapping];
  return finding('VERIFY_OVERLAPPING_ENTRIES', names.slice(0, NAMES_SHOWN), {
    message: `${names.length} entries of the ZIP share the same bytes: a ZIP bomb, not a packet; nothing was unpacked.`,
  });
}

function ratioOf(entry: Entry): number {
  return entry.uncompressedSize / Math.max(1, entry.compressedSize);
}

/** Entries whose declared uncompressed/compressed ratio no real packet has; they are never inflated. */
export function ratioBombs(entries: readonly Entry[]): { refused: Set<Entry>; findings: Finding[] } {
  const refused = new Set<Entry>();
  const findings: Finding[] = [];
  for (const entry of entries) {
    if (entry.directory || entry.uncompressedSize <= RATIO_EXEMPT_BYTES || ratioOf(entry) <= MAX_ENTRY_RATIO) continue;
    refused.add(entry);
    findings.push(finding('VERIFY_RATIO_BOMB', entry.filename, {
      details: { compressedBytes: entry.compressedSize, declaredBytes: entry.uncompressedSize, ratio: Math.round(ratioOf(entry)), maxRatio: MAX_ENTRY_RATIO },
    }));
  }
  return { refused, findings };
}

/** The packet as a whole declares more than the budget: nothing is inflated. */
export function overBudget(entries: readonly Entry[], zipBytes: number): Finding | undefined {
  const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  const budget = inflateBudget(zipBytes);
  if (declared <= budget) return undefined;
  return finding('VERIFY_RATIO_BOMB', [], {
    message: `The packet's entries would unpack to ${declared} bytes from a ${zipBytes}-byte file, more than any real packet: a ZIP bomb; nothing was unpacked.`,
    details: { zipBytes, declaredBytes: declared, budgetBytes: budget },
  });
}

/**
 * Counts what is inflated while it streams: an entry that yields more than it
 * declares, or a packet past its budget, is stopped at once (zip.js itself
 * only compares the size after inflating everything).
 */
export class InflateGuard {
  private total = 0;

  constructor(private readonly budget: number) {}

  /** Call with each inflated chunk of `entry`; `soFar` is the entry's bytes before this chunk. */
  count(entry: Entry, soFar: number, chunk: Uint8Array): void {
    this.total += chunk.length;
    if (soFar + chunk.length > entry.uncompressedSize) {
      throw new Error(`the entry inflates to more than the ${entry.uncompressedSize} bytes it declares`);
    }
    if (this.total > this.budget) throw new Error(`the packet inflates to more than its budget of ${this.budget} bytes`);
  }
}
