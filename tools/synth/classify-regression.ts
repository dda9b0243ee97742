import { seededRandom } from './random.js';
import type { CategoryId } from '../../src/model/categories.js';
import type { LabelledDocument } from '../eval/truth.js';
import type { ReportSection, ReportSpec, ReportStyle } from './report-pdf.js';

/**
 * The classifier regression set: labelled report PDFs for classification and
 * clinical dates. It was written and edited together with the rules, so it
 * scores 100% by construction and measures nothing about accuracy (the
 * held-out set, tools/synth/eval-heldout.ts, does that); it catches a rule
 * change that breaks what used to work.
 *
 * Realistic report PDFs for fictional people, in four house styles (US, UK,
 * Indian, continental European), for every document category. Written from
 * how such documents look, not from casepack's rules: titles and vocabulary
 * vary, documents cite other documents ("CT of … showed", "sent for
 * histopathology"), labs carry reference ranges, letters carry birth dates,
 * and some file names carry a download or scanner date that is not the
 * clinical date. Deterministic: a seeded generator, no clock.
 *
 * Truth, per category: pathology and molecular → the biopsy / collection
 * date; labs → the latest sample date; imaging reports → the exam date;
 * operative → the operation date; discharge → the discharge date; letters,
 * treatment records, RT summaries, medication lists, consent forms → the
 * document's own date; passports → the date of issue. A numeric date whose
 * day and month are both ≤ 12, in a document with no other numeric date that
 * is valid only one way, is ambiguous (date null, both readings given):
 * nobody can tell.
 */

export type EvalStyle = 'US' | 'UK' | 'IN' | 'EU';

/** The truth of one document, in the labelled-set format (tools/eval/truth.ts). */
export interface RegressionTruth extends LabelledDocument {
  category: CategoryId;
  /** ISO date, or null when day/month order cannot be told from the document. */
  date: string | null;
  /** Both readings when the date is ambiguous. */
  ambiguous?: [string, string];
  /** The house style the document is written in. */
  origin: EvalStyle;
  /** Dates that would be wrong to choose: birth date, the file name's date. */
  decoys: { birth: string; filename?: string };
}

export interface RegressionDocument {
  truth: RegressionTruth;
  spec: ReportSpec;
}


const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

interface Ymd { y: number; m: number; d: number }
const iso = (x: Ymd): string => `${x.y}-${pad(x.m)}-${pad(x.d)}`;
function addDays(x: Ymd, days: number): Ymd {
  const t = new Date(Date.UTC(x.y, x.m - 1, x.d + days));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** Dates as a house style writes them; every numeric date written is remembered (for the ambiguity truth). */
class DateWriter {
  readonly numeric: Ymd[] = [];
  /** How the clinical date itself (the labelled one) was written. */
  clinicalForm: 'numeric' | 'words' | undefined;
  constructor(readonly style: EvalStyle, private readonly pick: () => number) {}

  /** The house's usual numeric form. */
  num(x: Ymd): string {
    this.numeric.push(x);
    switch (this.style) {
      case 'US': return `${pad(x.m)}/${pad(x.d)}/${x.y}`;
      case 'UK': return `${pad(x.d)}/${pad(x.m)}/${x.y}`;
      case 'IN': return this.pick() < 0.5 ? `${pad(x.d)}-${pad(x.m)}-${x.y}` : `${pad(x.d)}/${pad(x.m)}/${x.y}`;
      case 'EU': return `${pad(x.d)}.${pad(x.m)}.${x.y}`;
    }
  }

  /** A form with the month in words (never ambiguous). */
  words(x: Ymd): string {
    const mon = MONTHS[x.m - 1] ?? 'Jan';
    switch (this.style) {
      case 'US': return `${mon} ${x.d}, ${x.y}`;
      case 'UK': return `${x.d} ${mon} ${x.y}`;
      case 'IN': return `${pad(x.d)}-${mon}-${x.y} ${pad(7 + Math.floor(this.pick() * 10))}:${pad(Math.floor(this.pick() * 60))}`;
      case 'EU': return `${x.y}-${pad(x.m)}-${pad(x.d)}`;
    }
  }

  /** Either form, as the house might. */
  any(x: Ymd): string {
    return this.pick() < 0.6 ? this.num(x) : this.words(x);
  }

  /** The clinical date, where its label is: either form, remembered for the truth. */
  clinical(x: Ymd, form?: 'numeric' | 'words'): string {
    const numeric = form ? form === 'numeric' : this.pick() < 0.6;
    this.clinicalForm ??= numeric ? 'numeric' : 'words';
    return numeric ? this.num(x) : this.words(x);
  }
}

const FIRST = ['Maria', 'Ahmed', 'Priya', 'John', 'Elena', 'Kenji', 'Fatima', 'Lukas', 'Grace', 'Ravi', 'Sofia', 'Tomasz', 'Amina', 'Peter', 'Lucia', 'Arjun', 'Hannah', 'Omar', 'Ingrid', 'Suresh'];
const LAST = ['Fernwood', 'Calder', 'Ashby', 'Moreno', 'Lindqvist', 'Okafor', 'Brennan', 'Varga', 'Sato', 'Iyer', 'Kowalczyk', 'Dufresne', 'Hartmann', 'Nair', 'Quinlan', 'Rossetti', 'Halvorsen', 'Mensah', 'Desai', 'Whitcombe'];
const DOCTORS = ['Dr. E. Marsh', 'Dr. R. Kulkarni', 'Dr. S. Becker', 'Dr. A. Lindgren', 'Dr. M. Osei', 'Dr. P. Fontaine', 'Dr. J. Reyes', 'Dr. K. Tanaka', 'Dr. L. Mehta', 'Dr. H. Novak'];

const HOUSES: Record<EvalStyle, { institutions: string[]; style: ReportStyle[]; page: 'A4' | 'Letter'; idLabel: string }> = {
  US: { institutions: ['Lakeside Medical Center', 'St. Brendan Regional Hospital', 'Pinecrest University Health'], style: ['modern', 'classic'], page: 'Letter', idLabel: 'MRN' },
  UK: { institutions: ['Northgate NHS Foundation Trust', 'Royal Westmoor Infirmary', 'Kingsbridge General Hospital'], style: ['classic', 'typewriter'], page: 'A4', idLabel: 'NHS No' },
  IN: { institutions: ['Sunrise Multispeciality Hospital, Pune', 'Lotus Diagnostics & Research Centre, Chennai', 'Ganga Cancer Institute, Kolkata'], style: ['modern', 'typewriter'], page: 'A4', idLabel: 'UHID' },
  EU: { institutions: ['Universitätsklinikum Nordstadt', 'Hôpital Saint-Aubin, Lyon', 'Ospedale San Vitale, Bologna'], style: ['classic', 'modern'], page: 'A4', idLabel: 'Case No' },
};

interface Ctx {
  r: () => number;
  style: EvalStyle;
  dw: DateWriter;
  patient: string;
  birth: Ymd;
  event: Ymd;
  doctor: string;
  institution: string;
  pid: string;
}

function choose<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length) % list.length] as T;
}

function patientFields(c: Ctx): [string, string][] {
  const dob = c.dw.num(c.birth);
  const age = c.event.y - c.birth.y;
  switch (c.style) {
    case 'US': return [['Patient Name', c.patient], ['DOB', dob], ['MRN', c.pid]];
    case 'UK': return [['Name', c.patient], ['Date of birth', dob], ['NHS No', c.pid]];
    case 'IN': return [['Patient Name', c.patient], ['Age/Sex', `${age} Y / ${c.r() < 0.5 ? 'M' : 'F'}`], ['UHID', c.pid], ['D.O.B', dob]];
    case 'EU': return [['Patient', c.patient], ['Date of birth', dob], ['Case No', c.pid]];
  }
}

interface Built {
  title: string;
  department?: string;
  fields: [string, string][];
  sections: ReportSection[];
  signatures?: { name: string; role?: string; date?: string }[];
  category: CategoryId;
  /** The clinical date (truth). */
  date: Ymd;
  modality?: string;
  note?: string;
}

type Builder = (c: Ctx) => Built;

// ---------------------------------------------------------------- builders

const pathology: Builder = (c) => {
  const received = addDays(c.event, 1);
  const reported = addDays(c.event, 4 + Math.floor(c.r() * 4));
  const site = choose(c.r, ['pancreas, head, EUS-guided FNB', 'colon, sigmoid, endoscopic biopsy', 'breast, left, 10 o\'clock, core biopsy', 'lung, right upper lobe, CT-guided core biopsy', 'liver, segment VI, ultrasound-guided core']);
  const title = choose(c.r, ['Surgical Pathology Report', 'Histopathology Report', 'HISTOPATHOLOGY EXAMINATION', 'Anatomic Pathology Report', 'Biopsy Report - Histology', 'Cellular Pathology Report']);
  const collectedLabel = choose(c.r, ['Date of procedure', 'Specimen collected', 'Collection date', 'Date of biopsy']);
  return {
    title,
    department: choose(c.r, ['Department of Pathology', 'Laboratory Medicine', 'Histopathology']),
    fields: [...patientFields(c), [collectedLabel, c.dw.clinical(c.event)], ['Received', c.dw.any(received)], ['Reported', c.dw.any(reported)], ['Accession', `S${c.event.y % 100}-${1000 + Math.floor(c.r() * 8999)}`]],
    sections: [
      { heading: 'Clinical information', blocks: [choose(c.r, [`CT abdomen on ${c.dw.words(addDays(c.event, -20))} showed a mass; PET-CT avid. Query malignancy.`, 'Imaging (MRI) suggests a 2.8 cm lesion. Please report receptor status.', 'Known case; previous CT scan and ultrasound reports attached for reference.'])] },
      { heading: choose(c.r, ['Gross description', 'Macroscopy', 'Macroscopic description']), blocks: [`Received in formalin labelled with the patient's name: ${site}. Multiple cores, the largest 1.4 cm. Entirely submitted in cassettes A1-A3.`] },
      { heading: choose(c.r, ['Microscopic description', 'Microscopy']), blocks: ['Sections show infiltrating glands of moderately differentiated adenocarcinoma with desmoplastic stroma. Perineural invasion is identified. No lymphovascular invasion seen in this material.', ...(c.r() < 0.5 ? ['Immunohistochemistry: CK7 positive, CK20 negative, CDX2 negative.'] : [])] },
      { heading: choose(c.r, ['Diagnosis', 'Final diagnosis', 'Conclusion']), blocks: [`${site.split(',')[0]?.toUpperCase() ?? 'SPECIMEN'}: ADENOCARCINOMA, MODERATELY DIFFERENTIATED.`] },
    ],
    signatures: [{ name: c.doctor, role: choose(c.r, ['Consultant Histopathologist', 'Pathologist', 'Attending Pathologist']), date: c.dw.any(reported) }],
    category: 'pathology-report',
    date: c.event,
  };
};

const molecular: Builder = (c) => {
  const reported = addDays(c.event, 14 + Math.floor(c.r() * 10));
  const kind = choose(c.r, ['ngs', 'pdl1', 'msi', 'germline', 'fish'] as const);
  const title = {
    ngs: choose(c.r, ['Comprehensive Genomic Profiling Report', 'Next-Generation Sequencing (NGS) Report', 'Tumour Mutation Panel']),
    pdl1: choose(c.r, ['PD-L1 (22C3) Immunohistochemistry Report', 'Biomarker Report: PD-L1']),
    msi: choose(c.r, ['Mismatch Repair / MSI Testing', 'MMR Immunohistochemistry and MSI PCR']),
    germline: choose(c.r, ['Germline Genetic Testing Report', 'Hereditary Cancer Panel']),
    fish: choose(c.r, ['HER2 FISH Analysis', 'Molecular Cytogenetics: FISH Report']),
  }[kind];
  const results: Record<typeof kind, ReportSection[]> = {
    ngs: [{ heading: 'Results', blocks: [{ type: 'table', columns: ['Gene', 'Alteration', 'VAF', 'Tier'], rows: [['KRAS', 'p.G12D (c.35G>A), exon 2', '31%', 'IA'], ['TP53', 'p.R273H', '28%', 'IIC'], ['CDKN2A', 'loss', '-', 'IIC']] }, 'Tumour mutational burden: 3 mut/Mb (low). Microsatellite status: stable (MSS).'] }],
    pdl1: [{ heading: 'Result', blocks: ['Tumour proportion score (TPS): 60%. Combined positive score (CPS): 65.', 'Controls performed appropriately.'] }],
    msi: [{ heading: 'Results', blocks: [{ type: 'table', columns: ['Protein', 'Expression'], rows: [['MLH1', 'Retained'], ['PMS2', 'Retained'], ['MSH2', 'Retained'], ['MSH6', 'Retained']] }, 'Interpretation: mismatch repair proficient (pMMR); MSI PCR: microsatellite stable.'] }],
    germline: [{ heading: 'Result', blocks: ['No pathogenic or likely pathogenic variants were identified in the genes analysed (BRCA1, BRCA2, PALB2, ATM, CHEK2, MLH1, MSH2, MSH6, PMS2).', 'A variant of uncertain significance was not reported.'] }],
    fish: [{ heading: 'Result', blocks: ['HER2/CEP17 ratio 1.3; average HER2 copy number 3.1 signals per cell. Result: HER2 not amplified (ASCO/CAP group 5).'] }],
  };
  return {
    title,
    department: choose(c.r, ['Molecular Pathology Laboratory', 'Genomics Unit', 'Molecular Diagnostics']),
    fields: [...patientFields(c), [choose(c.r, ['Specimen collected', 'Date of biopsy', 'Collection date']), c.dw.clinical(c.event)], ['Report date', c.dw.any(reported)], ['Specimen', choose(c.r, ['FFPE block A2, pancreas biopsy', 'FFPE, lung core biopsy', 'Peripheral blood (EDTA)'])]],
    sections: [
      { heading: 'Clinical indication', blocks: [choose(c.r, ['Adenocarcinoma on histopathology; treatment planning.', 'Metastatic disease on CT; consideration of targeted therapy or immunotherapy.'])] },
      ...results[kind],
      { heading: 'Methodology', blocks: [choose(c.r, ['Hybrid-capture sequencing of 523 genes on the tumour DNA; limit of detection 5% VAF.', 'Automated staining platform with validated antibody clone; scored by two pathologists.', 'PCR fragment analysis and fluorescence in situ hybridisation on tumour sections.'])] },
    ],
    signatures: [{ name: c.doctor, role: 'Laboratory Director' }],
    category: 'molecular-report',
    date: c.event,
  };
};

const imaging: Builder = (c) => {
  const kind = choose(c.r, ['CT', 'MR', 'PET_CT', 'US', 'MG', 'DX', 'NM', 'EUS'] as const);
  const titles: Record<typeof kind, string[]> = {
    CT: ['CT Chest, Abdomen and Pelvis with Contrast', 'CECT ABDOMEN', 'Computed Tomography - Thorax', 'CT PANCREAS PROTOCOL'],
    MR: ['MRI Liver with Gadolinium', 'MR Pelvis', 'Magnetic Resonance Imaging - Brain', 'MRCP'],
    PET_CT: ['Whole Body FDG PET-CT', 'PET/CT Skull Base to Mid-Thigh', '18F-FDG PET CT Scan Report'],
    US: ['Ultrasound Abdomen', 'USG Whole Abdomen', 'Sonography of the Neck'],
    MG: ['Bilateral Diagnostic Mammogram', 'Mammography Report'],
    DX: ['Chest X-ray PA view', 'Radiograph - Chest'],
    NM: ['Whole Body Bone Scan', 'Bone Scintigraphy (Tc-99m MDP)'],
    EUS: ['Endoscopic Ultrasound (EUS) Report', 'Linear EUS - Pancreas'],
  };
  const findings: Record<typeof kind, string> = {
    CT: 'There is a 3.2 x 2.6 cm hypoattenuating mass in the pancreatic head with upstream ductal dilatation. No liver lesions. No ascites. Lungs clear.',
    MR: 'A 1.8 cm lesion in segment VII is T2 hyperintense with restricted diffusion and rim enhancement, in keeping with a metastasis.',
    PET_CT: 'Intensely FDG-avid pancreatic head mass, SUVmax 9.4. Mildly avid peripancreatic node (SUVmax 3.1). No distant FDG-avid disease. The low-dose CT shows no other abnormality.',
    US: 'The liver is normal in size and echotexture. A hypoechoic lesion measuring 2.1 cm is seen. Gallbladder and kidneys unremarkable.',
    MG: 'Heterogeneously dense breasts. Irregular spiculated mass at 10 o\'clock left breast, 14 mm. BI-RADS 5.',
    DX: 'Lungs are clear. No pleural effusion. Heart size normal. Port catheter tip at the cavoatrial junction.',
    NM: 'Physiological tracer distribution. No scintigraphic evidence of skeletal metastases.',
    EUS: 'A 28 mm hypoechoic mass in the head of pancreas abutting the SMV for less than 180 degrees. FNB performed with a 22G needle, 3 passes; samples sent for histopathology.',
  };
  const examLabel = choose(c.r, ['Exam date', 'Date of exam', 'Study date', 'Date of examination', 'Scan date']);
  const reported = addDays(c.event, Math.floor(c.r() * 3));
  return {
    title: choose(c.r, titles[kind]),
    department: choose(c.r, kind === 'EUS' ? ['Gastroenterology & Endoscopy'] : kind === 'NM' || kind === 'PET_CT' ? ['Department of Nuclear Medicine', 'Molecular Imaging'] : ['Department of Radiology', 'Diagnostic Imaging', 'Imaging Services']),
    fields: [...patientFields(c), [examLabel, c.dw.clinical(c.event)], ['Referring physician', choose(c.r, DOCTORS)], ...(c.r() < 0.5 ? [['Reported', c.dw.any(reported)] as [string, string]] : [])],
    sections: [
      { heading: choose(c.r, ['Clinical history', 'Indication', 'Clinical details']), blocks: [choose(c.r, ['Biopsy-proven adenocarcinoma (histopathology report attached). Staging.', 'Rising CA 19-9. Restaging after chemotherapy.', 'Weight loss and jaundice.'])] },
      { heading: choose(c.r, ['Technique', 'Procedure', 'Protocol']), blocks: [choose(c.r, ['Standard protocol; intravenous contrast administered without complication.', 'Images acquired per department protocol.', 'Performed under conscious sedation where required.'])] },
      { heading: choose(c.r, ['Comparison', 'Prior studies']), blocks: [choose(c.r, [`Previous examination dated ${c.dw.words(addDays(c.event, -90))}.`, 'None available.'])] },
      { heading: 'Findings', blocks: [findings[kind]] },
      { heading: choose(c.r, ['Impression', 'Conclusion', 'Opinion']), blocks: ['Findings as above; correlate clinically and with pathology.'] },
    ],
    signatures: [{ name: c.doctor, role: kind === 'EUS' ? 'Consultant Gastroenterologist' : 'Consultant Radiologist', date: c.dw.any(reported) }],
    category: 'imaging-report',
    date: c.event,
    modality: kind,
  };
};

const labs: Builder = (c) => {
  const series = c.r() < 0.4;
  const dates = series ? [addDays(c.event, -56), addDays(c.event, -28), c.event] : [c.event];
  const sections: ReportSection[] = [];
  if (series) {
    sections.push({ heading: 'Tumour marker trend', blocks: [{ type: 'table', columns: ['Test', ...dates.map((d, i) => (i === dates.length - 1 ? c.dw.clinical(d, 'numeric') : c.dw.num(d))), 'Ref. range'], rows: [['CA 19-9 (U/mL)', '1240', '860', '412', '0 - 37'], ['CEA (ng/mL)', '12.1', '9.8', '6.4', '< 5.0']] }] });
  } else {
    sections.push({ heading: choose(c.r, ['Haematology', 'Complete Blood Count', 'Full Blood Count']), blocks: [{ type: 'table', columns: ['Test', 'Result', 'Units', 'Reference interval'], rows: [['Haemoglobin', '10.9 L', 'g/dL', '12.0 - 15.5'], ['WBC', '6.2', 'x10^9/L', '4.0 - 11.0'], ['Platelets', '212', 'x10^9/L', '150 - 400'], ['Neutrophils', '4.1', 'x10^9/L', '2.0 - 7.5']] }] });
    sections.push({ heading: choose(c.r, ['Biochemistry', 'Clinical Chemistry', 'Liver function']), blocks: [{ type: 'table', columns: ['Test', 'Result', 'Units', 'Reference interval'], rows: [['Bilirubin', '34 H', 'umol/L', '3 - 21'], ['ALT', '88 H', 'U/L', '< 40'], ['ALP', '310 H', 'U/L', '30 - 130'], ['Creatinine', '71', 'umol/L', '45 - 84'], ['CA 19-9', '412 H', 'U/mL', '0 - 37']] }] });
  }
  const collectedLabel = choose(c.r, ['Collected', 'Sample collected on', 'Collection date/time', 'Date drawn']);
  return {
    title: choose(c.r, ['Laboratory Report', 'Cumulative Laboratory Results', 'TEST REPORT', 'Blood Investigation Report', 'Pathology Laboratory Results', 'Lab Results Summary']),
    department: choose(c.r, ['Clinical Laboratory', 'Department of Laboratory Medicine', 'Central Lab']),
    fields: [...patientFields(c), ...(series ? [] : [[collectedLabel, c.dw.clinical(c.event)] as [string, string]]), ['Reported', c.dw.any(addDays(c.event, 1))]],
    sections: [...sections, { blocks: [choose(c.r, ['H = above reference interval, L = below. Results relate only to the sample tested.', 'Values outside the biological reference interval are flagged. Sample: serum / EDTA whole blood.'])] }],
    signatures: [{ name: c.doctor, role: choose(c.r, ['Consultant Biochemist', 'Lab In-charge', 'Clinical Pathologist']) }],
    category: 'lab-results',
    date: c.event,
    ...(series ? { note: 'marker series: latest sample date' } : {}),
  };
};

const operative: Builder = (c) => {
  const op = choose(c.r, ['Pylorus-preserving pancreaticoduodenectomy (Whipple procedure)', 'Laparoscopic right hemicolectomy', 'Left mastectomy with sentinel lymph node biopsy', 'Diagnostic laparoscopy and peritoneal biopsies', 'Right upper lobectomy (VATS)']);
  return {
    title: choose(c.r, ['Operative Report', 'Operation Note', 'OPERATION RECORD', 'Brief Operative Note', 'Surgical Procedure Report']),
    department: choose(c.r, ['Department of Surgery', 'HPB Surgery', 'Surgical Oncology']),
    fields: [...patientFields(c), [choose(c.r, ['Date of operation', 'Date of surgery', 'Operation date']), c.dw.clinical(c.event)], ['Surgeon', c.doctor], ['Assistant', choose(c.r, DOCTORS)], ['Anaesthesia', 'General']],
    sections: [
      { heading: choose(c.r, ['Pre-operative diagnosis', 'Indication']), blocks: ['Adenocarcinoma confirmed on histopathology; resectable on CT and EUS.'] },
      { heading: choose(c.r, ['Procedure', 'Operation performed']), blocks: [op] },
      { heading: choose(c.r, ['Findings', 'Operative findings']), blocks: ['Tumour as expected on imaging, no peritoneal or liver metastases. Structures dissected and preserved.'] },
      { heading: 'Details', blocks: ['Patient supine. Incision made. Resection completed and anastomoses fashioned. Haemostasis secured. Drains placed. Closure in layers. Estimated blood loss 350 ml. No complications.'] },
      { heading: 'Specimens', blocks: ['Sent for histopathology.'] },
      { heading: 'Post-operative plan', blocks: [`HDU overnight. Review in clinic; next appointment ${c.dw.num(addDays(c.event, 21))}.`] },
    ],
    signatures: [{ name: c.doctor, role: 'Consultant Surgeon' }],
    category: 'operative-report',
    date: c.event,
  };
};

const radiotherapy: Builder = (c) => {
  const start = addDays(c.event, -38);
  return {
    title: choose(c.r, ['Radiotherapy Treatment Summary', 'End of Treatment Summary - Radiation Oncology', 'Radiation Therapy Completion Summary', 'SBRT Treatment Summary']),
    department: choose(c.r, ['Department of Radiation Oncology', 'Radiotherapy Centre']),
    fields: [...patientFields(c), ['Date', c.dw.clinical(c.event)], ['Course', `${c.dw.num(start)} to ${c.dw.num(addDays(c.event, -2))}`]],
    sections: [
      { heading: 'Diagnosis', blocks: ['Locally advanced pancreatic adenocarcinoma (histology confirmed), post induction chemotherapy.'] },
      { heading: 'Treatment delivered', blocks: [{ type: 'table', columns: ['Site', 'Technique', 'Dose / fractions', 'Energy'], rows: [['Pancreas + nodes (PTV)', choose(c.r, ['VMAT', 'IMRT', 'SBRT']), choose(c.r, ['50.4 Gy / 28 fractions', '45 Gy / 25 fractions', '35 Gy / 5 fractions']), '6 MV photons']] }, 'Concurrent capecitabine 825 mg/m2 twice daily on treatment days.'] },
      { heading: 'Tolerance', blocks: ['Grade 1 nausea and fatigue (CTCAE v5). No treatment breaks.'] },
      { heading: 'Follow-up', blocks: [`Restaging CT in 8 weeks. Follow-up appointment ${c.dw.num(addDays(c.event, 42))}.`] },
    ],
    signatures: [{ name: c.doctor, role: 'Consultant Clinical Oncologist' }],
    category: 'radiotherapy-record',
    date: c.event,
  };
};

const treatment: Builder = (c) => {
  const cycles = [addDays(c.event, -42), addDays(c.event, -28), addDays(c.event, -14)];
  return {
    title: choose(c.r, ['Chemotherapy Treatment Record', 'Systemic Anti-Cancer Therapy (SACT) Summary', 'Treatment History', 'Chemotherapy Summary', 'Oncology Day Care - Cycle Record']),
    department: choose(c.r, ['Medical Oncology', 'Oncology Day Unit']),
    fields: [...patientFields(c), ['Date', c.dw.clinical(c.event)], ['Regimen', choose(c.r, ['mFOLFIRINOX', 'Gemcitabine + nab-paclitaxel', 'FOLFOX', 'Carboplatin + paclitaxel'])]],
    sections: [
      { heading: 'Cycles administered', blocks: [{ type: 'table', columns: ['Cycle', 'Given on', 'Dose', 'Comment'], rows: cycles.map((d, i) => [`C${i + 1}D1`, c.dw.num(d), i === 2 ? '80%' : '100%', i === 2 ? 'dose reduced: neutropenia grade 3' : 'well tolerated']) }] },
      { heading: 'Response', blocks: ['CT after cycle 3 shows partial response; CA 19-9 falling.'] },
      { heading: 'Toxicity', blocks: ['Peripheral neuropathy grade 1, fatigue grade 2. G-CSF support from cycle 3.'] },
      { heading: 'Plan', blocks: [`Continue to cycle 6; next cycle due ${c.dw.num(addDays(c.event, 14))}.`] },
    ],
    signatures: [{ name: c.doctor, role: 'Consultant Medical Oncologist' }],
    category: 'treatment-history',
    date: c.event,
  };
};

const discharge: Builder = (c) => {
  const admitted = addDays(c.event, -(5 + Math.floor(c.r() * 8)));
  const operated = addDays(admitted, 1);
  return {
    title: choose(c.r, ['Discharge Summary', 'DISCHARGE SUMMARY', 'Inpatient Discharge Letter', 'Hospital Discharge Report']),
    department: choose(c.r, ['Department of Surgery', 'General Medicine', 'Surgical Gastroenterology']),
    fields: [...patientFields(c), [choose(c.r, ['Date of admission', 'Admitted on', 'DOA']), c.dw.any(admitted)], [choose(c.r, ['Date of discharge', 'Discharged on', 'DOD']), c.dw.clinical(c.event)], ['Consultant', c.doctor]],
    sections: [
      { heading: choose(c.r, ['Diagnosis', 'Final diagnosis']), blocks: ['Carcinoma head of pancreas, status post Whipple procedure.'] },
      { heading: choose(c.r, ['Course in hospital', 'Hospital course']), blocks: [`Admitted electively. Underwent pancreaticoduodenectomy on ${c.dw.words(operated)}. Histopathology awaited. Post-operative recovery uneventful apart from delayed gastric emptying. CT on day 5 showed no collection.`] },
      { heading: choose(c.r, ['Discharge medications', 'Medications on discharge']), blocks: [{ type: 'list', items: ['Creon 25000 with meals', 'Pantoprazole 40 mg OD', 'Paracetamol 1 g QDS PRN', 'Enoxaparin 40 mg SC OD for 28 days'] }] },
      { heading: 'Follow-up', blocks: [`Surgical clinic on ${c.dw.num(addDays(c.event, 14))} with histopathology report.`] },
    ],
    signatures: [{ name: choose(c.r, DOCTORS), role: 'Resident' }],
    category: 'discharge-summary',
    date: c.event,
  };
};

const medications: Builder = (c) => ({
  title: choose(c.r, ['Current Medication List', 'Medication List', 'Prescription', 'Repeat Prescription Record', 'Medicines Reconciliation']),
  department: choose(c.r, ['Pharmacy', 'Oncology Clinic', 'General Practice']),
  fields: [...patientFields(c), ['Date', c.dw.clinical(c.event)], ['Allergies', choose(c.r, ['Penicillin (rash)', 'No known drug allergies'])]],
  sections: [
    { blocks: [{ type: 'table', columns: ['Medicine', 'Dose', 'Route', 'Frequency', 'Indication'], rows: [['Pancrelipase (Creon)', '25,000 units', 'Oral', 'With each meal', 'Exocrine insufficiency'], ['Ondansetron', '8 mg', 'Oral', 'Twice daily as needed', 'Nausea'], ['Metformin', '500 mg', 'PO', 'BD', 'Diabetes'], ['Oxycodone MR', '10 mg', 'PO', '12-hourly', 'Pain'], ['Dexamethasone', '4 mg', 'PO', 'mane, days 2-3 of chemotherapy', 'Antiemetic']] }] },
    { heading: 'Notes', blocks: ['Chemotherapy (FOLFIRINOX) is given in the day unit and is not listed here.'] },
  ],
  signatures: [{ name: c.doctor, role: choose(c.r, ['Prescriber', 'Clinical Pharmacist', 'General Practitioner']) }],
  category: 'medication-list',
  date: c.event,
});

const letter: Builder = (c) => {
  const kind = choose(c.r, ['referral', 'clinic', 'mdt', 'opinion'] as const);
  const ct = addDays(c.event, -30);
  const bx = addDays(c.event, -18);
  const body: Record<typeof kind, ReportSection[]> = {
    referral: [{ blocks: [`Dear ${choose(c.r, DOCTORS)},`, `Thank you for seeing ${c.patient} for a second opinion. A CT scan on ${c.dw.words(ct)} showed a pancreatic head mass; EUS-guided biopsy on ${c.dw.words(bx)} confirmed adenocarcinoma (pathology report enclosed). CA 19-9 was 412 U/mL. We would value your view on resectability and neoadjuvant chemotherapy.`, 'Enclosed: imaging on CD, histopathology report, molecular report, recent blood results.', 'Yours sincerely,'] }],
    clinic: [{ heading: 'History', blocks: [`Seen in the oncology clinic today. Completed 3 cycles of mFOLFIRINOX. Restaging CT (${c.dw.words(addDays(c.event, -7))}) shows partial response.`] }, { heading: 'Examination', blocks: ['ECOG performance status 1. Abdomen soft.'] }, { heading: 'Plan', blocks: ['Continue chemotherapy; discuss surgery at tumour board.'] }],
    mdt: [{ heading: 'Discussion', blocks: [`Multidisciplinary tumour board. Imaging (CT and MRI) and pathology reviewed. Histopathology: ductal adenocarcinoma. Molecular: KRAS G12D, MSS.`] }, { heading: 'Outcome', blocks: ['Borderline resectable. Neoadjuvant chemotherapy, then restage.'] }],
    opinion: [{ blocks: ['To whom it may concern,', `${c.patient} has been under my care since ${c.dw.words(addDays(c.event, -120))} for adenocarcinoma of the pancreas, diagnosed on biopsy and staged by PET-CT. She/he has received chemotherapy and radiotherapy. This summary is provided in support of a second-opinion review.`, 'Kind regards,'] }],
  };
  const title = {
    referral: choose(c.r, ['Referral Letter', 'Letter of Referral']),
    clinic: choose(c.r, ['Oncology Clinic Letter', 'Outpatient Clinic Note', 'Consultation Note']),
    mdt: choose(c.r, ['MDT Outcome', 'Tumour Board Summary', 'Multidisciplinary Team Meeting Outcome']),
    opinion: choose(c.r, ['Medical Summary', 'Clinical Summary', 'Medical Report']),
  }[kind];
  return {
    title,
    department: choose(c.r, ['Medical Oncology', 'Department of Gastroenterology', 'Cancer Centre']),
    fields: [...patientFields(c), [choose(c.r, kind === 'clinic' ? ['Clinic date', 'Date of visit'] : ['Date', 'Dated']), c.dw.clinical(c.event)]],
    sections: body[kind],
    signatures: [{ name: c.doctor, role: 'Consultant Medical Oncologist' }],
    category: 'clinical-summary',
    date: c.event,
  };
};

const passport: Builder = (c) => {
  const expiry = { ...c.event, y: c.event.y + 10 };
  const surname = c.patient.split(' ').slice(-1)[0]?.toUpperCase() ?? 'DOE';
  const given = c.patient.split(' ')[0]?.toUpperCase() ?? 'JANE';
  const country = choose(c.r, ['UTO', 'XXA']);
  return {
    title: choose(c.r, ['PASSPORT', 'Passport / Passeport']),
    fields: [['Type', 'P'], ['Code', country], ['Passport No', `X${Math.floor(1e7 + c.r() * 8e7)}`], ['Surname', surname], ['Given names', given], ['Nationality', 'UTOPIAN'], ['Date of birth', c.dw.words(c.birth)], ['Place of birth', 'PORT ESPERANCE'], ['Date of issue', c.dw.clinical(c.event, 'words')], ['Date of expiry', c.dw.words(expiry)], ['Authority', 'MINISTRY OF FOREIGN AFFAIRS']],
    sections: [{ blocks: [`P<${country}${surname}<<${given}<<<<<<<<<<<<<<<<<<<<<<<<<<<`] }],
    category: 'identity-document',
    date: c.event,
  };
};

const consent: Builder = (c) => ({
  title: choose(c.r, ['Authorization for Release of Protected Health Information', 'Consent to Release Medical Records', 'Patient Consent Form - Second Opinion', 'Release of Information Request']),
  department: choose(c.r, ['Health Information Management', 'Medical Records Department']),
  fields: patientFields(c),
  sections: [
    { blocks: [`I hereby authorize ${c.institution} to release the following records: pathology reports and slides, imaging (CT, MRI, PET-CT) on CD, operative notes, discharge summaries and laboratory results, to the second-opinion service named below.`] },
    { blocks: ['This authorization expires one year from the date of signature. I understand I may revoke it in writing at any time.'] },
    { heading: 'Signature', blocks: [`Signature of patient: ______________   Date signed: ${c.dw.clinical(c.event)}`, 'Witness: ______________'] },
  ],
  category: 'consent-form',
  date: c.event,
});


// ------------------------------------------------- hard cases, one of each

/** A diagnostics chain's histopathology: a generic "Test Report" title, the discipline only as a section. */
const labChainHistology: Builder = (c) => ({
  title: 'TEST REPORT',
  department: 'Lab Services',
  fields: [...patientFields(c), ['Sample collected', c.dw.clinical(c.event)], ['Sample type', 'Tissue (core biopsy)'], ['Reported', c.dw.any(addDays(c.event, 5))]],
  sections: [
    { heading: 'HISTOPATHOLOGY', blocks: ['Specimen: liver core biopsy x 2.', 'Gross: two grey-white linear cores, 1.2 and 0.8 cm, all embedded.', 'Microscopy: metastatic adenocarcinoma infiltrating liver parenchyma; tumour cells CK7+, CK20-.', 'Impression: metastatic adenocarcinoma, compatible with pancreatobiliary primary.'] },
    { blocks: ['*** End of report ***  Results to be correlated clinically.'] },
  ],
  signatures: [{ name: c.doctor, role: 'MD (Pathology)' }],
  category: 'pathology-report',
  date: c.event,
  note: 'generic title, discipline only as a section heading',
});

/** A letter that is mostly about a CT: still a letter. */
const letterAboutCt: Builder = (c) => ({
  title: 'Re: CT results',
  department: 'Upper GI Oncology',
  fields: [...patientFields(c), ['Date', c.dw.clinical(c.event)]],
  sections: [{ blocks: [
    `Dear ${choose(c.r, DOCTORS)},`,
    `I reviewed ${c.patient} today to go through the CT chest, abdomen and pelvis of ${c.dw.words(addDays(c.event, -6))}. The CT shows a stable 2.9 cm pancreatic head mass, no new liver lesions and a 6 mm lung nodule, unchanged from the prior CT. The radiologist's impression is stable disease.`,
    'We agreed to continue gemcitabine and repeat the CT in three months. I enclose the CT report.',
    'Yours sincerely,',
  ] }],
  signatures: [{ name: c.doctor, role: 'Consultant Medical Oncologist' }],
  category: 'clinical-summary',
  date: c.event,
  note: 'letter dominated by CT vocabulary',
});

/** A discharge summary carrying the admission blood results as a table. */
const dischargeWithLabs: Builder = (c) => {
  const admitted = addDays(c.event, -4);
  return {
    title: 'Discharge Summary',
    department: 'Acute Medical Unit',
    fields: [...patientFields(c), ['Admission date', c.dw.any(admitted)], ['Discharge date', c.dw.clinical(c.event)]],
    sections: [
      { heading: 'Reason for admission', blocks: ['Febrile neutropenia after cycle 4 of FOLFIRINOX.'] },
      { heading: 'Investigations', blocks: [{ type: 'table', columns: ['Test', 'Result', 'Units', 'Reference range'], rows: [['WBC', '0.8 L', 'x10^9/L', '4.0 - 11.0'], ['Neutrophils', '0.2 L', 'x10^9/L', '2.0 - 7.5'], ['CRP', '145 H', 'mg/L', '< 5'], ['Creatinine', '98', 'umol/L', '45 - 84']] }] },
      { heading: 'Progress', blocks: ['Treated with IV piperacillin-tazobactam and G-CSF. Counts recovered by day 3. Blood cultures negative.'] },
      { heading: 'Medications on discharge', blocks: ['Co-amoxiclav 625 mg TDS for 5 days. Usual medications unchanged.'] },
    ],
    signatures: [{ name: c.doctor, role: 'Registrar' }],
    category: 'discharge-summary',
    date: c.event,
    note: 'discharge summary with a lab table',
  };
};

/** Informed consent for an operation: surgical vocabulary throughout. */
const surgicalConsent: Builder = (c) => ({
  title: 'Consent Form 1: Agreement to Treatment',
  department: 'Department of Surgery',
  fields: [...patientFields(c), ['Proposed procedure', 'Pancreaticoduodenectomy (Whipple procedure), open']],
  sections: [
    { heading: 'Statement of health professional', blocks: ['Intended benefits: removal of the tumour. Serious or frequently occurring risks: bleeding, infection, anastomotic leak, pancreatic fistula, delayed gastric emptying, death (2-4%). Anaesthesia: general anaesthesia with epidural.'] },
    { heading: 'Statement of patient', blocks: ['I agree to the procedure or course of treatment described on this form. I understand that any tissue removed will be sent for histopathology.', `Patient signature: ____________   Date: ${c.dw.clinical(c.event)}`] },
  ],
  signatures: [{ name: c.doctor, role: 'Consultant Surgeon' }],
  category: 'consent-form',
  date: c.event,
  note: 'consent full of operative words',
});

/** An immunohistochemistry biomarker report from a pathology department. */
const ihcBiomarker: Builder = (c) => ({
  title: 'Immunohistochemistry Report',
  department: 'Department of Pathology',
  fields: [...patientFields(c), ['Block', 'B3 (resection specimen)'], ['Date of resection', c.dw.clinical(c.event)], ['Report date', c.dw.any(addDays(c.event, 12))]],
  sections: [
    { heading: 'Markers requested', blocks: ['PD-L1 (SP263), HER2 (4B5), MLH1, PMS2, MSH2, MSH6.'] },
    { heading: 'Results', blocks: [{ type: 'table', columns: ['Marker', 'Result'], rows: [['PD-L1 (SP263)', 'TPS 5%'], ['HER2 (4B5)', 'Score 1+ (negative)'], ['MLH1 / PMS2', 'Retained'], ['MSH2 / MSH6', 'Retained']] }] },
    { heading: 'Interpretation', blocks: ['Mismatch repair proficient. PD-L1 low. HER2 negative.'] },
  ],
  signatures: [{ name: c.doctor, role: 'Consultant Pathologist' }],
  category: 'molecular-report',
  date: c.event,
  note: 'biomarker report from a pathology department, IHC only',
});

/** A restaging CT whose history section is a chemotherapy summary. */
const ctWithTreatmentHistory: Builder = (c) => ({
  title: 'CT Abdomen and Pelvis (Portal Venous Phase)',
  department: 'Radiology',
  fields: [...patientFields(c), ['Date of study', c.dw.clinical(c.event)]],
  sections: [
    { heading: 'Clinical history', blocks: ['Pancreatic adenocarcinoma. Six cycles of mFOLFIRINOX (oxaliplatin, irinotecan, leucovorin, 5-FU) completed, dose reduced for neutropenia; then SBRT 35 Gy in 5 fractions. Restaging.'] },
    { heading: 'Findings', blocks: ['The pancreatic head mass measures 2.1 cm (previously 3.2 cm). No new lesions. No ascites.'] },
    { heading: 'Impression', blocks: ['Partial response by RECIST 1.1.'] },
  ],
  signatures: [{ name: c.doctor, role: 'Radiologist' }],
  category: 'imaging-report',
  date: c.event,
  modality: 'CT',
  note: 'imaging report whose history reads like a treatment record',
});

/** A colonoscopy with biopsies: a procedure report. */
const endoscopy: Builder = (c) => ({
  title: 'Colonoscopy Report',
  department: 'Endoscopy Unit',
  fields: [...patientFields(c), ['Date of procedure', c.dw.clinical(c.event)], ['Endoscopist', c.doctor], ['Sedation', 'Midazolam 2 mg, fentanyl 50 mcg']],
  sections: [
    { heading: 'Indication', blocks: ['Iron deficiency anaemia; CEA raised.'] },
    { heading: 'Findings', blocks: ['Ulcerated, circumferential mass at 25 cm (sigmoid), partially obstructing. Biopsies taken x6. Tattoo placed distal to the lesion. Remaining colon normal to caecum.'] },
    { heading: 'Specimens', blocks: ['Sigmoid mass biopsies to histopathology.'] },
    { heading: 'Recommendations', blocks: ['CT staging; await histology; colorectal MDT.'] },
  ],
  signatures: [{ name: c.doctor, role: 'Consultant Gastroenterologist' }],
  category: 'operative-report',
  date: c.event,
  note: 'endoscopy procedure with biopsies',
});

/** A chemotherapy summary written as a letter. */
const chemoSummaryLetter: Builder = (c) => ({
  title: 'Chemotherapy Treatment Summary',
  department: 'Medical Oncology',
  fields: [...patientFields(c), ['Date', c.dw.clinical(c.event)]],
  sections: [{ blocks: [
    'Dear Colleague,',
    `${c.patient} received gemcitabine and nab-paclitaxel from ${c.dw.words(addDays(c.event, -150))}: 6 cycles, days 1, 8 and 15 every 28 days. Dose reduction of nab-paclitaxel to 100 mg/m2 from cycle 3 for neuropathy. Best response: stable disease on CT. CA 19-9 fell from 980 to 240 U/mL.`,
    'Treatment stopped after cycle 6 for fatigue (grade 2). Kind regards,',
  ] }],
  signatures: [{ name: c.doctor, role: 'Consultant Medical Oncologist' }],
  category: 'treatment-history',
  date: c.event,
  note: 'treatment summary in letter form',
});

const BUILDERS: Array<[Builder, number]> = [
  [pathology, 7], [molecular, 5], [imaging, 9], [labs, 6], [operative, 5], [radiotherapy, 4],
  [treatment, 5], [discharge, 5], [medications, 4], [letter, 7], [passport, 3], [consent, 4],
  [labChainHistology, 1], [letterAboutCt, 1], [dischargeWithLabs, 1], [surgicalConsent, 1],
  [ihcBiomarker, 1], [ctWithTreatmentHistory, 1], [endoscopy, 1], [chemoSummaryLetter, 1],
];

// ------------------------------------------------------------- assembling

/**
 * Whether the truth date can be told from the document: the rule in the
 * module comment, applied to the clinical date as written at its label.
 */
function ambiguity(date: Ymd, dw: DateWriter): [string, string] | undefined {
  if (dw.clinicalForm !== 'numeric' || date.d > 12 || date.d === date.m) return undefined;
  if (dw.numeric.some((x) => x.d > 12)) return undefined;
  return [iso(date), iso({ y: date.y, m: date.d, d: date.m })];
}

function fileName(r: () => number, index: number, category: CategoryId, reported: Ymd, truth: Ymd): { name: string; date?: string } {
  const roll = r();
  const n = pad(index + 1);
  // A download or scanner date, deliberately not the clinical date.
  let decoy = addDays(reported, 9 + Math.floor(r() * 30));
  if (decoy.m === truth.d && decoy.d === truth.m) decoy = addDays(decoy, 1);
  if (roll < 0.2) return { name: `${n}-DOC-${decoy.y}${pad(decoy.m)}${pad(decoy.d)}-WA00${pad(Math.floor(r() * 99))}.pdf`, date: iso(decoy) };
  if (roll < 0.35) return { name: `${n}-Scan_${iso(decoy)}_${pad(Math.floor(r() * 24))}${pad(Math.floor(r() * 60))}.pdf`, date: iso(decoy) };
  if (roll < 0.55) return { name: `${n}-${category.split('-')[0] ?? 'doc'}.pdf` };
  return { name: `${n}-document.pdf` };
}

/**
 * The whole set, deterministically. `count` documents spread over every
 * document category (the weights above), styles in rotation.
 */
export function buildRegressionSet(seed = 20251122): RegressionDocument[] {
  const r = seededRandom(seed);
  const styles: EvalStyle[] = ['US', 'UK', 'IN', 'EU'];
  const docs: RegressionDocument[] = [];
  let index = 0;
  for (const [builder, count] of BUILDERS) {
    for (let k = 0; k < count; k++) {
      const style = styles[(index + k) % styles.length] as EvalStyle;
      const house = HOUSES[style];
      const dw = new DateWriter(style, r);
      const event: Ymd = { y: 2023 + Math.floor(r() * 3), m: 1 + Math.floor(r() * 12), d: 1 + Math.floor(r() * 28) };
      const birth: Ymd = { y: 1945 + Math.floor(r() * 40), m: 1 + Math.floor(r() * 12), d: 1 + Math.floor(r() * 28) };
      const ctx: Ctx = {
        r, style, dw, event, birth,
        patient: `${choose(r, FIRST)} ${choose(r, LAST)}`,
        doctor: choose(r, DOCTORS),
        institution: choose(r, house.institutions),
        pid: `${house.idLabel === 'NHS No' ? '' : 'A'}${Math.floor(1e6 + r() * 8e6)}`,
      };
      const built = builder(ctx);
      const readings = ambiguity(built.date, dw);
      const file = fileName(r, index, built.category, addDays(built.date, 3), built.date);
      const spec: ReportSpec = {
        title: built.title,
        letterhead: { institution: ctx.institution, ...(built.department ? { department: built.department } : {}) },
        fields: built.fields,
        sections: built.sections,
        style: choose(r, house.style),
        pageSize: house.page,
        footer: `${ctx.institution} - confidential`,
        // Made when the report was printed or exported, days after the event: file metadata, not a clinical date.
        metadata: { creationDate: `${iso(addDays(built.date, 3 + Math.floor(r() * 20)))}T09:00:00Z` },
      };
      if (built.signatures) spec.signatures = built.signatures;
      const truth: RegressionTruth = {
        file: file.name,
        category: built.category,
        date: readings ? null : iso(built.date),
        ...(readings ? { ambiguous: readings } : {}),
        origin: style,
        decoys: { birth: iso(birth), ...(file.date ? { filename: file.date } : {}) },
      };
      if (built.modality) truth.modality = built.modality;
      if (built.note) truth.note = built.note;
      docs.push({ truth, spec });
      index++;
    }
  }
  return docs;
}
