import { execFileSync } from 'node:child_process';
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageInfoSchema } from '../../src/model/scan.js';
import { probeFile } from '../../src/probe/index.js';
import { writeJpeg, writePng, type ExifSpec } from '../../tools/synth/image-writer.js';
import { hashTree, makeTempDir } from '../support/tree.js';
import { toolOnPath } from '../support/tools.js';

const haveHeifEnc = toolOnPath('heif-enc');
if (!haveHeifEnc) console.warn('\n*** heif-enc (libheif-examples) not installed: HEIC image tests are SKIPPED ***\n');

let dir = '';
let cleanup: () => Promise<void> = async () => undefined;
beforeAll(async () => ({ dir, cleanup } = await makeTempDir()));
afterAll(async () => cleanup());

async function put(name: string, content: Buffer): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, content);
  return file;
}

async function probe(file: string) {
  return probeFile({ relPath: path.basename(file), absPath: file, size: (await stat(file)).size });
}

const codes = (out: { findings: { code: string }[] }) => out.findings.map((f) => f.code);
const PHONE: ExifSpec = { dateTimeOriginal: '2025:09:12 14:03:59', make: 'Apple', model: 'iPhone 13', software: '17.1' };

describe('image probe on generated files', () => {
  it('JPEG with EXIF: size, date taken, camera and software', async () => {
    const out = await probe(await put('photo.jpg', writeJpeg({ width: 1203, height: 677, exif: PHONE })));
    expect(codes(out)).toEqual([]);
    expect(ImageInfoSchema.parse(out.image)).toEqual({ format: 'jpeg', width: 1203, height: 677, exifDate: '2025-09-12', cameraMake: 'Apple', cameraModel: 'iPhone 13', software: '17.1' });
  });

  it('JPEG and PNG without EXIF give size only', async () => {
    const jpeg = await probe(await put('scan.jpg', writeJpeg({ width: 16, height: 9 })));
    expect(jpeg).toMatchObject({ family: 'image', image: { format: 'jpeg', width: 16, height: 9 }, findings: [] });
    expect(jpeg.image?.exifDate).toBeUndefined();
    const png = await probe(await put('screen.png', writePng({ width: 300, height: 200 })));
    expect(png).toEqual({ family: 'image', image: { format: 'png', width: 300, height: 200 }, findings: [] });
  });

  it('PNG with an eXIf chunk', async () => {
    const out = await probe(await put('shot.png', writePng({ width: 10, height: 20, exif: { dateTimeOriginal: '2024:02:29 23:59:59', software: 'Screenshot' } })));
    expect(codes(out)).toEqual([]);
    expect(out.image).toEqual({ format: 'png', width: 10, height: 20, exifDate: '2024-02-29', software: 'Screenshot' });
  });

  it('a JPEG taken with the phone turned (EXIF orientation 6) reports its displayed size', async () => {
    const out = await probe(await put('turned.jpg', writeJpeg({ width: 40, height: 20, exif: { orientation: 6 } })));
    expect(out.image).toMatchObject({ width: 20, height: 40 });
    const upright = await probe(await put('upright.jpg', writeJpeg({ width: 40, height: 20, exif: { orientation: 1 } })));
    expect(upright.image).toMatchObject({ width: 40, height: 20 });
  });

  it('an impossible EXIF date is left out, not guessed', async () => {
    const out = await probe(await put('zero.jpg', writeJpeg({ width: 8, height: 8, exif: { dateTimeOriginal: '0000:00:00 00:00:00', make: 'X' } })));
    expect(out.image?.exifDate).toBeUndefined();
    expect(out.image?.cameraMake).toBe('X');
  });

  it('GIF, BMP and WebP are recognised with their sizes', async () => {
    const gif = Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.from([0x40, 0x01, 0xf0, 0x00, 0, 0, 0]), Buffer.from([0x3b])]);
    const bmp = Buffer.alloc(58);
    bmp.write('BM', 0, 'latin1');
    bmp.writeUInt32LE(58, 2);
    bmp.writeUInt32LE(54, 10);
    bmp.writeUInt32LE(40, 14);
    bmp.writeInt32LE(33, 18);
    bmp.writeInt32LE(44, 22);
    const webp = Buffer.alloc(30);
    webp.write('RIFF', 0, 'latin1');
    webp.writeUInt32LE(22, 4);
    webp.write('WEBPVP8X', 8, 'latin1');
    webp.writeUInt32LE(10, 16);
    webp.writeUIntLE(799, 24, 3);
    webp.writeUIntLE(599, 27, 3);
    for (const [name, buf, format, width, height] of [['a.gif', gif, 'gif', 320, 240], ['a.bmp', bmp, 'bmp', 33, 44], ['a.webp', webp, 'webp', 800, 600]] as const) {
      const out = await probe(await put(name, buf));
      expect(codes(out)).toEqual([]);
      expect(out.image).toEqual({ format, width, height });
    }
  });

  describe.skipIf(!haveHeifEnc)('HEIC (made with heif-enc from our JPEG)', () => {
    it('reads the EXIF item and the size', async () => {
      const jpeg = await put('for-heic.jpg', writeJpeg({ width: 64, height: 48, exif: PHONE }));
      const heic = path.join(dir, 'photo.heic');
      execFileSync('heif-enc', ['-o', heic, jpeg], { stdio: 'pipe' });
      const out = await probe(heic);
      expect(codes(out)).toEqual([]);
      expect(out.image).toMatchObject({ format: 'heic', exifDate: '2025-09-12', cameraMake: 'Apple', cameraModel: 'iPhone 13', software: '17.1' });
      // HEVC codes whole blocks; the size found is at least the picture's.
      expect(out.image?.width).toBeGreaterThanOrEqual(64);
      expect(out.image?.height).toBeGreaterThanOrEqual(48);
    });
  });
});

describe('large headers', () => {
  it('a JPEG whose APP segments exceed the first 256 KB still gets its size', async () => {
    const jpeg = writeJpeg({ width: 321, height: 123, exif: PHONE });
    // Insert six 60 KB APP2 segments (like a big ICC profile) right after SOI.
    const app2 = Buffer.alloc(4 + 60_000, 0x20);
    app2.writeUInt16BE(0xffe2, 0);
    app2.writeUInt16BE(60_002, 2);
    const big = Buffer.concat([jpeg.subarray(0, 2), ...new Array<Buffer>(6).fill(app2), jpeg.subarray(2)]);
    const out = await probe(await put('big-icc.jpg', big));
    expect(codes(out)).toEqual([]);
    expect(out.image).toMatchObject({ format: 'jpeg', width: 321, height: 123 });
  });
});

describe('broken images', () => {
  it('a JPEG or PNG cut short → IMAGE_UNREADABLE', async () => {
    const jpeg = writeJpeg({ width: 640, height: 480, exif: PHONE });
    const cutJpeg = await probe(await put('cut.jpg', jpeg.subarray(0, jpeg.length - 40)));
    expect(codes(cutJpeg)).toEqual(['IMAGE_UNREADABLE']);
    expect(cutJpeg.image?.width).toBe(640);
    const png = writePng({ width: 64, height: 64 });
    expect(codes(await probe(await put('cut.png', png.subarray(0, png.length - 20))))).toEqual(['IMAGE_UNREADABLE']);
  });

  it('a header that is not what its signature promises → IMAGE_UNREADABLE', async () => {
    const junk = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(100, 0x11)]);
    const out = await probe(await put('junk.jpg', junk));
    expect(out.family).toBe('image');
    expect(codes(out)).toEqual(['IMAGE_UNREADABLE']);
    const pngHead = writePng({ width: 4, height: 4 }).subarray(0, 12);
    expect(codes(await probe(await put('head.png', pngHead)))).toEqual(['IMAGE_UNREADABLE']);
  });

  it('never writes to the case folder', async () => {
    await put('keep.jpg', writeJpeg({ width: 8, height: 8, exif: PHONE }));
    const before = await hashTree(dir);
    await probe(path.join(dir, 'keep.jpg'));
    expect(await hashTree(dir)).toBe(before);
  });

  it('a .mrxs that holds a picture is handed to the MIRAX probe', async () => {
    const out = await probe(await put('slide.mrxs', writeJpeg({ width: 8, height: 8 })));
    expect(out.family).toBe('slide');
    expect(codes(out)).toEqual(['MRXS_MISSING_FOLDER']);
  });
});
