/**
 * Does the pixel data the IFDs point at lie inside the file? Checked with a
 * bounded sample (the first and the last entries of each offset table), since
 * writers store tiles in ascending order and a cut-short copy loses the end.
 */
import type { Ifd, TiffReader } from './reader.js';
import { TAG } from './summary.js';

/** Offset-table entries sampled at the end of each table. */
const TAIL = 32;

async function checkIfd(reader: TiffReader, ifd: Ifd, label: string): Promise<void> {
  const e = ifd.entries;
  const offsets = e.get(TAG.TileOffsets) ?? e.get(TAG.StripOffsets);
  const counts = e.get(TAG.TileByteCounts) ?? e.get(TAG.StripByteCounts);
  if (!offsets || !counts || offsets.count === 0) return;
  const n = Math.min(offsets.count, counts.count);
  const tailFrom = Math.max(1, n - TAIL);
  const starts = [...(await reader.numbers(offsets, 1)), ...(await reader.numbers(offsets, TAIL, tailFrom))];
  const sizes = [...(await reader.numbers(counts, 1)), ...(await reader.numbers(counts, TAIL, tailFrom))];
  for (let i = 0; i < Math.min(starts.length, sizes.length); i++) {
    const start = starts[i] ?? 0;
    const size = sizes[i] ?? 0;
    // Empty tiles (offset and/or count 0) are legal in sparse pyramids.
    if (size > 0 && start + size > reader.source.size) {
      reader.problem('truncated', `image data of ${label} lies past the end of the file`);
      return;
    }
  }
}

/** Record a truncation problem for every IFD whose sampled tiles/strips end past EOF. */
export async function checkPixelData(reader: TiffReader, ifds: readonly Ifd[]): Promise<void> {
  for (const [i, ifd] of ifds.entries()) {
    await checkIfd(reader, ifd, `IFD ${i}`);
    for (const [j, sub] of ifd.subIfds.entries()) await checkIfd(reader, sub, `SubIFD ${j} of IFD ${i}`);
  }
}
