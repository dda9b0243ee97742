import { COMPRESSED_SLIDE_EXTENSIONS, slideDataFolderName } from '../formats/slides/index.js';
import { CATEGORIES, categoryDefinition, type CategoryId } from '../model/categories.js';
import type { CheckResult } from '../model/check.js';
import { belongsToAnotherPerson, isFileDate, type FileEntry, type ScanResult, type Study } from '../model/scan.js';
import { otherPersonLeftOut } from './identity.js';
import { copyReasons, problemFiles, problemReasons } from './left-out.js';
import { NameRegistry, baseName, dateLabel, portableComponent, splitExtension } from './names.js';
import {
  PLAN_SCHEMA_VERSION,
  type CopyEntry, type GeneratedEntry, type LeftOut, type MergeSource, type MergedPdfEntry, type PacketPlan, type PlanEntry, type PlannedStudy,
} from './schema.js';

export interface PlanOptions {
  /** Source bytes per merged PDF before it is split into `_part1`, `_part2`… Bounds memory while merging. */
  maxMergedBytes?: number;
  /** A PDF password was given (CASEPACK_PDF_PASSWORD): try to merge password-protected PDFs too. */
  pdfPasswordGiven?: boolean;
  /** Pack problem files (empty, damaged, cut short, refused archives) under `Problems/` instead of leaving them out. */
  includeProblemFiles?: boolean;
}

export const DEFAULT_MAX_MERGED_BYTES = 50 * 1024 * 1024;
export const INDEX_PDF = '00_Index.pdf';
export const COVER_LETTER_PDF = '00_Cover_Letter.pdf';
export const TREATMENT_SUMMARY_PDF = '00_Treatment_Summary.pdf';
export const REPORT_HTML = 'Checklist_Report.html';
export const REPORT_MARKDOWN = 'Checklist_Report.md';
export const MANIFEST_JSON = 'manifest.json';
export const MANIFEST_SHA256 = 'manifest-sha256.txt';

/** Categories whose files are never merged into a document PDF. */
const NON_DOCUMENT: ReadonlySet<CategoryId> = new Set(['imaging', 'pathology-slides', 'imaging-export', 'other']);
/** Extensions of data that is already compressed: deflating it again costs time and saves nothing. */
const COMPRESSED_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.gif', '.webp', '.heic', '.heif', '.zip', '.gz', '.tgz', '.7z', '.rar', '.mp4', '.mov', ...COMPRESSED_SLIDE_EXTENSIONS, '.jp2', '.j2k', '.xz', '.bz2', '.zst']);
/** HEIC is decoded at write time in-process (libheif wasm); a HEIC it cannot decode is copied as it is. */
const MERGEABLE_IMAGES = new Set(['jpeg', 'png', 'heic']);

const CATEGORY_ORDER = new Map(CATEGORIES.map((c, i) => [c.id, i]));

function categoryOf(file: FileEntry): CategoryId {
  return file.classification?.category ?? 'other';
}

/**
 * A usable clinical date: ambiguous or missing dates stay null, never guessed. A date of the file (metadata,
 * name) is no clinical date: the document is undated, and `fileDated` says what the file carries.
 */
function clinicalDate(file: FileEntry): { date: string | null; start: string | null; fileDated?: string } {
  const d = file.classification?.date;
  if (!d || !d.date || (d.ambiguous && d.ambiguous.length > 1)) return { date: null, start: null };
  if (isFileDate(d)) return { date: null, start: null, fileDated: d.date };
  return { date: d.date, start: d.start ?? d.date };
}

/** "Date unknown (file dated 2025-10-01)" or "Undated": how an undated document is shown. */
function undatedLabel(fileDated: string | undefined): string {
  return fileDated ? `Date unknown (file dated ${fileDated})` : dateLabel(null);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isStoredByExtension(relPath: string): boolean {
  return COMPRESSED_EXTENSIONS.has(splitExtension(baseName(relPath))[1]);
}

interface MergeGroup {
  category: CategoryId;
  stem: string;
  undated: boolean;
  sources: { file: FileEntry; kind: 'pdf' | 'image'; date: string | null; start: string | null; fileDated?: string }[];
}

/** Source files sorted by what the packet does with them. */
interface Sorted {
  mergeGroups: Map<string, MergeGroup>;
  /** PDFs that cannot be merged (password, damage, size) and go in as they are. */
  asIsPdfs: FileEntry[];
  slides: FileEntry[];
  /** Pictures of scans (JPEG/PNG screenshots of imaging). */
  pictures: FileEntry[];
  others: FileEntry[];
  dicomByStudy: Map<string, FileEntry[]>;
}

/** Shared by the steps of one plan; `names` hands out every packet path exactly once, in call order. */
interface PlanContext {
  names: NameRegistry;
  byPath: Map<string, FileEntry>;
  maxMergedBytes: number;
}

/**
 * The packet layout, decided before a byte is written: pure, deterministic,
 * and the same function `build --dry-run` prints. Names are claimed in packet
 * order (cover letter, treatment summary, index, merged PDFs, their fallbacks, PDFs as they are, imaging,
 * slides, pictures, other files), so an earlier entry keeps the plain name.
 */
export function planPacket(scan: ScanResult, check: CheckResult | undefined, options: PlanOptions = {}): PacketPlan {
  return planWith(scan, check, options, undefined);
}

/** The DICOM files a plan would copy, counted instead of listed: all a size estimate needs of them. */
export interface CountedImagingFiles {
  count: number;
  /** UTF-8 bytes of their packet paths, together. */
  pathBytes: number;
  sourceBytes: number;
}

/**
 * `planPacket` without an entry per DICOM file: those are counted in
 * `imagingFiles` (their packet paths' lengths and sizes), the rest planned as
 * usual. What `check` needs to know the packet's size: a CD's per-file copy
 * entries and names were ~0.7 KB a file of garbage made just to be summed.
 * A DICOM file's packet name is `<its series folder><number>.dcm` and claims
 * nothing another entry could want (its folder is claimed first, fresh), so
 * leaving the names unclaimed changes no other name.
 */
export function planWithoutImagingFiles(scan: ScanResult, check: CheckResult | undefined, options: PlanOptions = {}): { plan: PacketPlan; imagingFiles: CountedImagingFiles } {
  const imagingFiles: CountedImagingFiles = { count: 0, pathBytes: 0, sourceBytes: 0 };
  return { plan: planWith(scan, check, options, imagingFiles), imagingFiles };
}

function planWith(scan: ScanResult, check: CheckResult | undefined, options: PlanOptions, countImaging: CountedImagingFiles | undefined): PacketPlan {
  const maxMergedBytes = options.maxMergedBytes ?? DEFAULT_MAX_MERGED_BYTES;
  const ctx: PlanContext = { names: new NameRegistry(), byPath: new Map(scan.files.map((f) => [f.path, f])), maxMergedBytes };
  const files = [...scan.files].sort((a, b) => compare(a.path, b.path));
  const { included, leftOut } = leaveOut(scan, files, options);
  const problems = options.includeProblemFiles ? problemFiles(scan) : new Map<string, unknown>();

  for (const first of [COVER_LETTER_PDF, TREATMENT_SUMMARY_PDF, INDEX_PDF]) ctx.names.claim('', ...splitExtension(first));
  for (const reserved of [REPORT_HTML, REPORT_MARKDOWN, MANIFEST_JSON, MANIFEST_SHA256]) ctx.names.claim('', ...splitExtension(reserved));

  const slideData = slideDataFiles(files, included);
  const claimedBySlides = new Set([...slideData.values()].flat());
  const sorted = sortByRole(files.filter((f) => included.has(f.path) && !claimedBySlides.has(f.path) && !problems.has(f.path)), options, maxMergedBytes);

  // What a reviewer reads first: the letter, the one-page story of the treatment, then the index of everything.
  const entries: PlanEntry[] = [generated(COVER_LETTER_PDF, 'cover-letter-pdf'), generated(TREATMENT_SUMMARY_PDF, 'treatment-summary-pdf'), generated(INDEX_PDF, 'index-pdf')];
  entries.push(...planMergedPdfs(sorted.mergeGroups, ctx));
  for (const file of sorted.asIsPdfs) {
    const category = categoryOf(file);
    const { date } = clinicalDate(file);
    entries.push(copy(claimFallbackName(ctx.names, file, category, date), file, category, date, 'pdf-as-is', false));
  }
  const { studies, copies: dicomCopies } = planImaging(scan.dicom.studies, sorted.dicomByStudy, ctx.names, countImaging);
  entries.push(...dicomCopies.filter((c) => c.path.startsWith('Imaging/')));
  entries.push(...planSlides(sorted.slides, slideData, ctx));
  entries.push(...dicomCopies.filter((c) => c.path.startsWith('Slides/')));
  entries.push(...planPictures(sorted.pictures, ctx.names), ...planOthers(sorted.others, ctx.names));
  entries.push(...planProblems(files.filter((f) => included.has(f.path) && problems.has(f.path)), ctx.names));
  if (check) entries.push(generated(REPORT_HTML, 'report-html'), generated(REPORT_MARKDOWN, 'report-markdown'));
  entries.push(generated(MANIFEST_JSON, 'manifest-json'), generated(MANIFEST_SHA256, 'manifest-sha256'));

  return { schemaVersion: PLAN_SCHEMA_VERSION, case: scan.root, entries, studies, leftOut, options: { maxMergedBytes } };
}

/** Left out: excluded by casepack.yaml, second copies, problem files, and the CD's table of contents (it names the CD's paths, not the packet's). */
function leaveOut(scan: ScanResult, files: readonly FileEntry[], options: PlanOptions): { included: Set<string>; leftOut: LeftOut[] } {
  const excludedStudies = new Set(scan.dicom.studies.filter((s) => s.classification?.excluded).map((s) => s.studyInstanceUid));
  const completelyUnpacked = fullyUnpackedArchives(scan);
  const copyOf = copyReasons(scan);
  const problemOf = problemReasons(scan, options.includeProblemFiles ?? false);
  let why: LeftOut | undefined;
  const included = new Set<string>();
  const leftOut: LeftOut[] = [];
  for (const file of files) {
    if (file.classification?.excluded) leftOut.push({ source: file.path, reason: 'excluded', detail: 'excluded in casepack.yaml' });
    else if (file.dicom?.studyInstanceUid && excludedStudies.has(file.dicom.studyInstanceUid)) leftOut.push({ source: file.path, reason: 'excluded', detail: 'its imaging study is excluded in casepack.yaml' });
    else if (belongsToAnotherPerson(file)) leftOut.push(otherPersonLeftOut(file));
    else if ((why = copyOf(file))) leftOut.push(why);
    else if ((why = problemOf(file))) leftOut.push(why);
    else if (file.family === 'dicomdir') leftOut.push({ source: file.path, reason: 'dicomdir', detail: 'the CD\'s table of contents points at the CD\'s own layout' });
    else if (completelyUnpacked.has(file.path)) leftOut.push({ source: file.path, reason: 'unpacked-archive', detail: 'its contents are packed one by one' });
    else included.add(file.path);
  }
  return { included, leftOut };
}

/**
 * Slides whose format keeps its image data in a folder beside the file (MIRAX
 * `name/`, Olympus VSI `_name_/`) own that folder: slide path → its included data files.
 */
function slideDataFiles(files: readonly FileEntry[], included: ReadonlySet<string>): Map<string, string[]> {
  const slideData = new Map<string, string[]>();
  for (const file of files) {
    const folder = dataFolderOf(file);
    if (!included.has(file.path) || folder === undefined) continue;
    const folderPrefix = `${folder}/`;
    slideData.set(file.path, files.filter((f) => f.path.startsWith(folderPrefix) && included.has(f.path)).map((f) => f.path));
  }
  return slideData;
}

/** The case path of the data folder beside a slide file, for formats that have one (not for the ETS frames themselves). */
function dataFolderOf(file: FileEntry): string | undefined {
  if (file.family !== 'slide' || !file.slide || file.slide.container === 'ets' || file.slide.container === 'dicom') return undefined;
  const slash = file.path.lastIndexOf('/');
  const [stem] = splitExtension(file.path.slice(slash + 1));
  const name = slideDataFolderName(file.slide.vendor, stem);
  return name === undefined ? undefined : `${file.path.slice(0, slash + 1)}${name}`;
}

function sortByRole(files: readonly FileEntry[], options: PlanOptions, maxMergedBytes: number): Sorted {
  const sorted: Sorted = { mergeGroups: new Map(), asIsPdfs: [], slides: [], pictures: [], others: [], dicomByStudy: new Map() };
  for (const file of files) {
    const category = categoryOf(file);
    if (file.family === 'dicom' && file.dicom?.studyInstanceUid) {
      const list = sorted.dicomByStudy.get(file.dicom.studyInstanceUid) ?? [];
      list.push(file);
      sorted.dicomByStudy.set(file.dicom.studyInstanceUid, list);
      // A report sent as a DICOM Encapsulated PDF stays in its study and is also read with its category.
      if (file.dicom.kind === 'encapsulated-pdf' && file.dicom.encapsulatedPdf && !NON_DOCUMENT.has(category)) addToGroup(sorted.mergeGroups, file, category, 'pdf');
    } else if (file.family === 'slide') {
      sorted.slides.push(file);
    } else if (file.family === 'pdf' && !NON_DOCUMENT.has(category)) {
      // A PDF far beyond the cap would need ~2x its size in memory to merge: it goes as it is instead.
      if ((file.pdf?.needsPassword && !options.pdfPasswordGiven) || file.pdf?.damaged || file.size > 2 * maxMergedBytes) sorted.asIsPdfs.push(file);
      else addToGroup(sorted.mergeGroups, file, category, 'pdf');
    } else if (file.family === 'image' && file.image && MERGEABLE_IMAGES.has(file.image.format) && !NON_DOCUMENT.has(category)) {
      addToGroup(sorted.mergeGroups, file, category, 'image');
    } else if (file.family === 'image' && category === 'imaging-export') {
      sorted.pictures.push(file);
    } else {
      sorted.others.push(file);
    }
  }
  return sorted;
}

/** Where a source goes when it cannot be merged after all (the writer falls back to copying it). */
function claimFallbackName(names: NameRegistry, file: FileEntry, category: CategoryId, date: string | null): string {
  const [origStem, ext] = splitExtension(baseName(file.path));
  return names.claim('Unmerged/', `${categoryDefinition(category).stem}_${dateLabel(date)}_${portableComponent(origStem, 'Document', 50)}`, ext || '.pdf');
}

/** Merged document PDFs, in the reading order of the categories, oldest group first, undated last. */
function planMergedPdfs(mergeGroups: Map<string, MergeGroup>, ctx: PlanContext): MergedPdfEntry[] {
  const groups = [...mergeGroups.values()].sort((a, b) =>
    (CATEGORY_ORDER.get(a.category) ?? 99) - (CATEGORY_ORDER.get(b.category) ?? 99) || compare(a.stem, b.stem) || Number(a.undated) - Number(b.undated));
  const mergedEntries = groups.flatMap((group) => mergedEntriesOf(group, ctx));
  // Fallback names are claimed after every merged name so a fallback never takes a merged PDF's name.
  for (const entry of mergedEntries) {
    for (const source of entry.sources) {
      const file = ctx.byPath.get(source.source);
      if (file && entry.category && !source.range) source.fallbackPath = claimFallbackName(ctx.names, file, entry.category, source.date);
    }
  }
  return mergedEntries;
}

/** One group's PDF, or its `_part1`, `_part2`… when its sources exceed the size cap; named by the group's date range. */
function mergedEntriesOf(group: MergeGroup, ctx: PlanContext): MergedPdfEntry[] {
  group.sources.sort((a, b) => compare(a.start ?? '', b.start ?? '') || compare(a.date ?? '', b.date ?? '') || compare(a.file.path, b.file.path));
  const parts = splitBySize(group.sources, (s) => s.file.size, ctx.maxMergedBytes);
  const dates = group.sources.flatMap((s) => (s.date ? [s.date] : []));
  const starts = group.sources.flatMap((s) => (s.start ? [s.start] : []));
  const end = dates.length ? dates.reduce((a, b) => (a > b ? a : b)) : null;
  const start = starts.length ? starts.reduce((a, b) => (a < b ? a : b)) : null;
  const range = !end || !start ? 'Undated' : group.category === 'lab-results' || start !== end ? `${start}_to_${end}` : end;
  return parts.map((part, index): MergedPdfEntry => ({
    kind: 'merged-pdf',
    path: ctx.names.claim('', `${group.stem}_${range}${parts.length > 1 ? `_part${index + 1}` : ''}`, '.pdf'),
    category: group.category,
    date: end,
    start: start !== end ? start : null,
    part: parts.length > 1 ? index + 1 : null,
    store: false,
    sources: part.map((s) => mergeSource(s, group.category)),
  }));
}

function mergeSource(s: MergeGroup['sources'][number], category: CategoryId): MergeSource {
  return {
    source: s.file.path,
    kind: s.kind,
    date: s.date,
    ...(s.start && s.start !== s.date ? { start: s.start } : {}),
    ...(s.fileDated ? { fileDated: s.fileDated } : {}),
    title: documentTitle(s.file, category),
    bookmark: `${s.start && s.start !== s.date ? `${s.start} to ` : ''}${s.date ? s.date : undatedLabel(s.fileDated)} · ${documentTitle(s.file, category)}`,
    pages: s.kind === 'image' ? 1 : (s.file.pdf?.pages ?? null),
    size: s.file.size,
    fallbackPath: '',
    ...(s.file.family === 'dicom' && s.file.dicom?.encapsulatedPdf ? { range: s.file.dicom.encapsulatedPdf } : {}),
  };
}

/** `Slides/<name>.<ext>`; a MIRAX or VSI slide also brings its data folder, renamed to match. */
function planSlides(slides: readonly FileEntry[], slideData: ReadonlyMap<string, string[]>, ctx: PlanContext): CopyEntry[] {
  const entries: CopyEntry[] = [];
  for (const slide of slides) {
    const [origStem, ext] = splitExtension(baseName(slide.path));
    const stem = portableComponent(origStem, 'Slide');
    const category: CategoryId = 'pathology-slides';
    const date = slide.slide?.scanDate ?? clinicalDate(slide).date;
    const data = slideData.get(slide.path);
    const sourceFolder = dataFolderOf(slide);
    if (!data || sourceFolder === undefined || !slide.slide) {
      entries.push(copy(ctx.names.claim('Slides/', stem, ext), slide, category, date, 'slide', true));
      continue;
    }
    const vendor = slide.slide.vendor;
    const { stem: packetStem, folder } = claimSlidePair(ctx.names, 'Slides/', stem, ext, (s) => slideDataFolderName(vendor, s) ?? s);
    entries.push(copy(`Slides/${packetStem}${ext}`, slide, category, date, 'slide', true));
    const sourcePrefix = `${sourceFolder}/`;
    for (const dataPath of data) {
      const file = ctx.byPath.get(dataPath);
      if (!file) continue;
      const rest = dataPath.slice(sourcePrefix.length).split('/').map((c) => portableComponent(c, 'file')).join('/');
      entries.push(copy(ctx.names.claim(`Slides/${folder}/`, ...splitExtensionOfPath(rest)), file, category, date, 'slide-data', true));
    }
  }
  return entries;
}

/** `Imaging_Pictures/<Modality>_<date>_<name>`: scans that came as pictures, not DICOM. */
function planPictures(pictures: readonly FileEntry[], names: NameRegistry): CopyEntry[] {
  return pictures.map((picture) => {
    const [origStem, ext] = splitExtension(baseName(picture.path));
    const { date } = clinicalDate(picture);
    const modality = picture.classification?.modality ? `${modalityStem(picture.classification.modality, 'Picture')}_` : '';
    return copy(names.claim('Imaging_Pictures/', `${modality}${dateLabel(date)}_${portableComponent(origStem, 'Picture', 50)}`, ext), picture, 'imaging-export', date, 'picture', true);
  });
}

function planOthers(others: readonly FileEntry[], names: NameRegistry): CopyEntry[] {
  return others.map((other) => {
    const [origStem, ext] = splitExtension(baseName(other.path));
    const stored = isStoredByExtension(other.path) || (other.family === 'dicom' && other.dicom?.compressed === true);
    return copy(names.claim('Other/', portableComponent(origStem, 'File'), ext), other, categoryOf(other), clinicalDate(other).date, 'other', stored);
  });
}

/** `Problems/<name>`: problem files packed as they are, only when asked for, apart from the files that are fine. */
function planProblems(problems: readonly FileEntry[], names: NameRegistry): CopyEntry[] {
  return problems.map((file) => {
    const [origStem, ext] = splitExtension(baseName(file.path));
    return copy(names.claim('Problems/', portableComponent(origStem, 'File'), ext), file, categoryOf(file), clinicalDate(file).date, 'problem', isStoredByExtension(file.path));
  });
}

/**
 * Archives the scan unpacked without losing anything: their files are packed
 * one by one, so the archive itself would only double the packet. An archive
 * with a refused, damaged or unreadable entry is packed as well, as it is.
 */
function fullyUnpackedArchives(scan: ScanResult): Set<string> {
  const withFiles = new Set(scan.files.flatMap((f) => (f.fromArchive ? [f.fromArchive] : [])));
  for (const f of scan.findings) {
    if (f.code !== 'ARCHIVE_ENTRY_REFUSED' && f.code !== 'ARCHIVE_UNREADABLE') continue;
    const archive = typeof f.details?.['archive'] === 'string' ? f.details['archive'] : undefined;
    for (const p of [...f.paths, ...(archive ? [archive] : [])]) {
      const mark = p.indexOf('!/');
      withFiles.delete(mark === -1 ? p : p.slice(0, mark));
    }
  }
  return withFiles;
}

function addToGroup(groups: Map<string, MergeGroup>, file: FileEntry, category: CategoryId, kind: 'pdf' | 'image'): void {
  const { date, start, fileDated } = clinicalDate(file);
  const stem = groupStem(file, category);
  const key = `${category}\u0000${stem}\u0000${date === null}`;
  const group = groups.get(key) ?? { category, stem, undated: date === null, sources: [] };
  group.sources.push({ file, kind, date, start, ...(fileDated ? { fileDated } : {}) });
  groups.set(key, group);
}

/** Imaging reports are named by modality (`PET_CT_2025-10-05.pdf`), as radiology departments file them. */
function groupStem(file: FileEntry, category: CategoryId): string {
  const modality = file.classification?.modality;
  if (category === 'imaging-report' && modality) return modalityStem(modality, 'Imaging_Report');
  return categoryDefinition(category).stem;
}

/** `PET-CT`, `pet/ct` → `PET_CT`. */
export function modalityStem(modality: string, fallback: string): string {
  return portableComponent(modality.toUpperCase().replace(/[^A-Z0-9]+/g, '_'), fallback, 20);
}

function documentTitle(file: FileEntry, category: CategoryId): string {
  return file.classification?.title?.trim() || file.pdf?.title?.trim() || categoryDefinition(category).displayName;
}

function splitBySize<T>(items: T[], size: (item: T) => number, cap: number): T[][] {
  const parts: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    if (current.length > 0 && bytes + size(item) > cap) {
      parts.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size(item);
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

function splitExtensionOfPath(rel: string): [string, string] {
  const slash = rel.lastIndexOf('/');
  const dir = slash === -1 ? '' : rel.slice(0, slash + 1);
  const [stem, ext] = splitExtension(rel.slice(slash + 1));
  return [`${dir}${stem}`, ext];
}

/** A slide file and its data folder must keep their paired names (readers find the folder by name), so both are claimed together. */
function claimSlidePair(names: NameRegistry, dir: string, stem: string, ext: string, folderName: (stem: string) => string): { stem: string; folder: string } {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? stem : `${stem}_${n}`;
    const folder = folderName(candidate);
    if (!names.has(`${dir}${candidate}${ext}`) && !names.has(`${dir}${folder}`)) {
      names.claim(dir, candidate, ext);
      names.claim(dir, folder, '');
      return { stem: candidate, folder };
    }
  }
}

function copy(path: string, file: FileEntry, category: CategoryId | null, date: string | null, role: CopyEntry['role'], store: boolean): CopyEntry {
  return { kind: 'copy', path, source: file.path, size: file.size, category, date, role, store };
}

function generated(path: string, generator: GeneratedEntry['generator']): GeneratedEntry {
  return { kind: 'generated', path, generator, category: null, date: null, store: false };
}

/**
 * `Imaging/<Modality>_<date>_<StudyDescription>/<NN>_<SeriesDescription>/0001.dcm`:
 * the layout viewers and radiologists expect, files byte-for-byte with sequential names.
 */
function planImaging(studies: Study[], filesByStudy: Map<string, FileEntry[]>, names: NameRegistry, counted: CountedImagingFiles | undefined): { studies: PlannedStudy[]; copies: CopyEntry[] } {
  const planned: PlannedStudy[] = [];
  const copies: CopyEntry[] = [];
  const knownStudies = new Map(studies.map((s) => [s.studyInstanceUid, s]));
  const uids = [...filesByStudy.keys()].sort((a, b) => {
    const sa = knownStudies.get(a);
    const sb = knownStudies.get(b);
    return compare(sa?.date ?? '9999', sb?.date ?? '9999') || compare(a, b);
  });
  for (const uid of uids) {
    const studyFiles = filesByStudy.get(uid) ?? [];
    const study = knownStudies.get(uid);
    const first = studyFiles[0];
    if (!first) continue;
    const category: CategoryId = study?.classification?.category === 'pathology-slides' || studyFiles.every((f) => f.dicom?.kind === 'slide-microscopy') ? 'pathology-slides' : (study?.classification?.category ?? 'imaging');
    const modality = study?.classification?.modality ?? (study?.modalities.length ? study.modalities.join('_') : first.dicom?.modality ?? 'DICOM');
    const date = study?.classification?.date?.date ?? study?.date ?? first.dicom?.studyDate ?? null;
    const description = study?.description ?? first.dicom?.studyDescription;
    const top = category === 'pathology-slides' ? 'Slides/' : 'Imaging/';
    const folderName = [modalityStem(modality, 'DICOM'), dateLabel(date), description ? portableComponent(description, '', 50) : ''].filter(Boolean).join('_');
    const folder = names.claimFolder(top, folderName);

    const bySeries = new Map<string, FileEntry[]>();
    for (const file of studyFiles) {
      const key = file.dicom?.seriesInstanceUid ?? '';
      // Pushed, not copied: a copy per file was quadratic garbage (~40 MB for a 20,000-file CD).
      const series = bySeries.get(key);
      if (series) series.push(file);
      else bySeries.set(key, [file]);
    }
    const seriesKeys = [...bySeries.keys()].sort((a, b) => {
      const na = bySeries.get(a)?.[0]?.dicom?.seriesNumber ?? Number.MAX_SAFE_INTEGER;
      const nb = bySeries.get(b)?.[0]?.dicom?.seriesNumber ?? Number.MAX_SAFE_INTEGER;
      return na - nb || compare(a, b);
    });
    const width = Math.max(2, String(seriesKeys.length).length);
    const plannedSeries: PlannedStudy['series'] = [];
    seriesKeys.forEach((seriesKey, index) => {
      const seriesFiles = (bySeries.get(seriesKey) ?? []).sort((a, b) =>
        (a.dicom?.instanceNumber ?? Number.MAX_SAFE_INTEGER) - (b.dicom?.instanceNumber ?? Number.MAX_SAFE_INTEGER) || compare(a.path, b.path));
      const firstFile = seriesFiles[0];
      const seriesDescription = firstFile?.dicom?.seriesDescription;
      const seriesFolder = names.claimFolder(folder, `${String(index + 1).padStart(width, '0')}_${portableComponent(seriesDescription ?? firstFile?.dicom?.modality ?? 'Series', 'Series', 50)}`);
      const fileWidth = Math.max(4, String(seriesFiles.length).length);
      if (counted) {
        // Each name is the folder, `fileWidth` digits (never more: the count has at most that many) and `.dcm`.
        counted.count += seriesFiles.length;
        counted.pathBytes += seriesFiles.length * (Buffer.byteLength(seriesFolder) + fileWidth + '.dcm'.length);
        for (const file of seriesFiles) counted.sourceBytes += file.size;
        plannedSeries.push({ folder: seriesFolder, description: seriesDescription, images: seriesFiles.length });
        return;
      }
      seriesFiles.forEach((file, i) => {
        copies.push({
          kind: 'copy',
          path: names.claim(seriesFolder, String(i + 1).padStart(fileWidth, '0'), '.dcm'),
          source: file.path,
          size: file.size,
          category,
          date,
          role: 'dicom',
          store: file.dicom?.compressed === true,
          study: uid,
          series: seriesKey || undefined,
        });
      });
      plannedSeries.push({ folder: seriesFolder, description: seriesDescription, images: seriesFiles.length });
    });
    planned.push({ studyInstanceUid: uid, folder, modality, date, description, category, series: plannedSeries });
  }
  return { studies: planned, copies };
}
