import { describe, expect, it } from 'vitest';
import type { CaseFile } from '../../src/casefile/schema.js';
import { loadChecklist } from '../../src/check/checklist-schema.js';
import { checkCase } from '../../src/check/index.js';
import { addBusinessDays, businessDaysBetween } from '../../src/check/requests-followup.js';
import { renderCheckText } from '../../src/report/check-text.js';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { buildRequestLetters } from '../../src/report/request-letters.js';
import { CheckResultSchema } from '../../src/model/check.js';
import { ScanBuilder } from '../support/scan-builder.js';

// Monday 3 November 2025; 6 October 2025 (also a Monday) is 20 business days before it.
const AS_OF = '2025-11-03';
const CASE_FILE: CaseFile = {
  patient: { name: 'Jane Testperson', birthDate: '1960-02-03', id: 'MRN 00451' },
  sender: { name: 'Sam Sender', email: 'sam@example.org' },
  requests: [
    { department: 'Pathology', items: ['pathology-report', 'the slides'], sent: '2025-10-06', via: 'email', reference: 'PR-778' },
    { department: 'Radiology', items: ['CT scan reports'], sent: '2025-10-29' },
  ],
};

async function check(build: (b: ScanBuilder) => ScanBuilder, caseFile: CaseFile = CASE_FILE) {
  return checkCase(build(new ScanBuilder()).build(), await loadChecklist('general'), { asOf: AS_OF, caseFile });
}

describe('business days', () => {
  it('skip weekends both ways', () => {
    expect(businessDaysBetween('2025-10-06', AS_OF)).toBe(20);
    expect(businessDaysBetween('2025-10-31', '2025-11-03')).toBe(1); // Friday to Monday
    expect(businessDaysBetween('2025-11-01', '2025-11-02')).toBe(0); // a weekend
    expect(businessDaysBetween(AS_OF, '2025-10-06')).toBe(0);
    expect(addBusinessDays('2025-10-31', 1)).toBe('2025-11-03');
    expect(addBusinessDays('2025-10-06', 15)).toBe('2025-10-27');
  });
});

describe('requests followed up', () => {
  it('a request 20 business days old with its item missing is overdue, with follow-up wording', async () => {
    const result = await check((b) => b);
    const pathology = result.requests?.[0];
    expect(pathology).toMatchObject({ department: 'Pathology', state: 'overdue', businessDays: 20, expectedBy: '2025-10-27' });
    expect(pathology?.items.map((i) => [i.itemId, i.status])).toEqual([['pathology-report', 'outstanding'], ['pathology-slides', 'outstanding']]);
    expect(pathology?.followUp).toBe('On 6 October 2025 we asked Pathology (by email) for the pathology report and the pathology slides or whole-slide scans. '
      + 'We have not yet received the pathology report and the pathology slides or whole-slide scans. '
      + 'Could you tell us when they will be sent, or whether you need anything more from us (such as the patient\'s signed consent)?');
    const overdue = result.findings.filter((f) => f.code === 'REQUEST_OVERDUE');
    expect(overdue).toHaveLength(1);
    expect(overdue[0]?.hint).toContain('On 6 October 2025 we asked Pathology');
    // Three business days old: just sent, no finding.
    expect(result.requests?.[1]).toMatchObject({ department: 'Radiology', state: 'sent', statusText: 'sent 3 business days ago' });
    expect(result.requests?.[1]?.items[0]?.itemId).toBe('imaging-reports');
    expect(CheckResultSchema.parse(result).requests).toHaveLength(2);

    const text = renderCheckText(result);
    expect(text).toContain('Requests sent (2)');
    expect(text).toContain('Pathology, asked on 6 October 2025 by email — overdue: 20 business days since 6 October 2025');
    expect(text).toContain('Follow up: “On 6 October 2025 we asked Pathology');
    expect(text).not.toMatch(/File problems.*\n.*REQUEST_OVERDUE/);
    expect(renderHtml(result)).toContain('id="requests-sent"');
    expect(renderMarkdown(result)).toContain('## Requests sent');

    // The letter to Pathology is a reminder citing the first request.
    const letter = buildRequestLetters(result, CASE_FILE).letters.find((l) => l.department === 'Pathology');
    expect(letter?.text).toContain('Reminder: request for medical records');
    expect(letter?.text).toContain('reminder of our request of 6 October 2025 (your reference PR-778)');
    expect(buildRequestLetters(result, CASE_FILE).letters.find((l) => l.department === 'Treating oncologist')?.text).not.toContain('Reminder');
  });

  it('items received since are ticked off; once all arrived the request shows received and no finding', async () => {
    const report = (b: ScanBuilder) => b.doc('Pathology report.pdf', 'pathology-report', { date: '2025-09-12', text: 'Date of biopsy: 12 September 2025' });
    const partly = await check(report);
    expect(partly.requests?.[0]?.items.map((i) => i.status)).toEqual(['received', 'outstanding']);
    expect(partly.requests?.[0]?.followUp).toContain('Thank you for the pathology report. We have not yet received the pathology slides');
    const letter = buildRequestLetters(partly, CASE_FILE).letters.find((l) => l.department === 'Pathology');
    expect(letter?.text).not.toContain('final pathology report');

    const all = await check((b) => report(b).doc('slides/S1.svs', 'pathology-slides', { family: 'tiff' }));
    expect(all.requests?.[0]).toMatchObject({ state: 'received', statusText: 'everything asked for has arrived' });
    expect(all.requests?.[0]?.followUp).toBeUndefined();
    expect(all.findings.map((f) => f.code)).not.toContain('REQUEST_OVERDUE');
    expect(renderCheckText(all)).toContain('✓ Pathology report: received');
  });

  it('words that match no checklist item are said, not silently dropped', async () => {
    const result = await check((b) => b, { requests: [{ department: 'Records', items: ['dental x-rays'], sent: '2025-10-30' }] });
    expect(result.requests?.[0]?.items[0]?.status).toBe('unmatched');
    expect(result.findings.map((f) => f.code)).toContain('REQUEST_ITEM_UNMATCHED');
  });
});

describe('plural things asked for', () => {
  it('take "they" and "have", singular ones "it" and "has"', async () => {
    const { isPluralPhrase, pronounFor } = await import('../../src/check/wording.js');
    for (const plural of ['the scans as DICOM files', 'Allergies (with the medication list)', 'Radiotherapy plan and summary', 'Pathology slides or whole-slide scans', 'CA 19-9 results over time', 'Passport copies of the people travelling with the patient', 'Earlier scans for comparison']) {
      expect([plural, isPluralPhrase(plural)]).toEqual([plural, true]);
    }
    for (const singular of ['the pathology report', 'Biopsy date stated on the pathology report', 'Treatment history', 'Recent LDH', 'Surgery summary', 'Endoscopic ultrasound (EUS) report', 'the diagnosis']) {
      expect([singular, isPluralPhrase(singular)]).toEqual([singular, false]);
    }
    expect(pronounFor(['the pathology report'])).toBe('it');
    expect(pronounFor(['the scans as DICOM files'])).toBe('they');
    expect(pronounFor(['the pathology report', 'the CT report'])).toBe('they');
  });

  it('one overdue plural item: the reminder says "they will be sent" and the finding "have not arrived"', async () => {
    const caseFile: CaseFile = { ...CASE_FILE, requests: [{ department: 'Radiology', items: ['imaging-dicom'], sent: '2025-10-06' }] };
    const result = await check((b) => b, caseFile);
    const followed = result.requests?.[0];
    expect(followed?.state).toBe('overdue');
    expect(followed?.followUp).toContain('Could you tell us when they will be sent');
    expect(result.findings.find((f) => f.code === 'REQUEST_OVERDUE')?.message).toMatch(/ have not arrived\.$/);
  });

  it('one overdue singular item: "it will be sent", "has not arrived"', async () => {
    const caseFile: CaseFile = { ...CASE_FILE, requests: [{ department: 'Pathology', items: ['pathology-report'], sent: '2025-10-06' }] };
    const result = await check((b) => b, caseFile);
    expect(result.requests?.[0]?.followUp).toContain('Could you tell us when it will be sent');
    expect(result.findings.find((f) => f.code === 'REQUEST_OVERDUE')?.message).toMatch(/ has not arrived\.$/);
  });
});

describe('request items matched by meaning', () => {
  it('lay words find the item through its categories; a detail item needs its detail named; nothing far-fetched matches', async () => {
    const { matchRequestedItem, requestableItems } = await import('../../src/check/requests-followup.js');
    const checklist = await loadChecklist('international-review');
    const items = checklist.items.map((i) => ({ id: i.id, title: i.title, severity: i.severity, status: 'missing' as const, satisfiedBy: [], why: '' }));
    const about = requestableItems(checklist);
    const match = (asked: string) => matchRequestedItem(asked, items, about)?.id;
    expect(match('op notes')).toBe('operative-report');
    expect(match('chemo records')).toBe('chemotherapy-records');
    expect(match('Foundation Medicine report')).toBe('molecular-reports');
    expect(match('CD of the PET-CT')).toBe('imaging-dicom');
    expect(match('reports of all CT scans')).toBe('imaging-reports');
    expect(match('paraffin block')).toBe('tissue-blocks');
    expect(match('biopsy results')).toBe('pathology-report');
    expect(match('the biopsy date')).toBe('biopsy-date');
    expect(match('consent form')).toBeUndefined();
    expect(match('report')).toBeUndefined();
    // Without the checklist's meaning (categories), only the title words and lay synonyms count.
    expect(match('tumour testing')).toBe('molecular-reports');
    // A bracketed qualifier is not the item: the medication list is not "Allergies (with the medication list)".
    const pancreatic = await loadChecklist('pancreatic');
    const pancreaticItems = pancreatic.items.map((i) => ({ id: i.id, title: i.title, severity: i.severity, status: 'missing' as const, satisfiedBy: [], why: '' }));
    expect(matchRequestedItem('current medication list', pancreaticItems, requestableItems(pancreatic))?.id).toBe('medication-list');
    expect(matchRequestedItem('allergy list', pancreaticItems, requestableItems(pancreatic))?.id).toBe('allergies');
    expect(matchRequestedItem('tumour testing', items)).toBeUndefined();
  });
});
