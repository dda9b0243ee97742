import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeFile } from '../../src/probe/index.js';
import * as dicom from '../../tools/synth/dicom-writer.js';
import * as image from '../../tools/synth/image-writer.js';
import * as pdf from '../../tools/synth/report-pdf.js';
import * as tiff from '../../tools/synth/tiff-writer.js';
import { makePrivateTempDir, type PrivateTempDir } from '../../src/util/tempdir.js';
import { corpusAvailable } from '../support/corpus.js';
import { applyMutations, mutationsArbitrary, type Mutation } from '../support/fuzz-mutate.js';
import { fixed } from '../support/fuzz-regressions.js';
import { FUZZ_HANG_LIMITS, allocationAllowance, runCase, type CaseResult } from '../support/fuzz-run.js';
import { corpusSeeds, syntheticSeeds, type Seed, type SeedFormat } from '../support/fuzz-seeds.js';
import { CORPUS_DIR } from '../support/tree.js';

/**
 * Every probe, through the dispatcher, on mutated valid files: it must settle
 * within the hang limits (a generous wall clock and a CPU-time bound, so a
 * loaded machine cannot fail it: see FUZZ_HANG_LIMITS), ask for no buffer
 * larger than the file justifies and never throw. Runs are seeded (FUZZ_SEED
 * to explore further) so a failure replays; fast-check prints the shrunk seed
 * file and mutation list.
 */
const LIMITS = FUZZ_HANG_LIMITS;
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261122);
const RUNS_PER_FORMAT = Number(process.env['FUZZ_RUNS'] ?? 120);

let seeds: Seed[] = [];
let work: PrivateTempDir;
let counter = 0;

beforeAll(async () => {
  work = await makePrivateTempDir({ prefix: 'casepack-fuzz-' });
  seeds = await syntheticSeeds({ dicom, tiff, image, pdf });
  if (corpusAvailable) seeds.push(...(await corpusSeeds(CORPUS_DIR)));
}, 60_000);
afterAll(async () => work?.remove());

function expectSafe(result: CaseResult, size: number, label: string): void {
  expect(result.threw, `${label}: threw`).toBeUndefined();
  expect(result.hung, `${label}: no answer within ${LIMITS.wallMs} ms`).toBe(false);
  expect(result.overworked, `${label}: ${result.cpuMs.toFixed(0)} ms of CPU, more than ${LIMITS.cpuMs} ms`).toBe(false);
  expect(result.largestAlloc, `${label}: allocation`).toBeLessThanOrEqual(allocationAllowance(size));
}

async function probeBytes(seed: Seed, bytes: Buffer, label: string): Promise<CaseResult> {
  const result = await runCase(probeFile, work.path, `case-${counter++}`, bytes, LIMITS);
  expectSafe(result, bytes.length, `${seed.name} ${label}`);
  return result;
}

const formats: SeedFormat[] = ['dicom', 'dicomdir', 'tiff', 'image', 'pdf'];

describe('probes on mutated files', () => {
  it('has seeds for every format', () => {
    for (const format of formats) expect(seeds.some((s) => s.format === format), format).toBe(true);
  });

  it.each(formats)('%s: mutations never throw, hang or over-allocate', async (format) => {
    const pool = seeds.filter((s) => s.format === format);
    // PDFs are decoded in a worker pool whose start (pdf.js and pdf-lib loaded in each thread, ~2 s of CPU) is paid once per run,
    // not per file: start it before the CPU of each mutated file is measured.
    if (format === 'pdf') await runCase(probeFile, work.path, `warm-${counter++}`, pool[0]!.bytes, LIMITS);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...pool), mutationsArbitrary(fc), async (seed: Seed, mutations: Mutation[]) => {
        await probeBytes(seed, applyMutations(seed.bytes, mutations), JSON.stringify(mutations));
      }),
      { numRuns: RUNS_PER_FORMAT, seed: SEED + format.length, endOnFailure: true },
    );
  }, 300_000);
});

describe('truncation at every boundary', () => {
  // Small synthetic headers: every prefix length is tried, which covers every element/IFD boundary.
  const names = ['dicom-explicit-le', 'dicom-implicit-le', 'dicom-explicit-be', 'dicom-deflate', 'dicom-headless', 'dicomdir', 'tiff-aperio', 'bigtiff-aperio', 'jpeg-exif', 'png'];
  it.each(names)('%s', async (name) => {
    const seed = seeds.find((s) => s.name === name);
    expect(seed, name).toBeDefined();
    const bytes = seed!.bytes;
    const step = Math.max(1, Math.ceil(bytes.length / 1200));
    for (let cut = 1; cut < bytes.length; cut += step) await probeBytes(seed!, bytes.subarray(0, cut), `cut at ${cut}`);
  }, 300_000);
});

// Defined only once there is a fixed failure to replay (an empty it.each is an error).
if (fixed.length > 0) describe('failures found by fuzzing stay fixed', () => {
  it.each(fixed.map((r) => [r.found, r] as const))('%s', async (_found, regression) => {
    const seed = seeds.find((s) => s.name === regression.seed);
    expect(seed, regression.seed).toBeDefined();
    await probeBytes(seed!, applyMutations(seed!.bytes, regression.mutations), JSON.stringify(regression.mutations));
  });
});

describe('structures that defeat naive parsers', () => {
  it('answers on 10,000 nested undefined-length sequences without delimiters', async () => {
    const seed = seeds.find((s) => s.name === 'dicom-deep-undelimited')!;
    const result = await probeBytes(seed, seed.bytes, 'as built');
    expect(result.family).toBeDefined();
  });

  it.each(['tiff-loop', 'tiff-self-loop'])('answers on an IFD chain that loops (%s)', async (name) => {
    const seed = seeds.find((s) => s.name === name)!;
    const result = await probeBytes(seed, seed.bytes, 'as built');
    expect(['tiff', 'slide', 'other']).toContain(result.family);
  });
});
