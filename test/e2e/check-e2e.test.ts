import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCaseFolder } from '../../src/pipeline/check.js';
import { loadChecklist } from '../../src/check/checklist-schema.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { hashTree, makeTempDir } from '../support/tree.js';
import { writeCaseFolder } from '../support/scan-builder.js';

const CASE_FILE = `# generated for the end-to-end check test
facts:
  surgery: false
  endoscopicUltrasound: false
physical:
  - kind: glass-slides
    count: 6
    courier: DHL
    tracking: JD0146000062
asOf: 2025-11-01
dateOrder: DMY
`;

describe('check end to end: real scan and classification of a generated case', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let caseDir: string;
  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir());
    caseDir = path.join(dir, 'pancreas-case');
    await writeCaseFolder(caseDir, {
      pathologyDate: '2025-09-12',
      ctDate: '2025-10-05',
      withCtReport: true,
      labs: [{ date: '2025-10-20', text: 'CA 19-9 840 U/mL' }, { date: '2025-08-15', text: 'CA 19-9 610 U/mL' }],
      caseFileYaml: CASE_FILE,
    });
  });
  afterAll(async () => cleanup());

  it('finds what is there, asks for what is not, and does not touch the case folder', async () => {
    const before = await hashTree(caseDir);
    const { check, scan } = await checkCaseFolder(caseDir, { checklist: await loadChecklist('pancreatic') });
    const status = Object.fromEntries(check.items.map((i) => [i.id, i.status]));
    if (process.env['CASEPACK_DEBUG']) console.log(renderMarkdown(check, scan), JSON.stringify(scan.files.map((f) => [f.path, f.classification?.category, f.classification?.date?.date]), null, 1));
    expect(check.asOf).toBe('2025-11-01');
    expect(status).toMatchObject({
      'pathology-report': 'met',
      'pathology-slides': 'met',
      'imaging-dicom': 'met',
      'imaging-reports': 'met',
      'ca19-9-series': 'met',
      'operative-report': 'not-applicable',
      'eus-report': 'not-applicable',
      'prior-imaging': 'partial',
      'medication-list': 'missing',
    });
    expect(check.items.find((i) => i.id === 'imaging-dicom')?.satisfiedBy).toEqual([scan.dicom.studies[0]?.studyInstanceUid]);
    expect(check.items.find((i) => i.id === 'prior-imaging')?.request?.wording).toContain('from before the one of 5 October 2025');
    // The report dates come from the documents' own text (dateOrder DMY), not from file names or metadata.
    expect(scan.files.find((f) => f.path === 'Pathology report.pdf')?.classification?.date?.date).toBe('2025-09-12');
    expect(check.items.find((i) => i.id === 'pathology-slides')?.request?.wording).toContain('from the specimen reported on 12 September 2025');
    expect(check.status).toBe('incomplete');
    expect(await hashTree(caseDir)).toBe(before);
  });
});
