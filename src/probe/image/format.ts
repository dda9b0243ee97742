import type { ImageInfo } from '../../model/scan.js';

type Format = ImageInfo['format'];

/** The picture format from its signature bytes. */
export function imageFormat(b: Buffer): Format | undefined {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b.readUInt32BE(0) === 0x89504e47) return 'png';
  // AVIF shares the HEIF container and is reported as heic (the schema has no avif).
  if (b.length >= 12 && b.toString('latin1', 4, 8) === 'ftyp') return 'heic';
  if (b.length >= 6 && b.toString('latin1', 0, 3) === 'GIF') return 'gif';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  if (b.length >= 2 && b.toString('latin1', 0, 2) === 'BM') return 'bmp';
  return undefined;
}
