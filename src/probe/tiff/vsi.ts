/**
 * Olympus VSI: the `.vsi` (a TIFF the TIFF probe has read) and the folder
 * `_<name>_` beside it whose `stackN/frame_t.ets` files hold the scan. This
 * module lists that folder, reads the ETS headers (bounded: header, pixel
 * header and at most ETS_MAX_CHUNKS_READ chunk entries) and says what is
 * missing. What the bytes mean is formats/slides/olympus.ts's knowledge.
 */
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { finding } from '../../findings/codes.js';
import {
  describeEtsChunks, ETS_ADDITIONAL_HEADER_BYTES, ETS_MAX_CHUNKS_READ, ETS_VOLUME_HEADER_BYTES, etsChunkEntryBytes, etsDataEnd,
  parseEtsAdditionalHeader, parseEtsVolumeHeader, vsiDataFolder,
} from '../../formats/slides/olympus.js';
import type { SlideDescription } from '../../formats/slides/index.js';
import type { Finding } from '../../model/finding.js';
import type { SlideInfo } from '../../model/scan.js';
import { readAt, type Probe, type RandomAccessReader } from '../types.js';

type EtsFacts = Omit<SlideDescription<'olympus'>, 'vendor'>;
type EtsRead = { facts: EtsFacts; truncated: boolean } | { error: string };

/** The first bytes of an ETS frame file: `SIS\0` and a 64-byte header size. */
export function isEtsHead(head: Buffer): boolean {
  return head.length >= 8 && head.toString('latin1', 0, 4) === 'SIS\0' && head.readUInt32LE(4) === ETS_VOLUME_HEADER_BYTES;
}

/** Reads one ETS file's headers and chunk table through a positioned reader. */
export async function readEts(reader: RandomAccessReader, size: number): Promise<EtsRead> {
  const volume = parseEtsVolumeHeader(await readAt(reader, 0, ETS_VOLUME_HEADER_BYTES));
  if ('error' in volume) return volume;
  if (volume.additionalHeaderPos + ETS_ADDITIONAL_HEADER_BYTES > size) return { facts: {}, truncated: true };
  const pixels = parseEtsAdditionalHeader(await readAt(reader, volume.additionalHeaderPos, ETS_ADDITIONAL_HEADER_BYTES));
  if ('error' in pixels) return pixels;
  const entry = etsChunkEntryBytes(volume.dimensions);
  const chunks = Math.min(volume.usedChunks, ETS_MAX_CHUNKS_READ);
  const table = await readAt(reader, volume.usedChunksPos, chunks * entry);
  const facts = describeEtsChunks(table, volume, pixels);
  const truncated = table.length < chunks * entry || etsDataEnd(table, volume) > size;
  return { facts, truncated };
}

async function readEtsFile(absPath: string): Promise<EtsRead> {
  const handle = await open(absPath, 'r');
  try {
    return await readEts(handle, (await handle.stat()).size);
  } finally {
    await handle.close();
  }
}

/**
 * `stackN` folders and their frame files, largest first: the largest is the
 * scan, the others overview or label stacks. cellSens writes `frame_t.ets`;
 * since 4.1 also further `frame_*.ets` beside it (Bio-Formats reads pixels
 * from any of them), so any `frame_*.ets` counts.
 */
async function listFrames(folder: string): Promise<{ path: string; size: number }[]> {
  const frames: { path: string; size: number }[] = [];
  for (const stack of (await readdir(folder)).filter((n) => /^stack\d+$/i.test(n)).sort()) {
    const names = await readdir(path.join(folder, stack)).catch(() => [] as string[]);
    for (const frame of names.filter((n) => /^frame_.*\.ets$/i.test(n))) {
      const framePath = path.join(folder, stack, frame);
      frames.push({ path: framePath, size: (await stat(framePath)).size });
    }
  }
  return frames.sort((a, b) => b.size - a.size);
}

/** What the `_<name>_` folder beside a `.vsi` adds to its slide: the scan's size and levels, or what is missing. */
export async function vsiFolderFacts(absPath: string, relPath: string): Promise<{ facts: EtsFacts; findings: Finding[] }> {
  const folderName = vsiDataFolder(path.basename(absPath));
  const folder = path.join(path.dirname(absPath), folderName);
  let frames: { path: string; size: number }[];
  try {
    frames = await listFrames(folder);
  } catch {
    return { facts: {}, findings: [finding('VSI_MISSING_FOLDER', relPath, { details: { expectedFolder: folderName } })] };
  }
  const main = frames[0];
  if (!main) {
    return { facts: {}, findings: [finding('VSI_MISSING_FOLDER', relPath, {
      message: `The folder ${folderName} of this Olympus VSI slide holds no stack*/frame_t.ets: the scan itself is missing.`,
      details: { expectedFolder: folderName, missing: ['stack*/frame_t.ets'] },
    })] };
  }
  const read = await readEtsFile(main.path).catch((err: unknown) => ({ error: err instanceof Error ? err.message.slice(0, 200) : 'unreadable' }));
  const frameRel = `${folderName}/${path.relative(folder, main.path).split(path.sep).join('/')}`;
  if ('error' in read) return { facts: {}, findings: [finding('TIFF_UNREADABLE', relPath, { message: 'The image data (ETS) of this Olympus VSI slide could not be read.', details: { file: frameRel, reason: read.error } })] };
  const findings = read.truncated ? [finding('SLIDE_TRUNCATED', relPath, { details: { file: frameRel } })] : [];
  return { facts: read.facts, findings };
}

/**
 * The `.vsi` a frame belongs to: `<dir>/_<name>_/stackN/frame_t.ets` goes with
 * `<dir>/<name>.vsi` (any case of `.vsi`, as copies from Windows have it).
 * Undefined when the frame is not in that layout or the `.vsi` is not there.
 */
async function vsiOfFrame(absPath: string): Promise<string | undefined> {
  const stackDir = path.dirname(absPath);
  const dataDir = path.dirname(stackDir);
  const dataName = path.basename(dataDir);
  if (!/^stack\d+$/i.test(path.basename(stackDir)) || !/^_.+_$/u.test(dataName)) return undefined;
  const names = await readdir(path.dirname(dataDir)).catch(() => [] as string[]);
  return names.find((name) => /\.vsi$/i.test(name) && vsiDataFolder(name) === dataName);
}

/**
 * An ETS frame file: part of the `.vsi` slide beside its folder, described so
 * the scan lists it as slide data. Without its `.vsi` it is no usable slide
 * (the `.vsi` holds the overview and the metadata a viewer needs): said, not packed silently.
 */
export const probeEts: Probe = async (input) => {
  const slide: SlideInfo = { vendor: 'olympus', container: 'ets' };
  const read = await readEts(input.handle, input.size);
  if ('error' in read) return { family: 'slide', slide, findings: [finding('TIFF_UNREADABLE', input.relPath, { message: 'This Olympus VSI frame file (ETS) could not be read.', details: { reason: read.error } })] };
  Object.assign(slide, read.facts);
  const findings = read.truncated ? [finding('SLIDE_TRUNCATED', input.relPath)] : [];
  if (!(await vsiOfFrame(input.absPath))) findings.push(finding('VSI_FILE_MISSING', input.relPath));
  return { family: 'slide', slide, findings };
};
