import { existsSync } from 'node:fs';
import { symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { makePrivateTempDir, type PrivateTempDir } from '../../util/tempdir.js';
import type { EnglishModel } from './types.js';
import { packagePath } from '../../util/package-root.js';

/**
 * Where OCR models come from: English and OSD from the npm packages, any
 * other language from `CASEPACK_TESSDATA` or the standard tessdata folders
 * (Debian's tesseract-ocr-* packages). Never downloaded.
 */

export const STANDARD_TESSDATA_DIRS = ['/usr/share/tesseract-ocr/5/tessdata', '/usr/share/tesseract-ocr/4.00/tessdata', '/usr/share/tessdata'];

const require = createRequire(import.meta.url);

function npmModel(pkg: string, variant: string, code: string): string | undefined {
  try {
    const dir = path.dirname(require.resolve(`@tesseract.js-data/${pkg}/package.json`));
    const file = path.join(dir, variant, `${code}.traineddata.gz`);
    return existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The English models casepack ships: `fast` (tessdata_fast, committed under
 * assets/tessdata-fast with its licence) and `best` (tessdata_best's integer
 * model from @tesseract.js-data/eng: a bigger network).
 */
export const ENGLISH_MODELS: readonly EnglishModel[] = ['fast', 'best'];
/** tessdata_fast: on 20 held-out 300 dpi scans it read at 1.49 % CER, 20/20 categories, ~30 % less time a page than best_int (docs/ocr-evaluation.md). */
export const DEFAULT_ENGLISH_MODEL: EnglishModel = 'fast';

/** The English model asked for by CASEPACK_OCR_MODEL, else the default (an unknown value is ignored: the CLI checks flags). */
export function englishModelOf(env: NodeJS.ProcessEnv = process.env): EnglishModel {
  const asked = env.CASEPACK_OCR_MODEL?.trim().toLowerCase();
  return ENGLISH_MODELS.find((m) => m === asked) ?? DEFAULT_ENGLISH_MODEL;
}

/** assets/ at the package root: this file is src/extract/ocr (tests) or dist/extract/ocr (built), three levels down. */
const ASSETS_DIR = packagePath('assets');

function englishModelFile(model: EnglishModel): string | undefined {
  if (model === 'best') return npmModel('eng', '4.0.0_best_int', 'eng');
  const file = path.join(ASSETS_DIR, 'tessdata-fast', 'eng.traineddata.gz');
  return existsSync(file) ? file : undefined;
}

/** The file of a language's model, or undefined when it is nowhere on this machine. */
export function findModel(code: string, env: NodeJS.ProcessEnv = process.env, englishModel: EnglishModel = englishModelOf(env)): string | undefined {
  if (code === 'eng') return englishModelFile(englishModel);
  const dirs = [env.CASEPACK_TESSDATA, ...STANDARD_TESSDATA_DIRS].filter((d): d is string => !!d);
  for (const dir of dirs) {
    for (const name of [`${code}.traineddata`, `${code}.traineddata.gz`]) {
      const file = path.join(dir, name);
      if (existsSync(file)) return file;
    }
  }
  return undefined;
}

export interface ResolvedModels {
  /** Languages with a model, in the order asked. */
  found: { code: string; file: string }[];
  missing: string[];
}

export function resolveModels(languages: readonly string[], env: NodeJS.ProcessEnv = process.env, englishModel: EnglishModel = englishModelOf(env)): ResolvedModels {
  const found: ResolvedModels['found'] = [];
  const missing: string[] = [];
  for (const code of new Set(languages)) {
    const file = /^[a-z_]{3,20}$/i.test(code) ? findModel(code, env, englishModel) : undefined;
    if (file) found.push({ code, file }); else missing.push(code);
  }
  return { found, missing };
}

export function osdModelFile(): string | undefined {
  return npmModel('osd', '4.0.0', 'osd');
}

/**
 * One private folder with every model linked under the name tesseract.js
 * expects (`<code>.traineddata`): it takes a single folder for all
 * languages, and the models live in several.
 */
export async function linkModels(files: { code: string; file: string }[]): Promise<PrivateTempDir> {
  const dir = await makePrivateTempDir({ prefix: 'casepack-ocr-models-' });
  for (const { code, file } of files) await symlink(file, dir.resolve(`${code}.traineddata`));
  return dir;
}
