import type { DataSet } from 'dicom-parser';

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

type Decoder = (bytes: Uint8Array) => string;

const latin1: Decoder = (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');

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
    return (bytes) => decoder.decode(bytes);
  } catch {
    return latin1;
  }
}

/** DICOM DA `YYYYMMDD` (or the old ACR-NEMA `YYYY.MM.DD`) as an ISO date, when it is a real date. */
export function isoFromDicomDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const match = /^(\d{4})\.?(\d{2})\.?(\d{2})/.exec(value.trim());
  if (!match) return undefined;
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) return undefined;
  if (Number(y) < 1850) return undefined;
  return `${y}-${m}-${d}`;
}

export function valueReader(dataSet: DataSet, decode: Decoder): ValueReader {
  const raw = (tag: string): string | undefined => {
    const element = dataSet.elements[tag];
    if (!element || element.length === 0 || element.hadUndefinedLength) return undefined;
    const end = element.dataOffset + element.length;
    if (end > dataSet.byteArray.length) return undefined;
    return decode(dataSet.byteArray.subarray(element.dataOffset, end));
  };
  const clean = (value: string): string => value.replace(/[\0\s]+$/u, '').replace(/^\s+/u, '');
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
      return isoFromDicomDate(raw(tag));
    },
  };
}
