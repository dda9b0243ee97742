import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { getDocumentProxy } from 'unpdf';
import { photographPage, renderPdfPages, scanCopy, seedFromName } from '../../synth/degrade.js';

/** The copies of each document the evaluation reads, born-digital first. */
export const VARIANTS = ['born-digital', 'scan-300', 'scan-200', 'photo'] as const;
export type Variant = (typeof VARIANTS)[number];
export type DegradedVariant = Exclude<Variant, 'born-digital'>;

/** Bump when the degradations change, so cached copies are made again. */
const VARIANT_VERSION = 3;

/** Generated at eval time, never committed: the copies are megabytes and come from what is in the repo. */
export function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
  return path.join(base, 'casepack-eval-ocr');
}

export interface DegradedCopy {
  variant: DegradedVariant;
  /** What a family would send: an image-only PDF (scans) or a JPEG (photos). */
  file: string;
  /** The page images inside it, for an engine that reads images. */
  pageImages: string[];
}

async function exists(file: string): Promise<boolean> {
  return readFile(file).then(() => true, () => false);
}

/** Make (or reuse) one degraded copy of a born-digital PDF in `dir`. */
export async function makeCopy(original: Uint8Array, name: string, variant: DegradedVariant, dir: string): Promise<DegradedCopy> {
  const key = createHash('sha256').update(original).update(`${variant}/${VARIANT_VERSION}`).digest('hex').slice(0, 16);
  const stem = path.join(dir, `${key}.${variant}`);
  const seed = seedFromName(name, VARIANT_VERSION);
  if (variant === 'photo') {
    const file = `${stem}.jpg`;
    if (!(await exists(file))) {
      const [page] = await renderPdfPages(original, 300, 1);
      await writeFile(file, (await photographPage(page!, seed)).jpeg);
    }
    return { variant, file, pageImages: [file] };
  }
  const file = `${stem}.pdf`;
  const manifest = `${stem}.json`;
  if (await exists(manifest)) return JSON.parse(await readFile(manifest, 'utf8')) as DegradedCopy;
  const copy = await scanCopy(original, { dpi: variant === 'scan-300' ? 300 : 200, seed });
  const pageImages = copy.jpegs.map((_, i) => `${stem}.p${i}.jpg`);
  await Promise.all(copy.jpegs.map((jpeg, i) => writeFile(pageImages[i]!, jpeg)));
  await writeFile(file, copy.pdf);
  const made: DegradedCopy = { variant, file, pageImages };
  await writeFile(manifest, JSON.stringify(made));
  return made;
}

export async function ensureDir(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/**
 * The source text of a born-digital PDF's first `maxPages` pages, in reading
 * order: pdf.js text items grouped into lines by baseline, left to right.
 * This is what OCR is scored against.
 */
export async function sourceText(pdf: Uint8Array, maxPages = Infinity): Promise<string> {
  const doc = await getDocumentProxy(new Uint8Array(pdf), { verbosity: 0, isEvalSupported: false });
  const lines: string[] = [];
  try {
    for (let p = 1; p <= Math.min(doc.numPages, maxPages); p++) {
      const content = await (await doc.getPage(p)).getTextContent();
      const byLine = new Map<number, Array<{ x: number; text: string }>>();
      for (const item of content.items) {
        if (!('str' in item) || item.str.trim() === '') continue;
        const y = Math.round(item.transform[5] / 3);
        const row = byLine.get(y) ?? [];
        row.push({ x: item.transform[4], text: item.str });
        byLine.set(y, row);
      }
      for (const y of [...byLine.keys()].sort((a, b) => b - a)) {
        lines.push(byLine.get(y)!.sort((a, b) => a.x - b.x).map((i) => i.text).join(' '));
      }
    }
  } finally {
    await doc.destroy();
  }
  return lines.join('\n');
}
