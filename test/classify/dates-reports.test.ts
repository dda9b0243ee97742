import { describe, expect, it } from 'vitest';
import { findClinicalDate, type DateInput } from '../../src/classify/dates/index.js';
import { ClinicalDateSchema } from '../../src/model/scan.js';

/**
 * Whole report texts in the shapes hospitals print them (US, UK, Indian,
 * European), with the dates a reviewer would file them under. Each holds
 * dates that must not win: birth dates, print dates, appointments, history.
 */
const today = new Date(2026, 10, 22, 12);

function dateOf(text: string, category: DateInput['category'], extra: Partial<DateInput> = {}) {
  const result = findClinicalDate({ text, filename: 'document.pdf', category, today, ...extra });
  if (result) ClinicalDateSchema.parse(result);
  return result;
}

describe('US style (month-first)', () => {
  const pathology = `
MERCY GENERAL HOSPITAL — DEPARTMENT OF PATHOLOGY
SURGICAL PATHOLOGY REPORT

Patient: DOE, JANE A                 MRN: 00451237          Accession #: S25-18842
DOB: 03/07/1961  (Age: 64)  Sex: F   Physician: R. Patel, MD
Date of Procedure: 09/04/2025        Date Received: 09/05/2025
Date Reported: 09/09/2025

CLINICAL HISTORY: Left breast mass seen on CT of 08/21/2025.
DIAGNOSIS: Invasive ductal carcinoma, grade 2.
Electronically signed by R. Patel, MD on 09/09/2025 14:22
`;
  it('pathology: the procedure date, read month-first because 08/21 proves it', () => {
    expect(dateOf(pathology, 'pathology-report')).toMatchObject({ date: '2025-09-04', kind: 'procedure', source: 'content' });
  });

  const radiology = `
Exam: CT CHEST ABDOMEN PELVIS WITH CONTRAST
Date of Service: 10/02/2025   Ordering: Dr. Chen     Patient DOB: 11/23/1958
COMPARISON: PET/CT 07/15/2025.
IMPRESSION: Interval decrease in size of the hepatic lesion.
Dictated: 10/03/2025  Transcribed: 10/03/2025
Follow-up imaging recommended. Next appointment: 01/05/2026
`;
  it('imaging report: the date of service, not the comparison, dictation or appointment', () => {
    expect(dateOf(radiology, 'imaging-report')).toMatchObject({ date: '2025-10-02', kind: 'exam' });
  });
});

describe('UK style (day-first)', () => {
  const letter = `
Oncology Department, St Elsewhere NHS Foundation Trust

Date: 14/10/2025
Clinic date: 09/10/2025

Dear Dr Smith,
Re: Mrs Jane DOE, DOB 05/06/1962, NHS No 943 476 5919

I saw Mrs Doe in clinic. She was diagnosed in Jul 2019 with a left breast cancer treated by
wide local excision on 12/08/2019. CT on 02/10/2025 shows new liver lesions.
I will see her again on 20/11/2026 with the results.
`;
  it('clinic letter: the clinic date, never the birth date, history or next visit', () => {
    expect(dateOf(letter, 'clinical-summary')).toMatchObject({ date: '2025-10-09', kind: 'visit' });
  });

  const discharge = `
DISCHARGE SUMMARY
Name: John SMITH    Hospital No: K1234567    D.O.B.: 30/01/1950
Date of admission: 02/09/2025
Date of operation: 03/09/2025 — right hemicolectomy
Date of discharge: 10/09/2025
Follow up: Colorectal clinic 24/09/2025
`;
  it('discharge summary: the stay, admission to discharge (issue 11: a period keeps its range)', () => {
    expect(dateOf(discharge, 'discharge-summary')).toMatchObject({ date: '2025-09-10', start: '2025-09-02', kind: 'admission-discharge' });
  });
  it('the same document filed as an operative report: the operation date', () => {
    expect(dateOf(discharge, 'operative-report')).toMatchObject({ date: '2025-09-03', kind: 'operation' });
  });
});

describe('Indian style (day-first, dashes and month names)', () => {
  const labs = `
ABC DIAGNOSTICS PVT LTD  (NABL accredited)
Patient Name : Mrs. PRIYA SHARMA          Age/Sex : 52 Y / F
Ref. By      : Dr. A. Kumar               Reg. No : 250912345
Sample Collected On : 12-Sep-2025 08:15 AM
Sample Received On  : 12-Sep-2025 10:02 AM
Report Released On  : 13-Sep-2025 06:40 PM

Test Name             Result    Unit      Biological Reference Interval
Haemoglobin           10.8      g/dL      12.0 - 15.0
Total Leucocyte Count 7.2       10^3/uL   4.0 - 10.0
CA 15-3               48.2      U/mL      < 25
Printed On : 14-Sep-2025 09:00 AM
`;
  it('lab report: the collection date among received, released and printed', () => {
    const result = dateOf(labs, 'lab-results');
    expect(result).toMatchObject({ date: '2025-09-12', kind: 'collection' });
    expect(result?.start).toBeUndefined();
    expect(result?.confidence).toBeGreaterThanOrEqual(0.9);
  });

  const histopathology = `
DEPARTMENT OF HISTOPATHOLOGY, CITY CANCER HOSPITAL
Lab No.: H-4471/25     UHID: 20231187     Name: Mr. RAJESH VERMA     Age: 61 Yrs
DOA: 02.09.2025        Date of Biopsy: 04.09.2025        Date of Report: 11.09.2025
Specimen: Endoscopic biopsy, stomach.
Microscopy: Poorly differentiated adenocarcinoma.
`;
  it('histopathology with dotted dates: the biopsy date', () => {
    // 04.09 vs 09.04 is open in this text alone; the case file says the country writes day-first.
    expect(dateOf(histopathology, 'pathology-report', { dateOrder: 'DMY' })).toMatchObject({ date: '2025-09-04', kind: 'procedure' });
    expect(dateOf(histopathology, 'pathology-report')).toMatchObject({ date: null, ambiguous: ['2025-09-04', '2025-04-09'] });
  });

  const cumulative = `
TUMOUR MARKER TREND — CEA (ng/mL)
Date of collection    05/06/2025   17/07/2025   28/08/2025   30/09/2025
CEA                   12.4         9.8          6.1          4.9
Reference range: 0 - 5.0 (valid from 01/01/2019)
Report generated on 01/10/2025
`;
  it('cumulative marker table: the whole series, named by the latest', () => {
    expect(dateOf(cumulative, 'lab-results')).toMatchObject({ start: '2025-06-05', date: '2025-09-30', kind: 'collection-series' });
  });
});

describe('European style (dotted, day-first, ISO)', () => {
  const pet = `
Klinik für Nuklearmedizin — Universitätsklinikum
PET/CT REPORT
Patient: MÜLLER, Hans    geb. 17.03.1955
Untersuchungsnr.: 2025-4471
Study date: 2025-10-05
Indication: restaging after 6 cycles (last cycle 2025-08-28).
Report date: 2025-10-06
`;
  it('PET/CT report with ISO dates: the study date', () => {
    expect(dateOf(pet, 'imaging-report')).toMatchObject({ date: '2025-10-05', kind: 'exam' });
  });

  const molecular = `
MOLECULAR PATHOLOGY — NGS PANEL REPORT
Patient DOB: 17.03.1955     Block: B25-1123 A2
Collection date: 28.08.2025
Received: 01.09.2025
Reported: 15.09.2025
Result: KRAS G12C detected (VAF 23%). MSI stable. PD-L1 TPS 5%.
`;
  it('molecular report: the collection date of the tissue', () => {
    expect(dateOf(molecular, 'molecular-report')).toMatchObject({ date: '2025-08-28', kind: 'collection' });
  });
});

describe('hard cases', () => {
  it('a pathology report citing a CT does not take the CT date', () => {
    const text = 'Clinical details: mass on CT 14/08/2025.\nSpecimen date: 21/08/2025\nReported 26/08/2025';
    expect(dateOf(text, 'pathology-report')?.date).toBe('2025-08-21');
  });

  it('a labelled date inside a history sentence gives way to the document\'s own field', () => {
    const text = 'History: a previous biopsy performed on 14/02/2024 showed DCIS.\nCollected: 20/09/2025\nReported: 25/09/2025';
    expect(dateOf(text, 'pathology-report')).toMatchObject({ date: '2025-09-20', kind: 'collection' });
  });

  it('a letter whose only full date is a birth date has no content date (filename or nothing)', () => {
    const text = 'To whom it may concern,\nMrs Jane Doe (born 14/02/1961) has been under my care since Jul 2019.';
    expect(dateOf(text, 'clinical-summary')).toBeNull();
    expect(dateOf(text, 'clinical-summary', { filename: 'letter_2025-09-30.pdf' })).toMatchObject({ date: '2025-09-30', source: 'filename' });
  });

  it('a passport copy gives the issue date, never the birth or expiry date', () => {
    const text = 'PASSPORT\nSurname: DOE\nDate of birth: 14 FEB 1961\nDate of issue: 22 JUN 2016\nDate of expiry: 21 JUN 2026';
    expect(dateOf(text, 'identity-document')).toMatchObject({ date: '2016-06-22' });
  });

  it('a lab report full of reference ranges picks the sample date', () => {
    const text = [
      'Collected: 19/09/2025 07:30',
      'Glucose   5.4 mmol/L   (3.9-5.5)',
      'eGFR      74           (>60)',
      'Reference ranges updated 01/04/2024 — see www.lab.example',
      'Normal values for adults 12/2018',
    ].join('\n');
    expect(dateOf(text, 'lab-results')).toMatchObject({ date: '2025-09-19', kind: 'collection' });
  });

  it('flowing text (as pdf.js gives it): a trend row is a series, a field label above is not its column header', () => {
    const text = [
      'Patient: Ahmed Iyer Date of birth: 01.07.1949',
      'Case No: A8479892 Reported: 2024-07-22',
      'Tumour marker trend',
      'Test 26.05.2024 23.06.2024 21.07.2024 Ref. range',
      'CA 19-9 (U/mL) 1240 860 412 0 - 37',
    ].join('\n');
    expect(dateOf(text, 'lab-results')).toMatchObject({ start: '2024-05-26', date: '2024-07-21', kind: 'collection-series' });
  });

  it('a scanned page of a split scan with its own text keeps its own date', () => {
    const pages = ['Page 1 of 2\nDate of procedure: 22/09/2025', 'Page 2 of 2\nAddendum reported 30/09/2025'];
    const dates = pages.map((text) => dateOf(text, 'pathology-report', { filename: 'Scan_2025-10-03_p1.pdf' })?.date);
    expect(dates).toEqual(['2025-09-22', '2025-09-30']);
  });
});
