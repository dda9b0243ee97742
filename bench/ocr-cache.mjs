// Benchmark: the OCR cache (issue 10). Reads the pages of a real image-only
// scan from ../shared/corpus (pdf.js issue7229: two A4 pages, 200 dpi JPEG)
// with tesseract.js through cachedOcrEngine twice: the first pass fills the
// cache, the second should cost almost nothing. Native tesseract (Debian
// tesseract-ocr) reads the same images for scale. Figures, not assertions;
// the target is a second scan <= 25% of the first.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { createWorker } from 'tesseract.js';
import { cachedOcrEngine, ocrCacheInfo } from '../src/extract/ocr/cache.ts';

const SOURCE = path.resolve(import.meta.dirname, '..', '..', 'shared', 'corpus', 'pdf', 'issue7229_scanned_image_only.pdf');
const TARGET_SECOND_RUN = 0.25;
const require = createRequire(import.meta.url);
const ENG_MODELS = path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');

/** A one-worker stand-in for the core's pool: enough to time what the cache saves. */
async function tesseractJsEngine() {
  const worker = await createWorker('eng', 1, { langPath: ENG_MODELS, cacheMethod: 'none', gzip: true });
  const version = JSON.parse(await readFile(require.resolve('tesseract.js/package.json'), 'utf8')).version;
  return {
    version,
    engine: {
      async recognize(request) {
        const { data } = await worker.recognize(request.absPath, {}, { blocks: true });
        const words = (data.blocks ?? []).flatMap((b) => b.paragraphs.flatMap((p) => p.lines.flatMap((l) => l.words)));
        const page = {
          pageIndex: 0, width: 0, height: 0, dpi: 200, rotation: 0, skewDegrees: 0,
          words: words.map((w) => ({ text: w.text, box: w.bbox, confidence: w.confidence })),
          text: data.text, meanConfidence: data.confidence,
        };
        return { pages: [page], failures: [] };
      },
      close: () => worker.terminate(),
    },
  };
}

async function timePass(engine, requests) {
  const started = performance.now();
  let chars = 0;
  for (const request of requests) chars += (await engine.recognize(request)).pages[0].text.length;
  return { seconds: (performance.now() - started) / 1000, chars };
}

async function main() {
  if (!existsSync(SOURCE)) { console.log(`SKIPPED: ${SOURCE} is absent (../shared/corpus)`); return; }
  const work = await mkdtemp(path.join(tmpdir(), 'casepack-bench-ocr-'));
  try {
    execFileSync('pdfimages', ['-j', SOURCE, path.join(work, 'page')]);
    const images = (await readdir(work)).filter((n) => n.startsWith('page')).sort().map((n) => path.join(work, n));
    const { engine: inner, version } = await tesseractJsEngine();
    const requests = await Promise.all(images.map(async (absPath) => ({
      relPath: path.basename(absPath), absPath, kind: 'image', pages: [],
      contentHash: createHash('sha256').update(await readFile(absPath)).digest('hex'),
      settings: { languages: ['eng'], engine: 'tesseract.js', engineVersion: version, renderDpi: 200 },
    })));
    const cacheDir = path.join(work, 'cache');
    const first = await timePass(cachedOcrEngine(inner, { dir: cacheDir }), requests);
    const second = await timePass(cachedOcrEngine(inner, { dir: cacheDir }), requests);
    await inner.close();
    const info = await ocrCacheInfo(cacheDir);
    console.log(`pages: ${images.length} (real 200 dpi A4 scan, ${path.basename(SOURCE)})`);
    console.log(`tesseract.js ${version}, 1 worker, first scan (cache empty): ${first.seconds.toFixed(2)} s, ${(first.seconds / images.length).toFixed(2)} s/page, ${first.chars} characters`);
    console.log(`second scan (cache hit):  ${(second.seconds * 1000).toFixed(1)} ms = ${((second.seconds / first.seconds) * 100).toFixed(2)}% of the first (target <= ${TARGET_SECOND_RUN * 100}%), same text: ${second.chars === first.chars}`);
    console.log(`cache on disk: ${info.entries} entries, ${(info.bytes / 1024).toFixed(1)} KB (${(info.bytes / 1024 / images.length).toFixed(1)} KB/page, gzip JSON with word boxes)`);
    const native = spawnSync('tesseract', ['--version']);
    if (native.status === 0) {
      const started = performance.now();
      for (const image of images) execFileSync('tesseract', [image, '-', '-l', 'eng'], { stdio: ['ignore', 'ignore', 'ignore'], env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
      const seconds = (performance.now() - started) / 1000;
      console.log(`native tesseract (${native.stdout.toString().split('\n')[0] || native.stderr.toString().split('\n')[0]}, 1 thread): ${(seconds / images.length).toFixed(2)} s/page`);
    } else console.log('native tesseract: absent (apt install tesseract-ocr to compare)');
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
