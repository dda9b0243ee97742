import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCaseFolder } from '../../src/pipeline/check.js';
import { loadChecklist } from '../../src/check/checklist-schema.js';
import { corpusAvailable } from '../support/corpus.js';
import { CORPUS_DIR, hashTree } from '../support/tree.js';

describe.skipIf(!corpusAvailable)('check on the real corpus (read-only)', () => {
  it('the slide folder satisfies "slides or whole-slide scans" with the scans themselves, and nothing else', async () => {
    const root = path.join(CORPUS_DIR, 'slides');
    const before = await hashTree(root);
    const { check } = await checkCaseFolder(root, { checklist: await loadChecklist('general'), asOf: '2025-11-01' });
    const slides = check.items.find((i) => i.id === 'pathology-slides');
    expect(slides?.status).toBe('met');
    expect(slides?.alternative).toBe('whole-slide scans (digital slides)');
    expect(slides?.satisfiedBy.some((p) => /\.(svs|ndpi|tiff?|mrxs)$/i.test(p))).toBe(true);
    expect(check.items.find((i) => i.id === 'pathology-report')?.status).toBe('missing');
    expect(check.status).toBe('incomplete');
    expect(await hashTree(root)).toBe(before);
  });

  it('the DICOM folder satisfies the DICOM imaging item with whole studies, counting each study once', async () => {
    const root = path.join(CORPUS_DIR, 'dicom');
    const { check, scan } = await checkCaseFolder(root, { checklist: await loadChecklist('international-review'), asOf: '2025-11-01' });
    const imaging = check.items.find((i) => i.id === 'imaging-dicom');
    expect(imaging?.status).toBe('met');
    const studyUids = new Set(scan.dicom.studies.map((s) => s.studyInstanceUid));
    expect(imaging?.satisfiedBy.length).toBeGreaterThan(0);
    expect(imaging?.satisfiedBy.every((key) => studyUids.has(key))).toBe(true);
    // The corpus mixes many patients on purpose: that error must stand, so the case is incomplete.
    expect(check.findings.some((f) => f.code === 'PATIENT_MISMATCH' && f.severity === 'error')).toBe(true);
    expect(check.status).toBe('incomplete');
  });
});
