import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { perspectiveOutline, photographPageHard } from '../../tools/synth/degrade.js';

/** A small stand-in page: white with dark text-like bars, so no PDF rendering is needed. */
async function page(): Promise<Buffer> {
  const bars = Array.from({ length: 20 }, (_, i) => `<rect x="30" y="${40 + i * 16}" width="${180 + (i % 3) * 30}" height="7" fill="#222"/>`).join('');
  return sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="300" height="424"><rect width="300" height="424" fill="#fff"/>${bars}</svg>`)).png().toBuffer();
}

const FRAME = { width: 480, height: 640 };

describe('hard phone photo (tools/synth/degrade photographPageHard)', () => {
  it('draws the far edge of the page narrower, more so the more the phone is tilted, and at the foot when the foot is far', () => {
    // Corners: head left, head right, foot right, foot left.
    const head = (c: Array<[number, number]>): number => c[1]![0] - c[0]![0];
    const foot = (c: Array<[number, number]>): number => c[2]![0] - c[3]![0];
    const mild = perspectiveOutline(1000, 1414, 5, false);
    const steep = perspectiveOutline(1000, 1414, 12, false);
    expect(head(mild)).toBeLessThan(foot(mild));
    expect(head(steep) / foot(steep)).toBeLessThan(head(mild) / foot(mild));
    const footFar = perspectiveOutline(1000, 1414, 12, true);
    expect(foot(footFar)).toBeLessThan(head(footFar));
    // The head stays above the foot either way.
    expect(footFar[0]![1]).toBeLessThan(footFar[3]![1]);
    expect(steep[0]![1]).toBeLessThan(steep[3]![1]);
  });

  it('is deterministic for a seed, keeps its degradations within the stated ranges and writes the EXIF tag it reports', async () => {
    const png = await page();
    const a = await photographPageHard(png, 4, FRAME);
    const b = await photographPageHard(png, 4, FRAME);
    expect(a.jpeg.equals(b.jpeg)).toBe(true);
    const seen = [a.info];
    for (const seed of [1, 2, 3]) {
      const { jpeg, info } = await photographPageHard(png, seed, FRAME);
      expect(jpeg.equals(a.jpeg)).toBe(false);
      expect((await sharp(jpeg).metadata()).orientation).toBe(info.exifOrientation);
      seen.push(info);
    }
    for (const info of seen) {
      expect(Math.abs(info.rotationDegrees)).toBeLessThanOrEqual(10);
      expect(info.keystoneDegrees).toBeGreaterThanOrEqual(5);
      expect(info.keystoneDegrees).toBeLessThanOrEqual(12);
      expect(info.jpegQuality).toBeGreaterThanOrEqual(60);
      expect(info.jpegQuality).toBeLessThanOrEqual(85);
    }
  });

  it('lays the page on a textured table: a corner of the frame is wood-dark and not one flat colour', async () => {
    const { jpeg } = await photographPageHard(await page(), 9, FRAME);
    const upright = sharp(jpeg).rotate().greyscale();
    // A small patch: the light's fall-off is smooth over 40 pixels, the wood grain is not.
    const corner = await upright.clone().extract({ left: 0, top: 0, width: 40, height: 20 }).stats();
    expect(corner.channels[0]!.stdev).toBeGreaterThan(3);
    // Wood is drawn at a grey of about 90-145 (paper about 250), then lit.
    expect(corner.channels[0]!.mean).toBeLessThan(170);
  });
});
