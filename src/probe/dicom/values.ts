import type { DataSet } from 'dicom-parser';
import { parseDicomDate } from '../../dates/formats.js';
import type { Decoder } from './charset.js';
import { SLICE_FIELD_TAG_NAMES, type SliceFields } from './fast-header.js';

/**
 * Reading values from a parsed header, by key (a tag name for a dicom-parser
 * DataSet, a field number for a lean reader's SliceFields). dicom-parser
 * decodes every string as Latin-1; names written in UTF-8 (ISO_IR 192) or
 * other scripts need their bytes decoded by the declared character set
 * (charset.ts).
 */
export interface ValueReader<Key = string> {
  string(key: Key): string | undefined;
  /** A PN value: `^` and `=` bring back the initial character sets (PS3.5 6.1.2.5.3). */
  personName(key: Key): string | undefined;
  /** A multi-valued string (backslash separated), each value trimmed. */
  strings(key: Key): string[];
  int(key: Key): number | undefined;
  uint16(key: Key): number | undefined;
  date(key: Key): string | undefined;
}

export { decoderFor } from './charset.js';
export type { Decoder } from './charset.js';

/** Trim DICOM padding (spaces, NULs) at both ends without regular expressions: this is hot. */
function clean(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && value.charCodeAt(start) <= 0x20) start++;
  while (end > start && value.charCodeAt(end - 1) <= 0x20) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

/**
 * Dates read, by their raw value: every file of a CD carries the same few study, series and content dates,
 * and checking one on the calendar cost more than reading the rest of the header (issue 15). Bounded.
 */
const DATES_MAX = 10_000;
const datesRead = new Map<string, string | undefined>();
function dicomDate(value: string): string | undefined {
  if (datesRead.has(value)) return datesRead.get(value);
  const date = parseDicomDate(value);
  if (datesRead.size < DATES_MAX) datesRead.set(value, date);
  return date;
}

/** The readings shared by every source: each source says where a value's bytes are. */
export abstract class Values<Key> implements ValueReader<Key> {
  constructor(public decode: Decoder) {}

  /**
   * The value's bytes decoded, undefined when absent, empty, of undefined length or past the bytes read.
   * `padded`: the caller trims the value (a source may leave trailing padding bytes out of the decoding).
   */
  protected abstract raw(key: Key, personName: boolean, padded: boolean): string | undefined;
  abstract uint16(key: Key): number | undefined;

  string(key: Key): string | undefined {
    const value = this.raw(key, false, true);
    if (value === undefined) return undefined;
    const cleaned = clean(value);
    return cleaned === '' ? undefined : cleaned;
  }

  personName(key: Key): string | undefined {
    const value = this.raw(key, true, true);
    if (value === undefined) return undefined;
    const cleaned = clean(value);
    return cleaned === '' ? undefined : cleaned;
  }

  strings(key: Key): string[] {
    const value = this.raw(key, false, true);
    return value === undefined ? [] : value.split('\\').map(clean).filter((part) => part !== '');
  }

  int(key: Key): number | undefined {
    const value = this.raw(key, false, true);
    if (value === undefined) return undefined;
    const parsed = Number.parseInt(clean(value).split('\\')[0] ?? '', 10);
    return Number.isFinite(parsed) ? parsed : undefined;
  }

  date(key: Key): string | undefined {
    const value = this.raw(key, false, false);
    return value === undefined ? undefined : dicomDate(value);
  }
}

class DataSetValues<Key> extends Values<Key> {
  constructor(private readonly dataSet: DataSet, decode: Decoder, private readonly tagOf: (key: Key) => string) {
    super(decode);
  }

  protected raw(key: Key, personName: boolean): string | undefined {
    const element = this.dataSet.elements[this.tagOf(key)];
    if (!element || element.length === 0 || element.hadUndefinedLength) return undefined;
    const end = element.dataOffset + element.length;
    if (end > this.dataSet.byteArray.length) return undefined;
    return this.decode(this.dataSet.byteArray, element.dataOffset, end, personName);
  }

  uint16(key: Key): number | undefined {
    const tag = this.tagOf(key);
    const element = this.dataSet.elements[tag];
    if (!element || element.length < 2 || element.dataOffset + 2 > this.dataSet.byteArray.length) return undefined;
    return this.dataSet.uint16(tag);
  }
}

const tagItself = (tag: string): string => tag;
const tagOfField = (field: number): string => SLICE_FIELD_TAG_NAMES[field] as string;

/** A DataSet's values by tag name (`x00100010`). */
export function valueReader(dataSet: DataSet, decode: Decoder): ValueReader {
  return new DataSetValues(dataSet, decode, tagItself);
}

/** A DataSet's values by lean field number (fast-header.ts SLICE_FIELD): `describe` reads either source by field. */
export function fieldReader(dataSet: DataSet, decode: Decoder): Values<number> {
  return new DataSetValues(dataSet, decode, tagOfField);
}

/** Values up to this many bytes are remembered per field (UIDs are at most 64). */
const REMEMBERED_BYTES_MAX = 64;

/**
 * A lean reader's fields, read as DataSetValues reads the same elements (little endian: the lean reader
 * reads explicit little endian only). One is reused for every slice, with the slice's decoder set on it.
 *
 * The files of a CD repeat most values (UIDs of the study and series, dates, names, descriptions): each
 * field remembers its last value's bytes and text, and the same bytes give back the same string, with
 * no decoding and no new string (which interning and the date table then find at once). Trailing
 * padding, which every reading but the date's trims, is left out before decoding, so a kept value is
 * not a slice of a padded string that it keeps alive (issue 15, memory per file).
 */
export class SliceValues extends Values<number> {
  private readonly rememberedBytes: Buffer;
  private readonly rememberedLengths: Int32Array;
  private readonly rememberedTexts: (string | undefined)[];
  private readonly rememberedDecoders: (Decoder | undefined)[];
  /** How the remembered text was read: 1 person name, 2 padding left out. */
  private readonly rememberedModes: Uint8Array;

  constructor(private readonly fields: SliceFields, decode: Decoder, private readonly unrepeated: ReadonlySet<number> = new Set()) {
    super(decode);
    const count = fields.offsets.length;
    this.rememberedBytes = Buffer.alloc(count * REMEMBERED_BYTES_MAX);
    this.rememberedLengths = new Int32Array(count).fill(-1);
    this.rememberedTexts = new Array<string | undefined>(count).fill(undefined);
    this.rememberedDecoders = new Array<Decoder | undefined>(count).fill(undefined);
    this.rememberedModes = new Uint8Array(count);
  }

  protected raw(field: number, personName: boolean, padded: boolean): string | undefined {
    const { fields } = this;
    const offset = fields.offsets[field] as number;
    if (offset < 0) return undefined;
    const length = fields.lengths[field] as number;
    if (length === 0 || fields.undefinedLengths[field] === 1) return undefined;
    const { bytes } = fields;
    let end = offset + length;
    if (end > bytes.length) return undefined;
    // A byte up to 0x20 at the end is one character up to U+0020 in every character set read here (never a
    // second byte of a two-byte one), so leaving it out is what the trim after decoding would do.
    if (padded) while (end > offset && (bytes[end - 1] as number) <= 0x20) end--;
    if (end === offset) return '';
    const size = end - offset;
    if (size > REMEMBERED_BYTES_MAX || this.unrepeated.has(field)) return this.decode(bytes, offset, end, personName);
    const mode = (personName ? 1 : 0) | (padded ? 2 : 0);
    const at = field * REMEMBERED_BYTES_MAX;
    const remembered = this.rememberedBytes;
    if (this.rememberedLengths[field] === size && this.rememberedDecoders[field] === this.decode && this.rememberedModes[field] === mode) {
      let same = true;
      for (let i = 0; i < size; i++) {
        if (bytes[offset + i] !== remembered[at + i]) { same = false; break; }
      }
      if (same) return this.rememberedTexts[field];
    }
    const text = this.decode(bytes, offset, end, personName);
    bytes.copy(remembered, at, offset, end);
    this.rememberedLengths[field] = size;
    this.rememberedTexts[field] = text;
    this.rememberedDecoders[field] = this.decode;
    this.rememberedModes[field] = mode;
    return text;
  }

  uint16(field: number): number | undefined {
    const { fields } = this;
    const offset = fields.offsets[field] as number;
    if (offset < 0 || (fields.lengths[field] as number) < 2 || offset + 2 > fields.bytes.length) return undefined;
    return (fields.bytes[offset] as number) + (fields.bytes[offset + 1] as number) * 256;
  }
}
