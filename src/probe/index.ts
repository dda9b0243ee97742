import { open } from 'node:fs/promises';
import { finding } from '../findings/codes.js';
import { errorCode } from '../walk/walk.js';
import { probeArchive } from './archive.js';
import { probeDicom } from './dicom/index.js';
import { probeImage } from './image/index.js';
import { probeMrxs } from './tiff/mrxs.js';
import { probePdf } from './pdf/index.js';
import { sniff, type SniffResult } from './sniff.js';
import { probeText } from './text.js';
import { probeTiff } from './tiff/index.js';
import { HEAD_BYTES, readAt, type Probe, type ProbeOptions, type ProbeOutput } from './types.js';

const PROBES: Record<Exclude<SniffResult, 'empty' | 'other'>, Probe> = {
  dicom: probeDicom,
  'dicom-headless': probeDicom,
  tiff: probeTiff,
  pdf: probePdf,
  image: probeImage,
  archive: probeArchive,
  mrxs: probeMrxs,
  text: probeText,
};

export interface ProbeTarget {
  relPath: string;
  absPath: string;
  size: number;
}

/**
 * Opens the file once, sniffs its first bytes and hands it to the probe of its
 * family. Whatever goes wrong becomes a finding: nothing escapes this stage.
 */
export async function probeFile(target: ProbeTarget, options: ProbeOptions = {}): Promise<ProbeOutput> {
  const { relPath, absPath, size } = target;
  if (size === 0) return { family: 'empty', findings: [finding('FILE_EMPTY', relPath)] };
  let handle;
  try {
    handle = await open(absPath, 'r');
  } catch (err) {
    return { family: 'other', findings: [finding('WALK_UNREADABLE', relPath, { details: { reason: errorCode(err) } })] };
  }
  try {
    const head = await readAt(handle, 0, Math.min(size, HEAD_BYTES));
    const kind = sniff(head, size, relPath);
    if (kind === 'empty') return { family: 'empty', findings: [finding('FILE_EMPTY', relPath)] };
    if (kind === 'other') return { family: 'other', findings: [finding('FILE_UNKNOWN_TYPE', relPath)] };
    const probe = PROBES[kind];
    return await probe({ relPath, absPath, size, head, handle, options });
  } catch (err) {
    return { family: 'other', findings: [finding('PROBE_FAILED', relPath, { details: { reason: describeError(err) } })] };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Libraries throw strings, plain objects and Errors; keep only a short reason, never file content. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message.slice(0, 200);
  if (typeof err === 'string') return err.slice(0, 200);
  if (err && typeof err === 'object' && 'exception' in err) return String((err as { exception: unknown }).exception).slice(0, 200);
  return 'unknown error';
}
