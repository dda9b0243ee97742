import type { CategoryId } from '../../src/model/categories.js';
import type { ReportSpec } from './report-pdf.js';

/**
 * A held-out evaluation set for the document classifier, written without
 * looking at the classifier's rules or at the first evaluation set, so its
 * score says how the rules carry over to documents they were not tuned on.
 *
 * Every person, hospital, number and date is invented. The documents follow
 * the layouts of real US, UK, Indian, continental European and Middle Eastern
 * reports: their titles, abbreviations (DOA/DOD, FBC, CECT, Rx, #), tables,
 * signatures, letters that cite other documents, and the dates that sit near
 * the real one (birth dates, appointments, expiry dates, reference dates of
 * earlier studies). Deterministic: the same code gives the same set.
 */

/** The evaluation's "today": a date after it is in the future. */
export const HELDOUT_TODAY = '2026-01-15';

export interface HeldoutTruth {
  file: string;
  category: CategoryId;
  /** The clinical date, or null when there is none or it cannot be resolved. */
  date: string | null;
  /** For a series (cumulative labs): the earliest date; `date` is the latest. */
  start?: string;
  /** A numeric date with no day/month evidence: both readings, `date` is null. */
  ambiguous?: [string, string];
  /** Imaging reports: the expected modality code. */
  modality?: string;
  /** Where the layout comes from. */
  origin: 'US' | 'UK' | 'IN' | 'EU' | 'ME';
  /** What makes the document hard, for whoever reads a miss. */
  traps: string[];
}

export interface HeldoutDocument {
  truth: HeldoutTruth;
  spec: ReportSpec;
}

const SYNTHETIC = 'Synthetic test document - fictional patient';

function doc(truth: HeldoutTruth, spec: ReportSpec): HeldoutDocument {
  return { truth, spec: { ...spec, footer: spec.footer ?? SYNTHETIC } };
}

const table = (columns: string[], rows: string[][], widths?: number[]) =>
  (widths ? { type: 'table' as const, columns, rows, widths } : { type: 'table' as const, columns, rows });
const list = (items: string[]) => ({ type: 'list' as const, items });

// ------------------------------------------------------------ clinical summaries

function clinicalSummaries(): HeldoutDocument[] {
  return [
    doc({ file: 'MDT outcome.pdf', category: 'clinical-summary', date: '2025-10-14', origin: 'UK', traps: ['cites MRI, CT and histology with their own dates', 'DMY resolved by birth date 23/07/1961'] }, {
      style: 'modern',
      title: 'Colorectal Multidisciplinary Team Meeting - Outcome',
      letterhead: { institution: 'Northgate University Hospitals NHS Foundation Trust', department: 'Colorectal Cancer MDT', lines: ['Level 4, Wolfson Building, Northgate NG7 0ZZ'] },
      fields: [['Patient', 'Mr Geoffrey HALLORAN'], ['NHS no.', '943 221 0076'], ['DOB', '23/07/1961'], ['Hosp no.', 'N0412887'], ['Meeting date', '14/10/2025'], ['Lead clinician', 'Mr R. Okonkwo, Consultant Colorectal Surgeon']],
      sections: [
        { heading: 'Clinical summary', blocks: ['64M, change in bowel habit and PR bleeding for 3/12. Colonoscopy 22/09/2025: ulcerating tumour at 8 cm from the anal verge. Biopsies: moderately differentiated adenocarcinoma, MMR proficient.'] },
        { heading: 'Investigations discussed', blocks: [list(['MRI pelvis 02/10/2025: mrT3c N1 M0, CRM threatened (1 mm from mesorectal fascia), EMVI positive.', 'CT TAP 30/09/2025: no distant metastases. 4 mm indeterminate RLL nodule.', 'CEA 6.8 ug/L.'])] },
        { heading: 'MDT outcome', blocks: ['Locally advanced rectal cancer with threatened CRM. Recommend total neoadjuvant therapy: short-course RT 25 Gy/5# followed by CAPOX x 6, then restaging MRI. Refer to clinical oncology. Discuss in clinic; CNS to arrange.'] },
        { heading: 'Attendees', blocks: ['Surgery, Clinical Oncology, Radiology, Histopathology, CNS, MDT coordinator.'] },
      ],
      signatures: [{ name: 'Ms J. Patel', role: 'MDT Coordinator' }],
      metadata: { creationDate: '2025-10-15T09:12:00Z', producer: 'Infoflex MDT 6', title: 'MDT Outcome' },
    }),
    doc({ file: 'Referral_Dr_Ames.pdf', category: 'clinical-summary', date: '2025-10-03', origin: 'US', traps: ['follow-up appointment date after the letter date', 'cites a pathology report date', 'MDY resolved by DOB 04/29/1958'] }, {
      style: 'classic',
      title: 'Consultation Note and Referral',
      letterhead: { institution: 'Lakeshore Oncology Associates', department: 'Hematology & Medical Oncology', lines: ['2200 N. Lakeview Ave, Suite 410, Milwaukee, WI 53211', 'Phone (414) 555-0182  Fax (414) 555-0190'] },
      sections: [
        { blocks: ['October 3, 2025', 'Thomas Ames, MD\nDept. of Surgical Oncology\nGreat Lakes Comprehensive Cancer Center'] },
        { blocks: ['RE: Daniel KOWALCZYK   DOB: 04/29/1958   MRN: 00718824'] },
        { blocks: ['Dear Dr. Ames,', 'Thank you for seeing Mr. Kowalczyk, a 67-year-old man I saw today in consultation for newly diagnosed adenocarcinoma of the pancreatic head. He presented with painless jaundice in August. ERCP with stent placement was performed on 08/21/2025. EUS-guided FNB on 09/09/2025 confirmed adenocarcinoma (pathology report dated 09/12/2025, enclosed). CT pancreas protocol shows a 2.6 cm mass with < 180 degrees SMV abutment, borderline resectable per NCCN criteria.'] },
        { heading: 'Assessment and plan', blocks: [list(['Borderline resectable pancreatic adenocarcinoma, ECOG 0.', 'Plan neoadjuvant mFOLFIRINOX x 4 months, then restaging.', 'Germline testing sent today. CA 19-9 412 U/mL.', 'I would value your opinion regarding eventual Whipple candidacy. He is scheduled to return to my clinic on 10/17/2025.'])] },
        { blocks: ['Sincerely,'] },
      ],
      signatures: [{ name: 'Priya Venkataraman, MD', role: 'Medical Oncology' }],
      pageSize: 'Letter',
      metadata: { creationDate: '2025-10-06T15:40:00Z' },
    }),
    doc({ file: 'opd_card_05nov.pdf', category: 'clinical-summary', date: '2025-11-05', origin: 'IN', traps: ['dotted dates, DMY resolved by next visit 26.11.2025', 'next visit date', 'lab order list (CBC, LFT)'] }, {
      style: 'typewriter',
      title: 'Medical Oncology OPD - Consultation',
      letterhead: { institution: 'Sri Venkateswara Cancer Institute', department: 'Department of Medical Oncology', lines: ['Tirupati Road, Chittoor, Andhra Pradesh 517 001'] },
      fields: [['Name', 'Mrs. Meera Raghunathan'], ['Age/Sex', '54 Y / F'], ['UHID', 'SVCI-25-118402'], ['Date', '05.11.2025'], ['Consultant', 'Dr. K. Srinivas Rao, DM (Med Onc)']],
      sections: [
        { heading: 'Diagnosis', blocks: ['Ca left breast, cT2N1M0, Stage IIB. ER 8/8, PR 6/8, HER2 2+ (FISH not amplified). Post 4 cycles AC.'] },
        { heading: 'Complaints', blocks: ['Grade 1 peripheral neuropathy. No fever. Appetite fair.'] },
        { heading: 'Examination', blocks: ['PS ECOG 1. Wt 61 kg, BSA 1.62 m2. Left breast lump reduced to 2 x 2 cm. Axilla: no palpable nodes.'] },
        { heading: 'Plan', blocks: [list(['Start weekly Paclitaxel 80 mg/m2 x 12.', 'CBC, LFT, RFT before each cycle.', 'Surgical opinion after completion of NACT.', 'Next visit: 26.11.2025 with reports.'])] },
      ],
      signatures: [{ name: 'Dr. K. Srinivas Rao', role: 'Consultant Medical Oncologist' }],
      metadata: { creationDate: null, modificationDate: null },
    }),
    doc({ file: 'Medical Report - Al Sayegh.pdf', category: 'clinical-summary', date: null, ambiguous: ['2025-06-04', '2025-04-06'], origin: 'ME', traps: ['only numeric dates, none with a day above 12: truly ambiguous', 'age given, no birth date'] }, {
      style: 'modern',
      title: 'Medical Report',
      letterhead: { institution: 'Al Noor Specialist Hospital', department: 'Oncology Centre', lines: ['P.O. Box 48211, Abu Dhabi, United Arab Emirates'] },
      fields: [['Patient name', 'Mrs. Fatima Al-Sayegh'], ['MRN', 'ANS-0098812'], ['Age', '49 years'], ['Nationality', 'UAE'], ['Date', '04/06/2025']],
      sections: [
        { blocks: ['To whom it may concern,'] },
        { blocks: ['This is to certify that the above-named patient is under our care for carcinoma of the right ovary, high-grade serous type, FIGO stage IIIC. She underwent primary debulking surgery followed by six cycles of carboplatin and paclitaxel, completed on 02/03/2025. CA-125 normalised. She is currently on maintenance olaparib 300 mg twice daily (BRCA1 mutation carrier).'] },
        { blocks: ['The patient requests a second opinion abroad. This report is issued upon her request for submission to the concerned authorities and carries no liability to the hospital.'] },
      ],
      signatures: [{ name: 'Dr. Hani Mourad', role: 'Consultant Gynaecological Oncologist' }],
    }),
    doc({ file: 'Letter to GP.pdf', category: 'clinical-summary', date: '2025-12-19', origin: 'UK', traps: ['ISO letter date', 'future appointment 03/03/2026', 'mentions CT, chemotherapy and bloods'] }, {
      style: 'classic',
      title: 'Oncology Clinic Letter',
      letterhead: { institution: 'Royal Severn Hospital', department: 'Lung Cancer Service', lines: ['Severn Road, Gloucester GL1 9ZZ'] },
      fields: [['Date dictated', '2025-12-19'], ['Clinic', 'Thoracic Oncology, Thursday PM'], ['Patient', 'Mrs Eleanor WHITCOMBE, DOB 14/03/1965'], ['NHS number', '485 777 3312']],
      sections: [
        { blocks: ['Dear Dr Marsh,'] },
        { blocks: ['Diagnosis: Stage IVA adenocarcinoma of the right lung, EGFR exon 19 deletion. Treatment: osimertinib 80 mg od since May 2025.'] },
        { blocks: ['I reviewed Mrs Whitcombe in clinic today. She remains well, PS 0. Her restaging CT from last week shows continued partial response. Bloods today are satisfactory. We will continue osimertinib and I have arranged a further CT in three months; I will see her again on 03/03/2026 with the result.'] },
        { blocks: ['Yours sincerely,'] },
      ],
      signatures: [{ name: 'Dr Alistair Graham', role: 'Consultant Medical Oncologist' }],
    }),
  ];
}

// ------------------------------------------------------------ pathology

function pathologyReports(): HeldoutDocument[] {
  return [
    doc({ file: 'SP25-18834.pdf', category: 'pathology-report', date: '2025-09-08', origin: 'US', traps: ['collected / received / signed-out dates', 'MDY resolved by DOB 12/24/1960', 'cites CT in clinical history'] }, {
      style: 'classic',
      title: 'SURGICAL PATHOLOGY REPORT',
      letterhead: { institution: 'Mercy Valley Medical Center', department: 'Department of Pathology and Laboratory Medicine', lines: ['CLIA 45D0987123 - CAP accredited'] },
      fields: [['Patient', 'REYES, CARMEN L'], ['DOB', '12/24/1960'], ['MRN', '3318027'], ['Accession', 'SP25-18834'], ['Collected', '09/08/2025'], ['Received', '09/09/2025'], ['Physician', 'Aaron Feld, MD']],
      sections: [
        { heading: 'Final Diagnosis', blocks: ['A. RIGHT BREAST, 10 O\'CLOCK, 4 CM FN, ULTRASOUND-GUIDED CORE NEEDLE BIOPSY:\n- INVASIVE DUCTAL CARCINOMA, NOTTINGHAM GRADE 2 (TUBULES 3, NUCLEI 2, MITOSES 1).\n- DUCTAL CARCINOMA IN SITU, CRIBRIFORM TYPE, INTERMEDIATE NUCLEAR GRADE.\n- BIOPSY CLIP SITE CHANGES PRESENT.', 'B. RIGHT AXILLARY LYMPH NODE, CORE BIOPSY:\n- METASTATIC CARCINOMA.'] },
        { heading: 'Comment', blocks: ['Breast prognostic markers (ER, PR, HER2) will be reported in an addendum.'] },
        { heading: 'Clinical History', blocks: ['63F with BI-RADS 5 mass on diagnostic mammogram 08/28/2025. CT chest pending.'] },
        { heading: 'Gross Description', blocks: ['A. Received in formalin labeled with patient name and "right breast 10:00" are four tan-white cores, 1.2 to 1.8 cm. Cold ischemia < 1 hour; fixation time 26 hours. Entirely submitted in A1.', 'B. Two cores, 0.9 cm each, entirely submitted in B1.'] },
      ],
      signatures: [{ name: 'Helen Q. Park, MD', role: 'Pathologist, electronically signed out', date: '09/12/2025 16:41' }],
      pageSize: 'Letter',
      metadata: { creationDate: '2025-09-12T21:41:00Z', producer: 'CoPath Plus', title: 'SP25-18834' },
    }),
    doc({ file: 'Histology 13.03.pdf', category: 'pathology-report', date: '2025-03-12', origin: 'UK', traps: ['IHC panel inside a histology report', 'SNOMED codes', 'date taken vs authorised', 'DMY resolved by 13/03/2025'] }, {
      style: 'modern',
      title: 'Histopathology Report',
      letterhead: { institution: 'Thames Estuary Pathology Partnership', department: 'Cellular Pathology', lines: ['UKAS accredited medical laboratory No. 9043'] },
      fields: [['Surname', 'BRENNAN'], ['Forename', 'Siobhan'], ['DOB', '02/01/1957'], ['Lab no.', 'T25.06614'], ['Date taken', '12/03/2025'], ['Date received', '13/03/2025'], ['Date authorised', '19/03/2025'], ['Source', 'Respiratory Medicine, Ward 7']],
      sections: [
        { heading: 'Specimen', blocks: ['EBUS-TBNA station 7 and 11R; endobronchial biopsy right upper lobe.'] },
        { heading: 'Clinical details', blocks: ['Ex-smoker, 40 pack-years. CT: 4 cm RUL mass with subcarinal nodes. ?Primary lung Ca.'] },
        { heading: 'Macroscopic', blocks: ['1. Station 7: multiple fragments of blood clot and tissue, 0.5 ml, cell block prepared.\n2. RUL biopsy: 4 grey fragments up to 3 mm. All processed.'] },
        { heading: 'Microscopic', blocks: ['Sections show a poorly differentiated non-small cell carcinoma infiltrating bronchial mucosa. Tumour cells: TTF-1 positive, Napsin A positive, p40 negative, CK7 positive, CK20 negative. The station 7 cell block contains metastatic carcinoma of similar morphology. PD-L1 (22C3) and molecular testing requested on block 2.'] },
        { heading: 'Conclusion', blocks: ['1. Lymph node station 7: metastatic adenocarcinoma, lung primary.\n2. RUL endobronchial biopsy: non-small cell carcinoma, favour adenocarcinoma (TTF-1+).'] },
        { heading: 'SNOMED', blocks: ['T26000 M81403 ; T08000 M81406'] },
      ],
      signatures: [{ name: 'Dr F. Adeyemi', role: 'Consultant Histopathologist', date: '19/03/2025' }],
    }),
    doc({ file: 'biopsy report.pdf', category: 'pathology-report', date: '2025-07-22', origin: 'IN', traps: ['12-Sep style dates', 'NABL lab header', 'ref. doctor line'] }, {
      style: 'typewriter',
      title: 'HISTOPATHOLOGY REPORT',
      letterhead: { institution: 'Lifeline Diagnostics Pvt. Ltd.', department: 'Department of Pathology (NABL accredited MC-2211)', lines: ['Plot 44, Sector 18, Gurugram, Haryana'] },
      fields: [['Patient Name', 'Mr. Rajesh Kumar Bansal'], ['Age/Gender', '58 Yrs/Male'], ['Ref. By', 'Dr. Anil Mehta, MS (GI Surgery)'], ['Lab No.', 'H-4512/25'], ['Sample Collected On', '22-Jul-2025'], ['Reported On', '26-Jul-2025']],
      sections: [
        { heading: 'Specimen', blocks: ['Endoscopic biopsy from gastric antrum (lesser curvature), multiple bits.'] },
        { heading: 'Gross', blocks: ['Received 5 grey-white soft tissue bits, largest 0.3 cm. Entire tissue processed.'] },
        { heading: 'Microscopy', blocks: ['Sections show gastric mucosa infiltrated by tumour cells arranged in poorly formed glands and singly, with many signet ring cells. Lamina propria shows dense chronic inflammation. H. pylori organisms seen.'] },
        { heading: 'Impression', blocks: ['Poorly cohesive carcinoma (signet ring cell type), stomach antrum. Advised: HER2 IHC and MSI testing.'] },
      ],
      signatures: [{ name: 'Dr. Sunita Chawla, MD (Path)', role: 'Consultant Pathologist' }, { name: 'Dr. Vikram Sehgal, DNB', role: 'Pathologist' }],
      metadata: { creationDate: '2025-07-27T05:10:00Z' },
    }),
    doc({ file: 'FNAC neck node.pdf', category: 'pathology-report', date: '2025-05-19', origin: 'EU', traps: ['cytology, not histology', 'ISO dates', 'ultrasound guidance mentioned'] }, {
      style: 'modern',
      title: 'Cytopathology Report - Fine Needle Aspiration',
      letterhead: { institution: 'Hospital Universitario del Turia', department: 'Servicio de Anatomia Patologica', lines: ['Avenida de la Ciencia 21, 46014 Valencia'] },
      fields: [['Patient', 'FERNANDEZ ORTEGA, Lucia'], ['NHC', '1183302'], ['Specimen date', '2025-05-19'], ['Report date', '2025-05-21'], ['Requested by', 'ENT, Dr. Morales'], ['Number', 'C25/03318']],
      sections: [
        { heading: 'Material', blocks: ['Ultrasound-guided FNA of left level III cervical lymph node, 2 passes, 4 air-dried and 4 alcohol-fixed smears; cell block.'] },
        { heading: 'Cytological description', blocks: ['Cellular smears with cohesive clusters of atypical squamous cells with keratinisation and necrotic background. No lymphoid background identified.'] },
        { heading: 'Ancillary studies', blocks: ['Cell block: p16 strongly and diffusely positive. HPV high-risk ISH positive.'] },
        { heading: 'Cytological diagnosis', blocks: ['POSITIVE FOR MALIGNANCY. Metastatic squamous cell carcinoma, p16 positive, consistent with HPV-associated oropharyngeal primary. (Milan system category VI)'] },
      ],
      signatures: [{ name: 'Dra. Ines Calatayud', role: 'Cytopathologist' }],
    }),
    doc({ file: 'Pathologie_Befund.pdf', category: 'pathology-report', date: '2025-01-31', origin: 'EU', traps: ['dotted DMY', 'receipt date after biopsy date', 'Gleason grading'] }, {
      style: 'classic',
      title: 'Pathology Report (Histological Findings)',
      letterhead: { institution: 'Institut fur Pathologie, Klinikum Oberland', lines: ['Marienplatz 5, 83646 Bad Tolz'] },
      fields: [['Patient', 'Albrecht, Thomas'], ['Born', '19.06.1952'], ['Journal no.', 'E-2025-001877'], ['Biopsy date', '31.01.2025'], ['Receipt date', '03.02.2025'], ['Sender', 'Urologische Praxis Dr. Lenz']],
      sections: [
        { heading: 'Material', blocks: ['12 prostate punch biopsies (systematic, transrectal), left 1-6, right 7-12, plus 2 MRI-targeted cores (PI-RADS 5 lesion).'] },
        { heading: 'Microscopy', blocks: ['Cores 2, 3, 5 and the targeted cores contain acinar adenocarcinoma, Gleason pattern 4+3 in the targeted cores (tumour length 9 mm and 11 mm, 80 % and 90 % of core), 3+4 in cores 2, 3, 5. Perineural invasion present. No extraprostatic tissue.'] },
        { heading: 'Diagnosis', blocks: ['Acinar adenocarcinoma of the prostate, Gleason score 4+3=7b (ISUP grade group 3), 5 of 14 cores involved.'] },
      ],
      signatures: [{ name: 'Prof. Dr. med. K. Wiesner', role: 'Facharzt fur Pathologie', date: '05.02.2025' }],
    }),
    doc({ file: 'Frozen section.pdf', category: 'pathology-report', date: null, ambiguous: ['2025-08-05', '2025-05-08'], origin: 'ME', traps: ['intra-operative consultation', 'single numeric date with no evidence'] }, {
      style: 'modern',
      title: 'Intraoperative Consultation (Frozen Section) Report',
      letterhead: { institution: 'King Faisal Medical City', department: 'Anatomic Pathology', lines: ['Riyadh, Kingdom of Saudi Arabia'] },
      fields: [['Patient', 'Mr. Khalid Al-Harbi'], ['MRN', '00-771-342'], ['Age', '61 Y'], ['Date', '05/08/2025'], ['Surgeon', 'Dr. Omar Al-Qahtani']],
      sections: [
        { heading: 'Specimen', blocks: ['Left thyroid lobe and isthmus, submitted fresh for frozen section.'] },
        { heading: 'Frozen section diagnosis', blocks: ['Papillary thyroid carcinoma, 1.4 cm. Margins free on frozen. Result communicated to Dr. Al-Qahtani in theatre at 11:20.'] },
        { heading: 'Permanent sections', blocks: ['To follow. Final report will include TNM staging and margin status.'] },
      ],
      signatures: [{ name: 'Dr. Nadia Saleh', role: 'Consultant Pathologist' }],
    }),
  ];
}

// ------------------------------------------------------------ molecular

function molecularReports(): HeldoutDocument[] {
  return [
    doc({ file: 'CGP_report_final.pdf', category: 'molecular-report', date: '2025-08-08', origin: 'US', traps: ['Foundation-style layout', 'collection / received / report dates', 'therapy and clinical-trial sections'] }, {
      style: 'modern',
      title: 'Comprehensive Genomic Profiling - Solid Tumor',
      letterhead: { institution: 'GenoSight Laboratories', department: 'CLIA 22D2027531 | CAP 8047699', lines: ['150 Second Street, Cambridge, MA 02141'] },
      fields: [['Patient', 'Linh Tran'], ['Date of birth', '11/02/1971'], ['Disease', 'Lung adenocarcinoma'], ['Specimen site', 'Lung, right lower lobe'], ['Date of collection', '08 Aug 2025'], ['Specimen received', '12 Aug 2025'], ['Report date', '02 Sep 2025'], ['Ordering physician', 'Marcus Hale, MD']],
      sections: [
        { heading: 'Patient results', blocks: ['4 genomic findings | 2 therapies associated with potential clinical benefit | 6 clinical trials', 'Microsatellite status: MS-Stable. Tumor Mutational Burden: 8 Muts/Mb.'] },
        { heading: 'Genomic findings', blocks: [table(['Gene', 'Alteration', 'VAF', 'Therapies (this tumor type)'], [['KRAS', 'G12C', '31.4%', 'sotorasib, adagrasib'], ['STK11', 'Q37*', '28.9%', 'none'], ['TP53', 'R273H', '41.0%', 'none'], ['CDKN2A/B', 'loss', '-', 'none']], [1, 1, 0.7, 2])] },
        { heading: 'Variants of unknown significance', blocks: ['ARID1A P1326fs, ERBB4 T244R, NOTCH2 A1903V.'] },
        { heading: 'Methods', blocks: ['Hybrid capture of 324 genes and select introns of 36 genes; DNA extracted from FFPE block A2, tumor content 40%.'] },
      ],
      signatures: [{ name: 'Julia Brandt, MD, PhD', role: 'Laboratory Director' }],
      pageSize: 'Letter',
    }),
    doc({ file: 'PD-L1 and MMR.pdf', category: 'molecular-report', date: '2025-03-28', origin: 'UK', traps: ['IHC biomarker report from a pathology department', 'DMY resolved by 28/03/2025'] }, {
      style: 'classic',
      title: 'Predictive Biomarker Report',
      letterhead: { institution: 'St Aldhelm\'s Hospital', department: 'Cellular Pathology - Molecular Diagnostics', lines: [] },
      fields: [['Patient', 'Mr Samuel OYELARAN'], ['DOB', '05/05/1959'], ['Lab no.', 'SA25-04121 block A3'], ['Date sample taken', '28/03/2025'], ['Date reported', '07/04/2025']],
      sections: [
        { heading: 'Tests', blocks: [table(['Biomarker', 'Clone / method', 'Result'], [['PD-L1', '22C3 (Dako Link 48)', 'TPS 60%'], ['MLH1', 'ES05', 'Retained'], ['PMS2', 'EP51', 'Retained'], ['MSH2', 'FE11', 'Retained'], ['MSH6', 'EP49', 'Retained'], ['ALK', 'D5F3', 'Negative'], ['ROS1', 'SP384', 'Negative']])] },
        { heading: 'Interpretation', blocks: ['PD-L1 high expressor (TPS >= 50%). Mismatch repair proficient (pMMR). No ALK or ROS1 protein expression. NGS (Oncomine Dx 46-gene panel) to follow separately.'] },
      ],
      signatures: [{ name: 'Dr H. Lindqvist', role: 'Consultant Molecular Pathologist' }],
    }),
    doc({ file: 'Invitae_summary.pdf', category: 'molecular-report', date: '2025-06-17', origin: 'US', traps: ['germline, not tumour', 'MDY resolved by DOB 03/29/1972', 'family history mentions other cancers'] }, {
      style: 'modern',
      title: 'Hereditary Cancer Germline Genetic Test Result',
      letterhead: { institution: 'Heliant Genetics', department: 'Clinical Genomics Laboratory', lines: ['Salt Lake City, UT'] },
      fields: [['Patient', 'Rebecca SHAPIRO'], ['DOB', '03/29/1972'], ['Sex assigned at birth', 'Female'], ['Sample type', 'Saliva'], ['Collection date', '06/17/2025'], ['Report date', '07/08/2025'], ['Clinician', 'Dana Whitfield, MS, CGC']],
      sections: [
        { heading: 'Result: POSITIVE', blocks: ['One Pathogenic variant identified in BRCA2.'] },
        { blocks: [table(['Gene', 'Variant', 'Zygosity', 'Classification'], [['BRCA2', 'c.5946del (p.Ser1982Argfs*22)', 'heterozygous', 'Pathogenic']])] },
        { heading: 'Genes analysed (84)', blocks: ['APC, ATM, BARD1, BRCA1, BRCA2, BRIP1, CDH1, CHEK2, EPCAM, MLH1, MSH2, MSH6, PALB2, PMS2, PTEN, RAD51C, RAD51D, STK11, TP53 and 65 others.'] },
        { heading: 'Clinical summary', blocks: ['Personal history of breast cancer dx age 52; mother with ovarian cancer. Cascade testing of first-degree relatives is recommended. Genetic counseling is recommended.'] },
      ],
      signatures: [{ name: 'Ravi Chandrasekar, PhD, FACMG', role: 'Laboratory Director' }],
      pageSize: 'Letter',
    }),
    doc({ file: 'HER2 FISH.pdf', category: 'molecular-report', date: '2025-08-12', origin: 'IN', traps: ['FISH ratio table', 'DMY resolved by 14/08/2025 and 19/08/2025'] }, {
      style: 'typewriter',
      title: 'MOLECULAR PATHOLOGY - HER2/neu FISH',
      letterhead: { institution: 'Onco-Gen Reference Laboratory', department: 'Molecular Pathology Division', lines: ['Andheri (E), Mumbai 400 093'] },
      fields: [['Name', 'Ms. Kavita Deshpande'], ['Age/Sex', '46/F'], ['Sample collected', '12/08/2025'], ['Received on', '14/08/2025'], ['Reported on', '19/08/2025'], ['Block ID', 'B-2291/25 A2']],
      sections: [
        { heading: 'Indication', blocks: ['IDC breast, HER2 IHC 2+ (equivocal).'] },
        { heading: 'Result', blocks: [table(['Parameter', 'Value'], [['Cells counted', '40'], ['Mean HER2 copies / cell', '7.2'], ['Mean CEP17 copies / cell', '2.1'], ['HER2/CEP17 ratio', '3.43']])] },
        { heading: 'Interpretation', blocks: ['HER2 gene AMPLIFIED (ASCO/CAP 2018 Group 1). Probe: PathVysion HER-2 DNA Probe Kit.'] },
      ],
      signatures: [{ name: 'Dr. Nandini Kulkarni, PhD', role: 'Molecular Cytogeneticist' }],
    }),
    doc({ file: 'ctDNA.pdf', category: 'molecular-report', date: '2025-10-21', origin: 'EU', traps: ['liquid biopsy from blood: looks like a lab report', 'ISO dates'] }, {
      style: 'modern',
      title: 'Liquid Biopsy - Circulating Tumour DNA Analysis',
      letterhead: { institution: 'Erasmus Regional Molecular Diagnostics', lines: ['Dr. Molewaterplein 60, Rotterdam'] },
      fields: [['Patient', 'P. van der Berg'], ['Born', '1955-09-30'], ['Blood draw', '2025-10-21'], ['Report', '2025-10-30'], ['Material', '2 x 10 ml Streck cfDNA tubes']],
      sections: [
        { heading: 'Result', blocks: [table(['Gene', 'Variant', 'Allele fraction'], [['EGFR', 'p.E746_A750del (exon 19)', '2.4%'], ['EGFR', 'p.T790M (exon 20)', '0.9%'], ['TP53', 'p.R248Q', '3.1%']])] },
        { heading: 'Conclusion', blocks: ['Acquired EGFR T790M resistance mutation detected in plasma in addition to the known exon 19 deletion. cfDNA input 28 ng; limit of detection 0.1% VAF.'] },
      ],
      signatures: [{ name: 'Dr. ir. M. de Wit', role: 'Clinical Molecular Biologist' }],
    }),
  ];
}

// ------------------------------------------------------------ imaging reports

function imagingReports(): HeldoutDocument[] {
  return [
    doc({ file: 'PET CT report.pdf', category: 'imaging-report', modality: 'PT', date: '2025-10-05', origin: 'US', traps: ['comparison study date', 'SUV table', 'MDY resolved by DOB 07/19/1963'] }, {
      style: 'classic',
      title: 'PET/CT Report',
      letterhead: { institution: 'Summit Imaging Partners', department: 'Nuclear Medicine / PET', lines: ['Denver, CO'] },
      fields: [['Patient', 'GARCIA, MIGUEL A'], ['DOB', '07/19/1963'], ['Exam', 'PET/CT SKULL BASE TO MID-THIGH (F-18 FDG)'], ['Exam date', '10/05/2025'], ['Accession', 'PT2510050117'], ['Referring', 'S. Novak, MD']],
      sections: [
        { heading: 'Indication', blocks: ['Initial staging, squamous cell carcinoma of the esophagus.'] },
        { heading: 'Technique', blocks: ['12.1 mCi F-18 FDG IV; uptake 62 min; blood glucose 97 mg/dL. Low-dose CT for attenuation correction and localization.'] },
        { heading: 'Comparison', blocks: ['CT chest/abdomen/pelvis 08/22/2025.'] },
        { heading: 'Findings', blocks: [table(['Site', 'SUVmax', 'Comment'], [['Distal esophagus', '14.2', 'primary, 5.1 cm length'], ['Left gastric node', '6.3', '1.2 cm'], ['Liver segment 7', '2.4', 'background 2.2, no focal lesion']], [2, 1, 3])] },
        { heading: 'Impression', blocks: ['1. Intensely FDG-avid distal esophageal primary.\n2. FDG-avid left gastric lymph node, compatible with nodal metastasis.\n3. No FDG-avid distant metastatic disease.'] },
      ],
      signatures: [{ name: 'Karen O\'Leary, MD', role: 'Electronically signed', date: '10/06/2025 09:02' }],
      pageSize: 'Letter',
    }),
    doc({ file: 'MRI pelvis staging.pdf', category: 'imaging-report', modality: 'MR', date: '2025-10-02', origin: 'UK', traps: ['quotes histology', 'DMY resolved by DOB 23/07/1961'] }, {
      style: 'modern',
      title: 'MRI Pelvis - Rectal Cancer Staging',
      letterhead: { institution: 'Northgate University Hospitals NHS Foundation Trust', department: 'Department of Radiology', lines: [] },
      fields: [['Patient', 'HALLORAN, Geoffrey'], ['DOB', '23/07/1961'], ['Date of examination', '02/10/2025'], ['Examination', 'MR Pelvis (rectum protocol)'], ['Referrer', 'Mr R. Okonkwo']],
      sections: [
        { heading: 'Clinical information', blocks: ['Low rectal tumour at colonoscopy. Histology: adenocarcinoma.'] },
        { heading: 'Technique', blocks: ['Sagittal and oblique axial/coronal high-resolution T2, DWI. No IV contrast.'] },
        { heading: 'Findings', blocks: ['Semi-annular tumour from 4 to 9 cm from the anal verge, 4 to 9 o\'clock. Extramural spread 6 mm (mrT3c). Closest approach to the mesorectal fascia 1 mm at 7 o\'clock (CRM threatened). EMVI positive (grade 4). Two mesorectal nodes with irregular borders (mrN1). No lateral pelvic sidewall nodes. Sphincter complex clear.'] },
        { heading: 'Conclusion', blocks: ['mrT3c N1, CRM threatened, EMVI positive. For MDT discussion.'] },
      ],
      signatures: [{ name: 'Dr C. Ferreira', role: 'Consultant GI Radiologist' }],
    }),
    doc({ file: 'CECT.pdf', category: 'imaging-report', modality: 'CT', date: '2025-08-18', origin: 'IN', traps: ['CECT abbreviation', 'RECIST table', 'printed date'] }, {
      style: 'typewriter',
      title: 'CECT THORAX, ABDOMEN & PELVIS',
      letterhead: { institution: 'Vision Scan & Diagnostic Centre', department: '128-slice MDCT', lines: ['Opp. Civil Hospital, Ahmedabad'] },
      fields: [['Patient', 'Mr. Harish Patel'], ['Age/Sex', '62Y/M'], ['Ref. by', 'Dr. D. Shah (Onco)'], ['Date', '18-Aug-2025'], ['Printed', '19-Aug-2025 10:12']],
      sections: [
        { heading: 'Technique', blocks: ['Plain and contrast-enhanced axial sections from thoracic inlet to pubic symphysis with oral and IV contrast (Omnipaque 350, 90 ml).'] },
        { heading: 'Observations', blocks: ['Thorax: multiple bilateral lung nodules, largest 1.8 cm in right lower lobe. No pleural effusion.', 'Abdomen: Ill-defined hypodense mass 4.2 x 3.8 cm in head of pancreas, encasing SMA < 180 degrees. CBD dilated (14 mm) with stent in situ. Liver shows two hypodense lesions in segments VI and VII (1.6 and 2.1 cm).'] },
        { heading: 'Target lesions (RECIST 1.1)', blocks: [table(['Lesion', 'Location', 'Size (mm)'], [['T1', 'Pancreatic head', '42'], ['T2', 'Liver seg VII', '21'], ['T3', 'RLL nodule', '18']])] },
        { heading: 'Impression', blocks: ['Carcinoma head of pancreas with hepatic and pulmonary metastases. Sum of target lesions 81 mm (baseline).'] },
      ],
      signatures: [{ name: 'Dr. Jignesh Trivedi, MD (Radiodiagnosis)', role: 'Consultant Radiologist' }],
    }),
    doc({ file: 'mammo_us_breast.pdf', category: 'imaging-report', modality: 'MG', date: '2025-04-27', origin: 'ME', traps: ['mammography plus ultrasound', 'BI-RADS', 'recommends biopsy'] }, {
      style: 'modern',
      title: 'Bilateral Digital Mammography and Breast Ultrasound',
      letterhead: { institution: 'Dubai Women\'s Imaging Centre', lines: ['Healthcare City, Building 64, Dubai, UAE'] },
      fields: [['Patient', 'Mrs. Layla Haddad'], ['DOB', '1978-12-02'], ['Study date', '2025-04-27'], ['Ref. physician', 'Dr. S. Nassar'], ['Study', 'MG bilateral + US right breast']],
      sections: [
        { heading: 'Clinical history', blocks: ['Palpable lump right breast, 3 weeks.'] },
        { heading: 'Mammography', blocks: ['Heterogeneously dense breasts (ACR C). Right upper outer quadrant: 2.3 cm irregular spiculated mass with associated pleomorphic microcalcifications. Left breast unremarkable.'] },
        { heading: 'Ultrasound', blocks: ['Right 10 o\'clock, 5 cm FN: 2.1 x 1.9 cm irregular hypoechoic mass, non-parallel, angular margins, posterior shadowing. Right axilla: one node with 4 mm cortical thickening.'] },
        { heading: 'Impression', blocks: ['Right breast BI-RADS 5 (highly suggestive of malignancy). Left breast BI-RADS 1. Recommend US-guided core biopsy of the mass and axillary node.'] },
      ],
      signatures: [{ name: 'Dr. Rania Aziz', role: 'Consultant Breast Radiologist' }],
    }),
    doc({ file: 'Knochenszintigraphie.pdf', category: 'imaging-report', modality: 'NM', date: '2025-09-12', origin: 'EU', traps: ['nuclear medicine', 'dotted DMY; date of injection same day', 'previous study date'] }, {
      style: 'classic',
      title: 'Whole-Body Bone Scintigraphy',
      letterhead: { institution: 'Klinikum Oberland', department: 'Klinik fur Nuklearmedizin', lines: ['Bad Tolz'] },
      fields: [['Patient', 'Albrecht, Thomas, born 19.06.1952'], ['Date of study', '12.09.2025'], ['Radiopharmaceutical', '650 MBq Tc-99m DPD i.v.'], ['Referrer', 'Urologie, Dr. Lenz']],
      sections: [
        { heading: 'Question', blocks: ['Prostate carcinoma ISUP 3, PSA 14.2 ng/ml. Osseous metastases?'] },
        { heading: 'Findings', blocks: ['Planar whole-body images 3 h p.i., SPECT/CT of the lumbar spine. Focal increased uptake L3 right pedicle, corresponding to a sclerotic lesion on low-dose CT. Degenerative uptake both knees and acromioclavicular joints. Compared with the previous examination of 20.02.2025: the L3 focus is new.'] },
        { heading: 'Assessment', blocks: ['New solitary osteoblastic lesion L3, suspicious for metastasis. PSMA PET/CT recommended.'] },
      ],
      signatures: [{ name: 'Dr. med. S. Hofbauer', role: 'Nuklearmedizin' }],
    }),
    doc({ file: 'US abdomen.pdf', category: 'imaging-report', modality: 'US', date: null, ambiguous: ['2025-04-03', '2025-03-04'], origin: 'ME', traps: ['exam date and DOB both day <= 12: no evidence'] }, {
      style: 'typewriter',
      title: 'ULTRASOUND ABDOMEN & PELVIS',
      letterhead: { institution: 'Gulf Medical Diagnostics', lines: ['Manama, Kingdom of Bahrain'] },
      fields: [['Patient', 'Mr. Ahmed Karimi'], ['DOB', '05/06/1970'], ['Date', '03/04/2025'], ['Ref', 'Dr. Y. Jaber']],
      sections: [
        { heading: 'Findings', blocks: ['Liver normal in size (14.8 cm) with two hyperechoic lesions in the right lobe, 1.2 and 1.9 cm, new compared with the outside study. Gallbladder, CBD, pancreas and spleen unremarkable. Both kidneys normal. No ascites.'] },
        { heading: 'Impression', blocks: ['Two new focal liver lesions in a patient with known colon cancer: metastases likely. Suggest contrast-enhanced CT or MRI liver.'] },
      ],
      signatures: [{ name: 'Dr. Mariam Al-Khalifa', role: 'Radiologist' }],
    }),
  ];
}

// ------------------------------------------------------------ labs

function labResults(): HeldoutDocument[] {
  return [
    doc({ file: 'FBC 07-11.pdf', category: 'lab-results', date: '2025-11-07', origin: 'UK', traps: ['reference ranges', 'next bloods date in 2026 (future)', 'DMY resolved by DOB 15/02/1949'] }, {
      style: 'modern',
      title: 'Haematology',
      letterhead: { institution: 'Royal Severn Hospital', department: 'Blood Sciences', lines: [] },
      fields: [['Patient', 'WHITCOMBE, Eleanor'], ['DOB', '15/02/1949'], ['Hospital no.', 'RS0441982'], ['Sample collected', '07/11/2025 08:42'], ['Sample received', '07/11/2025 09:30'], ['Location', 'Oncology Day Unit']],
      sections: [
        { heading: 'Full blood count', blocks: [table(['Test', 'Result', 'Units', 'Reference range'], [['Haemoglobin', '108 L', 'g/L', '115-165'], ['WBC', '3.1 L', 'x10^9/L', '4.0-11.0'], ['Neutrophils', '1.4 L', 'x10^9/L', '2.0-7.5'], ['Lymphocytes', '1.1', 'x10^9/L', '1.0-4.0'], ['Platelets', '162', 'x10^9/L', '150-400'], ['MCV', '94', 'fL', '80-100']], [2, 1, 1, 1.5])] },
        { heading: 'Comment', blocks: ['Neutropenia grade 2: discussed with the chemotherapy team. Repeat FBC before next cycle, booked for 02/02/2026.'] },
      ],
    }),
    doc({ file: 'tumor_markers_cumulative.pdf', category: 'lab-results', date: '2025-10-06', start: '2025-06-02', origin: 'US', traps: ['cumulative series of four dates', 'MDY resolved by 07/14 and 08/25', 'reference intervals'] }, {
      style: 'classic',
      title: 'Cumulative Results - Tumor Markers',
      letterhead: { institution: 'Great Lakes Comprehensive Cancer Center', department: 'Clinical Laboratory', lines: ['CLIA 52D0711829'] },
      fields: [['Patient', 'KOWALCZYK, DANIEL'], ['MRN', '00718824'], ['DOB', '04/29/1958'], ['Ordering', 'P. Venkataraman, MD']],
      sections: [
        { blocks: [table(['Collected', 'CEA (ng/mL) ref < 3.0', 'CA 19-9 (U/mL) ref < 35', 'Bilirubin total (mg/dL) ref 0.2-1.2'], [['06/02/2025 07:55', '4.1 H', '88 H', '0.9'], ['07/14/2025 08:10', '5.6 H', '190 H', '1.1'], ['08/25/2025 09:32', '7.9 H', '412 H', '6.8 H'], ['10/06/2025 08:01', '5.2 H', '236 H', '1.0']])] },
        { heading: 'Notes', blocks: ['CA 19-9 may be falsely elevated in biliary obstruction. H = above reference interval.'] },
      ],
      pageSize: 'Letter',
    }),
    doc({ file: 'LFT RFT report.pdf', category: 'lab-results', date: '2025-09-29', origin: 'IN', traps: ['collected / reported / printed dates', 'Bio. Ref. Interval column', 'AM/PM times'] }, {
      style: 'typewriter',
      title: 'BIOCHEMISTRY',
      letterhead: { institution: 'Lifeline Diagnostics Pvt. Ltd.', department: 'NABL accredited MC-2211', lines: ['Gurugram'] },
      fields: [['Patient Name', 'Mr. Rajesh Kumar Bansal'], ['Age/Gender', '58 Yrs/Male'], ['Sample Collected On', '29/09/2025 09:15 AM'], ['Reported On', '29/09/2025 05:40 PM'], ['Printed On', '30/09/2025 11:02 AM'], ['Ref. By', 'Dr. Anil Mehta']],
      sections: [
        { heading: 'Liver Function Test', blocks: [table(['Test Name', 'Result', 'Unit', 'Bio. Ref. Interval'], [['Bilirubin Total', '0.8', 'mg/dL', '0.3-1.2'], ['SGOT (AST)', '46 H', 'U/L', '< 35'], ['SGPT (ALT)', '52 H', 'U/L', '< 45'], ['Alkaline Phosphatase', '131', 'U/L', '30-120'], ['Albumin', '3.2 L', 'g/dL', '3.5-5.2']])] },
        { heading: 'Kidney Function Test', blocks: [table(['Test Name', 'Result', 'Unit', 'Bio. Ref. Interval'], [['Urea', '28', 'mg/dL', '17-43'], ['Creatinine', '0.9', 'mg/dL', '0.7-1.3'], ['eGFR (CKD-EPI)', '92', 'mL/min/1.73m2', '> 90']])] },
        { blocks: ['*** End of Report ***'] },
      ],
      signatures: [{ name: 'Dr. Sunita Chawla, MD (Path)', role: 'Consultant Pathologist' }],
    }),
    doc({ file: 'Lab_Report_12092025.pdf', category: 'lab-results', date: '2025-09-12', origin: 'ME', traps: ['12-Sep-2025 style collection date', 'registration/validation timestamps', 'file name carries the same date in compact form'] }, {
      style: 'modern',
      title: 'Laboratory Report',
      letterhead: { institution: 'Al Noor Specialist Hospital', department: 'Pathology & Laboratory Medicine (CAP accredited)', lines: ['Abu Dhabi'] },
      fields: [['Patient', 'Mrs. Fatima Al-Sayegh'], ['MRN', 'ANS-0098812'], ['Collected', '12-Sep-2025 07:45'], ['Validated', '12-Sep-2025 13:20'], ['Ward', 'Oncology Day Care']],
      sections: [
        { heading: 'Complete Blood Count', blocks: [table(['Test', 'Result', 'Flag', 'Reference range', 'Unit'], [['Hemoglobin', '11.2', 'L', '12.0-15.5', 'g/dL'], ['WBC', '5.6', '', '4.0-11.0', '10^3/uL'], ['Platelets', '231', '', '150-450', '10^3/uL']])] },
        { heading: 'Chemistry', blocks: [table(['Test', 'Result', 'Flag', 'Reference range', 'Unit'], [['CA-125', '18', '', '0-35', 'U/mL'], ['Creatinine', '62', '', '45-84', 'umol/L'], ['ALT', '24', '', '0-33', 'U/L']])] },
      ],
      signatures: [{ name: 'Dr. Ayesha Rahman', role: 'Clinical Pathologist, validated electronically' }],
    }),
  ];
}

// ------------------------------------------------------------ operative / procedure

function operativeReports(): HeldoutDocument[] {
  return [
    doc({ file: 'Op Report LAR.pdf', category: 'operative-report', date: '2025-11-14', origin: 'US', traps: ['specimens sent to pathology', 'pre/post-op diagnosis', 'dictated / transcribed dates'] }, {
      style: 'classic',
      title: 'OPERATIVE REPORT',
      letterhead: { institution: 'Great Lakes Comprehensive Cancer Center', department: 'Department of Surgery', lines: [] },
      fields: [['Patient', 'NGUYEN, PAUL'], ['MRN', '00992013'], ['Date of Surgery', '11/14/2025'], ['Surgeon', 'Thomas Ames, MD'], ['Assistant', 'L. Brooks, PA-C'], ['Anesthesia', 'General endotracheal']],
      sections: [
        { heading: 'Preoperative diagnosis', blocks: ['Rectal adenocarcinoma, ycT2N0 after total neoadjuvant therapy.'] },
        { heading: 'Postoperative diagnosis', blocks: ['Same.'] },
        { heading: 'Procedure', blocks: ['Robotic-assisted low anterior resection with total mesorectal excision, diverting loop ileostomy.'] },
        { heading: 'Findings', blocks: ['Firm tumor bed at 7 cm from anal verge; no peritoneal or liver metastases. Anastomosis at 4 cm, air leak test negative. Donuts complete.'] },
        { heading: 'Description of procedure', blocks: ['The patient was placed in modified lithotomy. After pneumoperitoneum, the da Vinci Xi was docked. The inferior mesenteric artery was ligated at its origin. The splenic flexure was mobilized. TME was performed in the avascular plane to the pelvic floor. The rectum was transected with a 45-mm stapler and the specimen was extracted via a Pfannenstiel incision. A 29-mm EEA stapled anastomosis was created.'] },
        { heading: 'Specimens', blocks: ['Rectosigmoid colon with mesorectum, sent to pathology.'] },
        { heading: 'EBL / Complications', blocks: ['EBL 75 mL. No complications. Patient to PACU in stable condition.'] },
      ],
      signatures: [{ name: 'Thomas Ames, MD', role: 'Dictated 11/14/2025, transcribed 11/15/2025' }],
      pageSize: 'Letter',
    }),
    doc({ file: 'op note.pdf', category: 'operative-report', date: '2025-05-21', origin: 'UK', traps: ['short note with VTE prophylaxis and post-op instructions', 'DMY resolved by 21/05/2025'] }, {
      style: 'typewriter',
      title: 'Operation Note',
      letterhead: { institution: 'Royal Severn Hospital', department: 'General Surgery - Theatre 3', lines: [] },
      fields: [['Patient', 'Mr Dennis O\'CONNELL'], ['DOB', '09/10/1950'], ['Date', '21/05/2025'], ['Surgeon', 'Miss A. Mbeki, FRCS'], ['Anaesthetist', 'Dr P. Lowe'], ['Operation', 'Laparoscopic right hemicolectomy']],
      sections: [
        { heading: 'Indication', blocks: ['Caecal adenocarcinoma, T3N0 on CT.'] },
        { heading: 'Findings', blocks: ['Caecal tumour, no serosal breach. Liver smooth. No peritoneal disease.'] },
        { heading: 'Procedure', blocks: ['Medial-to-lateral approach, high ligation of ileocolic pedicle. Extracorporeal stapled side-to-side ileocolic anastomosis. Specimen via periumbilical extraction site. Closure: loop PDS, clips to skin.'] },
        { heading: 'Post-op instructions', blocks: [list(['ERAS pathway, free fluids tonight.', 'Enoxaparin 40 mg sc od for 28 days.', 'Clips out day 10 by practice nurse.', 'Histology to colorectal MDT.'])] },
      ],
      signatures: [{ name: 'Miss A. Mbeki', role: 'Consultant Colorectal Surgeon' }],
    }),
    doc({ file: 'EUS FNB.pdf', category: 'operative-report', date: '2025-03-04', origin: 'IN', traps: ['endoscopic ultrasound: imaging words in a procedure report', 'dotted DMY resolved by DOB 17.08.1966'] }, {
      style: 'modern',
      title: 'Endoscopic Ultrasound (EUS) Procedure Report',
      letterhead: { institution: 'Asian Institute of Digestive Sciences', department: 'Therapeutic Endoscopy Unit', lines: ['Gachibowli, Hyderabad'] },
      fields: [['Patient', 'Mr. Venkat Reddy'], ['DOB', '17.08.1966'], ['Date of procedure', '04.03.2025'], ['Endoscopist', 'Dr. P. Nageshwar'], ['Sedation', 'Propofol (anaesthetist-administered)'], ['Scope', 'Linear echoendoscope GF-UCT180']],
      sections: [
        { heading: 'Indication', blocks: ['Pancreatic body mass on CT; tissue diagnosis.'] },
        { heading: 'Findings', blocks: ['3.1 x 2.7 cm hypoechoic heterogeneous mass in the body of pancreas abutting the splenic artery; no vascular invasion of the coeliac axis. Two peripancreatic nodes, 8 mm. No ascites.'] },
        { heading: 'Intervention', blocks: ['EUS-guided fine needle biopsy with 22G Franseen needle, 3 passes by fanning technique, ROSE adequate. Material sent for histopathology and cell block.'] },
        { heading: 'Complications', blocks: ['None. Observe 2 h, then discharge.'] },
      ],
      signatures: [{ name: 'Dr. P. Nageshwar, DM (Gastro)', role: 'Consultant Gastroenterologist' }],
    }),
    doc({ file: 'Coloscopie_verslag.pdf', category: 'operative-report', date: '2025-02-11', origin: 'EU', traps: ['colonoscopy with biopsies', 'ISO date', 'Boston bowel preparation score'] }, {
      style: 'classic',
      title: 'Colonoscopy Report',
      letterhead: { institution: 'Ziekenhuis Maas en Waal', department: 'Maag-Darm-Leverziekten (Gastroenterology)', lines: ['Nijmegen'] },
      fields: [['Patient', 'Mevr. A. Jansen-de Vries'], ['Date of birth', '1962-04-08'], ['Examination date', '2025-02-11'], ['Endoscopist', 'Dr. R. Bakker, MDL-arts'], ['Indication', 'Positive FIT (national bowel screening programme)']],
      sections: [
        { heading: 'Procedure', blocks: ['Caecum reached (appendiceal orifice and ileocaecal valve photographed). Withdrawal time 11 min. Boston Bowel Preparation Scale 3-3-3 = 9.'] },
        { heading: 'Findings', blocks: ['Sigmoid at 30 cm: 35 mm semi-circumferential ulcerated lesion, Paris 0-IIa+IIc with non-lifting sign, suspicious for invasive carcinoma. 6 biopsies taken, pot 1. Tattoo placed distally. Two diminutive rectal hyperplastic polyps left in situ.'] },
        { heading: 'Conclusion', blocks: ['Suspected sigmoid carcinoma. Refer for staging CT and discussion at the colorectal MDO.'] },
      ],
      signatures: [{ name: 'Dr. R. Bakker', role: 'Gastroenterologist' }],
    }),
  ];
}

// ------------------------------------------------------------ radiotherapy

function radiotherapyRecords(): HeldoutDocument[] {
  return [
    doc({ file: 'RT completion.pdf', category: 'radiotherapy-record', date: '2025-04-11', origin: 'UK', traps: ['start and end dates; completion is the clinical date', 'follow-up appointment', 'chemo mentioned (concurrent capecitabine)'] }, {
      style: 'modern',
      title: 'Radiotherapy Completion Summary',
      letterhead: { institution: 'Northgate Cancer Centre', department: 'Clinical Oncology', lines: [] },
      fields: [['Patient', 'Mr Geoffrey HALLORAN'], ['DOB', '23/07/1961'], ['Consultant', 'Dr S. Whitaker'], ['Treatment start', '03/03/2025'], ['Treatment end', '11/04/2025']],
      sections: [
        { heading: 'Treatment delivered', blocks: [table(['Site', 'Technique', 'Dose / fractions', 'Energy'], [['Rectum + mesorectum + pelvic nodes', 'VMAT', '45 Gy / 25 #', '6 MV'], ['Boost: primary tumour', 'VMAT SIB', '50 Gy / 25 #', '6 MV']])] },
        { heading: 'Concurrent treatment', blocks: ['Capecitabine 825 mg/m2 bd on RT days.'] },
        { heading: 'Acute toxicity (CTCAE v5)', blocks: ['Diarrhoea G2, radiation dermatitis (perineum) G1, fatigue G1. No treatment breaks.'] },
        { heading: 'Follow-up', blocks: ['Clinic review 6 weeks after completion; MRI pelvis at 8 weeks. Appointment sent for 23/05/2025.'] },
      ],
      signatures: [{ name: 'Dr S. Whitaker', role: 'Consultant Clinical Oncologist' }],
    }),
    doc({ file: 'Plan Summary IMRT.pdf', category: 'radiotherapy-record', date: '2025-08-19', origin: 'US', traps: ['DVH constraints table', 'simulation date earlier', 'MDY resolved by 08/19/2025'] }, {
      style: 'classic',
      title: 'Radiation Treatment Plan Summary',
      letterhead: { institution: 'Summit Radiation Oncology', department: 'Department of Radiation Oncology', lines: ['Denver, CO'] },
      fields: [['Patient', 'GARCIA, MIGUEL A'], ['MRN', 'SR-118273'], ['Plan approval date', '08/19/2025'], ['Plan name', 'ESOPH_IMRT_v2'], ['Physician', 'E. Castillo, MD'], ['Physicist', 'B. Young, MS, DABR']],
      sections: [
        { heading: 'Prescription', blocks: ['PTV_50.4: 50.4 Gy in 28 fractions of 1.8 Gy, 5 fractions/week, 6 MV VMAT, 2 arcs. CT simulation performed 08/12/2025 with 4DCT; concurrent carboplatin/paclitaxel (CROSS).'] },
        { heading: 'Dose-volume constraints', blocks: [table(['Structure', 'Constraint', 'Achieved'], [['Lungs - GTV', 'V20 < 20%', '14.2%'], ['Heart', 'Mean < 26 Gy', '21.7 Gy'], ['Spinal cord', 'Max < 45 Gy', '38.9 Gy'], ['PTV_50.4', 'V95% > 95%', '97.8%']])] },
      ],
      signatures: [{ name: 'Elena Castillo, MD', role: 'Radiation Oncologist, approved' }],
      pageSize: 'Letter',
    }),
    doc({ file: 'RT summary SBRT.pdf', category: 'radiotherapy-record', date: '2025-06-17', origin: 'IN', traps: ['dates inside prose', 'hash for fractions', 'CT-based planning wording'] }, {
      style: 'typewriter',
      title: 'RADIATION ONCOLOGY - TREATMENT SUMMARY',
      letterhead: { institution: 'Sri Venkateswara Cancer Institute', department: 'Department of Radiation Oncology', lines: ['Tirupati'] },
      fields: [['Name', 'Mr. Suresh Naidu'], ['Age/Sex', '67/M'], ['RT No.', 'RT-25-0922'], ['Diagnosis', 'Oligometastatic Ca prostate, left acetabulum']],
      sections: [
        { blocks: ['Patient underwent CT simulation with vacloc immobilisation. SBRT to left acetabular lesion to a dose of 40 Gy/5# (alternate days) using VMAT-FFF on TrueBeam with CBCT image guidance. RT started on 10-Jun-2025 and completed on 17-Jun-2025. Tolerated well, no acute toxicity.'] },
        { heading: 'Advice', blocks: ['Continue ADT (Inj. Leuprolide 22.5 mg 3-monthly). PSA after 6 weeks. Review with PSMA PET.'] },
      ],
      signatures: [{ name: 'Dr. L. Prasanna, MD (RT)', role: 'Radiation Oncologist' }],
    }),
    doc({ file: 'palliative RT.pdf', category: 'radiotherapy-record', date: '2025-07-30', origin: 'ME', traps: ['single fraction', 'ISO date', 'MRI spine cited'] }, {
      style: 'modern',
      title: 'Palliative Radiotherapy Record',
      letterhead: { institution: 'King Faisal Medical City', department: 'Radiation Oncology', lines: ['Riyadh'] },
      fields: [['Patient', 'Mr. Khalid Al-Harbi'], ['MRN', '00-771-342'], ['Date of treatment', '2025-07-30'], ['Indication', 'Painful bone metastasis T10, no cord compression on MRI']],
      sections: [
        { heading: 'Treatment', blocks: [table(['Site', 'Dose', 'Fractions', 'Technique', 'Machine'], [['T9-T11 vertebrae', '8 Gy', '1', 'Direct posterior field, 3D-CRT', 'Elekta Versa HD']])] },
        { heading: 'Notes', blocks: ['Dexamethasone 8 mg pre-RT. Pain score 8/10 before treatment. Review in 4 weeks.'] },
      ],
      signatures: [{ name: 'Dr. Huda Al-Otaibi', role: 'Consultant Radiation Oncologist' }],
    }),
  ];
}

// ------------------------------------------------------------ systemic therapy

function treatmentHistories(): HeldoutDocument[] {
  return [
    doc({ file: 'Chemo day unit record.pdf', category: 'treatment-history', date: '2025-08-04', origin: 'UK', traps: ['cycle table with four dates, the last is the clinical date', 'pre-chemo bloods columns', 'DMY resolved by 23/06/2025'] }, {
      style: 'modern',
      title: 'Chemotherapy Day-Unit Record',
      letterhead: { institution: 'Royal Severn Hospital', department: 'Macmillan Chemotherapy Day Unit', lines: [] },
      fields: [['Patient', 'Mr Dennis O\'CONNELL'], ['Regimen', 'CAPOX (oxaliplatin 130 mg/m2 d1 + capecitabine 1000 mg/m2 bd d1-14), q21d'], ['Intent', 'Adjuvant'], ['BSA', '1.94 m2']],
      sections: [
        { blocks: [table(['Cycle', 'Date given', 'Oxaliplatin dose', 'Neut (x10^9/L)', 'Plt', 'Toxicity', 'Nurse'], [['1', '02/06/2025', '252 mg (100%)', '4.2', '245', 'nil', 'SR'], ['2', '23/06/2025', '252 mg', '3.1', '198', 'cold dysaesthesia G1', 'KM'], ['3', '14/07/2025', '202 mg (80%)', '1.6', '140', 'neuropathy G2', 'SR'], ['4', '04/08/2025', '202 mg (80%)', '2.2', '151', 'neuropathy G2', 'AT']], [0.6, 1.2, 1.3, 1, 0.7, 1.6, 0.6])] },
        { heading: 'Plan', blocks: ['Oxaliplatin stopped after cycle 4 due to neuropathy; capecitabine monotherapy to complete 6 months.'] },
      ],
      signatures: [{ name: 'Sister K. Mahoney', role: 'SACT Nurse Lead' }],
    }),
    doc({ file: 'Survivorship care plan.pdf', category: 'treatment-history', date: '2025-12-01', origin: 'US', traps: ['surgery, chemo and radiation all summarised', 'MDY resolved by DOB 04/30/1962', 'follow-up schedule'] }, {
      style: 'classic',
      title: 'Treatment Summary and Survivorship Care Plan',
      letterhead: { institution: 'Mercy Valley Medical Center', department: 'Cancer Institute', lines: [] },
      fields: [['Patient', 'REYES, CARMEN L'], ['DOB', '04/30/1962'], ['Date of summary', '12/01/2025'], ['Diagnosis', 'Right breast IDC, pT2 pN1a, ER+/PR+/HER2-']],
      sections: [
        { heading: 'Treatment received', blocks: [table(['Treatment', 'Details', 'Dates'], [['Surgery', 'Right lumpectomy and sentinel node biopsy', '10/06/2025'], ['Chemotherapy', 'Dose-dense AC x 4 then paclitaxel x 4', '06/2025 - 09/2025'], ['Radiation', 'Whole breast 40 Gy/15 fx + boost', '10/2025 - 11/2025'], ['Endocrine', 'Letrozole 2.5 mg daily, planned 5-10 years', 'started 11/2025']])] },
        { heading: 'Possible late effects', blocks: ['Cardiac (anthracycline): echocardiogram if symptomatic. Peripheral neuropathy. Lymphedema. Bone density loss on aromatase inhibitor: DXA baseline.'] },
        { heading: 'Follow-up schedule', blocks: ['History and physical every 3-6 months for 3 years; annual mammogram (next 06/2026).'] },
      ],
      signatures: [{ name: 'Aaron Feld, MD', role: 'Medical Oncology' }],
      pageSize: 'Letter',
    }),
    doc({ file: 'chemo chart.pdf', category: 'treatment-history', date: '2025-09-11', origin: 'IN', traps: ['cycle chart with dose and weight', 'latest cycle is the date', 'DMY resolved by 28/08/2025'] }, {
      style: 'typewriter',
      title: 'CHEMOTHERAPY CHART',
      letterhead: { institution: 'Sri Venkateswara Cancer Institute', department: 'Day Care Chemotherapy', lines: [] },
      fields: [['Name', 'Mrs. Meera Raghunathan'], ['UHID', 'SVCI-25-118402'], ['Regimen', 'Inj. Paclitaxel 80 mg/m2 weekly'], ['Height/Weight', '158 cm / 61 kg']],
      sections: [
        { blocks: [table(['#', 'Date', 'Wt (kg)', 'Dose', 'Premedication', 'Sign'], [['1', '21/08/2025', '61', '130 mg', 'Dexa/Avil/Rantac', 'SK'], ['2', '28/08/2025', '61', '130 mg', 'Dexa/Avil/Rantac', 'SK'], ['3', '04/09/2025', '60.5', '130 mg', 'Dexa/Avil/Rantac', 'PR'], ['4', '11/09/2025', '60', '130 mg', 'Dexa/Avil/Rantac', 'PR']])] },
      ],
    }),
    doc({ file: 'Immunotherapy summary.pdf', category: 'treatment-history', date: '2025-11-03', origin: 'EU', traps: ['written date "3 November 2025"', 'lines of therapy list with month-year dates', 'scan response dates'] }, {
      style: 'classic',
      title: 'Summary of Systemic Anti-Cancer Treatment',
      letterhead: { institution: 'Ospedale San Giacomo', department: 'Oncologia Medica', lines: ['Via dei Mille 12, Torino'] },
      fields: [['Patient', 'Sig. Marco Bellandi'], ['Born', '14/11/1956'], ['Date', '3 November 2025']],
      sections: [
        { heading: 'Diagnosis', blocks: ['Metastatic clear-cell renal cell carcinoma (IMDC intermediate risk), nephrectomy 2021.'] },
        { heading: 'Lines of therapy', blocks: [list(['1st line: nivolumab + ipilimumab x 4, then nivolumab maintenance, 03/2023 - 01/2025. Best response PR. Stopped for progression (new lung nodules).', '2nd line: cabozantinib 60 mg, reduced to 40 mg for hand-foot syndrome G2, since 02/2025. Last CT 20/10/2025: stable disease.'])] },
        { heading: 'Toxicities', blocks: ['Immune-related hypothyroidism (on levothyroxine). Hypertension.'] },
      ],
      signatures: [{ name: 'Dott.ssa Chiara Rinaldi', role: 'Medical Oncologist' }],
    }),
  ];
}

// ------------------------------------------------------------ discharge

function dischargeSummaries(): HeldoutDocument[] {
  return [
    doc({ file: 'Discharge letter.pdf', category: 'discharge-summary', date: '2025-05-24', origin: 'UK', traps: ['medicines-on-discharge table', 'operation date inside admission', 'follow-up clinic date'] }, {
      style: 'modern',
      title: 'Discharge Letter',
      letterhead: { institution: 'Royal Severn Hospital', department: 'Ward 12 - Colorectal Surgery', lines: [] },
      fields: [['Patient', 'Mr Dennis O\'CONNELL'], ['DOB', '09/10/1950'], ['Date of admission', '18/05/2025'], ['Date of discharge', '24/05/2025'], ['Consultant', 'Miss A. Mbeki']],
      sections: [
        { heading: 'Diagnosis', blocks: ['Caecal adenocarcinoma.'] },
        { heading: 'Procedures', blocks: ['Laparoscopic right hemicolectomy 21/05/2025.'] },
        { heading: 'Clinical summary', blocks: ['Uncomplicated recovery on the ERAS pathway. Stoma not required. Tolerating diet, bowels open day 3. Histology awaited; will be discussed at the colorectal MDT.'] },
        { heading: 'Medicines on discharge', blocks: [table(['Medicine', 'Dose', 'Frequency', 'Duration', 'Status'], [['Enoxaparin', '40 mg sc', 'once daily', '28 days', 'new'], ['Paracetamol', '1 g', 'four times daily', 'as needed', 'new'], ['Amlodipine', '5 mg', 'once daily', 'continue', 'unchanged']])] },
        { heading: 'Follow-up', blocks: ['Colorectal clinic 09/06/2025. GP: please remove clips on day 10.'] },
      ],
      signatures: [{ name: 'Dr T. Nwosu', role: 'FY1 on behalf of Miss A. Mbeki' }],
    }),
    doc({ file: 'DC_Summary_Nguyen.pdf', category: 'discharge-summary', date: '2025-11-18', origin: 'US', traps: ['hospital course with operation and path result', 'discharge medications list', 'MDY resolved by 11/13 and 11/18'] }, {
      style: 'classic',
      title: 'DISCHARGE SUMMARY',
      letterhead: { institution: 'Great Lakes Comprehensive Cancer Center', department: 'Surgical Oncology Service', lines: [] },
      fields: [['Patient', 'NGUYEN, PAUL'], ['MRN', '00992013'], ['Admit Date', '11/13/2025'], ['Discharge Date', '11/18/2025'], ['Attending', 'Thomas Ames, MD'], ['Disposition', 'Home with services']],
      sections: [
        { heading: 'Hospital course', blocks: ['Admitted for elective robotic LAR with diverting loop ileostomy on 11/14/2025. Postoperative ileus resolved by POD 3. Ostomy teaching completed. Final pathology pending at discharge.'] },
        { heading: 'Discharge medications', blocks: [list(['Oxycodone 5 mg PO q6h PRN pain, #20', 'Acetaminophen 1000 mg PO q8h', 'Enoxaparin 40 mg SC daily x 28 days', 'Loperamide 2 mg PO PRN high ostomy output'])] },
        { heading: 'Follow-up', blocks: ['Dr. Ames clinic in 2 weeks; WOC nurse 11/21/2025.'] },
      ],
      signatures: [{ name: 'Jamie Ortiz, PA-C', role: 'for Thomas Ames, MD' }],
      pageSize: 'Letter',
    }),
    doc({ file: 'Discharge Summary SVCI.pdf', category: 'discharge-summary', date: '2025-10-07', origin: 'IN', traps: ['DOA/DOD abbreviations', 'dashed DMY resolved by review date 21-10-2025', 'operation and HPE mentioned'] }, {
      style: 'typewriter',
      title: 'DISCHARGE SUMMARY',
      letterhead: { institution: 'Sri Venkateswara Cancer Institute', department: 'Department of Surgical Oncology', lines: [] },
      fields: [['Name', 'Mrs. Meera Raghunathan'], ['Age/Sex', '54/F'], ['IP No.', 'IP-25-33019'], ['DOA', '02-10-2025'], ['DOD', '07-10-2025'], ['Consultant', 'Dr. R. Sekhar, MCh']],
      sections: [
        { heading: 'Diagnosis', blocks: ['Ca left breast post NACT, ycT1N0.'] },
        { heading: 'Surgery done', blocks: ['Left breast conservation surgery + SLNB on 03-10-2025 under GA.'] },
        { heading: 'Course in hospital', blocks: ['Post-op period uneventful. Drain removed on POD 3. HPE awaited.'] },
        { heading: 'Advice on discharge', blocks: [list(['Tab. Paracetamol 650 mg TDS x 5 days', 'Tab. Pantoprazole 40 mg OD x 5 days', 'Arm exercises as taught', 'Review in Surgical OPD on 21-10-2025 with HPE report'])] },
      ],
      signatures: [{ name: 'Dr. R. Sekhar', role: 'Consultant Surgical Oncologist' }],
    }),
    doc({ file: 'medical discharge report.pdf', category: 'discharge-summary', date: '2025-09-16', origin: 'ME', traps: ['ordinal written dates ("16th September 2025")', 'febrile neutropenia admission during chemotherapy'] }, {
      style: 'modern',
      title: 'Medical Discharge Report',
      letterhead: { institution: 'Al Noor Specialist Hospital', department: 'Internal Medicine - Oncology Ward', lines: ['Abu Dhabi'] },
      fields: [['Patient', 'Mrs. Fatima Al-Sayegh'], ['MRN', 'ANS-0098812'], ['Admission', '12th September 2025'], ['Discharge', '16th September 2025']],
      sections: [
        { heading: 'Reason for admission', blocks: ['Febrile neutropenia (ANC 0.3) on day 9 of cycle 2 carboplatin/paclitaxel.'] },
        { heading: 'Course', blocks: ['Blood cultures negative. Treated with IV piperacillin-tazobactam and G-CSF. Afebrile from day 2. ANC 2.1 on discharge.'] },
        { heading: 'Discharge plan', blocks: ['Oral amoxicillin-clavulanate for 5 days. Next chemotherapy cycle to be delayed by one week with primary G-CSF prophylaxis.'] },
      ],
      signatures: [{ name: 'Dr. Samir Haddad', role: 'Specialist Internal Medicine' }],
    }),
  ];
}

// ------------------------------------------------------------ medicines

function medicationLists(): HeldoutDocument[] {
  return [
    doc({ file: 'Prescription.pdf', category: 'medication-list', date: '2025-10-14', origin: 'IN', traps: ['Rx format with Tab./Cap./Inj.', 'DMY resolved by 14/10/2025', 'review date'] }, {
      style: 'typewriter',
      title: 'Rx',
      letterhead: { institution: 'Dr. K. Srinivas Rao, MD, DM (Medical Oncology)', lines: ['Reg. No. APMC 41822', 'Consultation: Sri Venkateswara Cancer Institute, Tirupati'] },
      fields: [['Name', 'Mrs. Meera Raghunathan'], ['Age/Sex', '54/F'], ['Date', '14/10/2025']],
      sections: [
        { blocks: [list(['Tab. Capecitabine 500 mg - 3 tabs twice daily after food x 14 days, then 7 days off', 'Tab. Ondansetron 8 mg - 1 tab SOS for vomiting', 'Cap. Omeprazole 20 mg - 1 cap before breakfast x 21 days', 'Urea 10% cream - apply to palms and soles twice daily', 'Tab. Pyridoxine 50 mg - 1 tab daily'])] },
        { blocks: ['Review after 3 weeks with CBC, LFT, RFT.'] },
      ],
      signatures: [{ name: 'Dr. K. Srinivas Rao' }],
    }),
    doc({ file: 'Current Medications.pdf', category: 'medication-list', date: '2025-10-28', origin: 'US', traps: ['pharmacy printout with last-fill dates', 'MDY resolved by DOB 04/29/1958', 'allergy list'] }, {
      style: 'modern',
      title: 'Current Medication List',
      letterhead: { institution: 'MyChart - Great Lakes Comprehensive Cancer Center', lines: ['Printed 10/28/2025 2:14 PM'] },
      fields: [['Patient', 'Daniel Kowalczyk'], ['DOB', '04/29/1958'], ['As of', '10/28/2025'], ['Allergies', 'Penicillin (hives); iodinated contrast (mild)']],
      sections: [
        { blocks: [table(['Medication', 'Sig', 'Prescriber', 'Last filled'], [['Creon 24,000 unit capsule', '2 caps with meals, 1 with snacks', 'P. Venkataraman', '10/02/2025'], ['Ondansetron 8 mg ODT', '1 tab q8h PRN nausea', 'P. Venkataraman', '09/30/2025'], ['Apixaban 5 mg tablet', '1 tab twice daily', 'M. Osei', '10/20/2025'], ['Metformin 500 mg tablet', '1 tab twice daily with meals', 'PCP', '09/15/2025'], ['Dexamethasone 4 mg tablet', '2 tabs days 2-3 after chemo', 'P. Venkataraman', '10/02/2025']], [2.2, 2.2, 1.4, 1])] },
        { blocks: ['This list may not include medications prescribed outside this health system. Bring all medicine bottles to your next visit.'] },
      ],
      pageSize: 'Letter',
    }),
    doc({ file: 'repeat prescription.pdf', category: 'medication-list', date: '2025-12-05', origin: 'UK', traps: ['GP repeat slip', 'written date "5 Dec 2025"', 'review-by date in 2026'] }, {
      style: 'typewriter',
      title: 'Repeat Prescription - Right Hand Side',
      letterhead: { institution: 'Abbeydale Medical Practice', lines: ['12 Church Lane, Tewkesbury GL20 5ZZ'] },
      fields: [['Patient', 'Mrs Eleanor WHITCOMBE'], ['NHS no.', '485 777 3312'], ['Issued', '5 Dec 2025'], ['Medication review due', '5 Jun 2026']],
      sections: [
        { blocks: [table(['Drug', 'Dose and directions', 'Qty', 'Last issued', 'Issues'], [['Osimertinib 80mg tablets (hospital only)', 'ONE daily', '-', 'hospital supply', '-'], ['Levothyroxine 50microgram tablets', 'ONE each morning', '56', '5 Dec 2025', '4/6'], ['Loperamide 2mg capsules', 'TWO initially then ONE after each loose stool', '30', '5 Dec 2025', '2/6'], ['Emollient cream (Epimax)', 'Apply to dry skin', '500g', '3 Oct 2025', '1/6']], [2.2, 2.2, 0.5, 1.1, 0.6])] },
        { blocks: ['To order: tick the items you need and hand in at reception, or use the NHS App. Allow 2 working days.'] },
      ],
    }),
    doc({ file: 'Medikationsplan.pdf', category: 'medication-list', date: '2025-10-22', origin: 'EU', traps: ['German federal medication plan layout in English', 'dotted DMY resolved by 22.10.2025', 'morning/noon/evening/night columns'] }, {
      style: 'modern',
      title: 'Medication Plan',
      letterhead: { institution: 'Hausarztpraxis Dr. med. U. Brandl', lines: ['Lindenstrasse 8, 83646 Bad Tolz'] },
      fields: [['For', 'Thomas Albrecht, born 19.06.1952'], ['Printed by', 'Dr. med. U. Brandl'], ['Printed on', '22.10.2025']],
      sections: [
        { blocks: [table(['Active ingredient', 'Brand', 'Strength', 'Form', 'Mo', 'Noon', 'Eve', 'Night', 'Reason'], [['Enzalutamide', 'Xtandi', '40 mg', 'Tab', '4', '0', '0', '0', 'Prostate cancer'], ['Denosumab', 'Xgeva', '120 mg', 'Inj', '', '', '', '', 'every 4 weeks, bone metastases'], ['Calcium / Colecalciferol', 'Calcimagon-D3', '500 mg/400 IU', 'Tab', '1', '0', '1', '0', 'Bone protection'], ['Ramipril', 'Ramipril-ratiopharm', '5 mg', 'Tab', '1', '0', '0', '0', 'High blood pressure']], [1.6, 1.4, 1, 0.6, 0.5, 0.6, 0.5, 0.6, 1.8])] },
      ],
    }),
  ];
}

// ------------------------------------------------------------ identity

function identityDocuments(): HeldoutDocument[] {
  return [
    doc({ file: 'passport scan.pdf', category: 'identity-document', date: '2019-06-02', origin: 'UK', traps: ['birth date, issue date and expiry date (future)', 'machine-readable zone'] }, {
      style: 'typewriter',
      title: 'PASSPORT / PASSEPORT',
      letterhead: { institution: 'UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN IRELAND', lines: [] },
      fields: [['Type / Type', 'P'], ['Code / Code', 'GBR'], ['Passport No. / No. du passeport', '533201948'], ['Surname / Nom', 'WHITCOMBE'], ['Given names / Prenoms', 'ELEANOR MARGARET'], ['Nationality / Nationalite', 'BRITISH CITIZEN'], ['Date of birth / Date de naissance', '14 MAR /MARS 65'], ['Sex / Sexe', 'F'], ['Place of birth / Lieu de naissance', 'CHELTENHAM'], ['Date of issue / Date de delivrance', '02 JUN /JUIN 19'], ['Authority / Autorite', 'HMPO'], ['Date of expiry / Date d\'expiration', '02 JUN /JUIN 29']],
      sections: [
        { blocks: ['P<GBRWHITCOMBE<<ELEANOR<MARGARET<<<<<<<<<<<<<\n5332019484GBR6503146F2906021<<<<<<<<<<<<<<02'] },
      ],
      metadata: { creationDate: '2025-10-01T10:00:00Z', producer: 'HP Scan' },
    }),
    doc({ file: 'Emirates ID.pdf', category: 'identity-document', date: null, origin: 'ME', traps: ['only a birth date and an expiry date: no clinical date', 'bilingual labels'] }, {
      style: 'modern',
      title: 'Resident Identity Card',
      letterhead: { institution: 'United Arab Emirates - Federal Authority for Identity and Citizenship', lines: [] },
      fields: [['ID Number', '784-1976-4418220-3'], ['Name', 'Fatima Hassan Al-Sayegh'], ['Nationality', 'United Arab Emirates'], ['Date of Birth', '09/04/1976'], ['Sex', 'F'], ['Expiry Date', '15/08/2027']],
      sections: [{ blocks: ['Card Number 128833017. Signature of holder on reverse.'] }],
    }),
    doc({ file: 'ID_front_back.pdf', category: 'identity-document', date: null, origin: 'IN', traps: ['Indian national ID layout: DOB only', 'enrolment number looks like a date-ish string'] }, {
      style: 'classic',
      title: 'Government of India - Unique Identification',
      letterhead: { institution: 'Unique Identification Authority of India', lines: [] },
      fields: [['Name', 'Meera Raghunathan'], ['DOB', '11/07/1971'], ['Gender', 'Female'], ['Enrolment No.', '2189/40017/55231'], ['Address', 'W/O S. Raghunathan, 4-12 Gandhi Nagar, Tirupati, Andhra Pradesh 517501']],
      sections: [{ blocks: ['Identification number: 4821 7730 1196', 'This is proof of identity, not of citizenship.'] }],
    }),
    doc({ file: 'drivers license copy.pdf', category: 'identity-document', date: '2022-03-15', origin: 'US', traps: ['DL layout with ISS / EXP / DOB abbreviations', 'expiry in the future'] }, {
      style: 'modern',
      title: 'Wisconsin Driver License',
      letterhead: { institution: 'State of Wisconsin Department of Transportation', lines: ['USA'] },
      fields: [['DL', 'K242-5518-8211-03'], ['Class', 'D'], ['Name', 'KOWALCZYK, DANIEL J'], ['DOB', '04/29/1958'], ['ISS', '03/15/2022'], ['EXP', '04/29/2030'], ['Sex', 'M'], ['Hgt', '5-11'], ['Eyes', 'BRO']],
      sections: [{ blocks: ['Address: 1408 E Locust St, Milwaukee WI 53211. Organ donor. Copy made for hospital registration.'] }],
      pageSize: 'Letter',
    }),
  ];
}

// ------------------------------------------------------------ consent / release

function consentForms(): HeldoutDocument[] {
  return [
    doc({ file: 'HIPAA authorization.pdf', category: 'consent-form', date: '2025-11-02', origin: 'US', traps: ['expiry one year out (future)', 'lists pathology, imaging and lab records to release', 'MDY resolved by DOB 05/17/1970'] }, {
      style: 'classic',
      title: 'Authorization for Use and Disclosure of Protected Health Information',
      letterhead: { institution: 'Mercy Valley Medical Center', department: 'Health Information Management', lines: [] },
      fields: [['Patient name', 'Carmen L. Reyes'], ['Date of birth', '05/17/1970'], ['MRN', '3318027']],
      sections: [
        { blocks: ['I authorize Mercy Valley Medical Center to release the following information to: Second Opinion Program, Atlantic Cancer Institute, 400 Harbor Blvd, Boston MA.'] },
        { heading: 'Information to be released', blocks: [list(['[X] Pathology reports and glass slides/blocks', '[X] Radiology reports and images (CD)', '[X] Laboratory results', '[X] Operative reports and discharge summaries', '[ ] Psychotherapy notes'])] },
        { heading: 'Purpose', blocks: ['Second medical opinion at the request of the patient.'] },
        { blocks: ['This authorization expires on 11/02/2026 unless revoked earlier in writing. I understand that treatment will not be conditioned on signing this authorization.'] },
        { blocks: ['Signature of patient: Carmen L. Reyes          Date: 11/02/2025'] },
      ],
      pageSize: 'Letter',
    }),
    doc({ file: 'consent SACT.pdf', category: 'consent-form', date: '2025-05-28', origin: 'UK', traps: ['consent to chemotherapy: full of treatment words', 'side-effect list', 'DMY resolved by 28/05/2025'] }, {
      style: 'modern',
      title: 'Consent Form - Patient Agreement to Systemic Anti-Cancer Therapy (SACT)',
      letterhead: { institution: 'Royal Severn Hospital', department: 'Oncology', lines: [] },
      fields: [['Patient', 'Mr Dennis O\'CONNELL'], ['Hospital no.', 'RS0380012'], ['Regimen', 'CAPOX, adjuvant, 8 cycles (6 months)']],
      sections: [
        { heading: 'Intended benefits', blocks: ['Reduce the risk of the bowel cancer coming back.'] },
        { heading: 'Serious or frequently occurring risks', blocks: [list(['Infection / neutropenic sepsis (can be life threatening)', 'Peripheral neuropathy, may be permanent', 'Diarrhoea, hand-foot syndrome, nausea', 'Blood clots', 'Coronary artery spasm (rare)'])] },
        { heading: 'Statement of patient', blocks: ['I agree to the course of treatment described on this form. I have been given the chemotherapy alert card and the 24-hour hotline number.'] },
      ],
      signatures: [{ name: 'Dennis O\'Connell', role: 'Patient', date: '28/05/2025' }, { name: 'Dr M. Farouk', role: 'Specialty Registrar, Oncology', date: '28/05/2025' }],
    }),
    doc({ file: 'Consent for surgery.pdf', category: 'consent-form', date: null, ambiguous: ['2025-02-10', '2025-10-02'], origin: 'IN', traps: ['informed consent for surgery and anaesthesia', 'only date 02.10.2025 with no day/month evidence: ambiguous'] }, {
      style: 'typewriter',
      title: 'INFORMED CONSENT FOR SURGERY / ANAESTHESIA',
      letterhead: { institution: 'Sri Venkateswara Cancer Institute', lines: [] },
      fields: [['Patient', 'Mrs. Meera Raghunathan'], ['IP No.', 'IP-25-33019'], ['Procedure', 'Left breast conservation surgery with sentinel lymph node biopsy'], ['Date', '02.10.2025  Time: 08:30 PM']],
      sections: [
        { blocks: ['I, the undersigned, hereby give my consent for the above operation/procedure and for the administration of general anaesthesia. The nature of the operation, its risks (bleeding, infection, seroma, lymphoedema, need for re-excision if margins are involved) and alternatives (mastectomy) have been explained to me in Telugu, a language I understand.'] },
        { blocks: ['I consent to the removed tissue being sent for histopathological examination and to photography for medical records.'] },
        { blocks: ['Signature of patient / LAR: ____________    Witness: ____________    Surgeon: Dr. R. Sekhar'] },
      ],
    }),
    doc({ file: 'Toestemming_second_opinion.pdf', category: 'consent-form', date: '2026-01-09', origin: 'EU', traps: ['GDPR consent to share records', 'written date in the evaluation month, not future', 'lists record types to share'] }, {
      style: 'classic',
      title: 'Consent to Share Medical Records for a Second Opinion',
      letterhead: { institution: 'Ziekenhuis Maas en Waal', department: 'Patient Records Office', lines: [] },
      fields: [['Patient', 'P. van der Berg'], ['Date of birth', '30-09-1955']],
      sections: [
        { blocks: ['In accordance with the General Data Protection Regulation (GDPR, art. 9) I give permission to transfer copies of my medical file, including letters, pathology and molecular reports, radiology images and reports, and laboratory results, to the tumour board of the receiving hospital named below for the purpose of a second opinion.'] },
        { blocks: ['Receiving hospital: Netherlands Cancer Institute, Amsterdam. I may withdraw this consent at any time.'] },
        { blocks: ['Signed at Nijmegen on 9 January 2026.'] },
      ],
      signatures: [{ name: 'P. van der Berg', role: 'Patient' }],
    }),
  ];
}

/** The whole held-out set, in a fixed order. */
export function buildHeldoutSet(): HeldoutDocument[] {
  const docs = [
    ...clinicalSummaries(), ...pathologyReports(), ...molecularReports(), ...imagingReports(),
    ...labResults(), ...operativeReports(), ...radiotherapyRecords(), ...treatmentHistories(),
    ...dischargeSummaries(), ...medicationLists(), ...identityDocuments(), ...consentForms(),
  ];
  const seen = new Set<string>();
  for (const d of docs) {
    if (seen.has(d.truth.file)) throw new Error(`duplicate held-out file name ${d.truth.file}`);
    seen.add(d.truth.file);
  }
  return docs;
}
