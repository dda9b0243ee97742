import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadChecklist, parseChecklistText } from '../../src/check/checklist-schema.js';
import { checkCaseFolder } from '../../src/pipeline/check.js';
import { renderCheckText } from '../../src/report/check-text.js';
import { CheckResultSchema } from '../../src/model/check.js';
import { redactScan } from '../../src/report/json-privacy.js';
import { buildRequestLetters } from '../../src/report/request-letters.js';

/** Issue 18, done when: a molecular result only in a clinic letter; an NGS report without allele fractions. */

const LETTER = `Dear Dr Marsh,
Re: Jane Example, clinic letter of 30 October 2025
Thank you for seeing Mrs Example, whom I saw in clinic today with pancreatic adenocarcinoma.
Molecular testing of the biopsy showed a KRAS G12D mutation; no other actionable alterations were reported.
Plan: continue FOLFIRINOX and review in three weeks.
Yours sincerely,
Dr Rafael Ortiz, Consultant Medical Oncologist
`;

const NGS_WITHOUT_VAF = `MOLECULAR PATHOLOGY LABORATORY
Next-Generation Sequencing Report
Report date: 2 November 2025
Accession: MP25-1042
Specimen: FFPE block A2, pancreatic adenocarcinoma
Method: targeted DNA panel (50 genes), hybrid capture sequencing
RESULTS
KRAS c.35G>A p.G12D  pathogenic variant detected
TP53 c.524G>A p.R175H  pathogenic variant detected
Interpretation: the tumour carries a KRAS variant that is found in most pancreatic cancers, and a TP53 variant.
These results should be read together with the pathology report and the clinical findings.
Electronically signed out by Dr Mei Chen, Molecular Pathologist
`;

const dirs: string[] = [];
afterEach(async () => { for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true }); });

async function checkFiles(files: Record<string, string>) {
  const root = await mkdtemp(path.join(os.tmpdir(), 'casepack-primary-'));
  dirs.push(root);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), text);
  }
  const checklist = await loadChecklist('international-review');
  return checkCaseFolder(root, { checklist, asOf: '2025-11-15', scan: { today: new Date('2025-11-15T00:00:00Z'), ocr: { enabled: false } } });
}

describe('primary report or summary', () => {
  it('a molecular result only in a clinic letter: the report is missing, a summary was found, the request asks for the full report', async () => {
    const { check, scan } = await checkFiles({ 'Letters/clinic letter.txt': LETTER });
    const item = check.items.find((i) => i.id === 'molecular-reports');
    expect(item?.status).toBe('missing');
    expect(item?.summaries).toEqual(['Letters/clinic letter.txt']);
    expect(item?.detail).toContain('a summary was found');
    // The quoting letter by its author and date, then its path, so a family can find it and a records office knows which report it quotes.
    expect(item?.detail).toContain("the KRAS result appears only in Dr Rafael Ortiz's letter of 30 October 2025 (Letters/clinic letter.txt)");
    expect(item?.quotedIn).toEqual([{ document: 'Letters/clinic letter.txt', result: 'the KRAS result', date: '2025-10-30', author: 'Dr Rafael Ortiz', phrase: "Dr Rafael Ortiz's letter of 30 October 2025 (Letters/clinic letter.txt)" }]);
    expect(item?.request?.documents).toEqual([{ label: 'Clinical summary / referral', date: '2025-10-30', phrase: "the KRAS result appears only in Dr Rafael Ortiz's letter of 30 October 2025 (Letters/clinic letter.txt)" }]);
    expect(item?.request?.wording).toContain('please send the full report itself');
    const found = check.findings.find((f) => f.code === 'PRIMARY_REPORT_MISSING');
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual(['Letters/clinic letter.txt']);
    expect(check.findings.some((f) => f.code === 'ITEM_MISSING' && f.details?.item === 'molecular-reports')).toBe(false);
    expect(renderCheckText(check, scan)).toContain('a summary was found, not the report itself');
    CheckResultSchema.parse(check);
    // The letter is judged a summary with its reasons; --json without --include-text keeps the rule ids, not the words.
    const letter = redactScan(scan).files.find((f) => f.path === 'Letters/clinic letter.txt');
    expect(letter?.classification?.source?.kind).toBe('summary');
    expect(JSON.stringify(letter?.classification?.source)).not.toContain('Dear');
    expect(letter?.classification?.source?.reasons.map((r) => r.rule)).toContain('source.salutation');
  });

  it('a letter without a signature is named by its category, date and path; the letter\'s Concerning line says so', async () => {
    const unsigned = LETTER.replace(/Yours sincerely,\nDr Rafael Ortiz, Consultant Medical Oncologist\n/, '');
    const { check } = await checkFiles({ 'Letters/clinic letter.txt': unsigned });
    const item = check.items.find((i) => i.id === 'molecular-reports');
    expect(item?.quotedIn?.[0]?.author).toBeUndefined();
    expect(item?.detail).toContain('the KRAS result appears only in the letter of 30 October 2025 (Letters/clinic letter.txt)');
    const letters = buildRequestLetters(check, undefined);
    expect(letters.letters.map((l) => l.text).join('\n')).toContain('Concerning: the KRAS result appears only in the letter of 30 October 2025 (Letters/clinic letter.txt).');
  });

  it('an NGS report without variant allele fractions is there but incomplete, and the request asks for exactly that', async () => {
    const { check } = await checkFiles({ 'Molecular/NGS report.txt': NGS_WITHOUT_VAF });
    const item = check.items.find((i) => i.id === 'molecular-reports');
    expect(item?.status).toBe('partial');
    expect(item?.incomplete).toEqual([{ document: 'Molecular/NGS report.txt', missing: [{ id: 'variant-calls', label: 'the list of variants with their genes and variant allele fractions (VAF)' }] }]);
    expect(item?.detail).toContain('is there but incomplete: it lacks the list of variants with their genes and variant allele fractions (VAF)');
    expect(item?.request?.wording).toContain('lacks the list of variants with their genes and variant allele fractions (VAF): please send the complete report');
    expect(check.findings.find((f) => f.code === 'DOCUMENT_INCOMPLETE')?.paths).toEqual(['Molecular/NGS report.txt']);
  });

  it('the same report with allele fractions is met', async () => {
    const { check } = await checkFiles({ 'Molecular/NGS report.txt': NGS_WITHOUT_VAF.replace('pathogenic variant detected', 'VAF 31%').replace('pathogenic variant detected', 'VAF 12%') });
    expect(check.items.find((i) => i.id === 'molecular-reports')?.status).toBe('met');
  });
});

describe('completeness parts in a checklist', () => {
  const base = (part: string) => `id: mine\ntitle: Mine\nitems:\n  - id: ngs\n    title: NGS\n    severity: required\n    categories: [molecular-report]\n    why: x\n    request: { department: Lab, wording: Please send it. }\n    complete:\n${part}`;
  it('refuses a pattern that is not a regular expression, and a part with nothing to look for', () => {
    expect(() => parseChecklistText(base("      - { id: vaf, label: the VAF, anyOf: ['(unclosed'] }\n"), 'mine.yaml')).toThrow(/not a valid regular expression/);
    expect(() => parseChecklistText(base('      - { id: vaf, label: the VAF }\n'), 'mine.yaml')).toThrow(/anyOf patterns or detectors/);
    expect(parseChecklistText(base("      - { id: vaf, label: the VAF, anyOf: ['\\\\bVAF\\\\b'] }\n"), 'mine.yaml').items[0]?.complete?.[0]?.id).toBe('vaf');
  });
});

describe('a molecular result inside the pathology lab\'s own report', () => {
  const PATHOLOGY = (section: string) => `SURGICAL PATHOLOGY REPORT
Accession: SP25-2231
Date of procedure: 12 September 2025
Specimen: pancreaticoduodenectomy (Whipple resection)
Final diagnosis: adenocarcinoma, moderately differentiated; margins clear; no variant histology
${section}
Electronically signed out by Dr A Pathologist, Consultant Pathologist
`;
  const MMR = `Immunohistochemistry
Mismatch repair proteins:
MLH1: retained nuclear expression
PMS2: retained nuclear expression
MSH2: retained nuclear expression
MSH6: retained nuclear expression
Interpretation: MMR proficient (pMMR).`;

  it('counts as the primary report of that result, and is complete when its section is', async () => {
    const { check } = await checkFiles({ 'Pathology/report.txt': PATHOLOGY(MMR) });
    const item = check.items.find((i) => i.id === 'molecular-reports');
    expect(item?.status).toBe('met');
    expect(item?.satisfiedBy).toEqual(['Pathology/report.txt']);
    expect(item?.summaries).toBeUndefined();
  });

  it('its section is judged like a molecular report\'s: a PD-L1 score without its assay is missing the assay only', async () => {
    const { check } = await checkFiles({ 'Pathology/report.txt': PATHOLOGY(`${MMR}\nPD-L1: tumour proportion score (TPS) 5%`) });
    const item = check.items.find((i) => i.id === 'molecular-reports');
    expect(item?.status).toBe('partial');
    // "no variant histology" elsewhere in the report does not make it owe a variant list: only the section is read.
    expect(item?.incomplete).toEqual([{ document: 'Pathology/report.txt', missing: [{ id: 'pd-l1', label: 'the PD-L1 result with its assay (antibody clone) and score' }] }]);
  });

  it('a test only requested or pending is no result: the molecular report is still missing, and a quoting letter still does not count', async () => {
    const pending = PATHOLOGY('Ancillary studies: PD-L1 and mismatch repair immunohistochemistry have been requested and will be reported in an addendum.');
    const { check } = await checkFiles({ 'Pathology/report.txt': pending, 'Letters/clinic letter.txt': LETTER });
    const item = check.items.find((i) => i.id === 'molecular-reports');
    expect(item?.status).toBe('missing');
    expect(item?.summaries).toEqual(['Letters/clinic letter.txt']);
  });
});

describe('the request for what a report lacks', () => {
  it('says "them" for a plural part and "it" for a single one', async () => {
    const { incompleteRequest } = await import('../../src/check/completeness.js');
    const unit = { key: 'FISH.pdf', kind: 'file' as const, category: 'molecular-report' as const, modalities: [], date: '2025-05-02', dicom: false, paths: ['FISH.pdf'], text: '', label: 'FISH.pdf' };
    expect(incompleteRequest([{ unit, missing: [{ id: 'fish-signals', label: 'the FISH probes and signal counts', anyOf: ['x'] }] }]))
      .toBe('The copy we have (of 2 May 2025) lacks the FISH probes and signal counts: please send the complete report that includes them.');
    expect(incompleteRequest([{ unit, missing: [{ id: 'msi-mmr', label: 'the MSI/MMR result', anyOf: ['x'] }] }]))
      .toBe('The copy we have (of 2 May 2025) lacks the MSI/MMR result: please send the complete report that includes it.');
  });
});
