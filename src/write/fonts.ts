import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@cantoo/fontkit';
import type { PDFDocument, PDFFont } from '@cantoo/pdf-lib';

const require = createRequire(import.meta.url);

/**
 * Noto Sans faces shipped as TTF in npm packages: Latin/Greek/Cyrillic,
 * Arabic and Devanagari. The 14 standard PDF fonts only encode WinAnsi, so a
 * patient's name in Arabic or Hindi needs embedded fonts (subset on save).
 */
const FONT_FILES = {
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
}

let cachedBytes: Promise<Record<keyof typeof FONT_FILES, Uint8Array>> | undefined;

function loadFontBytes(): Promise<Record<keyof typeof FONT_FILES, Uint8Array>> {
  cachedBytes ??= (async () => {
    const entries = await Promise.all(Object.entries(FONT_FILES).map(async ([key, spec]) => [key, await readFile(require.resolve(spec))] as const));
    return Object.fromEntries(entries) as unknown as Record<keyof typeof FONT_FILES, Uint8Array>;
  })();
  return cachedBytes;
}

export function scriptOf(codePoint: number): Script {
  if ((codePoint >= 0x0600 && codePoint <= 0x06ff) || (codePoint >= 0x0750 && codePoint <= 0x077f) || (codePoint >= 0x08a0 && codePoint <= 0x08ff) || (codePoint >= 0xfb50 && codePoint <= 0xfdff) || (codePoint >= 0xfe70 && codePoint <= 0xfeff)) return 'arabic';
  if ((codePoint >= 0x0900 && codePoint <= 0x097f) || (codePoint >= 0xa8e0 && codePoint <= 0xa8ff)) return 'devanagari';
  return 'latin';
}

export async function embedFonts(doc: PDFDocument): Promise<FontSet> {
  doc.registerFontkit(fontkit);
  const bytes = await loadFontBytes();
  const coverage = {
    latin: fontkit.create(Buffer.from(bytes.latin)),
    arabic: fontkit.create(Buffer.from(bytes.arabic)),
    devanagari: fontkit.create(Buffer.from(bytes.devanagari)),
  };
  const [latin, latinBold, arabic, devanagari] = await Promise.all([
    doc.embedFont(bytes.latin, { subset: true, customName: 'NotoSans' }),
    doc.embedFont(bytes.latinBold, { subset: true, customName: 'NotoSans-Bold' }),
    doc.embedFont(bytes.arabic, { subset: true, customName: 'NotoSansArabic' }),
    doc.embedFont(bytes.devanagari, { subset: true, customName: 'NotoSansDevanagari' }),
  ]);
  return {
    regular: { latin, arabic, devanagari },
    bold: latinBold,
    replacement: '?',
    covers: (script, codePoint) => {
      const font = coverage[script] as { hasGlyphForCodePoint(cp: number): boolean };
      return font.hasGlyphForCodePoint(codePoint);
    },
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
    if (!fonts.covers(scriptOf(cp), cp)) missing.add(ch);
  }
  return [...missing];
}

export interface TextRun {
  text: string;
  font: PDFFont;
}

/**
 * Split text into runs of one script each, so each run is drawn with a face
 * that has its glyphs (fontkit then shapes Arabic joining forms and Devanagari
 * conjuncts). Code points no face covers (e.g. CJK) become `?` rather than
 * empty boxes or a crash.
 */
export function textRuns(text: string, fonts: FontSet, bold = false): TextRun[] {
  const runs: TextRun[] = [];
  let current: { script: Script; text: string } | undefined;
  for (const ch of text.normalize('NFC')) {
    const cp = ch.codePointAt(0) ?? 0x3f;
    let script = scriptOf(cp);
    let out = ch;
    // Spaces and punctuation stay with the run they sit in, so a name is one run.
    if (current && /[\s.,\-'()]/.test(ch) && fonts.covers(current.script, cp)) script = current.script;
    if (!fonts.covers(script, cp)) { script = 'latin'; out = /\s/.test(ch) ? ' ' : fonts.replacement; }
    if (current && current.script === script) current.text += out;
    else {
      if (current) runs.push({ text: current.text, font: pickFont(current.script, fonts, bold) });
      current = { script, text: out };
    }
  }
  if (current) runs.push({ text: current.text, font: pickFont(current.script, fonts, bold) });
  return runs.flatMap((run) => splitTrailingSpace(run, fonts, bold));
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
