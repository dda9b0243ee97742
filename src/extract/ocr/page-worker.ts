import { parentPort } from 'node:worker_threads';
import { createWorker, OEM, PSM, type Worker as TesseractWorker } from 'tesseract.js';
import { decodeImage, renderPdfPage, turnImage, type PageImage } from './raster.js';
import type { OcrPage, OcrWord } from './types.js';

/**
 * One page worker: a worker thread (started by the pool with memory limits)
 * that rasterises an untrusted page and recognises it. Models are handed in as
 * a folder that holds every model asked for (the pool links them there), so
 * tesseract.js never looks anywhere else (without a langPath it would fall back
 * to a CDN).
 */

/** A folder of `<code>.traineddata` files (plain or gzipped) and the codes to load from it. */
export interface ModelSet { langPath: string; languages: string[] }

export interface PageJob {
  id: number;
  absPath: string;
  kind: 'pdf-pages' | 'image';
  pageIndex: number;
  dpi: number;
  models: ModelSet;
  /** The OSD model, for pages scanned sideways or upside down. */
  osd?: ModelSet;
}

export type PageReply = { id: number; ok: true; page: OcrPage } | { id: number; ok: false; reason: string };

/** Below this OSD confidence a page is left as it is: OSD on sparse pages guesses. */
const MIN_ORIENTATION_CONFIDENCE = 2;

let reader: { key: string; worker: TesseractWorker } | undefined;
let osdReader: TesseractWorker | undefined;

async function readerFor(models: ModelSet): Promise<TesseractWorker> {
  const key = `${models.langPath}:${models.languages.join('+')}`;
  if (reader?.key === key) return reader.worker;
  await reader?.worker.terminate();
  // cacheMethod 'none': tesseract.js would otherwise write the models next to the process's cwd.
  // gzip false: file names carry no .gz; tesseract.js still unpacks gzipped bytes by their magic number.
  const worker = await createWorker(models.languages, OEM.LSTM_ONLY, { langPath: models.langPath, cacheMethod: 'none', gzip: false });
  await worker.setParameters({ tessedit_pageseg_mode: PSM.AUTO, preserve_interword_spaces: '1' });
  reader = { key, worker };
  return worker;
}

async function osdFor(osd: ModelSet): Promise<TesseractWorker> {
  if (osdReader) return osdReader;
  // OSD is a legacy-engine model: it needs the legacy core.
  osdReader = await createWorker(osd.languages, OEM.TESSERACT_ONLY, { langPath: osd.langPath, cacheMethod: 'none', gzip: false, legacyCore: true, legacyLang: true });
  return osdReader;
}

/** Clockwise quarter turn that makes the page upright, as OSD sees it (0 when unsure). */
async function detectTurn(image: PageImage, osd: ModelSet | undefined): Promise<0 | 90 | 180 | 270> {
  if (!osd) return 0;
  try {
    const { data } = await (await osdFor(osd)).detect(image.png);
    if (data.orientation_degrees === null || (data.orientation_confidence ?? 0) < MIN_ORIENTATION_CONFIDENCE) return 0;
    // OSD reports how the text is turned; turning the other way puts it upright.
    const turn = (360 - data.orientation_degrees) % 360;
    return turn === 90 || turn === 180 || turn === 270 ? turn : 0;
  } catch {
    return 0; // too little text to tell: read it as it is
  }
}

/** The small skew tesseract finds in the text lines, in degrees (positive: the source is turned clockwise). */
async function detectSkew(worker: TesseractWorker, image: PageImage): Promise<number> {
  const { data } = await worker.recognize(image.png, { rotateAuto: true }, { text: false, blocks: false, layoutBlocks: true });
  const radians = data.rotateRadians ?? 0;
  return (radians * 180) / Math.PI;
}

function wordsOf(blocks: Tesseract.Block[] | null): OcrWord[] {
  const words: OcrWord[] = [];
  for (const block of blocks ?? []) for (const para of block.paragraphs) for (const line of para.lines) {
    for (const w of line.words) {
      if (!w.text.trim()) continue;
      words.push({ text: w.text, confidence: Math.round(w.confidence), box: { x0: w.bbox.x0, y0: w.bbox.y0, x1: w.bbox.x1, y1: w.bbox.y1 } });
    }
  }
  return words;
}

export async function readPage(job: PageJob): Promise<OcrPage> {
  const source = job.kind === 'image' ? await decodeImage(job.absPath) : await renderPdfPage(job.absPath, job.pageIndex, job.dpi);
  const worker = await readerFor(job.models);
  const turn = await detectTurn(source, job.osd);
  const turned = await turnImage(source, turn, 0);
  const skew = await detectSkew(worker, turned);
  // Deskewed here rather than inside tesseract, so the word boxes are in the image we describe.
  const upright = await turnImage(turned, 0, -skew);
  const { data } = await worker.recognize(upright.png, {}, { text: true, blocks: true });
  const words = wordsOf(data.blocks);
  const meanConfidence = words.length ? Math.round(words.reduce((s, w) => s + w.confidence, 0) / words.length) : 0;
  const rotation = ((source.exifRotation + turn) % 360) as OcrPage['rotation'];
  return {
    pageIndex: job.kind === 'image' ? 0 : job.pageIndex,
    width: upright.width, height: upright.height, dpi: upright.dpi,
    rotation, skewDegrees: Math.abs(skew) >= 0.3 ? Math.round(skew * 100) / 100 : 0,
    words, text: data.text.trim(), meanConfidence,
  };
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit|exceeds? .*pixel/i.test(message)) return 'the image is too large to read safely (pixel limit)';
  return message.split('\n')[0]?.slice(0, 200) ?? 'unknown error';
}

parentPort?.on('message', (job: PageJob) => {
  readPage(job).then(
    (page) => parentPort?.postMessage({ id: job.id, ok: true, page } satisfies PageReply),
    (error: unknown) => parentPort?.postMessage({ id: job.id, ok: false, reason: reasonOf(error) } satisfies PageReply),
  );
});
