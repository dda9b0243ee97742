import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { classifyScan, loadDocumentReading } from '../../src/classify/index.js';
import type { ExtractedText } from '../../src/extract/index.js';
import { SCAN_SCHEMA_VERSION, type FileEntry, type ScanResult } from '../../src/model/scan.js';

const TODAY = new Date('2026-01-15T12:00:00Z');
const PATHOLOGY = 'HISTOPATHOLOGY REPORT\nSpecimen collected: 12/09/2025\nMicroscopic description:\nInfiltrating moderately differentiated adenocarcinoma.\nDiagnosis: Pancreatic ductal adenocarcinoma.\n';

/** A scan of a case that is not on disk at all: classify must not need it. */
function scanOf(files: FileEntry[]): ScanResult {
  return {
    schemaVersion: SCAN_SCHEMA_VERSION, tool: { name: 'casepack', version: 'test' }, root: '/nonexistent-case',
    summary: { files: files.length, bytes: 0, byFamily: {}, skippedJunk: 0 }, files, dicom: { studies: [] }, duplicates: [], patients: [], findings: [],
  };
}

const encapsulated = (p: string): FileEntry => ({
  path: p, size: 5000, mtimeMs: 0, family: 'dicom',
  dicom: { hasPreamble: true, kind: 'encapsulated-pdf', modality: 'DOC', encapsulatedPdf: { offset: 400, length: 4000 } },
});

describe('classify does no file I/O', () => {
  // Loading the reader is the one wait (modules, not files); classifying is synchronous after it.
  beforeAll(async () => { await loadDocumentReading(); });
  it('classifies an encapsulated PDF from the extracted text, synchronously, with the case not on disk', () => {
    const scan = scanOf([encapsulated('CD/doc.dcm')]);
    const extracted = new Map<string, ExtractedText>([['CD/doc.dcm', { path: 'CD/doc.dcm', text: PATHOLOGY, source: 'text-layer' }]]);
    const findings = classifyScan(scan, { today: TODAY, caseFile: { dateOrder: 'DMY' }, extracted });
    // A plain array, not a promise: there is nothing to wait for.
    expect(Array.isArray(findings)).toBe(true);
    expect(scan.files[0]?.classification).toMatchObject({ category: 'pathology-report' });
  });

  it('without extracted text the DICOM kind decides, as when the embedded PDF cannot be read', () => {
    const scan = scanOf([encapsulated('CD/doc.dcm')]);
    const findings = classifyScan(scan, { today: TODAY });
    expect(scan.files[0]?.classification?.reasons.map((r) => r.rule)).toContain('dicom.encapsulated-pdf.no-text');
    expect(findings.map((f) => f.code)).toContain('CATEGORY_UNCERTAIN');
  });

  it('no module under src/classify imports the file system', async () => {
    const dir = path.resolve(import.meta.dirname, '../../src/classify');
    const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const source = await readFile(path.join(dir, file), 'utf8');
      expect(source, file).not.toMatch(/from ['"](node:)?fs(\/promises)?['"]/);
    }
  });
});
