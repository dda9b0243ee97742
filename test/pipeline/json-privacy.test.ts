import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckResultSchema, type CheckResult } from '../../src/model/check.js';
import { ScanResultSchema, type ScanResult } from '../../src/model/scan.js';
import { checkCaseFolder, checkToJson } from '../../src/pipeline/check.js';
import { scanToJson } from '../../src/report/json-privacy.js';
import { renderJson } from '../../src/report/json.js';
import { renderJunit } from '../../src/report/junit.js';
import { DOCUMENT_WORDS, IDENTITY, leaked, writePrivateCase } from '../support/private-case.js';
import { makeTempDir } from '../support/tree.js';

/** Issue 13, B17: JSON carries no document words and no patient identity unless asked. */
let scan: ScanResult;
let check: CheckResult;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const temp = await makeTempDir();
  cleanup = temp.cleanup;
  const root = path.join(temp.dir, 'case');
  await writePrivateCase(root);
  ({ scan, check } = await checkCaseFolder(root, { scan: { ocr: { enabled: false } } }));
}, 60_000);
afterAll(async () => cleanup());

describe('scan JSON (B17)', () => {
  it('the case really holds the words and names (so the assertions below can fail)', () => {
    const raw = JSON.stringify(scanToJson(scan, { includeText: true, includeIdentity: true }));
    expect(leaked(raw, DOCUMENT_WORDS)).toEqual(DOCUMENT_WORDS);
    expect(leaked(raw, ['SMITH^JANE', '1971-08-23', 'DEMO-0001', '1961-04-12'])).toHaveLength(4);
    expect(scan.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['PATIENT_MISMATCH', 'DATE_AMBIGUOUS']));
  });

  it('carries no document words and no identity by default, and still validates', () => {
    const json = scanToJson(scan);
    const text = JSON.stringify(json);
    expect(leaked(text, DOCUMENT_WORDS)).toEqual([]);
    expect(leaked(text, IDENTITY)).toEqual([]);
    expect(ScanResultSchema.safeParse(json).success).toBe(true);
    expect(json.redacted).toEqual(['text', 'identity']);
  });

  it('keeps rule ids, categories, dates and the grouping of files by person', () => {
    const json = scanToJson(scan);
    const referral = json.files.find((f) => f.path === 'letters/referral.pdf');
    expect(referral?.classification?.reasons.map((r) => r.rule)).toContain('tx.drugs');
    expect(referral?.classification?.reasons.every((r) => r.matched === undefined)).toBe(true);
    expect(referral?.classification?.date?.date).toBe('2025-10-30');
    expect(referral?.classification?.category).toBe(scan.files.find((f) => f.path === 'letters/referral.pdf')?.classification?.category);
    const keyOf = (p: string) => json.files.find((f) => f.path === p)?.identity?.patientKey;
    expect(keyOf('CD/IM1')).toMatch(/^patient-\d+$/);
    expect(keyOf('CD/IM1')).toBe(keyOf('CD/IM2'));
    expect(keyOf('CD/IM9')).not.toBe(keyOf('CD/IM1'));
    expect(json.patients.map((p) => p.key).sort()).toEqual(scan.patients.map((_, i) => `patient-${i + 1}`).sort());
    expect(json.casePatient?.key).toBe(keyOf('CD/IM1'));
    const mismatch = json.findings.find((f) => f.code === 'PATIENT_MISMATCH');
    expect(mismatch?.message).toContain(`${keyOf('CD/IM9')}, ID [redacted], born [redacted]: 1 file, e.g. CD/IM9`);
    expect(mismatch?.paths).toContain('CD/IM9');
  });

  it('--include-text brings the words back, --include-identity the names and birth dates', () => {
    const withText = JSON.stringify(scanToJson(scan, { includeText: true }));
    expect(leaked(withText, ['KRAS', 'FOLFIRINOX', 'adenocarcinoma', 'CT CHEST W CONTRAST'])).toHaveLength(4);
    expect(withText).not.toContain('SMITH^JANE');
    const withIdentity = JSON.stringify(scanToJson(scan, { includeIdentity: true }));
    expect(leaked(withIdentity, ['SMITH^JANE', '1971-08-23', 'Q-7788', 'DEMO-0001', '1961-04-12'])).toHaveLength(5);
    expect(leaked(withIdentity, DOCUMENT_WORDS)).toEqual([]);
  });
});

describe('check JSON and JUnit (B17)', () => {
  it('the check itself quotes the names (so the assertions below can fail)', () => {
    expect(leaked(JSON.stringify(check), ['SMITH', '1971-08-23'])).toHaveLength(2);
  });

  it('carries no document words and no identity by default, and still validates', () => {
    const json = checkToJson(check, scan);
    const text = renderJson(json);
    expect(leaked(text, DOCUMENT_WORDS)).toEqual([]);
    expect(leaked(text, IDENTITY)).toEqual([]);
    expect(CheckResultSchema.safeParse(json).success).toBe(true);
    expect(json.status).toBe(check.status);
    expect(json.findings.map((f) => f.code)).toEqual(check.findings.map((f) => f.code));
    const junit = renderJunit([{ case: 'case', check: json, exitCode: 1, seconds: 1 }]);
    expect(leaked(junit, [...DOCUMENT_WORDS, ...IDENTITY])).toEqual([]);
  });

  it('gives the identity back with includeIdentity', () => {
    expect(leaked(renderJson(checkToJson(check, scan, { includeIdentity: true })), ['SMITH', '1971-08-23'])).toHaveLength(2);
  });
});
