/** Aperio SVS: ImageDescription starting "Aperio", `|key = value|` fields after the first line. */
import { parseAperioDate, parseIsoTimestamp } from '../../dates/formats.js';
import { firstIfd, levelZeroFields, positive, slideFormat, withoutUndefined, type SlideDescription } from './format.js';
import type { IfdSummary } from './tiff-ifd.js';

function describe(ifds: readonly IfdSummary[]): SlideDescription<'aperio'> {
  const first = firstIfd(ifds);
  const fields = new Map<string, string>();
  for (const part of (first.description ?? '').split('|').slice(1)) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const mpp = positive(Number(fields.get('MPP')));
  const dateRaw = fields.get('Date');
  const scanScope = fields.get('ScanScope ID');
  return withoutUndefined({
    vendor: 'aperio',
    ...levelZeroFields(first),
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

export const aperio = slideFormat({
  id: 'aperio',
  displayName: 'Aperio SVS',
  tiffExtensions: ['.svs'],
  otherExtensions: [],
  compressed: true,
  tiff: { detect: (ifds) => (firstIfd(ifds).description ?? '').startsWith('Aperio'), describe },
});
