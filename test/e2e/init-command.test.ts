import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/main.js';
import { parseCaseFile } from '../../src/casefile/load.js';
import { renderCaseFileTemplate } from '../../src/report/casefile-template.js';
import { SCAN_SCHEMA_VERSION, type ScanResult } from '../../src/model/scan.js';
import { writeDicom } from '../../tools/synth/dicom-writer.js';
import { makeReportPdf, makeScannedPdf } from '../../tools/synth/report-pdf.js';
import { hashTree, makeTempDir } from '../support/tree.js';

let dir: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  process.exitCode = undefined;
});
afterEach(async () => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
  await cleanup();
});

async function makeCase(): Promise<void> {
  await writeFile(path.join(dir, 'pathology.pdf'), await makeReportPdf({
    title: 'Histopathology Report',
    fields: [['Name', 'Test Person'], ['Date of biopsy', '25/08/2025']],
    sections: [{ heading: 'Microscopic description', blocks: ['Adenocarcinoma, moderately differentiated.'] }],
  }));
  await writeFile(path.join(dir, 'Scan_0003.pdf'), await makeScannedPdf());
  await writeFile(path.join(dir, 'IM0001'), writeDicom({ modality: 'CT', patientName: 'TEST^PERSON', patientId: 'P-77', patientBirthDate: '19600214', studyDate: '20250901', rows: 4, columns: 4, pixelData: { length: 32 } }));
}

describe('casepack init', () => {
  it('writes a valid, prefilled casepack.yaml and touches nothing else', async () => {
    await makeCase();
    const before = await hashTree(dir);
    expect(await run(['node', 'casepack', 'init', dir])).toBe(0);
    const text = await readFile(path.join(dir, 'casepack.yaml'), 'utf8');
    const parsed = parseCaseFile(text);
    expect(parsed.findings).toEqual([]);
    expect(parsed.caseFile?.patient).toMatchObject({ name: 'TEST^PERSON', id: 'P-77', birthDate: '1960-02-14' });
    expect(parsed.caseFile?.dateOrder).toBe('DMY');
    expect(text).toMatch(/# {3}- path: Scan_0003\.pdf\s+# TODO what is it\?/);
    expect(text).not.toMatch(/path: pathology\.pdf/);
    expect(text).toContain('# physical:');
    await rm(path.join(dir, 'casepack.yaml'));
    expect(await hashTree(dir)).toBe(before);
  });

  it('never overwrites an existing casepack.yaml (exit 2)', async () => {
    await makeCase();
    await writeFile(path.join(dir, 'casepack.yaml'), 'dateOrder: MDY\n');
    const before = await hashTree(dir);
    expect(await run(['node', 'casepack', 'init', dir])).toBe(2);
    expect(await readFile(path.join(dir, 'casepack.yaml'), 'utf8')).toBe('dateOrder: MDY\n');
    expect(await hashTree(dir)).toBe(before);
  });

  it('refuses a missing case folder with exit 2 and writes nothing', async () => {
    expect(await run(['node', 'casepack', 'init', path.join(dir, 'nope')])).toBe(2);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('date-order guess', () => {
  it('writes dateOrder live only when the documents agree', async () => {
    const scanWith = (texts: string[]): ScanResult => ({
      schemaVersion: SCAN_SCHEMA_VERSION, tool: { name: 'casepack', version: 't' }, root: '/c',
      summary: { files: texts.length, bytes: 0, byFamily: {}, skippedJunk: 0 },
      files: texts.map((t, i) => ({ path: `${i}.txt`, size: 1, mtimeMs: 0, family: 'text', text: { encoding: 'utf-8', chars: t.length, content: t } })),
      dicom: { studies: [] }, duplicates: [], patients: [], findings: [],
    });
    const today = new Date('2026-01-15');
    const agree = parseCaseFile(renderCaseFileTemplate(scanWith(['Seen 25/03/2025', 'Collected 14/02/2025']), { today }));
    expect(agree.caseFile?.dateOrder).toBe('DMY');
    const mixed = renderCaseFileTemplate(scanWith(['Seen 25/03/2025', 'Collected 03/25/2025']), { today });
    expect(parseCaseFile(mixed).caseFile?.dateOrder).toBeUndefined();
    expect(mixed).toContain('The documents disagree: 1 write day first, 1 month first');
  });
});
