import { describe, expect, it } from 'vitest';
import type { CategoryId } from '../../src/model/categories.js';
import type { FileEntry, ScanResult, Study } from '../../src/model/scan.js';
import { planPacket } from '../../src/plan/plan.js';
import { PacketPlanSchema, type MergedPdfEntry } from '../../src/plan/schema.js';

function doc(path: string, category: CategoryId, date: string | null, extra: Partial<FileEntry> = {}, start?: string): FileEntry {
  return {
    path, size: 1000, mtimeMs: 0, family: 'pdf',
    pdf: { pages: 2, encrypted: false, needsPassword: false, damaged: false, hasText: true, headerOffset: 0, textChars: 100 },
    classification: { category, confidence: 1, reasons: [], date: date ? { date, start, source: 'content', confidence: 1 } : null },
    ...extra,
  };
}

function dicom(path: string, series: string, instance: number, extra: Partial<NonNullable<FileEntry['dicom']>> = {}): FileEntry {
  return {
    path, size: 500, mtimeMs: 0, family: 'dicom',
    dicom: { hasPreamble: true, kind: 'image', studyInstanceUid: '1.2.3', seriesInstanceUid: series, modality: 'CT', studyDate: '2025-10-05', studyDescription: 'CT Chest/Abdomen', seriesDescription: `Series ${series}`, seriesNumber: Number(series.slice(-1)), instanceNumber: instance, ...extra },
    classification: { category: 'imaging', confidence: 1, reasons: [], date: { date: '2025-10-05', source: 'dicom-tag', confidence: 1 } },
  };
}

function scanOf(files: FileEntry[], studies: Study[] = []): ScanResult {
  return {
    schemaVersion: 1, tool: { name: 'casepack', version: 'test' }, root: '/case',
    summary: { files: files.length, bytes: 0, byFamily: {}, skippedJunk: 0 },
    files, dicom: { studies }, duplicates: [], patients: [], findings: [],
  };
}

const merged = (plan: ReturnType<typeof planPacket>): MergedPdfEntry[] => plan.entries.filter((e): e is MergedPdfEntry => e.kind === 'merged-pdf');

describe('planPacket', () => {
  it('names merged PDFs by category and date, labs as a range, undated as Undated, in reading order', () => {
    const plan = planPacket(scanOf([
      doc('b.pdf', 'pathology-report', '2025-09-12'),
      doc('a.pdf', 'pathology-report', '2025-09-12'),
      doc('labs1.pdf', 'lab-results', '2025-06-02'),
      doc('labs2.pdf', 'lab-results', '2025-09-30', {}, '2025-08-01'),
      doc('note.pdf', 'clinical-summary', null),
      doc('pet.pdf', 'imaging-report', '2025-10-05', { classification: { category: 'imaging-report', modality: 'PET-CT', confidence: 1, reasons: [], date: { date: '2025-10-05', source: 'content', confidence: 1 } } }),
    ]), undefined);
    expect(PacketPlanSchema.parse(plan)).toEqual(plan);
    expect(merged(plan).map((e) => e.path)).toEqual([
      'Clinical_Summary_Undated.pdf',
      'Pathology_2025-09-12.pdf',
      'PET_CT_2025-10-05.pdf',
      'Labs_2025-06-02_to_2025-09-30.pdf',
    ]);
    expect(plan.entries.slice(0, 3).map((e) => e.path)).toEqual(['00_Cover_Letter.pdf', '00_Treatment_Summary.pdf', '00_Index.pdf']);
    expect(plan.entries.at(-1)?.path).toBe('manifest-sha256.txt');
    const pathology = merged(plan).find((e) => e.path.startsWith('Pathology'));
    expect(pathology?.sources.map((s) => s.source)).toEqual(['a.pdf', 'b.pdf']);
    expect(pathology?.sources.every((s) => s.bookmark.startsWith('2025-09-12'))).toBe(true);
  });

  it('never invents a date: ambiguous dates are Undated', () => {
    const file = doc('x.pdf', 'pathology-report', '2025-03-04');
    file.classification!.date!.ambiguous = ['2025-03-04', '2025-04-03'];
    expect(merged(planPacket(scanOf([file]), undefined))[0]?.path).toBe('Pathology_Undated.pdf');
  });

  it('splits a group into parts by the size cap, oldest first', () => {
    const files = ['2025-01-01', '2025-02-01', '2025-03-01'].map((d, i) => doc(`r${i}.pdf`, 'treatment-history', d));
    const plan = planPacket(scanOf(files), undefined, { maxMergedBytes: 2000 });
    expect(merged(plan).map((e) => [e.path, e.sources.length])).toEqual([
      ['Treatment_History_2025-01-01_to_2025-03-01_part1.pdf', 2],
      ['Treatment_History_2025-01-01_to_2025-03-01_part2.pdf', 1],
    ]);
  });

  it('copies a PDF more than twice the size cap as it is, so merging stays within bounded memory', () => {
    const huge = doc('scan.pdf', 'pathology-report', '2025-01-01', { size: 5000 });
    const plan = planPacket(scanOf([huge, doc('small.pdf', 'pathology-report', '2025-01-01')]), undefined, { maxMergedBytes: 2000 });
    expect(merged(plan).map((e) => e.sources.map((s) => s.source))).toEqual([['small.pdf']]);
    expect(plan.entries.find((e) => e.kind === 'copy')).toMatchObject({ source: 'scan.pdf', role: 'pdf-as-is' });
  });

  it('leaves out excluded files, duplicates and the DICOMDIR, and lists each', () => {
    const excluded = doc('x.pdf', 'other', null);
    excluded.classification!.excluded = true;
    const plan = planPacket(scanOf([excluded, doc('dup.pdf', 'pathology-report', '2025-01-01', { duplicateOf: 'orig.pdf' }), doc('orig.pdf', 'pathology-report', '2025-01-01'), { path: 'DICOMDIR', size: 10, mtimeMs: 0, family: 'dicomdir' }]), undefined);
    expect(plan.leftOut.map((l) => [l.source, l.reason])).toEqual([['DICOMDIR', 'dicomdir'], ['dup.pdf', 'duplicate'], ['x.pdf', 'excluded']]);
    expect(JSON.stringify(plan.entries)).not.toContain('dup.pdf');
  });

  it('copies password-protected and damaged PDFs as they are, under Unmerged/', () => {
    const locked = doc('locked.pdf', 'discharge-summary', '2025-09-15');
    locked.pdf!.needsPassword = true;
    const plan = planPacket(scanOf([locked]), undefined);
    expect(plan.entries.find((e) => e.kind === 'copy')).toMatchObject({ path: 'Unmerged/Discharge_Summary_2025-09-15_locked.pdf', role: 'pdf-as-is' });
  });

  it('lays imaging out by study and series with sequential names in instance order', () => {
    const files = [dicom('cd/b', '1.2.3.2', 2), dicom('cd/a', '1.2.3.2', 1), dicom('cd/c', '1.2.3.1', 7)];
    const plan = planPacket(scanOf(files, [{ studyInstanceUid: '1.2.3', date: '2025-10-05', description: 'CT Chest/Abdomen', modalities: ['CT'], series: [], instances: 3 }]), undefined);
    const copies = plan.entries.filter((e) => e.kind === 'copy').map((e) => [e.path, e.kind === 'copy' ? e.source : '']);
    expect(copies).toEqual([
      ['Imaging/CT_2025-10-05_CT_Chest_Abdomen/01_Series_1.2.3.1/0001.dcm', 'cd/c'],
      ['Imaging/CT_2025-10-05_CT_Chest_Abdomen/02_Series_1.2.3.2/0001.dcm', 'cd/a'],
      ['Imaging/CT_2025-10-05_CT_Chest_Abdomen/02_Series_1.2.3.2/0002.dcm', 'cd/b'],
    ]);
    expect(plan.studies[0]?.series.map((s) => s.images)).toEqual([1, 2]);
  });

  it('keeps an MRXS slide and its data folder under one stem, byte-for-byte', () => {
    const mrxs: FileEntry = { path: 'slides/S 1.mrxs', size: 10, mtimeMs: 0, family: 'slide', slide: { vendor: 'mirax', container: 'mrxs' } };
    const data: FileEntry[] = ['Slidedat.ini', 'Data0000.dat'].map((n) => ({ path: `slides/S 1/${n}`, size: 10, mtimeMs: 0, family: 'other' }));
    const clash: FileEntry = { path: 'other/S_1.svs', size: 10, mtimeMs: 0, family: 'slide', slide: { vendor: 'aperio', container: 'tiff' } };
    const plan = planPacket(scanOf([clash, mrxs, ...data]), undefined);
    const paths = plan.entries.filter((e) => e.kind === 'copy').map((e) => e.path);
    expect(paths).toEqual(['Slides/S_1.svs', 'Slides/S_1.mrxs', 'Slides/S_1/Data0000.dat', 'Slides/S_1/Slidedat.ini']);
  });

  it('is deterministic and gives unique, portable paths whatever the source names', () => {
    const names = ['Ünïcödé report.pdf', 'CON.pdf', 'a/report.pdf', 'b/report.pdf', 'B/REPORT.pdf', 'فاطمة.txt', 'x'.repeat(300) + '.txt', 'what?*<>|.txt'];
    const files = names.map((n, i) => (n.endsWith('.pdf') ? doc(n, i % 2 ? 'pathology-report' : 'other', null) : { path: n, size: 1, mtimeMs: 0, family: 'text' as const }));
    const a = planPacket(scanOf(files), undefined);
    const b = planPacket(scanOf([...files].reverse()), undefined);
    expect(a).toEqual(b);
    const paths = a.entries.flatMap((e) => [e.path, ...(e.kind === 'merged-pdf' ? e.sources.map((s) => s.fallbackPath) : [])]);
    expect(new Set(paths.map((p) => p.toLowerCase())).size).toBe(paths.length);
    for (const p of paths) {
      for (const component of p.split('/')) {
        expect(component).toMatch(/^[A-Za-z0-9._-]+$/);
        expect(component.length).toBeLessThanOrEqual(90);
      }
    }
  });
});

describe('planPacket: a file date is not a clinical date (issue 11)', () => {
  it('leaves a document dated only by its PDF metadata undated, and says what the file carries', () => {
    const file = doc('path.pdf', 'pathology-report', null);
    file.classification!.date = { date: '2025-12-30', source: 'file-metadata', confidence: 0.2, kind: 'file-created', evidence: 'document metadata' };
    const named = doc('CT_2025-11-02.pdf', 'imaging-report', null);
    named.classification!.date = { date: '2025-11-02', source: 'filename', confidence: 0.5, kind: 'filename' };
    const entries = merged(planPacket(scanOf([file, named]), undefined));
    const pathology = entries.find((e) => e.category === 'pathology-report');
    expect(pathology?.path).toBe('Pathology_Undated.pdf');
    expect(pathology?.date).toBeNull();
    expect(pathology?.sources[0]).toMatchObject({ date: null, fileDated: '2025-12-30' });
    expect(pathology?.sources[0]?.bookmark).toMatch(/^Date unknown \(file dated 2025-12-30\) · /);
    expect(entries.find((e) => e.category === 'imaging-report')?.path).toMatch(/_Undated\.pdf$/);
  });
});
