/**
 * Synthetic documents for the primary-or-summary set: letters and clinic notes that quote a molecular,
 * pathology or imaging result (summaries), and molecular, IHC and FISH reports as laboratories lay them
 * out (primary). Deterministic by index: the labels file names them by id and this regenerates the texts.
 */
export interface SyntheticDocument { id: string; label: 'primary' | 'summary'; text: string }

const GENES = [['KRAS', 'G12D'], ['EGFR', 'L858R'], ['BRAF', 'V600E'], ['PIK3CA', 'E545K'], ['TP53', 'R175H'], ['ERBB2', 'amplification']];
const DOCTORS = ['Dr Helen Marsh', 'Dr Rafael Ortiz', 'Dr Mei Chen', 'Dr Samuel Okafor', 'Dr Anna Lindqvist'];
const DISEASES = ['pancreatic adenocarcinoma', 'lung adenocarcinoma', 'colorectal adenocarcinoma', 'metastatic melanoma', 'breast carcinoma'];

function pick<T>(list: readonly T[], i: number): T {
  return list[i % list.length] as T;
}

const LETTER_OPENINGS = [
  (i: number) => `Dear ${pick(DOCTORS, i + 1)},\nThank you for seeing this patient, whom I saw in clinic today.`,
  (i: number) => `Oncology Clinic Note\nDate of visit: ${10 + (i % 18)} March 2025\nSeen by ${pick(DOCTORS, i)}.`,
  (i: number) => `Re: referral for a second opinion\nDear colleague,\nI would be grateful for your opinion on this patient with ${pick(DISEASES, i)}.`,
  (i: number) => `CLINIC LETTER\nTo: the general practitioner\nI reviewed this patient in the multidisciplinary clinic on ${3 + (i % 20)} February 2025.`,
  (i: number) => `HISTORY OF PRESENT ILLNESS: This ${50 + (i % 30)}-year-old patient presents for follow-up of ${pick(DISEASES, i)}.`,
];

const LETTER_RESULTS = [
  (i: number) => `Molecular testing of the tumour showed a ${pick(GENES, i)[0]} ${pick(GENES, i)[1]} mutation; no other actionable alterations were reported.`,
  (i: number) => `The ${pick(GENES, i)[0]} ${pick(GENES, i)[1]} mutation was found on next-generation sequencing, and PD-L1 was reported at ${5 * (i % 12)}%.`,
  (i: number) => `CT of the chest, abdomen and pelvis showed a ${2 + (i % 4)}.${i % 10} cm mass with no distant metastases.`,
  (i: number) => `The biopsy confirmed ${pick(DISEASES, i)}, moderately differentiated; the margins were reported as clear.`,
  () => `MRI revealed two liver lesions, and the PET scan demonstrated avid uptake in the primary tumour.`,
  () => `Her tumour is microsatellite stable and HER2 was negative by immunohistochemistry.`,
];

const LETTER_CLOSINGS = [
  (i: number) => `Plan: start chemotherapy next week and review in clinic in three weeks.\nYours sincerely,\n${pick(DOCTORS, i)}`,
  () => `ASSESSMENT AND PLAN: discussed the options with the patient and family; we will refer for a second opinion.`,
  (i: number) => `I have discussed these results with the patient. Kind regards,\n${pick(DOCTORS, i + 2)}, Consultant Medical Oncologist`,
  () => `Follow-up: repeat imaging in three months. Please do not hesitate to contact me.`,
];

function letter(i: number): string {
  const results = [pick(LETTER_RESULTS, i), pick(LETTER_RESULTS, i + 2)].map((r) => r(i)).join(' ');
  return [pick(LETTER_OPENINGS, i)(i), `She has ${pick(DISEASES, i + 1)}. ${results}`, pick(LETTER_CLOSINGS, i)(i)].join('\n');
}

const REPORTS = [
  (i: number) => `MOLECULAR PATHOLOGY LABORATORY\nNext-Generation Sequencing Report\nAccession: MP25-${1000 + i}\nSpecimen: FFPE block A${1 + (i % 4)}, ${pick(DISEASES, i)}\nMethod: targeted DNA panel (${50 + i} genes), hybrid capture, Illumina\nRESULTS\n${pick(GENES, i)[0]} c.35G>A p.${pick(GENES, i)[1]}  VAF ${10 + (i % 40)}%\nTP53 c.524G>A p.R175H  VAF ${5 + (i % 30)}%\nInterpretation: pathogenic variants detected.\nElectronically signed out by ${pick(DOCTORS, i)}, MD, Molecular Pathologist`,
  (i: number) => `Department of Pathology - Immunohistochemistry Report\nCase number: S25-${2000 + i}\nBlock: ${1 + (i % 3)}B\nAntibody  Clone  Result\nPD-L1  22C3  TPS ${i % 80}%, CPS ${i % 60}\nMLH1  ES05  retained\nMSH2  FE11  retained\nHER2  4B5  score ${i % 4}+\nReported by: ${pick(DOCTORS, i + 1)}, Consultant Histopathologist`,
  (i: number) => `CYTOGENETICS LABORATORY\nFISH REPORT\nLab no: CG-${300 + i}\nProbe: ALK break-apart (Vysis)\nNuclei scored: 100; split signals in ${i % 30}% of nuclei\nResult: ${i % 2 ? 'positive' : 'negative'} for ALK rearrangement\nVerified by ${pick(DOCTORS, i + 3)}`,
  (i: number) => `Genomic Testing Report\nPatient report date: ${1 + (i % 27)} April 2025\nSpecimen received: ${1 + (i % 20)} April 2025   Specimen ID: GX-${4000 + i}\nAssay: comprehensive genomic profiling (DNA and RNA)\nGenomic findings\n${pick(GENES, i + 1)[0]} ${pick(GENES, i + 1)[1]} - variant allele frequency ${12 + (i % 50)}%\nMicrosatellite status: MS-stable\nTumour mutational burden: ${i % 20} Muts/Mb\nThis test was performed at an accredited laboratory.`,
];

export function syntheticPrimaryDocuments(): SyntheticDocument[] {
  const out: SyntheticDocument[] = [];
  for (let i = 0; i < 40; i++) out.push({ id: `syn-letter-${i}`, label: 'summary', text: letter(i) });
  for (let i = 0; i < 24; i++) out.push({ id: `syn-report-${i}`, label: 'primary', text: pick(REPORTS, i)(i) });
  return out;
}
