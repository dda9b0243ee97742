/** Philips TIFF: Software starting "Philips" and DPUfsImport XML in the ImageDescription. */
import { parseDicomDate } from '../../dates/formats.js';
import { firstIfd, levelZeroFields, positive, round, slideFormat, withoutUndefined, type SlideDescription } from './format.js';
import type { IfdSummary } from './tiff-ifd.js';

function detect(ifds: readonly IfdSummary[]): boolean {
  const first = firstIfd(ifds);
  return (first.software ?? '').startsWith('Philips') && (first.description ?? '').includes('DPUfsImport');
}

function philipsAttribute(xml: string, name: string): string | undefined {
  const raw = new RegExp(`Name="${name}"[^>]*>([^<]*)<`).exec(xml)?.[1];
  return raw?.replace(/&quot;/g, '"').trim();
}

function describe(ifds: readonly IfdSummary[]): SlideDescription<'philips'> {
  const first = firstIfd(ifds);
  const xml = first.description ?? '';
  // DICOM pixel spacing is "row column" in millimetres.
  const spacing = philipsAttribute(xml, 'DICOM_PIXEL_SPACING')?.match(/[\d.eE+-]+/g)?.map(Number) ?? [];
  // The tiled IFDs are the pyramid actually stored (label and macro are stripped or named); the XML list is a fallback.
  const stored = ifds.filter((i) => i.tiled && !/^(label|macro)/i.test(i.description ?? '')).length;
  const levels = stored || (xml.match(/ObjectType="PixelDataRepresentation"/g) ?? []).length;
  const date = philipsAttribute(xml, 'DICOM_ACQUISITION_DATETIME');
  const scanner = [philipsAttribute(xml, 'DICOM_MANUFACTURER'), philipsAttribute(xml, 'DICOM_MANUFACTURERS_MODEL_NAME')].filter(Boolean).join(' ');
  return withoutUndefined({
    vendor: 'philips',
    ...levelZeroFields(first),
    levels: levels || undefined,
    mppY: spacing[0] ? round(positive(spacing[0] * 1000)) : undefined,
    mppX: spacing[1] ? round(positive(spacing[1] * 1000)) : undefined,
    scanDateRaw: date,
    // A DICOM DT value.
    scanDate: date ? parseDicomDate(date) : undefined,
    scanner: scanner || 'Philips',
  });
}

export const philips = slideFormat({
  id: 'philips',
  displayName: 'Philips TIFF',
  // Philips writes `.tiff`, which names no vendor.
  tiffExtensions: [],
  otherExtensions: [],
  compressed: true,
  tiff: { detect, describe },
});
