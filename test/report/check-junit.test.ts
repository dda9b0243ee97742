import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderJunit } from '../../src/report/junit.js';
import { mixedCase } from '../support/scan-builder.js';
import { makeTempDir } from '../support/tree.js';

describe('JUnit XML', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(async () => cleanup());

  it('maps items to passing, failing, noted and skipped test cases and stays well-formed with hostile names', async () => {
    const { check } = await mixedCase();
    const hostile = 'cases/a&b <"x">\u0001\u001f';
    const xml = renderJunit([
      { case: hostile, check, exitCode: 1, seconds: 1.5 },
      { case: 'cases/broken', error: 'the tool failed: boom <here>', exitCode: 3, seconds: 0.1 },
    ]);
    const file = path.join(dir, 'j.xml');
    await writeFile(file, xml);
    const counts = execFileSync('python3', ['-c', [
      'import sys, xml.dom.minidom as m',
      'd = m.parse(sys.argv[1])',
      's = d.getElementsByTagName("testsuite")[0]',
      'print(s.getAttribute("name"), s.getAttribute("tests"), s.getAttribute("failures"), s.getAttribute("skipped"), len(d.getElementsByTagName("error")), sep="|")',
    ].join('\n'), file], { encoding: 'utf8' }).trim();
    const required = check.items.filter((i) => i.severity === 'required' && (i.status === 'missing' || i.status === 'partial')).length;
    const skipped = check.items.filter((i) => i.status === 'not-applicable').length;
    // The case name keeps its readable characters; control characters are shown escaped (B14).
    expect(counts).toBe(`cases/a&b <"x">\\x01\\x1f|${check.items.length + 1}|${required}|${skipped}|1`);
    expect(xml).toContain('<system-out>recommended item missing');
    expect(xml).toMatch(/<testcase classname="casepack.findings" name="file problems"\/>/);
  });
});
