import type { FileEntry, Series, Study } from '../model/scan.js';

type DicomFile = FileEntry & { dicom: NonNullable<FileEntry['dicom']> };

function firstDefined<T>(values: (T | undefined)[]): T | undefined {
  return values.find((value) => value !== undefined);
}

function uniqueSorted(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((value): value is string => value !== undefined && value !== ''))].sort();
}

function earliest(dates: (string | undefined)[]): string | undefined {
  return uniqueSorted(dates)[0];
}

function buildSeries(uid: string, files: DicomFile[]): Series {
  const info = files.map((file) => file.dicom);
  const series: Series = {
    seriesInstanceUid: uid,
    instances: files.length,
    transferSyntaxes: uniqueSorted(info.map((d) => d.transferSyntaxUid)),
    kinds: uniqueSorted(info.map((d) => d.kind)),
    paths: files.map((file) => file.path).sort(),
  };
  const modality = firstDefined(info.map((d) => d.modality));
  if (modality) series.modality = modality;
  const description = firstDefined(info.map((d) => d.seriesDescription));
  if (description) series.description = description;
  const seriesNumber = firstDefined(info.map((d) => d.seriesNumber));
  if (seriesNumber !== undefined) series.seriesNumber = seriesNumber;
  const date = earliest(info.map((d) => d.seriesDate)) ?? earliest(info.map((d) => d.acquisitionDate))
    ?? earliest(info.map((d) => d.contentDate)) ?? earliest(info.map((d) => d.studyDate));
  if (date) series.date = date;
  return series;
}

/** By series number where both have one, then date, then UID: the order a viewer shows. */
function compareSeries(a: Series, b: Series): number {
  if (a.seriesNumber !== undefined && b.seriesNumber !== undefined && a.seriesNumber !== b.seriesNumber) return a.seriesNumber - b.seriesNumber;
  return (a.date ?? '9999').localeCompare(b.date ?? '9999') || a.seriesInstanceUid.localeCompare(b.seriesInstanceUid);
}

function buildStudy(uid: string, files: DicomFile[], patientKeyOf: (file: FileEntry) => string | undefined): Study {
  const bySeries = new Map<string, DicomFile[]>();
  for (const file of files) {
    // Each instance belongs to its SeriesInstanceUID; one without any still counts, in a series of its own kind.
    const seriesUid = file.dicom.seriesInstanceUid ?? `${uid}.unknown-series`;
    const list = bySeries.get(seriesUid) ?? [];
    list.push(file);
    bySeries.set(seriesUid, list);
  }
  const series = [...bySeries].map(([seriesUid, list]) => buildSeries(seriesUid, list)).sort(compareSeries);
  const info = files.map((file) => file.dicom);
  const date = earliest(info.map((d) => d.studyDate)) ?? earliest(info.map((d) => d.seriesDate))
    ?? earliest(info.map((d) => d.acquisitionDate)) ?? earliest(info.map((d) => d.contentDate));
  const study: Study = {
    studyInstanceUid: uid,
    date: date ?? null,
    modalities: uniqueSorted(info.map((d) => d.modality)),
    series,
    instances: files.length,
  };
  const description = firstDefined(info.map((d) => d.studyDescription));
  if (description) study.description = description;
  const institution = firstDefined(info.map((d) => d.institution));
  if (institution) study.institution = institution;
  const patientKey = firstDefined(files.map(patientKeyOf));
  if (patientKey) study.patientKey = patientKey;
  return study;
}

/**
 * DICOM instances into series by SeriesInstanceUID and series into studies by
 * StudyInstanceUID: never by SeriesNumber or folder, which repeat across
 * studies and CDs. Duplicate copies are left out so counts are of images.
 */
export function groupStudies(files: FileEntry[], patientKeyOf: (file: FileEntry) => string | undefined): Study[] {
  const byStudy = new Map<string, DicomFile[]>();
  for (const file of files) {
    if (file.family !== 'dicom' || !file.dicom || file.duplicateOf !== undefined) continue;
    const studyUid = file.dicom.studyInstanceUid;
    if (!studyUid) continue;
    const list = byStudy.get(studyUid) ?? [];
    list.push(file as DicomFile);
    byStudy.set(studyUid, list);
  }
  return [...byStudy]
    .map(([uid, list]) => buildStudy(uid, list, patientKeyOf))
    .sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999') || a.studyInstanceUid.localeCompare(b.studyInstanceUid));
}
