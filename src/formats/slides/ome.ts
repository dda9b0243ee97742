/**
 * OME-TIFF: OME-XML in the first ImageDescription. OpenSlide 3.4 does not read
 * it, but it is a microscope image a pathologist would want, never a scanned
 * document, so it is a slide.
 */
import { parseIsoTimestamp } from '../../dates/formats.js';
import { firstIfd, levelZeroFields, positive, round, slideFormat, withoutUndefined, xmlAttribute as attr, type SlideDescription } from './format.js';
import type { IfdSummary } from './tiff-ifd.js';

function detect(ifds: readonly IfdSummary[]): boolean {
  const desc = firstIfd(ifds).description ?? '';
  return desc.includes('<OME') && desc.includes('openmicroscopy.org');
}

const OME_UNIT_TO_MICRONS: Readonly<Record<string, number>> = { 'µm': 1, 'um': 1, 'nm': 0.001, 'mm': 1000, 'm': 1e6, 'Å': 1e-4 };

function describe(ifds: readonly IfdSummary[]): SlideDescription<'ome'> {
  const first = firstIfd(ifds);
  const xml = first.description ?? '';
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
  return withoutUndefined({
    vendor: 'ome',
    ...levelZeroFields(first),
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

export const ome = slideFormat({
  id: 'ome',
  displayName: 'OME-TIFF',
  // `.ome.tif` would name it, but a bare `.tif` lookup never sees the `.ome`; not used today.
  tiffExtensions: [],
  otherExtensions: [],
  compressed: false,
  tiff: { detect, describe },
});
