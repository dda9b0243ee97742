import { TextDecoder } from 'node:util';

/**
 * Text to the bytes DICOM writes for a Specific Character Set (PS3.5 §6.1,
 * examples in PS3.5 Annexes H, I, J, K): one code page for one plain term, and
 * for ISO 2022 code extensions the escape sequences a conforming writer puts
 * in, designating a set before its characters and going back to value 1's sets
 * before every `^`, `=`, `\` and at the end of the value. The tables are built
 * by running Node's decoders backwards, so the writer and the reader (which
 * decodes with the same ICU) agree only if the escape handling is right.
 */

type Table = Map<string, number[]>;

const tables = new Map<string, Table>();

/**
 * Every character a code page gives for the byte sequences `sequences` yields,
 * keyed by character. `key` is the decoder label, with `:plane` when one code
 * page holds several sets ('euc-jp:0212' is EUC-JP's JIS X 0212 plane).
 */
function buildTable(key: string, sequences: () => Iterable<number[]>): Table {
  const cached = tables.get(key);
  if (cached) return cached;
  const decoder = new TextDecoder(key.split(':')[0], { fatal: true });
  const table: Table = new Map();
  for (const bytes of sequences()) {
    let text: string;
    try { text = decoder.decode(Uint8Array.from(bytes)); } catch { continue; }
    if ([...text].length === 1 && text !== '\ufffd' && !table.has(text)) table.set(text, bytes);
  }
  tables.set(key, table);
  return table;
}

function* pairs(leads: [number, number], trails: [number, number], prefix: number[] = []): Iterable<number[]> {
  for (let a = leads[0]; a <= leads[1]; a++) for (let b = trails[0]; b <= trails[1]; b++) yield [...prefix, a, b];
}
function* singles(): Iterable<number[]> {
  for (let a = 0xa0; a <= 0xff; a++) yield [a];
}

interface WriteSet {
  /** Escape sequence after ESC that designates it. */
  escape: string;
  g: 0 | 1;
  /** Bytes of one character, as they go in the value (G0 7-bit, G1 with the high bit), or undefined. */
  encode(char: string): number[] | undefined;
}

const strip = (bytes: number[] | undefined): number[] | undefined => bytes?.map((b) => b & 0x7f);

const ISO_2022: Record<string, WriteSet[]> = {
  'ISO 2022 IR 6': [{ escape: '(B', g: 0, encode: (c) => (c.charCodeAt(0) < 0x80 ? [c.charCodeAt(0)] : undefined) }],
  'ISO 2022 IR 13': [
    { escape: '(J', g: 0, encode: (c) => (c.charCodeAt(0) < 0x80 && c !== '\\' && c !== '~' ? [c.charCodeAt(0)] : undefined) },
    { escape: ')I', g: 1, encode: (c) => { const code = c.charCodeAt(0); return code >= 0xff61 && code <= 0xff9f ? [code - 0xff61 + 0xa1] : undefined; } },
  ],
  'ISO 2022 IR 87': [{ escape: '$B', g: 0, encode: (c) => strip(buildTable('euc-jp', () => pairs([0xa1, 0xfe], [0xa1, 0xfe])).get(c)) }],
  'ISO 2022 IR 159': [{ escape: '$(D', g: 0, encode: (c) => strip(buildTable('euc-jp:0212', () => pairs([0xa1, 0xfe], [0xa1, 0xfe], [0x8f])).get(c)?.slice(1)) }],
  'ISO 2022 IR 149': [{ escape: '$)C', g: 1, encode: (c) => buildTable('euc-kr', () => pairs([0xa1, 0xfe], [0xa1, 0xfe])).get(c) }],
  'ISO 2022 IR 58': [{ escape: '$)A', g: 1, encode: (c) => buildTable('gbk:2312', () => pairs([0xa1, 0xf7], [0xa1, 0xfe])).get(c) }],
};
const LATIN: Record<string, [string, string]> = {
  'ISO 2022 IR 100': ['-A', 'latin1'], 'ISO 2022 IR 101': ['-B', 'iso-8859-2'], 'ISO 2022 IR 144': ['-L', 'iso-8859-5'],
  'ISO 2022 IR 126': ['-F', 'iso-8859-7'], 'ISO 2022 IR 127': ['-G', 'iso-8859-6'], 'ISO 2022 IR 138': ['-H', 'iso-8859-8'],
};
for (const [term, [escape, label]] of Object.entries(LATIN)) {
  ISO_2022[term] = [ISO_2022['ISO 2022 IR 6']?.[0] as WriteSet, { escape, g: 1, encode: (c) => buildTable(label, singles).get(c) }];
}

const SINGLE: Record<string, string> = {
  'ISO_IR 100': 'latin1', 'ISO_IR 101': 'iso-8859-2', 'ISO_IR 144': 'iso-8859-5', 'ISO_IR 126': 'iso-8859-7',
  'ISO_IR 127': 'iso-8859-6', 'ISO_IR 138': 'iso-8859-8', 'ISO_IR 148': 'iso-8859-9', 'ISO_IR 203': 'iso-8859-15',
  'ISO_IR 109': 'iso-8859-3', 'ISO_IR 110': 'iso-8859-4', 'ISO_IR 166': 'windows-874',
};

/** One character set, one code page: each character looked up whole. */
function encodePlain(text: string, term: string): Buffer {
  if (term === 'ISO_IR 192') return Buffer.from(text, 'utf8');
  const label = SINGLE[term];
  // Latin-1 as Node writes it, as the writer always did: tests that write odd characters keep their bytes.
  if (label === 'latin1') return Buffer.from(text, 'latin1');
  const multi = term === 'GB18030' || term === 'GBK';
  if (!label && !multi) return Buffer.from(text, 'latin1');
  const table = multi ? buildTable('gbk', () => pairs([0x81, 0xfe], [0x40, 0xfe])) : buildTable(label ?? 'latin1', singles);
  const out: number[] = [];
  for (const char of text) {
    const code = char.charCodeAt(0);
    const bytes = code < 0x80 ? [code] : table.get(char);
    if (!bytes) throw new Error(`dicom-charset: ${JSON.stringify(char)} is not in ${term}`);
    out.push(...bytes);
  }
  return Buffer.from(out);
}

/** ISO 2022: designate what each character needs, back to value 1's sets at every delimiter. */
function encodeIso2022(text: string, terms: string[], personName: boolean): Buffer {
  const first = ISO_2022[terms[0] || 'ISO 2022 IR 6'] ?? [];
  const all = terms.flatMap((term) => ISO_2022[term || 'ISO 2022 IR 6'] ?? []);
  const initialG0 = first.find((set) => set.g === 0);
  const initialG1 = first.find((set) => set.g === 1);
  const out: number[] = [];
  let g0 = initialG0;
  let g1 = initialG1;
  const designate = (set: WriteSet): void => {
    out.push(0x1b, ...Buffer.from(set.escape, 'latin1'));
    if (set.g === 0) g0 = set; else g1 = set;
  };
  const backToInitial = (): void => {
    if (g0 !== initialG0 && initialG0) designate(initialG0);
    g0 = initialG0;
    g1 = initialG1;
  };
  const delimiters = personName ? '^=\\' : '\\';
  for (const char of text) {
    if (delimiters.includes(char)) { backToInitial(); out.push(char.charCodeAt(0)); continue; }
    const current = [g0, g1].find((set) => set?.encode(char));
    const set = current ?? all.find((candidate) => candidate.encode(char));
    if (!set) throw new Error(`dicom-charset: ${JSON.stringify(char)} is in none of ${terms.join('\\')}`);
    if (set !== current) designate(set);
    out.push(...(set.encode(char) ?? []));
  }
  backToInitial();
  return Buffer.from(out);
}

/** The bytes of a text value (`personName` for PN: `^` and `=` are delimiters too) under a Specific Character Set. */
export function encodeDicomText(text: string, specificCharacterSet: string | undefined, personName = false): Buffer {
  // ISO_IR 13 is JIS X 0201 without extensions: the sets of ISO 2022 IR 13, never switched.
  const terms = (specificCharacterSet ?? '').split('\\').map((term) => (term.trim() === 'ISO_IR 13' ? 'ISO 2022 IR 13' : term.trim()));
  const extended = terms.length > 1 || terms.some((term) => term.startsWith('ISO 2022'));
  return extended ? encodeIso2022(text, terms, personName) : encodePlain(text, terms[0] ?? '');
}

