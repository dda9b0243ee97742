import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadDocumentReading } from '../../src/classify/index.js';
import { DocumentPrereads } from '../../src/classify/preread.js';
import { TextPrereader } from '../../src/pipeline/preread.js';
import { scanCase } from '../../src/pipeline/scan.js';
import { renderScanJsonChunks } from '../../src/report/scan-json.js';
import { FOREIGN_REPORTS } from '../../tools/synth/foreign-reports.js';
import { makeReportPdf } from '../../tools/synth/report-pdf.js';
import { hashTree, makeTempDir } from '../support/tree.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
afterEach(async () => cleanup());

const ENGLISH = {
  title: 'Surgical Pathology Report',
  letterhead: { institution: 'Synthetic General Hospital', department: 'Pathology' },
  fields: [['Patient', 'DOE, JANE'], ['Date of birth', '03/04/1961'], ['Date of procedure', '12/09/2025']] as [string, string][],
  sections: [{ heading: 'Diagnosis', blocks: ['Invasive ductal carcinoma, grade 2. Margins clear.'] }],
};

/** Reports in every language the classifier reads, English ones, two copies of one text, a PDF without text and a damaged one. */
async function documentCase(root: string): Promise<void> {
  for (const report of FOREIGN_REPORTS) await writeFile(path.join(root, `${report.language}-${report.file}`), await makeReportPdf(report.spec));
  const english = await makeReportPdf(ENGLISH);
  await writeFile(path.join(root, 'pathology.pdf'), english);
  await writeFile(path.join(root, 'pathology-copy.pdf'), english);
  await writeFile(path.join(root, 'letter.pdf'), await makeReportPdf({ ...ENGLISH, title: 'Clinic letter', sections: [{ heading: 'Plan', blocks: ['Start adjuvant chemotherapy.'] }] }));
  await writeFile(path.join(root, 'blank.pdf'), await makeReportPdf({ title: ' ', sections: [] }));
  await writeFile(path.join(root, 'damaged.pdf'), '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
}

async function scanJson(root: string, readAhead: boolean): Promise<string> {
  const scan = await scanCase(root, { readAhead, ocr: { enabled: false }, today: new Date('2026-12-01') });
  return [...renderScanJsonChunks(scan, { includeText: true, includeIdentity: true })].join('');
}

describe('reading PDFs\' texts ahead, while the decode workers run', () => {
  it('gives the same scan, byte for byte, as reading them in the classify stage', async () => {
    await documentCase(dir);
    const before = await hashTree(dir);
    // Loaded first, so the read-ahead starts with the first text that comes back (not only once the reader has loaded).
    await loadDocumentReading();
    const later = await scanJson(dir, false);
    const given = vi.spyOn(DocumentPrereads.prototype, 'verdict');
    const ahead = await scanJson(dir, true);
    // Verdicts read ahead were used (the first text is read as soon as it comes back).
    expect(given.mock.results.filter((r) => r.value !== undefined).length).toBeGreaterThan(0);
    given.mockRestore();
    expect(ahead).toBe(later);
    const parsed = JSON.parse(later) as { files: Array<{ path: string; classification?: { language?: { code: string } } }> };
    expect(new Set(parsed.files.map((f) => f.classification?.language?.code)).size).toBeGreaterThan(4);
    expect(await hashTree(dir)).toBe(before);
  }, 120_000);
});

describe('DocumentPrereads', () => {
  it('answers only for the very text it read, with the model allowed, and gives a verdict once', async () => {
    const reading = await loadDocumentReading();
    const prereads = new DocumentPrereads(reading);
    const text = 'SURGICAL PATHOLOGY REPORT\nDate of procedure: 12/09/2025\nDIAGNOSIS\nInvasive ductal carcinoma.';
    prereads.read('a.pdf', text);
    prereads.read('blank.pdf', ' \n ');
    expect(prereads.size).toBe(1);
    expect(prereads.language('a.pdf', text)).toEqual(reading.detectLanguage(reading.spellingOrder(text)));
    // Another text (OCR replaced the layer), another file, or the model not allowed: not this answer.
    expect(prereads.language('a.pdf', `${text} `)).toBeUndefined();
    expect(prereads.verdict('a.pdf', `${text} `, true)).toBeUndefined();
    expect(prereads.verdict('b.pdf', text, true)).toBeUndefined();
    expect(prereads.verdict('a.pdf', text, false)).toBeUndefined();
    expect(prereads.verdict('a.pdf', text, true)).toEqual(reading.classifyDocumentText(reading.spellingOrder(text), 'a.pdf', { model: true }));
    expect(prereads.verdict('a.pdf', text, true)).toBeUndefined();
  });
});

describe('TextPrereader', () => {
  it('gives the scan\'s classify stage the "today" its texts were read against, and nothing once finished', () => {
    const pinned = new Date('2026-12-01T23:59:59.999Z');
    const prereader = new TextPrereader(pinned);
    expect(prereader.today()).toBe(pinned);
    prereader.finish();
    // A later re-run of group and classify (the review page, maybe the next day) takes its own.
    expect(prereader.today()).toBeUndefined();
  });
});
