import { describe, expect, it } from 'vitest';
import { findClinicalDate, type DateInput } from '../../src/classify/dates/index.js';
import { ClinicalDateSchema } from '../../src/model/scan.js';

const today = new Date(2026, 10, 22, 12);

function find(text: string, extra: Partial<DateInput> = {}) {
  const result = findClinicalDate({ text, filename: 'report.pdf', category: 'pathology-report', today, ...extra });
  if (result) ClinicalDateSchema.parse(result);
  return result;
}

describe('formats found in document text', () => {
  const cases: Array<[string, string]> = [
    ['Date of procedure: 2025-09-12', '2025-09-12'],
    ['Date of procedure: 25/09/2025', '2025-09-25'],
    ['Date of procedure: 09/25/2025', '2025-09-25'],
    ['Date of procedure: 25.09.2025', '2025-09-25'],
    ['Date of procedure: 25-09-2025', '2025-09-25'],
    ['Date of procedure: 25/09/25', '2025-09-25'],
    ['Date of procedure: 12 Sep 2025', '2025-09-12'],
    ['Date of procedure: Sep 12, 2025', '2025-09-12'],
    ['Date of procedure: 28-Sep-2025 07:45', '2025-09-28'],
    ['Date of procedure: 12th September 2025', '2025-09-12'],
    ['Date of procedure: Friday, 12 September 2025', '2025-09-12'],
    ['Date of procedure: 2025/09/12', '2025-09-12'],
    ['Date of procedure: 2025-09-12T10:00:00Z', '2025-09-12'],
    ['Date of procedure: 12-SEP-2025', '2025-09-12'],
    ['Date of procedure: 12th of September 2025', '2025-09-12'],
    ['Date of procedure: September 12th, 2025', '2025-09-12'],
    ['Date of procedure: 12 sept 25', '2025-09-12'],
    ['Date of procedure: 25.9.2025', '2025-09-25'],
    ['Date of procedure:25/09/2025', '2025-09-25'],
    ['Date of procedure: 25/09/2025-26/09/2025', '2025-09-25'],
    ['Date/Time of procedure: 25/09/2025 14:05', '2025-09-25'],
    ['Date of procedure: 12.Sep.2025', '2025-09-12'],
    ['Date of procedure: 12/Sep/2025', '2025-09-12'],
    ['Date of procedure: 2025 Sep 12', '2025-09-12'],
    ['Date of procedure: Sept. 12th 2025', '2025-09-12'],
    ['Date of procedure: 12 SEPTEMBER, 2025', '2025-09-12'],
  ];
  it.each(cases)('%s → %s', (text, expected) => {
    const result = find(text);
    expect(result?.date).toBe(expected);
    expect(result?.source).toBe('content');
    expect(result?.kind).toBe('procedure');
  });

  it('does not take decimals, version numbers, IDs or times for dates', () => {
    expect(find('Hb 13.5 g/dL (12.0-15.5)\nWBC 4.5-11.0\nSpecimen S25-12-345\nVersion 1.2.3\nTime 07:45')).toBeNull();
  });
});

describe('every label the issue names is recognised', () => {
  it.each([
    ['Date of procedure:', 'procedure'],
    ['Date of biopsy:', 'procedure'],
    ['Collected:', 'collection'],
    ['Collection date:', 'collection'],
    ['Specimen received:', 'received'],
    ['Date of operation:', 'operation'],
    ['Date of surgery:', 'operation'],
    ['Exam date:', 'exam'],
    ['Study date:', 'exam'],
    ['Date of discharge:', 'discharge'],
    ['Report date:', 'report'],
    ['Reported:', 'report'],
    ['Signed out:', 'report'],
    ['Date:', 'letter'],
  ])('%s → %s', (label, kind) => {
    expect(find(`${label} 25/09/2025`, { category: 'other' })).toMatchObject({ date: '2025-09-25', kind, evidence: `${label} 25/09/2025` });
  });
});

describe('labels decide which date, per category', () => {
  const sheet = [
    'Date of biopsy: 10/09/2025',
    'Specimen received: 11/09/2025',
    'Exam date: 05/09/2025',
    'Date of operation: 02/09/2025',
    'Date of discharge: 20/09/2025',
    'Report date: 15/09/2025',
  ].join('\n');

  it.each([
    ['pathology-report', '2025-09-10', 'procedure'],
    ['imaging-report', '2025-09-05', 'exam'],
    ['operative-report', '2025-09-02', 'operation'],
    ['discharge-summary', '2025-09-20', 'discharge'],
  ] as const)('%s picks %s (%s)', (category, date, kind) => {
    const result = find(sheet, { category });
    expect(result?.date).toBe(date);
    expect(result?.kind).toBe(kind);
  });

  it('falls back to the report date only when nothing better is labelled', () => {
    expect(find('Report date: 15/09/2025\nPrinted: 16/09/2025')?.date).toBe('2025-09-15');
    expect(find('Report date: 15/09/2025\nPrinted: 16/09/2025')?.kind).toBe('report');
  });

  it('collection beats received and reported for labs', () => {
    const text = 'Collected: 14/09/2025 08:10   Received: 14/09/2025 10:00   Reported: 16/09/2025';
    const result = find(text, { category: 'lab-results' });
    expect(result).toMatchObject({ date: '2025-09-14', kind: 'collection' });
    expect(result?.start).toBeUndefined();
  });

  it('a bare "Date" after another label completes it ("Sample Drawn Date:")', () => {
    const text = 'Printed Date: 27/09/2025\nSample Drawn Date: 25/09/2025\nReport Date: 26/09/2025';
    expect(find(text, { category: 'lab-results' })).toMatchObject({ date: '2025-09-25', kind: 'collection' });
    expect(find('Date of Sample Collection: 24/09/2025\nDate: 26/09/2025', { category: 'lab-results' })).toMatchObject({ date: '2025-09-24', kind: 'collection' });
  });

  it('reads common abbreviations and letter dates', () => {
    expect(find("Rec'd: 21/10/2025 Coll. Date: 20/10/2025", { category: 'lab-results' })).toMatchObject({ date: '2025-10-20', kind: 'collection' });
    expect(find('DOA: 01/10/2025 DOD: 15/10/2025', { category: 'discharge-summary' })).toMatchObject({ date: '2025-10-15', start: '2025-10-01', kind: 'admission-discharge' });
    expect(find('I saw her on 15/10/2025.\nDate of letter: 20/10/2025', { category: 'clinical-summary' })).toMatchObject({ date: '2025-10-20', kind: 'letter' });
  });

  it('a request date is paperwork before the exam', () => {
    expect(find('Requested: 20/09/2025\nExam date: 24/09/2025', { category: 'imaging-report' })).toMatchObject({ date: '2025-09-24', kind: 'exam' });
  });

  it('reads a label on the line above', () => {
    expect(find('Date of surgery\n  3rd March 2025\n\nReported 10 March 2025', { category: 'operative-report' })).toMatchObject({ date: '2025-03-03', kind: 'operation' });
  });

  it('reads a column header above a table cell', () => {
    const text = [
      'Patient           Date of birth     Collection date   Report date',
      'DOE, JANE         14/02/1961        03/09/2025        05/09/2025',
    ].join('\n');
    const result = find(text, { category: 'lab-results' });
    expect(result).toMatchObject({ date: '2025-09-03', kind: 'collection' });
    expect(result?.evidence).toContain('Collection date');
  });

  it('maps a header row of labels onto the row of dates below it, also in flowing text without columns', () => {
    const flowing = 'Patient Date of birth Collection date Report date\nDOE, JANE 14/02/1961 03/09/2025 05/09/2025';
    expect(find(flowing, { category: 'lab-results' })).toMatchObject({ date: '2025-09-03', kind: 'collection' });
    expect(find(flowing, { category: 'lab-results' })?.start).toBeUndefined();
    const grid = 'Collected Received Reported\n22/09/2025 23/09/2025 25/09/2025';
    expect(find(grid, { category: 'lab-results' })).toMatchObject({ date: '2025-09-22', kind: 'collection' });
    expect(find(grid, { category: 'lab-results' })?.start).toBeUndefined();
  });

  it('gives a labelled date more confidence than an unlabelled one, and one among many less still', () => {
    const labelled = find('Date of procedure: 25/09/2025')?.confidence ?? 0;
    const lone = find('Biopsy of the left breast, 25/09/2025.', { category: 'other' })?.confidence ?? 0;
    const among = find('Seen 12 Sep 2025. Previous biopsy 14 Jan 2024.', { category: 'other' })?.confidence ?? 0;
    expect(labelled).toBeGreaterThan(lone);
    expect(lone).toBeGreaterThan(among);
  });
});

describe('never chosen', () => {
  it.each([
    ['DOB: 14/02/1961', 'DOB'],
    ['D.O.B. 14/02/1961', 'D.O.B.'],
    ['Date of birth: 14 Feb 1961', 'Date of birth'],
    ['Born 14 February 1961', 'Born'],
    ['Birth date 1961-02-14', 'Birth date'],
    ['D/O/B: 14/02/1961', 'D/O/B'],
    ['Geburtsdatum: 14.02.1961', 'Geburtsdatum'],
    ['Date de naissance : 14/02/1961', 'Date de naissance'],
    ['Birth: 14 Feb 1961', 'Birth:'],
  ])('a birth date (%s)', (line) => {
    const result = find(`${line}\nDate of procedure: 25/09/2025`);
    expect(result?.date).toBe('2025-09-25');
    expect(result?.evidence).not.toContain('1961');
    expect(find(line)).toBeNull();
  });

  it('the patient\'s known birth date (casepack.yaml, DICOM), from any source', () => {
    const birthDates = ['1961-02-14'];
    expect(find('Jane Doe 14/02/1961', { category: 'other', birthDates })).toBeNull();
    expect(find('', { category: 'other', filename: 'passport 1961-02-14.pdf', birthDates })).toBeNull();
    expect(find('', { category: 'other', filename: 'x.pdf', metadataDate: '1961-02-14', birthDates })).toBeNull();
    expect(find('Jane Doe 14/02/1961\nDate: 25/09/2025', { category: 'other', birthDates })?.date).toBe('2025-09-25');
  });

  it('a birth date repeated without its label', () => {
    expect(find('DOB: 14/02/1961\n\nJane Doe 14/02/1961', { category: 'other' })).toBeNull();
  });

  it('an expiry / valid-until date, even in the past', () => {
    expect(find('Passport no. X123\nDate of expiry: 01/06/2024', { category: 'identity-document' })).toBeNull();
    expect(find('Card no. 4471\nExp: 30/06/2024', { category: 'identity-document' })).toBeNull();
    expect(find('Valid until 01 Jun 2024\nDate of issue: 22/06/2014', { category: 'identity-document' })?.date).toBe('2014-06-22');
  });

  it('a date in a reference range or a table of normal values', () => {
    expect(find('Reference range (valid from 01/01/2020): 3.5-5.0', { category: 'lab-results' })).toBeNull();
    const text = 'Collected: 13/09/2025\n\nReference values\nAdults from 01/01/2019: 12-16 g/dL\nChildren 2 Jan 2018 table\n';
    expect(find(text, { category: 'lab-results' })).toMatchObject({ date: '2025-09-13' });
    expect(find('Reference values\nAdults from 01/01/2019: 12-16 g/dL', { category: 'lab-results' })).toBeNull();
    // pdf.js text may have no blank line after the block: the next dated field ends it.
    expect(find('Reference values\nAdults from 01/01/2019: 12-16 g/dL\nReported: 25/09/2025', { category: 'lab-results' })).toMatchObject({ date: '2025-09-25' });
  });

  it('a date in the future', () => {
    expect(find('Date of procedure: 12/09/2027')).toBeNull();
    expect(find('Date of procedure: 23/11/2026')).toBeNull();
    expect(find('Date of procedure: 22/11/2026')?.date).toBe('2026-11-22');
  });

  it('an appointment / follow-up / next visit date', () => {
    for (const label of ['Next appointment:', 'Follow-up on', 'Next visit', 'Review on', 'Appt:']) {
      expect(find(`${label} 01/10/2025`, { category: 'clinical-summary' })).toBeNull();
    }
    expect(find('Clinic date: 25/09/2025\nFollow-up: 10/10/2025', { category: 'clinical-summary' })?.date).toBe('2025-09-25');
  });

  it('a date before 1900', () => {
    expect(find('Date: 12/09/1899', { category: 'other' })).toBeNull();
  });
});

describe('day-first or month-first', () => {
  it('a date valid only day-first proves the document is DMY', () => {
    expect(find('Date of procedure: 03/04/2025\nReported: 25/04/2025')).toMatchObject({ date: '2025-04-03' });
  });
  it('a date valid only month-first proves the document is MDY', () => {
    expect(find('Date of procedure: 03/04/2025\nReported: 04/25/2025')).toMatchObject({ date: '2025-03-04' });
  });
  it('even a birth date is evidence of how the author writes dates (never chosen itself)', () => {
    expect(find('DOB: 02/14/1961\nDate of procedure: 03/04/2025')).toMatchObject({ date: '2025-03-04' });
  });
  it('mixed proofs settle nothing; then the case file decides', () => {
    const text = 'Date of procedure: 03/04/2025\nA: 25/04/2025\nB: 04/25/2025';
    expect(find(text)?.date).toBeNull();
    expect(find(text, { dateOrder: 'DMY' })?.date).toBe('2025-04-03');
  });
  it('the case file dateOrder decides when the document does not', () => {
    expect(find('Date of procedure: 03/04/2025', { dateOrder: 'DMY' })?.date).toBe('2025-04-03');
    expect(find('Date of procedure: 03/04/2025', { dateOrder: 'MDY' })?.date).toBe('2025-03-04');
  });
  it('document evidence beats the case file', () => {
    expect(find('Date of procedure: 03/04/2025\nReported 25/04/2025', { dateOrder: 'MDY' })?.date).toBe('2025-04-03');
  });
  it('otherwise ambiguous: both readings, no date, lower confidence', () => {
    const result = find('Date of procedure: 03/04/2025');
    expect(result).toMatchObject({ date: null, ambiguous: ['2025-04-03', '2025-03-04'], kind: 'procedure', source: 'content' });
    expect(result?.confidence).toBeLessThan(find('Date of procedure: 25/04/2025')?.confidence ?? 0);
  });
  it('month names prove nothing about numeric order', () => {
    expect(find('Date of procedure: 03/04/2025\nReported 25 Apr 2025')).toMatchObject({ date: null, ambiguous: ['2025-04-03', '2025-03-04'] });
  });
  it('a date named with its month is unambiguous on its own', () => {
    expect(find('Date of procedure: 3 Apr 2025\nReported 04/05/2025')).toMatchObject({ date: '2025-04-03' });
  });
  it('a reading in the future is impossible, so the other one is taken (less confident)', () => {
    const result = find('Date of procedure: 11/12/2026');
    expect(result?.date).toBe('2026-11-12');
    expect(result?.confidence).toBeLessThan(find('Date of procedure: 25/04/2025')?.confidence ?? 0);
  });
  it('a file name date matching one reading settles it', () => {
    expect(find('Date of procedure: 03/04/2025', { filename: 'path 2025-04-03.pdf' })?.date).toBe('2025-04-03');
    expect(find('Date of procedure: 03/04/2025', { filename: 'path 2025-03-04.pdf' })?.date).toBe('2025-03-04');
    // A WhatsApp download day that happens to equal one reading proves nothing.
    expect(find('Date of procedure: 03/04/2025', { filename: 'IMG-20250403-WA0001.jpg' })?.date).toBeNull();
  });
});

describe('month-only dates', () => {
  it('are never turned into the 1st of the month', () => {
    expect(find('Diagnosed Jul 2019, treated with surgery.', { category: 'clinical-summary' })).toBeNull();
    const result = find('Diagnosed Jul 2019.\nDate: 25/09/2025', { category: 'clinical-summary' });
    expect(result?.date).toBe('2025-09-25');
  });
  it('a day and month without a year are not guessed into a year', () => {
    expect(find('Date of procedure: 12 Sep')).toBeNull();
  });
  it('leave the file name to speak when nothing else does', () => {
    expect(find('History: mastectomy July 2019', { category: 'clinical-summary', filename: 'letter 2025-09-12.pdf' })).toMatchObject({ date: '2025-09-12', source: 'filename' });
  });
});

describe('content, file name, metadata', () => {
  it('content beats the file name', () => {
    expect(find('Date of procedure: 25/09/2025', { filename: 'path 2025-10-01.pdf' })).toMatchObject({ date: '2025-09-25', source: 'content' });
    expect(find('Biopsy 3 Sep 2025', { filename: 'path 2025-10-01.pdf', category: 'other' })).toMatchObject({ date: '2025-09-03', source: 'content' });
  });
  it('a WhatsApp or scanner file name is only a weak hint', () => {
    const whatsapp = find('', { filename: 'IMG-20251003-WA0007.jpg', category: 'other' });
    expect(whatsapp).toMatchObject({ date: '2025-10-03', source: 'filename', kind: 'whatsapp-received' });
    expect(whatsapp?.confidence).toBeLessThanOrEqual(0.3);
    expect(find('Date of procedure: 25/09/2025', { filename: 'IMG-20251003-WA0007.jpg' })?.date).toBe('2025-09-25');
    const scan = find('', { filename: 'Scan_2025-10-03.pdf', category: 'other' });
    expect(scan).toMatchObject({ date: '2025-10-03', kind: 'scan-date' });
    expect(scan?.confidence).toBeLessThan(find('', { filename: 'pathology 2025-10-03.pdf' })?.confidence ?? 0);
  });
  it('pages of a split scan do not each inherit the scan date with any confidence', () => {
    const page = find('', { filename: 'Scan_2025-10-03_page2.pdf', category: 'other' });
    expect(page?.confidence).toBeLessThan(find('', { filename: 'Scan_2025-10-03.pdf', category: 'other' })?.confidence ?? 0);
    // A page that has its own text is judged by it, not by the shared name.
    expect(find('Date of procedure: 25/09/2025', { filename: 'Scan_2025-10-03_page2.pdf' })?.date).toBe('2025-09-25');
  });
  it('a file name beats file metadata, metadata beats the file time', () => {
    const mtime = new Date(2025, 10, 1);
    expect(find('', { filename: 'ct 2025-10-05.pdf', metadataDate: '2025-10-07T09:00:00Z', fileMtime: mtime })).toMatchObject({ date: '2025-10-05', source: 'filename' });
    expect(find('', { filename: 'ct.pdf', metadataDate: '2025-10-07T09:00:00Z', fileMtime: mtime })).toMatchObject({ date: '2025-10-07', source: 'file-metadata' });
    const fromMtime = find('', { filename: 'ct.pdf', fileMtime: mtime });
    expect(fromMtime).toMatchObject({ date: '2025-11-01', source: 'file-metadata' });
    expect(fromMtime?.confidence).toBeLessThanOrEqual(0.1);
  });
  it('a content date that is all birth dates leaves the file name to speak', () => {
    expect(find('DOB 14/02/1961', { filename: 'letter 12.09.2025.pdf', dateOrder: 'DMY', category: 'clinical-summary' })).toMatchObject({ date: '2025-09-12', source: 'filename' });
  });
  it('an impossible metadata date is ignored', () => {
    expect(find('', { filename: 'x.pdf', metadataDate: '2025-02-31T10:00:00Z' })).toBeNull();
  });
  it('a future metadata date or file time is ignored', () => {
    expect(find('', { filename: 'x.pdf', metadataDate: '2030-01-01', fileMtime: new Date(2031, 0, 1) })).toBeNull();
  });
  it('an ambiguous file name stays ambiguous unless the case file says the order', () => {
    expect(find('', { filename: 'ct 03.04.2025.pdf' })).toMatchObject({ date: null, ambiguous: ['2025-04-03', '2025-03-04'], source: 'filename' });
    expect(find('', { filename: 'ct 03.04.2025.pdf', dateOrder: 'MDY' })).toMatchObject({ date: '2025-03-04', source: 'filename' });
  });
});

describe('labs with several sample dates', () => {
  it('keep the whole series: start = earliest, date = latest', () => {
    const text = [
      'CUMULATIVE REPORT',
      'Collected: 01/09/2025   Hb 11.2',
      'Collected: 22/09/2025   Hb 10.4',
      'Collected: 15/09/2025   Hb 10.9',
      'Reported: 23/09/2025',
    ].join('\n');
    expect(find(text, { category: 'lab-results' })).toMatchObject({ start: '2025-09-01', date: '2025-09-22', kind: 'collection-series' });
  });
  it('read a row of dates in a cumulative table', () => {
    const text = 'Tumour markers\nDate        01/06/2025   01/07/2025   18/08/2025\nCA 15-3     45           38           31\nPrinted on 20/08/2025';
    expect(find(text, { category: 'lab-results' })).toMatchObject({ start: '2025-06-01', date: '2025-08-18' });
    // Without a date that proves the order, the series is as ambiguous as its dates.
    expect(find(text.replace('18/08', '08/08').replace('20/08', '09/08'), { category: 'lab-results' })?.date).toBeNull();
  });
  it('a single sample is a single date', () => {
    const result = find('Date: 14/09/2025\nCollected: 12/09/2025', { category: 'lab-results' });
    expect(result).toMatchObject({ date: '2025-09-12', kind: 'collection' });
    expect(result?.start).toBeUndefined();
  });
});

describe('evidence and confidence', () => {
  it('evidence is a short snippet with the label and never a birth date', () => {
    const text = `Name: DOE, Jane   DOB: 14/02/1961   Date of procedure: 12/09/2025 ${'x'.repeat(200)}`;
    const result = find(text);
    expect(result?.evidence).toBe('Date of procedure: 12/09/2025');
    expect(result?.evidence?.length).toBeLessThanOrEqual(60);
  });
  it('an unlabelled date is its own evidence: the words before it may be a name', () => {
    expect(find('Mrs Jane Doe was seen 25/09/2025 in clinic.', { category: 'other' })?.evidence).toBe('25/09/2025');
  });
  it('confidence stays within [0, 1]', () => {
    for (const text of ['Date of procedure: 12/09/2025', '12/09/2025', 'Date of procedure: 03/04/2025']) {
      const confidence = find(text)?.confidence ?? -1;
      expect(confidence).toBeGreaterThan(0);
      expect(confidence).toBeLessThanOrEqual(1);
    }
  });

  it('a print date is never chosen, even as the only date (issue 11): the file name or metadata are more honest', () => {
    expect(find('Printed 12/09/2025')).toBeNull();
    expect(find('Printed 12/09/2025', { metadataDate: '2025-09-10' })?.source).toBe('file-metadata');
  });
});
