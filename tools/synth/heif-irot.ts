/**
 * Give a HEIF file made by heif-enc (which writes no transform) the `irot`
 * an iPhone writes: the sensor's pixels stored as taken, the turn to show them
 * upright in the container. Adds an `irot` property to `ipco`, associates it
 * (essential) with the primary item in `ipma`, and moves every `iloc` file
 * offset past the inserted bytes. For test fixtures and the demo case only.
 */

interface Box { type: string; start: number; headerSize: number; end: number }

function children(buf: Buffer, from: number, to: number): Box[] {
  const out: Box[] = [];
  for (let p = from; p + 8 <= to;) {
    const size = buf.readUInt32BE(p);
    if (size < 8 || size === 1) throw new Error('unsupported box size in the fixture writer');
    out.push({ type: buf.toString('latin1', p + 4, p + 8), start: p, headerSize: 8, end: p + size });
    p += size;
  }
  return out;
}

function only(list: Box[], type: string): Box {
  const box = list.find((b) => b.type === type);
  if (!box) throw new Error(`no ${type} box`);
  return box;
}

function readUint(buf: Buffer, p: number, size: number): number {
  return size === 4 ? buf.readUInt32BE(p) : size === 8 ? Number(buf.readBigUInt64BE(p)) : 0;
}

function writeUint(buf: Buffer, p: number, size: number, value: number): void {
  if (size === 4) buf.writeUInt32BE(value, p);
  else if (size === 8) buf.writeBigUInt64BE(BigInt(value), p);
}

/** Add `delta` to every file offset in iloc (construction method 0) that points past `after`. */
function shiftIloc(buf: Buffer, iloc: Box, after: number, delta: number): void {
  let p = iloc.start + iloc.headerSize;
  const version = buf.readUInt8(p);
  p += 4;
  const offsetSize = buf.readUInt8(p) >> 4, lengthSize = buf.readUInt8(p) & 15;
  const baseSize = buf.readUInt8(p + 1) >> 4, indexSize = version >= 1 ? buf.readUInt8(p + 1) & 15 : 0;
  p += 2;
  const count = version < 2 ? buf.readUInt16BE(p) : buf.readUInt32BE(p);
  p += version < 2 ? 2 : 4;
  for (let i = 0; i < count; i++) {
    p += version < 2 ? 2 : 4;
    const method = version >= 1 ? buf.readUInt16BE(p) & 15 : 0;
    if (version >= 1) p += 2;
    p += 2;
    const basePos = p;
    const base = readUint(buf, p, baseSize);
    p += baseSize;
    const extents = buf.readUInt16BE(p);
    p += 2;
    if (method === 0 && baseSize > 0 && base > after) writeUint(buf, basePos, baseSize, base + delta);
    for (let e = 0; e < extents; e++) {
      p += indexSize;
      const offset = readUint(buf, p, offsetSize);
      if (method === 0 && base + offset > after && !(baseSize > 0 && base > after)) writeUint(buf, p, offsetSize, offset + delta);
      p += offsetSize + lengthSize;
    }
  }
}

/** `heic` with an `irot` of `quarterTurnsAnticlockwise` on its primary item (heif-enc output: 8-bit ipma indices). */
export function withIrot(heic: Buffer, quarterTurnsAnticlockwise: 1 | 2 | 3): Buffer {
  const buf = Buffer.from(heic);
  const meta = only(children(buf, 0, buf.length), 'meta');
  const inMeta = children(buf, meta.start + 12, meta.end);
  const pitm = only(inMeta, 'pitm');
  const primary = buf.readUInt8(pitm.start + 8) === 0 ? buf.readUInt16BE(pitm.start + 12) : buf.readUInt32BE(pitm.start + 12);
  const iprp = only(inMeta, 'iprp');
  const inIprp = children(buf, iprp.start + 8, iprp.end);
  const ipco = only(inIprp, 'ipco');
  const ipma = only(inIprp, 'ipma');
  if (ipma.start < ipco.start || (buf.readUInt32BE(ipma.start + 8) & 1) === 1 || buf.readUInt8(ipma.start + 8) !== 0) throw new Error('unexpected ipma layout');
  const propertyIndex = children(buf, ipco.start + 8, ipco.end).length + 1;
  // Find the primary item's association list in ipma (version 0: 16-bit item ids, 8-bit indices).
  let p = ipma.start + 12;
  const entries = buf.readUInt32BE(p);
  p += 4;
  let countAt = -1;
  for (let i = 0; i < entries; i++) {
    const id = buf.readUInt16BE(p);
    const n = buf.readUInt8(p + 2);
    if (id === primary) countAt = p + 2;
    p += 3 + n;
    if (id === primary) break;
  }
  if (countAt < 0) throw new Error('primary item has no properties');
  const assocEnd = countAt + 1 + buf.readUInt8(countAt);
  const irot = Buffer.alloc(9);
  irot.writeUInt32BE(9, 0);
  irot.write('irot', 4, 'latin1');
  irot.writeUInt8(quarterTurnsAnticlockwise, 8);
  const delta = irot.length + 1;
  // Patch in original coordinates, then splice (later insertion first).
  shiftIloc(buf, only(inMeta, 'iloc'), ipco.end, delta);
  buf.writeUInt8(buf.readUInt8(countAt) + 1, countAt);
  for (const [box, grow] of [[meta, delta], [iprp, delta], [ipco, irot.length], [ipma, 1]] as const) buf.writeUInt32BE(buf.readUInt32BE(box.start) + grow, box.start);
  return Buffer.concat([buf.subarray(0, ipco.end), irot, buf.subarray(ipco.end, assocEnd), Buffer.from([0x80 | propertyIndex]), buf.subarray(assocEnd)]);
}
