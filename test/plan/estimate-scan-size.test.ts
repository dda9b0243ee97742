import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FileEntry, ScanResult, Study } from '../../src/model/scan.js';
import { scanCase } from '../../src/pipeline/scan.js';
import { planPacket, planWithoutImagingFiles } from '../../src/plan/plan.js';
import { estimatePacketBytes, estimateScanPacketBytes } from '../../src/plan/split.js';

/** The size-only estimate against the whole plan's, and the plan without DICOM files against the whole plan less them. */
function expectSameAsWholePlan(scan: ScanResult): void {
  const whole = planPacket(scan, undefined);
  expect(estimateScanPacketBytes(scan)).toBe(estimatePacketBytes(whole));
  const { plan, imagingFiles } = planWithoutImagingFiles(scan, undefined);
  const dicomCopies = whole.entries.filter((e) => e.kind === 'copy' && e.role === 'dicom');
  expect(plan.entries).toEqual(whole.entries.filter((e) => !(e.kind === 'copy' && e.role === 'dicom')));
  expect(plan.studies).toEqual(whole.studies);
  expect(plan.leftOut).toEqual(whole.leftOut);
  expect(imagingFiles.count).toBe(dicomCopies.length);
  expect(imagingFiles.pathBytes).toBe(dicomCopies.reduce((n, e) => n + Buffer.byteLength(e.path), 0));
}

function dicom(path: string, study: string, series: string, instance: number | undefined, extra: Partial<FileEntry> = {}, tags: Partial<NonNullable<FileEntry['dicom']>> = {}): FileEntry {
  return {
    path, size: 500 + path.length, mtimeMs: 0, family: 'dicom',
    dicom: { hasPreamble: true, kind: 'image', studyInstanceUid: study, seriesInstanceUid: series, modality: 'CT', studyDate: '2025-10-05', studyDescription: 'CT Thorax', seriesDescription: `Séries ${series}`, seriesNumber: Number(series.slice(-1)), ...(instance === undefined ? {} : { instanceNumber: instance }), ...tags },
    classification: { category: 'imaging', confidence: 1, reasons: [], date: { date: '2025-10-05', source: 'dicom-tag', confidence: 1 } },
    ...extra,
  };
}

function doc(path: string, date: string | null, size = 1000): FileEntry {
  return {
    path, size, mtimeMs: 0, family: 'pdf',
    pdf: { pages: 2, encrypted: false, needsPassword: false, damaged: false, hasText: true, headerOffset: 0, textChars: 100 },
    classification: { category: 'pathology-report', confidence: 1, reasons: [], date: date ? { date, source: 'content', confidence: 1 } : null },
  };
}

function scanOf(files: FileEntry[], studies: Study[], duplicates: ScanResult['duplicates'] = []): ScanResult {
  return {
    schemaVersion: 1, tool: { name: 'casepack', version: 'test' }, root: '/case',
    summary: { files: files.length, bytes: 0, byFamily: {}, skippedJunk: 0 },
    files, dicom: { studies }, duplicates, patients: [], findings: [],
  };
}

describe('the packet size check makes without an entry per DICOM file', () => {
  it('is the whole plan\'s estimate for studies whose folder names collide, long series, slides, duplicates and merged documents', () => {
    const files: FileEntry[] = [];
    // Two studies with the same modality, date and description: the second's folder is `_2`.
    for (let i = 0; i < 30; i++) files.push(dicom(`cd1/IMG${i}`, '1.1', `1.1.${i % 3}`, i % 7 === 0 ? undefined : i));
    for (let i = 0; i < 12; i++) files.push(dicom(`cd2/img${i}`, '1.2', '1.2.1', i));
    // A series of more than 9,999 files: five-digit names.
    for (let i = 0; i < 10_002; i++) files.push(dicom(`big/${i}`, '1.3', '1.3.1', i, {}, { studyDescription: 'Ünïcödé 检查 MR', modality: 'MR' }));
    // A DICOM slide study goes under Slides/, beside a slide file with its own name.
    files.push(dicom('wsi/a.dcm', '1.4', '1.4.1', 1, { classification: { category: 'pathology-slides', confidence: 1, reasons: [], date: null } }, { kind: 'slide-microscopy', modality: 'SM' }));
    files.push({ path: 'slides/S 1.svs', size: 10, mtimeMs: 0, family: 'slide', slide: { vendor: 'aperio', container: 'tiff' } });
    // Documents merged (and split in parts by the cap), a second copy left out, a loose file.
    for (let i = 0; i < 5; i++) files.push(doc(`docs/p${i}.pdf`, i < 3 ? '2025-09-12' : null, 30 * 1024 * 1024));
    files.push({ ...doc('docs/copy-of-p0.pdf', '2025-09-12', 30 * 1024 * 1024), duplicateOf: 'docs/p0.pdf' });
    files.push(dicom('cd2/copy-of-img3', '1.2', '1.2.1', 3, { duplicateOf: 'cd2/img3' }));
    files.push({ path: 'notes.txt', size: 12, mtimeMs: 0, family: 'text' });
    const studies: Study[] = [
      { studyInstanceUid: '1.1', date: '2025-10-05', description: 'CT Thorax', modalities: ['CT'], series: [], instances: 30 },
      { studyInstanceUid: '1.2', date: '2025-10-05', description: 'CT Thorax', modalities: ['CT'], series: [], instances: 12 },
    ];
    const duplicates: ScanResult['duplicates'] = [{ kind: 'content', paths: ['docs/p0.pdf', 'docs/copy-of-p0.pdf'] }];
    const scan = scanOf(files, studies, duplicates);
    expect(planPacket(scan, undefined).entries.some((e) => e.path.endsWith('_2/01_Series_1.2.1/0001.dcm'))).toBe(true);
    expect(planPacket(scan, undefined).entries.some((e) => e.path.endsWith('/10002.dcm'))).toBe(true);
    expect(planPacket(scan, undefined).leftOut.filter((l) => l.reason === 'duplicate').map((l) => l.source)).toEqual(['cd2/copy-of-img3', 'docs/copy-of-p0.pdf']);
    expectSameAsWholePlan(scan);
  });

  it.each(['fixtures/demo-case', 'fixtures/chaos-case'])('is the whole plan\'s estimate for %s', async (root) => {
    expectSameAsWholePlan(await scanCase(root, { ocr: { enabled: false } }));
  }, 60_000);

  // The bench's synthetic CD (npm run bench makes it): 3,000 DICOM files and a DICOMDIR.
  const benchCd = existsSync('bench/.work/cd-3000.complete');
  if (!benchCd) console.warn('\n*** bench/.work/cd-3000 not made (npm run bench -- scan makes it): its size-estimate test is SKIPPED ***\n');
  it.runIf(benchCd)('is the whole plan\'s estimate for the bench\'s 3,000-file CD', async () => {
    expectSameAsWholePlan(await scanCase('bench/.work/cd-3000', { ocr: { enabled: false } }));
  }, 120_000);
});
