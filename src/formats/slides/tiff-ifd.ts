/**
 * What slide-format detection knows of one TIFF IFD: the few tag values
 * vendors are told apart by. The probe (probe/tiff/summary.ts) reads them
 * with bounded reads; the formats here only look at them.
 */
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
