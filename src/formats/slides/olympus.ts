/**
 * Olympus / Evident cellSens VSI: not one file. The `.vsi` is a small TIFF
 * (overview, label and the vendor's metadata tree); the pyramid lives beside
 * it in a folder `_<name>_/stack<N>/frame_t.ets`, one ETS file per stack.
 * Readers (Bio-Formats CellSensReader, slideio) open the `.vsi` and look for
 * that folder by name, so the slide is only usable with it and the packet
 * must keep the name pairing.
 *
 * ETS layout (little endian), as Bio-Formats and slideio read it: a 64-byte
 * volume header starting `SIS\0` (header size 64, dimension count, position
 * of the additional header, position and count of the used-chunk table), an
 * additional header starting `ETS\0` (pixel type, channel count, colour space,
 * compression, quality, tile size, …, use-pyramid flag), and the chunk table:
 * per tile 4 bytes, one int32 per dimension (x, y, …, last = pyramid level
 * when the pyramid flag is set), int64 offset, uint32 size, 4 bytes.
 *
 * The probe (probe/tiff/vsi.ts) lists the folder and reads the ETS headers;
 * this module is what the bytes mean.
 */
import { slideFormat, type SlideDescription } from './format.js';

export const olympus = slideFormat({
  id: 'olympus',
  displayName: 'Olympus VSI',
  tiffExtensions: ['.vsi'],
  otherExtensions: ['.ets'],
  // ETS tiles are JPEG or JPEG 2000 as cellSens writes them by default.
  compressed: true,
  /** Readers find the pyramid by this name beside the `.vsi`. */
  dataFolderName: (stem: string) => `_${stem}_`,
});

export const ETS_VOLUME_HEADER_BYTES = 64;
export const ETS_ADDITIONAL_HEADER_BYTES = 228;
/** A chunk table entry is 4 + 4·dimensions + 8 + 4 + 4 bytes. */
export function etsChunkEntryBytes(dimensions: number): number {
  return 20 + 4 * dimensions;
}
/** Reading more chunk entries than this to count levels is not worth it: the level count is then "at least". */
export const ETS_MAX_CHUNKS_READ = 65_536;

export interface EtsVolumeHeader {
  dimensions: number;
  additionalHeaderPos: number;
  usedChunksPos: number;
  usedChunks: number;
}

/** The 64-byte `SIS` header, or why it is not one. */
export function parseEtsVolumeHeader(buf: Buffer): EtsVolumeHeader | { error: string } {
  if (buf.length < ETS_VOLUME_HEADER_BYTES) return { error: 'shorter than the 64-byte ETS header' };
  if (buf.toString('latin1', 0, 3) !== 'SIS') return { error: 'no SIS magic' };
  if (buf.readUInt32LE(4) !== ETS_VOLUME_HEADER_BYTES) return { error: `header size ${buf.readUInt32LE(4)}, not 64` };
  const dimensions = buf.readUInt32LE(12);
  if (dimensions < 2 || dimensions > 16) return { error: `${dimensions} dimensions` };
  return {
    dimensions,
    additionalHeaderPos: Number(buf.readBigUInt64LE(16)),
    usedChunksPos: Number(buf.readBigUInt64LE(32)),
    usedChunks: buf.readUInt32LE(40),
  };
}

const ETS_COMPRESSION: Record<number, string> = { 0: 'none', 2: 'jpeg', 3: 'jpeg2000', 5: 'jpeg-lossless', 8: 'png', 9: 'bmp' };

export interface EtsPixelHeader {
  channels: number;
  compression: string;
  tileWidth: number;
  tileHeight: number;
  usePyramid: boolean;
}

/** The `ETS` additional header: what the tiles are. */
export function parseEtsAdditionalHeader(buf: Buffer): EtsPixelHeader | { error: string } {
  if (buf.length < ETS_ADDITIONAL_HEADER_BYTES) return { error: 'the ETS additional header is cut short' };
  if (buf.toString('latin1', 0, 3) !== 'ETS') return { error: 'no ETS magic at the additional header' };
  const format = buf.readUInt32LE(20);
  return {
    channels: buf.readUInt32LE(12),
    compression: ETS_COMPRESSION[format] ?? `ets-${format}`,
    tileWidth: buf.readUInt32LE(28),
    tileHeight: buf.readUInt32LE(32),
    // 4 magic + 9 words + 17 pixel hints + 10 background + component order, then the pyramid flag.
    usePyramid: buf.readUInt32LE(4 + 4 * (9 + 17 + 10 + 1)) !== 0,
  };
}

/**
 * Size of level 0 and the level count from the chunk table: the largest tile
 * column and row of level 0 times the tile size (an upper bound: edge tiles
 * are padded), and the highest level index + 1.
 */
export function describeEtsChunks(table: Buffer, volume: EtsVolumeHeader, pixels: EtsPixelHeader): Omit<SlideDescription<'olympus'>, 'vendor'> {
  const entry = etsChunkEntryBytes(volume.dimensions);
  let maxLevel = 0;
  let maxX = -1;
  let maxY = -1;
  for (let at = 0; at + entry <= table.length; at += entry) {
    const x = table.readInt32LE(at + 4);
    const y = table.readInt32LE(at + 8);
    const level = pixels.usePyramid ? table.readInt32LE(at + 4 + 4 * (volume.dimensions - 1)) : 0;
    if (level > maxLevel) maxLevel = level;
    if (level === 0 && x > maxX) maxX = x;
    if (level === 0 && y > maxY) maxY = y;
  }
  const description: Omit<SlideDescription<'olympus'>, 'vendor'> = { levels: maxLevel + 1, tiled: true, compression: pixels.compression };
  if (maxX >= 0 && pixels.tileWidth > 0) description.width = (maxX + 1) * pixels.tileWidth;
  if (maxY >= 0 && pixels.tileHeight > 0) description.height = (maxY + 1) * pixels.tileHeight;
  return description;
}

/** `slide.vsi` → `_slide_`: the folder readers expect beside it. */
export function vsiDataFolder(vsiFileName: string): string {
  return olympus.dataFolderName?.(vsiFileName.replace(/\.vsi$/i, '')) ?? '';
}

/** Where the last tile the chunk table lists ends: beyond the file's size, the copy is cut short. */
export function etsDataEnd(table: Buffer, volume: EtsVolumeHeader): number {
  const entry = etsChunkEntryBytes(volume.dimensions);
  let end = 0;
  for (let at = 0; at + entry <= table.length; at += entry) {
    const offset = Number(table.readBigInt64LE(at + 4 + 4 * volume.dimensions));
    const size = table.readUInt32LE(at + 12 + 4 * volume.dimensions);
    if (offset + size > end) end = offset + size;
  }
  return end;
}
