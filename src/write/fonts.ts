import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import fontkit from '@cantoo/fontkit';
import type { PDFDocument, PDFFont } from '../util/pdf-lib.js';
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
    parsedFaces.set(bytes, face);
  }
  return face;
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
  face.layout = (text: string, features?: unknown, ...rest: unknown[]): unknown => {
    if (rest.some((arg) => arg !== undefined)) return shape(text, features, ...rest);
    const key = `${features === undefined ? '' : JSON.stringify(features)}\u0000${text}`;
    let run = layouts.get(key);
    if (run === undefined) {
      // pdf-lib passes no features unless a font was embedded with some; those are shaped exactly as asked.
      run = shape(text, features ?? WITHOUT_POSITIONING);
      if (layouts.size >= MAX_REMEMBERED_LAYOUTS) layouts.clear();
      layouts.set(key, run);
    }
    return run;
  };
  return face;
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
  for (const ch of text.normalize('NFC')) {
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
