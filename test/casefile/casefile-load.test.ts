import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCaseFile, parseCaseFile } from '../../src/casefile/load.js';
import { applyFindingPolicy } from '../../src/casefile/policy.js';
import { overrideMatcher } from '../../src/casefile/overrides.js';
import { finding } from '../../src/findings/codes.js';
import { makeTempDir } from '../support/tree.js';

describe('loadCaseFile', () => {
  it('returns no case file and no findings when casepack.yaml is absent', async () => {
    const { dir, cleanup } = await makeTempDir();
    try {
      expect(await loadCaseFile(dir)).toEqual({ findings: [] });
    } finally { await cleanup(); }
  });

  it('reads a valid case file', async () => {
    const { dir, cleanup } = await makeTempDir();
    try {
      await writeFile(path.join(dir, 'casepack.yaml'), 'dateOrder: DMY\npatient:\n  name: Jane Roe\noverrides:\n  - path: "scans/*.jpg"\n    category: imaging-export\n');
      const loaded = await loadCaseFile(dir);
      expect(loaded.findings).toEqual([]);
      expect(loaded.path).toBe('casepack.yaml');
      expect(loaded.caseFile?.dateOrder).toBe('DMY');
      expect(loaded.caseFile?.overrides?.[0]?.category).toBe('imaging-export');
    } finally { await cleanup(); }
  });

  it('treats an empty file as an empty case file', () => {
    expect(parseCaseFile('')).toEqual({ caseFile: {}, findings: [] });
  });
});

describe('case file errors point at line and field', () => {
  it('names the line and field of a bad enum value', () => {
    const { caseFile, findings } = parseCaseFile('patient:\n  name: Jane\ndateOrder: YMD\n');
    expect(caseFile).toBeUndefined();
    expect(findings).toHaveLength(1);
    expect(findings[0]?.code).toBe('CASEFILE_INVALID');
    expect(findings[0]?.details).toMatchObject({ line: 3, path: 'dateOrder' });
    expect(findings[0]?.message).toContain('line 3');
    expect(findings[0]?.message).toContain('dateOrder');
  });

  it('names a nested override field by index', () => {
    const text = 'overrides:\n  - path: a.pdf\n    category: pathology-report\n  - path: b.pdf\n    category: xray\n';
    const { findings } = parseCaseFile(text);
    expect(findings[0]?.details).toMatchObject({ line: 5, path: 'overrides[1].category' });
  });

  it('points at an unknown key itself', () => {
    const { findings } = parseCaseFile('patient:\n  name: Jane\n  birthdate: 1970-01-01\n');
    expect(findings[0]?.details).toMatchObject({ line: 3, path: 'patient.birthdate' });
  });

  it('reports YAML syntax errors with a line', () => {
    const { caseFile, findings } = parseCaseFile('patient:\n  name: Jane\n questions: [a, b\n');
    expect(caseFile).toBeUndefined();
    expect(findings.length).toBeGreaterThan(0);
    expect(findings[0]?.code).toBe('CASEFILE_INVALID');
    expect(typeof findings[0]?.details?.['line']).toBe('number');
  });

  it('warns about unknown finding codes but keeps the file', () => {
    const { caseFile, findings } = parseCaseFile('findings:\n  ignore:\n    - PDF_RESTRICTED\n    - PDF_RESTRICTD\n');
    expect(caseFile).toBeDefined();
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe('warning');
    expect(findings[0]?.details).toMatchObject({ line: 4, path: 'findings.ignore[1]' });
  });
});

describe('applyFindingPolicy', () => {
  const list = [finding('PDF_RESTRICTED', 'a.pdf'), finding('DATE_MISSING', 'b.pdf'), finding('UNCLASSIFIED', 'c.bin')];

  it('passes everything through without a policy', () => {
    expect(applyFindingPolicy(list, undefined)).toEqual(list);
  });

  it('drops ignored codes and changes severities', () => {
    const out = applyFindingPolicy(list, { findings: { ignore: ['PDF_RESTRICTED'], severity: { UNCLASSIFIED: 'info' } } });
    expect(out.map((f) => f.code)).toEqual(['DATE_MISSING', 'UNCLASSIFIED']);
    expect(out[1]?.severity).toBe('info');
    expect(out[1]?.details?.['originalSeverity']).toBe('warning');
  });

  it('never silences the case file\'s own errors', () => {
    const out = applyFindingPolicy([finding('CASEFILE_INVALID', 'casepack.yaml')], { findings: { ignore: ['CASEFILE_INVALID'] } });
    expect(out).toHaveLength(1);
  });
});

describe('override matching', () => {
  const m = () => overrideMatcher([{ path: 'reports/scan1.pdf' }, { path: 'photos/*.jpg' }, { path: 'CD1' }, { path: '**/never.pdf' }]);

  it('matches by exact path, glob and folder, and tracks unused ones', () => {
    const matcher = m();
    expect(matcher.matching('reports/scan1.pdf').map((x) => x.index)).toEqual([0]);
    expect(matcher.matching('photos/a.jpg').map((x) => x.index)).toEqual([1]);
    expect(matcher.matching('photos/sub/a.jpg')).toEqual([]);
    expect(matcher.matching('CD1/DICOM/IM0001').map((x) => x.index)).toEqual([2]);
    expect(matcher.matching('CD10/x')).toEqual([]);
    expect(matcher.unused()).toEqual([3]);
  });
});
