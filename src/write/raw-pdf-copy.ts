/**
 * Reads a plain PDF's pages and what they reference as written, for the merge
 * to copy as bytes with renumbered references, instead of pdf-lib parsing the
 * whole file into objects, copying them and serialising each again (most of a
 * merge of small PDFs, issue 15).
 *
 * Only the common, simple layout is taken: one classic cross-reference table
 * (no /Prev update chain, no cross-reference or object streams), no
 * encryption, every object found where the table says, every stream's length
 * true. Anything else throws RawCopyUnsupported before a byte is copied, and
 * the merge takes pdf-lib's path for that source as before, so damaged,
 * encrypted and compressed-structure PDFs behave as they always did.
 *
 * What is copied matches pdf-lib's copyPages: each page with the attributes it
 * inherits (Resources, MediaBox, CropBox, Rotate) set on itself and its
 * /Parent dropped, then every object it reaches. One difference, for the
 * better: a reference from one copied page's objects to another page of the
 * same source (a link, an annotation's /P) points at that page's copy, where
 * pdf-lib made a detached duplicate of the page.
 */

/** A parsed value: containers as structure, everything else as its bytes (latin1), only references looked into. */
export type RawValue =
  | { kind: 'dict'; entries: [string, RawValue][] }
  | { kind: 'array'; items: RawValue[] }
  | { kind: 'ref'; num: number; gen: number }
  | { kind: 'atom'; text: string };

type RawRef = RawValue & { kind: 'ref' };

export interface RawObject {
  value: RawValue;
  /** A stream's data exactly as stored (still encoded); a view into the source's bytes. */
  stream?: Uint8Array;
  /** The references in `value` (an indirect /Length's excepted, as it is written in): what the object reaches. */
  refs: RawRef[];
}

export interface RawPage {
  num: number;
  /** The page's entries with its inherited attributes filled in and /Parent left out. */
  entries: [string, RawValue][];
}

export interface RawSource {
  pages: RawPage[];
  /** Every object the pages reach, by object number; page leaves are not among them. */
  objects: Map<number, RawObject>;
}

/** The source uses something this reader does not take: the caller copies it with pdf-lib instead. */
export class RawCopyUnsupported extends Error {}

const INHERITED = ['Resources', 'MediaBox', 'CropBox', 'Rotate'];
/** A page tree deeper than this is a loop or an attack, not a document. */
const MAX_TREE_DEPTH = 64;

/**
 * Each byte's class, looked up rather than tested by calls with many comparisons: a merge reads a few kilobytes of
 * each source while its code still runs in V8's interpreter, where a call per byte was much of the cost (issue 15).
 */
const WHITESPACE = 1;
const DELIMITER = 2;
const BYTE_CLASS = new Uint8Array(256);
for (const c of [0x20, 0x0a, 0x0d, 0x09, 0x0c, 0x00]) BYTE_CLASS[c] = WHITESPACE;
// ( ) < > [ ] { } / %
for (const c of [0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]) BYTE_CLASS[c] = DELIMITER;

function isWhitespace(c: number): boolean {
  return BYTE_CLASS[c] === WHITESPACE;
}

function isDelimiter(c: number): boolean {
  return BYTE_CLASS[c] === DELIMITER;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

class Lexer {
  pos = 0;
  /**
   * References met while reading a value are added here, so what an object reaches is known without walking its
   * value a second time (issue 15: a walk over every object was a good part of reading a small PDF).
   */
  refs: RawRef[] | undefined;

  private readonly buffer: Buffer;

  constructor(readonly bytes: Uint8Array) {
    this.buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Bytes as latin1 text. */
  text(start: number, end: number): string {
    return latin1(this.buffer, start, end);
  }

  fail(what: string): never {
    throw new RawCopyUnsupported(`${what} at byte ${this.pos}`);
  }

  skipSpace(): void {
    const b = this.bytes;
    const length = b.length;
    let pos = this.pos;
    while (pos < length) {
      const c = b[pos] as number;
      if (BYTE_CLASS[c] === WHITESPACE) pos++;
      else if (c === 0x25) { // % comment to the end of the line
        while (pos < length && b[pos] !== 0x0a && b[pos] !== 0x0d) pos++;
      } else break;
    }
    this.pos = pos;
  }

  /** A run of regular characters (a keyword, number or name body). */
  word(): string {
    const start = this.pos;
    const b = this.bytes;
    const length = b.length;
    let pos = start;
    while (pos < length && BYTE_CLASS[b[pos] as number] === 0) pos++;
    this.pos = pos;
    return this.text(start, pos);
  }

  /**
   * The word at the current position if it is `keyword`, consumed; otherwise nothing moves. Compared byte by byte:
   * making a string of every word tried was a good part of reading a small PDF while its code ran cold (issue 15).
   */
  keyword(keyword: string): boolean {
    const b = this.bytes;
    const start = this.pos;
    const end = start + keyword.length;
    if (end > b.length) return false;
    for (let i = 0; i < keyword.length; i++) if (b[start + i] !== keyword.charCodeAt(i)) return false;
    const next = b[end];
    if (next !== undefined && BYTE_CLASS[next] === 0) return false;
    this.pos = end;
    return true;
  }

  /** Digits read as a number as they are met (no string made); at most 15 of them, or undefined and nothing moves. */
  unsignedInteger(): number | undefined {
    const start = this.pos;
    const b = this.bytes;
    let n = 0;
    while (this.pos < b.length) {
      const c = b[this.pos] as number;
      if (c < 0x30 || c > 0x39) break;
      n = n * 10 + (c - 0x30);
      this.pos++;
    }
    if (this.pos === start || this.pos - start > 15) {
      this.pos = start;
      return undefined;
    }
    return n;
  }

  value(depth = 0): RawValue {
    if (depth > 256) this.fail('nesting too deep');
    this.skipSpace();
    const b = this.bytes;
    const c = b[this.pos];
    if (c === undefined) this.fail('end of file in an object');
    if (c === 0x3c && b[this.pos + 1] === 0x3c) return this.dict(depth);
    if (c === 0x3c) return this.hexString();
    if (c === 0x5b) return this.array(depth);
    if (c === 0x28) return this.literalString();
    if (c === 0x2f) {
      const start = this.pos++;
      this.word();
      return { kind: 'atom', text: this.text(start, this.pos) };
    }
    if (isDigit(c)) {
      const ref = this.tryRef();
      if (ref) return ref;
    }
    if (isDigit(c) || c === 0x2b || c === 0x2d || c === 0x2e) {
      const text = this.word();
      if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(text)) this.fail('not a number');
      return { kind: 'atom', text };
    }
    const word = this.word();
    if (word === 'true' || word === 'false' || word === 'null') return { kind: 'atom', text: word };
    return this.fail(`unexpected ${JSON.stringify(word.slice(0, 20))}`);
  }

  private tryRef(): RawValue | undefined {
    const start = this.pos;
    const num = this.unsignedInteger();
    const afterNum = this.pos;
    if (num !== undefined && afterNum < this.bytes.length && isWhitespace(this.bytes[afterNum] as number)) {
      this.skipSpace();
      const gen = this.unsignedInteger();
      if (gen !== undefined && this.pos < this.bytes.length && isWhitespace(this.bytes[this.pos] as number)) {
        this.skipSpace();
        const next = this.bytes[this.pos + 1];
        if (this.bytes[this.pos] === 0x52 && (next === undefined || isWhitespace(next) || isDelimiter(next))) {
          this.pos++;
          const ref: RawRef = { kind: 'ref', num, gen };
          this.refs?.push(ref);
          return ref;
        }
      }
    }
    this.pos = start;
    return undefined;
  }

  private dict(depth: number): RawValue {
    this.pos += 2;
    const entries: [string, RawValue][] = [];
    for (;;) {
      this.skipSpace();
      if (this.bytes[this.pos] === 0x3e && this.bytes[this.pos + 1] === 0x3e) {
        this.pos += 2;
        return { kind: 'dict', entries };
      }
      if (this.bytes[this.pos] !== 0x2f) this.fail('a dictionary key is not a name');
      this.pos++;
      const key = this.word();
      entries.push([key, this.value(depth + 1)]);
    }
  }

  private array(depth: number): RawValue {
    this.pos++;
    const items: RawValue[] = [];
    for (;;) {
      this.skipSpace();
      if (this.bytes[this.pos] === 0x5d) {
        this.pos++;
        return { kind: 'array', items };
      }
      items.push(this.value(depth + 1));
    }
  }

  private hexString(): RawValue {
    const start = this.pos;
    const end = this.bytes.indexOf(0x3e, start);
    if (end < 0) this.fail('unterminated hex string');
    this.pos = end + 1;
    return { kind: 'atom', text: this.text(start, this.pos) };
  }

  private literalString(): RawValue {
    const start = this.pos;
    const b = this.bytes;
    let depth = 0;
    while (this.pos < b.length) {
      const c = b[this.pos++] as number;
      if (c === 0x5c) this.pos++; // a backslash escapes the next byte (octal digits after it are ordinary bytes)
      else if (c === 0x28) depth++;
      else if (c === 0x29 && --depth === 0) return { kind: 'atom', text: this.text(start, this.pos) };
    }
    return this.fail('unterminated string');
  }
}

/**
 * Bytes as latin1 text, by Buffer's own latin1Slice (what toString('latin1') calls after checking its arguments)
 * where Node has it: most texts are short words (keys, numbers), read while the merge's code is still cold, and
 * building them a character at a time in JavaScript, or through toString, cost ~20% more of reading a small PDF
 * in V8's interpreter (100 one-page sources: 24 -> 19 ms).
 */
const latin1Slice = (Buffer.prototype as Buffer & { latin1Slice?: (start: number, end: number) => string }).latin1Slice;
function latin1(buffer: Buffer, start: number, end: number): string {
  return latin1Slice ? latin1Slice.call(buffer, start, end) : buffer.toString('latin1', start, end);
}

function entry(dict: RawValue, key: string): RawValue | undefined {
  return dict.kind === 'dict' ? dict.entries.find(([k]) => k === key)?.[1] : undefined;
}

/** The tail of the file holds `startxref`, its offset, and `%%EOF`. */
function startXref(bytes: Uint8Array, lexer: Lexer): number {
  const tailStart = Math.max(0, bytes.length - 1024);
  const at = Buffer.from(bytes.buffer, bytes.byteOffset + tailStart, bytes.byteLength - tailStart).lastIndexOf(STARTXREF);
  if (at < 0) throw new RawCopyUnsupported('no startxref');
  lexer.pos = tailStart + at + STARTXREF.length;
  lexer.skipSpace();
  const offset = lexer.unsignedInteger();
  if (offset === undefined || offset >= bytes.length) throw new RawCopyUnsupported('bad startxref');
  return offset;
}

const STARTXREF = Buffer.from('startxref', 'latin1');

/** Object offsets from the classic table, and the trailer after it. */
function readXref(bytes: Uint8Array, lexer: Lexer): { offsets: Map<number, { offset: number; gen: number }>; trailer: RawValue } {
  lexer.pos = startXref(bytes, lexer);
  if (!lexer.keyword('xref')) throw new RawCopyUnsupported('not a classic cross-reference table');
  const offsets = new Map<number, { offset: number; gen: number }>();
  for (;;) {
    lexer.skipSpace();
    if (lexer.keyword('trailer')) break;
    const first = lexer.unsignedInteger();
    lexer.skipSpace();
    const count = lexer.unsignedInteger();
    if (first === undefined || count === undefined) lexer.fail('bad cross-reference subsection');
    for (let i = 0; i < count; i++) {
      lexer.skipSpace();
      const offset = lexer.unsignedInteger();
      lexer.skipSpace();
      const gen = lexer.unsignedInteger();
      lexer.skipSpace();
      const inUse = lexer.keyword('n');
      if (offset === undefined || gen === undefined || (!inUse && !lexer.keyword('f'))) lexer.fail('bad cross-reference entry');
      if (inUse) offsets.set(first + i, { offset, gen });
    }
  }
  const trailer = lexer.value();
  for (const key of ['Prev', 'Encrypt', 'XRefStm']) if (entry(trailer, key)) throw new RawCopyUnsupported(`trailer has /${key}`);
  return { offsets, trailer };
}

class SourceReader {
  private readonly lexer: Lexer;
  private readonly offsets: Map<number, { offset: number; gen: number }>;
  readonly trailer: RawValue;
  private readonly parsed = new Map<number, RawObject>();

  constructor(private readonly bytes: Uint8Array) {
    this.lexer = new Lexer(bytes);
    ({ offsets: this.offsets, trailer: this.trailer } = readXref(bytes, this.lexer));
  }

  object(ref: RawValue): RawObject {
    if (ref.kind !== 'ref') throw new RawCopyUnsupported('expected a reference');
    const known = this.parsed.get(ref.num);
    if (known) return known;
    const at = this.offsets.get(ref.num);
    // A reference to a missing or free object: pdf-lib's path decides what to do with it.
    if (!at || at.gen !== ref.gen) throw new RawCopyUnsupported(`object ${ref.num} ${ref.gen} not in the table`);
    const lexer = this.lexer;
    lexer.pos = at.offset;
    if (lexer.unsignedInteger() !== ref.num) lexer.fail(`object ${ref.num} not at its offset`);
    lexer.skipSpace();
    if (lexer.unsignedInteger() !== ref.gen) lexer.fail(`object ${ref.num} has another generation`);
    lexer.skipSpace();
    if (!lexer.keyword('obj')) lexer.fail('no obj keyword');
    const refs: RawRef[] = [];
    const outer = lexer.refs;
    lexer.refs = refs;
    const value = lexer.value();
    lexer.refs = outer;
    lexer.skipSpace();
    let object: RawObject = { value, refs };
    if (lexer.keyword('stream')) {
      const stream = this.streamData(value);
      // Written with its length given directly, so an indirect /Length's object is neither followed nor copied.
      const length = entry(value, 'Length');
      if (length?.kind === 'ref') refs.splice(refs.indexOf(length), 1);
      object = { value: withDirectLength(value, stream.length), stream, refs };
    }
    this.parsed.set(ref.num, object);
    return object;
  }

  private streamData(dict: RawValue): Uint8Array {
    const lexer = this.lexer;
    // The keyword is followed by CR LF or LF (a lone CR is tolerated, as readers do).
    if (this.bytes[lexer.pos] === 0x0d) lexer.pos++;
    if (this.bytes[lexer.pos] === 0x0a) lexer.pos++;
    const start = lexer.pos;
    let length = entry(dict, 'Length');
    if (length?.kind === 'ref') {
      const saved = lexer.pos;
      length = this.object(length).value;
      lexer.pos = saved;
    }
    const n = length?.kind === 'atom' && /^\d+$/.test(length.text) ? Number(length.text) : undefined;
    if (n === undefined || start + n > this.bytes.length) throw new RawCopyUnsupported(`stream without a usable /Length at byte ${start}`);
    lexer.pos = start + n;
    lexer.skipSpace();
    if (!lexer.keyword('endstream')) lexer.fail('stream length does not reach endstream');
    return this.bytes.subarray(start, start + n);
  }

  /** Page leaves in order, each with the attributes it inherits from the nodes above it. */
  pages(): { ref: RawValue & { kind: 'ref' }; dict: RawValue; inherited: Map<string, RawValue> }[] {
    const root = this.object(entry(this.trailer, 'Root') ?? { kind: 'atom', text: 'null' }).value;
    const top = entry(root, 'Pages');
    if (top?.kind !== 'ref') throw new RawCopyUnsupported('no page tree');
    const found: { ref: RawValue & { kind: 'ref' }; dict: RawValue; inherited: Map<string, RawValue> }[] = [];
    const visiting = new Set<number>();
    const walk = (ref: RawValue & { kind: 'ref' }, inherited: Map<string, RawValue>, depth: number): void => {
      if (depth > MAX_TREE_DEPTH || visiting.has(ref.num)) throw new RawCopyUnsupported('page tree loops');
      visiting.add(ref.num);
      const { value, stream } = this.object(ref);
      if (stream || value.kind !== 'dict') throw new RawCopyUnsupported('page tree node is not a dictionary');
      const type = entry(value, 'Type');
      const kids = entry(value, 'Kids');
      if (type?.kind === 'atom' && type.text === '/Page') {
        found.push({ ref, dict: value, inherited });
        return;
      }
      if (kids?.kind !== 'array') throw new RawCopyUnsupported('page tree node without kids');
      const below = new Map(inherited);
      for (const key of INHERITED) {
        const own = entry(value, key);
        if (own) below.set(key, own);
      }
      for (const kid of kids.items) {
        if (kid.kind !== 'ref') throw new RawCopyUnsupported('page tree kid is not a reference');
        walk(kid, below, depth + 1);
      }
    };
    walk(top, new Map(), 0);
    return found;
  }
}

/** Whether a dictionary is one pdf-lib's copy never brings along: the catalog or a page-tree node. */
function isDocumentStructure(value: RawValue): boolean {
  const type = entry(value, 'Type');
  return type?.kind === 'atom' && (type.text === '/Catalog' || type.text === '/Pages');
}

/**
 * Read the pages of `bytes` and every object they reach, or throw
 * RawCopyUnsupported (the caller then uses pdf-lib). Reads only the
 * cross-reference table and the objects reached, not the whole file.
 */
export function readRawSource(bytes: Uint8Array): RawSource {
  const reader = new SourceReader(bytes);
  const leaves = reader.pages();
  if (leaves.length === 0) throw new RawCopyUnsupported('no pages');
  const leafNums = new Set(leaves.map((l) => l.ref.num));
  const objects = new Map<number, RawObject>();
  const pending: RawValue[] = [];
  const visit = (value: RawValue): void => {
    if (value.kind === 'ref') {
      if (!leafNums.has(value.num) && !objects.has(value.num)) pending.push(value);
    } else if (value.kind === 'dict') for (const [, v] of value.entries) visit(v);
    else if (value.kind === 'array') for (const v of value.items) visit(v);
  };
  const pages: RawPage[] = leaves.map(({ ref, dict, inherited }) => {
    const own = dict.kind === 'dict' ? dict.entries.filter(([k]) => k !== 'Parent') : [];
    const entries: [string, RawValue][] = [...own];
    for (const key of INHERITED) {
      const value = inherited.get(key);
      if (value && !own.some(([k]) => k === key)) entries.push([key, value]);
    }
    return { num: ref.num, entries };
  });
  for (const page of pages) for (const [, v] of page.entries) visit(v);
  while (pending.length > 0) {
    const ref = pending.pop() as RawValue & { kind: 'ref' };
    if (objects.has(ref.num)) continue;
    const object = reader.object(ref);
    if (isDocumentStructure(object.value)) throw new RawCopyUnsupported('a page reaches the catalog or page tree');
    objects.set(ref.num, object);
    for (const reached of object.refs) if (!leafNums.has(reached.num) && !objects.has(reached.num)) pending.push(reached);
  }
  return { pages, objects };
}

/**
 * A value written back with references renumbered by `refOf` (called in the
 * order references appear, so numbering is deterministic).
 */
export function serialiseRawValue(value: RawValue, refOf: (num: number) => number): string {
  switch (value.kind) {
    case 'atom':
      return value.text;
    case 'ref':
      return `${refOf(value.num)} 0 R`;
    case 'array':
      return `[${value.items.map((v) => serialiseRawValue(v, refOf)).join(' ')}]`;
    case 'dict':
      return `<<${value.entries.map(([k, v]) => `/${k} ${serialiseRawValue(v, refOf)}`).join(' ')}>>`;
  }
}

/** A name as written (without its slash), its #xx escapes decoded, as pdf-lib's PDFName.of takes it. */
export function decodeRawName(written: string): string {
  return written.includes('#') ? written.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : written;
}

/** A stream's dictionary with its /Length given directly (the length object, if any, is not copied). */
export function withDirectLength(value: RawValue, length: number): RawValue {
  if (value.kind !== 'dict') return value;
  return { kind: 'dict', entries: [...value.entries.filter(([k]) => k !== 'Length'), ['Length', { kind: 'atom', text: String(length) }]] };
}
