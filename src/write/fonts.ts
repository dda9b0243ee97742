import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import fontkit from '@cantoo/fontkit';
import type { PDFDocument, PDFFont, PDFPage, RGB } from '../util/pdf-lib.js';
import { packagePath } from '../util/package-root.js';

const require = createRequire(import.meta.url);

/**
 * Noto Sans faces shipped as TTF in npm packages: Latin/Greek/Cyrillic,
 * Arabic and Devanagari (CJK: chunked faces, below). The 14 standard PDF
 * fonts only encode WinAnsi, so a patient's name in Arabic or Hindi needs
 * embedded fonts (subset on save).
 */
export const FONT_FILES = {
  latin: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  latinBold: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
  arabic: '@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf',
  devanagari: '@expo-google-fonts/noto-sans-devanagari/400Regular/NotoSansDevanagari_400Regular.ttf',
} as const;

type Script = 'latin' | 'arabic' | 'devanagari';

export interface FontSet {
  regular: Record<Script, PDFFont>;
  bold: PDFFont;
  /** Characters no embedded face can draw are replaced by this. */
  replacement: string;
  covers(script: Script, codePoint: number): boolean;
  /** The embedded CJK face (one per chunk of the font package) that draws this code point, if any. */
  cjk: ReadonlyMap<number, PDFFont>;
}

/**
 * CJK faces: Noto Sans SC (every Han ideograph in Unicode's main block, kana)
 * then Noto Sans KR (all 11,172 Hangul syllables), the regular weight of the
 * @fontsource packages vendored in `assets/fonts/` (8 MB instead of the
 * packages' 126 MB; scripts/vendor-cjk-fonts.mjs): split by unicode range
 * into ~100 chunks each, so a name costs only the chunks its characters fall
 * in. The WOFF (1.0) chunks are read: fontkit's subsetter writes empty glyphs
 * from WOFF2 ones (checked: nothing drawn). Chinese, Japanese kanji and Korean
 * hanja are all drawn in SC's Chinese glyph forms; for names that is legible,
 * not typographically native.
 */
const CJK_FONTS = ['noto-sans-sc', 'noto-sans-kr'] as const;

/** `assets/fonts/` of the package: two levels above this module in src/write and in dist/write alike. */
const VENDORED_FONT_DIR = packagePath('assets/fonts/');

interface CjkChunk { file: string; ranges: [number, number][] }

let cachedChunks: Promise<CjkChunk[]> | undefined;

/** Every chunk of the vendored CJK fonts, SC first, with the code points it holds (from the package's unicode.json). */
function loadCjkChunks(): Promise<CjkChunk[]> {
  cachedChunks ??= (async () => {
    const chunks: CjkChunk[] = [];
    for (const font of CJK_FONTS) {
      const dir = path.join(VENDORED_FONT_DIR, font);
      if (!existsSync(path.join(dir, 'unicode.json'))) continue;
      const table = JSON.parse(await readFile(path.join(dir, 'unicode.json'), 'utf8')) as Record<string, string>;
      for (const [key, ranges] of Object.entries(table)) {
        chunks.push({ file: path.join(dir, `${font}-${key.replace(/[[\]]/g, '')}-400-normal.woff`), ranges: parseUnicodeRanges(ranges) });
      }
    }
    return chunks;
  })();
  return cachedChunks;
}

/** CSS `unicode-range` text (`U+4e00-4e0f,U+ff01`) → inclusive code point ranges. */
export function parseUnicodeRanges(text: string): [number, number][] {
  return text.split(',').flatMap((part): [number, number][] => {
    const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
    const a = parseInt(from ?? '', 16);
    const b = to === undefined ? a : parseInt(to, 16);
    return Number.isFinite(a) && Number.isFinite(b) ? [[a, b]] : [];
  });
}

/** Han, kana, Hangul and CJK punctuation: the characters the CJK faces are looked up for. */
export function isCjk(codePoint: number): boolean {
  return (codePoint >= 0x1100 && codePoint <= 0x11ff) || (codePoint >= 0x2e80 && codePoint <= 0x9fff) || (codePoint >= 0xa960 && codePoint <= 0xa97f)
    || (codePoint >= 0xac00 && codePoint <= 0xd7ff) || (codePoint >= 0xf900 && codePoint <= 0xfaff) || (codePoint >= 0xfe30 && codePoint <= 0xfe4f)
    || (codePoint >= 0xff00 && codePoint <= 0xffef) || (codePoint >= 0x20000 && codePoint <= 0x3134f);
}

/**
 * Embeds, subset, only the CJK chunks that hold a character of `text` (the
 * whole index's text), and maps each such code point to its face.
 */
async function embedCjk(doc: PDFDocument, text: string): Promise<Map<number, PDFFont>> {
  const wanted = new Set([...text.normalize('NFC')].map((ch) => ch.codePointAt(0) ?? 0).filter(isCjk));
  const byCodePoint = new Map<number, PDFFont>();
  if (wanted.size === 0) return byCodePoint;
  for (const chunk of await loadCjkChunks()) {
    const inRange = [...wanted].filter((cp) => chunk.ranges.some(([a, b]) => cp >= a && cp <= b));
    if (inRange.length === 0) continue;
    const bytes = await readFile(chunk.file).catch(() => undefined);
    if (!bytes) continue;
    // A chunk's unicode-range is what the CSS promises (SC's lists some Hangul it has no glyph for); the face is the judge,
    // and what it cannot draw stays wanted for the next package's chunks.
    const face = fontkit.create(Buffer.from(bytes)) as { hasGlyphForCodePoint(cp: number): boolean };
    const drawable = inRange.filter((cp) => face.hasGlyphForCodePoint(cp));
    if (drawable.length === 0) continue;
    const font = await doc.embedFont(bytes, { subset: true, customName: `NotoSansCJK-${path.basename(chunk.file, '.woff')}` });
    for (const cp of drawable) {
      byCodePoint.set(cp, font);
      wanted.delete(cp);
    }
  }
  return byCodePoint;
}

let cachedBytes: Promise<Record<keyof typeof FONT_FILES, Uint8Array>> | undefined;

function loadFontBytes(): Promise<Record<keyof typeof FONT_FILES, Uint8Array>> {
  cachedBytes ??= (async () => {
    const entries = await Promise.all(Object.entries(FONT_FILES).map(async ([key, spec]) => [key, await readFile(require.resolve(spec))] as const));
    return Object.fromEntries(entries) as unknown as Record<keyof typeof FONT_FILES, Uint8Array>;
  })();
  return cachedBytes;
}

/**
 * Each face parsed once per run, by the bytes loadFontBytes keeps: a build
 * draws seven or more documents (index, cover letter, summary, letters), and
 * parsing a face's layout tables again for each cost ~0.3 s per document.
 * A parsed face is read-only to pdf-lib: each document's subset is its own.
 */
type Face = { hasGlyphForCodePoint(cp: number): boolean; layout(text: string, features?: unknown, ...rest: unknown[]): unknown };
const parsedFaces = new WeakMap<Uint8Array, Face>();
const createFace = fontkit.create.bind(fontkit) as (data: Buffer, postscriptName?: string) => Face;

function parsedFace(bytes: Uint8Array): Face {
  let face = parsedFaces.get(bytes);
  if (!face) {
    face = rememberLayouts(createFace(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)));
    deferGlyphNames(face);
    parsedFaces.set(bytes, face);
  }
  return face;
}

interface TableEntry { offset: number; length: number }
interface FaceInternals { directory: { tables: Record<string, TableEntry | undefined> }; _tables: Record<string, unknown>; _decodeTable(table: TableEntry): unknown; stream: { buffer: Uint8Array } }

/**
 * pdf-lib reads a face's post table for its header only (the italic angle, for the font descriptor), but fontkit
 * decodes the whole table on first use, with the names of every glyph (~4,500 in Noto Sans: ~15 ms a face, four
 * faces a run). The header is read here from its 32 bytes as fontkit's codec reads it; the glyph names, read by
 * nothing casepack draws, are decoded in full if anything asks for them. Version 2 tables only (the others hold
 * no names); a face whose internals are not as expected is left as it is.
 */
export function deferGlyphNames(face: unknown): void {
  const f = face as Partial<FaceInternals>;
  const table = f.directory?.tables['post'];
  const buffer = f.stream?.buffer;
  if (!table || !buffer || !f._tables || typeof f._decodeTable !== 'function' || 'post' in f._tables || table.length < 34) return;
  const view = new DataView(buffer.buffer, buffer.byteOffset + table.offset, 32);
  if (view.getInt32(0) !== 0x00020000) return;
  let full: Record<string, unknown> | undefined;
  const decodeAll = (): Record<string, unknown> => (full ??= f._decodeTable?.call(face, table) as Record<string, unknown>);
  const post: Record<string, unknown> = {
    version: 2,
    italicAngle: view.getInt32(4) / 65536,
    underlinePosition: view.getInt16(8),
    underlineThickness: view.getInt16(10),
    isFixedPitch: view.getUint32(12),
    minMemType42: view.getUint32(16),
    maxMemType42: view.getUint32(20),
    minMemType1: view.getUint32(24),
    maxMemType1: view.getUint32(28),
  };
  for (const key of ['numberOfGlyphs', 'glyphNameIndex', 'names']) Object.defineProperty(post, key, { enumerable: true, get: () => decodeAll()[key] });
  f._tables['post'] = post;
}

/** Enough for every distinct run of a large case's index; past it the memo starts again rather than grow. */
const MAX_REMEMBERED_LAYOUTS = 50_000;

/**
 * The GPOS features of every fontkit shaper (default, Arabic, Indic): they move glyphs (kerning, marks on their
 * bases, cursive joins) and never change which glyphs are drawn. pdf-lib reads only the glyph run's glyphs
 * (their ids and advance widths from the font's hmtx, the same with or without positioning) and drops the
 * positions, so turning these off changes no byte of a packet and saves over half of each layout (profile of a
 * 100-small-PDF build: GPOS 0.52 s of fontkit's 0.93 s). GSUB (ligatures, Arabic joining forms, Devanagari
 * conjuncts) still runs: it decides the glyphs.
 */
export const WITHOUT_POSITIONING = Object.freeze({ kern: false, mark: false, mkmk: false, curs: false, dist: false, abvm: false, blwm: false });

/**
 * A face that shapes each distinct (text, features) once per run. pdf-lib lays a run out again to measure it
 * and again to draw it (encodeText), across the index, cover letter and summary; fontkit re-decodes the GSUB/GPOS
 * lookups on every layout (~0.1 ms a word, most of a small case's build). pdf-lib only reads the glyph run
 * (glyph ids and advance widths), so one run can serve every caller.
 */
function rememberLayouts(face: Face): Face {
  const shape = face.layout.bind(face);
  const layouts = new Map<string, unknown>();
  let substitutions: PlainSubstitutions | null | undefined;
  face.layout = (text: string, features?: unknown, ...rest: unknown[]): unknown => {
    if (rest.some((arg) => arg !== undefined)) return shape(text, features, ...rest);
    const key = `${features === undefined ? '' : JSON.stringify(features)}\u0000${text}`;
    let run = layouts.get(key);
    if (run === undefined) {
      // pdf-lib passes no features unless a font was embedded with some; those are shaped exactly as asked.
      if (features === undefined) {
        substitutions ??= plainSubstitutions(face as unknown as ShapedFace);
        run = plainRun(face as unknown as ShapedFace, text, substitutions);
      }
      run ??= shape(text, features ?? WITHOUT_POSITIONING);
      if (layouts.size >= MAX_REMEMBERED_LAYOUTS) layouts.clear();
      layouts.set(key, run);
    }
    return run;
  };
  return face;
}

/** The parts of a fontkit face and its GSUB table the ASCII shortcut reads (fontkit's own names). */
interface Coverage { version: number; glyphs?: number[]; rangeRecords?: { start: number; end: number; startCoverageIndex: number }[] }
interface ClassDef { version: number; startGlyph?: number; classValueArray?: number[]; classRangeRecord?: { start: number; end: number; class: number }[] }
interface Subtable {
  version?: number;
  coverage?: Coverage;
  coverages?: Coverage[];
  backtrackCoverage?: Coverage[];
  inputCoverage?: Coverage[];
  lookaheadCoverage?: Coverage[];
  ligatureSets?: { get(index: number): { components: number[]; glyph: number }[] };
  lookupType?: number;
  extension?: Subtable;
}
interface Lookup { lookupType: number; flags: { flags: { ignoreBaseGlyphs: boolean; ignoreLigatures: boolean } }; subTables: Subtable[] }
interface LangSys { reqFeatureIndex: number; featureIndexes: number[] }
interface GsubTable {
  scriptList: { script: { defaultLangSys?: LangSys | null } }[];
  featureList: { tag: string; feature: { lookupListIndexes: number[] } }[];
  lookupList: { get(index: number): Lookup | undefined };
}
interface Glyph { id: number; codePoints: number[] }
interface ShapedFace { glyphForCodePoint(cp: number): Glyph | null; getGlyph(id: number, codePoints: number[]): Glyph | null; _cmapProcessor?: { lookup(cp: number): number }; GSUB?: GsubTable; GDEF?: { glyphClassDef?: ClassDef }; morx?: unknown; fvar?: unknown }

/**
 * What a face's substitutions can do to a run of plain characters (PLAIN_TEXT), read once from its GSUB: the
 * glyphs that set a lookup off wherever they stand, and the ligatures of the one lookup left to make them (in
 * Noto Sans: ff, fi, fl, ffi, ffl), each first glyph's in the order fontkit tries them.
 */
interface PlainSubstitutions { triggers: Set<number>; ligatures: Map<number, { rest: number[]; glyph: number }[]> }

/**
 * The GSUB features fontkit's default shaper (the one it picks for Latin and script-less text) applies to every
 * glyph, in either direction; fractions (frac/numr/dnom) are set only around U+2044, which is not ASCII, and the
 * positioning features choose no glyph.
 */
const PLANNED_SUBSTITUTIONS = new Set(['rvrn', 'ltra', 'ltrm', 'rtla', 'rtlm', 'ccmp', 'locl', 'rlig', 'calt', 'clig', 'liga', 'rclt']);

function coverageIndex(coverage: Coverage, glyph: number): number {
  if (coverage.version === 1) return coverage.glyphs?.indexOf(glyph) ?? -1;
  for (const range of coverage.rangeRecords ?? []) if (range.start <= glyph && glyph <= range.end) return range.startCoverageIndex + glyph - range.start;
  return -1;
}

/** A glyph's GDEF class (1 base, 2 ligature, 3 mark; 0 none), read as fontkit reads it. */
function glyphClass(classDef: ClassDef | undefined, glyph: number): number {
  if (classDef?.version === 1) return classDef.classValueArray?.[glyph - (classDef.startGlyph ?? 0)] ?? 0;
  for (const range of classDef?.classRangeRecord ?? []) if (range.start <= glyph && glyph <= range.end) return range.class;
  return 0;
}

/**
 * Characters fontkit's shaping leaves as their cmap glyphs unless a GSUB lookup acts on them: printable ASCII,
 * Latin-1 without the soft hyphen, general punctuation without the fraction slash and the invisible controls,
 * arrows. None is a mark, a default-ignorable, a variation selector or of a right-to-left script, and each is
 * one UTF-16 unit.
 */
const PLAIN_TEXT = /^[\x20-\x7e\xa0-\xac\xae-\xff\u2010-\u2027\u2030-\u2043\u2045-\u205e\u2190-\u21ff]+$/;
const PLAIN_RANGES: [number, number][] = [[0x20, 0x7e], [0xa0, 0xac], [0xae, 0xff], [0x2010, 0x2027], [0x2030, 0x2043], [0x2045, 0x205e], [0x2190, 0x21ff]];
const isPlainCodePoint = (cp: number | undefined): boolean => cp !== undefined && PLAIN_RANGES.some(([a, b]) => cp >= a && cp <= b);

/**
 * Reads, once per face, which runs of plain characters fontkit's shaping could change and how; null when the
 * face shapes some other way (AAT tables, variations), so every run is shaped. Conservative by construction: a
 * lookup counts as firing on every plain glyph its coverage holds, except ligatures (matched component by
 * component, as no plain glyph is a skipped mark: those are triggers) and chained contexts with a position no
 * plain or ligature glyph fills (Noto Sans's dotless-i rule wants a combining mark after the i). Ligatures are
 * made here only when one lookup makes them all and nothing acts on what it makes. Glyph ids come from the cmap,
 * so no glyph object is made (fontkit keeps the code points a glyph was first made with).
 */
function plainSubstitutions(face: ShapedFace): PlainSubstitutions | null {
  try {
    if (face.morx || face.fvar || !face._cmapProcessor) return null;
    const alphabet = new Set<number>();
    for (const [a, b] of PLAIN_RANGES) for (let cp = a; cp <= b; cp++) alphabet.add(face._cmapProcessor.lookup(cp));
    const found: PlainSubstitutions = { triggers: new Set(), ligatures: new Map() };
    // Marks and ligature glyphs are what lookups skip over: runs holding one are shaped.
    for (const id of alphabet) if (glyphClass(face.GDEF?.glyphClassDef, id) > 1) found.triggers.add(id);
    const gsub = face.GSUB;
    if (!gsub) return found;
    const lookups: Lookup[] = [];
    const seen = new Set<number>();
    for (const { script } of gsub.scriptList) {
      const langSys = script.defaultLangSys;
      if (!langSys) continue;
      for (const featureIndex of [...langSys.featureIndexes, langSys.reqFeatureIndex]) {
        const record = gsub.featureList[featureIndex];
        if (!record || !PLANNED_SUBSTITUTIONS.has(record.tag)) continue;
        for (const index of record.feature.lookupListIndexes) {
          const lookup = seen.has(index) ? undefined : gsub.lookupList.get(index);
          seen.add(index);
          if (lookup) lookups.push(lookup);
        }
      }
    }
    const unwrap = (type: number, table: Subtable): [number, Subtable] => (type === 7 && table.extension && table.lookupType !== undefined ? unwrap(table.lookupType, table.extension) : [type, table]);
    const inSet = (coverage: Coverage, glyphs: Set<number>): number[] => [...glyphs].filter((id) => coverageIndex(coverage, id) !== -1);
    const skipsBases = (lookup: Lookup): boolean => lookup.flags.flags.ignoreBaseGlyphs || lookup.flags.flags.ignoreLigatures;
    // The ligatures each lookup could make of plain glyphs alone, in the order fontkit tries them.
    const ligaturesOf = (lookup: Lookup, glyphs: Set<number>): Map<number, { rest: number[]; glyph: number }[]> => {
      const made = new Map<number, { rest: number[]; glyph: number }[]>();
      for (const raw of lookup.subTables) {
        const [type, table] = unwrap(lookup.lookupType, raw);
        if (type !== 4 || !table.coverage || !table.ligatureSets) continue;
        for (const id of inSet(table.coverage, glyphs)) {
          for (const ligature of table.ligatureSets.get(coverageIndex(table.coverage, id))) {
            if (!ligature.components.every((c) => glyphs.has(c))) continue;
            const known = made.get(id) ?? [];
            known.push({ rest: ligature.components, glyph: ligature.glyph });
            made.set(id, known);
          }
        }
      }
      return made;
    };
    const ligating = lookups.filter((lookup) => !skipsBases(lookup) && ligaturesOf(lookup, alphabet).size > 0);
    const maker = ligating.length === 1 ? ligating[0] : undefined;
    const made = maker ? ligaturesOf(maker, alphabet) : new Map<number, { rest: number[]; glyph: number }[]>();
    const outputs = new Set([...made.values()].flat().map((l) => l.glyph));
    const reachable = new Set([...alphabet, ...outputs]);
    for (const lookup of lookups) {
      if (lookup === maker) continue;
      for (const raw of lookup.subTables) {
        const [type, table] = unwrap(lookup.lookupType, raw);
        const contexts = type === 6 && table.version === 3 ? [...(table.backtrackCoverage ?? []), ...(table.inputCoverage ?? []), ...(table.lookaheadCoverage ?? [])]
          : type === 5 && table.version === 3 ? table.coverages ?? [] : undefined;
        if (contexts) {
          // A position no plain or ligature glyph can fill: the rule never matches such a run.
          if (contexts.some((coverage) => inSet(coverage, reachable).length === 0)) continue;
          const first = (type === 6 ? table.inputCoverage : table.coverages)?.[0];
          if (!first) throw new Error('unexpected context table');
          for (const id of inSet(first, reachable)) found.triggers.add(id);
          continue;
        }
        if (!table.coverage) throw new Error('unexpected subtable');
        if (type === 4 && !skipsBases(lookup)) {
          for (const first of ligaturesOf(lookup, reachable).keys()) found.triggers.add(first);
          continue;
        }
        for (const id of inSet(table.coverage, reachable)) found.triggers.add(id);
      }
    }
    // What the ligatures make must be left alone by every other lookup; else runs they would touch are shaped.
    if ([...outputs].some((id) => found.triggers.has(id))) {
      for (const first of made.keys()) found.triggers.add(first);
      return found;
    }
    found.ligatures = made;
    return found;
  } catch {
    // A table laid out otherwise than this reader expects: no shortcut, every run is shaped.
    return null;
  }
}

/**
 * The glyph run fontkit's shaping gives `text`, without shaping it, when it is plain text (PLAIN_TEXT) none of
 * whose glyphs a substitution can touch but the face's ligatures: shaping then maps each character to its cmap
 * glyph (no marks to compose, no default-ignorable to hide, left to right) and makes the ligatures left to right,
 * the first that matches at each glyph, as fontkit does; the glyphs are the face's own cached objects, made in
 * the order shaping makes them. pdf-lib reads only `glyphs` (ids, advances, code points for ToUnicode).
 * Undefined when it must be shaped.
 */
function plainRun(face: ShapedFace, text: string, substitutions: PlainSubstitutions | null): { glyphs: Glyph[] } | undefined {
  if (!substitutions || !PLAIN_TEXT.test(text)) return undefined;
  const glyphs: Glyph[] = new Array<Glyph>(text.length);
  for (let i = 0; i < text.length; i++) {
    const cp = text.charCodeAt(i);
    const glyph = face.glyphForCodePoint(cp);
    // A glyph first met under another code point (a soft hyphen's) carries that one, which shaping may act on.
    if (!glyph || glyph.codePoints[0] !== cp || substitutions.triggers.has(glyph.id)) return undefined;
    glyphs[i] = glyph;
  }
  if (substitutions.ligatures.size === 0) return { glyphs };
  const out: Glyph[] = [];
  for (let i = 0; i < glyphs.length;) {
    const first = glyphs[i] as Glyph;
    const ligature = substitutions.ligatures.get(first.id)?.find(({ rest }) => rest.every((id, k) => glyphs[i + 1 + k]?.id === id));
    if (!ligature) { out.push(first); i++; continue; }
    const parts = glyphs.slice(i, i + 1 + ligature.rest.length);
    const made = face.getGlyph(ligature.glyph, parts.flatMap((g) => g.codePoints));
    if (!made || !isPlainCodePoint(made.codePoints[0])) return undefined;
    out.push(made);
    i += parts.length;
  }
  return { glyphs: out };
}

/** The shortcut for a fontkit face, its GSUB read once (the test's entry; the faces pdf-lib shapes with go through rememberLayouts). */
export function plainAsciiShortcut(face: unknown): (text: string) => { glyphs: Glyph[] } | undefined {
  const substitutions = plainSubstitutions(face as ShapedFace);
  return (text) => plainRun(face as ShapedFace, text, substitutions);
}

/** fontkit as pdf-lib calls it, answering from parsedFaces for the faces loaded once (CJK chunks are parsed as before). */
const cachingFontkit = {
  ...fontkit,
  create: (data: Uint8Array, postscriptName?: string): Face => (postscriptName === undefined && parsedFaces.has(data) ? parsedFace(data) : createFace(Buffer.from(data.buffer, data.byteOffset, data.byteLength), postscriptName)),
} as unknown as typeof fontkit;

export function scriptOf(codePoint: number): Script {
  if ((codePoint >= 0x0600 && codePoint <= 0x06ff) || (codePoint >= 0x0750 && codePoint <= 0x077f) || (codePoint >= 0x08a0 && codePoint <= 0x08ff) || (codePoint >= 0xfb50 && codePoint <= 0xfdff) || (codePoint >= 0xfe70 && codePoint <= 0xfeff)) return 'arabic';
  if ((codePoint >= 0x0900 && codePoint <= 0x097f) || (codePoint >= 0xa8e0 && codePoint <= 0xa8ff)) return 'devanagari';
  return 'latin';
}

/** The faces for the index; `text` is everything it will draw, so only the CJK chunks it needs are embedded. */
export async function embedFonts(doc: PDFDocument, text = ''): Promise<FontSet> {
  doc.registerFontkit(cachingFontkit);
  const bytes = await loadFontBytes();
  const coverage = {
    latin: parsedFace(bytes.latin),
    arabic: parsedFace(bytes.arabic),
    devanagari: parsedFace(bytes.devanagari),
  };
  // The bold face covers nothing the regular one does not, but parsed here it is parsed (and its runs shaped) once a run, not once a document.
  parsedFace(bytes.latinBold);
  const [latin, latinBold, arabic, devanagari] = await Promise.all([
    doc.embedFont(bytes.latin, { subset: true, customName: 'NotoSans' }),
    doc.embedFont(bytes.latinBold, { subset: true, customName: 'NotoSans-Bold' }),
    doc.embedFont(bytes.arabic, { subset: true, customName: 'NotoSansArabic' }),
    doc.embedFont(bytes.devanagari, { subset: true, customName: 'NotoSansDevanagari' }),
  ]);
  const cjk = await embedCjk(doc, text);
  return {
    regular: { latin, arabic, devanagari },
    cjk,
    bold: latinBold,
    replacement: '?',
    covers: (script, codePoint) => coverage[script].hasGlyphForCodePoint(codePoint),
  };
}

/**
 * The characters of `text` no embedded face can draw (textRuns draws them as
 * the replacement), each once, in order. Whitespace never counts: it is drawn
 * as a plain space.
 */
export function missingCharacters(text: string, fonts: FontSet): string[] {
  const missing = new Set<string>();
  // Each distinct character is looked up once: the texts asked about (a letter's or the index's whole model as JSON)
  // repeat a few dozen characters thousands of times, and the lookups ran cold after the decode worker's last file.
  const looked = new Set<string>();
  for (const ch of text.normalize('NFC')) {
    if (looked.has(ch)) continue;
    looked.add(ch);
    if (/\s/.test(ch)) continue;
    const cp = ch.codePointAt(0) ?? 0x3f;
    if (!fonts.cjk.has(cp) && !fonts.covers(scriptOf(cp), cp)) missing.add(ch);
  }
  return [...missing];
}

export interface TextRun {
  text: string;
  font: PDFFont;
}

/**
 * Split text into runs of one face each, so each run is drawn with a face
 * that has its glyphs (fontkit then shapes Arabic joining forms and Devanagari
 * conjuncts; a CJK character goes to the chunk face that holds it). Code
 * points no face covers become `?` rather than empty boxes or a crash.
 */
export function textRuns(text: string, fonts: FontSet, bold = false): TextRun[] {
  // Most of a packet's text (file names, dates, labels) is printable ASCII, which the Latin face draws in one run:
  // the same answer as the loop below, without its per-character lookups (~0.1 s of a 100-document build).
  if (PRINTABLE_ASCII.test(text) && drawsAsciiInOneRun(fonts, bold)) return [{ text, font: pickFont('latin', fonts, bold) }];
  return runsByCharacter(text, fonts, bold);
}

/** textRuns the long way, character by character; exported for the test that holds the ASCII shortcut to it. */
export function runsByCharacter(text: string, fonts: FontSet, bold = false): TextRun[] {
  const runs: TextRun[] = [];
  let current: { script: Script | undefined; font: PDFFont; text: string } | undefined;
  for (const ch of text.normalize('NFC')) {
    const next = faceFor(ch, current?.script, fonts, bold);
    if (current && current.font === next.font) current.text += next.text;
    else {
      if (current) runs.push({ text: current.text, font: current.font });
      current = next;
    }
  }
  if (current) runs.push({ text: current.text, font: current.font });
  return runs.flatMap((run) => splitTrailingSpace(run, fonts, bold));
}

const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;
const asciiInOneRun = new WeakMap<FontSet, { regular: boolean; bold: boolean }>();

/**
 * Whether the loop of textRuns would give every printable ASCII string one run in the Latin face: each
 * character is covered by it and by no CJK chunk, and the face is not the Arabic one (whose runs lose their
 * trailing spaces). Asked once per font set.
 */
function drawsAsciiInOneRun(fonts: FontSet, bold: boolean): boolean {
  let known = asciiInOneRun.get(fonts);
  if (!known) {
    let covered = true;
    for (let cp = 0x20; cp <= 0x7e; cp++) if (fonts.cjk.has(cp) || !fonts.covers('latin', cp)) covered = false;
    known = { regular: covered && fonts.regular.latin !== fonts.regular.arabic, bold: covered && fonts.bold !== fonts.regular.arabic };
    asciiInOneRun.set(fonts, known);
  }
  return bold ? known.bold : known.regular;
}

/** The face one character is drawn with (script undefined: a CJK chunk face), and what is drawn. */
function faceFor(ch: string, currentScript: Script | undefined, fonts: FontSet, bold: boolean): { script: Script | undefined; font: PDFFont; text: string } {
  const cp = ch.codePointAt(0) ?? 0x3f;
  const cjk = fonts.cjk.get(cp);
  if (cjk) return { script: undefined, font: cjk, text: ch };
  let script = scriptOf(cp);
  let out = ch;
  // Spaces and punctuation stay with the run they sit in, so a name is one run.
  if (currentScript && /[\s.,\-'()]/.test(ch) && fonts.covers(currentScript, cp)) script = currentScript;
  if (!fonts.covers(script, cp)) { script = 'latin'; out = /\s/.test(ch) ? ' ' : fonts.replacement; }
  return { script, font: pickFont(script, fonts, bold), text: out };
}

/** fontkit reverses a right-to-left run, so a trailing space would be drawn on the wrong side of it. */
function splitTrailingSpace(run: TextRun, fonts: FontSet, bold: boolean): TextRun[] {
  if (run.font !== fonts.regular.arabic) return [run];
  const match = /\s+$/.exec(run.text);
  if (!match || match.index === 0) return [run];
  return [{ text: run.text.slice(0, match.index), font: run.font }, { text: match[0], font: pickFont('latin', fonts, bold) }];
}

function pickFont(script: Script, fonts: FontSet, bold: boolean): PDFFont {
  if (script === 'latin' && bold) return fonts.bold;
  return fonts.regular[script];
}

/**
 * page.drawText for one run of one face. Given a font, pdf-lib's drawText adds it to the page's resources under a
 * new random name, draws, then takes the page's font back, so a page of the index carried hundreds of font
 * entries for its two or three faces (each a resource lookup, a name drawn from the page's generator and a
 * serialised entry). Here the face is made the page's current font once (setFont) and the runs are drawn with
 * it; pdf-lib's own record of the page's font is asked, so text other code draws is accounted for.
 */
export function drawRun(page: PDFPage, text: string, options: { x: number; y: number; size: number; font: PDFFont; color: RGB }): void {
  if ((page as unknown as { font?: PDFFont }).font !== options.font) page.setFont(options.font);
  page.drawText(text, { x: options.x, y: options.y, size: options.size, color: options.color });
}
