import { cp } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../support/cli.js';
import { hashTree, makeTempDir } from '../support/tree.js';

/**
 * From test/cli/ocr-flags.test.ts, kept whole: with --ocr-lang eng+spa the
 * demo case is read by OCR again with a second language model, the one part
 * of that file heavy by nature; `npm run test:slow` (run by CI) runs it.
 */
const DEMO = path.resolve('fixtures/demo-case');

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => { ({ dir, cleanup } = await makeTempDir()); });
afterEach(async () => { await cleanup(); });

describe('good OCR flags on every command that scans', () => {
  it('accepts good values and leaves --json output and the case as they were', async () => {
    const root = path.join(dir, 'case');
    await cp(DEMO, root, { recursive: true });
    const before = await hashTree(root);
    // The test run's shared cache (vitest.config.ts) keeps repeated runs cheap (the demo's scan and photos are read once per language set). --no-cache is checked in test/slow/ocr-flow.
    const plain = await runCliInProcess(['scan', root, '--json']);
    const flagged = await runCliInProcess(['scan', root, '--json', '--ocr-lang', 'eng+spa', '--jobs', '1']);
    const off = await runCliInProcess(['scan', root, '--json', '--no-ocr']);
    expect([plain.code, flagged.code, off.code]).toEqual([0, 0, 0]);
    const files = (s: string) => (JSON.parse(s) as { files: unknown[] }).files;
    expect(files(flagged.stdout)).toEqual(files(plain.stdout));
    expect(flagged.stderr).toBe('');
    expect(await hashTree(root)).toBe(before);
  });

});
