import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanCase, type ScanProgress } from '../../src/pipeline/scan.js';
import { mapLimit } from '../../src/util/concurrency.js';
import { makeTempDir } from '../support/tree.js';

/**
 * 100,000 tiny files: the scan must finish, report progress and keep memory
 * bounded. Memory is printed, not asserted (speed/memory targets belong in
 * benchmarks); the only hard checks are completion, the count and progress.
 */
const FOLDERS = 100;
const PER_FOLDER = 1000;

let temp: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  temp = await makeTempDir('casepack-100k-');
  const folders = Array.from({ length: FOLDERS }, (_, i) => path.join(temp.dir, `dir${String(i).padStart(3, '0')}`));
  for (const folder of folders) await mkdir(folder);
  await mapLimit(folders, 4, async (folder) => {
    for (let i = 0; i < PER_FOLDER; i++) await writeFile(path.join(folder, `f${i}.txt`), `n${i}`);
  });
}, 300_000);
afterAll(async () => temp?.cleanup());

describe('a case of 100,000 small files', () => {
  it('scans to the end with progress and prints its memory use', async () => {
    const progress: ScanProgress[] = [];
    let peakRss = process.memoryUsage().rss;
    const startRss = peakRss;
    const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 50);
    const started = performance.now();
    let scan;
    try {
      scan = await scanCase(temp.dir, { onProgress: (p) => progress.push(p) });
    } finally {
      clearInterval(sampler);
    }
    const seconds = (performance.now() - started) / 1000;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    expect(scan.summary.files).toBe(FOLDERS * PER_FOLDER);
    const probeSteps = progress.filter((p) => p.phase === 'probe');
    expect(probeSteps.length).toBeGreaterThan(100);
    expect(probeSteps.at(-1)).toEqual({ phase: 'probe', done: FOLDERS * PER_FOLDER, total: FOLDERS * PER_FOLDER });
    for (let i = 1; i < probeSteps.length; i++) expect(probeSteps[i]!.done).toBeGreaterThanOrEqual(probeSteps[i - 1]!.done);
    const mb = (n: number): string => (n / 1024 / 1024).toFixed(0);
    console.log(`100k files: scan ${seconds.toFixed(1)} s, RSS start ${mb(startRss)} MB, peak ${mb(peakRss)} MB (+${mb(peakRss - startRss)} MB), findings ${scan.findings.length}`);
  }, 300_000);
});
