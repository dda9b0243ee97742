import type { CategoryId } from '../../src/model/categories.js';
import type { ReportSpec } from './report-pdf.js';

/**
 * One small report per language casepack classifies outside English, for the
 * tests: invented patients, written for casepack (issue 11), not taken from
 * any source. Each carries its birth date as a decoy beside the clinical date.
 * Distinct from the evaluation set (fixtures/eval-languages), which the tests
 * never read.
 */
export interface ForeignReport {
  language: string;
  languageName: string;
  file: string;
  category: CategoryId;
  date: string;
  spec: ReportSpec;
}

export const FOREIGN_REPORTS: readonly ForeignReport[] = [
  {
    language: 'zh', languageName: 'Chinese', file: 'bingli.pdf', category: 'pathology-report', date: '2025-06-03',
    spec: {
      title: '病理诊断报告', unicode: true,
      letterhead: { institution: '浙江大学医学院附属第一医院', department: '病理科' },
      fields: [['姓名', '黄志强'], ['出生日期', '1961年2月9日'], ['病理号', 'B25-11873'], ['取材日期', '2025年6月3日'], ['报告日期', '2025年6月6日']],
      sections: [
        { heading: '大体所见', blocks: ['胃镜活检组织4块，灰白色，直径0.2至0.4厘米，全部取材。'] },
        { heading: '镜下所见', blocks: ['胃黏膜内见异型腺体浸润性生长，细胞核大深染，可见病理性核分裂。'] },
        { heading: '病理诊断', blocks: ['（胃窦）低分化腺癌。免疫组化：HER2（1+），Ki-67约60%。'] },
      ],
      signatures: [{ name: '诊断医师：吴静' }],
    },
  },
  {
    language: 'es', languageName: 'Spanish', file: 'resumen.pdf', category: 'clinical-summary', date: '2025-11-04',
    spec: {
      title: 'Informe clínico', unicode: true,
      letterhead: { institution: 'Hospital Universitario Virgen del Rocío', department: 'Servicio de Oncología Médica', lines: ['Avda. Manuel Siurot s/n, 41013 Sevilla'] },
      fields: [['Paciente', 'Lucía Romero Castillo'], ['Fecha de nacimiento', '30/06/1970'], ['Fecha de consulta', '04/11/2025']],
      sections: [
        { heading: 'Enfermedad actual', blocks: ['Paciente de 55 años con adenocarcinoma de páncreas localmente avanzado, diagnosticado en mayo de 2025, en tratamiento con gemcitabina y nab-paclitaxel desde junio.'] },
        { heading: 'Exploración física', blocks: ['Buen estado general, ECOG 1. Abdomen blando, no doloroso.'] },
        { heading: 'Juicio clínico', blocks: ['Enfermedad estable tras seis ciclos. Se solicita segunda opinión sobre la posibilidad de resección.'] },
      ],
      signatures: [{ name: 'Dra. Isabel Moreno', role: 'Oncología Médica' }],
    },
  },
  {
    language: 'fr', languageName: 'French', file: 'sortie.pdf', category: 'discharge-summary', date: '2025-03-21',
    spec: {
      title: "Compte rendu d'hospitalisation", unicode: true,
      letterhead: { institution: 'Hôpital de la Croix-Rousse', department: "Service d'hépato-gastro-entérologie", lines: ['103 grande rue de la Croix-Rousse, 69004 Lyon'] },
      fields: [['Patiente', 'Mme Nathalie Girard'], ['Née le', '17/10/1959'], ["Date d'entrée", '14/03/2025'], ['Date de sortie', '21/03/2025']],
      sections: [
        { heading: "Motif d'hospitalisation", blocks: ['Ictère obstructif révélant une masse de la tête du pancréas.'] },
        { heading: 'Évolution', blocks: ['Pose d\u2019une prothèse biliaire par voie endoscopique le 16/03/2025, avec normalisation progressive de la bilirubine. Biopsies sous écho-endoscopie réalisées au cours de la même procédure.'] },
        { heading: 'Traitement de sortie', blocks: ['Paracétamol 1 g trois fois par jour si douleur. Consultation d\u2019oncologie prévue.'] },
      ],
      signatures: [{ name: 'Dr Antoine Lambert' }],
    },
  },
  {
    language: 'de', languageName: 'German', file: 'labor.pdf', category: 'lab-results', date: '2025-10-13',
    spec: {
      title: 'Laborbefund', unicode: true,
      letterhead: { institution: 'Universitätsklinikum Freiburg', department: 'Institut für Klinische Chemie und Laboratoriumsmedizin' },
      fields: [['Patient', 'Herr Stefan Krüger'], ['Geburtsdatum', '02.08.1962'], ['Entnahmedatum', '13.10.2025'], ['Befunddatum', '14.10.2025']],
      sections: [
        { blocks: [{ type: 'table', columns: ['Parameter', 'Ergebnis', 'Einheit', 'Referenzbereich'], rows: [
          ['Hämoglobin', '12,1', 'g/dl', '13,5 - 17,5'], ['Leukozyten', '4,9', '/nl', '3,9 - 10,2'], ['Thrombozyten', '198', '/nl', '146 - 328'],
          ['Kreatinin', '0,8', 'mg/dl', '0,7 - 1,2'], ['CA 19-9', '145', 'U/ml', '< 37'],
        ] }] },
      ],
    },
  },
  {
    language: 'ar', languageName: 'Arabic', file: 'amaliya.txt', category: 'operative-report', date: '2025-05-12',
    spec: {
      title: 'تقرير العملية الجراحية', unicode: true,
      letterhead: { institution: 'مستشفى الملك خالد الجامعي', department: 'قسم الجراحة العامة' },
      fields: [['اسم المريض', 'عبدالله سالم الشمري'], ['تاريخ الميلاد', '٠٩/٠١/١٩٦٣'], ['تاريخ العملية', '١٢/٠٥/٢٠٢٥']],
      sections: [
        { heading: 'التشخيص قبل العملية', blocks: ['ورم في رأس البنكرياس.'] },
        { heading: 'خطوات العملية', blocks: ['تحت التخدير العام تم إجراء فتح البطن واستئصال رأس البنكرياس والاثني عشر مع إعادة التوصيل.'] },
      ],
      signatures: [{ name: 'الجراح: د. فيصل العمري' }],
    },
  },
  {
    language: 'hi', languageName: 'Hindi', file: 'scan.pdf', category: 'imaging-report', date: '2025-08-22',
    spec: {
      title: 'सीटी स्कैन रिपोर्ट', unicode: true,
      letterhead: { institution: 'संजय गांधी स्नातकोत्तर आयुर्विज्ञान संस्थान, लखनऊ', department: 'रेडियोलॉजी विभाग' },
      fields: [['रोगी का नाम', 'श्रीमती कविता मिश्रा'], ['जन्म तिथि', '11/12/1967'], ['जांच की तिथि', '22 अगस्त 2025']],
      sections: [
        { heading: 'तकनीक', blocks: ['पेट और श्रोणि का कंट्रास्ट के साथ सीटी स्कैन किया गया।'] },
        { heading: 'निष्कर्ष', blocks: ['अग्न्याशय के सिर में 2.8 सेमी की गांठ, यकृत में कोई गांठ नहीं।'] },
      ],
      signatures: [{ name: 'डॉ. आलोक त्रिपाठी, रेडियोलॉजिस्ट' }],
    },
  },
];

/** An English report from a hospital abroad: Spanish letterhead and address, English body. Never DOCUMENT_NOT_ENGLISH. */
export const ENGLISH_WITH_SPANISH_LETTERHEAD: ReportSpec = {
  title: 'Surgical Pathology Report', unicode: true,
  letterhead: { institution: 'Hospital Universitario Quirónsalud Madrid', department: 'Servicio de Anatomía Patológica', lines: ['Calle Diego de Velázquez 1, 28223 Pozuelo de Alarcón, Madrid', 'Teléfono de atención al paciente: 91 452 19 00'] },
  fields: [['Patient', 'Laura Jiménez'], ['Date of birth', '05/05/1966'], ['Date of procedure', '19/09/2025']],
  sections: [
    { heading: 'Clinical information', blocks: ['Mass in the head of the pancreas. Endoscopic ultrasound guided biopsy was performed and the specimen was sent for histology.'] },
    { heading: 'Microscopic description', blocks: ['Sections show infiltrating atypical glands within a desmoplastic stroma, with marked nuclear atypia and perineural invasion. There is no evidence of lymphovascular invasion in this material.'] },
    { heading: 'Final diagnosis', blocks: ['Pancreas, head, biopsy: invasive ductal adenocarcinoma, moderately differentiated.'] },
  ],
  signatures: [{ name: 'Dr. Elena Vidal', role: 'Consultant pathologist' }],
};
