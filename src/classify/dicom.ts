import type { CategoryId } from '../model/categories.js';
import type { ClinicalDate, DicomInfo, Reason, Study } from '../model/scan.js';

/**
 * DICOM objects are classified by what they are (SOP class, summarised as
 * `dicom.kind` by the probe) and their Modality tag, not by guessing: the
 * header says it. Data, one row per kind.
 */
const KIND_CATEGORY: Record<DicomInfo['kind'], { category: CategoryId; why: string }> = {
  'image': { category: 'imaging', why: 'DICOM image' },
  'secondary-capture': { category: 'imaging', why: 'DICOM secondary capture (screen capture stored as DICOM)' },
  'structured-report': { category: 'imaging-report', why: 'DICOM Structured Report' },
  'encapsulated-pdf': { category: 'imaging-report', why: 'DICOM encapsulated PDF (classified by its text when readable)' },
  'rt-plan': { category: 'radiotherapy-record', why: 'DICOM RT Plan' },
  'rt-struct': { category: 'radiotherapy-record', why: 'DICOM RT Structure Set' },
  'rt-dose': { category: 'radiotherapy-record', why: 'DICOM RT Dose' },
  'rt-other': { category: 'radiotherapy-record', why: 'DICOM radiotherapy object' },
  'slide-microscopy': { category: 'pathology-slides', why: 'DICOM whole-slide microscopy (SM)' },
  'presentation-state': { category: 'other', why: 'DICOM presentation state (display settings, no image of its own)' },
  'segmentation': { category: 'other', why: 'DICOM segmentation (an overlay on other images)' },
  'waveform': { category: 'other', why: 'DICOM waveform (ECG or similar), not imaging' },
  'other': { category: 'other', why: 'DICOM object of a kind casepack does not sort' },
};

/** Modalities that are not pictures of the patient and say nothing about the study's modality. */
const NON_IMAGE_MODALITIES = new Set(['SR', 'PR', 'KO', 'SEG', 'REG', 'RTSTRUCT', 'RTPLAN', 'RTDOSE', 'RTRECORD', 'DOC', 'OT', 'ECG', 'FID']);

/**
 * Verdicts and dates of DICOM files, one object per distinct header value: every slice of a series gets the
 * same reason and date, and a 20,000-file CD kept 20,000 copies of each (issue 15, memory flat in the number
 * of files). Shared, so never written: classification replaces a reason list or a date, never edits one.
 * Bounded, so a case of all-different headers stops adding after the cap instead of growing the tables.
 */
const SHARED_MAX = 10_000;
let sharedCount = 0;
function shared<K, V>(table: Map<K, V>, key: K, make: () => V): V {
  const known = table.get(key);
  if (known !== undefined) return known;
  const made = make();
  if (sharedCount < SHARED_MAX) { table.set(key, made); sharedCount++; }
  return made;
}

type DicomVerdict = { category: CategoryId; reason: Reason; reasons: readonly Reason[] };
/** kind, then SOP class name, then modality. */
const verdicts = new Map<DicomInfo['kind'], Map<string | undefined, Map<string | undefined, DicomVerdict>>>();

/** The category of a DICOM object from its kind, with its reason (also as a one-reason list). Shared: do not write to them. */
export function dicomCategory(info: DicomInfo): DicomVerdict {
  const byClass = shared(verdicts, info.kind, () => new Map<string | undefined, Map<string | undefined, DicomVerdict>>());
  const byModality = shared(byClass, info.sopClassName, () => new Map<string | undefined, DicomVerdict>());
  return shared(byModality, info.modality, () => {
    const row = KIND_CATEGORY[info.kind];
    const reason: Reason = { rule: `dicom.kind.${info.kind}`, category: row.category, weight: 1, matched: [row.why, ...(info.sopClassName ? [info.sopClassName] : []), ...(info.modality ? [`Modality ${info.modality}`] : [])] };
    return { category: row.category, reason, reasons: [reason] };
  });
}

/**
 * A study's modality: PET with CT in the same study is `PET_CT` (how the
 * receiving team names it: PET_CT_2025-10-05); otherwise the first image
 * modality. Report-only modalities (SR, PR, KO…) do not count.
 */
export function studyModality(modalities: readonly string[]): string | undefined {
  const imaging = modalities.filter((m) => !NON_IMAGE_MODALITIES.has(m));
  if (imaging.includes('PT') && imaging.includes('CT')) return 'PET_CT';
  return imaging.find((m) => m === 'PT') ?? imaging[0];
}

const DATE_TAGS: ReadonlyArray<readonly [keyof DicomInfo, string]> = [['studyDate', 'StudyDate'], ['seriesDate', 'SeriesDate'], ['acquisitionDate', 'AcquisitionDate'], ['contentDate', 'ContentDate']];
/** By tag, then date. */
const dates = new Map<keyof DicomInfo, Map<string, ClinicalDate>>();

/** StudyDate, then SeriesDate, AcquisitionDate, ContentDate: the exam date, from the header. Shared: do not write to it. */
export function dicomDate(info: DicomInfo): ClinicalDate | null {
  for (const [key, tag] of DATE_TAGS) {
    const value = info[key];
    if (typeof value !== 'string') continue;
    const byDate = shared(dates, key, () => new Map<string, ClinicalDate>());
    return shared(byDate, value, (): ClinicalDate => ({ date: value, source: 'dicom-tag', confidence: key === 'studyDate' ? 0.99 : 0.9, kind: 'exam', evidence: tag }));
  }
  return null;
}

/** The category of a whole study from the kinds of object it holds. */
export function studyCategory(study: Study): { category: CategoryId; why: string } {
  const kinds = new Set(study.series.flatMap((s) => s.kinds));
  if (kinds.has('image') || kinds.has('secondary-capture')) return { category: 'imaging', why: 'study holds image series' };
  if (kinds.has('slide-microscopy')) return { category: 'pathology-slides', why: 'study holds whole-slide microscopy' };
  if ([...kinds].some((k) => k.startsWith('rt-'))) return { category: 'radiotherapy-record', why: 'study holds radiotherapy objects' };
  if (kinds.has('structured-report') || kinds.has('encapsulated-pdf')) return { category: 'imaging-report', why: 'study holds only reports' };
  return { category: 'other', why: 'study holds no images or reports' };
}
