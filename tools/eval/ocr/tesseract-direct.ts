import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import { createWorker, OEM, type Worker } from 'tesseract.js';

/**
 * The stand-in for casepack's OCR until the engine (issue 10's core part)
 * lands: tesseract.js called directly, offline, with the models from npm
 * (@tesseract.js-data/eng 4.0.0_best_int, /osd 4.0.0), doing what the engine
 * is specified to do: EXIF orientation (sharp), page orientation (OSD), then
 * LSTM recognition. Its figures say what the engine can reach, not what it
 * reaches; `--engine casepack` measures the real thing.
 */
export const ADAPTER_ID = 'tesseract.js-direct/1';

const requireHere = createRequire(import.meta.url);
const modelDir = (pkg: string, version: string): string => path.join(path.dirname(requireHere.resolve(`@tesseract.js-data/${pkg}/package.json`)), version);

export interface PageReading {
  text: string;
  /** Mean word confidence, 0–100. */
  confidence: number;
  /** Clockwise quarter turn applied to make the page upright (after EXIF). */
  rotation: 0 | 90 | 180 | 270;
  seconds: number;
}

interface Lane {
  eng: Worker;
  osd: Worker;
}

async function startLane(): Promise<Lane> {
  const common = { cacheMethod: 'none', gzip: true } as const;
  const eng = await createWorker('eng', OEM.LSTM_ONLY, { ...common, langPath: modelDir('eng', '4.0.0_best_int') });
  const osd = await createWorker('osd', OEM.TESSERACT_ONLY, { ...common, langPath: modelDir('osd', '4.0.0'), legacyCore: true, legacyLang: true });
  return { eng, osd };
}

/** Upright greyscale PNG: EXIF first, then the quarter turn OSD finds (when it is sure enough). */
async function upright(osd: Worker, image: Buffer): Promise<{ png: Buffer; rotation: PageReading['rotation'] }> {
  const png = await sharp(image).autoOrient().greyscale().png({ compressionLevel: 1 }).toBuffer();
  const found = (await osd.detect(png)).data;
  const degrees = found.orientation_degrees ?? 0;
  if (degrees === 0 || (found.orientation_confidence ?? 0) < 1) return { png, rotation: 0 };
  // OSD's orientation is the clockwise turn that makes the page upright (checked on pages turned 90 and 270).
  const rotation = (degrees % 360) as PageReading['rotation'];
  return { png: await sharp(png).rotate(rotation).png({ compressionLevel: 1 }).toBuffer(), rotation };
}

/** A pool of `jobs` lanes (one recognition each at a time), with a result cache by image hash. */
export class TesseractDirect {
  private constructor(private readonly lanes: Lane[], private readonly cacheDir: string | undefined) {}
  private free: Lane[] = [];
  private waiting: Array<(lane: Lane) => void> = [];

  static async start(jobs: number, cacheDir?: string): Promise<TesseractDirect> {
    const lanes = await Promise.all(Array.from({ length: jobs }, () => startLane()));
    const pool = new TesseractDirect(lanes, cacheDir);
    pool.free = [...lanes];
    return pool;
  }

  private async take(): Promise<Lane> {
    const lane = this.free.pop();
    return lane ?? new Promise((resolve) => this.waiting.push(resolve));
  }

  private give(lane: Lane): void {
    const next = this.waiting.shift();
    if (next) next(lane);
    else this.free.push(lane);
  }

  async read(imageFile: string): Promise<PageReading> {
    const image = await readFile(imageFile);
    const key = createHash('sha256').update(image).update(ADAPTER_ID).digest('hex');
    const cached = this.cacheDir ? path.join(this.cacheDir, `${key}.ocr.json`) : undefined;
    if (cached) {
      const hit = await readFile(cached, 'utf8').then((t) => JSON.parse(t) as PageReading, () => undefined);
      if (hit) return hit;
    }
    const lane = await this.take();
    try {
      const started = performance.now();
      const { png, rotation } = await upright(lane.osd, image);
      const { data } = await lane.eng.recognize(png, {}, { text: true });
      const reading: PageReading = { text: data.text, confidence: data.confidence, rotation, seconds: (performance.now() - started) / 1000 };
      if (cached) await writeFile(cached, JSON.stringify(reading));
      return reading;
    } finally {
      this.give(lane);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.lanes.flatMap((l) => [l.eng.terminate(), l.osd.terminate()]));
  }
}
