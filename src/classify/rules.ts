import type { CategoryId } from '../model/categories.js';
import { TEXT_RULES_I18N } from './rules-i18n.js';

/**
 * Document classification rules: data, evaluated by one engine (engine.ts).
 *
 * Like paperless-ngx's matching algorithms (any / all / literal / regex) but
 * every rule carries an id, a category and a weight, and the engine weighs
 * *where* it matched: in the title zone (letterhead, document title, header
 * fields) a phrase says what the document is; deep in the body it may only
 * cite another document ("CT of 3 March showed…" in a pathology report).
 *
 * Phrases are matched case-insensitively on word boundaries, spaces matching
 * any run of spaces, hyphens or slashes. `case: true` keeps case (short
 * acronyms such as "CT" or "PET" that are ordinary words in lower case).
 */
export interface TextRule {
  id: string;
  category: CategoryId;
  weight: number;
  /** Any one of these phrases (each distinct phrase found adds a little). */
  any?: string[];
  /** With `any`: at least this many distinct phrases must appear (sections only one kind of document has, together). */
  minDistinct?: number;
  /** Every one of these phrases must appear somewhere. */
  all?: string[];
  /** A regular expression source, matched case-insensitively unless `case`. */
  regex?: string;
  /** Only count a match in the title zone (document titles). */
  titleOnly?: boolean;
  /** Match case exactly (acronyms). */
  case?: boolean;
}

/** The sections only an admission's summary has. */
const DISCHARGE_SECTIONS = ['date of admission', 'admission date', 'date of discharge', 'discharge date', 'hospital course', 'course in hospital', 'course in the hospital', 'course during hospital stay', 'discharge diagnosis', 'discharge diagnoses', 'discharge medications', 'medications on discharge', 'condition at discharge', 'condition on discharge', 'discharge instructions', 'discharge condition', 'discharge disposition'];

export const TEXT_RULES: readonly TextRule[] = [
  // clinical summary / letters / clinic notes
  { id: 'summary.title', category: 'clinical-summary', weight: 6, titleOnly: true, any: ['referral letter', 'letter of referral', 'referral', 'clinic letter', 'clinic note', 'clinic notes', 'consultation note', 'consultation report', 'outpatient letter', 'outpatient note', 'progress note', 'medical summary', 'clinical summary', 'case summary', 'patient summary', 'oncology consultation', 'consultation', 'second opinion', 'tumour board', 'tumor board', 'multidisciplinary team', 'MDT outcome', 'MDT meeting', 'treatment summary letter'] },
  // A title that only says a doctor wrote (a letter, a medical report): a letter after a stay in hospital is a discharge letter (engine.ts `weighFormBesideStay`).
  // "Letter" alone: a referral, clinic or discharge letter is named by its own phrase.
  { id: 'summary.title.letter', category: 'clinical-summary', weight: 6, titleOnly: true, regex: String.raw`(?<!(?:referral|clinic|outpatient|consultation|summary|discharge|covering|cover)[ \t-]+)\bletter\b(?![ \t]+of[ \t]+referral)|\bmedical[ \t]+report\b` },
  { id: 'summary.subject-line', category: 'clinical-summary', weight: 5, titleOnly: true, regex: '^\\s*(re|subject|betreff|objet)\\s*:' },
  { id: 'summary.salutation', category: 'clinical-summary', weight: 3, any: ['dear dr', 'dear doctor', 'dear colleague', 'dear colleagues', 'to whom it may concern', 'thank you for referring', 'thank you for seeing', 'many thanks for', 'yours sincerely', 'yours faithfully', 'kind regards', 'with best regards', 'warm regards'] },
  { id: 'summary.sections', category: 'clinical-summary', weight: 2, any: ['history of present illness', 'presenting complaint', 'past medical history', 'assessment and plan', 'impression and plan', 'plan of care', 'social history', 'family history', 'examination', 'on examination', 'performance status', 'ECOG', 'recommendation', 'recommendations', 'MDT', 'tumour board', 'tumor board', 'chief complaint', 'seen in clinic', 'reviewed in clinic', 'I saw', 'we discussed'] },

  // pathology report
  { id: 'path.title', category: 'pathology-report', weight: 8, titleOnly: true, any: ['surgical pathology', 'histopathology', 'histopathology report', 'pathology report', 'cytology report', 'cytopathology', 'histology report', 'histological report', 'anatomic pathology', 'anatomical pathology', 'biopsy report', 'cellular pathology', 'department of pathology', 'pathology department', 'FNA cytology', 'fine needle aspiration cytology', 'frozen section report', 'pathology consultation', 'pathology consult', 'consultation pathology', 'pathology second opinion', 'pathology review'] },
  { id: 'path.sections', category: 'pathology-report', weight: 3, any: ['gross description', 'macroscopic description', 'macroscopy', 'microscopic description', 'microscopy', 'final diagnosis', 'final pathologic diagnosis', 'histological diagnosis', 'clinical information', 'specimen received', 'received in formalin', 'specimen', 'specimens', 'cassettes', 'H&E', 'haematoxylin', 'hematoxylin'] },
  { id: 'path.findings', category: 'pathology-report', weight: 2, any: ['adenocarcinoma', 'carcinoma', 'margins', 'resection margin', 'tumour grade', 'tumor grade', 'differentiated', 'lymphovascular invasion', 'perineural invasion', 'lymph nodes examined', 'synoptic', 'pathologic stage', 'pathological stage', 'pTNM', 'dysplasia', 'atypia', 'neoplasm', 'malignant cells', 'pathologist', 'consultant histopathologist', 'accession'] },
  { id: 'path.ptnm', category: 'pathology-report', weight: 2, case: true, regex: '\\b[py]T[0-4isx][a-c]?\\s*N[0-3x]' },

  // molecular / biomarker report
  { id: 'mol.title', category: 'molecular-report', weight: 9, titleOnly: true, any: ['molecular pathology', 'molecular report', 'molecular diagnostics', 'genomic profiling', 'genomic report', 'comprehensive genomic', 'next-generation sequencing', 'next generation sequencing', 'NGS report', 'NGS panel', 'mutation analysis', 'biomarker report', 'biomarker testing', 'genetic testing', 'germline testing', 'germline genetic', 'hereditary cancer', 'FISH report', 'FISH analysis', 'PD-L1 report', 'PD-L1 testing', 'PD-L1 immunohistochemistry', 'immunohistochemistry report', 'IHC report', 'biomarker', 'biomarkers', 'receptor status report', 'MMR', 'MSI', 'MSI PCR', 'PD-L1', 'HER2', 'TMB', 'immunohistochemistry', 'MSI testing', 'mismatch repair', 'tumour profiling', 'tumor profiling', 'liquid biopsy', 'ctDNA'] },
  { id: 'mol.terms', category: 'molecular-report', weight: 3, any: ['variant allele frequency', 'VAF', 'tumor mutational burden', 'tumour mutational burden', 'TMB', 'microsatellite instability', 'microsatellite stable', 'MSI-H', 'MSS', 'pathogenic variant', 'likely pathogenic', 'variant of uncertain significance', 'VUS', 'no pathogenic variants', 'exon', 'codon', 'amplification', 'fusion', 'copy number', 'genes analysed', 'genes analyzed', 'sequencing', 'mutation detected', 'mutation not detected', 'wild type', 'wild-type', 'TPS', 'tumour proportion score', 'tumor proportion score', 'combined positive score', 'MLH1', 'MSH2', 'MSH6', 'PMS2', 'HER2/CEP17', 'clinical actionability', 'targeted therapy', 'FDA-approved'] },
  { id: 'mol.genes', category: 'molecular-report', weight: 2, case: true, regex: '\\b(KRAS|NRAS|BRAF|EGFR|ALK|ROS1|BRCA1|BRCA2|PALB2|TP53|PIK3CA|ERBB2|MET|RET|NTRK[1-3]?|CDKN2A|SMAD4|ATM|IDH1|IDH2)\\b' },

  // imaging report
  { id: 'img.title', category: 'imaging-report', weight: 8, titleOnly: true, any: ['radiology report', 'radiology', 'imaging report', 'diagnostic imaging', 'department of radiology', 'department of imaging', 'nuclear medicine', 'CT scan', 'CT report', 'computed tomography', 'MRI', 'MR imaging', 'magnetic resonance', 'PET/CT', 'PET-CT', 'PET CT', 'PET scan', 'positron emission', 'ultrasound', 'ultrasonography', 'sonography', 'USG', 'doppler', 'mammography', 'mammogram', 'X-ray', 'radiograph', 'bone scan', 'scintigraphy', 'endoscopic ultrasound', 'EUS', 'CECT', 'HRCT', 'MRCP'] },
  { id: 'img.title.modality', category: 'imaging-report', weight: 7, titleOnly: true, case: true, regex: '^\\s*(CT|CECT|NCCT|HRCT|MRI|MR|MRCP|PET|PET/CT|PET-CT|USG|US|EUS|X-RAY|XR|CXR|NM|SPECT)\\b' },
  { id: 'img.sections', category: 'imaging-report', weight: 2, any: ['technique', 'comparison', 'findings', 'impression', 'conclusion', 'clinical indication', 'indication', 'protocol'] },
  { id: 'img.terms', category: 'imaging-report', weight: 2, any: ['contrast', 'intravenous contrast', 'axial', 'coronal', 'sagittal', 'slice thickness', 'FDG', 'SUVmax', 'SUV max', 'SUV', 'uptake', 'avid', 'hypodense', 'hypoattenuating', 'hyperintense', 'hypointense', 'enhancement', 'enhancing', 'attenuation', 'Hounsfield', 'echogenic', 'hypoechoic', 'BI-RADS', 'LI-RADS', 'RECIST', 'lesion measuring', 'measuring', 'no evidence of', 'unremarkable', 'visualised', 'visualized', 'radiologist', 'reported by', 'mSv', 'DLP'] },

  // laboratory results
  { id: 'lab.title', category: 'lab-results', weight: 8, titleOnly: true, any: ['laboratory report', 'laboratory results', 'lab report', 'lab results', 'blood test', 'blood tests', 'blood results', 'complete blood count', 'full blood count', 'haematology', 'hematology', 'biochemistry', 'clinical chemistry', 'tumour markers', 'tumor markers', 'cumulative report', 'laboratory medicine', 'pathology laboratory', 'diagnostic laboratory'] },
  // Lab chains head every report this way, histology included: weak on its own.
  { id: 'lab.title.generic', category: 'lab-results', weight: 3, titleOnly: true, any: ['test report', 'investigation report', 'report of investigations'] },
  { id: 'lab.ranges', category: 'lab-results', weight: 4, any: ['reference range', 'reference interval', 'ref range', 'ref. range', 'biological reference interval', 'normal range', 'normal values', 'units', 'flag'] },
  { id: 'lab.analytes', category: 'lab-results', weight: 3, any: ['haemoglobin', 'hemoglobin', 'WBC', 'white cell count', 'platelets', 'platelet count', 'neutrophils', 'lymphocytes', 'creatinine', 'urea', 'sodium', 'potassium', 'ALT', 'AST', 'ALP', 'bilirubin', 'albumin', 'CA 19-9', 'CA19-9', 'CEA', 'CA-125', 'CA 125', 'AFP', 'PSA', 'LDH', 'eGFR', 'glucose', 'HbA1c', 'INR', 'haematocrit', 'hematocrit', 'MCV', 'CRP'] },
  { id: 'lab.units', category: 'lab-results', weight: 3, regex: '\\b(g/dL|g/L|mmol/L|µmol/L|umol/L|U/L|IU/L|U/mL|kU/L|ng/mL|mg/dL|x10\\^?9/L|10\\^9/L|x 10\\^9/L|fL|pg)\\b' },
  { id: 'lab.sample', category: 'lab-results', weight: 2, any: ['sample collected', 'collected on', 'collection date', 'date collected', 'specimen type: blood', 'sample type', 'serum', 'plasma', 'EDTA', 'fasting', 'received in lab', 'sample received'] },

  // operative / procedure report
  { id: 'op.title', category: 'operative-report', weight: 8, titleOnly: true, any: ['operative report', 'operation note', 'operation notes', 'operative note', 'operative notes', 'operation record', 'surgical report', 'surgery report', 'procedure note', 'procedure report', 'brief operative note', 'endoscopy report', 'colonoscopy report', 'gastroscopy report', 'bronchoscopy report', 'ERCP report', 'biopsy procedure', 'interventional radiology procedure'] },
  { id: 'op.sections', category: 'operative-report', weight: 3, any: ['pre-operative diagnosis', 'preoperative diagnosis', 'post-operative diagnosis', 'postoperative diagnosis', 'procedure performed', 'operation performed', 'name of operation', 'procedure:', 'surgeon', 'assistant', 'anaesthetist', 'anesthesiologist', 'anaesthesia', 'anesthesia', 'estimated blood loss', 'EBL', 'incision', 'operative findings', 'findings at operation', 'complications', 'specimens sent', 'specimen sent', 'drains', 'closure', 'post-operative instructions', 'postoperative plan'] },
  { id: 'op.procedures', category: 'operative-report', weight: 2, any: ['laparoscopic', 'laparotomy', 'resection', 'excision', 'anastomosis', 'pancreaticoduodenectomy', 'Whipple', 'mastectomy', 'lumpectomy', 'colectomy', 'gastrectomy', 'hemicolectomy', 'lobectomy', 'lymphadenectomy', 'sutured', 'stapled', 'port placement', 'scope', 'biopsies were taken', 'under general anaesthesia', 'under general anesthesia', 'patient was placed', 'supine position'] },

  // radiotherapy
  { id: 'rt.title', category: 'radiotherapy-record', weight: 9, titleOnly: true, any: ['radiotherapy', 'radiation therapy', 'radiation oncology', 'radiotherapy treatment summary', 'radiation treatment summary', 'end of treatment summary', 'treatment completion summary', 'brachytherapy', 'stereotactic'] },
  { id: 'rt.terms', category: 'radiotherapy-record', weight: 3, any: ['Gy', 'cGy', 'fractions', 'fraction', 'IMRT', 'VMAT', 'SBRT', 'SABR', 'IGRT', 'PTV', 'CTV', 'GTV', 'linear accelerator', 'linac', 'photons', 'MV', 'dose per fraction', 'total dose', 'prescribed dose', 'treatment volume', 'organs at risk', 'simulation', 'planning CT', 'concurrent chemoradiation', 'chemoradiotherapy'] },

  // treatment history (systemic therapy)
  { id: 'tx.title', category: 'treatment-history', weight: 8, titleOnly: true, any: ['chemotherapy', 'chemotherapy record', 'chemotherapy summary', 'treatment history', 'systemic therapy', 'systemic anticancer therapy', 'SACT', 'treatment record', 'oncology treatment record', 'infusion record', 'medication administration record', 'day care chemotherapy', 'chemotherapy day unit', 'cycle summary', 'regimen'] },
  { id: 'tx.terms', category: 'treatment-history', weight: 3, any: ['cycle', 'cycles', 'regimen', 'mg/m2', 'mg/m²', 'AUC', 'dose reduction', 'dose delayed', 'infusion', 'premedication', 'toxicity', 'CTCAE', 'neutropenia', 'line of therapy', 'first line', 'second line', 'best response', 'neoadjuvant', 'adjuvant', 'palliative chemotherapy', 'cycle day'] },
  { id: 'tx.drugs', category: 'treatment-history', weight: 2, any: ['FOLFIRINOX', 'mFOLFIRINOX', 'FOLFOX', 'CAPOX', 'XELOX', 'gemcitabine', 'nab-paclitaxel', 'paclitaxel', 'docetaxel', 'carboplatin', 'cisplatin', 'oxaliplatin', 'irinotecan', '5-FU', 'fluorouracil', 'capecitabine', 'leucovorin', 'pembrolizumab', 'nivolumab', 'trastuzumab', 'bevacizumab', 'cetuximab', 'AC-T', 'doxorubicin', 'cyclophosphamide', 'olaparib'] },

  // discharge summary
  { id: 'dc.title', category: 'discharge-summary', weight: 9, titleOnly: true, any: ['discharge summary', 'discharge letter', 'discharge report', 'discharge note', 'summary of discharge', 'discharge card', 'inpatient summary', 'hospital discharge', 'transfer summary'] },
  // The sections only an admission's summary has: strong evidence even without a title.
  { id: 'dc.sections', category: 'discharge-summary', weight: 6, any: DISCHARGE_SECTIONS },
  // Two or more of them (a hospital course and a discharge diagnosis) are how a discharge summary is built: as strong
  // as its title, which transcribed summaries often lack while their history opens on "X-RAY:" or "CONSULTATION:".
  { id: 'dc.sections.several', category: 'discharge-summary', weight: 6, minDistinct: 2, any: DISCHARGE_SECTIONS },
  { id: 'dc.terms', category: 'discharge-summary', weight: 3, any: ['admitted on', 'discharged on', 'length of stay', 'ward', 'DOA', 'DOD', 'advice on discharge', 'follow-up appointment'] },

  // medication list
  { id: 'med.title', category: 'medication-list', weight: 9, titleOnly: true, any: ['medication list', 'list of medications', 'current medications', 'current medicines', 'medicines list', 'medicine list', 'list of medicines', 'prescription', 'drug chart', 'medication reconciliation', 'repeat prescription', 'medication record', 'medication summary'] },
  { id: 'med.terms', category: 'medication-list', weight: 3, any: ['dose', 'dosage', 'frequency', 'route', 'tablet', 'tablets', 'capsule', 'once daily', 'twice daily', 'three times daily', 'at night', 'as needed', 'oral', 'allergies', 'start date', 'prescriber', 'pharmacy', 'refills', 'indication'] },

  { id: 'med.abbrev', category: 'medication-list', weight: 2, case: true, regex: '\\b(PRN|BD|BID|OD|TDS|TID|QID|QDS|PO|SC|IV|mane|nocte)\\b' },

  // identity document
  { id: 'id.title', category: 'identity-document', weight: 10, titleOnly: true, any: ['passport', 'identity card', 'national identity card', 'ID card', 'residence permit', 'driving licence', 'driver license', 'proof of identity', 'unique identification', 'identity document', 'national ID', 'voter ID', 'aadhaar', 'identification card'] },
  { id: 'id.fields', category: 'identity-document', weight: 4, any: ['nationality', 'place of birth', 'date of issue', 'date of expiry', 'expiry date', 'issuing authority', 'passport no', 'passport number', 'given names', 'surname', 'identification number', 'enrolment number', 'enrolment no', 'enrollment number', 'signature of holder'] },
  { id: 'id.mrz', category: 'identity-document', weight: 8, case: true, regex: 'P<[A-Z]{3}[A-Z<]{5,}' },

  // consent / release form
  { id: 'consent.title', category: 'consent-form', weight: 9, titleOnly: true, any: ['consent form', 'consent', 'authorization', 'authorisation', 'release of information', 'release of medical records', 'authorization for release', 'authorisation for release', 'patient consent', 'informed consent', 'HIPAA authorization', 'data sharing consent', 'subject access request'] },
  { id: 'consent.terms', category: 'consent-form', weight: 3, any: ['I hereby authorize', 'I hereby authorise', 'I authorize', 'I authorise', 'I consent', 'I give consent', 'I agree', 'signature of patient', 'patient signature', 'witness', 'revoke', 'revocation', 'expiration of authorization', 'HIPAA', 'GDPR', 'data protection', 'legal representative', 'relationship to patient'] },
  // Chinese, Spanish, French, German, Arabic and Hindi titles and headings (rules-i18n.ts).
  ...TEXT_RULES_I18N,
];

/**
 * File-name hints: weak evidence, never enough alone to be confident.
 * Matched on the base name with separators turned into spaces.
 */
export const FILENAME_RULES: readonly TextRule[] = [
  { id: 'name.summary', category: 'clinical-summary', weight: 1.5, any: ['referral', 'letter', 'summary', 'consult', 'consultation', 'clinic', 'opinion', 'mdt'] },
  { id: 'name.pathology', category: 'pathology-report', weight: 1.5, any: ['pathology', 'path', 'histo', 'histopathology', 'biopsy', 'cytology', 'hpe'] },
  { id: 'name.molecular', category: 'molecular-report', weight: 1.5, any: ['ngs', 'molecular', 'genomic', 'foundation', 'foundationone', 'guardant', 'brca', 'pdl1', 'pd l1', 'msi', 'mmr', 'kras', 'egfr', 'germline'] },
  { id: 'name.imaging', category: 'imaging-report', weight: 1.5, any: ['ct', 'ct scan', 'mri', 'pet', 'petct', 'pet ct', 'pet scan', 'usg', 'ultrasound', 'xray', 'x ray', 'cxr', 'mammo', 'mammogram', 'radiology', 'eus', 'bone scan', 'imaging'] },
  { id: 'name.labs', category: 'lab-results', weight: 1.5, any: ['lab', 'labs', 'blood', 'cbc', 'fbc', 'bloods', 'ca199', 'ca 19 9', 'cea', 'markers', 'lft', 'kft', 'rft'] },
  { id: 'name.operative', category: 'operative-report', weight: 1.5, any: ['operative', 'operation', 'op note', 'surgery', 'surgical', 'procedure', 'whipple', 'endoscopy', 'colonoscopy'] },
  { id: 'name.radiotherapy', category: 'radiotherapy-record', weight: 1.5, any: ['radiotherapy', 'radiation', 'rt summary', 'sbrt', 'imrt'] },
  { id: 'name.treatment', category: 'treatment-history', weight: 1.5, any: ['chemo', 'chemotherapy', 'folfirinox', 'regimen', 'treatment', 'cycles', 'sact'] },
  { id: 'name.discharge', category: 'discharge-summary', weight: 1.5, any: ['discharge', 'dc summary'] },
  { id: 'name.medication', category: 'medication-list', weight: 1.5, any: ['medication', 'medications', 'meds', 'medicines', 'prescription', 'rx'] },
  { id: 'name.identity', category: 'identity-document', weight: 1.5, any: ['passport', 'id card', 'aadhaar', 'identity'] },
  { id: 'name.consent', category: 'consent-form', weight: 1.5, any: ['consent', 'release', 'authorization', 'authorisation', 'hipaa', 'roi'] },
];

/** Imaging modality named in report text (or a file name), most specific first. */
export interface ModalityRule {
  modality: string;
  regex: string;
  /** Match case exactly (short acronyms). */
  case?: boolean;
}

/**
 * Modality codes follow DICOM (CT, MR, PT, US, MG, DX, NM) with two additions
 * a second-opinion team names separately: PET_CT (a PET with its CT, the
 * usual oncology study; also used for a DICOM study holding PT and CT series)
 * and EUS (endoscopic ultrasound).
 */
export const MODALITY_RULES: readonly ModalityRule[] = [
  { modality: 'PET_CT', regex: '\\b(PET\\s*[-/ ]\\s*CT|PET\\s*CT|PETCT|FDG[- ]PET|PSMA[- ]PET|positron emission tomography)' , case: false },
  { modality: 'EUS', regex: '\\b(endoscopic ultrasound|endoscopic ultrasonography|endosonography|EUS)\\b' },
  { modality: 'PT', regex: '\\bPET\\b', case: true },
  { modality: 'MG', regex: '\\b(mammogra\\w*|tomosynthesis|BI-RADS)' },
  { modality: 'MR', regex: '\\b(MRI|MRCP|MR imaging|MR\\s+(?:abdomen|pelvis|brain|liver|spine|prostate|breast)|magnetic resonance)' },
  { modality: 'NM', regex: '\\b(bone scan|scintigraphy|SPECT|nuclear medicine|MUGA|sestamibi)' },
  { modality: 'CT', regex: '\\b(CT|CECT|HRCT|NCCT|computed tomography|CAT scan)\\b' },
  { modality: 'US', regex: '\\b(ultrasound|ultrasonography|sonography|USG|doppler|sonographic)' },
  { modality: 'DX', regex: '\\b(x-ray|xray|radiograph\\w*|CXR|chest film)' },
];
