import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from '../../src/util/pdf-lib.js';
import sharp from 'sharp';
import { createWorker, OEM } from 'tesseract.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OcrPage } from '../../src/extract/ocr/types.js';
import type { MergedPdfEntry, MergeSource } from '../../src/plan/schema.js';
import { mergeGroup, type PacketText } from '../../src/write/merge.js';
import { pixelMapper } from '../../src/write/text-layer.js';
import { makeReportPdf } from '../../tools/synth/report-pdf.js';
import { hasTool, run } from '../support/packet-tools.js';
import { makeTempDir } from '../support/tree.js';

const DATE = new Date(Date.UTC(2025, 0, 1));
const DPI = 150;
const tools = hasTool('pdftoppm') && hasTool('pdftotext') && hasTool('qpdf');

function source(rel: string, kind: 'pdf' | 'image', bookmark: string): MergeSource {
  return { source: rel, kind, bookmark, date: null, title: bookmark, pages: null, size: 0, fallbackPath: `Unmerged/${path.basename(rel)}` };
}

function entry(sources: MergeSource[]): MergedPdfEntry {
  return { kind: 'merged-pdf', path: 'X.pdf', category: 'pathology-report', date: null, start: null, part: null, store: false, sources };
}

function texts(rel: string, page: OcrPage, lowConfidencePages: number[] = []): ReadonlyMap<string, PacketText> {
  return new Map([[rel, { ocr: { provenance: { source: 'ocr', engine: 'tesseract.js', meanConfidence: page.meanConfidence, lowConfidencePages }, pages: [page] } }]]);
}

/** One real recognition of the scanned page, by tesseract.js with the packaged English model (offline). */
async function recognise(png: Buffer): Promise<OcrPage> {
  const langPath = path.resolve('node_modules/@tesseract.js-data/eng/4.0.0_best_int');
  const worker = await createWorker('eng', OEM.LSTM_ONLY, { langPath, cacheMethod: 'none', gzip: true });
  try {
    const { data } = await worker.recognize(png, {}, { blocks: true });
    const words = (data.blocks ?? []).flatMap((b) => b.paragraphs.flatMap((p) => p.lines.flatMap((l) => l.words)))
      .map((w) => ({ text: w.text, box: { x0: w.bbox.x0, y0: w.bbox.y0, x1: w.bbox.x1, y1: w.bbox.y1 }, confidence: w.confidence }));
    const meta = await sharp(png).metadata();
    return { pageIndex: 0, width: meta.width, height: meta.height, dpi: DPI, rotation: 0, skewDegrees: 0, words, text: data.text, meanConfidence: data.confidence };
  } finally {
    await worker.terminate();
  }
}

/** Words pdftotext finds on page 1 with their boxes (points, y down from the top). */
function bboxWords(file: string): { text: string; xMin: number; yMin: number; xMax: number; yMax: number }[] {
  const html = run('pdftotext', ['-bbox', '-f', '1', '-l', '1', file, '-']).stdout;
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)]
    .map((m) => ({ xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]), text: m[5] as string }));
}

describe.skipIf(!tools)('invisible OCR text layer in the packet', () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  let root: string;
  let ocr: OcrPage;
  const known = 'Adenocarcinoma';

  beforeAll(async () => {
    tmp = await makeTempDir();
    root = path.join(tmp.dir, 'case');
    await mkdir(root);
    const report = await makeReportPdf({
      title: 'Surgical Pathology Report',
      fields: [['Date of procedure', '12/09/2025']],
      sections: [{ heading: 'Diagnosis', blocks: [`Invasive ${known} of the colon, moderately differentiated. Margins clear.`] }],
    });
    await writeFile(path.join(tmp.dir, 'born.pdf'), report);
    run('pdftoppm', ['-r', String(DPI), '-png', '-singlefile', '-f', '1', '-l', '1', path.join(tmp.dir, 'born.pdf'), path.join(tmp.dir, 'scan')]);
    const png = await readFile(path.join(tmp.dir, 'scan.png'));
    // An image-only PDF, as a scanner makes it: the page is one picture, no text.
    const scanned = await PDFDocument.create();
    const image = await scanned.embedPng(png);
    const [w, h] = [image.width * 72 / DPI, image.height * 72 / DPI];
    scanned.addPage([w, h]).drawImage(image, { x: 0, y: 0, width: w, height: h });
    await writeFile(path.join(root, 'scan.pdf'), await scanned.save());
    // A phone photo stored sideways with EXIF orientation 6 (viewers turn it 90° clockwise).
    await writeFile(path.join(root, 'photo.jpg'), await sharp(png).rotate(270).withMetadata({ orientation: 6 }).jpeg({ quality: 90 }).toBuffer());
    ocr = await recognise(png);
  }, 120_000);
  afterAll(() => tmp.cleanup());

  it('recognised the generated page (else the tests below prove nothing)', () => {
    expect(ocr.words.map((w) => w.text)).toContain(known);
  });

  it('lays the words over a scanned PDF page where they are, without changing how it looks', async () => {
    expect(run('pdftotext', [path.join(root, 'scan.pdf'), '-']).stdout.trim()).toBe('');
    const result = await mergeGroup(entry([source('scan.pdf', 'pdf', 'Pathology report')]), { root, date: DATE, title: 'T', texts: texts('scan.pdf', ocr) });
    const merged = path.join(tmp.dir, 'merged-scan.pdf');
    await writeFile(merged, result.bytes!);
    expect(run('qpdf', ['--check', merged]).status).toBe(0);
    expect(result.merged[0]?.ocrPages).toEqual([0]);
    const found = bboxWords(merged).find((w) => w.text === known);
    const box = ocr.words.find((w) => w.text === known)!.box;
    expect(found).toBeDefined();
    const pt = 72 / DPI;
    expect(found!.xMin).toBeCloseTo(box.x0 * pt, -0.5);
    expect(found!.xMax).toBeCloseTo(box.x1 * pt, -0.5);
    expect((found!.yMin + found!.yMax) / 2).toBeCloseTo(((box.y0 + box.y1) / 2) * pt, -0.5);
    // Mode 3 draws nothing: the merged page renders pixel for pixel like the scan.
    const render = (file: string, out: string): Buffer => {
      run('pdftoppm', ['-r', '60', '-png', '-singlefile', file, path.join(tmp.dir, out)]);
      return Buffer.from(run('sha256sum', [path.join(tmp.dir, `${out}.png`)]).stdout.split(' ')[0] as string);
    };
    expect(render(merged, 'after')).toEqual(render(path.join(root, 'scan.pdf'), 'before'));
    const outlines = JSON.parse(run('qpdf', ['--json', '--json-key=outlines', merged]).stdout) as { outlines: { title: string }[] };
    expect(outlines.outlines.map((o) => o.title)).toEqual(['Pathology report (scan, text recognised)']);
  });

  it('shows a page scanned upside down the way OCR read it: upright, its words over it', async () => {
    const png = await readFile(path.join(tmp.dir, 'scan.png'));
    const turned = await PDFDocument.create();
    const image = await turned.embedPng(await sharp(png).rotate(180).png().toBuffer());
    const [w, h] = [image.width * 72 / DPI, image.height * 72 / DPI];
    turned.addPage([w, h]).drawImage(image, { x: 0, y: 0, width: w, height: h });
    await writeFile(path.join(root, 'upside-down.pdf'), await turned.save());
    // What the engine gives for that page: turned 180° to be read, the words in the upright picture's pixels.
    const result = await mergeGroup(entry([source('upside-down.pdf', 'pdf', 'Pathology report')]), { root, date: DATE, title: 'T', texts: texts('upside-down.pdf', { ...ocr, rotation: 180 }) });
    const merged = path.join(tmp.dir, 'merged-upside-down.pdf');
    await writeFile(merged, result.bytes!);
    expect(run('qpdf', ['--check', merged]).status).toBe(0);
    expect((await PDFDocument.load(result.bytes!)).getPage(0).getRotation().angle).toBe(180);
    // Shown upright: it renders like the upright scan (a turned raster is resampled, so close, not identical) and
    // unlike the page as stored.
    const grey = async (file: string, out: string): Promise<Buffer> => {
      run('pdftoppm', ['-r', '60', '-png', '-singlefile', file, path.join(tmp.dir, out)]);
      return sharp(path.join(tmp.dir, `${out}.png`)).greyscale().resize(200, 260, { fit: 'fill' }).raw().toBuffer();
    };
    const meanDifference = (a: Buffer, b: Buffer): number => a.reduce((sum, v, i) => sum + Math.abs(v - (b[i] ?? 0)), 0) / a.length;
    const [shown, upright, stored] = [await grey(merged, 'after-turn'), await grey(path.join(root, 'scan.pdf'), 'upright'), await grey(path.join(root, 'upside-down.pdf'), 'stored')];
    expect(meanDifference(shown, upright)).toBeLessThan(meanDifference(stored, upright) / 4);
    const found = bboxWords(merged).find((word) => word.text === known);
    const box = ocr.words.find((word) => word.text === known)!.box;
    const pt = 72 / DPI;
    expect(found!.xMin).toBeCloseTo(box.x0 * pt, -0.5);
    expect((found!.yMin + found!.yMax) / 2).toBeCloseTo(((box.y0 + box.y1) / 2) * pt, -0.5);
  });

  it('turns a photo with EXIF orientation 6 into an upright page carrying its words', async () => {
    const upright = { ...ocr, rotation: 90 as const };
    const result = await mergeGroup(entry([source('photo.jpg', 'image', 'Photo')]), { root, date: DATE, title: 'T', texts: texts('photo.jpg', upright) });
    const merged = path.join(tmp.dir, 'merged-photo.pdf');
    await writeFile(merged, result.bytes!);
    const doc = await PDFDocument.load(result.bytes!);
    const { width, height } = doc.getPage(0).getSize();
    expect(height).toBeGreaterThan(width);
    expect(bboxWords(merged).map((w) => w.text)).toContain(known);
    // Without OCR the EXIF orientation alone turns it upright.
    const plain = await mergeGroup(entry([source('photo.jpg', 'image', 'Photo')]), { root, date: DATE, title: 'T' });
    const page = (await PDFDocument.load(plain.bytes!)).getPage(0).getSize();
    expect(page.height).toBeGreaterThan(page.width);
  });

  it('flags low-confidence pages and skips words the font cannot draw', async () => {
    const unsure: OcrPage = { ...ocr, meanConfidence: 41, words: [...ocr.words, { text: '肝癌', box: { x0: 10, y0: 10, x1: 60, y1: 30 }, confidence: 20 }] };
    const result = await mergeGroup(entry([source('scan.pdf', 'pdf', 'Scan')]), { root, date: DATE, title: 'T', texts: texts('scan.pdf', unsure) });
    expect(result.merged[0]?.lowConfidencePages).toEqual([0]);
    const merged = path.join(tmp.dir, 'merged-unsure.pdf');
    await writeFile(merged, result.bytes!);
    const text = run('pdftotext', [merged, '-']).stdout;
    expect(text).toContain(known);
    expect(text).not.toContain('?');
    const confident = await mergeGroup(entry([source('scan.pdf', 'pdf', 'Scan')]), { root, date: DATE, title: 'T', texts: texts('scan.pdf', { ...ocr, meanConfidence: 90 }, [0]) });
    expect(confident.merged[0]?.lowConfidencePages).toEqual([0]);
  });
});

describe('pixelMapper', () => {
  const page: OcrPage = { pageIndex: 0, width: 200, height: 100, dpi: 72, rotation: 0, skewDegrees: 0, words: [], text: '', meanConfidence: 90 };

  it('maps the upright image onto the page whatever the quarter turns', () => {
    // Upright 200x100 view; top-left pixel is where the stored page's corner lands after the turn.
    expect(pixelMapper(page, { x0: 0, y0: 0, x1: 200, y1: 100, turns: 0 })(0, 0)).toEqual([0, 100]);
    expect(pixelMapper(page, { x0: 0, y0: 0, x1: 100, y1: 200, turns: 90 })(0, 0)).toEqual([0, 0]);
    expect(pixelMapper(page, { x0: 0, y0: 0, x1: 200, y1: 100, turns: 180 })(0, 0)).toEqual([200, 0]);
    expect(pixelMapper(page, { x0: 0, y0: 0, x1: 100, y1: 200, turns: 270 })(0, 0)).toEqual([100, 200]);
    // The text direction (along +u) follows the turn: right, up, left, down in user space.
    const along = (turns: 0 | 90 | 180 | 270, box: [number, number, number, number]): number[] => {
      const map = pixelMapper(page, { x0: box[0], y0: box[1], x1: box[2], y1: box[3], turns });
      const [a, b] = [map(0, 0), map(10, 0)];
      return [Math.sign(b[0] - a[0]), Math.sign(b[1] - a[1])];
    };
    expect([along(0, [0, 0, 200, 100]), along(90, [0, 0, 100, 200]), along(180, [0, 0, 200, 100]), along(270, [0, 0, 100, 200])])
      .toEqual([[1, 0], [0, 1], [-1, 0], [0, -1]]);
  });
});

describe.skipIf(!hasTool('pdfimages'))('photos packed as 8-bit sRGB JPEG pages', () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  beforeAll(async () => { tmp = await makeTempDir(); });
  afterAll(() => tmp.cleanup());

  it('brings CMYK, 16-bit and alpha photos to 8-bit RGB and caps the long side at 2500 px', async () => {
    const raw = { width: 2600, height: 1000, channels: 4 as const, background: { r: 200, g: 30, b: 30, alpha: 0.5 } };
    await writeFile(path.join(tmp.dir, 'cmyk.jpg'), await sharp({ create: raw }).toColourspace('cmyk').jpeg().toBuffer());
    await writeFile(path.join(tmp.dir, 'deep.png'), await sharp({ create: raw }).toColourspace('rgb16').png().toBuffer());
    const result = await mergeGroup(entry([source('cmyk.jpg', 'image', 'CMYK'), source('deep.png', 'image', 'Deep')]), { root: tmp.dir, date: DATE, title: 'T' });
    expect(result.failed).toEqual([]);
    await writeFile(path.join(tmp.dir, 'out.pdf'), result.bytes!);
    const rows = run('pdfimages', ['-list', path.join(tmp.dir, 'out.pdf')]).stdout.trim().split('\n').slice(2).map((l) => l.trim().split(/\s+/));
    // page num type width height color comp bpc enc
    expect(rows.map((r) => [r[3], r[4], r[5], r[6], r[7], r[8]])).toEqual([['2500', '962', 'rgb', '3', '8', 'jpeg'], ['2500', '962', 'rgb', '3', '8', 'jpeg']]);
  });
});
