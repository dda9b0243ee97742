import { describe, expect, it } from 'vitest';
import type { OcrPage } from '../../src/extract/ocr/types.js';
import { photoPixelMapper } from '../../src/write/text-layer.js';

/**
 * A straightened phone photo is read as a flat sheet, but the packet shows
 * the photo as sent: the invisible words must land where the sheet's pixels
 * are in the photo, through the corners the page was found at.
 */
const PHOTO = { width: 1000, height: 800 };
/** The sheet as photographed: keystoned (the top edge shorter than the bottom). */
const CORNERS = [{ x: 300, y: 100 }, { x: 700, y: 120 }, { x: 800, y: 700 }, { x: 200, y: 680 }];
const PLACEMENT = { x0: 10, y0: 20, x1: 510, y1: 420, turns: 0 as const };

function page(turn: 0 | 90 | 180 | 270, sheetW: number, sheetH: number): OcrPage {
  const sideways = turn === 90 || turn === 270;
  return {
    pageIndex: 0, width: sideways ? sheetH : sheetW, height: sideways ? sheetW : sheetH, dpi: 300,
    rotation: turn, skewDegrees: 0, words: [], text: '', meanConfidence: 90,
    photoPage: { corners: CORNERS, sourceWidth: PHOTO.width, sourceHeight: PHOTO.height, turn },
  };
}

/** Where a photo pixel is drawn on the page, for a photo shown turned clockwise by `turn`. */
function expectedOnPage(photoX: number, photoY: number, turn: 0 | 90 | 180 | 270): [number, number] {
  const nx = photoX / PHOTO.width, ny = photoY / PHOTO.height;
  const [a, b] = turn === 90 ? [1 - ny, nx] : turn === 180 ? [1 - nx, 1 - ny] : turn === 270 ? [ny, 1 - nx] : [nx, ny];
  return [PLACEMENT.x0 + a * 500, PLACEMENT.y1 - b * 400];
}

describe('the text layer of a straightened photo', () => {
  it('puts the sheet\'s corners on the photo\'s corners of the page, upright', () => {
    const map = photoPixelMapper(page(0, 600, 800), page(0, 600, 800).photoPage!, PLACEMENT);
    const sheetCorners: Array<[number, number]> = [[0, 0], [600, 0], [600, 800], [0, 800]];
    sheetCorners.forEach(([u, v], i) => {
      const [x, y] = map(u, v);
      const [ex, ey] = expectedOnPage(CORNERS[i]!.x, CORNERS[i]!.y, 0);
      expect(x).toBeCloseTo(ex, 6);
      expect(y).toBeCloseTo(ey, 6);
    });
  });

  it('follows the perspective: the middle of the sheet is where its diagonals cross in the photo, not the middle of the corners\' box', () => {
    const map = photoPixelMapper(page(0, 600, 800), page(0, 600, 800).photoPage!, PLACEMENT);
    const [x, y] = map(300, 400);
    // Diagonals (300,100)-(800,700) and (700,120)-(200,680) meet here.
    const t = ((700 - 300) * (680 - 120) - (120 - 100) * (200 - 700)) / ((800 - 300) * (680 - 120) - (700 - 100) * (200 - 700));
    const [ex, ey] = expectedOnPage(300 + t * 500, 100 + t * 600, 0);
    expect(x).toBeCloseTo(ex, 6);
    expect(y).toBeCloseTo(ey, 6);
  });

  it.each([90, 180, 270] as const)('undoes a detected %i° turn of the sheet and shows it on the photo turned the same way', (turn) => {
    const ocr = page(turn, 600, 800);
    const map = photoPixelMapper(ocr, ocr.photoPage!, PLACEMENT);
    // The sheet's own top-left corner, wherever the turn put it in the upright image.
    const topLeftInUpright: [number, number] = turn === 90 ? [ocr.width, 0] : turn === 180 ? [ocr.width, ocr.height] : [0, ocr.height];
    const [x, y] = map(...topLeftInUpright);
    const [ex, ey] = expectedOnPage(CORNERS[0]!.x, CORNERS[0]!.y, turn);
    expect(x).toBeCloseTo(ex, 6);
    expect(y).toBeCloseTo(ey, 6);
  });
});
