/**
 * Olympus / Evident cellSens VSI slides for tests: the `.vsi` (a little-endian
 * TIFF holding the overview, as cellSens writes it: no vendor text in its
 * IFDs) and the folder `_<name>_/` beside it with one `stackN/frame_t.ets`
 * per image stack. The ETS layout follows what Bio-Formats (CellSensReader)
 * and slideio read: a 64-byte `SIS` volume header, the `ETS` additional
 * header (228 bytes), tile data, then the used-chunk table, one entry per
 * tile with its (x, y, …, level) coordinates, offset and size. Tile bytes are
 * placeholders: nothing in casepack decodes pixels.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeTiff } from './tiff-writer.js';

export interface EtsSpec {
  width: number;
  height: number;
  levels: number;
  tileSize?: number;
  /** ETS compression code: 0 raw, 2 JPEG, 3 JPEG 2000. */
  compression?: number;
  /** Bytes per placeholder tile. */
  tileBytes?: number;
  /** Cut the file this many bytes short of its end (a cut copy). */
  cutBytes?: number;
}

/** Dimensions per chunk: x, y, z, c, level (cellSens brightfield scans use five). */
const DIMENSIONS = 5;

function tileCoordinates(spec: EtsSpec): number[][] {
  const tile = spec.tileSize ?? 512;
  const tiles: number[][] = [];
  for (let level = 0; level < spec.levels; level++) {
    const cols = Math.max(1, Math.ceil((spec.width >> level) / tile));
    const rows = Math.max(1, Math.ceil((spec.height >> level) / tile));
    for (let y = 0; y < rows; y++) for (let x = 0; x < cols; x++) tiles.push([x, y, 0, 0, level]);
  }
  return tiles;
}

/** The bytes of one `frame_t.ets`. */
export function buildEts(spec: EtsSpec): Buffer {
  const tile = spec.tileSize ?? 512;
  const tileBytes = spec.tileBytes ?? 16;
  const tiles = tileCoordinates(spec);
  const additionalPos = 64;
  const dataPos = additionalPos + 228;
  const tablePos = dataPos + tiles.length * tileBytes;
  const entry = 20 + 4 * DIMENSIONS;
  const buf = Buffer.alloc(tablePos + tiles.length * entry);

  buf.write('SIS\0', 0, 'latin1');
  buf.writeUInt32LE(64, 4); // header size
  buf.writeUInt32LE(2, 8); // version
  buf.writeUInt32LE(DIMENSIONS, 12);
  buf.writeBigUInt64LE(BigInt(additionalPos), 16);
  buf.writeUInt32LE(228, 24);
  buf.writeBigUInt64LE(BigInt(tablePos), 32);
  buf.writeUInt32LE(tiles.length, 40);
  buf.writeBigUInt64LE(0n, 48); // no free chunks

  buf.write('ETS\0', additionalPos, 'latin1');
  const words = [0x30001, 2 /* uint8 */, 3 /* channels */, 3 /* RGB */, spec.compression ?? 2, 90, tile, tile, 1];
  words.forEach((w, i) => buf.writeUInt32LE(w, additionalPos + 4 + 4 * i));
  buf.writeUInt32LE(1, additionalPos + 152); // use pyramid

  tiles.forEach((coords, i) => {
    const at = tablePos + i * entry;
    coords.forEach((c, d) => buf.writeInt32LE(c, at + 4 + 4 * d));
    buf.writeBigInt64LE(BigInt(dataPos + i * tileBytes), at + 4 + 4 * DIMENSIONS);
    buf.writeUInt32LE(tileBytes, at + 12 + 4 * DIMENSIONS);
    buf.fill(0xd8, dataPos + i * tileBytes, dataPos + (i + 1) * tileBytes);
  });
  return spec.cutBytes ? buf.subarray(0, buf.length - spec.cutBytes) : buf;
}

/** The `.vsi` itself: a small TIFF with the overview (stripped RGB) and nothing naming the vendor. */
export function buildVsiOverview(width = 320): Buffer {
  return writeTiff({ ifds: [{ width, height: 120, compression: 7, samplesPerPixel: 3 }] });
}

export interface VsiSlideOptions {
  /** The scan (stack1). */
  scan?: EtsSpec;
  /** Width of the overview in the .vsi (two slides of one case differ here). */
  overviewWidth?: number;
  /** Write the `_<name>_` folder (default true). */
  withFolder?: boolean;
  /** Also write an overview stack (stack10001), smaller than the scan, as cellSens does. */
  withOverviewStack?: boolean;
}

/** Writes `<dir>/<name>.vsi` and, unless told otherwise, `<dir>/_<name>_/stack1/frame_t.ets`; returns the .vsi path. */
export async function writeVsiSlide(dir: string, name: string, options: VsiSlideOptions = {}): Promise<string> {
  const vsi = path.join(dir, `${name}.vsi`);
  await writeFile(vsi, buildVsiOverview(options.overviewWidth));
  if (options.withFolder === false) return vsi;
  const folder = path.join(dir, `_${name}_`);
  await mkdir(path.join(folder, 'stack1'), { recursive: true });
  await writeFile(path.join(folder, 'stack1', 'frame_t.ets'), buildEts(options.scan ?? { width: 4096, height: 2048, levels: 4 }));
  if (options.withOverviewStack ?? true) {
    await mkdir(path.join(folder, 'stack10001'), { recursive: true });
    await writeFile(path.join(folder, 'stack10001', 'frame_t.ets'), buildEts({ width: 512, height: 256, levels: 1, tileSize: 512 }));
  }
  return vsi;
}
