import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeTempDir } from '../support/tree.js';

// Count every read of casepack.yaml: the pipeline reads it once per run and hands it to each stage.
const reads = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/casefile/load.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/casefile/load.js')>();
  return { ...original, loadCaseFile: async (root: string) => { reads.count++; return original.loadCaseFile(root); } };
});

const { scanCase } = await import('../../src/pipeline/scan.js');
const { checkCaseFolder } = await import('../../src/pipeline/check.js');
const { buildPacket } = await import('../../src/pipeline/build.js');

const TODAY = new Date('2026-01-15T12:00:00Z');
const REPORT = 'HISTOPATHOLOGY REPORT\nSpecimen collected: 2025-09-12\nDiagnosis: adenocarcinoma.\n';

let dir: string;
let caseDir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  caseDir = path.join(dir, 'case');
  await mkdir(caseDir);
  await writeFile(path.join(caseDir, 'pathology.txt'), REPORT);
  await writeFile(path.join(caseDir, 'notes.txt'), 'Shopping: milk, bread.\n');
  reads.count = 0;
});
afterEach(async () => { await cleanup(); });

const caseFile = (text: string) => writeFile(path.join(caseDir, 'casepack.yaml'), text);

describe('casepack.yaml is read once per run', () => {
  it('scan: once, and its policy applies to the whole scan', async () => {
    await caseFile('findings:\n  ignore: [UNCLASSIFIED]\n');
    const scan = await scanCase(caseDir, { today: TODAY });
    expect(reads.count).toBe(1);
    expect(scan.caseFile).toEqual({ path: 'casepack.yaml', valid: true });
    expect(scan.findings.map((f) => f.code)).not.toContain('UNCLASSIFIED');
  });

  it('scan with a case file given: not read at all', async () => {
    const scan = await scanCase(caseDir, { today: TODAY, caseFile: {} });
    expect(reads.count).toBe(0);
    // Without a policy the shopping list is unclassified: the ignore tests above and below are not vacuous.
    expect(scan.findings.map((f) => f.code)).toContain('UNCLASSIFIED');
  });

  it('check: once, with the flag policy merged in for the scan and the check alike', async () => {
    await caseFile('findings:\n  severity:\n    UNCLASSIFIED: info\n');
    const { scan, check, caseFile: used } = await checkCaseFolder(caseDir, { asOf: '2026-01-15', scan: { today: TODAY }, policy: { ignore: ['UNCLASSIFIED'] } });
    expect(reads.count).toBe(1);
    expect(used?.findings).toEqual({ ignore: ['UNCLASSIFIED'], severity: { UNCLASSIFIED: 'info' } });
    expect(scan.findings.map((f) => f.code)).not.toContain('UNCLASSIFIED');
    expect(check.findings.map((f) => f.code)).not.toContain('UNCLASSIFIED');
  });

  it('check of a case whose casepack.yaml is broken: once, reported once, and still marked invalid', async () => {
    await caseFile('dateOrder: [unclosed\n');
    const { scan, check } = await checkCaseFolder(caseDir, { scan: { today: TODAY }, policy: { ignore: ['PDF_NO_TEXT'] } });
    expect(reads.count).toBe(1);
    expect(scan.caseFile).toEqual({ path: 'casepack.yaml', valid: false });
    expect(scan.findings.filter((f) => f.code === 'CASEFILE_INVALID')).toHaveLength(1);
    expect(check.findings.filter((f) => f.code === 'CASEFILE_INVALID')).toHaveLength(1);
  });

  it('build on its own: once', async () => {
    await caseFile('patient:\n  name: Test Patient\n');
    const result = await buildPacket(caseDir, { output: path.join(dir, 'packet.zip'), generatedAt: TODAY });
    expect(result.written).toBe(true);
    expect(reads.count).toBe(1);
  });

  it('check then build, as `casepack build` runs them: once, even when the case has no casepack.yaml', async () => {
    const checked = await checkCaseFolder(caseDir, { scan: { today: TODAY } });
    const result = await buildPacket(caseDir, { output: path.join(dir, 'packet.zip'), scan: checked.scan, caseFile: checked.caseFile, check: checked.check, generatedAt: TODAY });
    expect(result.written).toBe(true);
    // Absent is found by the pipeline's one stat of the name (issue 15: the YAML parser and the
    // zod schemas are then never loaded), so the loader is not called at all, by scan or build.
    expect(reads.count).toBe(0);
  });

  it('build given a scan but no case file: reads it (once) for the index', async () => {
    const scan = await scanCase(caseDir, { today: TODAY, caseFile: {} });
    await buildPacket(caseDir, { output: path.join(dir, 'packet.zip'), scan, generatedAt: TODAY });
    expect(reads.count).toBe(1);
  });
});
