/**
 * Whole-slide formats as a registry, OpenSlide style.
 *
 * Shape: pure format knowledge lives here, at the lowest layer (it imports
 * only src/dates), so that both src/model (the `SlideInfo.vendor` enum) and
 * src/plan (which extensions are already compressed) can derive from it.
 * One module per format exports its id, name, extensions, compression and,
 * for TIFF-based formats, `detect`/`describe` over `IfdSummary` (tiff-ifd.ts).
 * The I/O stays in src/probe: probe/tiff reads IFDs and calls
 * `describeTiffSlide`; probe/mrxs lists the MIRAX folder and calls
 * `readSlidedat`.
 *
 * SLIDE_FORMATS is the one ordered list, and TIFF detection walks it in that
 * order: OpenSlide's (Hamamatsu NDPI tag 65420 in IFD 0; Leica SCN XML
 * namespace; Philips Software + DPUfsImport XML; Ventana XMP <iScan>; Aperio
 * description prefix), then OME-TIFF, then any tiled TIFF. Formats without a
 * `tiff` part are skipped by detection; their place follows OpenSlide's list
 * (Olympus VSI, which upstream OpenSlide does not read, sits in alphabetical
 * order as OpenSlide's vendors do; its `.vsi` carries no vendor text in its
 * IFDs, so the extension names it, see `vendorNamedByExtension`).
 *
 * To add a vendor: write its module (copy aperio.ts), add it to SLIDE_FORMATS
 * below, and give it a writer fixture (tools/synth/tiff-writer.ts) and a row
 * in test/probe/slide-formats.test.ts. The enum, the extension tables and the
 * schema docs follow.
 */
import { aperio } from './aperio.js';
import { dicomWsi } from './dicom-wsi.js';
import type { SlideDescription, SlideFormat } from './format.js';
import { genericTiled } from './generic-tiled.js';
import { hamamatsu } from './hamamatsu.js';
import { leica } from './leica.js';
import { mirax } from './mirax.js';
import { olympus } from './olympus.js';
import { ome } from './ome.js';
import { philips } from './philips.js';
import type { IfdSummary } from './tiff-ifd.js';
import { ventana } from './ventana.js';

export const SLIDE_FORMATS = [dicomWsi, hamamatsu, leica, mirax, olympus, philips, ventana, aperio, ome, genericTiled] as const;

export type SlideVendor = (typeof SLIDE_FORMATS)[number]['id'];

/** The vendor ids in list order, as the non-empty tuple zod's enum wants (map cannot type a tuple). */
export const SLIDE_VENDORS = SLIDE_FORMATS.map((format) => format.id) as [SlideVendor, ...SlideVendor[]];

/** Extension (lower case, with the dot) → the vendor whose TIFF files carry it. */
export const VENDOR_BY_TIFF_EXTENSION: ReadonlyMap<string, SlideVendor> = new Map(
  SLIDE_FORMATS.flatMap((format) => format.tiffExtensions.map((ext): [string, SlideVendor] => [ext, format.id])),
);

/** Extensions of every file of a format whose pixel data is already compressed. */
export const COMPRESSED_SLIDE_EXTENSIONS: readonly string[] = SLIDE_FORMATS
  .filter((format) => format.compressed)
  .flatMap((format) => [...format.tiffExtensions, ...format.otherExtensions]);

/**
 * A TIFF whose vendor only its extension names (no signature in its IFDs to
 * detect: Olympus `.vsi`). Formats with a TIFF signature are detected from
 * their IFDs instead, and named by extension only when the IFDs are lost.
 */
export function vendorNamedByExtension(relPath: string): SlideVendor | undefined {
  const vendor = VENDOR_BY_TIFF_EXTENSION.get(extensionOf(relPath));
  const format = SLIDE_FORMATS.find((f) => f.id === vendor);
  return format && !format.tiff ? format.id : undefined;
}

/** For a slide file of this vendor and stem, the name of the data folder beside it, when the format has one. */
export function slideDataFolderName(vendor: SlideVendor, stem: string): string | undefined {
  const format: SlideFormat = SLIDE_FORMATS.find((f) => f.id === vendor) as SlideFormat;
  return format.dataFolderName?.(stem);
}

/** Lower case, with the dot; '' when there is none. */
export function extensionOf(relPath: string): string {
  const name = relPath.slice(relPath.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot).toLowerCase();
}

/** The first format, in list order, whose TIFF signature the IFDs carry, and what it says of the slide. */
export function describeTiffSlide(ifds: readonly IfdSummary[]): SlideDescription<SlideVendor> | undefined {
  if (ifds.length === 0) return undefined;
  for (const format of SLIDE_FORMATS) {
    const tiff = format.tiff;
    if (tiff?.detect(ifds)) return tiff.describe(ifds);
  }
  return undefined;
}

export type { SlideDescription, SlideFormat } from './format.js';
export type { IfdSummary } from './tiff-ifd.js';
