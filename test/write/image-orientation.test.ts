import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from '../../src/util/pdf-lib.js';
import sharp, { type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage, sharpOfPage } from '../../src/extract/ocr/raster.js';
import { decodeHeif, heifDecodeWorkerCount, ImageTooLargeError } from '../../src/probe/image/decode.js';
import { probeFile } from '../../src/probe/index.js';
import { addImagePage, uprightPhoto } from '../../src/write/image-page.js';
import { markerPage } from '../../tools/synth/heic-fixtures.js';
import { makeTempDir } from '../support/tree.js';

/**
 * Phone photos are stored as the sensor saw them, with the turn to show them
 * upright in EXIF (JPEG) or in the container's irot (HEIC). Every path that
 * shows or reads the photo must turn it exactly once: the probe's size, the
 * OCR input, and the packed A4 page. The page used has a black square at its
 * top left, so "upright" is checked by where the square ends up.
 */
const UPRIGHT = { width: 300, height: 420 };
const HEIC = path.join(import.meta.dirname, '../../fixtures/photos/marker-irot.heic');

/** The JPEG a camera writes for `orientation`: pixels turned so that applying the EXIF turn shows the page upright. */
async function cameraJpeg(orientation: 3 | 6 | 8): Promise<Buffer> {
  const storedTurn = { 3: 180, 6: 270, 8: 90 }[orientation];
  const page = await markerPage(UPRIGHT.width, UPRIGHT.height, 'TOP');
  return sharp(page).rotate(storedTurn).jpeg({ quality: 90 }).withMetadata({ orientation }).toBuffer();
}

/** Mean grey (0 black, 255 white) of a small patch around a relative point of an image. */
async function greyAt(image: Sharp, fx: number, fy: number): Promise<number> {
  const { data, info } = await image.greyscale().raw().toBuffer({ resolveWithObject: true });
  const cx = Math.round(fx * info.width), cy = Math.round(fy * info.height);
  let sum = 0, n = 0;
  for (let y = cy - 3; y <= cy + 3; y++) for (let x = cx - 3; x <= cx + 3; x++) { sum += data[(y * info.width + x) * info.channels] ?? 0; n++; }
  return sum / n;
}

/** The square is at the top left (and not at the other corners): the picture is upright. */
async function expectUpright(image: () => Sharp): Promise<void> {
  expect(await greyAt(image(), 0.12, 0.1)).toBeLessThan(60);
  expect(await greyAt(image(), 0.88, 0.1)).toBeGreaterThan(200);
  expect(await greyAt(image(), 0.12, 0.9)).toBeGreaterThan(200);
  expect(await greyAt(image(), 0.88, 0.9)).toBeGreaterThan(200);
}

let dir = '';
let cleanup: () => Promise<void> = async () => undefined;
beforeAll(async () => ({ dir, cleanup } = await makeTempDir()));
afterAll(async () => cleanup());

const cases = [
  ['JPEG, EXIF orientation 3', 'turned-3.jpg', () => cameraJpeg(3)],
  ['JPEG, EXIF orientation 6', 'turned-6.jpg', () => cameraJpeg(6)],
  ['JPEG, EXIF orientation 8', 'turned-8.jpg', () => cameraJpeg(8)],
  ['iPhone HEIC (irot 3 and EXIF orientation 6: turned once)', 'IMG_0001.HEIC', () => readFile(HEIC)],
] as const;

describe.each(cases)('%s', (_label, name, make) => {
  let file = '';
  let bytes: Buffer = Buffer.alloc(0);
  beforeAll(async () => {
    bytes = await make();
    file = path.join(dir, name);
    await writeFile(file, bytes);
  });

  it('the probe reports the upright size', async () => {
    const probed = await probeFile({ relPath: name, absPath: file, size: bytes.length });
    expect(probed.findings).toEqual([]);
    expect(probed.image).toMatchObject(UPRIGHT);
  });

  it('the packed page is portrait A4 with the photo upright on it', async () => {
    const photo = await uprightPhoto(bytes);
    expect([photo.width, photo.height]).toEqual([UPRIGHT.width, UPRIGHT.height]);
    await expectUpright(() => sharp(photo.jpeg));
    const doc = await PDFDocument.create();
    const { page } = await addImagePage(doc, photo);
    expect(page.getWidth()).toBeLessThan(page.getHeight());
  });

  it('OCR is given the upright picture', async () => {
    const image = await decodeImage(file);
    expect([image.width, image.height]).toEqual([UPRIGHT.width, UPRIGHT.height]);
    await expectUpright(() => sharpOfPage(image.png));
    // The packet page is turned by exifRotation + OCR's turn: for HEIC, libheif has already turned it.
    const exifTurns: Record<string, number> = { 'turned-3.jpg': 180, 'turned-6.jpg': 90, 'turned-8.jpg': 270, 'IMG_0001.HEIC': 0 };
    expect(image.exifRotation).toBe(exifTurns[name]);
  });
});

describe('HEIC that cannot or must not be decoded', () => {
  it('is decoded in a worker, not on the main thread (a slow or hostile photo never holds Ctrl-C or the run)', async () => {
    const pixels = await decodeHeif(await readFile(HEIC));
    expect(pixels.width * pixels.height).toBeGreaterThan(0);
    expect(heifDecodeWorkerCount()).toBe(1);
  });

  it('a damaged HEIC is refused with an error, and libheif prints nothing', async () => {
    const heic = await readFile(HEIC);
    const damaged = Buffer.from(heic);
    // Keep the header, scramble the coded picture.
    const mdat = damaged.indexOf('mdat', 0, 'latin1');
    damaged.fill(0x5a, mdat + 4);
    const printed: unknown[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => { printed.push(args); };
    try {
      await expect(uprightPhoto(damaged)).rejects.toThrow();
    } finally {
      console.log = log;
    }
    expect(printed).toEqual([]);
  });

  it('a HEIC whose header declares more than 100 Mpx is refused before decoding, and the probe says so', async () => {
    const heic = Buffer.from(await readFile(HEIC));
    const ispe = heic.indexOf('ispe', 0, 'latin1');
    heic.writeUInt32BE(20000, ispe + 8);
    heic.writeUInt32BE(20000, ispe + 12);
    await expect(decodeHeif(heic)).rejects.toBeInstanceOf(ImageTooLargeError);
    const file = path.join(dir, 'bomb.heic');
    await writeFile(file, heic);
    const probed = await probeFile({ relPath: 'bomb.heic', absPath: file, size: heic.length });
    expect(probed.findings.map((f) => f.code)).toContain('IMAGE_TOO_LARGE_TO_READ');
  });
});
