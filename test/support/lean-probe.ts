import { expect } from 'vitest';
import { leanReaders } from '../../src/probe/dicom/parse.js';
import { probeFile, type ProbeTarget } from '../../src/probe/index.js';
import type { ProbeOutput } from '../../src/probe/types.js';

/** One file probed twice, the lean DICOM readers on and then off (left on afterwards): both answers. */
export async function probeLeanAndReference(target: ProbeTarget): Promise<{ lean: ProbeOutput; reference: ProbeOutput }> {
  leanReaders.enabled = true;
  const lean = await probeFile(target);
  leanReaders.enabled = false;
  try {
    return { lean, reference: await probeFile(target) };
  } finally {
    leanReaders.enabled = true;
  }
}

/** The lean readers' answer is dicom-parser's, compared as JSON so the field order counts too (the scan's output is written in it). */
export async function expectLeanProbeAgrees(target: ProbeTarget, label: string): Promise<ProbeOutput> {
  const { lean, reference } = await probeLeanAndReference(target);
  expect(JSON.stringify(lean), label).toBe(JSON.stringify(reference));
  return lean;
}
