import { existsSync } from 'node:fs';
import { symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { makePrivateTempDir, type PrivateTempDir } from '../../util/tempdir.js';

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

/** The file of a language's model, or undefined when it is nowhere on this machine. */
export function findModel(code: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  // best_int: the LSTM model tesseract.js recommends for speed at near-best accuracy.
  if (code === 'eng') return npmModel('eng', '4.0.0_best_int', 'eng');
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

export function resolveModels(languages: readonly string[], env: NodeJS.ProcessEnv = process.env): ResolvedModels {
  const found: ResolvedModels['found'] = [];
  const missing: string[] = [];
  for (const code of new Set(languages)) {
    const file = /^[a-z_]{3,20}$/i.test(code) ? findModel(code, env) : undefined;
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
