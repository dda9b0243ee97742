import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandArchives, releaseExpandedArchives, type ArchiveCandidate } from '../../src/walk/archive/index.js';
import { makePrivateTempDir, type PrivateTempDir } from '../../src/util/tempdir.js';
import { applyMutations, mutationsArbitrary, type Mutation } from '../support/fuzz-mutate.js';
import { FUZZ_HANG_LIMITS, settleWithin, type HangLimits } from '../support/fuzz-run.js';
import { makeZip } from '../support/fuzz-zip.js';

/**
 * The archive expander on mutated ZIP and gzip files: it must settle, never
 * throw, only ever write inside its private folder, and every unpacked file
 * must carry a safe `archive!/inner` name.
 */
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261122);
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 150);

let work: PrivateTempDir;
const seeds: { name: string; format: 'zip' | 'gzip'; bytes: Buffer }[] = [];

beforeAll(async () => {
  work = await makePrivateTempDir({ prefix: 'casepack-fuzz-archive-' });
  seeds.push(
    { name: 'stored.zip', format: 'zip', bytes: makeZip([{ name: 'a/b.txt', data: 'hello world' }, { name: 'a/' }, { name: 'c.txt', data: 'x'.repeat(300) }]) },
    { name: 'deflated.zip', format: 'zip', bytes: makeZip([{ name: 'r/report.txt', data: 'Pathology report '.repeat(40), deflate: true }, { name: 'r/img.bin', data: Buffer.alloc(2000, 3), deflate: true }]) },
    { name: 'hostile.zip', format: 'zip', bytes: makeZip([{ name: '../x', data: 'x' }, { name: 'l', data: '/etc', unixMode: 0o120777 }, { name: 'ok', data: 'ok' }]) },
    { name: 'file.txt.gz', format: 'gzip', bytes: gzipSync('Discharge summary '.repeat(50)) },
  );
});
afterAll(async () => work?.remove());

const LIMITS = { maxEntries: 100, maxTotalBytes: 1024 * 1024, ratioFloorBytes: 64 * 1024, maxRatio: 100 };

/**
 * A hang must fail this case with its counterexample, not time the whole test
 * out; and it is judged by a generous wall clock plus the CPU time spent, so a
 * loaded machine cannot fail a correct expansion (see FUZZ_HANG_LIMITS). An
 * expansion unpacks up to 1 MiB, so it keeps its old 5 s, now of CPU time.
 */
const HANG: HangLimits = { wallMs: FUZZ_HANG_LIMITS.wallMs, cpuMs: 5_000 };
async function settled<T>(work: Promise<T>): Promise<T> {
  const result = await settleWithin(work, HANG.wallMs);
  if (result.hung) throw new Error(`no answer within ${HANG.wallMs} ms`);
  if (result.cpuMs > HANG.cpuMs) throw new Error(`${result.cpuMs.toFixed(0)} ms of CPU, more than ${HANG.cpuMs} ms`);
  return result.value;
}

let n = 0;
describe('archive expansion on mutated archives', () => {
  it('settles, never throws, and names only safe entries', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 3 }), mutationsArbitrary(fc), async (pick: number, mutations: Mutation[]) => {
        const seed = seeds[pick]!;
        const caseDir = path.join(work.path, `case-${n++}`);
        await mkdir(caseDir);
        const abs = path.join(caseDir, seed.name);
        const bytes = applyMutations(seed.bytes, mutations);
        await writeFile(abs, bytes);
        const candidate: ArchiveCandidate = { path: seed.name, absPath: abs, size: bytes.length, mtimeMs: 0, format: seed.format };
        const expansion = await settled(expandArchives([caseDir], [candidate], LIMITS));
        for (const file of expansion.files) {
          expect(file.path.startsWith(`${seed.name}!/`)).toBe(true);
          const inner = file.path.slice(seed.name.length + 2);
          expect(inner.split('/')).not.toContain('..');
          expect(inner.startsWith('/')).toBe(false);
          expect(path.relative(work.path, file.absPath).startsWith('..')).toBe(true); // its own temp folder, not the work dir
          expect(file.size).toBeLessThanOrEqual(1024 * 1024);
        }
        for (const f of expansion.findings) expect(['ARCHIVE_ENTRY_REFUSED', 'ARCHIVE_UNREADABLE']).toContain(f.code);
        await releaseExpandedArchives(caseDir);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 300_000);
});

describe('archive failures found by fuzzing stay fixed', () => {
  it('a damaged deflate stream that errors before it is read does not stall the expansion (FUZZ_SEED 20261122, case 229)', async () => {
    const seed = seeds[1]!;
    const mutations: Mutation[] = [
      { kind: 'garbage', at: 0.11961286212317646, bytes: [232, 83, 51, 9, 216, 92, 8, 5, 168, 225, 62] },
      { kind: 'zero', at: 0.15660472121089697, length: 9 },
      { kind: 'garbage', at: 0.21757127111777663, bytes: [180, 8] },
    ];
    const caseDir = path.join(work.path, 'regression-229');
    await mkdir(caseDir);
    const bytes = applyMutations(seed.bytes, mutations);
    await writeFile(path.join(caseDir, seed.name), bytes);
    const expansion = await settled(expandArchives([caseDir], [{ path: seed.name, absPath: path.join(caseDir, seed.name), size: bytes.length, mtimeMs: 0, format: 'zip' }], LIMITS));
    expect(expansion.files.map((f) => f.path)).toEqual(['deflated.zip!/r/img.bin']);
    expect(expansion.findings.map((f) => [f.code, f.paths])).toEqual([['ARCHIVE_UNREADABLE', ['deflated.zip!/r/report.txt']]]);
    await releaseExpandedArchives(caseDir);
  });
});
