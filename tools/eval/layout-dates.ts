import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ReportSpec } from '../synth/report-pdf.js';
import { evaluateSet } from './evaluate.js';
import { formatReport } from './print.js';
import { writeLabelledSet, type LabelledDocument } from './truth.js';

/**
 * Layout and date set (issue 11): documents laid out as hospital systems print
 * them (letterhead with address and phone lines, a two-column patient-header
 * table above the title, a page header with the patient and the print time on
 * every page, monospaced printouts) and dated with the label wording real
 * reports use, several dates each (collected/received/reported, exam/dictated,
 * admission/discharge, a letter quoting an older biopsy).
 *
 * Written before the rules were changed, from how such documents are printed,
 * not from the rule lists. Odd-numbered documents are the held-out half: never
 * tune on them. Every person, place and number is invented. Deterministic.
 *
 *   npm run eval -- --layouts
 */
export const LAYOUT_SET_TODAY = '2026-01-15';

type Layout = 'plain' | 'monospaced' | 'letterhead' | 'two-column-header' | 'page-header';

interface Entry {
  truth: Omit<LabelledDocument, 'origin'> & { origin: string };
  layout: Layout;
  /** Title, header fields (label, value), body sections. */
  title: string;
  fields: [string, string][];
  body: ReportSpec['sections'];
  signatures?: ReportSpec['signatures'];
  institution?: string;
  /** The PDF's creation date: a decoy the content must beat. */
  created?: string;
}

const HOSPITAL_LINES = ['1200 Harbor View Boulevard, Suite 400, Lakeside, OH 44101', 'Tel (216) 555-0142  Fax (216) 555-0143  www.lakeside-health.example'];

function specOf(entry: Entry): ReportSpec {
  const spec: ReportSpec = {
    title: entry.title,
    fields: entry.fields,
    sections: entry.body,
    footer: 'Synthetic test document - fictional patient',
    metadata: { creationDate: entry.created ?? '2025-12-30T09:00:00Z' },
  };
  if (entry.signatures) spec.signatures = entry.signatures;
  const institution = entry.institution ?? 'Lakeside Regional Medical Center';
  switch (entry.layout) {
    case 'plain': break;
    case 'monospaced': spec.style = 'typewriter'; break;
    case 'letterhead':
      spec.style = 'modern';
      spec.letterhead = { institution, department: 'Department of Pathology and Laboratory Medicine', lines: HOSPITAL_LINES };
      break;
    case 'two-column-header':
      spec.letterhead = { institution, lines: HOSPITAL_LINES.slice(0, 1) };
      spec.fieldsBeforeTitle = true;
      break;
    case 'page-header': {
      const name = entry.fields.find(([label]) => /name|patient/i.test(label))?.[1] ?? 'PATIENT';
      // The print time in the document's own date style: a stray US date in a UK printout would unsettle its order.
      const printed = entry.truth.origin === 'US' ? '12/30/2025' : entry.truth.origin === 'EU' ? '2025-12-30' : '30/12/2025';
      spec.pageHeader = `${name}    MRN 40021187    Printed ${printed} 09:14    Page 1`;
      spec.letterhead = { institution, lines: HOSPITAL_LINES };
      break;
    }
  }
  return spec;
}

/** The documents, in a fixed order; index parity decides the half. */
export function layoutSetEntries(): Entry[] {
  return [
    { truth: { file: 'path report lakeside.pdf', category: 'pathology-report', date: '2025-03-04', origin: 'US', traps: ['collected, received and reported dates in a two-column header'] }, layout: 'two-column-header',
      title: 'Surgical Pathology Report',
      fields: [['Name', 'HARLOW, DENISE M'], ['MRN', '40021187'], ['DOB', '04/25/1950'], ['Accession', 'S25-01872'], ['Collected', '03/04/2025'], ['Received', '03/05/2025'], ['Reported', '03/10/2025'], ['Physician', 'K. Amsel, MD']],
      body: [{ heading: 'FINAL DIAGNOSIS', blocks: ['Breast, left, 2 o\'clock, ultrasound-guided core biopsy: Invasive ductal carcinoma, grade 2.'] }, { heading: 'GROSS DESCRIPTION', blocks: ['Received in formalin labeled with the patient name are three cores of tan tissue.'] }] },
    { truth: { file: 'histology result.pdf', category: 'pathology-report', date: '2025-02-12', origin: 'UK', traps: ['date taken / date received / date authorised', 'letterhead with address and phone'] }, layout: 'letterhead',
      title: 'Histopathology Report',
      fields: [['Patient', 'Mrs Alison PRYCE'], ['Hospital no', 'K884120'], ['Date of birth', '17/09/1958'], ['Lab no', 'H25.04471'], ['Date taken', '12/02/2025'], ['Date received', '13/02/2025'], ['Date authorised', '19/02/2025'], ['Consultant', 'Mr P. Dane']],
      body: [{ heading: 'Specimen', blocks: ['Sigmoid colon polyp, snare excision.'] }, { heading: 'Microscopy', blocks: ['Tubulovillous adenoma with focal high grade dysplasia. Margins clear.'] }] },
    { truth: { file: 'biopsy results.pdf', category: 'pathology-report', date: '2025-05-06', origin: 'US', traps: ['date of biopsy in the body, sign-out at the end', 'page header with a print date'] }, layout: 'page-header',
      title: 'Pathology Consultation Report',
      fields: [['Patient Name', 'OKAFOR, SAMUEL'], ['Date of Birth', '11/30/1962'], ['Case No', 'SP-25-11209'], ['Submitting Physician', 'R. Lindqvist, MD']],
      body: [{ heading: 'Clinical History', blocks: ['Elevated PSA. Date of biopsy: 05/06/2025.'] }, { heading: 'Diagnosis', blocks: ['Prostate, right base, needle biopsy: Adenocarcinoma, Gleason score 3+4=7 (Grade Group 2).'] }, { heading: 'Sign-out', blocks: ['Electronically signed out by Maria Velez, MD on 05/09/2025'] }] },
    { truth: { file: 'cytology.pdf', category: 'pathology-report', date: '2025-06-17', origin: 'US', traps: ['date of service vs report date'] }, layout: 'monospaced',
      title: 'Cytopathology Report',
      fields: [['Patient', 'TRAN, LINH'], ['DOB', '02/14/1971'], ['Date of Service', '06/17/2025'], ['Report Date', '06/20/2025'], ['Specimen', 'Thyroid, right lobe, FNA']],
      body: [{ heading: 'Interpretation', blocks: ['Malignant. Papillary thyroid carcinoma (Bethesda category VI).'] }] },
    { truth: { file: 'CT chest abdomen.pdf', category: 'imaging-report', date: '2025-07-01', modality: 'CT', origin: 'US', traps: ['exam date vs dictated date', 'comparison study date in the body'] }, layout: 'two-column-header',
      title: 'CT Chest Abdomen Pelvis with Contrast',
      fields: [['Patient', 'MERCER, PAULA J'], ['MRN', '40021187'], ['DOB', '08/08/1966'], ['Acc #', 'CT2507010334'], ['Exam Date', '07/01/2025'], ['Ordering', 'J. Holt, MD'], ['Dictated', '07/02/2025'], ['Status', 'Final']],
      body: [{ heading: 'COMPARISON', blocks: ['CT 01/15/2025.'] }, { heading: 'FINDINGS', blocks: ['Interval decrease in the right lower lobe mass, now 2.1 cm (previously 3.4 cm). No new hepatic lesions.'] }, { heading: 'IMPRESSION', blocks: ['Partial response to therapy.'] }] },
    { truth: { file: 'MRI pelvis report.pdf', category: 'imaging-report', date: '2025-03-21', modality: 'MR', origin: 'UK', traps: ['examination date in header; report signed the next day'] }, layout: 'letterhead',
      title: 'MRI Pelvis Report',
      fields: [['Patient', 'Mr Conor WALSH'], ['NHS number', '485 777 3291'], ['DOB', '02/01/1957'], ['Examination date', '21/03/2025'], ['Referrer', 'Dr S. Imrie']],
      body: [{ heading: 'Clinical details', blocks: ['Rectal cancer staging.'] }, { heading: 'Findings', blocks: ['Mid rectal tumour, T3c, 4 mm from the mesorectal fascia. Two suspicious mesorectal nodes.'] }, { heading: 'Conclusion', blocks: ['mrT3c N1, CRM clear.', 'Reported by Dr A. Finch, Consultant Radiologist, 22/03/2025'] }] },
    { truth: { file: 'PET scan.pdf', category: 'imaging-report', date: '2025-04-09', modality: 'PET_CT', origin: 'EU', traps: ['ISO dates; study date vs report signed'] }, layout: 'page-header',
      title: 'PET/CT Report',
      fields: [['Patient', 'VAN DAM, Pieter'], ['Born', '1959-10-03'], ['Study date', '2025-04-09'], ['Tracer', '18F-FDG, 312 MBq']],
      body: [{ heading: 'Findings', blocks: ['Intense FDG uptake in the left upper lobe mass (SUVmax 11.2) and in a left hilar node.'] }, { heading: 'Conclusion', blocks: ['Left upper lobe carcinoma with hilar nodal involvement; no distant metastases.', 'Report signed 2025-04-10 by Dr M. de Wit'] }] },
    { truth: { file: 'mammogram.pdf', category: 'imaging-report', date: '2025-03-03', modality: 'MG', origin: 'US', traps: ['written month dates', 'electronically signed the next day'] }, layout: 'plain',
      title: 'Bilateral Diagnostic Mammogram',
      fields: [['Patient', 'ROSS, EVELYN'], ['DOB', 'Jan 9, 1961'], ['Date of exam', 'Mar 3, 2025'], ['Location', 'Breast Center']],
      body: [{ heading: 'FINDINGS', blocks: ['Irregular spiculated mass in the left breast at 2 o\'clock, 1.8 cm.'] }, { heading: 'IMPRESSION', blocks: ['BI-RADS 5: highly suggestive of malignancy. Biopsy recommended.', 'Electronically signed: Mar 4, 2025 10:12'] }] },
    { truth: { file: 'op note.pdf', category: 'operative-report', date: '2025-08-14', origin: 'US', traps: ['date of surgery vs admission date', 'two-column header above the title'] }, layout: 'two-column-header',
      title: 'Operative Report',
      fields: [['Patient', 'DIAZ, ROBERTO'], ['MRN', '40021187'], ['DOB', '12/19/1955'], ['Admission Date', '08/13/2025'], ['Date of Surgery', '08/14/2025'], ['Surgeon', 'L. Chen, MD']],
      body: [{ heading: 'PREOPERATIVE DIAGNOSIS', blocks: ['Adenocarcinoma of the sigmoid colon.'] }, { heading: 'PROCEDURE', blocks: ['Laparoscopic sigmoid colectomy with primary anastomosis.'] }, { heading: 'ANESTHESIA', blocks: ['General endotracheal.'] }, { heading: 'ESTIMATED BLOOD LOSS', blocks: ['100 mL.'] }] },
    { truth: { file: 'surgery notes.pdf', category: 'operative-report', date: '2025-06-03', origin: 'UK', traps: ['operation date written out; typed two days later'] }, layout: 'monospaced',
      title: 'Operation Note',
      fields: [['Patient', 'Ms Hannah COLE'], ['Hosp no', 'R220871'], ['DOB', '30/06/1968'], ['Operation date', '3 June 2025'], ['Surgeon', 'Miss J. Rowe']],
      body: [{ heading: 'Procedure', blocks: ['Right mastectomy and sentinel lymph node biopsy.'] }, { heading: 'Findings', blocks: ['2 cm tumour upper outer quadrant; two blue hot nodes.'] }, { heading: 'Post-op plan', blocks: ['Day case discharge if well. Date typed: 5 June 2025'] }] },
    { truth: { file: 'blood tests.pdf', category: 'lab-results', date: '2025-09-02', origin: 'US', traps: ['collected and reported on one line', 'reference ranges'] }, layout: 'page-header',
      title: 'Laboratory Report',
      fields: [['Patient', 'NGUYEN, DAVID'], ['DOB', '03/03/1949'], ['Ordering Provider', 'P. Shah, MD'], ['Collected', '09/02/2025 07:45'], ['Reported', '09/02/2025 14:10']],
      body: [{ heading: 'Complete Blood Count', blocks: [{ type: 'table', columns: ['Test', 'Result', 'Units', 'Reference Range'], rows: [['WBC', '3.1 L', 'x10^3/uL', '4.0 - 11.0'], ['Hemoglobin', '10.8 L', 'g/dL', '13.5 - 17.5'], ['Platelets', '142 L', 'x10^3/uL', '150 - 400']] }] }] },
    { truth: { file: 'tumour markers.pdf', category: 'lab-results', date: '2025-07-15', origin: 'IN', traps: ['specimen collected vs report released, written months'] }, layout: 'letterhead', institution: 'Sunrise Diagnostics Pvt Ltd',
      title: 'Test Report',
      fields: [['Patient Name', 'Mrs. Lakshmi Iyer'], ['Age/Sex', '54 Y / F'], ['Specimen Collected', '15-Jul-2025 08:10'], ['Report Released', '16-Jul-2025 18:40'], ['Ref. By', 'Dr. R. Menon']],
      body: [{ heading: 'Tumour Markers', blocks: [{ type: 'table', columns: ['Investigation', 'Result', 'Unit', 'Biological Ref. Interval'], rows: [['CA 125', '86.4', 'U/mL', '< 35'], ['CEA', '2.1', 'ng/mL', '< 5.0']] }] }] },
    { truth: { file: 'discharge papers.pdf', category: 'discharge-summary', date: '2025-09-16', start: '2025-09-10', origin: 'US', traps: ['admission and discharge dates: the stay is a range'] }, layout: 'two-column-header',
      title: 'Discharge Summary',
      fields: [['Patient', 'PARK, MIN-JI'], ['MRN', '40021187'], ['DOB', '05/21/1964'], ['Attending', 'A. Rossi, MD'], ['Admission Date', '09/10/2025'], ['Discharge Date', '09/16/2025']],
      body: [{ heading: 'Hospital Course', blocks: ['Admitted with febrile neutropenia after cycle 3 of FOLFOX. Treated with IV antibiotics.'] }, { heading: 'Discharge Medications', blocks: ['Ciprofloxacin 500 mg twice daily for 5 days.'] }] },
    { truth: { file: 'hospital discharge letter.pdf', category: 'discharge-summary', date: '2025-05-09', start: '2025-05-02', origin: 'UK', traps: ['date of admission / date of discharge in the body'] }, layout: 'letterhead',
      title: 'Inpatient Discharge Summary',
      fields: [['Patient', 'Mr Dennis OWUSU'], ['NHS no', '612 339 0045'], ['DOB', '09/12/1952'], ['Ward', 'Ward 7B']],
      body: [{ heading: 'Admission details', blocks: ['Date of admission: 02/05/2025\nDate of discharge: 09/05/2025'] }, { heading: 'Diagnosis', blocks: ['Small bowel obstruction secondary to peritoneal disease.'] }, { heading: 'Follow up', blocks: ['Oncology clinic on 20/05/2025.'] }] },
    { truth: { file: 'discharge.pdf', category: 'discharge-summary', date: '2025-08-18', start: '2025-08-12', origin: 'ME', traps: ['written dates: admitted / discharged'] }, layout: 'page-header',
      title: 'Discharge Report',
      fields: [['Patient', 'Mr. Khalid Al-Mansoori'], ['File No', 'AH-0098712'], ['Admitted', '12 August 2025'], ['Discharged', '18 August 2025']],
      body: [{ heading: 'Reason for Admission', blocks: ['Elective right hemicolectomy for caecal adenocarcinoma.'] }, { heading: 'Course', blocks: ['Uneventful recovery. Tolerating diet.'] }] },
    { truth: { file: 'letter from oncologist.pdf', category: 'clinical-summary', date: '2025-10-24', origin: 'UK', traps: ['letter date at the top; quotes an older biopsy date'] }, layout: 'letterhead',
      title: 'Oncology Clinic Letter',
      fields: [['Date', '24/10/2025'], ['Patient', 'Mrs Joan BAKER'], ['DOB', '01/04/1948'], ['Hosp no', 'K771002']],
      body: [{ blocks: ['Dear Dr Hughes,', 'I saw Mrs Baker in clinic today. Her biopsy on 12/09/2025 showed a grade 3 invasive ductal carcinoma, ER negative, HER2 negative. CT on 30/09/2025 showed no distant disease.', 'We plan neoadjuvant chemotherapy.'] }],
      signatures: [{ name: 'Dr Ruth Evans', role: 'Consultant Medical Oncologist' }] },
    { truth: { file: 'consult letter.pdf', category: 'clinical-summary', date: '2025-07-15', origin: 'US', traps: ['unlabelled letter date under the address; quotes the MRI date'] }, layout: 'plain',
      title: 'Medical Oncology Consultation',
      fields: [['Patient', 'HOLLIS, GRANT'], ['DOB', '06/02/1958']],
      body: [{ blocks: ['July 15, 2025', 'Dear Dr. Marsh,', 'Thank you for referring Mr. Hollis. An MRI performed on July 2, 2025 showed a 4 cm right renal mass. He underwent a CT-guided biopsy on July 8, 2025, which showed clear cell renal cell carcinoma.', 'Assessment and plan: discuss nephrectomy at tumor board.'] }],
      signatures: [{ name: 'Nadia Farouk, MD', role: 'Medical Oncology' }] },
    { truth: { file: 'clinic visit.pdf', category: 'clinical-summary', date: '2025-06-12', origin: 'US', traps: ['visit date in header; quotes a colonoscopy date'] }, layout: 'two-column-header',
      title: 'Oncology Progress Note',
      fields: [['Patient', 'GRAY, THOMAS'], ['MRN', '40021187'], ['DOB', '10/10/1960'], ['Visit Date', '06/12/2025'], ['Provider', 'E. Park, MD'], ['Location', 'Cancer Center']],
      body: [{ heading: 'History of Present Illness', blocks: ['Colonoscopy on 05/20/2025 showed a friable mass at 25 cm; biopsy showed adenocarcinoma.'] }, { heading: 'Assessment and Plan', blocks: ['Stage III colon cancer. Plan adjuvant CAPOX after surgery.'] }] },
    { truth: { file: 'second opinion letter.pdf', category: 'clinical-summary', date: '2025-11-14', origin: 'UK', traps: ['letter dated at the signature; cites a scan date'] }, layout: 'monospaced',
      title: 'Clinic Letter',
      fields: [['Patient', 'Mr Ivan PETROV'], ['DOB', '14/02/1966'], ['Hosp no', 'M552190']],
      body: [{ blocks: ['Dear Dr Clarke,', 'Mr Petrov attended the lung clinic. His CT scan of 2 October 2025 showed a 3 cm right upper lobe mass and his EBUS of 16 October 2025 confirmed squamous cell carcinoma.', 'Plan: lobectomy.'] }],
      signatures: [{ name: 'Dr Olu Adeyemi', role: 'Consultant Respiratory Physician', date: '14 November 2025' }] },
    { truth: { file: 'chemo record.pdf', category: 'treatment-history', date: '2025-03-17', start: '2025-02-03', origin: 'UK', traps: ['cycle table: the record spans first to last cycle'] }, layout: 'page-header',
      title: 'Systemic Anti-Cancer Therapy Treatment Record',
      fields: [['Patient', 'Mrs Sarah LEIGH'], ['DOB', '21/11/1970'], ['Regimen', 'EC 90'], ['Consultant', 'Dr K. Moss']],
      body: [{ heading: 'Cycles given', blocks: [{ type: 'table', columns: ['Cycle', 'Date', 'Dose', 'Toxicity'], rows: [['1', '03/02/2025', '100%', 'G1 nausea'], ['2', '24/02/2025', '100%', 'none'], ['3', '17/03/2025', '80%', 'G2 neutropenia']] }] }] },
    { truth: { file: 'radiotherapy summary.pdf', category: 'radiotherapy-record', date: '2025-05-05', start: '2025-04-01', origin: 'US', traps: ['start and end of treatment: a range'] }, layout: 'letterhead',
      title: 'Radiation Oncology Treatment Summary',
      fields: [['Patient', 'BELL, MARCUS'], ['DOB', '07/27/1957'], ['Treatment Start Date', '04/01/2025'], ['Treatment End Date', '05/05/2025']],
      body: [{ heading: 'Treatment', blocks: ['Prostate and pelvic nodes, IMRT, 70 Gy in 28 fractions.'] }, { heading: 'Follow-up', blocks: ['PSA in 3 months.'] }] },
    { truth: { file: 'molecular testing.pdf', category: 'molecular-report', date: '2025-04-11', origin: 'UK', traps: ['specimen collection date vs received in lab vs report date'] }, layout: 'two-column-header', institution: 'Genomics Laboratory Hub',
      title: 'Molecular Pathology Report',
      fields: [['Patient', 'Mr Rajesh KUMAR'], ['DOB', '19/08/1961'], ['Specimen collection date', '11/04/2025'], ['Date received in lab', '15/04/2025'], ['Report date', '29/04/2025'], ['Lab ref', 'G25-3381']],
      body: [{ heading: 'Result', blocks: ['EGFR exon 19 deletion detected. No ALK or ROS1 fusion detected.'] }, { heading: 'Method', blocks: ['Next generation sequencing, targeted panel.'] }] },
    { truth: { file: 'pathology outside review.pdf', category: 'pathology-report', date: '2025-01-28', origin: 'US', traps: ['procedure date in the header above the title, page header with print date'] }, layout: 'page-header',
      title: 'Surgical Pathology Report',
      fields: [['Patient Name', 'FOSTER, ANNE'], ['DOB', '09/09/1959'], ['Procedure Date', '01/28/2025'], ['Received', '01/29/2025'], ['Signed Out', '02/03/2025']],
      body: [{ heading: 'Final Diagnosis', blocks: ['Ovary, right, salpingo-oophorectomy: High-grade serous carcinoma.'] }, { heading: 'Synoptic Report', blocks: ['Tumor size: 7.5 cm. Capsule: ruptured.'] }] },
    { truth: { file: 'ultrasound.pdf', category: 'imaging-report', date: null, ambiguous: ['2025-02-10', '2025-10-02'], modality: 'US', origin: 'IN', traps: ['date of study written dd.mm.yyyy, nothing in the document settles day/month order: both readings'] }, layout: 'letterhead', institution: 'City Scan and Diagnostic Centre',
      title: 'Ultrasound Abdomen Report',
      fields: [['Patient Name', 'Mr. Anil Verma'], ['Age/Sex', '61 Y / M'], ['Date of Study', '02.10.2025'], ['Ref. By', 'Dr. S. Gupta']],
      body: [{ heading: 'Findings', blocks: ['Liver shows two hypoechoic lesions in segment VI, largest 2.4 cm, suspicious for metastases.'] }, { heading: 'Impression', blocks: ['Hepatic lesions: correlate with CECT.'] }] },
  ];
}

function documentsOf(entries: Entry[]): Array<{ truth: LabelledDocument; spec: ReportSpec }> {
  return entries.map((entry) => ({ truth: { ...entry.truth, traps: [...(entry.truth.traps ?? []), `layout: ${entry.layout}`] }, spec: specOf(entry) }));
}

/** Write both halves into `dir`/tuning and `dir`/heldout. */
export async function writeLayoutSet(dir: string): Promise<{ tuning: string; heldout: string }> {
  const entries = layoutSetEntries();
  const tuning = path.join(dir, 'tuning');
  const heldout = path.join(dir, 'heldout');
  const generatedBy = 'npm run eval -- --layouts (tools/eval/layout-dates.ts)';
  await writeLabelledSet(tuning, { generatedBy, today: LAYOUT_SET_TODAY, documentsDir: '.', documents: documentsOf(entries.filter((_, i) => i % 2 === 0)) });
  await writeLabelledSet(heldout, { generatedBy, today: LAYOUT_SET_TODAY, documentsDir: '.', documents: documentsOf(entries.filter((_, i) => i % 2 === 1)) });
  return { tuning, heldout };
}

export async function main(args: string[]): Promise<void> {
  const dir = args[0] ? path.resolve(args[0]) : await mkdtemp(path.join(os.tmpdir(), 'casepack-layouts-'));
  try {
    const { tuning, heldout } = await writeLayoutSet(dir);
    console.log(formatReport(await evaluateSet(heldout), 'Layout and date set, held-out half (never tuned on)', 'nothing (measured, not gated)'));
    console.log(`\n${'='.repeat(78)}\n`);
    console.log(formatReport(await evaluateSet(tuning), 'Layout and date set, tuning half', 'nothing (measured, not gated)'));
  } finally {
    if (!args[0]) await rm(dir, { recursive: true, force: true });
  }
}
