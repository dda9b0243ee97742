import { describe, expect, it } from 'vitest';
import { classifyDocumentText } from '../../src/classify/document.js';
import { detectModality } from '../../src/classify/modality.js';

/** Short, realistic texts, one per document category (as a PDF's text layer reads). */
const SAMPLES: Array<[string, string]> = [
  ['clinical-summary', 'Cancer Centre\nOutpatient Clinic Letter\nDear Dr Adams,\nI saw Mr Example in clinic today. He has completed three cycles of chemotherapy; the CT shows response.\nPlan: continue treatment.\nYours sincerely,'],
  ['pathology-report', 'Department of Cellular Pathology\nHistopathology Report\nMacroscopy: two cores of tissue.\nMicroscopy: moderately differentiated adenocarcinoma.\nDiagnosis: adenocarcinoma.'],
  ['molecular-report', 'Genomics Laboratory\nNext-Generation Sequencing Report\nKRAS p.G12D detected, VAF 31%.\nTumour mutational burden: 4 mut/Mb. Microsatellite stable.'],
  ['imaging-report', 'Department of Radiology\nMRI Pelvis\nTechnique: axial and sagittal T2.\nFindings: 2 cm enhancing lesion.\nImpression: suspicious for recurrence.'],
  ['lab-results', 'Central Laboratory\nLab Report\nTest Result Units Reference range\nHaemoglobin 11.2 g/dL 12.0-15.5\nCA 19-9 412 U/mL 0-37'],
  ['operative-report', 'Department of Surgery\nOperation Note\nProcedure performed: laparoscopic distal pancreatectomy.\nSurgeon: Mr B. Surgeon. Anaesthesia: general.\nEstimated blood loss 200 ml. Specimen sent for histology.'],
  ['radiotherapy-record', 'Radiotherapy Centre\nRadiotherapy Treatment Summary\nPTV pancreas: 50.4 Gy in 28 fractions, VMAT, 6 MV photons.\nTolerated well.'],
  ['treatment-history', 'Oncology Day Unit\nChemotherapy Record\nRegimen: gemcitabine + nab-paclitaxel.\nCycle 1 day 1 given; cycle 2 dose reduced for neutropenia.'],
  ['discharge-summary', 'General Surgery\nDischarge Summary\nDate of admission: 2025-03-01. Date of discharge: 2025-03-09.\nHospital course: uneventful recovery after surgery.\nDischarge medications: paracetamol.'],
  ['medication-list', 'Pharmacy\nCurrent Medications\nCreon 25000 units oral with meals\nOndansetron 8 mg PO BD PRN\nAllergies: none known'],
  ['identity-document', 'PASSPORT\nSurname: EXAMPLE\nGiven names: SAM\nNationality: UTOPIAN\nDate of expiry: 2031-02-02\nP<UTOEXAMPLE<<SAM<<<<<<<<<<<<<<<<<<<<<<<<'],
  ['consent-form', 'Medical Records Department\nAuthorization for Release of Medical Records\nI hereby authorize the hospital to release my records to the second-opinion service.\nSignature of patient: ________ Witness: ________'],
];

describe('each document category from a short text', () => {
  it.each(SAMPLES)('%s', (category, text) => {
    const verdict = classifyDocumentText(text, 'document.pdf');
    expect(verdict.category).toBe(category);
    expect(verdict.tiedWith).toEqual([]);
    expect(verdict.reasons.some((r) => r.category === category && r.matched && r.matched.length > 0)).toBe(true);
  });

  it('keeps a title line as the title but never a line that is mostly something else', () => {
    expect(classifyDocumentText(SAMPLES[1]![1], 'x.pdf').title).toBe('Histopathology Report');
    const withName = classifyDocumentText('Histopathology report for Mrs Jane Example born 1960 hospital number 123456\nMicroscopy: adenocarcinoma.\nDiagnosis: carcinoma.', 'x.pdf');
    expect(withName.category).toBe('pathology-report');
    expect(withName.title).toBeUndefined();
  });
});

describe('modality from report text', () => {
  it.each([
    ['Whole body FDG PET-CT\nFindings: avid mass. The CT component shows…', 'PET_CT'],
    ['CT abdomen\nClinical history: MRI last year.\nFindings: mass.', 'CT'],
    ['Endoscopic ultrasound report\nA hypoechoic mass. FNB performed.', 'EUS'],
    ['Department of Nuclear Medicine\nBone scintigraphy\nNo metastases.', 'NM'],
    ['Bilateral mammogram\nBI-RADS 2.', 'MG'],
    ['Chest X-ray PA\nLungs clear.', 'DX'],
    ['USG whole abdomen\nLiver normal.', 'US'],
  ])('%s → %s', (text, modality) => {
    expect(detectModality(text)?.modality).toBe(modality);
  });
});
