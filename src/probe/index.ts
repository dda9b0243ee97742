import { closeSync, fstatSync, openSync, read as readWithCallback, readSync } from 'node:fs';
import { finding } from '../findings/codes.js';
import { describeError, errorCode } from '../util/errors.js';
import { sniff, type SniffResult } from './sniff.js';
import { HEAD_BYTES, type Probe, type ProbeOptions, type ProbeOutput, type RandomAccessReader } from './types.js';

type ProbedKind = Exclude<SniffResult, 'empty' | 'other'>;

/**
 * Probes load on first use: a hospital CD of DICOM never pays for pdf.js,
 * pdf-lib or the EXIF reader (together most of the start-up time).
 */
const PROBE_LOADERS: Record<ProbedKind, () => Promise<Probe>> = {
  dicom: () => import('./dicom/index.js').then((m) => m.probeDicom),
  'dicom-headless': () => import('./dicom/index.js').then((m) => m.probeDicom),
  tiff: () => import('./tiff/index.js').then((m) => m.probeTiff),
  pdf: () => import('./pdf/index.js').then((m) => m.probePdf),
  image: () => import('./image/index.js').then((m) => m.probeImage),
  archive: () => import('./archive.js').then((m) => m.probeArchive),
  mrxs: () => import('./mrxs.js').then((m) => m.probeMrxs),
  ets: () => import('./tiff/vsi.js').then((m) => m.probeEts),
  text: () => import('./text.js').then((m) => m.probeText),
};
const loadedProbes = new Map<ProbedKind, Promise<Probe>>();
/** The probes loaded so far, to call without waiting on their promise (a wait per file: 3,000 on a CD). */
const readyProbes = new Map<ProbedKind, Probe>();

function probeFor(kind: ProbedKind): Promise<Probe> {
  let probe = loadedProbes.get(kind);
  if (!probe) {
    probe = PROBE_LOADERS[kind]().then((loaded) => {
      readyProbes.set(kind, loaded);
      return loaded;
    });
    loadedProbes.set(kind, probe);
  }
  return probe;
}

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
  return (await probeFileIf(target, options, undefined)) as ProbeOutput;
}

/**
 * probeFile for the kinds in `accepted` only (all when undefined); undefined for a file of another
 * kind, opened and sniffed but left for the caller (the probe helper thread takes DICOM headers only).
 */
export async function probeFileIf(target: ProbeTarget, options: ProbeOptions, accepted: ReadonlySet<SniffResult> | undefined): Promise<ProbeOutput | undefined> {
  const { relPath, absPath, size } = target;
  if (size === 0) return { family: 'empty', findings: [finding('FILE_EMPTY', relPath)] };
  let fd: number;
  try {
    // Synchronous open and head read: a few microseconds from the page cache, where the promise API's bookkeeping
    // cost more than parsing the header (the walk has already excluded FIFOs and devices, so nothing can block).
    fd = openSync(absPath, 'r');
  } catch (err) {
    return { family: 'other', findings: [finding('WALK_UNREADABLE', relPath, { details: { reason: errorCode(err) } })] };
  }
  const buffer = takeHeadBuffer();
  let reusable = true;
  try {
    const head = readHead(fd, buffer, Math.min(size, HEAD_BYTES));
    const kind = sniff(head, size, relPath);
    if (accepted && !accepted.has(kind)) return undefined;
    if (kind === 'empty') return { family: 'empty', findings: [finding('FILE_EMPTY', relPath)] };
    if (kind === 'other') return { family: 'other', findings: [finding('FILE_UNKNOWN_TYPE', relPath)] };
    // Only the DICOM probe is known to keep nothing of the head past its answer (its values are decoded into strings).
    reusable = kind === 'dicom' || kind === 'dicom-headless';
    const probe = readyProbes.get(kind) ?? await probeFor(kind);
    const output = await probe({ relPath, absPath, size, head, handle: new DescriptorReader(fd), options });
    return withChangeCheck(output, fd, target);
  } catch (err) {
    return { family: 'other', findings: [finding('PROBE_FAILED', relPath, { details: { reason: describeError(err) } })] };
  } finally {
    try { closeSync(fd); } catch { /* already closed or gone: nothing to release */ }
    if (reusable) giveBackHeadBuffer(buffer);
  }
}

/**
 * A file still being copied (a USB stick, a download) has another size now
 * than when the walk listed it: what the probe read may be half a file. One
 * fstat on the open descriptor costs microseconds, so every file gets it.
 */
function withChangeCheck(output: ProbeOutput, fd: number, target: ProbeTarget): ProbeOutput {
  const nowBytes = fstatSync(fd).size;
  if (nowBytes === target.size) return output;
  const changed = finding('FILE_CHANGED_DURING_RUN', target.relPath, { details: { listedBytes: target.size, nowBytes } });
  return { ...output, findings: [...output.findings, changed] };
}

/**
 * Head buffers for reuse: a 4 KB Buffer.allocUnsafe is too big for Node's shared pool, so every probe had its own
 * (3,000 on a CD, for the collector to sweep; issue 15). As many are kept as probes run side by side (the scan
 * runs 16 at once, and they finish in bursts: with 8 kept, about every other probe still made a new one).
 */
const spareHeadBuffers: Buffer[] = [];
const SPARE_HEAD_BUFFERS_MAX = 32;
function takeHeadBuffer(): Buffer {
  return spareHeadBuffers.pop() ?? Buffer.allocUnsafe(HEAD_BYTES);
}
function giveBackHeadBuffer(buffer: Buffer): void {
  if (spareHeadBuffers.length < SPARE_HEAD_BUFFERS_MAX) spareHeadBuffers.push(buffer);
}

function readHead(fd: number, buffer: Buffer, length: number): Buffer {
  let filled = 0;
  while (filled < length) {
    const bytesRead = readSync(fd, buffer, filled, length - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled === buffer.length ? buffer : buffer.subarray(0, filled);
}

/** Further reads go through libuv's thread pool, so a slow medium does not stall the other probes. */
class DescriptorReader implements RandomAccessReader {
  constructor(private readonly fd: number) {}
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }> {
    return new Promise((resolve, reject) => {
      readWithCallback(this.fd, buffer, offset, length, position, (err, bytesRead) => (err ? reject(err) : resolve({ bytesRead })));
    });
  }
}

