/** Leica SCN: ImageDescription holds `<scn>` XML in Leica's namespace. */
import { parseIsoTimestamp } from '../../dates/formats.js';
import { firstIfd, levelZeroFields, positive, round, slideFormat, withoutUndefined, xmlAttribute as attr, type SlideDescription } from './format.js';
import type { IfdSummary } from './tiff-ifd.js';

const LEICA_NS = 'http://www.leica-microsystems.com/scn/';

function detect(ifds: readonly IfdSummary[]): boolean {
  const desc = firstIfd(ifds).description ?? '';
  return desc.includes('<scn') && desc.includes(LEICA_NS);
}

/** OpenSlide's rule: the macro image's view covers the whole collection; the others are main images. */
function mainImage(xml: string): string | undefined {
  const collection = /<collection\b[^>]*>/.exec(xml)?.[0] ?? '';
  const [cx, cy] = [attr(collection, 'sizeX'), attr(collection, 'sizeY')];
  const images = [...xml.matchAll(/<image\b[^>]*>([\s\S]*?)<\/image>/g)].map((m) => m[1] ?? '');
  return images.find((img) => {
    const view = /<view\b[^>]*>/.exec(img)?.[0] ?? '';
    return !(attr(view, 'sizeX') === cx && attr(view, 'sizeY') === cy);
  });
}

function describe(ifds: readonly IfdSummary[]): SlideDescription<'leica'> {
  const main = mainImage(firstIfd(ifds).description ?? '');
  if (!main) return withoutUndefined({ vendor: 'leica', ...levelZeroFields(firstIfd(ifds)), scanner: 'Leica' });
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
  return withoutUndefined({
    vendor: 'leica',
    ...levelZeroFields(level0Ifd ?? firstIfd(ifds)),
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

export const leica = slideFormat({
  id: 'leica',
  displayName: 'Leica SCN',
  tiffExtensions: ['.scn'],
  otherExtensions: [],
  compressed: true,
  tiff: { detect, describe },
});
