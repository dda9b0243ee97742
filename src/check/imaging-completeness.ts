import { finding } from '../findings/codes.js';
import type { Finding } from '../model/finding.js';
import type { ScanResult } from '../model/scan.js';
import type { EvidenceUnit } from './evidence.js';
import { formatDateLong } from './wording.js';

/**
 * A radiology report is not the scan: for each imaging report the reviewer needs
 * the DICOM study it describes (same modality, within two days), with all its
 * series. A report with no study, and a study of only a few images or only
 * secondary captures (screenshots saved as DICOM), are flagged. JPEG/PNG exports
 * are never the study (they are `imaging-export`, not DICOM `imaging`).
 */

/** A report and its study may be dated a day or two apart (scan in the evening, report the next working day). */
export const REPORT_STUDY_DAYS = 2;
/** Cross-sectional scans fewer than this many images are a few key images, not the study. */
export const MIN_CROSS_SECTIONAL_IMAGES = 20;
const CROSS_SECTIONAL = new Set(['CT', 'MR', 'PT']);
const NON_IMAGE = new Set(['SR', 'DOC', 'KO', 'PR', 'OT', 'SEG', 'REG']);

function daysApart(a: string, b: string): number {
  return Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86_400_000;
}

function imageModalities(unit: EvidenceUnit): string[] {
  return unit.modalities.filter((m) => !NON_IMAGE.has(m));
}

/** "CT", "PET-CT", "MRI": the words on the report. */
function modalityWords(modalities: readonly string[]): string {
  const set = new Set(modalities);
  if (set.has('PT') && set.has('CT')) return 'PET-CT';
  return [...set].map((m) => (m === 'PT' ? 'PET' : m === 'MR' ? 'MRI' : m)).join('/');
}

function sameModality(report: EvidenceUnit, study: EvidenceUnit): boolean {
  const wanted = imageModalities(report);
  const have = imageModalities(study);
  return wanted.length === 0 || have.length === 0 || wanted.some((m) => have.includes(m));
}

interface StudyContents { images: number; secondaryCaptures: number }

/** Images per study (a multi-frame object counts its frames), and secondary captures apart. */
function contentsByStudy(scan: ScanResult): Map<string, StudyContents> {
  const out = new Map<string, StudyContents>();
  for (const file of scan.files) {
    const uid = file.dicom?.studyInstanceUid;
    if (!uid || file.duplicateOf || file.otherEncodingOf) continue;
    const entry = out.get(uid) ?? { images: 0, secondaryCaptures: 0 };
    if (file.dicom?.kind === 'image') entry.images += Math.max(1, file.dicom.numberOfFrames ?? 1);
    else if (file.dicom?.kind === 'secondary-capture') entry.secondaryCaptures++;
    out.set(uid, entry);
  }
  return out;
}

function missingStudy(report: EvidenceUnit, date: string): Finding {
  const what = modalityWords(imageModalities(report));
  const scan = what ? `${what} scan` : 'scan';
  return finding('IMAGING_STUDY_MISSING', report.paths, {
    message: `The ${what ? `${what} ` : ''}report of ${formatDateLong(date)} has no DICOM images in the case.`,
    hint: `Ask Radiology for the DICOM files of the ${scan} of ${formatDateLong(date)}, all series, on a CD/DVD or through the image-sharing portal. Pictures (JPEG/PNG) of it do not count.`,
    details: { date, ...(what ? { modality: what } : {}) },
  });
}

function partialStudy(study: EvidenceUnit, contents: StudyContents, others: readonly EvidenceUnit[]): Finding | undefined {
  const modalities = imageModalities(study);
  const onlyCaptures = contents.images === 0 && contents.secondaryCaptures > 0;
  const few = modalities.some((m) => CROSS_SECTIONAL.has(m)) && contents.images > 0 && contents.images < MIN_CROSS_SECTIONAL_IMAGES;
  if (!onlyCaptures && !few) return undefined;
  const what = `${modalityWords(modalities) || 'DICOM'} scan${study.date ? ` of ${formatDateLong(study.date)}` : ''}`;
  const why = onlyCaptures
    ? `holds only secondary captures (${contents.secondaryCaptures}): pictures of the screen saved as DICOM, not the scan itself`
    : `has only ${contents.images} image${contents.images === 1 ? '' : 's'}: a few key images, not the whole study`;
  return finding('IMAGING_STUDY_PARTIAL', studyPlace(study, others), {
    message: `The ${what} ${why}.`,
    hint: `Ask Radiology for the complete DICOM study of the ${what}, with all its series (not key images or screenshots), on a CD/DVD or through the image-sharing portal.`,
    details: { images: contents.images, secondaryCaptures: contents.secondaryCaptures, ...(study.date ? { date: study.date } : {}) },
  });
}

/**
 * Where a study is, said once: the folder that holds all its files and no
 * other study's (a CD's `DICOM/ST000001`), so a reader sees one line, not
 * every image; its files themselves when no such folder exists (a flat folder
 * of several studies).
 */
function studyPlace(study: EvidenceUnit, others: readonly EvidenceUnit[]): string[] {
  const folders = study.paths.map((p) => p.split('/').slice(0, -1));
  const [first = []] = folders;
  let depth = first.length;
  for (const folder of folders) {
    let same = 0;
    while (same < Math.min(depth, folder.length) && folder[same] === first[same]) same++;
    depth = same;
  }
  const folder = first.slice(0, depth).join('/');
  const ownsFolder = folder !== '' && study.paths.length > 1 && !others.some((o) => o.paths.some((p) => p.startsWith(`${folder}/`)));
  return ownsFolder ? [folder] : study.paths.slice(0, 50);
}

/** Findings for imaging reports without their study, and for studies that are only a part of one. */
export function imagingCompleteness(scan: ScanResult, units: readonly EvidenceUnit[]): Finding[] {
  const studies = units.filter((u) => u.category === 'imaging' && u.kind === 'study' && u.dicom);
  const studyKeys = new Set(studies.map((s) => s.key));
  const findings: Finding[] = [];
  for (const report of units.filter((u) => u.category === 'imaging-report')) {
    // A report stored inside a study (SR, encapsulated PDF) sits with its own images.
    if (report.kind === 'study' && studyKeys.has(report.key)) continue;
    const date = report.date;
    if (!date) continue;
    const matched = studies.some((s) => s.date !== null && daysApart(s.date, date) <= REPORT_STUDY_DAYS && sameModality(report, s));
    if (!matched) findings.push(missingStudy(report, date));
  }
  const contents = contentsByStudy(scan);
  for (const study of studies) {
    const partial = partialStudy(study, contents.get(study.key) ?? { images: 0, secondaryCaptures: 0 }, studies.filter((s) => s !== study));
    if (partial) findings.push(partial);
  }
  return findings;
}
