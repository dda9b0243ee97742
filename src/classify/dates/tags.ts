import type { ClinicalDate, DicomInfo, SlideInfo } from '../../model/scan.js';

/**
 * Dates that devices store in dedicated fields: a DICOM object's study date
 * (issue 3: StudyDate, then SeriesDate, AcquisitionDate, ContentDate) and a
 * slide scanner's scan date. The probes already turned them into ISO dates.
 */
const DICOM_ORDER = [
  ['studyDate', 'study-date'],
  ['seriesDate', 'series-date'],
  ['acquisitionDate', 'acquisition-date'],
  ['contentDate', 'content-date'],
] as const;

/** Placeholder dates some modalities write when the clock was never set. */
const PLACEHOLDERS = new Set(['1900-01-01', '1970-01-01']);

function usable(iso: string | undefined, today: Date): iso is string {
  return iso !== undefined && !PLACEHOLDERS.has(iso) && iso >= '1900-01-01' && iso <= localIsoDate(today);
}

export function dicomClinicalDate(dicom: Pick<DicomInfo, 'studyDate' | 'seriesDate' | 'acquisitionDate' | 'contentDate'>, today: Date): ClinicalDate | null {
  for (const [field, kind] of DICOM_ORDER) {
    const iso = dicom[field];
    if (usable(iso, today)) {
      // A later tag standing in for StudyDate is still the device's record, only slightly less direct.
      const confidence = field === 'studyDate' ? 0.98 : 0.9;
      return { date: iso, source: 'dicom-tag', confidence, kind, evidence: `DICOM ${kind.replace('-', ' ')}` };
    }
  }
  return null;
}

/** A slide's scan date is when the glass was digitised, usually days after the biopsy: a fallback only. */
export function slideClinicalDate(slide: Pick<SlideInfo, 'scanDate' | 'scanDateRaw'>, today: Date): ClinicalDate | null {
  if (!usable(slide.scanDate, today)) return null;
  return { date: slide.scanDate, source: 'vendor-metadata', confidence: 0.5, kind: 'slide-scan', evidence: slide.scanDateRaw ? `scanner date ${slide.scanDateRaw}`.slice(0, 60) : 'scanner date' };
}

/** Today as the calendar shows it here (what date-fns `format(today, 'yyyy-MM-dd')` gives), without loading date-fns for a DICOM or slide date. */
function localIsoDate(day: Date): string {
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  return `${pad(day.getFullYear(), 4)}-${pad(day.getMonth() + 1, 2)}-${pad(day.getDate(), 2)}`;
}
