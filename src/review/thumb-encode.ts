import type { Sharp } from 'sharp';
import type { Thumbnail } from './thumbnail-types.js';

/**
 * The one way a decoded picture leaves a thumbnail worker: shrunk to fit
 * `maxSide` (never enlarged), re-encoded, metadata dropped (sharp writes none
 * unless asked, so a photo's GPS position does not reach the page). The
 * original bytes are never passed through, even when they are already small.
 */
export type ThumbnailFormat = 'png' | 'jpeg';

export async function encodeThumbnail(picture: Sharp, maxSide: number, format: ThumbnailFormat): Promise<Thumbnail> {
  const fitted = picture.resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true });
  const encoded = format === 'jpeg'
    ? fitted.flatten({ background: '#ffffff' }).jpeg({ quality: 80, mozjpeg: false })
    : fitted.png({ compressionLevel: 6 });
  const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
  // A buffer of its own (sharp's may be a view into a larger one): it is transferred to the main thread.
  return { mime: format === 'jpeg' ? 'image/jpeg' : 'image/png', bytes: new Uint8Array(data), width: info.width, height: info.height };
}
