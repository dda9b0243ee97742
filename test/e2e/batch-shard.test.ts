import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../support/cli.js';
import { writeCaseFolder } from '../support/scan-builder.js';
import { hashTree, makeTempDir } from '../support/tree.js';

/**
 * A 6-case batch checked whole and in shards: the shards' JSON lines and
 * JUnit suites, put together, are the one run's, and no case is checked twice.
 * Six different cases (complete-ish, incomplete, a broken casepack.yaml, a
 * bad checklist path) so a shard that printed a wrong case would show.
 */
describe('check --shard over a 6-case batch', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let cases: string[];
  let before: string;
  const OPTS = ['--as-of', '2025-11-01', '--concurrency', '2', '--no-ocr'];

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir());
    const specs: Array<Parameters<typeof writeCaseFolder>[1]> = [
      { ctDate: '2025-10-05', pathologyDate: '2025-09-20', withCtReport: true },
      { ctDate: '2025-10-06' },
      { pathologyDate: '2025-08-01' },
      { labs: [{ date: '2025-10-01', text: 'CA 19-9 840 U/mL' }] },
      { ctDate: '2025-09-01', caseFileYaml: 'dateOrder: YMD\n' },
      { caseFileYaml: 'checklist: ./missing-list.yaml\n' },
    ];
    cases = [];
    for (const [i, spec] of specs.entries()) {
      const caseDir = path.join(dir, 'batch', `case-${i + 1}`);
      await writeCaseFolder(caseDir, spec);
      cases.push(caseDir);
    }
    before = await hashTree(path.join(dir, 'batch'));
  }, 120_000);
  afterAll(async () => cleanup());

  /** One JSON line per case, keyed by case; the time a case took is the only thing allowed to differ. */
  const byCase = (stdout: string): Map<string, string> => {
    const lines = stdout.trim() === '' ? [] : stdout.trim().split('\n');
    const map = new Map<string, string>();
    for (const line of lines) {
      const value = JSON.parse(line) as { case: string };
      expect(map.has(value.case), `case ${value.case} printed twice`).toBe(false);
      map.set(value.case, JSON.stringify(value, (key, v: unknown) => (key === 'seconds' || key === 'durationMs' ? 0 : v)));
    }
    return map;
  };
  /** The <testsuite> elements of a JUnit file, keyed by case, the time attribute zeroed. */
  const suites = (xml: string): Map<string, string> => {
    const map = new Map<string, string>();
    for (const suite of xml.match(/<testsuite [\s\S]*?<\/testsuite>/g) ?? []) {
      const name = /name="([^"]*)"/.exec(suite)?.[1] as string;
      expect(map.has(name), `suite ${name} twice`).toBe(false);
      map.set(name, suite.replace(/ time="[\d.]+"/, ' time="0"'));
    }
    return map;
  };

  it('3 shards by --shard K/3 (and by JOB_COMPLETION_INDEX) give exactly the one run\'s JSON lines and JUnit suites', async () => {
    const whole = await runCliInProcess(['check', ...cases, '--json', '--junit', path.join(dir, 'whole.xml'), ...OPTS]);
    const wholeLines = byCase(whole.stdout);
    expect([...wholeLines.keys()].sort()).toEqual([...cases].sort());
    const wholeSuites = suites(await readFile(path.join(dir, 'whole.xml'), 'utf8'));
    expect(wholeSuites.size).toBe(6);

    for (const via of ['flag', 'env'] as const) {
      const shardLines = new Map<string, string>();
      const shardSuites = new Map<string, string>();
      const codes: number[] = [];
      let jsonl = '';
      for (let k = 1; k <= 3; k++) {
        const junit = path.join(dir, `${via}-shard-${k}.xml`);
        const run = via === 'flag'
          ? await runCliInProcess(['check', ...cases, '--json', '--junit', junit, '--shard', `${k}/3`, ...OPTS])
          : await runCliInProcess(['check', ...cases, '--json', '--junit', junit, ...OPTS], { JOB_COMPLETION_INDEX: String(k - 1), JOB_COMPLETION_COUNT: '3' });
        codes.push(run.code);
        jsonl += run.stdout;
        for (const [c, line] of byCase(run.stdout)) {
          expect(shardLines.has(c), `${c} in two shards`).toBe(false);
          shardLines.set(c, line);
        }
        for (const [c, suite] of suites(await readFile(junit, 'utf8'))) {
          expect(shardSuites.has(c), `${c} in two shards' JUnit`).toBe(false);
          shardSuites.set(c, suite);
        }
      }
      // `cat shard-*.jsonl` is the one run's lines, in another order.
      expect(byCase(jsonl)).toEqual(wholeLines);
      expect(shardSuites).toEqual(wholeSuites);
      // The worst shard's exit status is the one run's.
      expect(Math.max(...codes)).toBe(whole.code);
    }
    // docs/batch.md's merge of the shards' JUnit files into one: the one run's suites.
    execFileSync('sh', ['-c', `{ echo '<?xml version="1.0" encoding="UTF-8"?>'; echo '<testsuites name="casepack check">';
    for f in flag-shard-*.xml; do sed -n '/<testsuite /,/<\\/testsuite>/p' "$f"; done;
    echo '</testsuites>'; } > junit.xml`], { cwd: dir });
    const merged = await readFile(path.join(dir, 'junit.xml'), 'utf8');
    expect(suites(merged)).toEqual(wholeSuites);
    expect(merged.match(/<testsuites /g)).toHaveLength(1);
    expect(merged.trimEnd().endsWith('</testsuites>')).toBe(true);
    expect(await hashTree(path.join(dir, 'batch'))).toBe(before);
  }, 300_000);

  it('a shard is a batch even with one case or none: {case} is still required in --report, and an empty shard succeeds', async () => {
    // By the pinned hash, case-1…case-6 over 6 shards fall in shards 1, 5, 2, 4, 5, 6: shard 3 is empty.
    const counts: number[] = [];
    const codes: number[] = [];
    for (let k = 1; k <= 6; k++) {
      const run = await runCliInProcess(['check', ...cases, '--json', '--shard', `${k}/6`, '--report', path.join(dir, 'r.md'), ...OPTS]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('{case}');
      const counted = await runCliInProcess(['check', ...cases, '--json', '--shard', `${k}/6`, ...OPTS]);
      counts.push(counted.stdout.trim() === '' ? 0 : counted.stdout.trim().split('\n').length);
      codes.push(counted.code);
    }
    expect(counts).toEqual([1, 1, 0, 1, 2, 1]);
    expect(codes[2]).toBe(0);
  }, 300_000);

  it('a bad --shard or a Job index without its count is a usage error (2) before any case is checked', async () => {
    const bad = await runCliInProcess(['check', ...cases, '--shard', '4/3', ...OPTS]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--shard wants K\/N/);
    expect(bad.stdout).toBe('');
    const noCount = await runCliInProcess(['check', ...cases, ...OPTS], { JOB_COMPLETION_INDEX: '0' });
    expect(noCount.code).toBe(2);
    expect(noCount.stderr).toMatch(/JOB_COMPLETION_COUNT/);
  });
});
