import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditDuplicates, compareFiles, normalise, normalisePersonName } from '../../tools/eval/dicom-check.js';
import { writeDicom } from '../../tools/synth/dicom-writer.js';

const python = process.env['CASEPACK_REFERENCE_PYTHON'] ?? '/usr/bin/python3';
const pydicomAvailable = spawnSync(python, ['-c', 'import pydicom'], { stdio: 'ignore' }).status === 0;
if (!pydicomAvailable) console.warn('\n*** pydicom (python3-pydicom) not found: the real-DICOM check runner tests are SKIPPED ***\n');

const dir = mkdtempSync(path.join(tmpdir(), 'casepack-dicom-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('normalising values before comparing', () => {
  it('drops empty trailing name components and groups, and padding', () => {
    expect(normalisePersonName('Doe^John^^^=')).toBe('Doe^John');
    expect(normalise('patientName', 'Yamada^Tarou=山田^太郎 ')).toBe('Yamada^Tarou=山田^太郎');
  });
  it('reads DICOM and ACR-NEMA dates as the same ISO date', () => {
    expect(normalise('studyDate', '19970424')).toBe('1997-04-24');
    expect(normalise('studyDate', '1997.04.24')).toBe('1997-04-24');
    expect(normalise('studyDate', '1997-04-24')).toBe('1997-04-24');
  });
});

describe.skipIf(!pydicomAvailable)('the check-set runner', () => {
  it('agrees with pydicom on writer-made files and reads a text file as neither', async () => {
    const folder = path.join(dir, 'agree');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'a.dcm'), writeDicom({ patientName: 'Doe^Jane', patientId: 'ID1', studyDate: '20240102', rows: 4, columns: 4, pixelData: { length: 32 } }));
    writeFileSync(path.join(folder, 'b.dcm'), writeDicom({ transferSyntax: 'implicit-le', patientName: 'Roe^Richard', modality: 'MR' }));
    writeFileSync(path.join(folder, 'notes.txt'), 'not DICOM at all\n');
    const result = await compareFiles([folder]);
    expect(result.files).toBe(3);
    expect(result.readByBoth).toBe(2);
    expect(result.misreads).toEqual([]);
    expect(result.crashes).toEqual([]);
    expect(result.oneSided).toEqual([]);
  });

  it('checks that a left-out duplicate has the same bytes as the file kept', async () => {
    const folder = path.join(dir, 'dups');
    mkdirSync(folder);
    const image = writeDicom({ sopInstanceUid: '1.2.3.4.5.6.7.8.9', rows: 2, columns: 2, pixelData: { length: 8 } });
    writeFileSync(path.join(folder, 'a.dcm'), image);
    writeFileSync(path.join(folder, 'copy.dcm'), image);
    const audit = await auditDuplicates(folder);
    expect(audit.duplicates).toBe(1);
    expect(audit.duplicatesIdentical).toBe(1);
    expect(audit.duplicateFailures).toEqual([]);
  });
});
