/**
 * JPEG frame size by walking marker segments with positioned reads: the
 * fallback when APP segments (large ICC profiles, XMP) push the frame header
 * past the head that image-size was given. Bounded by a segment count.
 */
import { readAt, type RandomAccessReader } from '../types.js';

const MAX_SEGMENTS = 256;

/** SOFn markers carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) do not. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

export async function jpegFrameSize(handle: RandomAccessReader, size: number): Promise<{ width: number; height: number } | undefined> {
  let pos = 2; // after SOI
  for (let i = 0; i < MAX_SEGMENTS && pos + 4 <= size; i++) {
    const head = await readAt(handle, pos, 9);
    if (head.length < 4 || head[0] !== 0xff) return undefined;
    const marker = head[1] as number;
    if (marker === 0xff) { pos += 1; continue; } // fill byte
    if (marker === 0xd9 || marker === 0xda) return undefined; // end of image / scan data before any frame header
    const length = head.readUInt16BE(2);
    if (isStartOfFrame(marker)) {
      if (head.length < 9) return undefined;
      const height = head.readUInt16BE(5);
      const width = head.readUInt16BE(7);
      return width > 0 && height > 0 ? { width, height } : undefined;
    }
    if (length < 2) return undefined;
    pos += 2 + length;
  }
  return undefined;
}
