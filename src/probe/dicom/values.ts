import type { DataSet } from 'dicom-parser';
import { parseDicomDate } from '../../dates/formats.js';
import type { Decoder } from './charset.js';

/**
 * Reading values from a parsed data set. dicom-parser decodes every string as
 * Latin-1; names written in UTF-8 (ISO_IR 192) or other scripts need their
 * bytes decoded by the declared character set (charset.ts).
 */
export interface ValueReader {
  string(tag: string): string | undefined;
  /** A PN value: `^` and `=` bring back the initial character sets (PS3.5 6.1.2.5.3). */
  personName(tag: string): string | undefined;
  /** A multi-valued string (backslash separated), each value trimmed. */
  strings(tag: string): string[];
  int(tag: string): number | undefined;
  uint16(tag: string): number | undefined;
  date(tag: string): string | undefined;
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

export function valueReader(dataSet: DataSet, decode: Decoder): ValueReader {
  const raw = (tag: string, personName = false): string | undefined => {
    const element = dataSet.elements[tag];
    if (!element || element.length === 0 || element.hadUndefinedLength) return undefined;
    const end = element.dataOffset + element.length;
    if (end > dataSet.byteArray.length) return undefined;
    return decode(dataSet.byteArray, element.dataOffset, end, personName);
  };
  return {
    string(tag) {
      const value = raw(tag);
      if (value === undefined) return undefined;
      const cleaned = clean(value);
      return cleaned === '' ? undefined : cleaned;
    },
    personName(tag) {
      const value = raw(tag, true);
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
      const value = raw(tag);
      return value === undefined ? undefined : dicomDate(value);
    },
  };
}
