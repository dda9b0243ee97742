import { describe, expect, it } from 'vitest';
import { applyHomography, homographyFrom, warpGrey, type GreyImage, type Point } from '../../src/extract/ocr/homography.js';
import { findPage, straightenPhotoPage } from '../../src/extract/ocr/photo-page.js';

/**
 * Page finding on generated photos whose true page corners are known: a
 * sheet with text-like strokes on a darker, unevenly lit, speckled table.
 * The pictures are made pixel by pixel here (no OCR), so the test is quick.
 */

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const RECT = (w: number, h: number): Point[] => [{ x: 0, y: 0 }, { x: w, y: 0 }, { x: w, y: h }, { x: 0, y: h }];

/** A photo of a page: `corners` (TL, TR, BR, BL) hold a sheet with rows of dark strokes; around it a table; light falling off to the right. */
function photoOf(width: number, height: number, corners: Point[], options: { table?: number; textOnTable?: boolean } = {}): GreyImage {
  const random = seeded(7);
  const sheet = { w: 850, h: 1100 };
  const toSheet = homographyFrom(corners, RECT(sheet.w, sheet.h))!;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    const light = 1 - 0.35 * (x / width);
    const s = applyHomography(toSheet, { x: x + 0.5, y: y + 0.5 });
    let v: number;
    if (s.x >= 0 && s.y >= 0 && s.x < sheet.w && s.y < sheet.h) {
      // Text: rows 14 units tall every 40, inside 80-unit margins, broken into 'words'.
      const inText = s.x > 80 && s.x < sheet.w - 80 && s.y > 100 && s.y < sheet.h - 120 && s.y % 40 < 14 && s.x % 60 < 48 && (Math.floor(s.x / 3) % 2 === 0);
      v = inText ? 40 : 245;
    } else {
      const onTableText = options.textOnTable && y % 20 < 6 && x % 30 < 22 && x % 3 === 0 && x < corners[3]!.x - 15;
      v = onTableText ? 30 : (options.table ?? 110) + (random() - 0.5) * 10;
    }
    data[y * width + x] = Math.max(0, Math.min(255, Math.round(v * light)));
  }
  return { data, width, height };
}

/** A sheet tilted about 4 degrees with its far (top) edge narrower, in a 600 x 800 photo. */
const KEYSTONED: Point[] = [{ x: 95, y: 85 }, { x: 505, y: 115 }, { x: 530, y: 710 }, { x: 60, y: 730 }];

describe('homography', () => {
  it('maps the four given points onto their partners and warps a picture through it', () => {
    const to = [{ x: 10, y: 20 }, { x: 300, y: 5 }, { x: 320, y: 410 }, { x: -4, y: 380 }];
    const h = homographyFrom(RECT(100, 200), to)!;
    RECT(100, 200).forEach((p, i) => {
      const q = applyHomography(h, p);
      expect(q.x).toBeCloseTo(to[i]!.x, 6);
      expect(q.y).toBeCloseTo(to[i]!.y, 6);
    });
    const gradient = { data: Uint8Array.from({ length: 64 * 64 }, (_, i) => (i % 64) * 4), width: 64, height: 64 };
    const identity = homographyFrom(RECT(64, 64), RECT(64, 64))!;
    const same = warpGrey(gradient, identity, 64, 64);
    expect(same.data.subarray(64 * 10 + 1, 64 * 10 + 62)).toEqual(gradient.data.subarray(64 * 10 + 1, 64 * 10 + 62));
  });

  it('gives nothing for three points on a line', () => {
    expect(homographyFrom([{ x: 0, y: 0 }, { x: 1, y: 1 }, { x: 2, y: 2 }, { x: 0, y: 5 }], RECT(10, 10))).toBeUndefined();
  });
});

describe('findPage', () => {
  it('finds a tilted, keystoned page on a table within a few pixels of its true corners', async () => {
    const photo = photoOf(600, 800, KEYSTONED);
    const { found, image } = await straightenPhotoPage(photo, 40_000_000);
    expect(found).toBeDefined();
    found!.corners.forEach((corner, i) => {
      expect(Math.hypot(corner.x - KEYSTONED[i]!.x, corner.y - KEYSTONED[i]!.y)).toBeLessThan(4);
    });
    // The straightened sheet is about as large as the photographed one, upright (taller than wide), and its light evened out.
    expect(image.width).toBeGreaterThan(430);
    expect(image.height).toBeGreaterThan(590);
    const left = image.data[Math.round(image.height * 0.05) * image.width + 20]!;
    const right = image.data[Math.round(image.height * 0.05) * image.width + image.width - 20]!;
    expect(Math.abs(left - right)).toBeLessThan(20);
  });

  it('finds the page on a light table too', () => {
    expect(findPage(photoOf(600, 800, KEYSTONED, { table: 170 }))).toBeDefined();
  });

  it('leaves a page that fills the frame as it is', async () => {
    const photo = photoOf(600, 800, [{ x: -5, y: -5 }, { x: 605, y: -5 }, { x: 605, y: 805 }, { x: -5, y: 805 }]);
    const result = await straightenPhotoPage(photo, 40_000_000);
    expect(result.found).toBeUndefined();
    expect(result.image).toBe(photo);
  });

  it('leaves a screenshot (white screen, a dark bar, text to the edges) as it is', () => {
    const width = 450, height = 800;
    const data = new Uint8Array(width * height).fill(250);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
      if (y < 120) data[y * width + x] = 40;
      else if (y % 18 < 6 && x % 35 < 28 && x % 3 === 0) data[y * width + x] = 30;
    }
    expect(findPage({ data, width, height })).toBeUndefined();
  });

  it('leaves the photo as it is when text lies outside the sheet (nothing is cropped away)', () => {
    const corners = [{ x: 165, y: 85 }, { x: 550, y: 100 }, { x: 560, y: 710 }, { x: 150, y: 725 }];
    expect(findPage(photoOf(600, 800, corners))).toBeDefined();
    expect(findPage(photoOf(600, 800, corners, { textOnTable: true }))).toBeUndefined();
  });

  it('does not crash on blank, black or tiny images', async () => {
    for (const fill of [0, 255, 128]) {
      const blank = { data: new Uint8Array(640 * 480).fill(fill), width: 640, height: 480 };
      expect((await straightenPhotoPage(blank, 40_000_000)).found).toBeUndefined();
    }
    expect(findPage({ data: new Uint8Array(4), width: 2, height: 2 })).toBeUndefined();
  });
});
