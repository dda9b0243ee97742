import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/main.js';
import { parseCaseFile } from '../../src/casefile/load.js';
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
    // Issue 12: the template writes the name as people read it (Given Family), not the stored PN.
    expect(parsed.caseFile?.patient).toMatchObject({ name: 'PERSON TEST', id: 'P-77', birthDate: '1960-02-14' });
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

  it('on a terminal, --no-input and --yes write the template without asking (as off a terminal)', async () => {
    await makeCase();
    const tty = (stream: NodeJS.ReadStream | NodeJS.WriteStream) => vi.spyOn(stream, 'isTTY', 'get').mockReturnValue(true);
    Object.defineProperty(process.stdin, 'isTTY', { value: process.stdin.isTTY, configurable: true });
    Object.defineProperty(process.stdout, 'isTTY', { value: process.stdout.isTTY, configurable: true });
    tty(process.stdin);
    tty(process.stdout);
    for (const flag of ['--no-input', '--yes']) {
      expect(await run(['node', 'casepack', 'init', flag, dir])).toBe(0);
      expect(parseCaseFile(await readFile(path.join(dir, 'casepack.yaml'), 'utf8')).caseFile?.patient).toMatchObject({ id: 'P-77' });
      await rm(path.join(dir, 'casepack.yaml'));
    }
  });

  it('refuses a missing case folder with exit 2 and writes nothing', async () => {
    expect(await run(['node', 'casepack', 'init', path.join(dir, 'nope')])).toBe(2);
    expect(await readdir(dir)).toEqual([]);
  });

  it('--config names the user config: one that does not exist is exit 2 before anything is written', async () => {
    await makeCase();
    const before = await hashTree(dir);
    const missing = path.join(path.dirname(dir), 'no-such-config.yaml');
    expect(await run(['node', 'casepack', 'init', dir, '--config', missing])).toBe(2);
    const said = vi.mocked(process.stderr.write).mock.calls.map(([text]) => String(text)).join('');
    expect(said).toContain(`the config file ${missing} (from --config) does not exist`);
    expect(await hashTree(dir)).toBe(before);
  });
});
