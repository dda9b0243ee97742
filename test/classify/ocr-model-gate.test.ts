import { beforeAll, describe, expect, it } from 'vitest';
import { classifyScan, loadDocumentReading } from '../../src/classify/index.js';
import { SCAN_SCHEMA_VERSION, type FileEntry, type ScanResult } from '../../src/model/scan.js';

const TODAY = new Date('2026-01-15T12:00:00Z');
// Prose a discharge summary is made of, with no title or heading the rules know: only the trained model names it.
const PROSE = [
  'The patient was admitted through the emergency department with abdominal pain and vomiting.',
  'She was kept nil by mouth, given intravenous fluids and antibiotics, and improved over three days.',
  'She was eating and drinking normally and was sent home with oral antibiotics and a follow up in clinic.',
  'Her general practitioner will review her wound and bloods next week, and the ward will phone her on Monday.',
].join('\n');

function scannedPdf(meanConfidence: number): ScanResult {
  const file: FileEntry = {
    path: 'scan.pdf', size: 5000, mtimeMs: 0, family: 'pdf',
    pdf: { pages: 1, hasText: false, text: PROSE, encrypted: false },
    textSource: { source: 'ocr', engine: 'tesseract.js', languages: ['eng'], meanConfidence },
  } as FileEntry;
  return {
    schemaVersion: SCAN_SCHEMA_VERSION, tool: { name: 'casepack', version: 'test' }, root: '/nonexistent-case',
    summary: { files: 1, bytes: 0, byFamily: {}, skippedJunk: 0 }, files: [file], dicom: { studies: [] }, duplicates: [], patients: [], findings: [],
  };
}

const modelRules = (scan: ScanResult): string[] => (scan.files[0]?.classification?.reasons ?? []).map((r) => r.rule).filter((rule) => rule.startsWith('model.'));

/** OCR that read mostly noise (mean word confidence under 50) is judged by the rules alone: the model finds "words" in noise. */
describe('the trained model and OCR confidence', () => {
  beforeAll(async () => { await loadDocumentReading(); });

  it('reads OCR text read with good confidence', () => {
    const scan = scannedPdf(90);
    classifyScan(scan, { today: TODAY });
    expect(modelRules(scan).length).toBeGreaterThan(0);
  });

  it('stays out of OCR text read with a mean confidence under 50', () => {
    const scan = scannedPdf(34);
    classifyScan(scan, { today: TODAY });
    expect(modelRules(scan)).toEqual([]);
  });
});
