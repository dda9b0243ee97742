/**
 * Hamamatsu NDPI: private tag 65420 in IFD 0. VMS/VMU (an index plus JPEGs,
 * or one raw file) are Hamamatsu's non-TIFF variants, known by extension only.
 */
import { parseTiffDateTime } from '../../dates/formats.js';
import { firstIfd, levelZeroFields, positive, round, slideFormat, withoutUndefined, type SlideDescription } from './format.js';
import { mppFromResolution, type IfdSummary } from './tiff-ifd.js';

function describe(ifds: readonly IfdSummary[]): SlideDescription<'hamamatsu'> {
  const first = firstIfd(ifds);
  // Pyramid levels carry their objective magnification in 65421; the macro has -1, the map -2.
  const levels = ifds.filter((i) => (i.ndpiMagnification ?? 0) > 0).length;
  const scanner = [first.make, first.model].filter(Boolean).join(' ') || 'Hamamatsu';
  return withoutUndefined({
    vendor: 'hamamatsu',
    ...levelZeroFields(first),
    levels: levels || ifds.length,
    magnification: positive(first.ndpiMagnification),
    mppX: round(mppFromResolution(first.xResolution, first.resolutionUnit)),
    mppY: round(mppFromResolution(first.yResolution, first.resolutionUnit)),
    scanDateRaw: first.dateTime,
    scanDate: first.dateTime ? parseTiffDateTime(first.dateTime) : undefined,
    scanner,
  });
}

export const hamamatsu = slideFormat({
  id: 'hamamatsu',
  displayName: 'Hamamatsu NDPI / VMS / VMU',
  tiffExtensions: ['.ndpi'],
  otherExtensions: ['.vms', '.vmu'],
  compressed: true,
  tiff: { detect: (ifds) => firstIfd(ifds).ndpi, describe },
});
