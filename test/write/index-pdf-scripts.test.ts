import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderIndexPdf } from '../../src/write/index-pdf.js';
import type { IndexModel } from '../../src/write/index-model.js';
import { hasTool, qpdfInfo, run } from '../support/packet-tools.js';
import { makeTempDir } from '../support/tree.js';

const DATE = new Date(Date.UTC(2025, 9, 1));

function model(name: string, rows = 3): IndexModel {
  return {
    caseName: 'case-001',
    patient: { name, birthDate: '1970-01-01', source: 'case file' },
    questions: ['Is surgery still an option?'],
    timeline: Array.from({ length: rows }, (_, i) => ({ date: i % 7 === 6 ? null : `2025-0${1 + (i % 9)}-15`, category: 'Pathology report', title: `Report ${i + 1}`, extent: '2 pages', packetPath: `Pathology_2025-01-15_to_2025-09-15_part${i}.pdf` })),
    missing: [{ title: 'Prior PET-CT', severity: 'required', status: 'missing', request: 'Radiology: the DICOM files of the PET-CT' }],
    checklist: { id: 'general', title: 'General second opinion' },
    leftOut: 1,
    copiedAsIs: [],
    generatedAt: '2025-10-01 00:00:00 UTC',
    tool: 'casepack test',
  };
}

const strip = (s: string): string => s.normalize('NFC').replace(/[\u200e\u200f\u202a-\u202e\s]/g, '');

describe.skipIf(!hasTool('pdftotext') || !hasTool('qpdf'))('00_Index.pdf in any script', () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  beforeAll(async () => { tmp = await makeTempDir(); });
  afterAll(() => tmp.cleanup());

  async function render(name: string, rows = 3): Promise<{ text: string; file: string }> {
    const file = path.join(tmp.dir, `${Math.random().toString(36).slice(2)}.pdf`);
    await writeFile(file, await renderIndexPdf(model(name, rows), DATE));
    expect(run('qpdf', ['--check', file]).status).toBe(0);
    return { text: run('pdftotext', [file, '-']).stdout, file };
  }

  it('renders a Devanagari name with every character extractable', async () => {
    // Shaping moves the reph (र्) after the syllable it sits on, and text extraction follows glyph
    // order, so pdftotext gives the letters of शर्मा in visual order; compare them as a multiset.
    const name = 'अनुराग शर्मा';
    const { text } = await render(name);
    const line = strip(text.split('\n').find((l) => l.startsWith('Name:')) ?? '').replace('Name:', '');
    expect([...line].sort()).toEqual([...strip(name)].sort());
  });

  it.each([
    ['Latin with accents', 'José Núñez-Ölander'],
    ['Arabic', 'فاطمة السيد'],
    ['Cyrillic', 'Анна Петрова'],
  ])('renders a %s name as extractable text', async (_label, name) => {
    const { text } = await render(name);
    expect(strip(text)).toContain(strip(name));
    expect(text).toContain('Is surgery still an option?');
    expect(text).toContain('Prior PET-CT');
  });

  it('draws characters no bundled font covers as "?" instead of failing', async () => {
    // Thai: no bundled face (CJK has faces now: test/write/index-cjk-font.test.ts).
    const { text } = await render('สมชาย Wang');
    expect(text).toContain('????? Wang');
  });

  it('flows a long timeline onto further pages with numbered footers and bookmarks', async () => {
    const { text, file } = await render('Long Case', 120);
    const info = qpdfInfo(file);
    expect(info.pages).toBeGreaterThan(2);
    expect(text).toContain(`page ${info.pages} of ${info.pages}`);
    expect(text).toContain('Report 120');
    expect(info.outlines).toEqual(['Patient and questions', 'Timeline', 'Missing items']);
  });

  it('is byte-identical for the same model and date', async () => {
    const a = Buffer.from(await renderIndexPdf(model('Same Name'), DATE));
    const b = Buffer.from(await renderIndexPdf(model('Same Name'), DATE));
    expect(a.equals(b)).toBe(true);
  });
});
