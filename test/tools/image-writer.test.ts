import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exifTiff, writeJpeg, writePng } from '../../tools/synth/image-writer.js';
import { makeTempDir } from '../support/tree.js';
import { toolOnPath } from '../support/tools.js';

const haveHeifEnc = toolOnPath('heif-enc');
if (!haveHeifEnc) console.warn('\n*** heif-enc not installed: generated JPEG/PNG are NOT decoded by libjpeg/libpng ***\n');

let dir = '';
let cleanup: () => Promise<void> = async () => undefined;
beforeAll(async () => ({ dir, cleanup } = await makeTempDir()));
afterAll(async () => cleanup());

describe('image writer', () => {
  it('PNG: chunks in order, pixel data inflates to the declared size', () => {
    const png = writePng({ width: 5, height: 3, exif: { software: 'x' } });
    const types: string[] = [];
    let idat = Buffer.alloc(0);
    for (let p = 8; p < png.length;) {
      const len = png.readUInt32BE(p);
      const type = png.toString('latin1', p + 4, p + 8);
      types.push(type);
      if (type === 'IDAT') idat = Buffer.concat([idat, png.subarray(p + 8, p + 8 + len)]);
      p += 12 + len;
    }
    expect(types).toEqual(['IHDR', 'eXIf', 'IDAT', 'IEND']);
    expect(inflateSync(idat).length).toBe(3 * (1 + 5 * 3));
  });

  it('EXIF block: IFD0 points to an Exif IFD holding DateTimeOriginal', () => {
    const tiff = exifTiff({ dateTimeOriginal: '2020:01:02 03:04:05', make: 'M' });
    expect(tiff.toString('latin1', 0, 4)).toBe('II*\0');
    const ifd0 = tiff.readUInt32LE(4);
    const n = tiff.readUInt16LE(ifd0);
    const tags = Array.from({ length: n }, (_, i) => tiff.readUInt16LE(ifd0 + 2 + i * 12));
    expect(tags).toEqual([271, 34665]);
    const exifIfd = tiff.readUInt32LE(ifd0 + 2 + 12 + 8);
    const valueAt = tiff.readUInt32LE(exifIfd + 2 + 8);
    expect(tiff.toString('latin1', valueAt, valueAt + 19)).toBe('2020:01:02 03:04:05');
  });

  it.skipIf(!haveHeifEnc)('libjpeg and libpng decode what the writer makes', async () => {
    for (const [name, buf] of [['w.jpg', writeJpeg({ width: 123, height: 45, exif: { make: 'A' } })], ['w.png', writePng({ width: 7, height: 9 })]] as const) {
      const file = path.join(dir, name);
      await writeFile(file, buf);
      // heif-enc decodes the input with libjpeg/libpng and fails loudly on a broken file.
      execFileSync('heif-enc', ['-o', `${file}.heic`, file], { stdio: 'pipe' });
      const info = execFileSync('heif-info', [`${file}.heic`], { encoding: 'utf8' });
      expect(info).toMatch(name.endsWith('jpg') ? /image: 123x45/ : /image: 7x9/);
    }
  });
});
