import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashTree, makeTempDir } from '../support/tree.js';

/**
 * docs/api.md's example, run as a user runs it (`npx tsx examples/api/…`,
 * importing `casepack` by its package name, i.e. the built dist/) against the
 * demo case, writing outside it.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const DEMO = path.join(ROOT, 'fixtures/demo-case');
const EXAMPLE = path.join(ROOT, 'examples/api/second-opinion.ts');

describe('examples/api/second-opinion.ts (docs/api.md)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir, cleanup } = await makeTempDir()));
  afterAll(async () => cleanup());

  it('scans, checks, builds and verifies the demo case, leaving it untouched', async () => {
    const before = await hashTree(DEMO);
    const out = path.join(dir, 'out');
    // XDG_CACHE_HOME stays the test run's own cache (vitest.config.ts), never the user's: the demo's pages are OCR'd once per run, not again here.
    const run = spawnSync(process.execPath, ['--import', 'tsx', EXAMPLE, DEMO, out], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, XDG_CONFIG_HOME: path.join(dir, 'xdg'), CASEPACK_CONFIG: '' } });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^\d+ files, \d+ findings$/m);
    expect(run.stdout).toMatch(/^packet: .*packet\.zip \(\d+ bytes\)$/m);
    expect(run.stdout).toMatch(/^verified \d+ entries$/m);
    const check = JSON.parse(await readFile(path.join(out, 'check.json'), 'utf8')) as { checklist: { id: string }; redacted?: string[] };
    expect(check.checklist.id).toBe('pancreatic');
    expect(check.redacted).toEqual(['text', 'identity']);
    expect(await readFile(path.join(out, 'packet.zip.sha256'), 'utf8')).toMatch(/^[0-9a-f]{64}\b/);
    expect(await hashTree(DEMO)).toBe(before);
  }, 600_000);

  it('without its arguments it says how to run it (exit 2)', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', EXAMPLE], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^usage: npx tsx examples\/api\/second-opinion\.ts/);
  }, 60_000);
});
