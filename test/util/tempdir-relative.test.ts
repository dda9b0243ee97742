import { spawnSync } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN } from '../support/failure-case.js';
import { makeZip } from '../support/fuzz-zip.js';
import { makeTempDir } from '../support/tree.js';

/**
 * B10: TMPDIR=tmp (relative to the working folder) made every archive entry
 * "damaged". The temp root is resolved to an absolute path once, so a later
 * change of working folder or a relative join cannot move it.
 */
let temp: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => { temp = await makeTempDir('casepack-reltmp-'); });
afterEach(async () => temp.cleanup());

describe('relative TMPDIR (B10)', () => {
  it('archive entries unpack fine and nothing is left in the relative temp folder', async () => {
    const caseDir = path.join(temp.dir, 'case');
    await mkdir(caseDir);
    await mkdir(path.join(temp.dir, 'rel-tmp'));
    await writeFile(path.join(caseDir, 'portal.zip'), makeZip([
      { name: 'pathology.txt', data: 'Surgical pathology report: invasive carcinoma', deflate: true },
      { name: 'notes.txt', data: 'stored, not deflated' },
    ]));
    const run = spawnSync(process.execPath, [BIN, 'scan', 'case', '--json', '--no-ocr'], {
      cwd: temp.dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', TMPDIR: 'rel-tmp' }, timeout: 60_000,
    });
    expect(run.status, run.stderr).not.toBe(3);
    const scan = JSON.parse(run.stdout) as { files: { path: string; family: string }[]; findings: { code: string }[] };
    expect(scan.findings.map((f) => f.code).filter((c) => c.startsWith('ARCHIVE_'))).toEqual([]);
    expect(scan.files.filter((f) => f.path.includes('!/')).map((f) => [f.path, f.family])).toEqual([
      ['portal.zip!/notes.txt', 'text'],
      ['portal.zip!/pathology.txt', 'text'],
    ]);
    expect(await readdir(path.join(temp.dir, 'rel-tmp'))).toEqual([]);
  }, 60_000);
});
