import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from '@cantoo/pdf-lib';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeReportPdf, makeScannedPdf, type ReportSpec } from '../../tools/synth/report-pdf.js';
import { makeTempDir } from '../support/tree.js';

async function textOf(bytes: Uint8Array): Promise<{ pages: number; text: string }> {
  const doc = await getDocumentProxy(bytes.slice(), { verbosity: 0 });
  const { totalPages, text } = await extractText(doc, { mergePages: true });
  await doc.destroy();
  return { pages: totalPages, text };
}

function hasQpdf(): boolean {
  try { execFileSync('qpdf', ['--version'], { stdio: 'ignore' }); return true; } catch { return false; }
}

const pathology: ReportSpec = {
  title: 'Surgical Pathology Report',
  letterhead: { institution: 'Demo General Hospital', department: 'Department of Pathology', lines: ['1 Example Road, Sampletown'] },
  fields: [['Patient', 'Demo^Patient'], ['Date of procedure', '12/09/2025'], ['Specimen', 'Pancreas, core biopsy'], ['Accession', 'DP-25-0001']],
  sections: [
    { heading: 'Diagnosis', blocks: ['Adenocarcinoma, moderately differentiated.'] },
    { heading: 'Immunohistochemistry', blocks: [{ type: 'table', columns: ['Marker', 'Result'], rows: [['CK7', 'Positive'], ['CK20', 'Negative']] }] },
  ],
  signatures: [{ name: 'Dr A. Example', role: 'Consultant Pathologist', date: '14/09/2025' }],
  footer: 'Synthetic document for testing',
};

describe('makeReportPdf', () => {
  it('breaks a paragraph written without spaces between characters, so all of it is printed (it used to run off the page)', async () => {
    const sentences = Array.from({ length: 12 }, (_, i) => `患者第${i + 1}次复查，病情稳定。`);
    const { text } = await textOf(await makeReportPdf({ title: '病历', unicode: true, sections: [{ heading: '病史', blocks: [sentences.join('')] }] }));
    const flat = text.replace(/\s+/g, '');
    for (const sentence of sentences) expect(flat).toContain(sentence);
  });

  it('renders the title, fields, headings, table cells and signature as extractable text', async () => {
    const { pages, text } = await textOf(await makeReportPdf(pathology));
    expect(pages).toBe(1);
    for (const expected of ['Demo General Hospital', 'SURGICAL PATHOLOGY REPORT', 'Date of procedure:', '12/09/2025', 'DIAGNOSIS', 'CK20', 'Negative', 'Dr A. Example', 'Page 1 of 1']) {
      expect(text).toContain(expected);
    }
  });

  it('gives the same bytes for the same spec, and different bytes for a different one', async () => {
    const first = await makeReportPdf(pathology);
    const second = await makeReportPdf(structuredClone(pathology));
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
    const other = await makeReportPdf({ ...pathology, title: 'Cytology Report' });
    expect(Buffer.from(first).equals(Buffer.from(other))).toBe(false);
  });

  it('breaks onto new pages when the text overflows, and repeats nothing it should not', async () => {
    const paragraph = 'The specimen was received in formalin and processed in full. '.repeat(12);
    const rows = Array.from({ length: 80 }, (_, index) => [`Analyte ${index + 1}`, `${index}.0`, '1.0 - 9.0']);
    const spec: ReportSpec = {
      title: 'Long report',
      style: 'modern',
      sections: [
        { heading: 'Narrative', blocks: Array.from({ length: 15 }, () => paragraph) },
        { heading: 'Results', blocks: [{ type: 'table', columns: ['Test', 'Value', 'Reference range'], rows }] },
      ],
    };
    const { pages, text } = await textOf(await makeReportPdf(spec));
    expect(pages).toBeGreaterThan(3);
    expect(text).toContain(`Page ${pages} of ${pages}`);
    expect(text).toContain('Analyte 80');
    // The header row is repeated on each page the table continues onto.
    expect(text.split('Reference range').length - 1).toBeGreaterThan(1);
  });

  it('honours explicit page breaks', async () => {
    const { pages } = await textOf(await makeReportPdf({ title: 'Two pages', style: 'typewriter', sections: [{ blocks: ['one', { type: 'pageBreak' }, 'two'] }] }));
    expect(pages).toBe(2);
  });

  it('writes the metadata it is given, and fixed defaults otherwise', async () => {
    const given = await PDFDocument.load(await makeReportPdf({ ...pathology, metadata: { creationDate: '2025-09-14T10:00:00Z', producer: 'LabSys 4.2', author: 'Pathology' } }), { updateMetadata: false });
    expect(given.getCreationDate()?.toISOString()).toBe('2025-09-14T10:00:00.000Z');
    expect(given.getModificationDate()?.toISOString()).toBe('2025-09-14T10:00:00.000Z');
    expect(given.getProducer()).toBe('LabSys 4.2');
    expect(given.getTitle()).toBe('Surgical Pathology Report');
    const bare = await PDFDocument.load(await makeReportPdf({ ...pathology, metadata: { creationDate: null } }), { updateMetadata: false });
    expect(bare.getCreationDate()).toBeUndefined();
    expect(bare.getModificationDate()).toBeUndefined();
  });

  it('transliterates what WinAnsi fonts cannot draw instead of failing', async () => {
    const { text } = await textOf(await makeReportPdf({ title: 'Łódź', sections: [{ blocks: ['Hb ≥ 12 g/dL, Müller, 日本 ok'] }] }));
    // Ó and ü exist in WinAnsi and stay; Ł is spelt L, ≥ as >=, and the Japanese characters are dropped.
    expect(text).toContain('LÓDZ');
    expect(text).toMatch(/Hb >= 12 g\/dL, Müller, +ok/);
  });
});

describe('makeScannedPdf', () => {
  it('makes image-only pages with no text layer', async () => {
    const bytes = await makeScannedPdf({ pages: 3, seed: 7 });
    const { pages, text } = await textOf(bytes);
    expect(pages).toBe(3);
    expect(text.trim()).toBe('');
    expect(Buffer.from(bytes).includes(Buffer.from('/Subtype /Image'))).toBe(true);
    expect(Buffer.from(bytes).includes(Buffer.from('/Type /Font'))).toBe(false);
  });

  it('is deterministic and depends on its seed', async () => {
    const a = Buffer.from(await makeScannedPdf({ seed: 3 }));
    expect(a.equals(Buffer.from(await makeScannedPdf({ seed: 3 })))).toBe(true);
    expect(a.equals(Buffer.from(await makeScannedPdf({ seed: 4 })))).toBe(false);
  });
});

describe.skipIf(!hasQpdf())('generated PDFs are structurally valid (qpdf --check)', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => { temp = await makeTempDir(); });
  afterAll(async () => { await temp.cleanup(); });

  it('passes qpdf --check', async () => {
    for (const [name, bytes] of [['report.pdf', await makeReportPdf(pathology)], ['scan.pdf', await makeScannedPdf({ pages: 2 })]] as const) {
      const file = path.join(temp.dir, name);
      await writeFile(file, bytes);
      expect(() => execFileSync('qpdf', ['--check', file], { stdio: 'pipe' })).not.toThrow();
    }
  });
});

if (!hasQpdf()) console.warn('\n*** qpdf not installed: the qpdf --check test is SKIPPED ***\n');
