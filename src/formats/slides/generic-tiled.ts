/**
 * Any other TIFF whose first IFD is tiled, as OpenSlide's generic-tiff
 * backend reads it, even with a single level: document scanners write
 * stripped TIFFs, which stay plain `tiff`. Last in the list: it matches what
 * no vendor claimed.
 */
import { parseTiffDateTime } from '../../dates/formats.js';
import { firstIfd, levelZeroFields, round, slideFormat, withoutUndefined, type SlideDescription } from './format.js';
import { mppFromResolution, type IfdSummary } from './tiff-ifd.js';

/** Resolution tags of generic TIFFs often carry screen dpi (72, 75): only microscope-scale values mean mpp. */
function plausibleMpp(v: number | undefined): number | undefined {
  return v !== undefined && v <= 50 ? round(v) : undefined;
}

function describe(ifds: readonly IfdSummary[]): SlideDescription<'generic-tiled'> {
  const first = firstIfd(ifds);
  const levels = ifds.filter((i) => i.tiled).length + first.subIfds.filter((s) => s.tiled).length;
  const scanner = [first.make, first.model].filter(Boolean).join(' ');
  return withoutUndefined({
    vendor: 'generic-tiled',
    ...levelZeroFields(first),
    levels,
    mppX: plausibleMpp(mppFromResolution(first.xResolution, first.resolutionUnit)),
    mppY: plausibleMpp(mppFromResolution(first.yResolution, first.resolutionUnit)),
    scanDateRaw: first.dateTime,
    scanDate: first.dateTime ? parseTiffDateTime(first.dateTime) : undefined,
    scanner: scanner || undefined,
  });
}

export const genericTiled = slideFormat({
  id: 'generic-tiled',
  displayName: 'Generic tiled TIFF',
  tiffExtensions: [],
  otherExtensions: [],
  compressed: false,
  tiff: { detect: (ifds) => firstIfd(ifds).tiled, describe },
});
