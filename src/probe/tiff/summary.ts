/**
 * Reads the few facts about each IFD that vendor detection needs
 * (formats/slides/tiff-ifd.ts: IfdSummary), once, with small bounded reads
 * (descriptions of later IFDs only need their first bytes: "label …",
 * "macro …", "level=1 …").
 */
import type { IfdSummary } from '../../formats/slides/tiff-ifd.js';
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
