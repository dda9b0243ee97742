/**
 * A minimal reader for R's XDR serialisation (the `.rda` files R packages ship
 * data in), enough for one data.frame of integer and character columns. The
 * MTSamples copy we train on is an R package's `data/mtsamples.rda`; this
 * avoids needing R. Compression (bzip2) is undone by the caller.
 */

const NILVALUE = 254;
const REFSXP = 255;
const GLOBALENV = 253;
const EMPTYENV = 242;
const BASEENV = 241;
const MISSINGARG = 251;
const BASENAMESPACE = 247;

const SYMSXP = 1;
const LISTSXP = 2;
const CHARSXP = 9;
const LGLSXP = 10;
const INTSXP = 13;
const REALSXP = 14;
const STRSXP = 16;
const VECSXP = 19;

type RValue = null | string | (string | null)[] | number[] | RValue[] | { tag: string; value: RValue }[];

export class RdaReader {
  private pos = 0;
  private readonly refs: RValue[] = [];
  constructor(private readonly buf: Buffer) {}

  /** The named objects in a version-2 `RDX2\nX\n` stream. */
  readNamedObjects(): Map<string, RValue> {
    const magic = this.buf.subarray(0, 7).toString('latin1');
    if (magic !== 'RDX2\nX\n') throw new Error(`not an uncompressed XDR .rda (version 2) stream: ${JSON.stringify(magic)}`);
    this.pos = 7;
    const version = this.int();
    this.int();
    this.int();
    if (version !== 2) throw new Error(`R serialisation version ${version} is not supported`);
    const list = this.item();
    const out = new Map<string, RValue>();
    if (Array.isArray(list)) for (const e of list as { tag: string; value: RValue }[]) out.set(e.tag, e.value);
    return out;
  }

  private int(): number {
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  private item(): RValue {
    const flags = this.int();
    const type = flags & 0xff;
    const hasAttr = (flags & (1 << 9)) !== 0;
    const hasTag = (flags & (1 << 10)) !== 0;
    if ([NILVALUE, GLOBALENV, EMPTYENV, BASEENV, MISSINGARG, BASENAMESPACE].includes(type)) return null;
    if (type === REFSXP) return this.refs[(flags >> 8) - 1] ?? null;
    if (type === SYMSXP) {
      const name = this.item();
      this.refs.push(name);
      return name;
    }
    if (type === LISTSXP) return this.pairlist(hasAttr, hasTag);
    const value = this.vector(type);
    if (hasAttr) this.item();
    return value;
  }

  private pairlist(hasAttr: boolean, hasTag: boolean): RValue {
    const entries: { tag: string; value: RValue }[] = [];
    let attr = hasAttr;
    let tag = hasTag;
    for (;;) {
      if (attr) this.item();
      const name = tag ? this.item() : '';
      entries.push({ tag: typeof name === 'string' ? name : '', value: this.item() });
      const next = this.int();
      const type = next & 0xff;
      if (type === NILVALUE) return entries;
      if (type !== LISTSXP) throw new Error(`pairlist continues with type ${type}`);
      attr = (next & (1 << 9)) !== 0;
      tag = (next & (1 << 10)) !== 0;
    }
  }

  private vector(type: number): RValue {
    if (type === CHARSXP) {
      const len = this.int();
      if (len === -1) return null;
      const s = this.buf.subarray(this.pos, this.pos + len).toString('utf8');
      this.pos += len;
      return s;
    }
    const n = this.int();
    if (type === INTSXP || type === LGLSXP) return Array.from({ length: n }, () => this.int());
    if (type === REALSXP) {
      const out: number[] = [];
      for (let i = 0; i < n; i++, this.pos += 8) out.push(this.buf.readDoubleBE(this.pos));
      return out;
    }
    if (type === STRSXP) return Array.from({ length: n }, () => this.item() as string | null);
    if (type === VECSXP) return Array.from({ length: n }, () => this.item());
    throw new Error(`R type ${type} is not supported by this reader`);
  }
}
