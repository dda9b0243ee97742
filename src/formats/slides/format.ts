/**
 * What one slide format module exports (OpenSlide's `_openslide_format`,
 * in TypeScript): its id, name, file extensions, whether its pixel data is
 * already compressed, and, for TIFF-based formats, its detection and
 * description over IFD summaries. Formats with their own container (MIRAX,
 * DICOM) have no `tiff` part: their probe reads them and may use the module's
 * own pure helpers.
 */
import { compressionName, type IfdSummary } from './tiff-ifd.js';

/** What a format says about one slide; the probe adds container, byte order and IFD count. */
export interface SlideDescription<Id extends string = string> {
  vendor: Id;
  width?: number;
  height?: number;
  levels?: number;
  tiled?: boolean;
  magnification?: number;
  mppX?: number;
  mppY?: number;
  scanDate?: string;
  /** The date exactly as the vendor stored it (Aperio `MM/DD/YY`). */
  scanDateRaw?: string;
  scanner?: string;
  compression?: string;
}

export interface TiffSlideFormat<Id extends string> {
  /** Does this vendor's signature appear in the IFDs? Called only with at least one IFD. */
  detect(ifds: readonly IfdSummary[]): boolean;
  /** The slide's facts, once `detect` said yes. */
  describe(ifds: readonly IfdSummary[]): SlideDescription<Id>;
}

export interface SlideFormat<Id extends string = string> {
  /** The `SlideInfo.vendor` value. */
  readonly id: Id;
  readonly displayName: string;
  /**
   * Extensions (lower case, with the dot) of the TIFF files this vendor
   * writes, and only those that name it: such a file is this vendor's slide
   * even when its first IFD is lost. `.tif`/`.tiff` name nobody.
   */
  readonly tiffExtensions: readonly string[];
  /** Extensions of the format's other files: index, data and non-TIFF variants. */
  readonly otherExtensions: readonly string[];
  /** Pixel data already compressed (JPEG, JPEG 2000): the packet stores these files rather than deflating them again. */
  readonly compressed: boolean;
  /**
   * Formats whose image data lives in a folder beside the slide file (MIRAX,
   * Olympus VSI): the folder's name for a slide file of this stem. The packet
   * keeps the pair together under matching names, since readers find the
   * folder by name.
   */
  readonly dataFolderName?: (stem: string) => string;
  readonly tiff?: TiffSlideFormat<Id>;
}

/** Keeps a format's id a literal type, so the vendor enum can derive from the list. */
export function slideFormat<const Id extends string>(format: SlideFormat<Id>): SlideFormat<Id> {
  return format;
}

export function positive(n: number | undefined): number | undefined {
  return n !== undefined && Number.isFinite(n) && n > 0 ? n : undefined;
}

export function round(n: number | undefined, digits = 6): number | undefined {
  return n === undefined ? undefined : Number(n.toFixed(digits));
}

/** Size, tiling and compression of the IFD that holds the full-resolution image. */
export function levelZeroFields(ifd: IfdSummary): Pick<SlideDescription, 'width' | 'height' | 'tiled' | 'compression'> {
  return { width: ifd.width, height: ifd.height, tiled: ifd.tiled, compression: compressionName(ifd.compression) };
}

/** Drop undefined so JSON stays small and schema-clean. */
export function withoutUndefined<Id extends string>(info: SlideDescription<Id>): SlideDescription<Id> {
  return Object.fromEntries(Object.entries(info).filter(([, v]) => v !== undefined)) as SlideDescription<Id>;
}

/** An XML attribute's value within one tag's text. */
export function xmlAttribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];
}

/** The first IFD; detection guarantees there is one. */
export function firstIfd(ifds: readonly IfdSummary[]): IfdSummary {
  return ifds[0] as IfdSummary;
}
