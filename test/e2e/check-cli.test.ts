import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CheckResultSchema } from '../../src/model/check.js';
import { hashTree, makeTempDir } from '../support/tree.js';
import { writeCaseFolder } from '../support/scan-builder.js';
import { runCliInProcess } from '../support/cli.js';

const cli = (...args: string[]): ReturnType<typeof runCliInProcess> => runCliInProcess(args);

describe('casepack check / checklists (CLI)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(async () => cleanup());

  it('an incomplete case exits 1, prints what is missing and whom to ask, and leaves the case untouched', async () => {
    const caseDir = path.join(dir, 'case-a');
    await writeCaseFolder(caseDir, { ctDate: '2025-10-05' });
    const before = await hashTree(caseDir);
    const { code, stdout } = await cli('check', caseDir, '--as-of', '2025-11-01');
    expect(code).toBe(1);
    expect(stdout).toContain('Missing — needed');
    expect(stdout).toContain('Pathology report');
    expect(stdout).toMatch(/Ask Pathology: “Please send a copy of the final pathology report/);
    expect(stdout).toContain('✗ Incomplete.');
    expect(await hashTree(caseDir)).toBe(before);
  });

  it('--json prints one valid check result per line; a missing case folder is a usage error (2), not incomplete', async () => {
    const a = path.join(dir, 'case-a');
    await writeCaseFolder(a, { ctDate: '2025-10-05' });
    const { code, stdout } = await cli('check', a, path.join(dir, 'nope'), '--json', '--checklist', 'international-review');
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    const first = CheckResultSchema.parse(lines[0]);
    expect(first.checklist.id).toBe('international-review');
    expect(first.status).toBe('incomplete');
    expect(lines[1]).toMatchObject({ case: path.join(dir, 'nope'), status: 'error', exitCode: 2 });
    expect(code).toBe(2);
  });

  it('a case that cannot be checked carries a finding code on its JSON line (CASE_NOT_FOUND, CHECKLIST_INVALID); validate --json says CHECKLIST_INVALID', async () => {
    const a = path.join(dir, 'case-a');
    await writeCaseFolder(a, { ctDate: '2025-10-05' });
    const bad = path.join(dir, 'case-b');
    await writeCaseFolder(bad, { caseFileYaml: 'checklist: ./missing-list.yaml\n' });
    const nope = path.join(dir, 'nope');
    const { code, stdout } = await cli('check', a, nope, bad, '--json');
    expect(code).toBe(2);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(CheckResultSchema.parse(lines[0]).case).toBe(a);
    expect(lines[1]).toMatchObject({ case: nope, status: 'error', exitCode: 2, error: `case folder not found: ${nope}`, findings: [{ code: 'CASE_NOT_FOUND', severity: 'error', paths: [nope] }] });
    expect(lines[2]).toMatchObject({ case: bad, status: 'error', exitCode: 2, findings: [{ code: 'CHECKLIST_INVALID', severity: 'error' }] });
    expect((lines[2]?.['findings'] as Array<{ message: string }>)[0]?.message).toMatch(/checklist file not found/);

    const list = path.join(dir, 'bad.yaml');
    await writeFile(list, 'id: bad\ntitle: Bad\nitems:\n  - id: x\n    title: X\n    severity: sometimes\n');
    const validate = await cli('checklists', 'validate', list, '--json');
    expect(validate.code).toBe(2);
    expect(JSON.parse(validate.stdout)).toMatchObject({
      valid: false, file: list, line: 6, field: 'items.0.severity',
      findings: [{ code: 'CHECKLIST_INVALID', severity: 'error', paths: [list], details: { line: 6, field: 'items.0.severity' } }],
    });
  });

  it('a bad checklist is exit 2 with the line and field, before any case is scanned', async () => {
    const bad = path.join(dir, 'bad.yaml');
    await writeFile(bad, 'id: bad\ntitle: Bad\nitems:\n  - id: x\n    title: X\n    severity: sometimes\n');
    const caseDir = path.join(dir, 'case-a');
    await mkdir(caseDir);
    const { code, stderr, stdout } = await cli('check', caseDir, '--checklist', bad);
    expect(code).toBe(2);
    expect(stderr).toMatch(/bad\.yaml:6: items\.0\.severity/);
    expect(stdout).toBe('');
    const validate = await cli('checklists', 'validate', bad);
    expect(validate.code).toBe(2);
    expect(validate.stderr).toMatch(/bad\.yaml:6/);
    expect((await cli('check', caseDir, '--checklist', 'no-such-list')).code).toBe(2);
  });

  it('a case file can name its own checklist, by built-in id or by a path relative to the case folder', async () => {
    const caseDir = path.join(dir, 'case-a');
    await writeCaseFolder(caseDir, { caseFileYaml: 'checklist: lists/mine.yaml\n' });
    await mkdir(path.join(caseDir, 'lists'));
    await writeFile(path.join(caseDir, 'lists', 'mine.yaml'), 'id: mine\ntitle: Mine\nextends: general\nremove: [medication-list]\nitems: []\n');
    const own = CheckResultSchema.parse(JSON.parse((await cli('check', caseDir, '--json')).stdout));
    expect(own.checklist.id).toBe('mine');
    expect(own.items.map((i) => i.id)).not.toContain('medication-list');
    // The flag wins over the case file.
    const flagged = CheckResultSchema.parse(JSON.parse((await cli('check', caseDir, '--json', '--checklist', 'hospital-submission')).stdout));
    expect(flagged.checklist.id).toBe('hospital-submission');
  });

  it('a case file naming a bad checklist is a usage error for that case', async () => {
    const caseDir = path.join(dir, 'case-a');
    await writeCaseFolder(caseDir, { caseFileYaml: 'checklist: ./missing-list.yaml\n' });
    const { code, stderr } = await cli('check', caseDir);
    expect(code).toBe(2);
    expect(stderr).toMatch(/checklist file not found/);
  });

  it('a broken casepack.yaml is a configuration error (2), still reported; flags can ignore finding codes', async () => {
    const caseDir = path.join(dir, 'case-a');
    await writeCaseFolder(caseDir, { caseFileYaml: 'facts:\n  surgery: maybe\n' });
    const broken = await cli('check', caseDir, '--json');
    expect(broken.code).toBe(2);
    const result = CheckResultSchema.parse(JSON.parse(broken.stdout));
    expect(result.findings.some((f) => f.code === 'CASEFILE_INVALID')).toBe(true);
    const other = path.join(dir, 'case-b');
    await writeCaseFolder(other, {});
    const plain = CheckResultSchema.parse(JSON.parse((await cli('check', other, '--json')).stdout));
    expect(plain.findings.some((f) => f.code === 'ITEM_RECOMMENDED_MISSING')).toBe(true);
    const ignored = CheckResultSchema.parse(JSON.parse((await cli('check', other, '--json', '--ignore', 'ITEM_RECOMMENDED_MISSING', '--severity', 'ITEM_MISSING=warning')).stdout));
    expect(ignored.findings.some((f) => f.code === 'ITEM_RECOMMENDED_MISSING')).toBe(false);
    expect(ignored.findings.filter((f) => f.code === 'ITEM_MISSING').every((f) => f.severity === 'warning')).toBe(true);
    // Re-grading the finding does not make a missing required item met.
    expect(ignored.status).toBe('incomplete');
  });

  it('batch: a quoted glob expands to folders, a summary table is printed, JUnit XML has a suite per case and a testcase per item', async () => {
    for (const name of ['c1', 'c2', 'c3']) await writeCaseFolder(path.join(dir, 'cases', name), { ctDate: '2025-10-05' });
    const junit = path.join(dir, 'out', 'junit.xml');
    const { code, stdout } = await cli('check', path.join(dir, 'cases', '*'), '--junit', junit, '--concurrency', '2');
    expect(code).toBe(1);
    expect(stdout).toMatch(/Case\s+Status\s+Needed missing/);
    expect(stdout).toContain('3 case(s): 0 complete, 3 incomplete.');
    const xml = await readFile(junit, 'utf8');
    expect(xml.match(/<testsuite /g)).toHaveLength(3);
    // general has 10 items (6 documents, allergies, biopsy date, the question, attendants' passports), plus one "file problems" testcase per suite.
    expect(xml.match(/<testcase /g)).toHaveLength(33);
    expect(xml).toMatch(/<testsuites name="casepack check" tests="33" failures="\d+" errors="0" skipped="6">/);
    expect(xml).toContain('<failure message="required item missing" type="missing">');
    // Well-formed XML, as CI dashboards parse it.
    execFileSync('python3', ['-c', 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])', junit]);
  });

  it('--report writes HTML, Markdown or JSON by extension, refuses to write into the case folder, and needs {case} for several cases', async () => {
    const caseDir = path.join(dir, 'case-a');
    await writeCaseFolder(caseDir, { ctDate: '2025-10-05' });
    const html = path.join(dir, 'reports', 'a.html');
    expect((await cli('check', caseDir, '--report', html, '-q')).code).toBe(1);
    expect(await readFile(html, 'utf8')).toMatch(/^<!DOCTYPE html>/);
    const json = path.join(dir, 'reports', 'a.json');
    await cli('check', caseDir, '--report', json, '-q');
    expect(CheckResultSchema.parse(JSON.parse(await readFile(json, 'utf8'))).checklist.id).toBe('general');
    const inside = await cli('check', caseDir, '--report', path.join(caseDir, 'r.md'));
    expect(inside.code).toBe(2);
    expect(inside.stderr).toMatch(/read-only/);
    expect((await cli('check', caseDir, caseDir + '/', '--report', path.join(dir, 'r.md'))).code).toBe(1);
    await writeCaseFolder(path.join(dir, 'case-b'), {});
    expect((await cli('check', caseDir, path.join(dir, 'case-b'), '--report', path.join(dir, 'r.md'))).code).toBe(2);
    expect((await cli('check', caseDir, path.join(dir, 'case-b'), '--report', path.join(dir, 'r-{case}.md'), '-q')).code).toBe(1);
    expect(await readFile(path.join(dir, 'r-case-b.md'), 'utf8')).toContain('# Second-opinion checklist: case-b');
  });

  it('bad flags are usage errors: --as-of, --severity, unknown codes', async () => {
    const caseDir = path.join(dir, 'case-a');
    await mkdir(caseDir);
    expect((await cli('check', caseDir, '--as-of', '05/10/2025')).code).toBe(2);
    expect((await cli('check', caseDir, '--severity', 'PDF_NO_TEXT=loud')).code).toBe(2);
    expect((await cli('check', caseDir, '--ignore', 'NOT_A_CODE')).code).toBe(2);
    expect((await cli('check', caseDir, '--concurrency', '0')).code).toBe(2);
  });

  it('checklists lists the built-ins, show resolves extends, validate accepts a good file', async () => {
    const list = await cli('checklists');
    expect(list.code).toBe(0);
    for (const id of ['general', 'pancreatic', 'international-review', 'hospital-submission']) expect(list.stdout).toContain(id);
    const show = await cli('checklists', 'show', 'pancreatic');
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('extends general');
    expect(show.stdout).toContain('CA 19-9 results over time');
    expect(show.stdout).toContain('Pathology report');
    const json = await cli('checklists', 'show', 'pancreatic', '--json');
    expect((JSON.parse(json.stdout) as { lineage: string[] }).lineage).toEqual(['general', 'pancreatic']);
    const good = path.join(dir, 'good.yaml');
    await writeFile(good, 'id: good\ntitle: Good\nextends: general\nitems: []\n');
    const valid = await cli('checklists', 'validate', good);
    expect(valid.code).toBe(0);
    expect(valid.stdout).toMatch(/valid checklist "good" with 10 items \(extends general\)/);
  });
});
