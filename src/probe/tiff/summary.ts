/**
 * The few facts about each IFD that vendor detection needs, read once with
 * small bounded reads (descriptions of later IFDs only need their first
 * bytes: "label …", "macro …", "level=1 …").
 */
import type { Ifd, TiffReader } from './reader.js';

export const TAG = {
  NewSubfileType: 254, ImageWidth: 256, ImageLength: 257, Compression: 259, ImageDescription: 270, Make: 271,
  Model: 272, StripOffsets: 273, StripByteCounts: 279, XResolution: 282, YResolution: 283, ResolutionUnit: 296,
  Software: 305, DateTime: 306, TileWidth: 322, TileOffsets: 324, TileByteCounts: 325, XMP: 700,
  NdpiFormatFlag: 65420, NdpiSourceLens: 65421,
} as const;

/** First-IFD description: OME-XML and Leica/Philips XML can be long; beyond this we read no further. */
const FIRST_DESCRIPTION_BYTES = 256 * 1024;
const OTHER_DESCRIPTION_BYTES = 2048;
const SHORT_TEXT_BYTES = 512;
const XMP_BYTES = 64 * 1024;

export interface IfdSummary {
  index: number;
  width?: number;
  height?: number;
  tiled: boolean;
  compression?: number;
  subfileType?: number;
  description?: string;
  software?: string;
  make?: string;
  model?: string;
  dateTime?: string;
  xmp?: string;
  /** Pixels per ResolutionUnit, and that unit (2 inch, 3 cm). */
  xResolution?: number;
  yResolution?: number;
  resolutionUnit?: number;
  ndpi: boolean;
  /** NDPI source lens: objective magnification of this level, -1 macro, -2 map. */
  ndpiMagnification?: number;
  subIfds: IfdSummary[];
}

/** IFDs past this index (long OME z-stacks) get numbers only: vendor text lives in the first IFDs. */
const TEXT_IFDS = 64;

export async function summariseIfd(reader: TiffReader, ifd: Ifd, index: number): Promise<IfdSummary> {
  const e = ifd.entries;
  const first = index === 0;
  const withText = index < TEXT_IFDS;
  const summary: IfdSummary = {
    index,
    width: await reader.number(e.get(TAG.ImageWidth)),
    height: await reader.number(e.get(TAG.ImageLength)),
    tiled: e.has(TAG.TileWidth) || e.has(TAG.TileOffsets),
    compression: await reader.number(e.get(TAG.Compression)),
    subfileType: await reader.number(e.get(TAG.NewSubfileType)),
    description: withText ? await reader.text(e.get(TAG.ImageDescription), first ? FIRST_DESCRIPTION_BYTES : OTHER_DESCRIPTION_BYTES) : undefined,
    ndpi: e.has(TAG.NdpiFormatFlag),
    ndpiMagnification: await reader.number(e.get(TAG.NdpiSourceLens)),
    subIfds: [],
  };
  // Text tags that only matter once (vendor, scanner, date) are read from the first IFDs only.
  if (index < 3) {
    summary.software = await reader.text(e.get(TAG.Software), SHORT_TEXT_BYTES);
    summary.make = await reader.text(e.get(TAG.Make), SHORT_TEXT_BYTES);
    summary.model = await reader.text(e.get(TAG.Model), SHORT_TEXT_BYTES);
    summary.dateTime = await reader.text(e.get(TAG.DateTime), SHORT_TEXT_BYTES);
    summary.xmp = await reader.text(e.get(TAG.XMP), XMP_BYTES);
  }
  summary.xResolution = await reader.number(e.get(TAG.XResolution));
  summary.yResolution = await reader.number(e.get(TAG.YResolution));
  summary.resolutionUnit = await reader.number(e.get(TAG.ResolutionUnit));
  for (const [i, sub] of ifd.subIfds.entries()) summary.subIfds.push(await summariseIfd(reader, sub, index * 1000 + i + 1));
  return summary;
}

const COMPRESSION_NAMES: Readonly<Record<number, string>> = {
  1: 'none', 2: 'ccitt-rle', 3: 'ccitt-g3', 4: 'ccitt-g4', 5: 'lzw', 6: 'jpeg-old', 7: 'jpeg', 8: 'deflate',
  32773: 'packbits', 32946: 'deflate', 33003: 'jpeg2000', 33005: 'jpeg2000', 34712: 'jpeg2000', 34892: 'jpeg',
  50000: 'zstd', 50001: 'webp', 52546: 'jpegxl',
};

export function compressionName(code: number | undefined): string | undefined {
  if (code === undefined) return undefined;
  return COMPRESSION_NAMES[code] ?? `tiff-${code}`;
}

/** Microns per pixel from TIFF resolution tags, when the unit is a length. */
export function mppFromResolution(resolution: number | undefined, unit: number | undefined): number | undefined {
  if (!resolution || !Number.isFinite(resolution) || resolution <= 0) return undefined;
  const micronsPerUnit = unit === 3 ? 10_000 : unit === 2 ? 25_400 : undefined;
  if (micronsPerUnit === undefined) return undefined;
  return micronsPerUnit / resolution;
}
