import type { DicomInfo } from '../../model/scan.js';

/**
 * One copy of each header string the files of a CD repeat (UIDs of the study and series, dates, modality,
 * institution…): every value is decoded into a new string, and a 20,000-slice CD would otherwise keep
 * 20,000 copies of each (issue 15, memory flat in the number of files). Bounded, so a case of all-different
 * values stops adding after the cap instead of growing the table.
 */
const INTERNED_MAX = 50_000;
const interned = new Map<string, string>();
export function intern<T>(value: T): T {
  if (typeof value !== 'string') return value;
  const known = interned.get(value);
  if (known !== undefined) return known as T;
  if (interned.size < INTERNED_MAX) interned.set(value, value);
  return value;
}

/**
 * The same sharing for a header probed on the helper thread: a message arrives with new copies of
 * every string. Assigned in place, field by field, so the object keeps its shape and field order.
 */
export function internDicomInfo(info: DicomInfo): void {
  if (info.sopClassUid !== undefined) info.sopClassUid = intern(info.sopClassUid);
  if (info.sopClassName !== undefined) info.sopClassName = intern(info.sopClassName);
  if (info.studyInstanceUid !== undefined) info.studyInstanceUid = intern(info.studyInstanceUid);
  if (info.seriesInstanceUid !== undefined) info.seriesInstanceUid = intern(info.seriesInstanceUid);
  if (info.modality !== undefined) info.modality = intern(info.modality);
  if (info.studyDate !== undefined) info.studyDate = intern(info.studyDate);
  if (info.seriesDate !== undefined) info.seriesDate = intern(info.seriesDate);
  if (info.acquisitionDate !== undefined) info.acquisitionDate = intern(info.acquisitionDate);
  if (info.contentDate !== undefined) info.contentDate = intern(info.contentDate);
  if (info.studyDescription !== undefined) info.studyDescription = intern(info.studyDescription);
  if (info.seriesDescription !== undefined) info.seriesDescription = intern(info.seriesDescription);
  if (info.bodyPart !== undefined) info.bodyPart = intern(info.bodyPart);
  if (info.patientName !== undefined) info.patientName = intern(info.patientName);
  if (info.patientId !== undefined) info.patientId = intern(info.patientId);
  if (info.issuerOfPatientId !== undefined) info.issuerOfPatientId = intern(info.issuerOfPatientId);
  if (info.patientBirthDate !== undefined) info.patientBirthDate = intern(info.patientBirthDate);
  if (info.institution !== undefined) info.institution = intern(info.institution);
  if (info.manufacturer !== undefined) info.manufacturer = intern(info.manufacturer);
  if (info.transferSyntaxUid !== undefined) info.transferSyntaxUid = intern(info.transferSyntaxUid);
  if (info.imageType !== undefined) info.imageType = intern(info.imageType);
}
