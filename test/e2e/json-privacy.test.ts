import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckResultSchema } from '../../src/model/check.js';
import { ScanResultSchema } from '../../src/model/scan.js';
import { runCliInProcess } from '../support/cli.js';
import { DOCUMENT_WORDS, IDENTITY, leaked, writePrivateCase } from '../support/private-case.js';
import { hashTree, makeTempDir } from '../support/tree.js';

/**
 * Issue 13, B17: every machine output of the CLI (scan --json, check --json,
 * check --report x.json, check --junit, build --json) is private by default:
 * no document words, no patient identity; the flags bring each back.
 */
const ALL = [...DOCUMENT_WORDS, ...IDENTITY];
const cli = (...args: string[]) => runCliInProcess([...args, '--no-ocr']);

let dir: string;
let root: string;
let before: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  root = path.join(dir, 'case');
  await writePrivateCase(root);
  before = await hashTree(root);
}, 60_000);
afterAll(async () => {
  expect(await hashTree(root)).toBe(before);
  await cleanup();
});

describe('private JSON by default (B17)', () => {
  it('scan --json: no words, no identity; --include-text --include-identity bring them back', async () => {
    const plain = await cli('scan', root, '--json');
    // Two patients in one folder (PATIENT_MISMATCH) is an error finding: scan exits 1, as check does.
    expect(plain.code, plain.stderr).toBe(1);
    expect(leaked(plain.stdout, ALL)).toEqual([]);
    const scan = ScanResultSchema.parse(JSON.parse(plain.stdout));
    expect(scan.patients.map((p) => p.key).sort()).toEqual(['patient-1', 'patient-2']);
    expect(scan.findings.find((f) => f.code === 'PATIENT_MISMATCH')?.message).toMatch(/patient-\d/);

    // Each flag alone is tested through the library (test/pipeline/json-privacy); here that the CLI passes both on.
    const all = await cli('scan', root, '--json', '--include-text', '--include-identity');
    expect(leaked(all.stdout, ['adenocarcinoma', 'KRAS', 'FOLFIRINOX', 'SMITH^JANE', '1971-08-23', 'DEMO-0001', '1961-04-12'])).toHaveLength(7);
    expect(JSON.parse(all.stdout)).not.toHaveProperty('redacted');
  }, 60_000);

  it('check --json, a .json report and --junit: none by default; names with --include-identity', async () => {
    const junit = path.join(dir, 'out', 'junit.xml');
    const report = path.join(dir, 'out', 'check.json');
    const plain = await cli('check', root, '--json', '--junit', junit, '--report', report);
    expect(plain.code, plain.stderr).toBe(1);
    CheckResultSchema.parse(JSON.parse(plain.stdout));
    expect(leaked(plain.stdout, ALL)).toEqual([]);
    expect(leaked(await readFile(junit, 'utf8'), ALL)).toEqual([]);
    expect(await readFile(junit, 'utf8')).toContain('PATIENT_MISMATCH');
    expect(leaked(await readFile(report, 'utf8'), ALL)).toEqual([]);

    const named = await cli('check', root, '--json', '--include-identity', '--junit', junit);
    expect(leaked(named.stdout, ['SMITH', '1971-08-23'])).toHaveLength(2);
    expect(leaked(await readFile(junit, 'utf8'), ['SMITH', '1971-08-23'])).toHaveLength(2);
  }, 60_000);

  it('build --json: its findings name no one', async () => {
    const plain = await cli('build', root, '-o', path.join(dir, 'p1.zip'), '--json');
    expect(plain.code, plain.stderr).toBe(1);
    const findings = JSON.stringify((JSON.parse(plain.stdout) as { findings: unknown[] }).findings);
    expect(findings).toContain('PATIENT_MISMATCH');
    expect(leaked(findings, ALL)).toEqual([]);
  }, 60_000);
});
