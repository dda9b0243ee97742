import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modulesInLog } from '../support/module-log.js';
import { makeTempDir } from '../support/tree.js';

/**
 * Issue 15: the packet's PDF writers (pdf-lib, fontkit, index, cover letter, summary, letters) load when a
 * PDF is drawn or merged, not when `build` starts: ~0.3 s of loading was spent before the scan could start its
 * text-extraction workers. Counted by module list (the bench's loader hook), never by time. Needs `npm run build`.
 */
const BIN = path.resolve(import.meta.dirname, '../../bin/casepack');
const HOOK = path.resolve(import.meta.dirname, '../../bench/lib/module-count.mjs');
const WRITERS = /\/dist\/(util\/pdf-lib|write\/(fonts|index-pdf|merge|packet-documents|letter-pdf|treatment-summary|cover-letter))\.js$|\/node_modules\/@cantoo\/fontkit\//;

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await makeTempDir()));
afterAll(async () => cleanup());

async function writersLoaded(args: string[], name: string): Promise<string[]> {
  const log = path.join(dir, `${name}.modules`);
  const result = spawnSync(process.execPath, ['--import', HOOK, BIN, ...args], { encoding: 'utf8', env: { ...process.env, CASEPACK_MODULE_LOG: log }, timeout: 90_000 });
  expect([0, 1], result.stderr).toContain(result.status);
  return (await modulesInLog(log)).filter((url) => WRITERS.test(url)).map((url) => url.replace(/.*\/(dist|node_modules)\//, ''));
}

describe('the packet PDF writers', () => {
  it('are not loaded by a build that draws nothing (--dry-run), and are by one that writes the packet', async () => {
    const root = path.join(dir, 'case');
    await mkdir(root);
    await writeFile(path.join(root, 'note.txt'), 'Clinic letter of 12 March 2025. Biopsy shows adenocarcinoma.\n');
    expect(await writersLoaded(['build', root, '--dry-run', '--no-ocr', '--quiet'], 'dry')).toEqual([]);
    const built = await writersLoaded(['build', root, '-o', path.join(dir, 'packet.zip'), '--no-ocr', '--quiet'], 'built');
    expect(built).toEqual(expect.arrayContaining(['util/pdf-lib.js', 'write/fonts.js', 'write/index-pdf.js', 'write/merge.js', 'write/packet-documents.js']));
  }, 180_000);
});
