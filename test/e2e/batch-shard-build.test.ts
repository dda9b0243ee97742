import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../support/cli.js';
import { writeCaseFolder } from '../support/scan-builder.js';
import { hashTree, makeTempDir } from '../support/tree.js';

/** `build` over a batch: one packet per case at -o with {case}; N shards build each case exactly once. */
describe('build over several cases, and --shard', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let cases: string[];
  const env = { SOURCE_DATE_EPOCH: '1760000000' };
  const OPTS = ['--no-ocr', '--quiet'];

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir());
    cases = [];
    for (const [i, spec] of [{ ctDate: '2025-10-05', pathologyDate: '2025-09-20' }, { pathologyDate: '2025-08-01' }, { labs: [{ date: '2025-10-01', text: 'CA 19-9 840 U/mL' }] }].entries()) {
      const caseDir = path.join(dir, 'batch', `case-${i + 1}`);
      await writeCaseFolder(caseDir, spec);
      cases.push(caseDir);
    }
  }, 120_000);
  afterAll(async () => cleanup());

  it('needs {case} in -o for several cases, before anything is built', async () => {
    const run = await runCliInProcess(['build', ...cases, '-o', path.join(dir, 'one.zip'), ...OPTS], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/put \{case\} in the -o packet path/);
    expect(existsSync(path.join(dir, 'one.zip'))).toBe(false);
  });

  it('the shards build every case\'s packet exactly once, as one run does', async () => {
    const before = await hashTree(path.join(dir, 'batch'));
    const whole = await runCliInProcess(['build', ...cases, '-o', path.join(dir, 'whole', '{case}.zip'), ...OPTS], env);
    expect(whole.stderr).toBe('');
    const wholePackets = (await readdir(path.join(dir, 'whole'))).filter((f) => f.endsWith('.zip')).sort();
    expect(wholePackets).toEqual(['case-1.zip', 'case-2.zip', 'case-3.zip']);

    const codes: number[] = [];
    const built: string[] = [];
    for (let k = 1; k <= 2; k++) {
      const out = path.join(dir, `shard-${k}`);
      const run = await runCliInProcess(['build', ...cases, '-o', path.join(out, '{case}.zip'), '--shard', `${k}/2`, ...OPTS], env);
      codes.push(run.code);
      if (existsSync(out)) built.push(...(await readdir(out)).filter((f) => f.endsWith('.zip')));
    }
    expect(built.sort()).toEqual(wholePackets);
    expect(Math.max(...codes)).toBe(whole.code);
    expect(await hashTree(path.join(dir, 'batch'))).toBe(before);
  }, 600_000);

  it('a case that cannot be built is reported and the others are still built; the exit status is the worst', async () => {
    const out = path.join(dir, 'partial');
    const run = await runCliInProcess(['build', path.join(dir, 'batch', 'nope'), cases[1] as string, '-o', path.join(out, '{case}.zip'), ...OPTS], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`casepack: ${path.join(dir, 'batch', 'nope')}: case folder not found`);
    expect(await readdir(out)).toContain('case-2.zip');
  }, 300_000);

  it('--json over several cases prints one JSON line per case, a failed case included', async () => {
    const run = await runCliInProcess(['build', path.join(dir, 'batch', 'nope'), ...cases.slice(0, 2), '--dry-run', '--json', '--no-ocr'], env);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    const parsed = lines.map((line) => JSON.parse(line) as { case: string; status?: string; entries?: unknown[] });
    expect(parsed.map((p) => path.basename(p.case))).toEqual(['nope', 'case-1', 'case-2']);
    expect(parsed[0]?.status).toBe('error');
    expect(Array.isArray(parsed[1]?.entries)).toBe(true);
  }, 300_000);
});
