/**
 * Whole-slide vendor detection from TIFF tags, in OpenSlide's order and by
 * OpenSlide's rules (Hamamatsu NDPI tag 65420 in IFD 0; Leica SCN XML
 * namespace; Philips Software + DPUfsImport XML; Ventana XMP <iScan>; Aperio
 * description prefix; generic: IFD 0 tiled), plus OME-TIFF, which OpenSlide
 * 3.4 does not read but which is microscopy, not a document.
 *
 * Decisions (documented in docs via the lead):
 * - OME-TIFF is a `slide` with vendor `ome`: it is a microscope image a
 *   pathologist would want, never a scanned document.
 * - A TIFF whose first IFD is tiled is a `slide` (`generic-tiled`) even with a
 *   single level, as OpenSlide's generic-tiff backend does; document scanners
 *   write stripped TIFFs, which stay plain `tiff`.
 */
import type { SlideInfo } from '../../model/scan.js';
import { parseAperioDate, parseDicomDateTime, parseIsoTimestamp, parseTiffDateTime } from './dates.js';
import { compressionName, mppFromResolution, type IfdSummary } from './summary.js';

/** What vendor detection fills in; container, byte order and IFD count come from the reader. */
export type VendorFields = Omit<SlideInfo, 'container' | 'byteOrder' | 'ifdCount'>;

const LEICA_NS = 'http://www.leica-microsystems.com/scn/';

export function detectSlide(ifds: readonly IfdSummary[]): VendorFields | undefined {
  const first = ifds[0];
  if (!first) return undefined;
  const desc = first.description ?? '';
  if (first.ndpi) return hamamatsu(ifds);
  if (desc.includes('<scn') && desc.includes(LEICA_NS)) return leica(ifds, desc);
  if ((first.software ?? '').startsWith('Philips') && desc.includes('DPUfsImport')) return philips(ifds, desc);
  const iScan = ifds.map((i) => i.xmp).find((x) => x?.includes('<iScan'));
  if (iScan) return ventana(ifds, iScan);
  if (desc.startsWith('Aperio')) return aperio(ifds, desc);
  if (desc.includes('<OME') && desc.includes('openmicroscopy.org')) return ome(ifds, desc);
  if (first.tiled) return genericTiled(ifds);
  return undefined;
}

function positive(n: number | undefined): number | undefined {
  return n !== undefined && Number.isFinite(n) && n > 0 ? n : undefined;
}

function round(n: number | undefined, digits = 6): number | undefined {
  return n === undefined ? undefined : Number(n.toFixed(digits));
}

function base(ifd: IfdSummary): Pick<VendorFields, 'width' | 'height' | 'tiled' | 'compression'> {
  return { width: ifd.width, height: ifd.height, tiled: ifd.tiled, compression: compressionName(ifd.compression) };
}

/** Drop undefined so JSON stays small and schema-clean. */
function clean(info: VendorFields): VendorFields {
  return Object.fromEntries(Object.entries(info).filter(([, v]) => v !== undefined)) as VendorFields;
}

function aperio(ifds: readonly IfdSummary[], desc: string): VendorFields {
  const fields = new Map<string, string>();
  for (const part of desc.split('|').slice(1)) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const first = ifds[0] as IfdSummary;
  const mpp = positive(Number(fields.get('MPP')));
  const dateRaw = fields.get('Date');
  const scanScope = fields.get('ScanScope ID');
  return clean({
    vendor: 'aperio',
    ...base(first),
    // Levels are the tiled IFDs; thumbnail, label and macro are stripped.
    levels: ifds.filter((i) => i.tiled).length || 1,
    magnification: positive(Number(fields.get('AppMag'))),
    mppX: mpp,
    mppY: mpp,
    scanDateRaw: dateRaw,
    scanDate: dateRaw ? parseAperioDate(dateRaw) ?? parseIsoTimestamp(dateRaw) : undefined,
    scanner: scanScope ? `Aperio ScanScope ${scanScope}` : 'Aperio',
  });
}

function hamamatsu(ifds: readonly IfdSummary[]): VendorFields {
  const first = ifds[0] as IfdSummary;
  // Pyramid levels carry their objective magnification in 65421; the macro has -1, the map -2.
  const levels = ifds.filter((i) => (i.ndpiMagnification ?? 0) > 0).length;
  const scanner = [first.make, first.model].filter(Boolean).join(' ') || 'Hamamatsu';
  return clean({
    vendor: 'hamamatsu',
    ...base(first),
    levels: levels || ifds.length,
    magnification: positive(first.ndpiMagnification),
    mppX: round(mppFromResolution(first.xResolution, first.resolutionUnit)),
    mppY: round(mppFromResolution(first.yResolution, first.resolutionUnit)),
    scanDateRaw: first.dateTime,
    scanDate: first.dateTime ? parseTiffDateTime(first.dateTime) : undefined,
    scanner,
  });
}

function attr(tag: string, name: string): string | undefined {
  return new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];
}

function leica(ifds: readonly IfdSummary[], xml: string): VendorFields {
  const collection = /<collection\b[^>]*>/.exec(xml)?.[0] ?? '';
  const [cx, cy] = [attr(collection, 'sizeX'), attr(collection, 'sizeY')];
  const images = [...xml.matchAll(/<image\b[^>]*>([\s\S]*?)<\/image>/g)].map((m) => m[1] ?? '');
  // OpenSlide's rule: the macro image's view covers the whole collection; the others are main images.
  const main = images.find((img) => {
    const view = /<view\b[^>]*>/.exec(img)?.[0] ?? '';
    return !(attr(view, 'sizeX') === cx && attr(view, 'sizeY') === cy);
  });
  if (!main) return clean({ vendor: 'leica', ...base(ifds[0] as IfdSummary), scanner: 'Leica' });
  const pixels = /<pixels\b[^>]*>/.exec(main)?.[0] ?? '';
  const view = /<view\b[^>]*>/.exec(main)?.[0] ?? '';
  const width = positive(Number(attr(pixels, 'sizeX')));
  const height = positive(Number(attr(pixels, 'sizeY')));
  const dimensions = [...main.matchAll(/<dimension\b[^>]*>/g)].map((m) => m[0])
    .filter((d) => (attr(d, 'c') ?? '0') === '0' && (attr(d, 'z') ?? '0') === '0');
  const firstDim = dimensions[0];
  const level0Ifd = firstDim ? ifds[Number(attr(firstDim, 'ifd'))] : undefined;
  const viewX = Number(attr(view, 'sizeX'));
  const viewY = Number(attr(view, 'sizeY'));
  const created = /<creationDate>([^<]*)<\/creationDate>/.exec(main)?.[1];
  const device = /<device\b[^>]*>/.exec(main)?.[0];
  const model = device ? attr(device, 'model')?.split(';')[0] : undefined;
  return clean({
    vendor: 'leica',
    ...(level0Ifd ? base(level0Ifd) : base(ifds[0] as IfdSummary)),
    width,
    height,
    levels: dimensions.length || undefined,
    magnification: positive(Number(/<objective>([^<]*)<\/objective>/.exec(main)?.[1])),
    // The view is in nanometres.
    mppX: width ? round(positive(viewX / width / 1000)) : undefined,
    mppY: height ? round(positive(viewY / height / 1000)) : undefined,
    scanDateRaw: created,
    scanDate: created ? parseIsoTimestamp(created) : undefined,
    scanner: model ?? 'Leica',
  });
}

function philipsAttribute(xml: string, name: string): string | undefined {
  const raw = new RegExp(`Name="${name}"[^>]*>([^<]*)<`).exec(xml)?.[1];
  return raw?.replace(/&quot;/g, '"').trim();
}

function philips(ifds: readonly IfdSummary[], xml: string): VendorFields {
  const first = ifds[0] as IfdSummary;
  // DICOM pixel spacing is "row column" in millimetres.
  const spacing = philipsAttribute(xml, 'DICOM_PIXEL_SPACING')?.match(/[\d.eE+-]+/g)?.map(Number) ?? [];
  // The tiled IFDs are the pyramid actually stored (label and macro are stripped or named); the XML list is a fallback.
  const stored = ifds.filter((i) => i.tiled && !/^(label|macro)/i.test(i.description ?? '')).length;
  const levels = stored || (xml.match(/ObjectType="PixelDataRepresentation"/g) ?? []).length;
  const date = philipsAttribute(xml, 'DICOM_ACQUISITION_DATETIME');
  const scanner = [philipsAttribute(xml, 'DICOM_MANUFACTURER'), philipsAttribute(xml, 'DICOM_MANUFACTURERS_MODEL_NAME')].filter(Boolean).join(' ');
  return clean({
    vendor: 'philips',
    ...base(first),
    levels: levels || undefined,
    mppY: spacing[0] ? round(positive(spacing[0] * 1000)) : undefined,
    mppX: spacing[1] ? round(positive(spacing[1] * 1000)) : undefined,
    scanDateRaw: date,
    scanDate: date ? parseDicomDateTime(date) : undefined,
    scanner: scanner || 'Philips',
  });
}

function ventana(ifds: readonly IfdSummary[], xmp: string): VendorFields {
  const iScan = /<iScan\b[^>]*>/.exec(xmp)?.[0] ?? '';
  const levelIfds = ifds.filter((i) => /level=\d+/.test(i.description ?? ''));
  const level0 = levelIfds.find((i) => /level=0\b/.test(i.description ?? '')) ?? levelIfds[0] ?? ifds.find((i) => i.tiled) ?? (ifds[0] as IfdSummary);
  const descMag = /mag=([\d.]+)/.exec(level0.description ?? '')?.[1];
  const mpp = positive(Number(attr(iScan, 'ScanRes')));
  return clean({
    vendor: 'ventana',
    ...base(level0),
    levels: levelIfds.length || undefined,
    magnification: positive(Number(attr(iScan, 'Magnification') ?? descMag)),
    mppX: mpp,
    mppY: mpp,
    scanner: attr(iScan, 'ScannerModel') ?? 'Ventana',
  });
}

const OME_UNIT_TO_MICRONS: Readonly<Record<string, number>> = { 'µm': 1, 'um': 1, 'nm': 0.001, 'mm': 1000, 'm': 1e6, 'Å': 1e-4 };

function ome(ifds: readonly IfdSummary[], xml: string): VendorFields {
  const first = ifds[0] as IfdSummary;
  const pixels = /<(?:\w+:)?Pixels\b[^>]*>/.exec(xml)?.[0] ?? '';
  const size = (axis: 'X' | 'Y'): number | undefined => {
    const value = positive(Number(attr(pixels, `PhysicalSize${axis}`)));
    const factor = OME_UNIT_TO_MICRONS[attr(pixels, `PhysicalSize${axis}Unit`) ?? 'µm'];
    return value !== undefined && factor !== undefined ? round(value * factor) : undefined;
  };
  const acquired = /<(?:\w+:)?AcquisitionDate>([^<]*)</.exec(xml)?.[1];
  const objective = /<(?:\w+:)?Objective\b[^>]*>/.exec(xml)?.[0];
  const microscope = /<(?:\w+:)?Microscope\b[^>]*>/.exec(xml)?.[0];
  const scanner = microscope ? [attr(microscope, 'Manufacturer'), attr(microscope, 'Model')].filter(Boolean).join(' ') : '';
  return clean({
    vendor: 'ome',
    ...base(first),
    width: positive(Number(attr(pixels, 'SizeX'))) ?? first.width,
    height: positive(Number(attr(pixels, 'SizeY'))) ?? first.height,
    // OME pyramids keep reduced resolutions in SubIFDs of each plane.
    levels: 1 + first.subIfds.length,
    magnification: objective ? positive(Number(attr(objective, 'NominalMagnification'))) : undefined,
    mppX: size('X'),
    mppY: size('Y'),
    scanDateRaw: acquired,
    scanDate: acquired ? parseIsoTimestamp(acquired) : undefined,
    scanner: scanner || undefined,
  });
}

function genericTiled(ifds: readonly IfdSummary[]): VendorFields {
  const first = ifds[0] as IfdSummary;
  const levels = ifds.filter((i) => i.tiled).length + first.subIfds.filter((s) => s.tiled).length;
  const mppX = mppFromResolution(first.xResolution, first.resolutionUnit);
  const mppY = mppFromResolution(first.yResolution, first.resolutionUnit);
  // Resolution tags of generic TIFFs often carry screen dpi (72, 75): only microscope-scale values mean mpp.
  const plausible = (v: number | undefined): number | undefined => (v !== undefined && v <= 50 ? round(v) : undefined);
  const scanner = [first.make, first.model].filter(Boolean).join(' ');
  return clean({
    vendor: 'generic-tiled',
    ...base(first),
    levels,
    mppX: plausible(mppX),
    mppY: plausible(mppY),
    scanDateRaw: first.dateTime,
    scanDate: first.dateTime ? parseTiffDateTime(first.dateTime) : undefined,
    scanner: scanner || undefined,
  });
}
