import { TextDecoder } from 'node:util';

/**
 * DICOM Specific Character Set (0008,0005) per PS3.5 §6.1 and PS3.3 C.12.1.1.2.
 *
 * One value without code extensions (ISO_IR 100, ISO_IR 192, GB18030, …)
 * names one code page, decoded whole by Node's TextDecoder (full ICU). Several
 * values, or any `ISO 2022 …` value, mean ISO 2022 code extensions: escape
 * sequences switch the G0 (bytes 0x21–0x7E) and G1 (0xA1–0xFE) sets inside a
 * value, and the sets of value 1 come back at each value, at each line end and,
 * in a person name, at each `^` and `=`. The switching is the DICOM part and is
 * done here; the bytes of each run still go through TextDecoder.
 */

/** Decodes value bytes [start, end) of a data set's byte array. `personName` makes `^` and `=` reset the sets. */
export type Decoder = (bytes: Uint8Array, start: number, end: number, personName?: boolean) => string;

/** A coded character set as it sits in G0 or G1. */
interface CodeSet {
  /** How its bytes become text: a TextDecoder label, or a mapping done here. */
  decode: 'ascii' | 'romaji' | 'katakana' | 'jis0208' | 'jis0212' | { label: string };
  /** Bytes per character: the multi-byte sets hide `^`, `=` and `\` inside their characters. */
  width: 1 | 2;
}

const ASCII: CodeSet = { decode: 'ascii', width: 1 };
const ROMAJI: CodeSet = { decode: 'romaji', width: 1 };
const KATAKANA: CodeSet = { decode: 'katakana', width: 1 };
const JIS0208: CodeSet = { decode: 'jis0208', width: 2 };
const JIS0212: CodeSet = { decode: 'jis0212', width: 2 };
const KSX1001: CodeSet = { decode: { label: 'euc-kr' }, width: 2 };
const GB2312: CodeSet = { decode: { label: 'gbk' }, width: 2 };
const iso8859 = (label: string): CodeSet => ({ decode: { label }, width: 1 });

/** Single-byte defined terms (PS3.3 Table C.12-2) and their code page. */
const SINGLE_BYTE: Record<string, string> = {
  'ISO_IR 100': 'latin1',
  'ISO_IR 101': 'iso-8859-2',
  'ISO_IR 109': 'iso-8859-3',
  'ISO_IR 110': 'iso-8859-4',
  'ISO_IR 144': 'iso-8859-5',
  'ISO_IR 127': 'iso-8859-6',
  'ISO_IR 126': 'iso-8859-7',
  'ISO_IR 138': 'iso-8859-8',
  'ISO_IR 148': 'iso-8859-9',
  'ISO_IR 203': 'iso-8859-15',
  'ISO_IR 166': 'windows-874',
};

/** Terms without code extensions that are not single-byte ISO 8859 (Table C.12-4, C.12-5). */
const WHOLE_VALUE: Record<string, string> = {
  'ISO_IR 192': 'utf-8',
  GB18030: 'gb18030',
  GBK: 'gbk',
};

/** Escape sequences (after ESC) of PS3.3 Tables C.12-3 and C.12-4, and the set each designates. */
const ESCAPES: Record<string, { g: 0 | 1; set: CodeSet }> = {
  '(B': { g: 0, set: ASCII },
  '(J': { g: 0, set: ROMAJI },
  ')I': { g: 1, set: KATAKANA },
  '$B': { g: 0, set: JIS0208 },
  '$@': { g: 0, set: JIS0208 },
  '$(D': { g: 0, set: JIS0212 },
  '$)C': { g: 1, set: KSX1001 },
  '$)A': { g: 1, set: GB2312 },
  '-A': { g: 1, set: iso8859('latin1') },
  '-B': { g: 1, set: iso8859('iso-8859-2') },
  '-C': { g: 1, set: iso8859('iso-8859-3') },
  '-D': { g: 1, set: iso8859('iso-8859-4') },
  '-L': { g: 1, set: iso8859('iso-8859-5') },
  '-G': { g: 1, set: iso8859('iso-8859-6') },
  '-F': { g: 1, set: iso8859('iso-8859-7') },
  '-H': { g: 1, set: iso8859('iso-8859-8') },
  '-M': { g: 1, set: iso8859('iso-8859-9') },
  '-b': { g: 1, set: iso8859('iso-8859-15') },
  '-T': { g: 1, set: iso8859('windows-874') },
};

/** The sets value 1 of Specific Character Set starts every value with (G0, G1). */
function initialSets(term: string): { g0: CodeSet; g1?: CodeSet } {
  if (term === 'ISO 2022 IR 13' || term === 'ISO_IR 13') return { g0: ROMAJI, g1: KATAKANA };
  const single = SINGLE_BYTE[term.replace('ISO 2022 IR ', 'ISO_IR ')];
  return single ? { g0: ASCII, g1: iso8859(single) } : { g0: ASCII };
}

const textDecoders = new Map<string, TextDecoder>();
function textDecoder(label: string): TextDecoder {
  let decoder = textDecoders.get(label);
  if (!decoder) {
    decoder = new TextDecoder(label);
    textDecoders.set(label, decoder);
  }
  return decoder;
}

/** Latin-1 straight from the Buffer: no intermediate views (this runs for every tag of every file). */
export const latin1: Decoder = (bytes, start, end) => (Buffer.isBuffer(bytes)
  ? bytes.toString('latin1', start, end)
  : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1', start, end));

/** Text of a run of bytes all in one set (G0 bytes 7-bit, G1 bytes with the high bit). */
function decodeRun(set: CodeSet, run: number[]): string {
  const { decode } = set;
  if (decode === 'ascii') return Buffer.from(run).toString('latin1');
  // JIS X 0201 Roman differs from ASCII in two places: yen sign and overline.
  if (decode === 'romaji') return run.map((b) => (b === 0x5c ? '\u00a5' : b === 0x7e ? '\u203e' : String.fromCharCode(b))).join('');
  // JIS X 0201 Katakana 0xA1–0xDF are the half-width forms U+FF61–U+FF9F, in order.
  if (decode === 'katakana') return run.map((b) => String.fromCharCode(0xff61 + ((b | 0x80) - 0xa1))).join('');
  // EUC-JP is JIS X 0208 with the high bit set, and JIS X 0212 behind SS2 0x8F.
  if (decode === 'jis0208') return textDecoder('euc-jp').decode(Uint8Array.from(run, (b) => b | 0x80));
  if (decode === 'jis0212') {
    const bytes: number[] = [];
    for (let i = 0; i + 1 < run.length; i += 2) bytes.push(0x8f, (run[i] ?? 0) | 0x80, (run[i + 1] ?? 0) | 0x80);
    return textDecoder('euc-jp').decode(Uint8Array.from(bytes));
  }
  if (decode.label === 'latin1') return Buffer.from(run).toString('latin1');
  const high = set.width === 2 ? run.map((b) => b | 0x80) : run;
  return textDecoder(decode.label).decode(Uint8Array.from(high));
}

/**
 * Bytes that bring back value 1's sets: line ends and other controls, and, where
 * G0 is a one-byte set, the value delimiter and the PN delimiters (inside a
 * two-byte G0 set 0x3D or 0x5C is half a character, not a delimiter).
 */
function resets(byte: number, g0: CodeSet, personName: boolean): boolean {
  if (byte < 0x20) return byte !== 0x1b;
  if (g0.width !== 1) return false;
  return byte === 0x5c || (personName && (byte === 0x5e || byte === 0x3d));
}

/** Nothing to switch: no escape and no byte with the high bit, so the bytes are ASCII. */
function plainAscii(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const byte = bytes[i] ?? 0;
    if (byte >= 0x80 || byte === 0x1b) return false;
  }
  return true;
}

/** The longest escape sequence ESCAPES knows starting after the ESC at `at`, or undefined. */
function escapeAt(bytes: Uint8Array, at: number, end: number): { length: number; g: 0 | 1; set: CodeSet } | undefined {
  // Bytes read one by one: a subarray per escape costs more than the whole run it introduces.
  const [a, b, c] = [bytes[at + 1] ?? 0, bytes[at + 2] ?? 0, bytes[at + 3] ?? 0];
  const long = at + 3 < end ? ESCAPES[String.fromCharCode(a, b, c)] : undefined;
  if (long) return { length: 4, ...long };
  const short = at + 2 < end ? ESCAPES[String.fromCharCode(a, b)] : undefined;
  return short ? { length: 3, ...short } : undefined;
}

/** An ISO 2022 decoder whose every value starts in the sets value 1 names. */
function iso2022Decoder(firstTerm: string): Decoder {
  const initial = initialSets(firstTerm);
  return (bytes, start, end, personName = false) => {
    if (initial.g0 === ASCII && plainAscii(bytes, start, end)) return latin1(bytes, start, end);
    let g0 = initial.g0;
    let g1 = initial.g1;
    let out = '';
    let run: number[] = [];
    let runSet: CodeSet | undefined;
    const flush = (): void => {
      if (runSet && run.length > 0) out += decodeRun(runSet, run);
      run = [];
      runSet = undefined;
    };
    for (let i = start; i < end; i++) {
      const byte = bytes[i] ?? 0;
      const escape = byte === 0x1b ? escapeAt(bytes, i, end) : undefined;
      if (escape) {
        flush();
        if (escape.g === 0) g0 = escape.set; else g1 = escape.set;
        i += escape.length - 1;
        continue;
      }
      if (resets(byte, g0, personName)) {
        flush();
        out += String.fromCharCode(byte);
        g0 = initial.g0;
        g1 = initial.g1;
        continue;
      }
      // Bytes with the high bit go to G1; with no G1 designated, Latin-1 keeps them visible rather than lost.
      const set = byte >= 0x80 ? (g1 ?? iso8859('latin1')) : byte < 0x21 || byte === 0x7f ? ASCII : g0;
      if (set !== runSet) flush();
      runSet = set;
      run.push(byte);
    }
    flush();
    return out;
  };
}

/**
 * Decoders made, by Specific Character Set value: every file of a CD declares the same one (or none), and
 * reading the terms again cost more than decoding the names (twice a file; issue 15). A decoder keeps no
 * state between calls, so one serves them all. Bounded.
 */
const DECODERS_MAX = 256;
const decoders = new Map<string | undefined, Decoder>();

/** The decoder for a Specific Character Set value as written (backslash-separated terms). */
export function decoderFor(characterSet: string | undefined): Decoder {
  let decoder = decoders.get(characterSet);
  if (decoder === undefined) {
    decoder = makeDecoder(characterSet);
    if (decoders.size < DECODERS_MAX) decoders.set(characterSet, decoder);
  }
  return decoder;
}

function makeDecoder(characterSet: string | undefined): Decoder {
  const terms = (characterSet ?? '').split('\\').map((term) => term.trim().toUpperCase().replace(/^ISO_IR_/, 'ISO_IR '));
  const first = terms[0] ?? '';
  const extended = terms.length > 1 || terms.some((term) => term.startsWith('ISO 2022') || term === 'ISO_IR 13');
  if (extended) return iso2022Decoder(first);
  const label = SINGLE_BYTE[first] ?? WHOLE_VALUE[first];
  if (!label || label === 'latin1') return latin1;
  const decoder = textDecoder(label);
  return (bytes, start, end) => decoder.decode(bytes.subarray(start, end));
}
