import type { CategoryId } from '../model/categories.js';
import { belongsToAnotherPerson, isFileDate, readableTextOf, type FileEntry, type ResultKind, type ScanResult, type Study } from '../model/scan.js';

/**
 * One piece of evidence a checklist counts: a document, or a whole DICOM study
 * (200 CT slices are one scan, not 200). Built once per check from the scan.
 */
export interface EvidenceUnit {
  /** Case-relative path, or the StudyInstanceUID for a DICOM study. */
  key: string;
  kind: 'file' | 'study';
  category: CategoryId;
  /** Canonical modalities (CT, MR, PT, US…); empty when unknown. */
  modalities: string[];
  /** Latest clinical date (ISO) or null when unknown or ambiguous. */
  date: string | null;
  /** Earliest date when the document holds a series of values (labs). */
  start?: string;
  /** Both readings of a date that could be day-first or month-first (`date` is then null). */
  ambiguous?: string[];
  /** True when every file of the unit is a DICOM object. */
  dicom: boolean;
  paths: string[];
  /** Searchable text: the document's extracted text, title and file name (never printed). */
  text: string;
  /** Short human label: the file name, or "CT study — CHEST (120 files)". */
  label: string;
  /** ISO 639-1 code of the document's language when it was told (`und` left out); studies have none. */
  language?: string;
  /** `summary`: a letter or note that quotes results rather than the department's own report (classification.source). */
  source?: 'primary' | 'summary';
  /** For a summary: the kinds of result it quotes. */
  mentions?: ResultKind[];
  /**
   * Set on a report of another category counted for the result it reports in a section of its own (a pathology
   * report's MMR immunohistochemistry for the molecular item); `text` is then that section only.
   */
  hostedBy?: CategoryId;
}

const MODALITY_ALIASES: Record<string, string[]> = {
  PET: ['PT'], PT: ['PT'], PETCT: ['PT', 'CT'], PETMR: ['PT', 'MR'], PETMRI: ['PT', 'MR'],
  MRI: ['MR'], MR: ['MR'], CT: ['CT'], CAT: ['CT'], US: ['US'], ULTRASOUND: ['US'],
  MG: ['MG'], MAMMOGRAPHY: ['MG'], XRAY: ['CR'], CR: ['CR'], DX: ['DX'], NM: ['NM'], EUS: ['EUS', 'US'],
};

/** DICOM modalities of documents rather than images. */
const DOCUMENT_MODALITIES = new Set(['SR', 'DOC', 'KO', 'PR']);

/** "PET-CT" → [PT, CT]; "MRI" → [MR]; unknown names are kept upper-case. */
export function canonicalModalities(value: string | undefined): string[] {
  if (!value) return [];
  const out = new Set<string>();
  for (const part of value.split(/[\\,/;]+/)) {
    const key = part.toUpperCase().replace(/[^A-Z0-9]/g, '');
    if (!key) continue;
    for (const m of MODALITY_ALIASES[key] ?? [key]) out.add(m);
  }
  return [...out];
}

function documentText(file: FileEntry): string {
  const parts = [file.path.split('/').pop() ?? '', file.classification?.title ?? '', readableTextOf(file) ?? '',
    file.dicom?.studyDescription ?? '', file.dicom?.seriesDescription ?? ''];
  return parts.join('\n');
}

function studyLabel(study: Study | undefined, modalities: string[], files: number): string {
  const what = modalities.length ? modalities.join('/') : 'DICOM';
  const description = study?.description ? ` — ${study.description}` : '';
  return `${what} study${description} (${files} file${files === 1 ? '' : 's'})`;
}

/** Every usable document and study of the case, with its category, date and form. */
export function collectEvidence(scan: ScanResult): EvidenceUnit[] {
  const studies = new Map(scan.dicom.studies.map((s) => [s.studyInstanceUid, s]));
  const units: EvidenceUnit[] = [];
  const studyUnits = new Map<string, EvidenceUnit>();
  const seriesSeen = new Set<string>();
  for (const file of scan.files) {
    // Copies are packed once, excluded files and another person's are left out: none counts (nor is asked for).
    if (file.duplicateOf || file.otherEncodingOf || file.classification?.excluded || belongsToAnotherPerson(file)) continue;
    const studyUid = file.dicom?.studyInstanceUid;
    const study = studyUid ? studies.get(studyUid) : undefined;
    const classification = file.classification ?? study?.classification;
    if (!classification) continue;
    const category = classification.category;
    let modalities = canonicalModalities(classification.modality ?? file.dicom?.modality ?? study?.classification?.modality);
    // A report stored inside a study (SR, encapsulated PDF) is about that study's scans, whatever
    // modality its own text suggests (a PET report may call itself "nuclear medicine").
    if (study && file.dicom?.kind !== 'image') {
      const imaging = study.modalities.flatMap((m) => canonicalModalities(m)).filter((m) => !DOCUMENT_MODALITIES.has(m));
      modalities = [...new Set([...modalities.filter((m) => !DOCUMENT_MODALITIES.has(m)), ...imaging])];
    }
    // A file's timestamp or name is no clinical date: it neither makes a document recent nor reaches a request letter.
    const dateInfo = isFileDate(classification.date) ? null : classification.date ?? null;
    const date = dateInfo?.date ?? (studyUid ? study?.date ?? file.dicom?.studyDate ?? null : null);
    const isDicom = file.family === 'dicom';
    if (studyUid && isDicom) {
      // One unit per study and category: a CT study and the SR report stored with it count separately.
      const key = `${studyUid}|${category}`;
      const existing = studyUnits.get(key);
      if (existing) {
        existing.paths.push(file.path);
        for (const m of modalities) if (!existing.modalities.includes(m)) existing.modalities.push(m);
        if (date && (!existing.date || date > existing.date)) existing.date = date;
        // Image slices repeat their series' descriptions: read text once per series, and from every non-image object (SR).
        const seriesKey = `${key}|${file.dicom?.seriesInstanceUid ?? ''}`;
        if ((file.dicom?.kind !== 'image' || !seriesSeen.has(seriesKey)) && existing.text.length < 20_000) existing.text += '\n' + documentText(file);
        seriesSeen.add(seriesKey);
        continue;
      }
      const unit: EvidenceUnit = { key: studyUid, kind: 'study', category, modalities: [...modalities], date, dicom: true, paths: [file.path], text: documentText(file), label: '' };
      seriesSeen.add(`${key}|${file.dicom?.seriesInstanceUid ?? ''}`);
      studyUnits.set(key, unit);
      units.push(unit);
      continue;
    }
    const unit: EvidenceUnit = { key: file.path, kind: 'file', category, modalities, date, dicom: isDicom, paths: [file.path], text: documentText(file), label: file.path };
    if (dateInfo?.start && dateInfo.start !== date) unit.start = dateInfo.start;
    if (!date && dateInfo?.ambiguous?.length) unit.ambiguous = [...dateInfo.ambiguous];
    const language = file.classification?.language?.code;
    if (language && language !== 'und') unit.language = language;
    const source = file.classification?.source;
    if (source) unit.source = source.kind;
    if (source?.mentions?.length) unit.mentions = [...source.mentions];
    units.push(unit);
  }
  for (const unit of studyUnits.values()) unit.label = studyLabel(studies.get(unit.key), unit.modalities, unit.paths.length);
  return units;
}

/** Whole-word, case-insensitive match of any term; spaces in a term match any whitespace. */
export function mentionsAny(text: string, terms: readonly string[]): boolean {
  return terms.some((term) => {
    const pattern = term.trim().split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s*');
    return new RegExp(`(?<![A-Za-z0-9])${pattern}(?![A-Za-z0-9])`, 'i').test(text);
  });
}
