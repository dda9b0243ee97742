// One side of the OCR benchmark, in its own process so GNU time sees its peak
// RSS alone: read every page image listed in argv[2] with `jobs` (argv[3])
// parallel recognitions, no cache. Prints the number of pages read.
//
// Until casepack's OCR engine is merged this is the tesseract.js-direct adapter
// of the evaluation (tools/eval/ocr/tesseract-direct.ts: sharp EXIF, OSD, LSTM
// with @tesseract.js-data models), i.e. the library casepack's engine wraps;
// when the engine lands, replace the two lines marked ENGINE with its pool.
import { readFile } from 'node:fs/promises';
import { TesseractDirect } from '../../tools/eval/ocr/tesseract-direct.ts';

const pages = (await readFile(process.argv[2], 'utf8')).split('\n').filter(Boolean);
const jobs = Number(process.argv[3] ?? 2);
const engine = await TesseractDirect.start(jobs); // ENGINE
let read = 0;
let chars = 0;
await Promise.all(pages.map(async (page) => {
  const reading = await engine.read(page); // ENGINE
  read++;
  chars += reading.text.length;
}));
await engine.close();
console.log(`${read} ${chars}`);
