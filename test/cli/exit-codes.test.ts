import { cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentedStatuses, type HelpTopic } from '../../src/cli/help-text.js';
import { runCliInProcess } from '../support/cli.js';
import { writeCaseFolder } from '../support/scan-builder.js';
import { hashTree, makeTempDir } from '../support/tree.js';

/**
 * One meaning per exit code, command by command (README "Exit status"):
 * 0 done and nothing stands against it, 1 error findings or missing items,
 * 2 a usage or configuration mistake, 3 the tool failed. Every status a test
 * sees here must also be one the command's --help documents.
 */
const seen = new Map<HelpTopic, Set<number>>();
async function cli(topic: HelpTopic, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const result = await runCliInProcess(args, env);
  if (!seen.has(topic)) seen.set(topic, new Set());
  seen.get(topic)?.add(result.code);
  return result;
}

/** A checklist the complete case meets: one required pathology report. */
const ONE_ITEM_CHECKLIST = `id: pathology-only
title: Pathology only
items:
  - id: pathology-report
    title: Pathology report
    severity: required
    categories: [pathology-report]
    why: The reviewer starts from it.
    request:
      department: Pathology
      wording: Please send the final pathology report.
`;

describe('exit status, one meaning per code', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let complete: string;
  let incomplete: string;
  let damaged: string;
  let badYaml: string;
  let checklist: string;
  let trees: Map<string, string>;

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir());
    complete = path.join(dir, 'complete');
    await writeCaseFolder(complete, { pathologyDate: '2025-09-12' });
    incomplete = path.join(dir, 'incomplete');
    await writeCaseFolder(incomplete, { ctDate: '2025-10-05' });
    damaged = path.join(dir, 'damaged');
    await cp(complete, damaged, { recursive: true });
    // A PDF header over bytes no reader can open: PDF_DAMAGED, an error finding.
    await writeFile(path.join(damaged, 'referral.pdf'), `%PDF-1.7\n${'\u0000garbage '.repeat(40)}`);
    badYaml = path.join(dir, 'bad-yaml');
    await writeCaseFolder(badYaml, { pathologyDate: '2025-09-12', caseFileYaml: 'asOf: yesterday\n' });
    checklist = path.join(dir, 'pathology-only.yaml');
    await writeFile(checklist, ONE_ITEM_CHECKLIST);
    await mkdir(path.join(dir, 'out'));
    trees = new Map();
    for (const root of [complete, incomplete, damaged, badYaml]) trees.set(root, await hashTree(root));
  });
  afterAll(async () => {
    // No command, whatever its exit status, changed a case folder.
    for (const [root, tree] of trees) expect(await hashTree(root)).toBe(tree);
    for (const [topic, codes] of seen) for (const code of codes) expect(documentedStatuses(topic), `${topic} exited ${code}, which its --help does not document`).toContain(code);
    await cleanup();
  });

  it('scan: 0 without error findings, 1 with one (a damaged PDF), 2 for a broken casepack.yaml or a missing folder', async () => {
    expect((await cli('scan', ['scan', complete, '-q', '--no-ocr'])).code).toBe(0);
    const withDamage = await cli('scan', ['scan', damaged, '--json', '--no-ocr']);
    expect(JSON.parse(withDamage.stdout).findings).toEqual(expect.arrayContaining([expect.objectContaining({ severity: 'error' })]));
    expect(withDamage.code).toBe(1);
    expect((await cli('scan', ['scan', badYaml, '-q', '--no-ocr'])).code).toBe(2);
    expect((await cli('scan', ['scan', path.join(dir, 'nope')])).code).toBe(2);
  });

  it('check: 0 complete, 1 incomplete or with an error finding, 2 for a date that does not exist', async () => {
    expect((await cli('check', ['check', complete, '-q', '--no-ocr', '--checklist', checklist])).code).toBe(0);
    expect((await cli('check', ['check', incomplete, '-q', '--no-ocr', '--checklist', checklist])).code).toBe(1);
    expect((await cli('check', ['check', damaged, '-q', '--no-ocr', '--checklist', checklist])).code).toBe(1);
    const date = await cli('check', ['check', complete, '--as-of', '2025-13-45']);
    expect(date.code).toBe(2);
    expect(date.stderr).toBe('casepack: --as-of wants a date that exists, written year-month-day with four, two and two digits (e.g. 2025-09-30), got "2025-13-45"\n');
    expect((await cli('check', ['check', complete, '--as-of', '2025-02-29'])).code).toBe(2);
  });

  it('build --dry-run exits as the real build of the same case does, and writes nothing', async () => {
    for (const [root, expected] of [[complete, 0], [incomplete, 1], [damaged, 1], [badYaml, 2]] as const) {
      const dry = await cli('build', ['build', root, '--dry-run', '-q', '--no-ocr', '--checklist', checklist]);
      const packet = path.join(dir, 'out', `${path.basename(root)}.zip`);
      const real = await cli('build', ['build', root, '-o', packet, '-q', '--no-ocr', '--checklist', checklist]);
      expect([path.basename(root), dry.code], dry.stderr).toEqual([path.basename(root), expected]);
      expect([path.basename(root), real.code], real.stderr).toEqual([path.basename(root), expected]);
    }
    expect((await cli('build', ['build', complete, '--dry-run', '--max-pdf-mb', '0x10'])).code).toBe(2);
  });

  it('verify: 0 intact, 1 when the packet does not match its hash, 2 for no such packet', async () => {
    const packet = path.join(dir, 'out', 'complete.zip');
    await cli('build', ['build', complete, '-o', packet, '-q', '--no-ocr', '--force', '--checklist', checklist]);
    expect((await cli('verify', ['verify', packet, '-q'])).code).toBe(0);
    expect((await cli('verify', ['verify', packet, '-q', '--expect', '0'.repeat(64)])).code).toBe(1);
    expect((await cli('verify', ['verify', path.join(dir, 'out', 'none.zip')])).code).toBe(2);
  });

  it('init: 0 when written, 2 when casepack.yaml is there or --json is asked for, in one line', async () => {
    const fresh = path.join(dir, 'fresh');
    await cp(complete, fresh, { recursive: true });
    const json = await cli('init', ['init', fresh, '--json']);
    expect(json.code).toBe(2);
    expect(json.stderr.trim().split('\n')).toHaveLength(1);
    expect(json.stderr).toContain('init writes casepack.yaml and has no JSON output');
    expect((await cli('init', ['init', fresh, '--yes', '-q'])).code).toBe(0);
    expect((await cli('init', ['init', fresh, '--yes', '-q'])).code).toBe(2);
  });

  it('checklists and cache: 0 when done, 2 for an invalid checklist or no subcommand', async () => {
    expect((await cli('checklists', ['checklists', 'validate', checklist])).code).toBe(0);
    const invalid = path.join(dir, 'invalid.yaml');
    await writeFile(invalid, 'id: x\ntitle: X\nitems:\n  - id: y\n    severity: sometimes\n');
    expect((await cli('checklists', ['checklists', 'validate', invalid])).code).toBe(2);
    expect((await cli('cache', ['cache', 'info', '--json'], { XDG_CACHE_HOME: path.join(dir, 'cache') })).code).toBe(0);
    expect((await cli('cache', ['cache'])).code).toBe(2);
  });

  it('casepack alone prints the help and exits 2 (a script lost its command); -v and --help exit 0', async () => {
    expect((await cli('casepack', [])).code).toBe(2);
    const version = await cli('casepack', ['-v']);
    expect(version).toMatchObject({ code: 0 });
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
    expect((await cli('casepack', ['--version'])).stdout).toBe(version.stdout);
    expect((await cli('casepack', ['--help'])).code).toBe(0);
    expect((await cli('casepack', ['help'])).code).toBe(0);
    expect((await cli('casepack', ['help', 'scan'])).code).toBe(0);
  });
});
