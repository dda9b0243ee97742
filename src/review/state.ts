import path from 'node:path';
import { z } from 'zod';
import { loadCaseFile } from '../casefile/load.js';
import type { CaseFile } from '../casefile/schema.js';
import type { ResolvedChecklist } from '../check/checklist-schema.js';
import { CATEGORIES, CategoryIdSchema } from '../model/categories.js';
import type { Classification, FileEntry, ScanResult } from '../model/scan.js';
import { checkScannedCase, type CheckedFolder } from '../pipeline/check.js';
import { groupAndClassify, openCase, probeOpenedCase, type ProbedCase, type ScanOptions } from '../pipeline/scan.js';
import { problemFiles } from '../plan/left-out.js';
import { evidenceLabels } from '../report/check-view.js';
import { displayPersonName } from '../util/person-name.js';

/**
 * The page model of `casepack review`: what the page shows, as JSON. The
 * server sends it after the first scan and after every correction. Words for
 * people are the page's (assets/review/strings.en.json); this carries facts
 * and codes (a date's source, a confidence, the words a rule matched).
 */
const DateViewSchema = z.object({
  date: z.string().nullable(),
  /** Two readings the document's numbers allow (day-first or month-first). */
  ambiguous: z.array(z.string()).optional(),
  source: z.string(),
  confidence: z.number(),
});

const ReasonViewSchema = z.object({
  /** The rule's id: the page words a known one itself (`reason.rule.photo.icon-sized`). */
  rule: z.string(),
  /** `name`: the file's name said it; `text`: its words; `dicom`: its headers; `other`: anything else. */
  from: z.enum(['name', 'text', 'dicom', 'other']),
  category: CategoryIdSchema.optional(),
  matched: z.array(z.string()),
});

const FileViewSchema = z.object({
  path: z.string(),
  family: z.string(),
  size: z.number(),
  category: CategoryIdSchema,
  title: z.string().optional(),
  confidence: z.number(),
  tiedWith: z.array(CategoryIdSchema).optional(),
  date: DateViewSchema.nullable(),
  reasons: z.array(ReasonViewSchema),
  /** What a person changed in casepack.yaml, and casepack's own guess before it. */
  changed: z.array(z.string()),
  previousCategory: CategoryIdSchema.optional(),
  leftOut: z.boolean(),
  otherPerson: z.boolean(),
  keptOnPurpose: z.string().optional(),
  duplicateOf: z.string().optional(),
  /** Whether asking for a thumbnail makes sense (the thumbnail service may still have none). */
  thumbnail: z.boolean(),
});
export type FileView = z.infer<typeof FileViewSchema>;

export const ReviewViewSchema = z.object({
  caseName: z.string(),
  categories: z.array(z.object({ id: CategoryIdSchema, name: z.string() })),
  checklist: z.object({
    title: z.string(),
    status: z.enum(['complete', 'incomplete']),
    items: z.array(z.object({
      id: z.string(),
      title: z.string(),
      severity: z.enum(['required', 'recommended']),
      status: z.enum(['met', 'partial', 'missing', 'not-applicable']),
      why: z.string(),
      detail: z.string().optional(),
      request: z.object({ department: z.string(), wording: z.string() }).optional(),
      /** What met it, as people read it: a path, or a study as "CT scan, 10 September 2025 (5 images)". */
      satisfiedBy: z.array(z.string()),
    })),
  }),
  documents: z.array(FileViewSchema),
  studies: z.array(z.object({
    /** The casepack.yaml path that covers every file of the study and no other: corrections are written for it. */
    path: z.string().optional(),
    uid: z.string(),
    date: z.string().nullable(),
    description: z.string().optional(),
    modalities: z.array(z.string()),
    instances: z.number(),
    category: CategoryIdSchema,
    leftOut: z.boolean(),
    otherPerson: z.boolean(),
    firstFile: z.string().optional(),
    series: z.array(z.object({ modality: z.string().optional(), description: z.string().optional(), date: z.string().optional(), instances: z.number(), number: z.number().optional() })),
  })),
  slides: z.array(FileViewSchema.extend({ vendor: z.string(), scanDate: z.string().optional(), width: z.number().optional(), height: z.number().optional() })),
  problems: z.array(z.object({ path: z.string(), problem: z.string(), codes: z.array(z.string()) })),
  otherPerson: z.array(FileViewSchema),
  otherFiles: z.array(FileViewSchema),
  caseFile: z.object({
    patient: z.object({ name: z.string().optional(), birthDate: z.string().optional(), id: z.string().optional() }),
    questions: z.array(z.string()),
    sender: z.object({ name: z.string(), role: z.string().optional(), email: z.string().optional(), phone: z.string().optional(), organisation: z.string().optional(), address: z.string().optional(), signature: z.string().optional() }).nullable(),
    physical: z.array(z.object({ kind: z.string(), count: z.number().optional(), description: z.string().optional(), shippedOn: z.string().optional(), courier: z.string().optional(), tracking: z.string().optional() })),
  }),
  /** The patient casepack thinks the case is about, when it can tell. */
  casePatient: z.string().optional(),
  /** casepack.yaml could not be read as it is (the page says so; corrections may still be written). */
  caseFileInvalid: z.boolean(),
});
export type ReviewView = z.infer<typeof ReviewViewSchema>;

export interface ReviewStateOptions {
  /** Scan settings (OCR...). */
  scan?: ScanOptions;
  checklist?: ResolvedChecklist;
  today?: Date;
}

/** Everything a rebuild of the page model needs, kept between corrections. */
export interface ReviewState {
  root: string;
  checked: CheckedFolder;
  /** The text read from the files (OCR included), for the packet's invisible text layer. */
  texts: ProbedCase['texts'];
  /** Where a case-relative path is on disk (an archive's files are in a private temp folder). */
  absPathOf: (relPath: string) => string;
  view: ReviewView;
  /** Re-read casepack.yaml and re-evaluate, without reading the files again. */
  refresh(): Promise<ReviewView>;
}

/**
 * Scan the case once (walk, probe, extract: the slow part), then group,
 * classify and check it. `refresh` re-runs only group, classify and check on
 * a copy of the probed files, with casepack.yaml as it now reads: a
 * correction shows at once, from exactly the pipeline `build` runs.
 */
export async function openReviewState(root: string, options: ReviewStateOptions = {}): Promise<ReviewState> {
  const loaded = await openCase(root);
  const probed = await probeOpenedCase(root, { loaded, caseFile: loaded.caseFile }, options.scan);
  // group and classify write into the entries: each evaluation works on its own copy.
  // The case file's own findings (CASEFILE_INVALID) are read again with it each time.
  const pristine = structuredClone({ files: probed.files, findings: probed.findings.filter((f) => !loaded.findings.includes(f)) });

  const evaluate = async (): Promise<CheckedFolder> => {
    const current = await loadCaseFile(root);
    const copy = structuredClone(pristine);
    const input = { loaded: current, caseFile: current.caseFile };
    const scan = await groupAndClassify(root, input, { ...probed, files: copy.files, findings: [...copy.findings, ...current.findings] }, options.today ? { today: options.today } : {});
    return checkScannedCase(root, scan, current.caseFile, options.checklist ? { checklist: options.checklist } : {});
  };

  const state: ReviewState = {
    root,
    checked: await evaluate(),
    texts: probed.texts,
    absPathOf: probed.absPathOf,
    view: undefined as unknown as ReviewView,
    async refresh() {
      state.checked = await evaluate();
      state.view = reviewView(root, state.checked);
      return state.view;
    },
  };
  state.view = reviewView(root, state.checked);
  return state;
}

function reasonFrom(rule: string): z.infer<typeof ReasonViewSchema>['from'] {
  if (rule.startsWith('name.')) return 'name';
  if (rule.startsWith('dicom.')) return 'dicom';
  // What kind of file it is (a photo's shape, an archive, a PDF without text): no words were read.
  if (/^(photo|family|pdf|slide|modality|override|classify)\./.test(rule)) return 'other';
  return 'text';
}

function dateView(c: Classification | undefined): z.infer<typeof DateViewSchema> | null {
  const d = c?.date;
  if (!d) return null;
  const view: z.infer<typeof DateViewSchema> = { date: d.date, source: d.source, confidence: d.confidence };
  if (d.ambiguous?.length) view.ambiguous = d.ambiguous;
  return view;
}

/** Whether the thumbnail service may have a picture of this file. */
function thumbnailFamily(file: FileEntry): boolean {
  return ['pdf', 'image', 'tiff', 'slide', 'dicom'].includes(file.family) || Boolean(file.slide);
}

export function thumbnailFamilyOf(file: FileEntry): 'dicom' | 'pdf' | 'slide' | 'tiff' | 'image' | undefined {
  if (file.slide) return 'slide';
  if (file.family === 'dicom' || file.family === 'pdf' || file.family === 'tiff' || file.family === 'image') return file.family;
  return undefined;
}

function fileView(file: FileEntry): FileView {
  const c = file.classification;
  const view: FileView = {
    path: file.path,
    family: file.family,
    size: file.size,
    category: c?.category ?? 'other',
    confidence: c?.confidence ?? 0,
    date: dateView(c),
    reasons: (c?.reasons ?? []).filter((r) => r.weight >= 0 && (r.matched?.length ?? 0) > 0 && !r.rule.startsWith('override.')).slice(0, 4).map((r) => ({
      rule: r.rule,
      from: reasonFrom(r.rule),
      ...(r.category ? { category: r.category } : {}),
      matched: (r.matched ?? []).slice(0, 4),
    })),
    changed: c?.override?.fields ?? [],
    leftOut: c?.excluded === true,
    otherPerson: file.identity?.otherPerson === true && file.identity.keptOnPurpose === undefined,
    thumbnail: thumbnailFamily(file),
  };
  if (c?.title) view.title = c.title;
  if (c?.tiedWith?.length) view.tiedWith = c.tiedWith;
  if (c?.override?.fields.includes('category')) view.previousCategory = c.override.previous.category;
  if (file.identity?.keptOnPurpose !== undefined) view.keptOnPurpose = file.identity.keptOnPurpose;
  if (file.duplicateOf) view.duplicateOf = file.duplicateOf;
  return view;
}

/** Characters that make a path a glob: such a folder cannot be named inside a brace pattern. */
const GLOB_CHARACTERS = /[*?[\]{}()!+@,\\]/;

/**
 * One casepack.yaml path that covers every file of a study and nothing else
 * (a study is overridden by a pattern covering all its files): its folder
 * (`CD/DICOM`), or its folders in braces (`{CD/DICOM/**,scan.dcm.gz!/**}`).
 * Undefined when its files share folders with others: the page then offers
 * no study-wide buttons rather than touch another study's files.
 */
function studyPattern(paths: readonly string[], allPaths: readonly string[]): string | undefined {
  const own = new Set(paths);
  const dirs = [...new Set(paths.map((p) => path.posix.dirname(p)))];
  const exclusive = dirs.every((dir) => dir !== '.' && allPaths.every((p) => !p.startsWith(`${dir}/`) || own.has(p)));
  if (!exclusive) return undefined;
  if (dirs.length === 1) return dirs[0];
  // Inside braces a folder's own glob characters would be read as a pattern ("!" only counts at the start).
  if (dirs.some((dir) => GLOB_CHARACTERS.test(dir.replace(/!$/, '')))) return undefined;
  return `{${dirs.map((dir) => `${dir}/**`).join(',')}}`;
}

export function reviewView(root: string, checked: CheckedFolder): ReviewView {
  const { scan, check } = checked;
  const problems = problemFiles(scan);
  const allPaths = scan.files.map((f) => f.path);
  const inStudy = new Set(scan.dicom.studies.flatMap((s) => s.series.flatMap((se) => se.paths)));
  const documents: FileView[] = [];
  const slides: ReviewView['slides'] = [];
  const otherPerson: FileView[] = [];
  const otherFiles: FileView[] = [];
  for (const file of scan.files) {
    if (problems.has(file.path)) continue;
    const view = fileView(file);
    if (view.otherPerson) otherPerson.push(view);
    else if (file.slide) {
      const slide: ReviewView['slides'][number] = { ...view, vendor: file.slide.vendor };
      if (file.slide.scanDate) slide.scanDate = file.slide.scanDate;
      if (file.slide.width) slide.width = file.slide.width;
      if (file.slide.height) slide.height = file.slide.height;
      slides.push(slide);
    } else if (inStudy.has(file.path)) continue;
    else if (['pdf', 'image', 'tiff', 'text'].includes(file.family) || (file.family === 'dicom' && file.dicom?.kind !== 'image')) documents.push(view);
    else otherFiles.push(view);
  }
  const caseFile: CaseFile = checked.caseFile ?? {};
  const view: ReviewView = {
    caseName: path.basename(path.resolve(root)),
    categories: CATEGORIES.map((c) => ({ id: c.id, name: c.displayName })),
    checklist: {
      title: check.checklist.title,
      status: check.status,
      items: check.items.map((item) => ({
        id: item.id,
        title: item.title,
        severity: item.severity,
        status: item.status,
        why: item.why,
        ...(item.detail ? { detail: item.detail } : {}),
        ...(item.request ? { request: { department: item.request.department, wording: item.request.wording } } : {}),
        satisfiedBy: evidenceLabels(item.satisfiedBy, scan, item.attested ?? []),
      })),
    },
    documents,
    studies: scan.dicom.studies.map((study) => {
      const paths = study.series.flatMap((s) => s.paths);
      const files = paths.map((p) => scan.files.find((f) => f.path === p)).filter((f): f is FileEntry => f !== undefined);
      const pattern = studyPattern(paths, allPaths);
      const result: ReviewView['studies'][number] = {
        ...(pattern ? { path: pattern } : {}),
        uid: study.studyInstanceUid,
        date: study.classification?.date?.date ?? study.date,
        modalities: study.modalities,
        instances: study.instances,
        category: study.classification?.category ?? 'imaging',
        leftOut: study.classification?.excluded === true,
        otherPerson: files.length > 0 && files.every((f) => f.identity?.otherPerson === true && f.identity.keptOnPurpose === undefined),
        series: study.series.map((s) => ({
          instances: s.instances,
          ...(s.modality ? { modality: s.modality } : {}),
          ...(s.description ? { description: s.description } : {}),
          ...(s.date ? { date: s.date } : {}),
          ...(s.seriesNumber !== undefined ? { number: s.seriesNumber } : {}),
        })),
      };
      if (study.description) result.description = study.description;
      if (paths[0]) result.firstFile = paths[0];
      return result;
    }),
    slides,
    problems: [...problems.values()].map((p) => ({ path: p.source, problem: p.problem, codes: p.codes })),
    otherPerson,
    otherFiles,
    caseFile: {
      patient: { ...caseFile.patient },
      questions: caseFile.questions ?? [],
      sender: caseFile.sender ?? null,
      physical: caseFile.physical ?? [],
    },
    caseFileInvalid: scan.caseFile?.valid === false,
  };
  if (scan.casePatient?.name) view.casePatient = displayPersonName(scan.casePatient.name);
  return view;
}

/** The scan's entry for a case-relative path, when there is one (the thumbnail route asks only for those). */
export function fileOf(scan: ScanResult, relPath: string): FileEntry | undefined {
  return scan.files.find((f) => f.path === relPath);
}
