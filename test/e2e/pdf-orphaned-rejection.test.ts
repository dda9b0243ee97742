import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusAvailable } from '../support/corpus.js';
import { applyMutations } from '../support/fuzz-mutate.js';
import { orphanedPdfJsRejections } from '../support/fuzz-regressions.js';
import { CORPUS_DIR, hashTree, makeTempDir } from '../support/tree.js';

const BIN = path.resolve(import.meta.dirname, '../../bin/casepack');

/**
 * Damaged PDFs on which pdf.js rejects a promise nobody can catch, found by
 * fuzzing. Run through the real CLI (a separate process): the run must go on,
 * report the file, and exit 0 — not die with ERR_UNHANDLED_REJECTION.
 */
describe.skipIf(!corpusAvailable)('damaged PDFs that make pdf.js reject an orphaned promise', () => {
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

  it('scan completes with exit 0, a result for every file and no stack trace', async () => {
    const before = await hashTree(root);
    // The probe's side; the same files through OCR's page workers are in test/slow/pdf-orphaned-rejection-ocr.test.ts.
    const run = spawnSync(process.execPath, [BIN, 'scan', root, '--json', '--no-ocr'], { encoding: 'utf8', timeout: 120_000 });
    expect(run.stderr).not.toContain('ERR_UNHANDLED_REJECTION');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.status).toBe(0);
    const scan = JSON.parse(run.stdout) as { files: { path: string; family: string }[] };
    expect(scan.files.map((f) => f.path)).toEqual(orphanedPdfJsRejections.map((_, i) => `damaged-${i}.pdf`));
    expect(await hashTree(root)).toBe(before);
  });
});
