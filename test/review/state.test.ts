import { cp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReviewState, ReviewViewSchema, type ReviewState } from '../../src/review/state.js';
import { releaseExpandedArchives } from '../../src/walk/archive/index.js';
import { makeTempDir } from '../support/tree.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
let temp: { dir: string; cleanup: () => Promise<void> };
let caseDir: string;
let state: ReviewState;

describe('the review page model', () => {
  beforeAll(async () => {
    temp = await makeTempDir('casepack-review-state-');
    caseDir = path.join(temp.dir, 'chaos');
    await cp(path.join(ROOT, 'fixtures/chaos-case'), caseDir, { recursive: true });
    state = await openReviewState(caseDir, { scan: { ocr: { enabled: false } } });
  }, 120_000);
  afterAll(async () => {
    await releaseExpandedArchives(caseDir);
    await temp?.cleanup();
  });

  it('puts each file in its section: documents, studies, problems, another person\'s', () => {
    const view = ReviewViewSchema.parse(state.view);
    expect(view.documents.map((d) => d.path)).toEqual(expect.arrayContaining(['reports/ct-report.pdf', 'photos/lab-results.jpg', 'notes.txt']));
    expect(view.problems.map((p) => p.path)).toEqual(expect.arrayContaining(['reports/damaged.pdf', 'empty.pdf']));
    expect(view.documents.map((d) => d.path)).not.toContain('reports/damaged.pdf');
    expect(view.otherPerson.map((f) => f.path)).toEqual(['stranger/IM0001']);
    const ct = view.studies.find((s) => s.modalities.includes('CT'));
    expect(ct).toMatchObject({ instances: 5, date: '2025-09-10', path: '{CD/DICOM/**,scan.dcm.gz!/**}' });
    expect(ct?.series.reduce((n, s) => n + s.instances, 0)).toBe(5);
    expect(view.checklist.items.find((i) => i.id === 'imaging-dicom')?.satisfiedBy[0]).toMatch(/^CT scan .*10 September 2025/);
    expect(view.casePatient).toBe('ALEX CHAOS');
  });

  it('re-reads casepack.yaml on refresh, from the files it probed once (a file gone since still shows)', async () => {
    // Gone from disk after the scan: a refresh that walked or probed again would drop it.
    await rm(path.join(caseDir, 'notes.txt'));
    await writeFile(path.join(caseDir, 'casepack.yaml'), 'overrides:\n  - path: photos/lab-results.jpg\n    category: lab-results\n  - path: reports/ct-report.pdf\n    exclude: true\nquestions:\n  - Is adjuvant chemotherapy needed?\n');
    const view = await state.refresh();
    expect(view.documents.find((d) => d.path === 'photos/lab-results.jpg')).toMatchObject({ category: 'lab-results', previousCategory: 'other', changed: ['category'] });
    expect(view.documents.find((d) => d.path === 'reports/ct-report.pdf')?.leftOut).toBe(true);
    expect(view.documents.map((d) => d.path)).toContain('notes.txt');
    expect(view.checklist.items.find((i) => i.id === 'imaging-reports')?.status).toBe('missing');
    expect(view.checklist.items.find((i) => i.id === 'reviewer-question')?.status).toBe('met');
    expect(view.caseFile.questions).toEqual(['Is adjuvant chemotherapy needed?']);
  });

  it('a broken casepack.yaml is said, and the rest still shows', async () => {
    await writeFile(path.join(caseDir, 'casepack.yaml'), 'overrides: [\n');
    const view = await state.refresh();
    expect(view.caseFileInvalid).toBe(true);
    expect(view.documents.find((d) => d.path === 'photos/lab-results.jpg')?.category).toBe('other');
  });
});
