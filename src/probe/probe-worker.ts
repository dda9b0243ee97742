import { parentPort } from 'node:worker_threads';
import { probeFileIf, type ProbeTarget } from './index.js';
import type { SniffResult } from './sniff.js';
import type { ProbeOptions, ProbeOutput } from './types.js';

/**
 * The probe helper thread (probe-helper.ts): probes batches of files beside the main thread, so
 * a scan of a CD uses both cores. It takes the kinds whose probes are pure header parsing and
 * whose answers are plain data (DICOM, and files found empty or unknown); every other file it
 * only sniffs and leaves to the main thread (null), where its probe's own pools and caches live.
 */
export interface ProbeBatch {
  id: number;
  targets: ProbeTarget[];
  options: ProbeOptions;
}

export interface ProbeBatchReply {
  id: number;
  /** By position in the batch; null: not a kind this thread probes. */
  outputs: Array<ProbeOutput | null>;
}

const HELPER_KINDS: ReadonlySet<SniffResult> = new Set<SniffResult>(['empty', 'other', 'dicom', 'dicom-headless']);

async function answer(batch: ProbeBatch): Promise<void> {
  const outputs: Array<ProbeOutput | null> = [];
  for (const target of batch.targets) outputs.push((await probeFileIf(target, batch.options, HELPER_KINDS)) ?? null);
  const reply: ProbeBatchReply = { id: batch.id, outputs };
  parentPort?.postMessage(reply);
}

parentPort?.on('message', (batch: ProbeBatch) => { void answer(batch); });
