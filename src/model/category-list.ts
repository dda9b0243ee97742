// The categories as data, apart from their zod schema (categories.ts), so the text reports can name
// them without loading zod: a scan's start-up is mostly module loading.

/**
 * The taxonomy a second-opinion team thinks in. Data, not code: the packet
 * name stem, the display name and the reading order of the packet come from here.
 */
export const CATEGORY_IDS = [
  'clinical-summary',
  'pathology-report',
  'pathology-slides',
  'molecular-report',
  'imaging',
  'imaging-report',
  'imaging-export',
  'lab-results',
  'operative-report',
  'radiotherapy-record',
  'treatment-history',
  'discharge-summary',
  'medication-list',
  'identity-document',
  'consent-form',
  'other',
] as const;

export type CategoryId = (typeof CATEGORY_IDS)[number];

export interface CategoryDefinition {
  id: CategoryId;
  displayName: string;
  /** File name stem in the packet: `Pathology_2025-09-12.pdf`. */
  stem: string;
  description: string;
}

/** In packet reading order. */
export const CATEGORIES: readonly CategoryDefinition[] = [
  { id: 'clinical-summary', displayName: 'Clinical summary / referral', stem: 'Clinical_Summary', description: 'Referral letter, treating doctor\'s summary or opinion, clinic notes.' },
  { id: 'pathology-report', displayName: 'Pathology report', stem: 'Pathology', description: 'Histopathology or cytology report of a biopsy or resection.' },
  { id: 'molecular-report', displayName: 'Molecular / biomarker report', stem: 'Molecular', description: 'NGS, IHC panels, FISH, MSI/MMR, PD-L1, germline testing.' },
  { id: 'imaging-report', displayName: 'Imaging report', stem: 'Imaging_Report', description: 'Radiology or nuclear-medicine report text (including DICOM SR and encapsulated-PDF reports).' },
  { id: 'lab-results', displayName: 'Laboratory results', stem: 'Labs', description: 'Blood counts, chemistry, tumour markers.' },
  { id: 'operative-report', displayName: 'Operative / procedure report', stem: 'Operative_Report', description: 'Surgery, procedure or biopsy notes.' },
  { id: 'treatment-history', displayName: 'Treatment history', stem: 'Treatment_History', description: 'Chemotherapy / systemic therapy records and summaries.' },
  { id: 'radiotherapy-record', displayName: 'Radiotherapy record', stem: 'Radiotherapy', description: 'Radiotherapy plans and summaries, DICOM RT Plan / Structure Set / Dose.' },
  { id: 'discharge-summary', displayName: 'Discharge summary', stem: 'Discharge_Summary', description: 'Hospital discharge summary.' },
  { id: 'medication-list', displayName: 'Medication list', stem: 'Medications', description: 'Current medicines and supplements.' },
  { id: 'imaging', displayName: 'Imaging (DICOM)', stem: 'Imaging', description: 'DICOM image series.' },
  { id: 'imaging-export', displayName: 'Imaging pictures (not DICOM)', stem: 'Imaging_Pictures', description: 'JPEG/PNG screenshots or photos of scans; not diagnostic quality.' },
  { id: 'pathology-slides', displayName: 'Pathology slide scans', stem: 'Slides', description: 'Whole-slide scans (SVS, NDPI, tiled TIFF, DICOM WSI).' },
  { id: 'identity-document', displayName: 'Identity document', stem: 'Passport', description: 'Passport or ID copy.' },
  { id: 'consent-form', displayName: 'Consent / release form', stem: 'Consent', description: 'Release-of-information and consent forms.' },
  { id: 'other', displayName: 'Other', stem: 'Other', description: 'Anything not recognised.' },
];

const byId = new Map(CATEGORIES.map((c) => [c.id, c]));

export function categoryDefinition(id: CategoryId): CategoryDefinition {
  const def = byId.get(id);
  if (!def) throw new Error(`unknown category ${id}`);
  return def;
}
