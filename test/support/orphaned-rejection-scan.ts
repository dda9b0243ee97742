import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusAvailable } from './corpus.js';
import { applyMutations } from './fuzz-mutate.js';
import { orphanedPdfJsRejections } from './fuzz-regressions.js';
import { CORPUS_DIR, hashTree, makeTempDir } from './tree.js';

const BIN = path.resolve(import.meta.dirname, '../../bin/casepack');

/**
 * Damaged PDFs on which pdf.js rejects a promise nobody can catch, found by
 * fuzzing, scanned through the real CLI (a separate process) `runs` times with
 * `flags`: each run must go on, report every file, exit 0 and print no stack —
 * never die with ERR_UNHANDLED_REJECTION. Used with --no-ocr (the probe, in
 * `npm test`) and with OCR (the page workers, in the slow suite).
 */
export function describeOrphanedRejectionScan(title: string, flags: string[], runs: number, timeoutMs: number): void {
  describe.skipIf(!corpusAvailable)(title, () => {
    let root: string;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ dir: root, cleanup } = await makeTempDir());
      for (const [index, regression] of orphanedPdfJsRejections.entries()) {
        const seed = await readFile(path.join(CORPUS_DIR, regression.seed.replace(/^corpus\//, '')));
        await writeFile(path.join(root, `damaged-${index}.pdf`), applyMutations(seed, regression.mutations));
      }
    });
    afterAll(async () => cleanup());

    it(`scan ${flags.join(' ')} completes with exit 0 (${runs} run(s)), a result for every file and no stack trace`, async () => {
      const before = await hashTree(root);
      for (let attempt = 0; attempt < runs; attempt++) {
        const run = spawnSync(process.execPath, [BIN, 'scan', root, '--json', ...flags], { encoding: 'utf8', timeout: timeoutMs });
        expect(run.stderr).not.toContain('ERR_UNHANDLED_REJECTION');
        expect(run.stderr).not.toMatch(/\n\s+at /);
        expect(run.status).toBe(0);
        const scan = JSON.parse(run.stdout) as { files: { path: string; family: string }[] };
        expect(scan.files.map((f) => f.path)).toEqual(orphanedPdfJsRejections.map((_, i) => `damaged-${i}.pdf`));
      }
      expect(await hashTree(root)).toBe(before);
    }, timeoutMs * runs + 60_000);
  });
}
