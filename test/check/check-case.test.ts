import { describe, expect, it } from 'vitest';
import { checkCase } from '../../src/check/index.js';
import { loadChecklist, parseChecklistText, type ResolvedChecklist } from '../../src/check/checklist-schema.js';
import { CheckResultSchema, type CheckResult } from '../../src/model/check.js';
import { finding } from '../../src/findings/codes.js';
import type { PhysicalItem } from '../../src/casefile/schema.js';
import { ScanBuilder } from '../support/scan-builder.js';

function listFrom(yamlItems: string): ResolvedChecklist {
  const list = parseChecklistText(`id: t\ntitle: Test\nitems:\n${yamlItems}`, 't.yaml');
  return { id: list.id, title: list.title, sources: [], source: 't.yaml', lineage: ['t'], items: list.items };
}

function item(check: CheckResult, id: string) {
  const found = check.items.find((i) => i.id === id);
  if (!found) throw new Error(`no item ${id}`);
  return found;
}

const ITEM = (extra: string, id = 'x', severity = 'required') => `  - id: ${id}
    title: Item ${id}
    severity: ${severity}
    why: Needed for the test because the reviewer asks for it.
    request: { department: Radiology, wording: "Please send the scans[ from {dates}]." }
${extra.split('\n').map((l) => `    ${l}`).join('\n')}
`;

describe('checkCase on the general checklist', () => {
  it('a complete case is complete, every required item met, and the result matches its schema', async () => {
    const scan = new ScanBuilder()
      .doc('Pathology report.pdf', 'pathology-report', { date: '2025-09-12', text: 'SURGICAL PATHOLOGY REPORT\nDate of procedure: 12/09/2025\nDiagnosis: adenocarcinoma' })
      .doc('slides/H1.svs', 'pathology-slides', { family: 'slide', date: '2025-09-13' })
      .study('CD/DICOM/ST1', 'CT', '2025-10-05', 40, { description: 'CHEST ABD PELVIS' })
      .doc('CT report.pdf', 'imaging-report', { date: '2025-10-05', modality: 'CT' })
      .doc('letter.pdf', 'clinical-summary', { date: '2025-10-20' })
      .doc('meds.pdf', 'medication-list', { date: '2025-10-20', text: 'Current medicines\nAllergies: penicillin (rash)' })
      .build();
    const caseFile = { questions: ['Is the tumour resectable?'], dateOrder: 'DMY' as const };
    const result = checkCase(scan, await loadChecklist('general'), { asOf: '2025-11-01', caseFile });
    expect(CheckResultSchema.parse(result)).toEqual(result);
    expect(result.status).toBe('complete');
    expect(result.items.filter((i) => i.id !== 'attendant-passports').every((i) => i.status === 'met')).toBe(true);
    // A DICOM study counts once and is named by its UID, not by 40 slice paths.
    expect(item(result, 'imaging-dicom').satisfiedBy).toEqual([scan.dicom.studies[0]?.studyInstanceUid]);
    expect(item(result, 'pathology-slides').alternative).toBe('whole-slide scans (digital slides)');
    expect(result.summary).toMatchObject({ requiredMissing: 0, recommendedMissing: 0, partial: 0, met: 9, errors: 0 });
    expect(item(result, 'attendant-passports').status).toBe('not-applicable');
  });

  it('an empty case misses every item, with the request wording and one finding each', async () => {
    const result = checkCase(new ScanBuilder().build(), await loadChecklist('general'), { asOf: '2025-11-01' });
    expect(result.status).toBe('incomplete');
    // The reviewer question is needed too; the biopsy date waits for a pathology report, attendants for attendants.
    expect(result.summary.requiredMissing).toBe(6);
    expect(result.summary.recommendedMissing).toBe(2);
    expect(result.findings.filter((f) => f.code === 'ITEM_MISSING')).toHaveLength(6);
    expect(result.findings.filter((f) => f.code === 'ITEM_RECOMMENDED_MISSING')).toHaveLength(2);
    expect(item(result, 'biopsy-date').status).toBe('not-applicable');
    expect(item(result, 'attendant-passports').status).toBe('not-applicable');
    const imaging = item(result, 'imaging-dicom');
    expect(imaging.request?.department).toBe('Radiology');
    // No date known: the optional "[ from {dates}]" segment is dropped, and no placeholder leaks.
    expect(imaging.request?.wording).not.toMatch(/[{}[\]]/);
    expect(imaging.request?.wording).toMatch(/^Please send the full DICOM files, including all series, of the scans, on a CD\/DVD/);
  });

  it('JPEG pictures of a CT do not count as DICOM: IMAGING_NOT_DICOM names them and the request names the date', async () => {
    const scan = new ScanBuilder()
      .doc('whatsapp/ct1.jpg', 'imaging-export', { date: '2025-10-05', modality: 'CT' })
      .doc('whatsapp/ct2.jpg', 'imaging-export', { date: '2025-10-05', modality: 'CT' })
      .build();
    const result = checkCase(scan, await loadChecklist('general'), { asOf: '2025-11-01' });
    const imaging = item(result, 'imaging-dicom');
    expect(imaging.status).toBe('partial');
    expect(imaging.satisfiedBy).toEqual([]);
    expect(imaging.detail).toMatch(/only pictures of scans \(2 JPEG\/PNG files\)/);
    expect(imaging.request?.wording).toContain('of the scans from 5 October 2025,');
    const notDicom = result.findings.filter((f) => f.code === 'IMAGING_NOT_DICOM');
    expect(notDicom).toHaveLength(1);
    expect(notDicom[0]?.paths).toEqual(['whatsapp/ct1.jpg', 'whatsapp/ct2.jpg']);
    expect(notDicom[0]?.severity).toBe('error');
    expect(result.findings.some((f) => f.code === 'ITEM_PARTIAL' && f.details?.['item'] === 'imaging-dicom')).toBe(false);
  });

  it('the same pictures failing two DICOM items are named once; the second item is reported as partly there', () => {
    const list = listFrom(ITEM('categories: [imaging]\nform: dicom', 'latest') + ITEM('categories: [imaging]\nform: dicom\nminStudies: 2', 'priors', 'recommended'));
    const scan = new ScanBuilder().doc('ct.jpg', 'imaging-export', { date: '2025-10-05', modality: 'CT' }).build();
    const result = checkCase(scan, list, { asOf: '2025-11-01' });
    expect(result.findings.map((f) => [f.code, f.severity, f.details?.['item']])).toEqual([['IMAGING_NOT_DICOM', 'error', 'latest'], ['ITEM_PARTIAL', 'warning', 'priors']]);
  });

  it('glass slides attested in casepack.yaml satisfy the slides item, with the courier details', async () => {
    const caseFile = { physical: [{ kind: 'glass-slides' as const, count: 12, shippedOn: '2025-10-10', courier: 'DHL', tracking: 'JD0146' }] };
    const result = checkCase(new ScanBuilder().build(), await loadChecklist('general'), { asOf: '2025-11-01', caseFile });
    const slides = item(result, 'pathology-slides');
    expect(slides.status).toBe('met');
    expect(slides.alternative).toBe('glass slides sent by courier');
    expect(slides.attested).toEqual(['12 × glass slides, sent 10 October 2025, by DHL, tracking JD0146']);
  });

  it('tissue for further tests: one paraffin block, or at least 10 unstained sections', async () => {
    const list = await loadChecklist('international-review');
    const judge = (physical: PhysicalItem[]) =>
      item(checkCase(new ScanBuilder().build(), list, { asOf: '2025-11-01', caseFile: { physical } }), 'tissue-blocks');
    expect(judge([{ kind: 'paraffin-blocks', count: 1 }])).toMatchObject({ status: 'met', alternative: 'paraffin block sent' });
    expect(judge([{ kind: 'unstained-sections', count: 15 }])).toMatchObject({ status: 'met', alternative: 'unstained sections sent' });
    expect(judge([{ kind: 'unstained-sections', count: 5 }])).toMatchObject({ status: 'partial', detail: '5 sent; at least 10 are needed' });
    expect(judge([{ kind: 'unstained-sections' }])).toMatchObject({ status: 'met' });
    expect(judge([{ kind: 'glass-slides', count: 20 }])).toMatchObject({ status: 'missing' });
  });

  it('scan findings are folded in; an error finding makes an otherwise complete case incomplete', () => {
    const list = listFrom(ITEM('categories: [pathology-report]'));
    const scan = new ScanBuilder().doc('p.pdf', 'pathology-report', { date: '2025-01-01' })
      .finding(finding('PATIENT_MISMATCH', ['a.dcm', 'b.dcm']))
      .finding(finding('PDF_NO_TEXT', ['scan.pdf']))
      .build();
    const result = checkCase(scan, list, { asOf: '2025-02-01' });
    expect(item(result, 'x').status).toBe('met');
    expect(result.findings.map((f) => f.code)).toEqual(['PATIENT_MISMATCH', 'PDF_NO_TEXT']);
    expect(result.status).toBe('incomplete');
    expect(result.summary.errors).toBe(1);
  });

  it('the case file can ignore or downgrade a finding code', () => {
    const list = listFrom(ITEM('categories: [pathology-report]'));
    const scan = new ScanBuilder().doc('p.pdf', 'pathology-report', { date: '2025-01-01' })
      .finding(finding('PATIENT_MISMATCH', ['a.dcm', 'b.dcm'])).finding(finding('PDF_NO_TEXT', ['scan.pdf'])).build();
    const downgraded = checkCase(scan, list, { asOf: '2025-02-01', caseFile: { findings: { severity: { PATIENT_MISMATCH: 'warning' }, ignore: ['PDF_NO_TEXT'] } } });
    expect(downgraded.findings.map((f) => [f.code, f.severity])).toEqual([['PATIENT_MISMATCH', 'warning']]);
    expect(downgraded.status).toBe('complete');
  });
});

describe('checkCase rules', () => {
  it('minStudies: one scan of two needed is partial, and names the date found', () => {
    const list = listFrom(ITEM('categories: [imaging]\nform: dicom\nminStudies: 2'));
    const one = new ScanBuilder().study('ST1', 'CT', '2025-10-05').build();
    const r1 = checkCase(one, list, { asOf: '2025-11-01' });
    expect(item(r1, 'x').status).toBe('partial');
    expect(item(r1, 'x').detail).toMatch(/^1 scan date \(5 October 2025\) of 2 needed/);
    // Two studies on the same day are one time point, not a prior scan.
    const sameDay = new ScanBuilder().study('ST1', 'CT', '2025-10-05').study('ST2', 'CT', '2025-10-05').build();
    expect(item(checkCase(sameDay, list, { asOf: '2025-11-01' }), 'x').status).toBe('partial');
    const two = new ScanBuilder().study('ST1', 'CT', '2025-10-05').study('ST0', 'CT', '2025-06-01').build();
    expect(item(checkCase(two, list, { asOf: '2025-11-01' }), 'x').status).toBe('met');
  });

  it('maxAgeDays: labs older than allowed are partial with their age; undated labs cannot prove recency', () => {
    const list = listFrom(ITEM('categories: [lab-results]\nmaxAgeDays: 30'));
    const old = checkCase(new ScanBuilder().doc('labs.pdf', 'lab-results', { date: '2025-07-01' }).build(), list, { asOf: '2025-11-01' });
    expect(item(old, 'x').status).toBe('partial');
    expect(item(old, 'x').detail).toBe('the newest is from 1 July 2025, 123 days before 1 November 2025; it should be at most 30 days old');
    const fresh = checkCase(new ScanBuilder().doc('labs.pdf', 'lab-results', { date: '2025-10-15' }).doc('old.pdf', 'lab-results', { date: '2024-01-01' }).build(), list, { asOf: '2025-11-01' });
    expect(item(fresh, 'x').status).toBe('met');
    const undated = checkCase(new ScanBuilder().doc('labs.pdf', 'lab-results', { date: null, ambiguous: ['2025-03-04', '2025-04-03'] }).build(), list, { asOf: '2025-11-01' });
    // 03/04 read both ways: neither reading is recent; the cautious (earlier) reading's age is given.
    expect(item(undated, 'x').status).toBe('partial');
    expect(item(undated, 'x').detail).toMatch(/^the newest is from 4 March 2025, 242 days before/);
    const noDate = checkCase(new ScanBuilder().doc('labs.pdf', 'lab-results', { date: null }).build(), list, { asOf: '2025-11-01' });
    expect(item(noDate, 'x').detail).toMatch(/no date was found/);
  });

  it('maxAgeDays with a date that reads two ways: met when both readings are recent, explained when only one is', () => {
    const list = listFrom(ITEM('categories: [lab-results]\nmaxAgeDays: 30'));
    const bothRecent = new ScanBuilder().doc('labs.pdf', 'lab-results', { date: null, ambiguous: ['2025-10-11', '2025-11-10'] }).build();
    expect(item(checkCase(bothRecent, list, { asOf: '2025-11-10' }), 'x').status).toBe('met');
    expect(item(checkCase(bothRecent, list, { asOf: '2025-11-11' }), 'x').status).toBe('partial');
    const oneRecent = new ScanBuilder().doc('labs.pdf', 'lab-results', { date: null, ambiguous: ['2025-06-10', '2025-10-06'] }).build();
    const r = item(checkCase(oneRecent, list, { asOf: '2025-11-01' }), 'x');
    expect(r.status).toBe('partial');
    expect(r.detail).toBe('the newest date can be read two ways (10 June 2025 and 6 October 2025); only one of them is recent enough. Set dateOrder (DMY or MDY) in casepack.yaml');
  });

  it('asOf defaults to the case file, and a partial required item makes the case incomplete', () => {
    const list = listFrom(ITEM('categories: [lab-results]\nmaxAgeDays: 30'));
    const scan = new ScanBuilder().doc('labs.pdf', 'lab-results', { date: '2025-10-15' }).build();
    expect(checkCase(scan, list, { caseFile: { asOf: '2025-11-01' } }).status).toBe('complete');
    const late = checkCase(scan, list, { caseFile: { asOf: '2026-03-01' } });
    expect(late.asOf).toBe('2026-03-01');
    expect(late.status).toBe('incomplete');
    expect(late.findings.find((f) => f.code === 'ITEM_PARTIAL')?.severity).toBe('error');
  });

  it('minDates with mentions: a CA 19-9 series needs two dates; a lab file spanning a period counts both ends', () => {
    const list = listFrom(ITEM('categories: [lab-results]\nmentions: [CA 19-9, CA19-9]\nminDates: 2'));
    const oneValue = new ScanBuilder().doc('a.pdf', 'lab-results', { date: '2025-10-01', text: 'Tumour markers: CA 19-9 840 U/mL' }).doc('b.pdf', 'lab-results', { date: '2025-09-01', text: 'Haemoglobin 11.2' }).build();
    expect(item(checkCase(oneValue, list, { asOf: '2025-11-01' }), 'x').status).toBe('partial');
    const twoFiles = new ScanBuilder().doc('a.pdf', 'lab-results', { date: '2025-10-01', text: 'CA 19-9 840' }).doc('b.pdf', 'lab-results', { date: '2025-09-01', text: 'ca19-9: 610' }).build();
    expect(item(checkCase(twoFiles, list, { asOf: '2025-11-01' }), 'x').status).toBe('met');
    const series = new ScanBuilder().doc('trend.pdf', 'lab-results', { date: '2025-10-01', start: '2025-06-01', text: 'CA  19-9 trend' }).build();
    expect(item(checkCase(series, list, { asOf: '2025-11-01' }), 'x').status).toBe('met');
    // "ALT" style short terms match whole words only: "CA 19-90" is not CA 19-9.
    const lookalike = new ScanBuilder().doc('a.pdf', 'lab-results', { date: '2025-10-01', text: 'CA 19-90' }).doc('b.pdf', 'lab-results', { date: '2025-09-01', text: 'CA 19-90' }).build();
    expect(item(checkCase(lookalike, list, { asOf: '2025-11-01' }), 'x').status).toBe('missing');
  });

  it('modality: an MR study does not satisfy a CT item; PET-CT satisfies PT', () => {
    const list = listFrom(ITEM('categories: [imaging]\nform: dicom\nmodality: [CT]'));
    expect(item(checkCase(new ScanBuilder().study('S', 'MR', '2025-10-05').build(), list, { asOf: '2025-11-01' }), 'x').status).toBe('missing');
    const pet = listFrom(ITEM('categories: [imaging-report]\nmodality: [PT]'));
    expect(item(checkCase(new ScanBuilder().doc('r.pdf', 'imaging-report', { date: '2025-10-05', modality: 'PET-CT' }).build(), pet, { asOf: '2025-11-01' }), 'x').status).toBe('met');
  });

  it('minCount counts documents; duplicates and excluded files do not count', () => {
    const list = listFrom(ITEM('categories: [pathology-report]\nminCount: 2'));
    const scan = new ScanBuilder().doc('a.pdf', 'pathology-report', { date: '2025-01-01' })
      .doc('copy of a.pdf', 'pathology-report', { date: '2025-01-01', duplicateOf: 'a.pdf' })
      .doc('draft.pdf', 'pathology-report', { date: '2025-01-02', excluded: true }).build();
    const r = item(checkCase(scan, list, { asOf: '2025-11-01' }), 'x');
    expect(r.status).toBe('partial');
    expect(r.detail).toBe('1 of 2 needed');
    expect(r.satisfiedBy).toEqual(['a.pdf']);
  });

  it('when: a false fact makes the item not applicable; a true fact keeps it required', () => {
    const list = listFrom(ITEM('categories: [operative-report]\nwhen: { surgery: true }'));
    const scan = new ScanBuilder().build();
    const no = checkCase(scan, list, { asOf: '2025-11-01', caseFile: { facts: { surgery: false } } });
    expect(item(no, 'x').status).toBe('not-applicable');
    expect(item(no, 'x').detail).toBe('applies only if the patient had surgery');
    expect(no.status).toBe('complete');
    expect(no.facts).toEqual([{ name: 'surgery', value: false, source: 'case-file', items: ['x'] }]);
    const yes = checkCase(scan, list, { asOf: '2025-11-01', caseFile: { facts: { surgery: true } } });
    expect(item(yes, 'x')).toMatchObject({ status: 'missing', severity: 'required' });
    expect(yes.status).toBe('incomplete');
  });

  it('when with an unknown fact: checked, but a missing required item is lowered to recommended and the assumption shown', () => {
    const list = listFrom(ITEM('categories: [operative-report]\nwhen: { surgery: true }'));
    const unknown = checkCase(new ScanBuilder().build(), list, { asOf: '2025-11-01' });
    const r = item(unknown, 'x');
    expect(r).toMatchObject({ status: 'missing', severity: 'recommended', checklistSeverity: 'required', assumedFacts: ['surgery'] });
    expect(r.detail).toMatch(/^needed only if the patient had surgery; casepack.yaml does not say/);
    expect(unknown.status).toBe('complete');
    expect(unknown.facts).toEqual([{ name: 'surgery', value: null, source: 'unknown', items: ['x'] }]);
    expect(unknown.findings.map((f) => f.code)).toEqual(['ITEM_RECOMMENDED_MISSING']);
    // Evidence in the folder settles it: an operative report is there, so the item is met as required.
    const present = checkCase(new ScanBuilder().doc('op.pdf', 'operative-report', { date: '2025-05-05' }).build(), list, { asOf: '2025-11-01' });
    expect(item(present, 'x')).toMatchObject({ status: 'met', severity: 'required' });
  });

  it('forEach: a report for every scan; the scans without one are named and asked for by date', () => {
    const list = listFrom(ITEM('categories: [imaging-report]\nforEach: { categories: [imaging], withinDays: 7, label: a report is }'));
    const scan = new ScanBuilder()
      .study('S1', 'CT', '2025-10-05').study('S2', 'MR', '2025-06-01').study('S3', 'CT', '2025-03-01')
      .doc('ct-report.pdf', 'imaging-report', { date: '2025-10-07', modality: 'CT' })
      // An MRI report near the March CT does not count for it: the modalities differ.
      .doc('mri-report.pdf', 'imaging-report', { date: '2025-03-02', modality: 'MR' })
      .build();
    const r = item(checkCase(scan, list, { asOf: '2025-11-01' }), 'x');
    expect(r.status).toBe('partial');
    expect(r.detail).toBe('a report is still missing for the MRI scan of 1 June 2025 and the CT scan of 1 March 2025');
    expect(r.request?.wording).toBe('Please send the scans from 1 June 2025 and 1 March 2025.');
    const all = new ScanBuilder().study('S1', 'CT', '2025-10-05').doc('r.pdf', 'imaging-report', { date: '2025-10-05' }).build();
    expect(item(checkCase(all, list, { asOf: '2025-11-01' }), 'x').status).toBe('met');
  });

  it('forEach: DICOM for every reported scan (international review)', async () => {
    const list = await loadChecklist('international-review');
    const scan = new ScanBuilder().study('S1', 'CT', '2025-10-05')
      .doc('ct.pdf', 'imaging-report', { date: '2025-10-05', modality: 'CT' })
      .doc('pet.pdf', 'imaging-report', { date: '2025-08-20', modality: 'PET-CT' }).build();
    const r = item(checkCase(scan, list, { asOf: '2025-11-01' }), 'imaging-dicom');
    expect(r.status).toBe('partial');
    expect(r.detail).toBe('the DICOM files are still missing for the PET-CT scan reported on 20 August 2025');
    expect(r.request?.wording).toContain('of every CT, MRI and PET-CT scan (dates: 20 August 2025)');
  });

  it('a DICOM structured report inside a PET-CT study counts as a PET-CT report', () => {
    const list = listFrom(ITEM('categories: [imaging-report]\nmodality: [PT]'));
    const scan = new ScanBuilder().study('S1', 'PT', '2025-10-05').build();
    const uid = scan.dicom.studies[0]?.studyInstanceUid as string;
    scan.dicom.studies[0]?.modalities.push('CT', 'SR');
    scan.files.push({ path: 'S1/SR0001', size: 2000, mtimeMs: 0, family: 'dicom',
      dicom: { studyInstanceUid: uid, seriesInstanceUid: `${uid}.9`, modality: 'SR', hasPreamble: true, kind: 'structured-report' },
      classification: { category: 'imaging-report', modality: 'SR', confidence: 1, reasons: [], date: { date: '2025-10-05', source: 'dicom-tag', confidence: 1 } } });
    const r = item(checkCase(scan, list, { asOf: '2025-11-01' }), 'x');
    expect(r.status).toBe('met');
    expect(r.satisfiedBy).toEqual([uid]);
  });

  it('anyOf: the best alternative wins; none met lists the alternatives', () => {
    const list = listFrom(ITEM('anyOf:\n  - { label: scans, categories: [pathology-slides] }\n  - { label: glass, physical: [glass-slides] }'));
    const none = item(checkCase(new ScanBuilder().build(), list, { asOf: '2025-11-01' }), 'x');
    expect(none).toMatchObject({ status: 'missing', detail: 'none of: scans; glass' });
  });

  it('the request fills {dates} from related documents, newest first', () => {
    const list = listFrom(ITEM('categories: [imaging]\nform: dicom\nrelated: [imaging-report]'));
    const scan = new ScanBuilder().doc('r1.pdf', 'imaging-report', { date: '2025-03-02' }).doc('r2.pdf', 'imaging-report', { date: '2025-10-05' }).build();
    expect(item(checkCase(scan, list, { asOf: '2025-11-01' }), 'x').request?.wording).toBe('Please send the scans from 5 October 2025 and 2 March 2025.');
  });

  it('is pure: the scan is not modified and the same input gives the same output', async () => {
    const scan = new ScanBuilder().doc('whatsapp/ct1.jpg', 'imaging-export', { date: '2025-10-05', modality: 'CT' }).study('S', 'CT', '2025-01-01').build();
    const before = structuredClone(scan);
    const list = await loadChecklist('international-review');
    const a = checkCase(scan, list, { asOf: '2025-11-01' });
    const b = checkCase(scan, list, { asOf: '2025-11-01' });
    expect(scan).toEqual(before);
    expect(a).toEqual(b);
  });
});
