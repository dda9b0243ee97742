import type { CategoryId } from '../../src/model/categories.js';
import { seededRandom } from '../synth/random.js';
import type { CorpusDocument } from './types.js';

/**
 * Writers for the categories no public text collection covers (labs,
 * medication lists, consent and ID documents, molecular and treatment
 * records, radiotherapy, pathology beyond the few MTSamples reports) and for
 * `other`. Each document picks a title, a few sections and their lines from
 * varied wordings, so the model learns the kind of document, not one layout.
 */
type Rand = () => number;
type Gen = (r: Rand) => string;

const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const some = <T>(r: Rand, xs: readonly T[], min: number, max: number): T[] => {
  const n = min + Math.floor(r() * (max - min + 1));
  return [...xs].sort(() => r() - 0.5).slice(0, n);
};
const num = (r: Rand, lo: number, hi: number, dp = 0): string => (lo + r() * (hi - lo)).toFixed(dp);
const date = (r: Rand): string => {
  const d = 1 + Math.floor(r() * 28);
  const m = 1 + Math.floor(r() * 12);
  const y = 2019 + Math.floor(r() * 7);
  return pick(r, [`${d}/${m}/${y}`, `${m}/${d}/${y}`, `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`, `${d} ${pick(r, ['Jan', 'March', 'Jun', 'Sept', 'Nov'])} ${y}`]);
};
const person = (r: Rand): string => `${pick(r, ['Maria', 'John', 'Aisha', 'Wei', 'Priya', 'Ahmed', 'Lucy', 'Carlos', 'Anna', 'David'])} ${pick(r, ['Garcia', 'Smith', 'Khan', 'Chen', 'Patel', 'Haddad', 'Brown', 'Novak', 'Okafor', 'Rossi'])}`;
const header = (r: Rand): string => pick(r, [
  `Patient: ${person(r)}    DOB: ${date(r)}    MRN: ${num(r, 100000, 999999)}`,
  `Name: ${person(r)}\nDate of birth: ${date(r)}\nHospital No: ${num(r, 10000, 99999)}`,
  `${pick(r, ['St Mary Hospital', 'City Cancer Centre', 'Regional Medical Center', 'University Hospital'])}\n${num(r, 1, 300)} ${pick(r, ['High Street', 'Main Road', 'Park Avenue'])}`,
  '',
]);
const cancer = (r: Rand): string => pick(r, ['breast carcinoma', 'colorectal adenocarcinoma', 'non-small cell lung cancer', 'diffuse large B-cell lymphoma', 'ovarian high-grade serous carcinoma', 'prostate adenocarcinoma', 'pancreatic adenocarcinoma', 'gastric cancer', 'melanoma', 'head and neck squamous cell carcinoma']);

function compose(r: Rand, titles: readonly string[], sections: readonly [string, Gen][], minSec: number, maxSec: number): string {
  const parts = [header(r), pick(r, titles), `Date: ${date(r)}`];
  for (const [heading, gen] of some(r, sections, minSec, maxSec)) parts.push(`${r() < 0.5 ? heading.toUpperCase() : heading}:`, gen(r));
  return parts.filter(Boolean).join('\n');
}

const LAB_TESTS = ['Haemoglobin', 'Hemoglobin', 'WBC', 'White cell count', 'Platelets', 'Neutrophils', 'Lymphocytes', 'Sodium', 'Potassium', 'Creatinine', 'Urea', 'eGFR', 'ALT', 'AST', 'Bilirubin', 'Albumin', 'ALP', 'CEA', 'CA 19-9', 'CA-125', 'PSA', 'LDH', 'Calcium', 'Glucose', 'CRP', 'INR', 'Magnesium', 'Ferritin'];
const labLines: Gen = (r) => some(r, LAB_TESTS, 5, 14).map((t) => `${t}${pick(r, ['  ', ' .... ', '\t'])}${num(r, 0.5, 150, 1)} ${pick(r, ['g/dL', 'x10^9/L', 'mmol/L', 'umol/L', 'U/L', 'ng/mL', 'mg/dL', ''])}${pick(r, ['', '', ' H', ' L', ' *'])}  ${pick(r, ['(3.5-5.0)', 'Ref 12-16', '[0-35]', '', 'normal range 150-400'])}`).join('\n');
const medLines: Gen = (r) => some(r, ['Ondansetron 8 mg', 'Dexamethasone 4 mg', 'Metformin 500 mg', 'Tamoxifen 20 mg', 'Letrozole 2.5 mg', 'Omeprazole 20 mg', 'Paracetamol 1 g', 'Morphine sulfate MR 10 mg', 'Enoxaparin 40 mg', 'Amlodipine 5 mg', 'Capecitabine 1500 mg', 'Allopurinol 300 mg', 'Senna 15 mg', 'Vitamin D 1000 IU', 'Lorazepam 1 mg', 'Atorvastatin 40 mg', 'Levothyroxine 75 mcg', 'Tab. Pantoprazole 40 mg', 'Cap. Gabapentin 300 mg'], 4, 10)
  .map((m) => `${m} ${pick(r, ['once daily', 'twice daily', 'BD', 'TDS', 'at night', 'as needed for nausea', '1-0-1', 'every 8 hours PRN', 'mane'])}${pick(r, ['', ' - oral', ' PO', ' subcut', ', started ' + date(r)])}`).join('\n');
const prose = (xs: readonly string[]): Gen => (r) => some(r, xs, 2, 4).join(' ');

const GENERATORS: Partial<Record<CategoryId, Gen>> = {
  'lab-results': (r) => compose(r, ['Laboratory Report', 'Blood Test Results', 'Cumulative Laboratory Results', 'Haematology and Biochemistry', 'LAB RESULTS', 'Pathology Laboratory - Clinical Chemistry', 'Tumour marker results', 'Full blood count', 'Complete Blood Count (CBC)'], [
    ['Specimen', (x) => `${pick(x, ['Blood', 'Serum', 'Plasma', 'Whole blood EDTA'])} collected ${date(x)} ${num(x, 7, 18)}:${num(x, 10, 59)}`],
    ['Haematology', labLines], ['Biochemistry', labLines], ['Results', labLines], ['Tumour markers', labLines], ['Chemistry panel', labLines],
    ['Comment', prose(['Results verified by the laboratory.', 'Sample slightly haemolysed.', 'Values flagged H/L are outside the reference range.', 'Please interpret in the clinical context.', 'Repeat in two weeks advised.'])],
  ], 2, 4),
  'medication-list': (r) => compose(r, ['Medication List', 'Current Medications', 'Medicines Reconciliation', 'Prescription', 'Home Medication List', 'MEDICATION ADMINISTRATION RECORD', 'List of current medicines', 'Rx'], [
    ['Current medicines', medLines], ['Regular medications', medLines], ['As required', medLines], ['Supplements', (x) => some(x, ['Vitamin D', 'Fish oil', 'Turmeric capsules', 'Multivitamin', 'Calcium carbonate'], 1, 3).join('\n')],
    ['Allergies', (x) => pick(x, ['No known drug allergies', 'Penicillin - rash', 'NKDA', 'Sulfa drugs'])], ['Prescriber', (x) => `Dr ${person(x)}, review on ${date(x)}`],
  ], 2, 4),
  'consent-form': (r) => compose(r, ['Consent Form', 'Consent to Treatment', 'Authorization for Release of Protected Health Information', 'Patient Agreement to Systemic Anti-Cancer Therapy', 'Informed Consent for Surgery', 'Release of Medical Records', 'HIPAA Authorization', 'Consent for Clinical Photography'], [
    ['Statement of patient', prose(['I agree to the procedure or course of treatment described on this form.', 'I understand that I may withdraw my consent at any time.', 'I have had the opportunity to ask questions.', 'I authorize the release of my medical records to the person named below.', 'This authorization expires one year from the date signed.', 'I understand the intended benefits and the serious or frequently occurring risks.'])],
    ['Risks', prose(['Risks include bleeding, infection and blood clots.', 'Side effects may include nausea, hair loss and fatigue.', 'There is a risk of allergic reaction.', 'Rare risks include death.'])],
    ['Signature', (x) => `Signed: ______________  Date: ${date(x)}\nWitness: ${person(x)}`],
    ['Records to be released', (x) => some(x, ['Pathology reports', 'Imaging reports and images', 'Laboratory results', 'Discharge summaries', 'Operative notes'], 2, 4).join(', ')],
    ['Recipient', (x) => `${person(x)}, ${pick(x, ['second opinion clinic', 'insurance company', 'oncology department'])}`],
    ['Interpreter', () => 'An interpreter was / was not used.'],
  ], 3, 5),
  'identity-document': (r) => compose(r, ['PASSPORT', 'Passport / Passeport', 'National Identity Card', 'DRIVER LICENSE', 'Residence Permit', 'Identity Card', 'Aadhaar', 'Emirates ID'], [
    ['Surname', (x) => person(x).split(' ')[1] ?? ''], ['Given names', (x) => person(x).split(' ')[0] ?? ''], ['Nationality', (x) => pick(x, ['British Citizen', 'INDIAN', 'United States of America', 'DEU', 'UAE'])],
    ['Date of birth', date], ['Date of issue', date], ['Date of expiry', date], ['Sex', (x) => pick(x, ['M', 'F'])], ['Place of birth', (x) => pick(x, ['LONDON', 'MUMBAI', 'DUBAI', 'BERLIN'])],
    ['Document no', (x) => `${pick(x, ['P', 'X', 'ID'])}${num(x, 1000000, 9999999)}`],
    ['MRZ', (x) => `P<${pick(x, ['GBR', 'IND', 'USA'])}${person(x).toUpperCase().replace(' ', '<<')}<<<<<<<<<<<<<\n${num(x, 100000000, 999999999)}<${num(x, 1, 9)}GBR${num(x, 100000, 999999)}<<<<<<<<`],
  ], 4, 7),
  'molecular-report': (r) => compose(r, ['Comprehensive Genomic Profiling Report', 'Molecular Pathology Report', 'Next-Generation Sequencing Results', 'Biomarker Report', 'FISH Analysis', 'Germline Genetic Test Result', 'Tumour Mutation Profile', 'PD-L1 Immunohistochemistry Report'], [
    ['Genomic findings', (x) => some(x, ['KRAS G12D', 'EGFR exon 19 deletion', 'BRAF V600E', 'TP53 R273H', 'PIK3CA H1047R', 'ALK fusion not detected', 'ERBB2 amplification', 'BRCA2 pathogenic variant c.5946delT', 'NTRK fusion not detected'], 2, 5).map((v) => `${v}  VAF ${num(x, 2, 60, 1)}%`).join('\n')],
    ['Biomarkers', (x) => `TMB ${num(x, 1, 30, 1)} mut/Mb\nMSI ${pick(x, ['stable', 'high'])}\nPD-L1 TPS ${num(x, 0, 90)}%\nMMR ${pick(x, ['proficient', 'deficient'])}`],
    ['Method', prose(['Hybrid-capture NGS of 324 genes.', 'DNA extracted from FFPE tissue block.', 'Tumour content estimated at 40%.', 'Variants classified according to AMP/ASCO/CAP guidelines.', 'FISH performed with a break-apart probe.'])],
    ['Therapy implications', prose(['Potential sensitivity to EGFR tyrosine kinase inhibitors.', 'Eligible for PARP inhibitor therapy.', 'Clinical trials may be available.', 'No FDA-approved therapy associated.'])],
    ['Specimen', (x) => `Block ${pick(x, ['A1', 'B2', 'S25-1234'])}, ${cancer(x)}`],
    ['Variants of unknown significance', (x) => some(x, ['ATM V2424G', 'NOTCH1 A465T', 'ARID1A P1326S'], 1, 2).join('\n')],
  ], 3, 5),
  'treatment-history': (r) => compose(r, ['Chemotherapy Treatment Summary', 'Systemic Anti-Cancer Therapy Record', 'Treatment History', 'Chemotherapy Administration Record', 'Oncology Treatment Summary', 'Immunotherapy summary', 'Cycle record', 'Survivorship care plan'], [
    ['Regimen', (x) => `${pick(x, ['FOLFOX', 'AC-T', 'Carboplatin / Paclitaxel', 'R-CHOP', 'Pembrolizumab', 'Gemcitabine / nab-paclitaxel', 'FEC-D', 'CAPOX'])} for ${cancer(x)}, intent ${pick(x, ['adjuvant', 'palliative', 'neoadjuvant', 'curative'])}`],
    ['Cycles', (x) => Array.from({ length: 2 + Math.floor(x() * 5) }, (_, i) => `Cycle ${i + 1}  ${date(x)}  dose ${num(x, 60, 100)}%  ${pick(x, ['given', 'delayed 1 week', 'dose reduced', 'given as planned'])}`).join('\n')],
    ['Toxicity', prose(['Grade 2 peripheral neuropathy.', 'Febrile neutropenia after cycle 3.', 'Grade 1 fatigue and nausea.', 'No significant toxicities.', 'Hand-foot syndrome grade 1.'])],
    ['Lines of therapy', (x) => `1st line: ${pick(x, ['FOLFOX', 'carboplatin/pemetrexed'])} ${date(x)} to ${date(x)}\n2nd line: ${pick(x, ['FOLFIRI', 'docetaxel', 'nivolumab'])} from ${date(x)}`],
    ['Response', prose(['Partial response on CT after 4 cycles.', 'Stable disease.', 'Progression in the liver.', 'Complete metabolic response.'])],
    ['Body surface area', (x) => `Weight ${num(x, 45, 110)} kg, height ${num(x, 150, 190)} cm, BSA ${num(x, 1.4, 2.2, 2)} m2`],
  ], 3, 5),
  'radiotherapy-record': (r) => compose(r, ['Radiotherapy Treatment Summary', 'Radiation Oncology Completion Note', 'Radiotherapy Plan Summary', 'External Beam Radiotherapy Record', 'SBRT Treatment Summary', 'End of Treatment Summary - Radiotherapy', 'IMRT Plan'], [
    ['Prescription', (x) => `${num(x, 20, 70)} Gy in ${num(x, 5, 35)} fractions to the ${pick(x, ['left breast', 'prostate', 'rectum', 'right lung', 'whole brain', 'head and neck'])}`],
    ['Technique', (x) => `${pick(x, ['VMAT', 'IMRT', '3D conformal', 'SBRT', 'tangential fields'])} with ${pick(x, ['6 MV', '10 MV', '6 MV FFF'])} photons; CT simulation on ${date(x)}`],
    ['Treatment dates', (x) => `Start ${date(x)}  Completion ${date(x)}`],
    ['Organs at risk', (x) => some(x, ['Spinal cord Dmax', 'Heart mean dose', 'Lung V20', 'Rectum V70', 'Parotid mean'], 2, 4).map((o) => `${o} ${num(x, 1, 40, 1)} Gy`).join('\n')],
    ['Acute toxicity', prose(['Grade 1 radiation dermatitis.', 'Mild fatigue.', 'Grade 2 mucositis.', 'No acute toxicity.'])],
    ['Concurrent therapy', (x) => pick(x, ['Concurrent capecitabine', 'Weekly cisplatin', 'None'])],
  ], 3, 5),
  'pathology-report': (r) => compose(r, ['Surgical Pathology Report', 'Histopathology Report', 'PATHOLOGY REPORT', 'Cytology Report', 'Biopsy Report', 'Anatomic Pathology', 'Final Pathology Report'], [
    ['Clinical history', (x) => `${pick(x, ['Mass', 'Lesion', 'Nodule', 'Thickening'])} of the ${pick(x, ['breast', 'colon', 'lung', 'stomach', 'prostate', 'ovary'])}. ?${cancer(x)}`],
    ['Specimen', (x) => `${pick(x, ['A', '1'])}. ${pick(x, ['Core biopsy', 'Resection', 'Excision', 'Needle biopsy', 'Lobectomy'])}, ${pick(x, ['left', 'right', 'sigmoid', 'upper lobe'])}`],
    ['Gross description', prose(['Received in formalin labelled with the patient name.', 'Three cores of tan tissue, each 1.2 cm.', 'A segment of bowel 15 cm long with a 3 cm ulcerated tumour.', 'Entirely submitted in cassettes A1-A3.', 'The specimen is inked and serially sectioned.'])],
    ['Microscopic description', prose(['Sections show an infiltrating carcinoma forming glands.', 'Tumour cells show marked nuclear pleomorphism.', 'Lymphovascular invasion is identified.', 'Margins are clear by 4 mm.', 'Background shows chronic inflammation.'])],
    ['Diagnosis', (x) => `${cancer(x)}, grade ${num(x, 1, 3)}. ${pick(x, ['Margins clear.', 'pT2 N1a.', 'Lymph nodes 2/14 positive.', 'No malignancy identified.'])}`],
    ['Immunohistochemistry', (x) => `ER ${pick(x, ['positive 90%', 'negative'])}, PR ${pick(x, ['positive', 'negative'])}, HER2 ${pick(x, ['1+', '3+', '2+ (FISH pending)'])}, Ki-67 ${num(x, 5, 80)}%`],
    ['Synoptic report', (x) => `Histologic type: ${cancer(x)}\nTumour size: ${num(x, 0.5, 8, 1)} cm\nMargins: ${pick(x, ['negative', 'positive'])}\npT${num(x, 1, 4)} pN${num(x, 0, 2)}`],
  ], 3, 5),
  other: (r) => compose(r, ['Invoice', 'Statement of Account', 'Appointment Letter', 'Insurance Claim Form', 'Parking permit', 'Travel itinerary', 'Receipt', 'Dear Sir or Madam', 'Explanation of Benefits', 'Pharmacy receipt', 'Meeting notes', 'Hotel booking confirmation', 'Patient information leaflet'], [
    ['Amount due', (x) => `${pick(x, ['$', '£', 'EUR '])}${num(x, 10, 5000, 2)} payable by ${date(x)}`],
    ['Appointment', (x) => `You have an appointment on ${date(x)} at ${num(x, 8, 17)}:00 in ${pick(x, ['Outpatients', 'Clinic 4', 'the Day Unit'])}. Please bring this letter.`],
    ['Policy', (x) => `Policy number ${num(x, 10000000, 99999999)}; member ${person(x)}; plan ${pick(x, ['Gold', 'Basic', 'PPO'])}`],
    ['Services', (x) => some(x, ['Consultation fee', 'Parking', 'Copy of records', 'Room charge', 'Pharmacy'], 2, 4).map((s) => `${s}  ${num(x, 5, 900, 2)}`).join('\n')],
    ['Directions', prose(['Take the lift to the second floor.', 'Parking is available on Level B.', 'Bus routes 12 and 40 stop outside.', 'Please arrive 15 minutes early.'])],
    ['Notes', prose(['Thank you for your payment.', 'Please contact us with any questions.', 'Your flight departs at 10:40.', 'Check-in from 2 pm.', 'This leaflet explains what to expect.'])],
  ], 2, 4),
};

/** `perCategory` documents for every writer category, seeded: the same call writes the same texts. */
export function writerDocuments(perCategory: number, seed = 20261130): CorpusDocument[] {
  const out: CorpusDocument[] = [];
  for (const [category, gen] of Object.entries(GENERATORS) as [CategoryId, Gen][]) {
    const r = seededRandom(seed + category.length * 7919 + category.charCodeAt(0));
    for (let i = 0; i < perCategory; i++) {
      const id = `w-${category}-${i}`;
      out.push({ id, source: 'writer', group: id, label: category, text: gen(r), labelledBy: 'writer' });
    }
  }
  return out;
}
