/**
 * Locate the EXIF item of a HEIF/HEIC file from its `meta` box (iinf + iloc),
 * so the EXIF block can be read on its own: a bounded walk of the box tree,
 * never the coded image. exifr's own HEIC path rejects the iloc layout
 * libheif writes, hence this small reader.
 */

interface Box { type: string; start: number; headerSize: number; end: number }

function* boxes(buf: Buffer, from: number, to: number): Generator<Box> {
  let p = from;
  while (p + 8 <= to) {
    let size = buf.readUInt32BE(p);
    const type = buf.toString('latin1', p + 4, p + 8);
    let headerSize = 8;
    if (size === 1) {
      if (p + 16 > to) return;
      size = Number(buf.readBigUInt64BE(p + 8));
      headerSize = 16;
    } else if (size === 0) {
      size = to - p;
    }
    if (size < headerSize) return;
    yield { type, start: p, headerSize, end: Math.min(p + size, to) };
    p += size;
  }
}

function uint(buf: Buffer, p: number, size: number): number {
  switch (size) {
    case 0: return 0;
    case 2: return buf.readUInt16BE(p);
    case 4: return buf.readUInt32BE(p);
    case 8: return Number(buf.readBigUInt64BE(p));
    default: throw new RangeError(`unsupported integer size ${size}`);
  }
}

function exifItemId(buf: Buffer, iinf: Box): number | undefined {
  const version = buf.readUInt8(iinf.start + iinf.headerSize);
  const first = iinf.start + iinf.headerSize + 4 + (version === 0 ? 2 : 4);
  for (const infe of boxes(buf, first, iinf.end)) {
    if (infe.type !== 'infe') continue;
    const body = infe.start + infe.headerSize;
    const v = buf.readUInt8(body);
    if (v < 2) continue;
    const id = v === 2 ? buf.readUInt16BE(body + 4) : buf.readUInt32BE(body + 4);
    const typeAt = body + 4 + (v === 2 ? 2 : 4) + 2;
    if (buf.toString('latin1', typeAt, typeAt + 4) === 'Exif') return id;
  }
  return undefined;
}

interface Extent { offset: number; length: number; method: number }

function itemExtent(buf: Buffer, iloc: Box, wanted: number): Extent | undefined {
  let p = iloc.start + iloc.headerSize;
  const version = buf.readUInt8(p);
  p += 4;
  const sizes = buf.readUInt8(p);
  const more = buf.readUInt8(p + 1);
  p += 2;
  const offsetSize = sizes >> 4;
  const lengthSize = sizes & 15;
  const baseOffsetSize = more >> 4;
  const indexSize = version === 1 || version === 2 ? more & 15 : 0;
  const count = version < 2 ? buf.readUInt16BE(p) : buf.readUInt32BE(p);
  p += version < 2 ? 2 : 4;
  for (let i = 0; i < count && p < iloc.end; i++) {
    const id = version < 2 ? buf.readUInt16BE(p) : buf.readUInt32BE(p);
    p += version < 2 ? 2 : 4;
    let method = 0;
    if (version === 1 || version === 2) { method = buf.readUInt16BE(p) & 15; p += 2; }
    p += 2; // data_reference_index
    const base = uint(buf, p, baseOffsetSize);
    p += baseOffsetSize;
    const extents = buf.readUInt16BE(p);
    p += 2;
    let firstExtent: Extent | undefined;
    for (let e = 0; e < extents; e++) {
      p += indexSize;
      const offset = uint(buf, p, offsetSize);
      p += offsetSize;
      const length = uint(buf, p, lengthSize);
      p += lengthSize;
      firstExtent ??= { offset: base + offset, length, method };
    }
    if (id === wanted) return firstExtent;
  }
  return undefined;
}

/** Where the EXIF TIFF block lies in the file, or undefined when there is none we can find in `head`. */
export function locateHeifExif(head: Buffer): { offset: number; length: number } | undefined {
  try {
    for (const top of boxes(head, 0, head.length)) {
      if (top.type !== 'meta') continue;
      const children = [...boxes(head, top.start + top.headerSize + 4, top.end)];
      const iinf = children.find((b) => b.type === 'iinf');
      const iloc = children.find((b) => b.type === 'iloc');
      const idat = children.find((b) => b.type === 'idat');
      if (!iinf || !iloc) return undefined;
      const id = exifItemId(head, iinf);
      if (id === undefined) return undefined;
      const extent = itemExtent(head, iloc, id);
      if (!extent) return undefined;
      if (extent.method === 1) {
        if (!idat) return undefined;
        return { offset: idat.start + idat.headerSize + extent.offset, length: extent.length };
      }
      return extent.method === 0 ? { offset: extent.offset, length: extent.length } : undefined;
    }
  } catch {
    // A box that claims more than the head holds: no EXIF from this file.
  }
  return undefined;
}

/** The EXIF item starts with a 4-byte offset to its TIFF header (after an optional `Exif\0\0`). */
export function tiffFromExifItem(item: Buffer): Buffer | undefined {
  if (item.length < 12) return undefined;
  const skip = 4 + item.readUInt32BE(0);
  const tiff = item.subarray(skip);
  const order = tiff.toString('latin1', 0, 2);
  return order === 'II' || order === 'MM' ? tiff : undefined;
}

/** What the HEIF header declares, before any pixel is decoded. */
export interface HeifDeclaredSize {
  /** The primary image as displayed: its `ispe` turned by its `irot` (libheif applies irot/imir when decoding). */
  width: number;
  height: number;
  /** The largest `ispe` of any item (a grid's tiles, thumbnails, the primary): what a decoder may be asked to hold. */
  largestPixels: number;
}

/** Property boxes in `ipco`, 1-based as `ipma` indexes them. */
function propertyBoxes(buf: Buffer, iprp: Box): Box[] {
  const ipco = [...boxes(buf, iprp.start + iprp.headerSize, iprp.end)].find((b) => b.type === 'ipco');
  return ipco ? [...boxes(buf, ipco.start + ipco.headerSize, ipco.end)] : [];
}

/** The 1-based property indices `ipma` associates with item `wanted`. */
function associatedProperties(buf: Buffer, iprp: Box, wanted: number): number[] {
  const ipma = [...boxes(buf, iprp.start + iprp.headerSize, iprp.end)].find((b) => b.type === 'ipma');
  if (!ipma) return [];
  let p = ipma.start + ipma.headerSize;
  const version = buf.readUInt8(p);
  const wideIndex = (buf.readUInt32BE(p) & 1) === 1;
  p += 4;
  const count = buf.readUInt32BE(p);
  p += 4;
  for (let i = 0; i < count && p < ipma.end; i++) {
    const id = version < 1 ? buf.readUInt16BE(p) : buf.readUInt32BE(p);
    p += version < 1 ? 2 : 4;
    const n = buf.readUInt8(p);
    p += 1;
    const indices: number[] = [];
    for (let a = 0; a < n; a++) {
      indices.push(wideIndex ? buf.readUInt16BE(p) & 0x7fff : buf.readUInt8(p) & 0x7f);
      p += wideIndex ? 2 : 1;
    }
    if (id === wanted) return indices;
  }
  return [];
}

function primaryItemId(buf: Buffer, meta: Box[]): number | undefined {
  const pitm = meta.find((b) => b.type === 'pitm');
  if (!pitm) return undefined;
  const body = pitm.start + pitm.headerSize;
  return buf.readUInt8(body) === 0 ? buf.readUInt16BE(body + 4) : buf.readUInt32BE(body + 4);
}

/**
 * The primary image's displayed size and the largest declared item, from the
 * `meta` box (pitm, iprp/ipco/ipma: ispe and irot). Read before decoding so a
 * HEIC that declares a bomb is refused without handing it to libheif.
 */
export function heifDeclaredSize(head: Buffer): HeifDeclaredSize | undefined {
  try {
    for (const top of boxes(head, 0, head.length)) {
      if (top.type !== 'meta') continue;
      const meta = [...boxes(head, top.start + top.headerSize + 4, top.end)];
      const iprp = meta.find((b) => b.type === 'iprp');
      const primary = primaryItemId(head, meta);
      if (!iprp || primary === undefined) return undefined;
      const properties = propertyBoxes(head, iprp);
      const ispeOf = (b: Box) => ({ width: head.readUInt32BE(b.start + b.headerSize + 4), height: head.readUInt32BE(b.start + b.headerSize + 8) });
      const largestPixels = Math.max(0, ...properties.filter((b) => b.type === 'ispe').map((b) => { const s = ispeOf(b); return s.width * s.height; }));
      const own = associatedProperties(head, iprp, primary).map((i) => properties[i - 1]).filter((b): b is Box => b !== undefined);
      const ispe = own.find((b) => b.type === 'ispe');
      if (!ispe) return undefined;
      const size = ispeOf(ispe);
      const irot = own.find((b) => b.type === 'irot');
      const quarterTurns = irot ? head.readUInt8(irot.start + irot.headerSize) & 3 : 0;
      return quarterTurns % 2 === 1
        ? { width: size.height, height: size.width, largestPixels }
        : { ...size, largestPixels };
    }
  } catch {
    // A box that claims more than the head holds: no declared size from this file.
  }
  return undefined;
}
