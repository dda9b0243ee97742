import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadChecklist } from '../../src/check/checklist-schema.js';
import { checkCaseFolder } from '../../src/pipeline/check.js';
import { CheckResultSchema } from '../../src/model/check.js';
import { buildCheckView } from '../../src/report/check-view.js';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { redactCheck } from '../../src/report/json-privacy.js';

/** Issue 18 in the check reports: a section for letters found instead of reports and for incomplete reports, and a table of requests. */

const LETTER = `Dear Dr Marsh,
Thank you for seeing Mrs Example, whom I saw in clinic today.
Molecular testing of the biopsy showed a KRAS G12D mutation.
Plan: continue FOLFIRINOX.
Yours sincerely,
Dr Rafael Ortiz, Consultant Medical Oncologist
30 October 2025
`;

const PATHOLOGY_WITHOUT_MARGINS = `SURGICAL PATHOLOGY REPORT
Accession: SP25-2231
Date of procedure: 12 September 2025
Specimen: pancreaticoduodenectomy (Whipple resection)
Final diagnosis: adenocarcinoma, moderately differentiated
Electronically signed out by Dr A Pathologist
`;

const CASE_FILE = `patient: { name: Jane Example, birthDate: 1960-02-03 }
requests:
  - department: Molecular Pathology
    items: [molecular-reports]
    sent: 2025-10-06
    via: email
  - department: Radiology
    items: [imaging-reports, the scans as DICOM files]
    sent: 2025-11-10
`;

const dirs: string[] = [];
afterEach(async () => { for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true }); });

async function checked() {
  const root = await mkdtemp(path.join(os.tmpdir(), 'casepack-gaps-'));
  dirs.push(root);
  const files: Record<string, string> = { 'Letters/clinic letter.txt': LETTER, 'Pathology/biopsy report.txt': PATHOLOGY_WITHOUT_MARGINS, 'casepack.yaml': CASE_FILE };
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), text);
  }
  const checklist = await loadChecklist('international-review');
  return checkCaseFolder(root, { checklist, asOf: '2025-11-14', scan: { today: new Date('2025-11-14T00:00:00Z'), ocr: { enabled: false } } });
}

describe('summaries, incomplete reports and requests in the check reports', () => {
  it('the view names the quoting letter and the incomplete report with what each lacks', async () => {
    const { check, scan } = await checked();
    const view = buildCheckView(check, scan);
    const summary = view.documentGaps.find((g) => g.kind === 'summary-only');
    expect(summary).toMatchObject({ document: 'Letters/clinic letter.txt', what: "Dr Rafael Ortiz's letter of 30 October 2025 quotes the KRAS result; it is not the report itself" });
    const incomplete = view.documentGaps.filter((g) => g.kind === 'incomplete');
    expect(incomplete.map((g) => g.document)).toContain('Pathology/biopsy report.txt');
    expect(incomplete.find((g) => g.document === 'Pathology/biopsy report.txt')?.what).toBe('there, incomplete: the state of the margins (for a resection) is not in it');
    // The same facts are in --json: the schema carries them.
    const json = CheckResultSchema.parse(JSON.parse(JSON.stringify(check)));
    expect(json.items.find((i) => i.id === 'molecular-reports')?.quotedIn?.[0]?.document).toBe('Letters/clinic letter.txt');
    expect(json.items.flatMap((i) => i.incomplete ?? []).map((d) => d.document)).toContain('Pathology/biopsy report.txt');
    expect(json.requests?.map((r) => [r.department, r.state, r.businessDays])).toEqual([['Molecular Pathology', 'overdue', 29], ['Radiology', 'sent', 4]]);
  });

  it('--json leaves out the quoting letter\'s author (a line of the document) unless --include-text', async () => {
    const { check, scan } = await checked();
    const plain = JSON.stringify(redactCheck(check, scan));
    expect(check.items.some((i) => (i.detail ?? '').includes('Rafael Ortiz'))).toBe(true);
    expect(plain).not.toContain('Ortiz');
    const item = redactCheck(check, scan).items.find((i) => i.id === 'molecular-reports');
    expect(item?.quotedIn?.[0]).toMatchObject({ document: 'Letters/clinic letter.txt', result: 'the KRAS result', date: '2025-10-30' });
    expect(item?.quotedIn?.[0]?.author).toBeUndefined();
    expect(item?.quotedIn?.[0]?.phrase).toContain('(Letters/clinic letter.txt)');
    expect(redactCheck(check, scan, { includeText: true }).items.find((i) => i.id === 'molecular-reports')?.quotedIn?.[0]?.author).toBe('Dr Rafael Ortiz');
  });

  it('HTML: a section for the letters and incomplete reports, and the requests as a table with the follow-up wording', async () => {
    const { check, scan } = await checked();
    const html = renderHtml(check, scan);
    const gaps = html.slice(html.indexOf('id="document-gaps"'), html.indexOf('</section>', html.indexOf('id="document-gaps"')));
    expect(gaps).toContain('Found only in a summary');
    expect(gaps).toContain('Letters/clinic letter.txt');
    expect(gaps).toContain('quotes the KRAS result');
    expect(gaps).toContain('There, but incomplete');
    expect(gaps).toContain('Pathology/biopsy report.txt');
    const table = html.slice(html.indexOf('<table class="sent">'), html.indexOf('</table>'));
    expect(table).toContain('<th>Waiting (business days)</th>');
    const rows = table.split('<tr class=').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('Molecular Pathology');
    expect(rows[0]).toContain('6 October 2025');
    expect(rows[0]).toContain('<td class="num">29</td>');
    expect(rows[0]).toContain('overdue');
    expect(rows[0]).toContain('Could you tell us when they will be sent');
    expect(rows[1]).toContain('outstanding');
    expect(rows[1]).toContain('none needed yet');
  });

  it('Markdown: the same section and a requests table, one row a request', async () => {
    const { check, scan } = await checked();
    const markdown = renderMarkdown(check, scan);
    expect(markdown).toContain('## Summaries and incomplete reports');
    expect(markdown).toContain("- `Letters/clinic letter.txt`: Dr Rafael Ortiz's letter of 30 October 2025 quotes the KRAS result; it is not the report itself");
    expect(markdown).toContain('| Department | Items | Sent | Waiting (business days) | Status | Follow-up wording |');
    const rows = markdown.split('\n').filter((l) => l.startsWith('| Molecular Pathology') || l.startsWith('| Radiology'));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^\| Molecular Pathology \| .*\(outstanding\) \| 6 October 2025 \| 29 \| ! overdue \| On 6 October 2025 we asked Molecular Pathology/);
    expect(rows[1]).toMatch(/\| 10 November 2025 \| 4 \| … outstanding \| none needed yet \|$/);
  });
});
