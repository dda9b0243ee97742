import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { estimateSkew } from '../../src/extract/ocr/skew.js';

const WIDTH = 2480;
const HEIGHT = 3508;

/** A 300 dpi A4 page of grey "text": lines of word-sized dark bars, uneven like prose. */
function textLikePage(): Buffer {
  const pixels = Buffer.alloc(WIDTH * HEIGHT, 245);
  let seed = 7;
  const random = (): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
  for (let top = 300; top < HEIGHT - 300; top += 70) {
    let x = 250;
    const end = WIDTH - 250 - random() * 600;
    while (x < end) {
      const word = 60 + random() * 200;
      for (let y = top; y < top + 30; y++) pixels.fill(30, y * WIDTH + Math.round(x), y * WIDTH + Math.round(Math.min(x + word, end)));
      x += word + 25;
    }
  }
  return pixels;
}

/** The page turned `degrees` clockwise about its centre (sharp turns clockwise for a positive angle), grey pixels out. */
async function turned(page: Buffer, degrees: number): Promise<{ data: Uint8Array; width: number; height: number }> {
  const { data, info } = await sharp(page, { raw: { width: WIDTH, height: HEIGHT, channels: 1 } })
    .rotate(degrees, { background: '#f5f5f5' }).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

describe('estimateSkew', () => {
  const page = textLikePage();

  it.each([2, -1.3, 0.6, -5])('finds a page turned %d degrees clockwise within 0.1 degree', async (degrees) => {
    const estimate = estimateSkew(await turned(page, degrees));
    expect(Math.abs(estimate.degrees - degrees)).toBeLessThan(0.1);
  });

  it('takes a straight page as straight', () => {
    expect(Math.abs(estimateSkew({ data: page, width: WIDTH, height: HEIGHT }).degrees)).toBeLessThan(0.1);
  });

  it('reads rows from a stride and offset (a PGM header before the pixels)', async () => {
    const { data, width, height } = await turned(page, 1.5);
    const header = Buffer.from(`P5\n${width} ${height}\n255\n`);
    const estimate = estimateSkew({ data: Buffer.concat([header, data]), width, height, offset: header.length, stride: width });
    expect(Math.abs(estimate.degrees - 1.5)).toBeLessThan(0.1);
  });

  it('says 0 for a blank page and for noise with no lines', () => {
    expect(estimateSkew({ data: Buffer.alloc(1000 * 1400, 250), width: 1000, height: 1400 })).toEqual({ degrees: 0, gain: 0 });
    let seed = 3;
    const noise = Buffer.alloc(1000 * 1400);
    for (let i = 0; i < noise.length; i++) { seed = (seed * 1103515245 + 12345) % 2 ** 31; noise[i] = seed % 256; }
    expect(estimateSkew({ data: noise, width: 1000, height: 1400 }).degrees).toBe(0);
  });
});
