/**
 * The contract between the OCR engine, its cache, the extraction stage and
 * the packet writer (issue 10). Kept apart from the engine so the cache and
 * the writer depend on shapes, not on tesseract.js.
 *
 * Coordinates are pixels of the page image as it was recognised, after it
 * was turned upright: (0,0) is the top-left corner of the upright page.
 */

export interface OcrBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface OcrWord {
  text: string;
  box: OcrBox;
  /** The engine's confidence in this word, 0–100. */
  confidence: number;
}

export interface OcrPage {
  /** 0-based page number in the source (always 0 for a photo). */
  pageIndex: number;
  /** Size of the upright page image the boxes refer to, in pixels. */
  width: number;
  height: number;
  /** Pixels per inch of that image, so a writer can map boxes onto the PDF page (72 pt per inch). */
  dpi: number;
  /** Clockwise quarter turns (0, 90, 180, 270) applied to the source to make it upright (EXIF and/or detected orientation). */
  rotation: 0 | 90 | 180 | 270;
  /** Small skew corrected before recognition, in degrees (positive: the source was turned clockwise). */
  skewDegrees: number;
  words: OcrWord[];
  /** The page's text in reading order, lines separated by newlines. */
  text: string;
  /** Mean word confidence of the page, 0–100 (0 for a page with no words). */
  meanConfidence: number;
  /** Whether orientation detection (OSD) ran: only when the page read as it is looked weak (or turned), or for a phone photo whose EXIF does not say which way is up. Absent in results cached before it was recorded. */
  orientationDetected?: boolean;
  /** Set when the page is a phone photo whose sheet of paper was found and straightened before recognition: width, height and the boxes then describe the straightened sheet, not the photo. */
  photoPage?: OcrPhotoPage;
}

/** Where the sheet of paper was in a photo that was straightened (issue 10). */
export interface OcrPhotoPage {
  /** The sheet's corners as photographed, top-left, top-right, bottom-right, bottom-left, in pixels of the photo turned by its EXIF orientation (sourceWidth x sourceHeight), before any detected quarter turn. */
  corners: Array<{ x: number; y: number }>;
  sourceWidth: number;
  sourceHeight: number;
  /** The clockwise quarter turn orientation detection applied to the straightened sheet (and so to the photo, for an upright view of it). */
  turn?: 0 | 90 | 180 | 270;
}

/** casepack's English models: tessdata_fast (`fast`) or tessdata_best's integer model (`best`); see models.ts. */
export type EnglishModel = 'fast' | 'best';

export interface OcrSettings {
  /** Tesseract language codes, e.g. ['eng'] or ['eng', 'spa']. */
  languages: string[];
  /** Which English model reads `eng` (part of the cache key); absent: the default of models.ts. */
  englishModel?: EnglishModel;
  engine: 'tesseract.js';
  engineVersion: string;
  /** Resolution scanned PDF pages are rendered at before recognition. */
  renderDpi: number;
}

export interface OcrRequest {
  /** Case-relative path, for findings and progress only. */
  relPath: string;
  /** Where the bytes are on disk. */
  absPath: string;
  /** sha256 of the file's bytes, hex: the cache key's content part. */
  contentHash: string;
  kind: 'pdf-pages' | 'image';
  /** Pages to read from a PDF, first to last, 0-based (ignored for an image). */
  pages: number[];
  settings: OcrSettings;
}

export interface OcrPageFailure {
  pageIndex: number;
  /** Why the page could not be read, in plain words (no stack). */
  reason: string;
}

export interface OcrResult {
  pages: OcrPage[];
  failures: OcrPageFailure[];
}

/** Anything that turns a request into recognised pages: the worker pool, or the cache in front of it. */
export interface OcrEngine {
  recognize(request: OcrRequest, signal?: AbortSignal): Promise<OcrResult>;
  close(): Promise<void>;
}

/** What the user chose (CLI flags, casepack.yaml, defaults). */
export interface OcrOptions {
  /** `--no-ocr` turns it off. Default on. */
  enabled: boolean;
  /** `--ocr-lang` / `ocrLanguages:`; default ['eng']. */
  languages: string[];
  /** True when `languages` came from `--ocr-lang`: they then win over casepack.yaml's `ocrLanguages` (see languagesForCase in user-options.ts). */
  languagesGiven?: boolean;
  /** Parallel recognitions (`--jobs`); default: the machine's cores. */
  jobs: number;
  /** English model; default CASEPACK_OCR_MODEL, else the default of models.ts. */
  englishModel?: EnglishModel;
  /** `--no-cache` turns it off. */
  cache: boolean;
  /** Overrides the cache folder (tests); default: the XDG cache folder. */
  cacheDir?: string;
  /** Pages recognised per PDF for classification; more are read when the packet needs a text layer. */
  maxPages?: number;
  onProgress?: (progress: { pagesDone: number; pagesTotal: number }) => void;
}

/** What a file's text is and where it came from, as recorded per file (JSON, `--explain`). */
export interface TextProvenance {
  source: 'text-layer' | 'ocr';
  engine?: 'tesseract.js';
  engineVersion?: string;
  languages?: string[];
  /** Mean word confidence over the recognised pages, 0–100. */
  meanConfidence?: number;
  pagesRead?: number;
  /** 0-based pages whose confidence is too low to trust without a person checking. */
  lowConfidencePages?: number[];
}

/** Below this mean word confidence (0–100) a page's text is not trusted without a person checking: the scan flags it, the packet marks it. */
export const LOW_OCR_CONFIDENCE = 60;
