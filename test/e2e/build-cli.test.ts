import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PacketPlanSchema } from '../../src/plan/schema.js';
import { writeFixtureCase, type FixtureCase } from '../support/packet-fixtures.js';
import { hasTool, run } from '../support/packet-tools.js';
import { hashTree, makeTempDir } from '../support/tree.js';
import { runCliInProcess } from '../support/cli.js';

const cli = runCliInProcess;

describe('casepack build (CLI)', () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  let fixture: FixtureCase;
  let tree: string;
  beforeAll(async () => {
    tmp = await makeTempDir();
    fixture = await writeFixtureCase(path.join(tmp.dir, 'case'));
    tree = await hashTree(fixture.root);
    await mkdir(path.join(tmp.dir, 'out'));
  });
  afterEach(async () => { expect(await hashTree(fixture.root)).toBe(tree); });
  afterAll(() => tmp.cleanup());

  it('a bad --max-size stops build and check with exit 2 and one line, before any work', async () => {
    for (const command of [['build', fixture.root, '-o', path.join(tmp.dir, 'out', 'never.zip')], ['check', fixture.root]]) {
      const r = await cli([...command, '--max-size', '500']);
      expect(r.code, command[0]).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain('--max-size wants a number and a unit');
    }
  });

  it('--dry-run --json prints the plan and writes nothing', async () => {
    const r = await cli(['build', fixture.root, '--dry-run', '--json']);
    // As the real build of this incomplete case exits (test/cli/exit-codes holds the two together).
    expect(r.code).toBe(1);
    const plan = PacketPlanSchema.parse(JSON.parse(r.stdout));
    expect(plan.entries.slice(0, 3).map((e) => e.path)).toEqual(['00_Cover_Letter.pdf', '00_Treatment_Summary.pdf', '00_Index.pdf']);
    expect(plan.entries.some((e) => e.path === 'Checklist_Report.html')).toBe(true);
    expect(await readdir(path.join(tmp.dir, 'out'))).toEqual([]);
    // Private by default (issue 13): bookmarks and titles are the documents' words, so they go without --include-text.
    const sources = plan.entries.flatMap((e) => (e.kind === 'merged-pdf' ? e.sources : []));
    expect(sources.length).toBeGreaterThan(0);
    expect(new Set(sources.flatMap((s) => [s.bookmark, s.title]))).toEqual(new Set(['[redacted]']));
    expect(plan.studies.every((s) => s.description === undefined && s.series.every((series) => series.description === undefined))).toBe(true);
    expect(plan.redacted).toEqual(['text', 'identity']);
  });

  it('builds with the real classifier and checklist, prints a JSON summary, and exits 1 only for a checklist gap', async () => {
    const out = path.join(tmp.dir, 'out', 'packet.zip');
    const r = await cli(['build', fixture.root, '-o', out, '--json']);
    const summary = JSON.parse(r.stdout) as { written: boolean; checklistStatus: string; entries: { path: string }[] };
    expect(summary.written).toBe(true);
    expect(r.code).toBe(summary.checklistStatus === 'complete' ? 0 : 1);
    const names = summary.entries.map((e) => e.path);
    expect(names).toEqual(expect.arrayContaining(['00_Index.pdf', 'Checklist_Report.html', 'Checklist_Report.md']));
    expect(await cli(['verify', out, '--quiet'])).toMatchObject({ code: 0 });
  });

  it('refuses with exit 2: no -o, output inside the case, an existing packet without --force', async () => {
    expect((await cli(['build', fixture.root])).code).toBe(2);
    const inside = await cli(['build', fixture.root, '-o', path.join(fixture.root, 'p.zip')]);
    expect(inside.code).toBe(2);
    expect(inside.stderr).toContain('inside the case folder');
    const existing = await cli(['build', fixture.root, '-o', path.join(tmp.dir, 'out', 'packet.zip'), '--quiet']);
    expect(existing.code).toBe(2);
    expect(existing.stderr).toContain('--force');
    const forced = await cli(['build', fixture.root, '-o', path.join(tmp.dir, 'out', 'packet.zip'), '--force', '--quiet']);
    expect([0, 1]).toContain(forced.code);
  });

  it('--encrypt takes the password from CASEPACK_PASSWORD, never argv, and needs one', async () => {
    const out = path.join(tmp.dir, 'out', 'secret.zip');
    const none = await cli(['build', fixture.root, '-o', out, '--encrypt', '--quiet'], { CASEPACK_PASSWORD: '' });
    expect(none.code).toBe(2);
    const r = await cli(['build', fixture.root, '-o', out, '--encrypt', '--quiet'], { CASEPACK_PASSWORD: 's3cret pass' });
    expect([0, 1]).toContain(r.code);
    if (hasTool('7z')) expect(run('7z', ['t', '-ps3cret pass', out]).stdout).toContain('Everything is Ok');
    expect((await cli(['verify', out, '--quiet'], { CASEPACK_PASSWORD: 's3cret pass' })).code).toBe(0);
  });
});
