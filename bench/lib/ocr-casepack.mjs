// One side of the OCR benchmark, in its own process so its memory (the sum of
// its process tree: the engine reads pages in a child process) is measured
// alone: read every page image listed in argv[2] with casepack's OCR engine
// (the worker pool `scanCase` uses: EXIF, orientation, deskew, LSTM, with the
// npm-shipped models), `jobs` (argv[3]) pages at once, no cache.
// Prints the number of pages read and characters recognised. The built engine
// (dist/, made by `npm run bench`), as users run it: from the TypeScript source
// every page worker would register tsx and compile its modules again, measured
// at ~0.8 CPU s a page of the bench's 8 pages that casepack never spends.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createOcrEngine, TESSERACT_JS_VERSION } from '../../dist/extract/ocr/engine.js';

const pages = (await readFile(process.argv[2], 'utf8')).split('\n').filter(Boolean);
const jobs = Number(process.argv[3] ?? 2);
const engine = createOcrEngine({ jobs });
const settings = { languages: ['eng'], engine: 'tesseract.js', engineVersion: TESSERACT_JS_VERSION, renderDpi: 300 };
let read = 0;
let chars = 0;
try {
  await Promise.all(pages.map(async (page) => {
    const contentHash = createHash('sha256').update(await readFile(page)).digest('hex');
    const result = await engine.recognize({ relPath: page, absPath: page, contentHash, kind: 'image', pages: [0], settings });
    read += result.pages.length;
    chars += result.pages.reduce((n, p) => n + p.text.length, 0);
  }));
} finally {
  await engine.close();
}
console.log(`${read} ${chars}`);
