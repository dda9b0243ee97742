import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { classifyCase } from '../../src/pipeline/classify.js';
import { Output } from '../../src/cli/output.js';
import { SCAN_SCHEMA_VERSION, type ScanResult } from '../../src/model/scan.js';
import { renderInventory } from '../../src/report/scan-text.js';

function capture(): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = new Writable({ write(chunk, _enc, cb) { text += String(chunk); cb(); } }) as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

describe('scan --explain', () => {
  it('shows the rules and words behind a category, the date source, and what casepack.yaml changed', async () => {
    const scan: ScanResult = {
      schemaVersion: SCAN_SCHEMA_VERSION, tool: { name: 'casepack', version: 't' }, root: '/case',
      summary: { files: 2, bytes: 0, byFamily: { pdf: 2 }, skippedJunk: 0 },
      files: [
        { path: 'a.pdf', size: 1, mtimeMs: 0, family: 'pdf', pdf: { pages: 1, encrypted: false, needsPassword: false, damaged: false, hasText: true, headerOffset: 0, textChars: 80, text: 'HISTOPATHOLOGY REPORT\nDate of biopsy: 2025-09-12\nMicroscopic description: adenocarcinoma.' } },
        { path: 'b.pdf', size: 1, mtimeMs: 0, family: 'pdf', pdf: { pages: 1, encrypted: false, needsPassword: false, damaged: false, hasText: false, headerOffset: 0, textChars: 0 } },
      ],
      dicom: { studies: [] }, duplicates: [], patients: [], findings: [],
    };
    scan.findings.push(...await classifyCase(scan, { today: new Date('2026-01-01'), caseFile: { overrides: [{ path: 'b.pdf', category: 'consent-form', date: '2025-01-02' }] } }));
    const out = capture();
    new Output({ color: false }, out.stream, out.stream).text(renderInventory(scan, { explain: true }));
    const text = out.text();
    expect(text).toContain('a.pdf  — Pathology report, 2025-09-12');
    expect(text).toMatch(/path\.title → pathology-report \(\+[\d.]+\): "histopathology report"/);
    expect(text).toMatch(/date 2025-09-12 from content \(procedure\)/);
    expect(text).toContain('b.pdf  — Consent / release form, 2025-01-02 (set in casepack.yaml)');
    expect(text).toContain("casepack.yaml (b.pdf) set category, date; casepack's own guess was other");
    expect(text).toContain('By category: 1 pathology report, 1 consent / release form');
  });
});
