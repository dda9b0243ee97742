import { createRequire } from 'node:module';
import type { DataSet } from 'dicom-parser';
import { dicomParser } from './dicom-parser.js';
import { readAt, type ProbeInput } from '../types.js';
import { plainMetaSopClass, readPlainDirectory, readPlainHeader } from './fast-header.js';
import { readDirectoryRecordsLeniently } from './lenient-records.js';

export const PIXEL_DATA = 'x7fe00010';
export const ENCAPSULATED_DOCUMENT = 'x00420011';
const EXPLICIT_LITTLE = '1.2.840.10008.1.2.1';
const IMPLICIT_LITTLE = '1.2.840.10008.1.2';
const EXPLICIT_BIG = '1.2.840.10008.1.2.2';

/** Reads grow from the 4 KB head to these sizes; headers almost always end in the first 64 KB. */
const READ_STEPS = [64 * 1024, 1024 * 1024, 16 * 1024 * 1024];
/** A deflated dataset could inflate without bound (zeros); stop well before memory is at risk. */
const MAX_INFLATED_BYTES = 128 * 1024 * 1024;
const PREAMBLE = 132;

export interface ParsedDicom {
  dataSet: DataSet;
  /** True when the file starts with the 128-byte preamble and `DICM`. */
  hasPreamble: boolean;
  /** Bytes to subtract from a data offset to get a file offset (a synthetic preamble was added). */
  shift: number;
  /** Parsing stopped before finishing: the partial data set is all there is. */
  partial: boolean;
  /** The whole file was in the buffer and the parser ran out of bytes: the file ends too early. */
  endsEarly: boolean;
  /** Parsing failed for another reason than running out of bytes (malformed or absurdly nested). */
  damaged: boolean;
  /** Offsets refer to the inflated stream, not the file (deflated transfer syntax). */
  deflated: boolean;
  /** Why parsing stopped early, for the finding's details (never file content). */
  reason?: string;
  /** The meta group's transfer syntax when the data set was read apart from it (its offsets are not the data set's). */
  declaredTransferSyntax?: string;
  /** A DICOMDIR whose record sequence is cut short: how many whole records before the cut were read leniently. */
  directoryRecordsBeforeCut?: number;
}

/** dicom-parser throws strings, plain objects carrying a partial data set, and Errors. */
interface ParserException {
  exception?: unknown;
  dataSet?: DataSet;
}

function reasonOf(err: unknown): string {
  const inner = err && typeof err === 'object' && 'exception' in err ? (err as ParserException).exception : err;
  if (inner instanceof Error) return inner.message.slice(0, 200);
  if (typeof inner === 'string') return inner.slice(0, 200);
  return 'unknown parser error';
}

/**
 * dicom-parser's ways of saying it needed bytes beyond the end of the buffer.
 * "invalid value for parameter 'maxPosition'" (spelt "maxP osition" in its
 * explicit-VR parser) is how it says a sequence or item claims more bytes than
 * are left: pydicom's rtplan_truncated and DICOMDIR-nooffset.
 */
function ranOutOfBytes(err: unknown): boolean {
  return /overrun|overread|past end|maxP ?osition/i.test(reasonOf(err));
}

function partialDataSetOf(err: unknown): DataSet | undefined {
  if (err && typeof err === 'object' && 'dataSet' in err) return (err as ParserException).dataSet;
  return undefined;
}

/**
 * Inflate what we have of a deflated dataset. Z_SYNC_FLUSH lets a prefix of
 * the stream inflate without the "unexpected end of file" error.
 */
function inflater(bytes: Uint8Array, position: number): Uint8Array {
  // node:zlib on first use: only a deflated data set needs it (start-up, issue 15).
  const { constants: zlibConstants, inflateRawSync } = createRequire(import.meta.url)('node:zlib') as typeof import('node:zlib');
  const source = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const inflated = inflateRawSync(source.subarray(position), {
    finishFlush: zlibConstants.Z_SYNC_FLUSH,
    maxOutputLength: MAX_INFLATED_BYTES,
  });
  return Buffer.concat([source.subarray(0, position), inflated]);
}

function hasDicmMagic(buffer: Buffer): boolean {
  return buffer.length >= PREAMBLE && buffer.toString('latin1', 128, 132) === 'DICM';
}

/**
 * How to read a file without preamble: with its own 0002 group a synthetic
 * preamble lets dicom-parser read the meta; otherwise we say whether the first
 * element carries a two-letter VR (explicit) or a 4-byte length (implicit).
 */
function headlessPlan(buffer: Buffer): { transferSyntax?: string; addPreamble: boolean } {
  if (buffer.length >= 2 && buffer.readUInt16LE(0) === 0x0002) return { addPreamble: true };
  const vr = buffer.length >= 6 ? buffer.toString('latin1', 4, 6) : '';
  const explicit = /^[A-Z]{2}$/.test(vr);
  // Group 0008 that reads as 0x0800 little endian: the data set is big endian.
  if (explicit && buffer.readUInt16BE(0) === 0x0008) return { addPreamble: false, transferSyntax: EXPLICIT_BIG };
  return { addPreamble: false, transferSyntax: explicit ? EXPLICIT_LITTLE : IMPLICIT_LITTLE };
}

/** The element whose value ends last: the one an overrun happened in. */
function lastElementEnd(dataSet: DataSet): { tag: string; end: number } | undefined {
  let last: { tag: string; end: number } | undefined;
  for (const element of Object.values(dataSet.elements)) {
    if (element.hadUndefinedLength) continue;
    const end = element.dataOffset + element.length;
    if (!last || end > last.end) last = { tag: element.tag, end };
  }
  return last;
}

interface Attempt {
  dataSet?: DataSet;
  error?: unknown;
  directoryRecordsBeforeCut?: number;
}

/**
 * Whether the lean readers are tried first. Always on in the product; the differential tests turn it off to
 * hold the probe's answers (DicomInfo, findings) to dicom-parser's reading of the same bytes.
 */
export const leanReaders = { enabled: true };

function attempt(buffer: Buffer, transferSyntax: string | undefined, keptOnly: boolean): Attempt {
  // The common Part 10 header and a CD's DICOMDIR, read without dicom-parser's garbage; anything unusual is dicom-parser's, below.
  const plain = transferSyntax === undefined && leanReaders.enabled ? readPlainHeader(buffer, keptOnly) ?? readPlainDirectory(buffer) : undefined;
  if (plain) return { dataSet: plain };
  try {
    const options: Parameters<ReturnType<typeof dicomParser>['parseDicom']>[1] = { untilTag: PIXEL_DATA, inflater };
    if (transferSyntax) options.TransferSyntaxUID = transferSyntax;
    return { dataSet: dicomParser().parseDicom(buffer, options) };
  } catch (error) {
    const dataSet = partialDataSetOf(error);
    if (dataSet && dataSet.byteArrayParser === dicomParser().bigEndianByteArrayParser) return resumeBigEndian(buffer, dataSet, error);
    if (dataSet) return withLenientDirectoryRecords(buffer, dataSet, error);
    return { error };
  }
}

/**
 * A DICOMDIR whose record sequence fails part-way loses every record with
 * dicom-parser; keep the whole records before the failure, and the meta group
 * lost with the exception, so the directory is still read (and said to be cut).
 */
function withLenientDirectoryRecords(buffer: Buffer, dataSet: DataSet, error: unknown): Attempt {
  const records = readDirectoryRecordsLeniently(buffer, dataSet);
  if (!records) return { dataSet, error };
  mergeMetaGroup(buffer, dataSet);
  if (!records.cut) return { dataSet };
  return { dataSet, error, directoryRecordsBeforeCut: records.kept };
}

const UNDEFINED_LENGTH = 0xffffffff;
/** Enough for any real header; a bound so a crafted file cannot loop us. */
const MAX_RESUMES = 64;

/** Where the last element read ends: the next element's header starts there. */
function endOfElements(dataSet: DataSet): number {
  let end = 0;
  for (const element of Object.values(dataSet.elements)) end = Math.max(end, element.dataOffset + element.length);
  return end;
}

/**
 * dicom-parser reads a UN element of undefined length in a big-endian data
 * set with the big-endian reader, but its items are implicit VR little endian
 * (PS3.5 6.2.2, CP-246): it stops there and the header looks damaged (Clunie's
 * CT1 big-endian test file; dcmdump reads it). Read the UN sequence little
 * endian, then go on big endian after it. The meta group, lost with the
 * exception, is read again and merged in as parseDicom would have.
 */
function resumeBigEndian(buffer: Buffer, dataSet: DataSet, firstError: unknown): Attempt {
  let error: unknown = firstError;
  for (let round = 0; round < MAX_RESUMES && error !== undefined; round++) {
    const start = endOfElements(dataSet);
    if (start + 12 > buffer.length || buffer.toString('latin1', start + 4, start + 6) !== 'UN' || buffer.readUInt32BE(start + 8) !== UNDEFINED_LENGTH) break;
    const tag = `x${buffer.toString('hex', start, start + 2)}${buffer.toString('hex', start + 2, start + 4)}`;
    const element = { tag, vr: 'UN', dataOffset: start + 12, length: UNDEFINED_LENGTH, hadUndefinedLength: true } as DataSet['elements'][string];
    try {
      const little = new (dicomParser().ByteStream)(dicomParser().littleEndianByteArrayParser, buffer, start + 12);
      dicomParser().readSequenceItemsImplicit(little, element);
      dataSet.elements[tag] = element;
      const big = new (dicomParser().ByteStream)(dicomParser().bigEndianByteArrayParser, buffer, little.position);
      dicomParser().parseDicomDataSetExplicit(dataSet, big, buffer.length, { untilTag: PIXEL_DATA });
      error = undefined;
    } catch (next) {
      error = next;
    }
  }
  mergeMetaGroup(buffer, dataSet);
  return error === undefined ? { dataSet } : { dataSet, error };
}

function mergeMetaGroup(buffer: Buffer, dataSet: DataSet): void {
  try {
    const meta = dicomParser().readPart10Header(buffer);
    for (const [tag, element] of Object.entries(meta.elements)) dataSet.elements[tag] ??= element;
  } catch {
    // No readable meta group: the data set alone is what there is.
  }
}

export interface HeaderOptions {
  /**
   * Only the elements the probe reads (fast-header.ts SLICE_FIELD) from a plain header: its answer needs no more,
   * and the rest were most of its garbage (issue 15). Readers of the whole header (thumbnails) leave it off.
   */
  keptOnly?: boolean;
}

/**
 * Parse a DICOM header from a bounded prefix of the file, reading more only
 * when the parser ran out of bytes before reaching pixel data. Never throws:
 * returns undefined when nothing at all could be parsed.
 */
export async function parseDicomHeader(input: ProbeInput, options: HeaderOptions = {}): Promise<{ parsed?: ParsedDicom; reason?: string }> {
  const keptOnly = options.keptOnly ?? false;
  const { head } = input;
  const hasPreamble = hasDicmMagic(head);
  // Some writers put `DICM` straight before the data set, with no file meta group: read on from byte 132 as headless.
  const start = hasPreamble && head.length >= PREAMBLE + 2 && head.readUInt16LE(PREAMBLE) !== 0x0002 ? PREAMBLE : 0;
  const result = await parseFrom(input, hasPreamble, start, keptOnly);
  if (!hasPreamble || start !== 0 || (result.parsed && !result.parsed.partial)) return result;
  // The meta group names no transfer syntax, or the wrong one (pydicom's meta_missing_tsyntax, SC_rgb_jpeg):
  // read the data set after the meta group by what its first element looks like, as dcmdump and pydicom do.
  const metaEnd = endOfMetaGroup(head);
  if (metaEnd === undefined) return result;
  const retry = await parseFrom(input, hasPreamble, metaEnd, keptOnly);
  if (!retry.parsed || retry.parsed.partial) return result;
  const declared = declaredTransferSyntax(head);
  return declared ? { parsed: { ...retry.parsed, declaredTransferSyntax: declared } } : retry;
}

const MEDIA_STORAGE_DIRECTORY = '1.2.840.10008.1.3.10';

/** Whether the meta group says the file is a DICOMDIR (Media Storage Directory Storage). */
function isDirectory(head: Buffer): boolean {
  const lean = plainMetaSopClass(head);
  if (lean !== null) return lean === MEDIA_STORAGE_DIRECTORY;
  try {
    return dicomParser().readPart10Header(head).string('x00020002')?.trim() === MEDIA_STORAGE_DIRECTORY;
  } catch {
    return false;
  }
}

function declaredTransferSyntax(head: Buffer): string | undefined {
  try {
    return dicomParser().readPart10Header(head).string('x00020010')?.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Where the meta group ends, from its group length (0002,0000), when the file has one. */
function endOfMetaGroup(head: Buffer): number | undefined {
  if (head.length < PREAMBLE + 12 || head.readUInt32LE(PREAMBLE) !== 0x00000002 || head.toString('latin1', PREAMBLE + 4, PREAMBLE + 6) !== 'UL') return undefined;
  const end = PREAMBLE + 12 + head.readUInt32LE(PREAMBLE + 8);
  return end + 8 <= head.length ? end : undefined;
}

async function parseFrom(input: ProbeInput, hasPreamble: boolean, start: number, keptOnly: boolean): Promise<{ parsed?: ParsedDicom; reason?: string }> {
  const { head, size, handle } = input;
  const plan = hasPreamble && start === 0 ? { addPreamble: false, transferSyntax: undefined } : headlessPlan(head.subarray(start));
  const shift = plan.addPreamble ? PREAMBLE : -start;
  const frame = (raw: Buffer): Buffer => {
    if (plan.addPreamble) return Buffer.concat([Buffer.alloc(128), Buffer.from('DICM', 'latin1'), raw]);
    return start > 0 ? raw.subarray(start) : raw;
  };

  let raw = head;
  const steps = READ_STEPS.filter((step) => step > head.length);
  // A DICOMDIR holds a record for every file of the CD: its header is the whole file. Each shorter read
  // would be parsed (and read leniently) only to run out of bytes, so read what the last step would.
  if (start === 0 && hasPreamble && steps.length > 0 && size > head.length && isDirectory(head)) {
    const upTo = steps.find((step) => step >= size) ?? (steps[steps.length - 1] as number);
    steps.splice(0, steps.indexOf(upTo) + 1);
    raw = await readAt(handle, 0, Math.min(size, upTo));
  }
  for (;;) {
    const wholeFile = raw.length >= size;
    const { dataSet, error, directoryRecordsBeforeCut } = attempt(frame(raw), plan.transferSyntax, keptOnly);
    const transferSyntax = dataSet?.string('x00020010') ?? plan.transferSyntax;
    const deflated = transferSyntax === '1.2.840.10008.1.2.1.99';
    const reachedPixels = dataSet?.elements[PIXEL_DATA] !== undefined;
    if (dataSet && !error && (reachedPixels || wholeFile)) {
      return { parsed: { dataSet, hasPreamble, shift, partial: false, endsEarly: false, damaged: false, deflated } };
    }
    // An embedded PDF larger than the buffer: its offset and length are known, its bytes are not needed here.
    const last = dataSet ? lastElementEnd(dataSet) : undefined;
    const onlyDocumentMissing = last?.tag === ENCAPSULATED_DOCUMENT && last.end - shift <= size && !deflated;
    const next = steps.shift();
    if (dataSet && (onlyDocumentMissing || wholeFile || next === undefined)) {
      const reason = error ? reasonOf(error) : undefined;
      const partial = !onlyDocumentMissing;
      const outOfBytes = error === undefined || ranOutOfBytes(error);
      const endsEarly = partial && wholeFile && outOfBytes;
      const damaged = partial && !outOfBytes;
      const cutDirectory = directoryRecordsBeforeCut === undefined ? {} : { directoryRecordsBeforeCut };
      return { parsed: { dataSet, hasPreamble, shift, partial, endsEarly, damaged, deflated, ...cutDirectory, ...(reason ? { reason } : {}) } };
    }
    if (wholeFile || next === undefined) return { reason: reasonOf(error) };
    raw = await readAt(handle, 0, Math.min(size, next));
  }
}
