import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markerSeries } from '../../src/classify/markers/index.js';
import type { ScanResult } from '../../src/model/scan.js';
import { scanCase } from '../../src/pipeline/scan.js';
import { hashTree, makeTempDir } from '../support/tree.js';

const PROJECT = path.resolve(import.meta.dirname, '../..');
const DEMO = path.join(PROJECT, 'fixtures/demo-case');

/** Case-relative path -> sha256 of the content (mtimes differ between runs by nature). */
async function contentHashes(root: string): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const abs = path.join(entry.parentPath, entry.name);
    hashes.set(path.relative(root, abs).split(path.sep).join('/'), createHash('sha256').update(await readFile(abs)).digest('hex'));
  }
  return new Map([...hashes].sort(([a], [b]) => a.localeCompare(b)));
}

describe('the bundled demo case', () => {
  let scan: ScanResult;
  let before: string;
  beforeAll(async () => {
    before = await hashTree(DEMO);
    scan = await scanCase(DEMO);
  });

  it('scans with the expected families and nothing that failed to probe', () => {
    expect(scan.summary.byFamily).toEqual({ dicom: 19, dicomdir: 1, pdf: 8, slide: 1, image: 3 });
    const codes = scan.findings.map((item) => item.code);
    expect(codes).not.toContain('PROBE_FAILED');
    expect(codes).not.toContain('PDF_DAMAGED');
    expect(codes).not.toContain('DICOMDIR_MISSING_FILES');
    expect(codes).not.toContain('PATIENT_MISMATCH');
  });

  it('holds a CT study and a PET-CT study on a CD with a DICOMDIR, one fictional patient', () => {
    const studies = scan.dicom.studies.map((study) => ({ date: study.date, modalities: [...study.modalities].sort(), instances: study.instances }));
    expect(studies).toEqual(expect.arrayContaining([
      { date: '2025-09-03', modalities: ['CT'], instances: 10 },
      { date: '2025-10-05', modalities: ['CT', 'DOC', 'PT'], instances: 9 },
    ]));
    expect(scan.patients).toHaveLength(1);
    expect(scan.patients[0]?.name).toMatch(/Demo/);
    const dicomdir = scan.files.find((file) => file.family === 'dicomdir');
    expect(dicomdir?.dicomdir).toMatchObject({ referencedFiles: 19, missingFiles: [] });
  });

  it('has text reports, one scanned PDF without text (read by OCR), an Aperio slide and an embedded PDF report', () => {
    const pdfs = scan.files.filter((file) => file.family === 'pdf');
    expect(pdfs.filter((file) => file.pdf?.hasText)).toHaveLength(7);
    const scanned = pdfs.find((file) => file.path.startsWith('Scan_'));
    expect(scanned?.pdf).toMatchObject({ hasText: false, pages: 1 });
    // Read by OCR: a discharge summary of September, although the scanner dated the file 10 October.
    expect(scanned?.classification).toMatchObject({ category: 'discharge-summary', date: { date: '2025-09-08', start: '2025-09-05', source: 'content' } });
    const pathology = pdfs.find((file) => file.path.includes('Histopathology'));
    expect(pathology?.pdf?.text).toContain('Date of procedure: 12/09/2025');
    expect(scan.files.find((file) => file.family === 'slide')?.slide).toMatchObject({ vendor: 'aperio', scanDate: '2025-09-15' });
    expect(scan.files.find((file) => file.dicom?.kind === 'encapsulated-pdf')?.dicom?.encapsulatedPdf?.length).toBeGreaterThan(1000);
  });

  it('reads a CA 19-9 trend from its lab reports: high at diagnosis, falling on FOLFIRINOX, rising before the second line', () => {
    const [ca199, cea] = markerSeries(scan.files, ['ca19-9', 'cea']);
    expect(ca199?.points.map((p) => [p.date, p.value, p.kind])).toEqual([
      ['2025-09-15', 1250, 'lab-report'], ['2025-10-13', 905, 'lab-report'], ['2025-10-22', 560, 'lab-report'], ['2025-10-28', 612, 'lab-report'], ['2025-10-31', 734, 'lab-report'],
    ]);
    expect([ca199?.units, ca199?.upper, cea?.units, cea?.points.length]).toEqual([['kU/L'], 37, ['µg/L'], 5]);
    expect(scan.findings.map((f) => f.code)).not.toContain('MARKER_UNITS_DIFFER');
  });

  it('holds a letter photographed sideways (EXIF orientation 6) and an iPhone HEIC, both probed at their upright size', () => {
    const photo = (name: string) => scan.files.find((file) => file.path === name)?.image;
    expect(photo('Letters/IMG_20251014_101532.jpg')).toMatchObject({ format: 'jpeg' });
    expect(photo('IMG_4127.HEIC')).toMatchObject({ format: 'heic' });
    for (const name of ['Letters/IMG_20251014_101532.jpg', 'IMG_4127.HEIC']) expect(photo(name)!.height!).toBeGreaterThan(photo(name)!.width!);
  });

  it('follows up its requests: the one to Surgery overdue with a reminder, the clinic\'s partly received', async () => {
    const { checkCaseFolder } = await import('../../src/pipeline/check.js');
    const { check } = await checkCaseFolder(DEMO, { scan: { ocr: { enabled: false } } });
    expect(check.requests?.map((r) => [r.department, r.state, r.businessDays, r.items.map((i) => [i.itemId, i.status])])).toEqual([
      ['Surgery', 'overdue', 19, [['operative-report', 'outstanding']]],
      ['Oncology clinic', 'waiting', 9, [['referral-letter', 'received'], ['medication-list', 'outstanding']]],
    ]);
    expect(check.requests?.[0]?.followUp).toContain('Could you tell us when it will be sent');
    expect(check.findings.filter((f) => f.code === 'REQUEST_OVERDUE')).toHaveLength(1);
  });

  it('is left untouched by scanning, and stays small', async () => {
    expect(await hashTree(DEMO)).toBe(before);
    expect(scan.summary.bytes).toBeLessThan(3 * 1024 * 1024);
  });
});

describe('scripts/make-demo.mjs', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => { temp = await makeTempDir('casepack-demo-'); });
  afterAll(async () => { await temp.cleanup(); });

  it('regenerates the committed demo case byte for byte', async () => {
    // The script runs casepack's writers from tools/ through tsx, and the product from dist/ (`npm test` builds first).
    expect(existsSync(path.join(PROJECT, 'dist/index.js')), 'dist/ is missing: run `npm run build` first').toBe(true);
    const out = path.join(temp.dir, 'demo-case');
    execFileSync(process.execPath, ['--import', 'tsx', path.join(PROJECT, 'scripts/make-demo.mjs'), out], { stdio: 'pipe' });
    const regenerated = await contentHashes(out);
    const committed = await contentHashes(DEMO);
    expect([...regenerated.keys()]).toEqual([...committed.keys()]);
    expect(regenerated).toEqual(committed);
  });
});
