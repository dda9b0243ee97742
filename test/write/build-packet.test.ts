import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/model/scan.js';
import { buildPacket, OutputRefusedError, type BuildResult } from '../../src/pipeline/build.js';
import { ManifestSchema } from '../../src/write/manifest-schema.js';
import { FIXTURE_PATIENT, FIXTURE_QUESTION, scanFixtureCase, writeFixtureCase, type FixtureCase } from '../support/packet-fixtures.js';
import { hasTool, qpdfInfo, run } from '../support/packet-tools.js';
import { hashTree, makeTempDir } from '../support/tree.js';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('buildPacket on a generated case', () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  let fixture: FixtureCase;
  let scan: ScanResult;
  let treeBefore: string;
  let result: BuildResult;
  let packet: string;
  let extracted: string;

  beforeAll(async () => {
    tmp = await makeTempDir();
    fixture = await writeFixtureCase(path.join(tmp.dir, 'case'));
    treeBefore = await hashTree(fixture.root);
    scan = await scanFixtureCase(fixture.root);
    packet = path.join(tmp.dir, 'out', 'packet.zip');
    await mkdir(path.dirname(packet));
    result = await buildPacket(fixture.root, { output: packet, scan });
    extracted = path.join(tmp.dir, 'x');
    await mkdir(extracted);
    run('unzip', ['-q', packet, '-d', extracted]);
  });
  afterAll(() => tmp.cleanup());

  it('writes the packet and nothing else beside it (no temp or staging left)', async () => {
    expect(result.written).toBe(true);
    expect(await readdir(path.dirname(packet))).toEqual(['packet.zip', 'packet.zip.sha256']);
  });

  it('never touches the case folder', async () => {
    expect(await hashTree(fixture.root)).toBe(treeBefore);
  });

  it.skipIf(!hasTool('unzip'))('passes unzip -t', () => {
    const r = run('unzip', ['-t', packet]);
    expect(r.stdout).toContain('No errors detected');
    expect(r.status).toBe(0);
  });

  it.skipIf(!hasTool('7z'))('passes 7z t', () => {
    const r = run('7z', ['t', packet]);
    expect(r.stdout).toContain('Everything is Ok');
  });

  it.skipIf(!hasTool('sha256sum'))('passes sha256sum -c manifest-sha256.txt in the extracted tree', () => {
    const r = run('sha256sum', ['-c', '--strict', 'manifest-sha256.txt'], extracted);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n').length).toBe(result.manifest!.entries.length + 1);
  });

  it('has a valid manifest listing every entry but the two manifests', async () => {
    const manifest = ManifestSchema.parse(JSON.parse(await readFile(path.join(extracted, 'manifest.json'), 'utf8')));
    const listing = run('unzip', ['-Z1', packet]).stdout.trim().split('\n');
    expect([...manifest.entries.map((e) => e.path), 'manifest.json', 'manifest-sha256.txt']).toEqual(listing);
    expect(listing.slice(0, 3)).toEqual(['00_Cover_Letter.pdf', '00_Treatment_Summary.pdf', '00_Index.pdf']);
  });

  it.skipIf(!hasTool('qpdf'))('merges each category oldest first: qpdf --check passes, pages add up, one bookmark per source', async () => {
    const mergedEntries = result.manifest!.entries.filter((e) => e.derivation === 'merged');
    expect(mergedEntries.map((e) => e.path)).toEqual([
      'Clinical_Summary_2025-05-20.pdf', 'Clinical_Summary_Undated.pdf', 'Pathology_2025-06-02_to_2025-09-12.pdf',
      'Molecular_2025-07-01.pdf', 'PET_CT_2025-10-05.pdf', 'Labs_2025-06-02_to_2025-09-30.pdf',
    ]);
    for (const entry of mergedEntries) {
      const file = path.join(extracted, entry.path);
      expect(run('qpdf', ['--check', file]).status, entry.path).toBe(0);
      const info = qpdfInfo(file);
      const expectedPages = entry.sources.reduce((n, s) => n + (fixture.pages[s] ?? (s.endsWith('.png') ? 1 : (s.includes('biopsy') ? 2 : NaN))), 0);
      expect(info.pages, entry.path).toBe(expectedPages);
      expect(info.outlines.length, entry.path).toBe(entry.sources.length);
    }
    // The report sent as a DICOM Encapsulated PDF is read with the imaging reports (and stays in its study).
    expect(mergedEntries.find((e) => e.path === 'PET_CT_2025-10-05.pdf')?.sources).toEqual(['CD/DICOM/DOC/REPORT1', 'reports/pet report.pdf']);
    expect(result.manifest!.entries.some((e) => e.path.endsWith('.dcm') && e.sources[0] === 'CD/DICOM/DOC/REPORT1')).toBe(true);
    const pathology = qpdfInfo(path.join(extracted, 'Pathology_2025-06-02_to_2025-09-12.pdf'));
    expect(pathology.outlines).toEqual(['2025-06-02 · Core biopsy, left breast', '2025-09-12 · Lumpectomy']);
  });

  it('decrypts an owner-password-only PDF for merging, copies a password-protected one as it is and keeps a damaged one out as a problem file', async () => {
    expect(result.manifest!.entries.find((e) => e.path === 'Molecular_2025-07-01.pdf')?.sources).toEqual(['reports/restricted.pdf']);
    const asIs = result.findings.filter((f) => f.code === 'BUILD_PDF_COPIED_AS_IS').map((f) => f.paths[0]).sort();
    // Issue 12: a damaged PDF is listed under Problems and kept out of the packet, no longer copied as if fine.
    expect(asIs).toEqual(['reports/locked.pdf']);
    expect(result.manifest!.leftOut.find((l) => l.source === 'reports/broken.pdf')?.reason).toBe('problem-file');
    expect(result.manifest!.entries.some((e) => e.sources.includes('reports/broken.pdf'))).toBe(false);
    for (const source of asIs) {
      const entry = result.manifest!.entries.find((e) => e.sources[0] === source);
      expect(entry?.derivation).toBe('copied-as-is');
      expect(await readFile(path.join(extracted, entry!.path))).toEqual(await readFile(path.join(fixture.root, source!)));
    }
  });

  it.skipIf(!hasTool('pdftotext'))('00_Index.pdf shows the patient (in Arabic too), the question and the timeline', () => {
    const text = run('pdftotext', ['-layout', path.join(extracted, '00_Index.pdf'), '-']).stdout.normalize('NFC');
    expect(text).toContain('Fatima Al-Sayed');
    // pdftotext may wrap Arabic in directional marks; compare the letters.
    const arabic = FIXTURE_PATIENT.split(' ').slice(2).join(' ');
    expect(text.replace(/[\u200e\u200f\u202a-\u202e]/g, '')).toContain(arabic);
    expect(text).toContain(FIXTURE_QUESTION);
    expect(text).toContain('Timeline');
    for (const p of ['Labs_2025-06-02_to_2025-09-30.pdf', 'CT_2025-10-05_CT_CHEST_ABDOMEN/', 'Slides/H_E_block_A1.svs', 'Unmerged/']) expect(text).toContain(p);
    expect(text.indexOf('2025-05-20')).toBeLessThan(text.indexOf('2025-10-05'));
  });

  it('packs DICOM and slide files byte-for-byte under the imaging layout', async () => {
    for (const entry of result.manifest!.entries.filter((e) => e.path.endsWith('.dcm') || e.path.startsWith('Slides/'))) {
      const source = entry.sources[0]!;
      expect(sha(await readFile(path.join(extracted, entry.path)))).toBe(sha(await readFile(path.join(fixture.root, source))));
    }
    const dicomEntries = result.manifest!.entries.filter((e) => e.path.endsWith('.dcm')).map((e) => e.path);
    expect(dicomEntries).toHaveLength(fixture.dicomPaths.length);
    expect(dicomEntries[0]).toBe('Imaging/CT_2025-10-05_CT_CHEST_ABDOMEN/01_AXIAL_5mm/0001.dcm');
    // Sequential names follow InstanceNumber (the fixture numbers IM3 as instance 1).
    expect(result.manifest!.entries.find((e) => e.path === dicomEntries[0])?.sources).toEqual(['CD/DICOM/S0/IM3']);
  });

  it.skipIf(!hasTool('unzip'))('stores already-compressed data and deflates the rest', () => {
    const verbose = run('unzip', ['-v', packet]).stdout;
    expect(verbose).toMatch(/Stored.*Slides\/H_E_block_A1\.svs/);
    expect(verbose).toMatch(/Defl:N.*00_Index\.pdf/);
  });

  it('gives a byte-identical packet when built again', async () => {
    const again = path.join(tmp.dir, 'out', 'again.zip');
    const second = await buildPacket(fixture.root, { output: again, scan: await scanFixtureCase(fixture.root) });
    expect(second.written).toBe(true);
    expect(sha(await readFile(again))).toBe(sha(await readFile(packet)));
    await import('node:fs/promises').then((fs) => fs.rm(again));
  });

  it('refuses an output inside the case folder and an existing file without --force', async () => {
    await expect(buildPacket(fixture.root, { output: path.join(fixture.root, 'packet.zip'), scan })).rejects.toBeInstanceOf(OutputRefusedError);
    await expect(buildPacket(fixture.root, { output: packet, scan })).rejects.toMatchObject({ reason: 'exists' });
    expect(await hashTree(fixture.root)).toBe(treeBefore);
  });

  it('merges a password-protected PDF when its password is given, and copies it as it is with a wrong one', async () => {
    const right = await buildPacket(fixture.root, { output: path.join(tmp.dir, 'out', 'pw.zip'), scan, pdfPassword: 'user-secret' });
    expect(right.manifest!.entries.find((e) => e.path.startsWith('Discharge_Summary_2025-09-15'))).toMatchObject({ derivation: 'merged', sources: ['reports/locked.pdf'] });
    const wrong = await buildPacket(fixture.root, { output: path.join(tmp.dir, 'out', 'pw-wrong.zip'), scan, pdfPassword: 'nope' });
    expect(wrong.findings.filter((f) => f.code === 'BUILD_PDF_COPIED_AS_IS').map((f) => f.paths[0]).sort()).toEqual(['reports/locked.pdf']);
    const { rm } = await import('node:fs/promises');
    await rm(path.join(tmp.dir, 'out', 'pw.zip'));
    await rm(path.join(tmp.dir, 'out', 'pw-wrong.zip'));
  });

  it('stops with BUILD_SOURCE_CHANGED when a file changed after the scan, leaving no file and no temp', async () => {
    const { dir, cleanup } = await makeTempDir();
    try {
      const copy = await writeFixtureCase(path.join(dir, 'case'));
      const staleScan = await scanFixtureCase(copy.root);
      const victim = path.join(copy.root, copy.dicomPaths[1]!);
      await writeFile(victim, Buffer.concat([await readFile(victim), Buffer.from('more')]));
      const info = await stat(victim);
      await utimes(victim, info.atime, new Date(info.mtimeMs + 5000));
      const out = path.join(dir, 'changed.zip');
      const changed = await buildPacket(copy.root, { output: out, scan: staleScan });
      expect(changed.written).toBe(false);
      expect(changed.findings.map((f) => [f.code, f.paths[0]])).toContainEqual(['BUILD_SOURCE_CHANGED', copy.dicomPaths[1]]);
      expect((await readdir(dir)).sort()).toEqual(['case']);

      const { rm } = await import('node:fs/promises');
      const freshScan = await scanFixtureCase(copy.root);
      await rm(path.join(copy.root, copy.slidePath));
      const vanished = await buildPacket(copy.root, { output: out, scan: freshScan });
      expect(vanished.written).toBe(false);
      expect(vanished.findings.filter((f) => f.code === 'BUILD_SOURCE_CHANGED').map((f) => f.paths[0])).toEqual([copy.slidePath]);
      expect((await readdir(dir)).sort()).toEqual(['case']);
    } finally {
      await cleanup();
    }
  });
});
