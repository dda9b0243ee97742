import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadChecklist } from '../../src/check/checklist-schema.js';
import { checkCaseFolder } from '../../src/pipeline/check.js';
import { planPacket } from '../../src/plan/plan.js';
import { buildIndexModel, shortMissing } from '../../src/write/index-model.js';
import { renderIndex } from '../../src/write/index-pdf.js';

/** Issue 18 in the packet's index: requests still owed, and documents that are summaries or incomplete, marked in the list. */

const LETTER = `Dear Dr Marsh,
Thank you for seeing Mrs Example, whom I saw in clinic today.
Molecular testing of the biopsy showed a KRAS G12D mutation.
Yours sincerely,
Dr Rafael Ortiz, Consultant Medical Oncologist
30 October 2025
`;

const NGS_WITHOUT_VAF = `MOLECULAR PATHOLOGY LABORATORY
Next-Generation Sequencing Report
Report date: 2 November 2025
Accession: MP25-1042
Method: targeted DNA panel (50 genes), hybrid capture sequencing
RESULTS
KRAS c.35G>A p.G12D  pathogenic variant detected
Electronically signed out by Dr Mei Chen, Molecular Pathologist
`;

const CASE_FILE = `patient: { name: Jane Example, birthDate: 1960-02-03 }
requests:
  - department: Pathology
    items: [pathology-report, the slides]
    sent: 2025-10-06
  - department: Radiology
    items: [imaging-reports]
    sent: 2025-11-10
`;

const dirs: string[] = [];
afterEach(async () => { for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true }); });

async function indexOf(files: Record<string, string>) {
  const root = await mkdtemp(path.join(os.tmpdir(), 'casepack-index-'));
  dirs.push(root);
  for (const [name, text] of Object.entries({ ...files, 'casepack.yaml': CASE_FILE })) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), text);
  }
  const checklist = await loadChecklist('international-review');
  const { scan, check, caseFile } = await checkCaseFolder(root, { checklist, asOf: '2025-11-14', scan: { today: new Date('2025-11-14T00:00:00Z'), ocr: { enabled: false } } });
  const asIs = Object.keys(files).map((source) => ({ source, path: `Documents/${path.basename(source)}`, title: path.basename(source), date: null, category: 'Document' }));
  return buildIndexModel({ caseName: 'case', scan, check, caseFile, plan: planPacket(scan, check), merged: new Map(), asIs, generatedAt: new Date('2025-11-14T00:00:00Z'), tool: 'casepack test' });
}

describe('index: requests and primary sources', () => {
  it('lists requests still owed with department, items, date sent, business days and overdue or not', async () => {
    const model = await indexOf({ 'Letters/clinic letter.txt': LETTER });
    expect(model.requested).toEqual([
      { department: 'Pathology', items: ['Pathology report', 'Original slides or whole-slide scans'], received: [], sent: '2025-10-06', businessDays: 29, overdue: true },
      { department: 'Radiology', items: ['Reports of the scans'], received: [], sent: '2025-11-10', businessDays: 4, overdue: false },
    ]);
  });

  it('marks a letter that quotes a result and a report that lacks a part', async () => {
    const model = await indexOf({ 'Letters/clinic letter.txt': LETTER, 'Molecular/NGS report.txt': NGS_WITHOUT_VAF });
    const note = (file: string) => model.timeline.find((r) => r.packetPath === `Documents/${file}`)?.note;
    expect(note('clinic letter.txt')).toBe("letter, quotes the KRAS result; not the lab's own report");
    expect(note('NGS report.txt')).toBe('incomplete: no VAF');
    const { bytes } = await renderIndex(model, new Date('2025-11-14T00:00:00Z'));
    expect(bytes.length).toBeGreaterThan(1000);
  });

  it('a request answered in full leaves the index; one partly answered names what arrived', async () => {
    const report = `SURGICAL PATHOLOGY REPORT\nAccession: SP25-2231\nDate of procedure: 12 September 2025\nSpecimen: core biopsy of pancreas\nFinal diagnosis: adenocarcinoma, moderately differentiated\nSigned out by Dr A Pathologist\n`;
    const model = await indexOf({ 'Pathology/report.txt': report });
    const pathology = model.requested?.find((r) => r.department === 'Pathology');
    expect(pathology).toMatchObject({ items: ['Original slides or whole-slide scans'], received: ['Pathology report'], overdue: true });
  });

  it('shortens what a report lacks to a few words', () => {
    expect(shortMissing('the list of variants with their genes and variant allele fractions (VAF)')).toBe('no VAF');
    expect(shortMissing('the state of the margins (for a resection)')).toBe('no state of the margins');
    expect(shortMissing('the tumour grade')).toBe('no tumour grade');
  });
});
