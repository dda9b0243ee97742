import type { DataSet } from 'dicom-parser';
import { parseDicomDate } from '../../dates/formats.js';

/**
 * Reading values from a parsed data set. dicom-parser decodes every string as
 * Latin-1; names written in UTF-8 (ISO_IR 192) or other scripts need their
 * bytes decoded by the declared character set.
 */
export interface ValueReader {
  string(tag: string): string | undefined;
  /** A multi-valued string (backslash separated), each value trimmed. */
  strings(tag: string): string[];
  int(tag: string): number | undefined;
  uint16(tag: string): number | undefined;
  date(tag: string): string | undefined;
}

/** Decodes value bytes [start, end) of a data set's byte array. */
type Decoder = (bytes: Uint8Array, start: number, end: number) => string;

/** Latin-1 straight from the Buffer: no intermediate views (this runs for every tag of every file). */
const latin1: Decoder = (bytes, start, end) => (Buffer.isBuffer(bytes)
  ? bytes.toString('latin1', start, end)
  : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1', start, end));

/** Character sets Node's TextDecoder knows; ISO 2022 code extensions fall back to Latin-1. */
const DECODER_LABELS: Record<string, string> = {
  'ISO_IR 192': 'utf-8',
  'ISO_IR 100': 'latin1',
  'ISO_IR 101': 'iso-8859-2',
  'ISO_IR 109': 'iso-8859-3',
  'ISO_IR 110': 'iso-8859-4',
  'ISO_IR 144': 'iso-8859-5',
  'ISO_IR 127': 'iso-8859-6',
  'ISO_IR 126': 'iso-8859-7',
  'ISO_IR 138': 'iso-8859-8',
  'ISO_IR 148': 'iso-8859-9',
  'ISO_IR 166': 'windows-874',
  GB18030: 'gb18030',
  GBK: 'gbk',
};

export function decoderFor(characterSet: string | undefined): Decoder {
  const label = characterSet ? DECODER_LABELS[characterSet.split('\\').pop()?.trim() ?? ''] : undefined;
  if (!label || label === 'latin1') return latin1;
  try {
    const decoder = new TextDecoder(label);
    return (bytes, start, end) => decoder.decode(bytes.subarray(start, end));
  } catch {
    return latin1;
  }
}

/** Trim DICOM padding (spaces, NULs) at both ends without regular expressions: this is hot. */
function clean(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && value.charCodeAt(start) <= 0x20) start++;
  while (end > start && value.charCodeAt(end - 1) <= 0x20) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

export function valueReader(dataSet: DataSet, decode: Decoder): ValueReader {
  const raw = (tag: string): string | undefined => {
    const element = dataSet.elements[tag];
    if (!element || element.length === 0 || element.hadUndefinedLength) return undefined;
    const end = element.dataOffset + element.length;
    if (end > dataSet.byteArray.length) return undefined;
    return decode(dataSet.byteArray, element.dataOffset, end);
  };
  return {
    string(tag) {
      const value = raw(tag);
      if (value === undefined) return undefined;
      const cleaned = clean(value);
      return cleaned === '' ? undefined : cleaned;
    },
    strings(tag) {
      const value = raw(tag);
      return value === undefined ? [] : value.split('\\').map(clean).filter((part) => part !== '');
    },
    int(tag) {
      const value = raw(tag);
      if (value === undefined) return undefined;
      const parsed = Number.parseInt(clean(value).split('\\')[0] ?? '', 10);
      return Number.isFinite(parsed) ? parsed : undefined;
    },
    uint16(tag) {
      const element = dataSet.elements[tag];
      if (!element || element.length < 2 || element.dataOffset + 2 > dataSet.byteArray.length) return undefined;
      return dataSet.uint16(tag);
    },
    date(tag) {
      return parseDicomDate(raw(tag));
    },
  };
}
