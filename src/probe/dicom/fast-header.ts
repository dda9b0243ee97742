import type { DataSet, Element } from 'dicom-parser';

import { dicomParser, newLittleEndianDataSet } from './dicom-parser.js';

/**
 * A lean reader for the common DICOM header: Part 10 (preamble, `DICM`, meta
 * group), an explicit little-endian data set, read up to its pixel data.
 * dicom-parser names every element with a new hex string and builds a data
 * set for every sequence item; on a 3,000-slice CD that was most of the
 * probe's time and much of its garbage (issue 15). This walks the same bytes
 * the same way, with numeric tags and shared names, and gives back the same
 * top-level elements in a dicom-parser DataSet, so every reader of the result
 * is unchanged.
 *
 * It only answers when it is sure dicom-parser would have read the header
 * cleanly to the pixel data: anything else (implicit VR, big endian,
 * deflated, an undefined-length value outside a sequence, a structured
 * report's or DICOMDIR's sequences, which are read item by item later, any
 * read past the buffer) returns undefined and the caller runs dicom-parser,
 * whose findings and partial results stay the ones users get.
 * Items of sequences are walked, not kept: no top-level sequence element
 * here has `items`.
 */


const PIXEL_DATA = 0x7fe00010;
const ITEM = 0xfffee000;
const ITEM_DELIMITER = 0xfffee00d;
const SEQUENCE_DELIMITER = 0xfffee0dd;
const UNDEFINED_LENGTH = 0xffffffff;
const PREAMBLE = 132;
/** Transfer syntaxes whose data set is not explicit little endian. */
const NOT_EXPLICIT_LITTLE = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.2', '1.2.840.10008.1.2.1.99']);
/** Top-level sequences something reads item by item (SR content, DICOMDIR records): dicom-parser builds those. */
const SEQUENCES_READ_LATER = new Set([0x0040a043, 0x0040a168, 0x0040a300, 0x0040a730, 0x00041220]);
/** Nesting beyond this is no scanner's header: leave it to dicom-parser. */
const MAX_DEPTH = 32;

/** Why the lean reader stepped aside; never shown (dicom-parser reads the file again and says what is wrong). */
class NotPlain extends Error {}
const NOT_PLAIN = new NotPlain();

/** One shared string per tag and VR, as dicom-parser spells them (`x0008103e`, `SQ`): a CD repeats the same few hundred. */
const TAG_NAMES_MAX = 8192;
const tagNames = new Map<number, string>();
function tagName(tag: number): string {
  let name = tagNames.get(tag);
  if (name === undefined) {
    name = `x${tag.toString(16).padStart(8, '0')}`;
    if (tagNames.size < TAG_NAMES_MAX) tagNames.set(tag, name);
  }
  return name;
}
const vrNames = new Map<number, string>();
function vrName(bytes: Buffer, at: number): string {
  const code = (bytes[at] as number) | ((bytes[at + 1] as number) << 8);
  let name = vrNames.get(code);
  if (name === undefined) {
    // dicom-parser's own reading of the two bytes (a NUL ends it), so odd VRs compare as they do there.
    name = readFixedString(bytes, at, 2);
    vrNames.set(code, name);
  }
  return name;
}

function hasLongLength(vr: string): boolean {
  return vr === 'OB' || vr === 'OD' || vr === 'OL' || vr === 'OW' || vr === 'SQ' || vr === 'OF' || vr === 'UC' || vr === 'UR' || vr === 'UT' || vr === 'UN';
}

interface Header {
  tag: number;
  vr: string;
  length: number;
  dataOffset: number;
}

class Walker {
  position: number;
  constructor(readonly bytes: Buffer, start: number) {
    this.position = start;
  }

  private need(count: number): void {
    if (this.position + count > this.bytes.length) throw NOT_PLAIN;
  }

  private tag(): number {
    this.need(4);
    const { bytes, position } = this;
    this.position += 4;
    return (((bytes[position + 1] as number) << 24) | ((bytes[position] as number) << 16) | ((bytes[position + 3] as number) << 8) | (bytes[position + 2] as number)) >>> 0;
  }

  /** The element header `next` read last: kept on the walker, so walking a slice builds no object per element. */
  currentTag = 0;
  currentVr = '';
  currentLength = 0;
  currentOffset = 0;

  /** An explicit-VR element header, as readDicomElementExplicit reads it, into the current* fields. */
  next(): void {
    this.currentTag = this.tag();
    this.need(2);
    const vr = vrName(this.bytes, this.position);
    this.position += 2;
    if (hasLongLength(vr)) {
      this.position += 2;
      this.need(4);
      this.currentLength = this.bytes.readUInt32LE(this.position);
      this.position += 4;
    } else {
      this.need(2);
      this.currentLength = this.bytes.readUInt16LE(this.position);
      this.position += 2;
    }
    this.currentVr = vr;
    this.currentOffset = this.position;
  }

  /** An explicit-VR element header as an object (the meta group and DICOMDIR records keep theirs). */
  header(): Header {
    this.next();
    return { tag: this.currentTag, vr: this.currentVr, length: this.currentLength, dataOffset: this.currentOffset };
  }

  /** Past the value of the element `next` read last (nested or top level, pixel data excepted). */
  skipCurrent(depth: number): void {
    if (this.currentVr === 'SQ') {
      this.skipSequenceAt(this.currentLength, this.currentOffset, depth);
      return;
    }
    // Undefined lengths outside sequences (encapsulated data, UN, delimiter scans) are rare in headers: dicom-parser's.
    if (this.currentLength === UNDEFINED_LENGTH) throw NOT_PLAIN;
    this.position += this.currentLength;
  }

  /** Past an element's value, where dicom-parser's reader would be. */
  skipValue(element: Header, depth: number): void {
    if (element.vr === 'SQ') {
      this.skipSequenceAt(element.length, element.dataOffset, depth);
      return;
    }
    if (element.length === UNDEFINED_LENGTH) throw NOT_PLAIN;
    this.position += element.length;
  }

  /** readSequenceItemsExplicit; returns the sequence's length (undefined lengths are measured, as there). */
  skipSequenceAt(length: number, dataOffset: number, depth: number): number {
    if (depth >= MAX_DEPTH) throw NOT_PLAIN;
    if (length !== UNDEFINED_LENGTH) {
      const end = dataOffset + length;
      while (this.position < end) this.skipItem(depth);
      return length;
    }
    while (this.position + 4 <= this.bytes.length) {
      const at = this.position;
      if (this.tag() === SEQUENCE_DELIMITER) {
        this.position = at + 8;
        return at - dataOffset;
      }
      this.position = at;
      this.skipItem(depth);
    }
    throw NOT_PLAIN;
  }

  private skipItem(depth: number): void {
    if (this.tag() !== ITEM) throw NOT_PLAIN;
    this.need(4);
    const length = this.bytes.readUInt32LE(this.position);
    this.position += 4;
    if (length === UNDEFINED_LENGTH) {
      while (this.position < this.bytes.length) {
        // The delimiter is read as an element, value and all, before it is recognised (readDicomDataSetExplicitUndefinedLength).
        this.next();
        const tag = this.currentTag;
        this.skipCurrent(depth + 1);
        if (tag === ITEM_DELIMITER) return;
      }
      throw NOT_PLAIN;
    }
    const end = this.position + length;
    if (end > this.bytes.length) throw NOT_PLAIN;
    while (this.position < end) {
      this.next();
      this.skipCurrent(depth + 1);
    }
    if (this.position > end) throw NOT_PLAIN;
  }

  /**
   * A DICOMDIR's record sequence as readSequenceItemsExplicit reads it, each record's type and referenced file ID
   * noted in `records` (where their values lie; no object per record). The element keeps no `items`.
   */
  readRecords(sequence: Header, records: DirectoryRecords): Element {
    let length = sequence.length;
    if (length !== UNDEFINED_LENGTH) {
      const end = sequence.dataOffset + length;
      while (this.position < end) this.readRecord(records);
    } else {
      for (;;) {
        // The end of the bytes before the delimiter is a warning there (and the sequence's length changes): dicom-parser's.
        if (this.position + 4 > this.bytes.length) throw NOT_PLAIN;
        const at = this.position;
        if (this.tag() === SEQUENCE_DELIMITER) {
          this.position = at + 8;
          length = at - sequence.dataOffset;
          break;
        }
        this.position = at;
        this.readRecord(records);
      }
    }
    return element(sequence, length);
  }

  /** One item of the record sequence (readSequenceItemExplicit), walked as skipItem walks one. */
  private readRecord(records: DirectoryRecords): void {
    if (this.tag() !== ITEM) throw NOT_PLAIN;
    this.need(4);
    const length = this.bytes.readUInt32LE(this.position);
    this.position += 4;
    const record = records.add();
    if (length === UNDEFINED_LENGTH) {
      while (this.position < this.bytes.length) {
        this.next();
        const tag = this.currentTag;
        this.noteRecordElement(records, record);
        this.skipCurrent(1);
        if (tag === ITEM_DELIMITER) return;
      }
      throw NOT_PLAIN;
    }
    const end = this.position + length;
    if (end > this.bytes.length) throw NOT_PLAIN;
    while (this.position < end) {
      this.next();
      this.noteRecordElement(records, record);
      this.skipCurrent(1);
    }
    if (this.position > end) throw NOT_PLAIN;
  }

  /** The element `next` read last, noted when it is a record's type or file ID (the last one wins, as in a data set's elements). */
  private noteRecordElement(records: DirectoryRecords, record: number): void {
    const tag = this.currentTag;
    if (tag !== RECORD_TYPE && tag !== REFERENCED_FILE_ID) return;
    if (this.currentVr === 'SQ') throw NOT_PLAIN;
    records.note(record, tag === RECORD_TYPE ? RECORD_TYPE_SLOT : FILE_ID_SLOT, this.currentOffset, this.currentLength);
  }
}

const RECORD_TYPE = 0x00041430;
const REFERENCED_FILE_ID = 0x00041500;
/** A record's two values, by slot. */
export const RECORD_TYPE_SLOT = 0;
export const FILE_ID_SLOT = 1;

/**
 * A DICOMDIR's directory records as the lean reader found them: for each record, where its Directory Record Type
 * and Referenced File ID values lie in the DICOMDIR's bytes (offset and length, or offset -1 when the record has
 * none), in two typed arrays. A CD's DICOMDIR holds a record for every file; a data set per record, all built
 * before the first was looked at, was ~17 MB of promoted garbage at 20,000 files (issue 15, memory flat).
 */
export class DirectoryRecords {
  /** Per record, two slots (type, file ID): the value's offset, -1 when absent. */
  private offsets = new Int32Array(2 * 256);
  /** Per record, two slots: the value's length (an element's length is at most 0xfffffffe: not an Int32). */
  private lengths = new Float64Array(2 * 256);
  count = 0;

  constructor(readonly bytes: Buffer) {}

  /** A new record with neither element; its number. */
  add(): number {
    if (2 * (this.count + 1) > this.offsets.length) {
      const offsets = new Int32Array(this.offsets.length * 2);
      offsets.set(this.offsets);
      this.offsets = offsets;
      const lengths = new Float64Array(this.lengths.length * 2);
      lengths.set(this.lengths);
      this.lengths = lengths;
    }
    const record = this.count++;
    this.offsets[2 * record] = -1;
    this.offsets[2 * record + 1] = -1;
    return record;
  }

  note(record: number, slot: number, offset: number, length: number): void {
    this.offsets[2 * record + slot] = offset;
    this.lengths[2 * record + slot] = length;
  }

  /** Where the value of `slot` (RECORD_TYPE_SLOT, FILE_ID_SLOT) of record `record` lies: its offset, -1 when the record has no such element. */
  valueOffset(record: number, slot: number): number {
    return this.offsets[2 * record + slot] as number;
  }

  valueLength(record: number, slot: number): number {
    return this.lengths[2 * record + slot] as number;
  }
}

function element(header: Header, length = header.length): Element {
  const out = { tag: tagName(header.tag), vr: header.vr, length, dataOffset: header.dataOffset } as Element;
  if (header.length === UNDEFINED_LENGTH) out.hadUndefinedLength = true;
  return out;
}

/**
 * The header's top-level elements (meta group and data set, up to and with the pixel data element) as
 * `dicomParser().parseDicom(bytes, { untilTag: 'x7fe00010' })` gives them, or undefined when this reader
 * cannot promise that.
 */
export function readPlainHeader(bytes: Buffer, keptOnly = false): DataSet | undefined {
  return readIfPlain(bytes, keptOnly ? readKept : readAll);
}

/** `reader`'s data set of a Part 10 file, or undefined when the file is not one or the reader finds it is not plain. */
function readIfPlain(bytes: Buffer, reader: (bytes: Buffer) => DataSet | undefined): DataSet | undefined {
  if (bytes.length < PREAMBLE + 8 || bytes.toString('latin1', 128, 132) !== 'DICM') return undefined;
  try {
    return reader(bytes);
  } catch (err) {
    if (err instanceof NotPlain) return undefined;
    throw err;
  }
}

/** The meta group as readPart10Header reads it, and its transfer syntax; the walker is left at the data set's first element. */
function readMeta(walker: Walker, bytes: Buffer): { meta: Record<string, Element>; transferSyntax: string; sopClass: string | undefined } | undefined {
  const head = readMetaGroup(walker, bytes);
  if (head?.transferSyntax === undefined || NOT_EXPLICIT_LITTLE.has(head.transferSyntax)) return undefined;
  return { ...head, transferSyntax: head.transferSyntax };
}

/**
 * The meta group's Media Storage SOP Class UID as `dicomParser().readPart10Header(bytes).string('x00020002')`
 * reads it (trimmed; undefined when absent), or null when only dicom-parser can say (no `DICM`, a meta
 * group this reader steps aside for). Asked of every file's first 4 KB to spot a DICOMDIR, where
 * dicom-parser parsed the meta group again for each slice (issue 15).
 */
export function plainMetaSopClass(bytes: Buffer): string | undefined | null {
  if (bytes.length < PREAMBLE + 8 || bytes.toString('latin1', 128, 132) !== 'DICM') return null;
  try {
    const head = readMetaGroup(new Walker(bytes, PREAMBLE), bytes);
    return head ? head.sopClass : null;
  } catch (err) {
    if (err instanceof NotPlain) return null;
    throw err;
  }
}

function readMetaGroup(walker: Walker, bytes: Buffer): { meta: Record<string, Element>; transferSyntax: string | undefined; sopClass: string | undefined } | undefined {
  const meta: Record<string, Element> = {};
  let transferSyntax: string | undefined;
  let sopClass: string | undefined;
  // readPart10Header: meta elements, then the first element after them is read (and its value passed) before it stops.
  for (;;) {
    if (walker.position >= bytes.length) return undefined;
    const at = walker.position;
    const header = walker.header();
    if (header.length === UNDEFINED_LENGTH || header.vr === 'SQ') return undefined;
    walker.position += header.length;
    if (header.tag > 0x0002ffff) {
      walker.position = at;
      break;
    }
    const kept = element(header);
    kept.parser = dicomParser().littleEndianByteArrayParser;
    meta[kept.tag] = kept;
    if (header.tag === 0x00020010 || header.tag === 0x00020002) {
      if (header.dataOffset + header.length > bytes.length) return undefined;
      const value = readFixedString(bytes, header.dataOffset, header.length);
      if (header.tag === 0x00020010) transferSyntax = value;
      // As DataSet.string reads it: an empty value is no value.
      else sopClass = header.length === 0 ? undefined : value.trim();
    }
  }
  return { meta, transferSyntax, sopClass };
}

/** The data set's elements, then the meta group's, in a DataSet: as parseDicom merges them. */
function dataSetOf(bytes: Buffer, elements: Record<string, Element>, meta: Record<string, Element>): DataSet {
  for (const [tag, kept] of Object.entries(meta)) elements[tag] = kept;
  const dataSet = newLittleEndianDataSet(bytes, elements);
  dataSet.warnings = [];
  return dataSet;
}

/**
 * The elements a slice is read for (probe/dicom/index.ts: `describe`, the truncation check, the DICOM-or-not
 * checks, the transfer syntax), by field name: the lean reader keeps these and walks past the rest, building no
 * object for them (a CT slice carries ~40 other top-level elements; their objects were most of the reader's
 * garbage, issue 15). A field's number is its place here.
 */
const SLICE_FIELD_TAGS = {
  mediaStorageSopClass: 0x00020002,
  transferSyntax: 0x00020010,
  characterSet: 0x00080005,
  imageType: 0x00080008,
  sopClass: 0x00080016,
  sopInstance: 0x00080018,
  studyDate: 0x00080020,
  seriesDate: 0x00080021,
  acquisitionDate: 0x00080022,
  contentDate: 0x00080023,
  /** Acquisition DateTime (DT), for enhanced objects that carry no AcquisitionDate. */
  acquisitionDateTime: 0x0008002a,
  modality: 0x00080060,
  manufacturer: 0x00080070,
  institution: 0x00080080,
  studyDescription: 0x00081030,
  seriesDescription: 0x0008103e,
  patientName: 0x00100010,
  patientId: 0x00100020,
  issuerOfPatientId: 0x00100021,
  patientBirthDate: 0x00100030,
  bodyPart: 0x00180015,
  studyInstance: 0x0020000d,
  seriesInstance: 0x0020000e,
  seriesNumber: 0x00200011,
  instanceNumber: 0x00200013,
  numberOfFrames: 0x00280008,
  rows: 0x00280010,
  columns: 0x00280011,
  encapsulatedDocument: 0x00420011,
  pixelData: PIXEL_DATA,
  // A structured report's own values at its root (sr.ts): its sequences are dicom-parser's (SEQUENCES_READ_LATER).
  textValue: 0x0040a160,
  personNameValue: 0x0040a123,
  dateValue: 0x0040a121,
} as const;
export type SliceFieldName = keyof typeof SLICE_FIELD_TAGS;

/** Each field's number (its slot in SliceFields). */
export const SLICE_FIELD = Object.fromEntries(Object.keys(SLICE_FIELD_TAGS).map((name, slot) => [name, slot])) as Record<SliceFieldName, number>;
/** Each field's tag, by number. */
export const SLICE_FIELD_TAG_LIST: readonly number[] = Object.values(SLICE_FIELD_TAGS);
/** Each field's tag as dicom-parser names it (`x00080060`), by number. */
export const SLICE_FIELD_TAG_NAMES: readonly string[] = SLICE_FIELD_TAG_LIST.map((tag) => tagName(tag));
const FIELD_COUNT = SLICE_FIELD_TAG_LIST.length;
const SLOT_OF_TAG = new Map<number, number>(SLICE_FIELD_TAG_LIST.map((tag, slot) => [tag, slot]));
export const SLICE_TAGS_KEPT: ReadonlySet<number> = new Set(SLICE_FIELD_TAG_LIST);

/**
 * Where each field's value lies in a header's bytes, as dicom-parser's element for it would say (data offset,
 * length, undefined length, VR), one slot per field: read straight from the bytes with no object per element.
 * One of these is reused for every slice (a probe reads and describes its header without waiting in between).
 */
export class SliceFields {
  /** The value's offset in `bytes`, or -1 when the element is absent. */
  readonly offsets = new Int32Array(FIELD_COUNT);
  /** The value's length (a sequence's measured one, as dicom-parser keeps it). */
  readonly lengths = new Float64Array(FIELD_COUNT);
  /** 1 when the element had an undefined length. */
  readonly undefinedLengths = new Uint8Array(FIELD_COUNT);
  readonly vrs: string[] = new Array<string>(FIELD_COUNT).fill('');
  /** 1 when the element is the meta group's (dicom-parser gives those their own parser). */
  readonly fromMeta = new Uint8Array(FIELD_COUNT);
  bytes: Buffer = Buffer.alloc(0);

  clear(bytes: Buffer): void {
    this.bytes = bytes;
    this.offsets.fill(-1);
    this.fromMeta.fill(0);
  }

  has(slot: number): boolean {
    return (this.offsets[slot] as number) >= 0;
  }

  set(slot: number, vr: string, dataOffset: number, length: number, undefinedLength: boolean, fromMeta: boolean): void {
    this.offsets[slot] = dataOffset;
    this.lengths[slot] = length;
    this.undefinedLengths[slot] = undefinedLength ? 1 : 0;
    this.vrs[slot] = vr;
    this.fromMeta[slot] = fromMeta ? 1 : 0;
  }
}

/**
 * A plain slice's fields (the header as `readPlainHeader` reads it, the kept elements only) into `fields`;
 * false when this reader cannot promise dicom-parser's reading (then `fields` holds nothing to use).
 */
export function readPlainSlice(bytes: Buffer, fields: SliceFields): boolean {
  if (bytes.length < PREAMBLE + 8 || bytes.toString('latin1', 128, 132) !== 'DICM') return false;
  fields.clear(bytes);
  try {
    return walkSlice(bytes, fields);
  } catch (err) {
    if (err instanceof NotPlain) return false;
    throw err;
  }
}

function walkSlice(bytes: Buffer, fields: SliceFields): boolean {
  const walker = new Walker(bytes, PREAMBLE);
  // The meta group as readMetaGroup reads it (readPart10Header); the walker stops at the data set's first element.
  let transferSyntax: string | undefined;
  for (;;) {
    if (walker.position >= bytes.length) return false;
    const at = walker.position;
    walker.next();
    const tag = walker.currentTag;
    if (walker.currentLength === UNDEFINED_LENGTH || walker.currentVr === 'SQ') return false;
    if (tag > 0x0002ffff) {
      walker.position = at;
      break;
    }
    walker.position += walker.currentLength;
    if (tag === 0x00020010 || tag === 0x00020002) {
      if (walker.currentOffset + walker.currentLength > bytes.length) return false;
      if (tag === 0x00020010) transferSyntax = readFixedString(bytes, walker.currentOffset, walker.currentLength);
      fields.set(SLOT_OF_TAG.get(tag) as number, walker.currentVr, walker.currentOffset, walker.currentLength, false, true);
    }
  }
  if (transferSyntax === undefined || NOT_EXPLICIT_LITTLE.has(transferSyntax)) return false;

  while (walker.position < bytes.length) {
    walker.next();
    const tag = walker.currentTag;
    if (tag === PIXEL_DATA) {
      fields.set(SLICE_FIELD.pixelData, walker.currentVr, walker.currentOffset, walker.currentLength, walker.currentLength === UNDEFINED_LENGTH, false);
      return true;
    }
    // parseDicom lays the meta group over the data set: a meta element stays whatever the data set repeats.
    let slot = SLOT_OF_TAG.get(tag);
    if (slot !== undefined && fields.fromMeta[slot] === 1) slot = undefined;
    if (walker.currentVr === 'SQ') {
      if (SEQUENCES_READ_LATER.has(tag) || tag >>> 16 === 0x0004) return false;
      const { currentLength, currentOffset } = walker;
      const length = walker.skipSequenceAt(currentLength, currentOffset, 0);
      if (slot !== undefined) fields.set(slot, 'SQ', currentOffset, length, currentLength === UNDEFINED_LENGTH, false);
      continue;
    }
    if (slot !== undefined) fields.set(slot, walker.currentVr, walker.currentOffset, walker.currentLength, walker.currentLength === UNDEFINED_LENGTH, false);
    walker.skipCurrent(0);
  }
  // Read to the end without pixel data: the cases around that (cut files, documents) are dicom-parser's.
  return false;
}

/** dicom-parser's readFixedString (the caller checks the bounds): the bytes as char codes, up to the first NUL. */
function readFixedString(bytes: Buffer, at: number, length: number): string {
  let end = at;
  const stop = at + length;
  while (end < stop && bytes[end] !== 0) end++;
  return bytes.toString('latin1', at, end);
}

/** One SliceFields for `read`, which turns it into a DataSet before it returns. */
const fieldsForDataSet = new SliceFields();
const NO_BYTES = Buffer.alloc(0);

/**
 * Every top-level element, for readers of the whole header (review thumbnails read the pixel module); walked
 * as readPlainSlice walks it.
 */
function readAll(bytes: Buffer): DataSet | undefined {
  const walker = new Walker(bytes, PREAMBLE);
  const head = readMeta(walker, bytes);
  if (!head) return undefined;

  const elements: Record<string, Element> = {};
  while (walker.position < bytes.length) {
    const header = walker.header();
    if (header.tag === PIXEL_DATA) {
      elements[tagName(PIXEL_DATA)] = element(header);
      return dataSetOf(bytes, elements, head.meta);
    }
    if (header.vr === 'SQ') {
      if (SEQUENCES_READ_LATER.has(header.tag) || header.tag >>> 16 === 0x0004) return undefined;
      elements[tagName(header.tag)] = element(header, walker.skipSequenceAt(header.length, header.dataOffset, 0));
      continue;
    }
    walker.skipValue(header, 0);
    elements[tagName(header.tag)] = element(header);
  }
  // Read to the end without pixel data: the cases around that (cut files, documents) are dicom-parser's.
  return undefined;
}

/** readPlainSlice's fields as the dicom-parser DataSet `parseDicom(bytes, { untilTag: 'x7fe00010' })` gives (kept elements only: the probe's). */
function readKept(bytes: Buffer): DataSet | undefined {
  const fields = fieldsForDataSet;
  fields.clear(bytes);
  const walked = walkSlice(bytes, fields);
  // The module keeps `fields`, not what it was last given: a CD's DICOMDIR (read whole, ~0.2 KB a file) stayed held to the end of the run.
  fields.bytes = NO_BYTES;
  if (!walked) return undefined;
  const elements: Record<string, Element> = {};
  for (let slot = 0; slot < FIELD_COUNT; slot++) {
    if (!fields.has(slot)) continue;
    const out = { tag: SLICE_FIELD_TAG_NAMES[slot], vr: fields.vrs[slot], length: fields.lengths[slot], dataOffset: fields.offsets[slot] } as Element;
    if (fields.undefinedLengths[slot]) out.hadUndefinedLength = true;
    if (fields.fromMeta[slot]) out.parser = dicomParser().littleEndianByteArrayParser;
    elements[out.tag] = out;
  }
  const dataSet = newLittleEndianDataSet(bytes, elements);
  dataSet.warnings = [];
  return dataSet;
}

const MEDIA_STORAGE_DIRECTORY = '1.2.840.10008.1.3.10';
const DIRECTORY_RECORD_SEQUENCE = 0x00041220;

/** The records of each DICOMDIR data set this reader made (its record sequence element has no `items`). */
const recordsOfDirectory = new WeakMap<DataSet, DirectoryRecords>();

/** The directory records of a data set `readPlainDirectory` made; undefined for any other data set (dicom-parser's keep theirs as `items`). */
export function plainDirectoryRecords(dataSet: DataSet): DirectoryRecords | undefined {
  return recordsOfDirectory.get(dataSet);
}

/**
 * A DICOMDIR (Media Storage Directory) read as `dicomParser().parseDicom(bytes, { untilTag: 'x7fe00010' })`
 * reads it, except for the directory records: dicom-parser built a data set of a dozen named elements for each
 * (~12 % of a 3,000-file scan's main thread; issue 15), and a data set each, even of two elements, was the
 * probe's largest promoted garbage at 20,000 files. The top-level elements are dicom-parser's; the record
 * sequence element has no `items`: `plainDirectoryRecords` gives where each record's type and referenced file
 * ID lie (all dicomdir.ts reads of a record), in the records' order.
 * Undefined for anything else, or whenever dicom-parser would stop with an error or a warning (a cut or
 * damaged directory is read leniently there, with its findings).
 */
export function readPlainDirectory(bytes: Buffer): DataSet | undefined {
  return readIfPlain(bytes, readDirectory);
}

function readDirectory(bytes: Buffer): DataSet | undefined {
  const walker = new Walker(bytes, PREAMBLE);
  const head = readMeta(walker, bytes);
  if (head?.sopClass !== MEDIA_STORAGE_DIRECTORY) return undefined;
  const elements: Record<string, Element> = {};
  let records: DirectoryRecords | undefined;
  while (walker.position < bytes.length) {
    const header = walker.header();
    if (header.tag === PIXEL_DATA) return undefined;
    if (header.vr === 'SQ') {
      if (header.tag === DIRECTORY_RECORD_SEQUENCE) {
        // A repeated sequence replaces the first, as a data set's element does.
        records = new DirectoryRecords(bytes);
        elements[tagName(header.tag)] = walker.readRecords(header, records);
      } else {
        elements[tagName(header.tag)] = element(header, walker.skipSequenceAt(header.length, header.dataOffset, 0));
      }
      continue;
    }
    walker.skipValue(header, 0);
    elements[tagName(header.tag)] = element(header);
  }
  // A last value running past the end is dicom-parser's "buffer overrun".
  if (walker.position > bytes.length) return undefined;
  const dataSet = dataSetOf(bytes, elements, head.meta);
  if (records) recordsOfDirectory.set(dataSet, records);
  return dataSet;
}
