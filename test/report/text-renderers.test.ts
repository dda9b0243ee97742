import { describe, expect, it } from 'vitest';
import { loadChecklist } from '../../src/check/checklist-schema.js';
import { finding } from '../../src/findings/codes.js';
import type { FileEntry, ScanResult, Study } from '../../src/model/scan.js';
import { planPacket } from '../../src/plan/plan.js';
import { renderBuildSummary } from '../../src/report/build-text.js';
import { renderBatchTable, renderCheckText } from '../../src/report/check-text.js';
import { renderChecklist, renderChecklistIndex } from '../../src/report/checklist-text.js';
import { renderFindings } from '../../src/report/findings-text.js';
import { renderPlanText } from '../../src/report/plan-text.js';
import { renderInventory } from '../../src/report/scan-text.js';
import type { TextStyle } from '../../src/report/style.js';
import { mixedCase } from '../support/scan-builder.js';

/** Marks every styled span, so a test sees exactly what the renderer emphasised and how. */
const MARKED: TextStyle = {
  bold: (t) => `<b>${t}</b>`, dim: (t) => `<dim>${t}</dim>`, red: (t) => `<red>${t}</red>`,
  green: (t) => `<green>${t}</green>`, yellow: (t) => `<yellow>${t}</yellow>`, blue: (t) => `<blue>${t}</blue>`,
};
const ANSI = /\u001b\[/;

function pdf(path: string, category: 'pathology-report' | 'lab-results', date: string): FileEntry {
  return {
    path, size: 1000, mtimeMs: 0, family: 'pdf',
    pdf: { pages: 2, encrypted: false, needsPassword: false, damaged: false, hasText: true, headerOffset: 0, textChars: 100, title: path.toUpperCase() },
    classification: { category, confidence: 1, reasons: [], date: { date, source: 'content', confidence: 1 } },
  };
}

function ct(path: string, series: string, instance: number): FileEntry {
  return {
    path, size: 500, mtimeMs: 0, family: 'dicom',
    dicom: { hasPreamble: true, kind: 'image', studyInstanceUid: '1.2.3', seriesInstanceUid: series, modality: 'CT', studyDate: '2025-10-05', studyDescription: 'CT Chest', seriesDescription: `Series ${series}`, seriesNumber: Number(series.slice(-1)), instanceNumber: instance },
    classification: { category: 'imaging', confidence: 1, reasons: [], date: { date: '2025-10-05', source: 'dicom-tag', confidence: 1 } },
  };
}

function smallCase(): ScanResult {
  const files: FileEntry[] = [
    pdf('path.pdf', 'pathology-report', '2025-09-12'),
    { ...pdf('copy.pdf', 'pathology-report', '2025-09-12'), duplicateOf: 'path.pdf' },
    ct('cd/1', '1.2.3.1', 1), ct('cd/2', '1.2.3.1', 2), ct('cd/3', '1.2.3.2', 1),
    { path: 'notes.txt', size: 10, mtimeMs: 0, family: 'text', classification: { category: 'other', confidence: 0, reasons: [], date: null } },
  ];
  const studies: Study[] = [{ studyInstanceUid: '1.2.3', date: '2025-10-05', modalities: ['CT'], description: 'CT Chest', series: [], instances: 3 }];
  return {
    schemaVersion: 1, tool: { name: 'casepack', version: 'test' }, root: '/case',
    summary: { files: files.length, bytes: 0, byFamily: {}, skippedJunk: 0 },
    files, dicom: { studies }, duplicates: [], patients: [], findings: [],
  };
}

describe('renderPlanText (build --dry-run)', () => {
  it('lists the packet in packet order: index, merged PDFs with bookmarks, copies, studies by series, reports, then what is left out', () => {
    const plan = planPacket(smallCase(), undefined);
    expect(renderPlanText(plan)).toBe([
      'Packet plan (nothing written)',
      '  00_Cover_Letter.pdf',
      '  00_Treatment_Summary.pdf',
      '  00_Index.pdf',
      '  Pathology_2025-09-12.pdf',
      '      ▸ 2025-09-12 · PATH.PDF  path.pdf',
      '  Other/notes.txt  ← notes.txt',
      '  Imaging/CT_2025-10-05_CT_Chest/',
      '      01_Series_1.2.3.1/  2 image(s)',
      '      02_Series_1.2.3.2/  1 image(s)',
      '  manifest.json',
      '  manifest-sha256.txt',
      'Left out',
      '  copy.pdf  same content as path.pdf',
      '',
    ].join('\n'));
  });

  it('takes its emphasis from the style it is given, and is plain without one', () => {
    const plan = planPacket(smallCase(), undefined);
    const marked = renderPlanText(plan, { style: MARKED });
    expect(marked).toContain('<b>Packet plan (nothing written)</b>\n');
    expect(marked).toContain('      <dim>▸</dim> 2025-09-12 · PATH.PDF  <dim>path.pdf</dim>\n');
    expect(marked).toContain('  Other/notes.txt  <dim>← notes.txt</dim>\n');
    expect(marked).toContain('<b>Left out</b>\n');
    expect(renderPlanText(plan)).not.toMatch(/<|\u001b/);
  });
});

describe('text renderers are pure strings', () => {
  it('findings: fixed-width severity, the first paths, "… and N more", then the hint', () => {
    const paths = ['a', 'b', 'c'];
    const text = renderFindings([finding('PDF_DAMAGED', paths), finding('DATE_MISSING', 'x.pdf')], { maxPathsPerFinding: 2 });
    expect(text).toBe([
      `  error   PDF_DAMAGED  ${finding('PDF_DAMAGED', paths).message}`,
      '           a',
      '           b',
      '           … and 1 more',
      `           → ${finding('PDF_DAMAGED', paths).hint}`,
      `  info    DATE_MISSING  ${finding('DATE_MISSING', 'x.pdf').message}`,
      '           x.pdf',
      `           → ${finding('DATE_MISSING', 'x.pdf').hint}`,
      '',
    ].join('\n'));
    expect(renderFindings([finding('PDF_NO_TEXT', 'p.pdf')], { style: MARKED })).toContain('<yellow>warning</yellow> <b>PDF_NO_TEXT</b>');
  });

  it('scan inventory, check, batch table and build summary: plain by default, styled only through the style', async () => {
    const { scan, check } = await mixedCase();
    const renderings = [
      renderInventory(scan, { explain: true }),
      renderCheckText(check, scan),
      renderBatchTable([{ case: 'a', check, exitCode: 1, seconds: 1 }, { case: 'b', error: 'case folder not found: b', exitCode: 2, seconds: 0 }]),
      renderBuildSummary({ written: true, packetBytes: 2048, findings: [], summary: { entries: 3, encrypted: false } }, check, { shownOutput: 'p.zip' }),
    ];
    for (const text of renderings) {
      expect(text).not.toMatch(ANSI);
      expect(text.endsWith('\n')).toBe(true);
    }
    expect(renderings[0]).toContain(`Case: ${scan.root}`);
    expect(renderings[1]).toContain('✗ Incomplete.');
    expect(renderings[2]).toContain('2 case(s): 0 complete, 1 incomplete, 1 could not be checked.');
    expect(renderings[3]).toMatch(/^✓ Packet written: p\.zip \(2\.0 KB, 3 entries\)\n/);
    expect(renderCheckText(check, scan, { style: MARKED })).toContain('<red><b>✗ Incomplete.</b></red>');
    const gap = { ...check, items: check.items.map((item, n) => (n === 0 ? { ...item, status: 'missing' as const, severity: 'required' as const } : item)) };
    const notWritten = renderBuildSummary({ written: false, packetBytes: 0, findings: [], summary: { entries: 0, encrypted: false } }, gap, { shownOutput: 'p.zip' });
    expect(notWritten).not.toContain('Packet written');
    expect(notWritten).toContain(`Still missing (${check.checklist.title}):\n  ✗ ${gap.items[0]?.title}`);
  });

  it('checklists: the index and one resolved list with what it inherits', async () => {
    const list = await loadChecklist('pancreatic');
    const shown = renderChecklist(list);
    expect(shown.split('\n')[0]).toBe(`${list.title} (pancreatic)  extends general`);
    expect(shown).toContain('CA 19-9 results over time');
    const index = renderChecklistIndex([{ id: 'general', title: 'General', items: 6 }, { id: 'pancreatic', title: 'Pancreatic', items: 9, extends: 'general' }]);
    expect(index).toBe('general     General (6 items)\npancreatic  Pancreatic (9 items, extends general)\n\ncasepack checklists show <id>   ·   casepack check <case> --checklist <id|file.yaml>\n');
  });
});
