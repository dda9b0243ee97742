import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { HELDOUT_SET } from '../sets.js';
import { loadTruth } from '../truth.js';
import { countCer, pooledCer, type CerCount } from './cer.js';
import { ensureDir, makeCopy, sourceText, type DegradedVariant } from './variants.js';

const run = promisify(execFile);

/**
 * The same photos read by Debian's native `tesseract` (tesseract-ocr 5, the
 * peer), so a photo figure says how much is the image and how much is
 * casepack: `--psm 1` (it too detects orientation), two processes at once
 * with one thread each, no page finding of any kind. Reports; asserts nothing.
 */
export async function nativeCer(cacheDir: string, variant: DegradedVariant, limit?: number): Promise<{ cer: number; perDocument: Array<{ file: string; cer: number }> }> {
  const setDir = HELDOUT_SET.dir;
  const truth = await loadTruth(setDir);
  const docs = truth.documents.slice(0, limit ?? truth.documents.length);
  const copiesDir = await ensureDir(path.join(cacheDir, 'copies'));
  const counts: CerCount[] = new Array<CerCount>(docs.length);
  const perDocument: Array<{ file: string; cer: number }> = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < docs.length; i = next++) {
      const doc = docs[i]!;
      const original = new Uint8Array(await readFile(path.join(setDir, truth.documentsDir, doc.file)));
      const copy = await makeCopy(original, doc.file, variant, copiesDir);
      const pages = await Promise.all(copy.pageImages.slice(0, 3).map((image) => run('tesseract', [image, 'stdout', '--psm', '1', '-l', 'eng'], { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, maxBuffer: 1 << 24 }).then((r) => r.stdout, () => '')));
      counts[i] = countCer(pages.join('\n'), await sourceText(original, pages.length));
      perDocument.push({ file: doc.file, cer: counts[i]!.length ? counts[i]!.errors / counts[i]!.length : 0 });
    }
  };
  await Promise.all([worker(), worker()]);
  return { cer: pooledCer(counts), perDocument: perDocument.sort((a, b) => b.cer - a.cer) };
}
