/** Ventana (Roche) BIF: an XMP packet with `<iScan>` in one of the first IFDs. */
import { firstIfd, levelZeroFields, positive, slideFormat, withoutUndefined, xmlAttribute as attr, type SlideDescription } from './format.js';
import type { IfdSummary } from './tiff-ifd.js';

function iScanXmp(ifds: readonly IfdSummary[]): string | undefined {
  return ifds.map((i) => i.xmp).find((x) => x?.includes('<iScan'));
}

function describe(ifds: readonly IfdSummary[]): SlideDescription<'ventana'> {
  const iScan = /<iScan\b[^>]*>/.exec(iScanXmp(ifds) ?? '')?.[0] ?? '';
  const levelIfds = ifds.filter((i) => /level=\d+/.test(i.description ?? ''));
  const level0 = levelIfds.find((i) => /level=0\b/.test(i.description ?? '')) ?? levelIfds[0] ?? ifds.find((i) => i.tiled) ?? firstIfd(ifds);
  const descMag = /mag=([\d.]+)/.exec(level0.description ?? '')?.[1];
  const mpp = positive(Number(attr(iScan, 'ScanRes')));
  return withoutUndefined({
    vendor: 'ventana',
    ...levelZeroFields(level0),
    levels: levelIfds.length || undefined,
    magnification: positive(Number(attr(iScan, 'Magnification') ?? descMag)),
    mppX: mpp,
    mppY: mpp,
    scanner: attr(iScan, 'ScannerModel') ?? 'Ventana',
  });
}

export const ventana = slideFormat({
  id: 'ventana',
  displayName: 'Ventana BIF',
  tiffExtensions: ['.bif'],
  otherExtensions: [],
  compressed: true,
  tiff: { detect: (ifds) => iScanXmp(ifds) !== undefined, describe },
});
