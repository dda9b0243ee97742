import { stat } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import type { LoadedCaseFile } from '../casefile/load.js';
import { CASE_FILE_NAME, isCaseFileArtifact } from '../casefile/names.js';
import type { CaseFile } from '../casefile/schema.js';
import type { UserConfig } from '../casefile/user-config.js';
import { loadUserConfig } from '../casefile/user-config-file.js';
import { sortFindings } from '../findings/sort.js';
import type { Finding } from '../model/finding.js';
import type { FileEntry, ScanResult } from '../model/scan.js';
import { SCAN_SCHEMA_VERSION } from '../model/scan-values.js';
import type { ProbeTarget } from '../probe/index.js';
import { ProbeHelper } from '../probe/probe-helper.js';
import type { ProbeOptions, ProbeOutput } from '../probe/types.js';
import { mapLimit } from '../util/concurrency.js';
import { UsageError } from '../util/errors.js';
import { VERSION } from '../version.js';
import type { ArchiveLimits, ExpandedFile } from '../walk/archive/index.js';
import { walkCase, type WalkedFile, type WalkResult } from '../walk/walk.js';
import { TextPrereader } from './preread.js';
import type { ExtractedText, ExtractedTexts } from '../extract/index.js';
import type { OcrEngine, OcrOptions } from '../extract/ocr/types.js';

export interface ScanProgress {
  phase: 'walk' | 'probe' | 'extract' | 'group' | 'classify';
  done: number;
  total: number;
}

export interface ScanOptions extends ProbeOptions {
  /** Files probed at once. Probes are I/O-bound header reads. */
  concurrency?: number;
  /**
   * A second thread probing DICOM headers beside the main one: by default once the walk has listed
   * PROBE_HELPER_MIN_FILES files, when a core looks idle (1-minute load below the core count); true: from
   * the first file; false: never.
   */
  probeHelper?: boolean;
  onProgress?: (progress: ScanProgress) => void;
  /**
   * Read each PDF's text (language, category verdict) as soon as its probe answers, while the decode workers
   * still work on the others, instead of after every file is probed; the scan is the same either way. Default on.
   */
  readAhead?: boolean;
  /**
   * Called once when the scan starts the PDF decode workers (the walk has listed a .pdf), after the document
   * reader has loaded: what the caller will need later (the packet writers' modules) can load on the main
   * thread while it waits for the workers, instead of after the scan.
   */
  whileDecoding?: () => void;
  /** Use this case file instead of reading `casepack.yaml` from the case. */
  caseFile?: CaseFile;
  today?: Date;
  /** Limits for unpacking ZIP/gzip files found in the case, or false to leave them packed. */
  archives?: Partial<ArchiveLimits> | false;
  /** OCR of scanned PDFs and pictures of documents: on unless `enabled: false`. */
  ocr?: Partial<OcrOptions>;
  /** The OCR engine (the cache wraps the pool; tests inject a fake). Default: a tesseract.js pool made and closed by the scan. */
  ocrEngine?: OcrEngine;
  /** Filled with every text the extraction stage read, by path, OCR word boxes included (the packet's invisible text layer). */
  collectText?: Map<string, ExtractedText>;
  /** Cancels OCR at once (Ctrl-C / SIGTERM). */
  signal?: AbortSignal;
  /** The user config (`--config`); default the one at CASEPACK_CONFIG or ~/.config/casepack/config.yaml. Its defaults (ocrLanguages) fill what casepack.yaml leaves out. */
  userConfig?: UserConfig;
}

/** The case folder does not exist (or is not a folder): the user's mistake, exit 2. */
export class CaseNotFoundError extends UsageError {
  override name = 'CaseNotFoundError';
  constructor(readonly root: string) {
    super(`case folder not found: ${root}`);
  }
}

/** What a run knows about the case file, read once and handed to every stage. */
export interface CaseInput {
  /** `casepack.yaml` as read: whether it is there, and its CASEFILE_INVALID findings. */
  loaded: LoadedCaseFile;
  /** The case file the stages use: the loaded one, with any flag policy merged in. */
  caseFile: CaseFile | undefined;
}

/**
 * Check that the case folder exists, then read its `casepack.yaml`, the one
 * read of a run (or take the case file given instead, which is then not read).
 */
export async function openCase(root: string, given?: CaseFile): Promise<LoadedCaseFile> {
  const rootInfo = await stat(root).catch(() => undefined);
  if (!rootInfo?.isDirectory()) throw new CaseNotFoundError(root);
  if (given) return { caseFile: given, findings: [] };
  // Absent is the common case and means no case file (as loadCaseFile says): only a file there pays for its parser.
  const absent = await stat(path.join(root, CASE_FILE_NAME)).then(() => false, (err: NodeJS.ErrnoException) => err.code === 'ENOENT' || err.code === 'ENOTDIR');
  if (absent) return { findings: [] };
  const { loadCaseFile } = await import('../casefile/load.js');
  return loadCaseFile(root);
}

/**
 * Below this many files the helper thread costs more than it saves. Node already keeps the second core
 * busy with V8's compiler and garbage-collector threads (a one-thread scan of the 3,000-file CD: 0.5–0.7 s
 * CPU on the main thread, 0.93–1.37 s in all), and the helper's start and its own warm-up add ~0.4 s CPU:
 * at 3,000 files it took ~0.04 s off the main thread, at 10,000 ~0.2 s (1.03 -> 0.82 s; issue 15).
 */
const PROBE_HELPER_MIN_FILES = 5_000;

/**
 * Below this many files a collection between probe and group, or a young generation kept small, would cost
 * CPU for little memory (a 3,000-file scan ~0.7 s CPU must not get slower).
 */
const SCAN_COLLECT_FROM_FILES = 5_000;

/** Findings that say a file is not all there: a complete copy of the same image is preferred to it. */
const INCOMPLETE_CODES: ReadonlySet<string> = new Set(['DICOM_TRUNCATED', 'SLIDE_TRUNCATED', 'FILE_CHANGED_DURING_RUN']);

/** The library entry point behind `casepack scan`: walk, probe, extract (text layers, OCR), group, classify. */
export async function scanCase(root: string, options: ScanOptions = {}): Promise<ScanResult> {
  const loaded = await openCase(root, options.caseFile);
  const userConfig = options.userConfig ?? await loadUserConfig().catch(() => undefined);
  // Without a user config there is nothing to merge: its schema module (zod) stays unloaded.
  const caseFile = userConfig === undefined ? loaded.caseFile : (await import('../casefile/user-config.js')).applyUserDefaults(loaded.caseFile, userConfig);
  return scanOpenedCase(root, { loaded, caseFile }, options);
}

/** A scan of a case whose folder was checked and whose case file was read (by `openCase`). */
export async function scanOpenedCase(root: string, input: CaseInput, options: ScanOptions = {}): Promise<ScanResult> {
  const probed = await probeOpenedCase(root, input, options);
  // No file and no case file: nothing to group or classify, and no policy to apply. The later stages
  // (OCR, dates, the classifier: most of the tool's modules) are then not even loaded; what they would
  // have said about nothing is written here.
  if (probed.files.length === 0 && !input.caseFile) {
    const scan = scanResult(root, probed, { studies: [], duplicates: [], patients: [] });
    scan.summary.byCategory = {};
    scan.findings = sortFindings(probed.findings);
    if (input.loaded.path) scan.caseFile = { path: CASE_FILE_NAME, valid: input.loaded.caseFile !== undefined };
    return scan;
  }
  return groupAndClassify(root, input, probed, options);
}

/**
 * A case's files as the probes and the extraction stage left them, before
 * group and classify: what depends on the files alone. The review page keeps
 * one (copied before each use, as group and classify write into the entries)
 * and re-runs only `groupAndClassify` when casepack.yaml changes.
 */
export interface ProbedCase {
  files: FileEntry[];
  findings: Finding[];
  texts: ExtractedTexts;
  skippedJunk: number;
  absPathOf: (relPath: string) => string;
  /** PDFs' texts being read ahead of the classify stage (while the decode workers ran); classify takes what is done. */
  prereader?: TextPrereader;
}

/** Walk, probe, unpack archives and extract text: every read of the files' content a scan makes. */
export async function probeOpenedCase(root: string, input: CaseInput, options: ScanOptions = {}): Promise<ProbedCase> {
  const progress = options.onProgress ?? (() => undefined);
  progress({ phase: 'walk', done: 0, total: 0 });
  const helper = probeHelperFor(options);
  // "Today" is pinned once, here: the dates read ahead and the classify stage must agree on it (even at midnight).
  const prereader = options.readAhead === false ? undefined : new TextPrereader(options.today ?? new Date());
  let walked: WalkResult;
  let findings: Finding[];
  let files: FileEntry[];
  try {
    const warmDecoders = pdfDecoderWarmer(prereader, options.whileDecoding);
    walked = await walkCase(root, { exclude: isCaseFileArtifact, onFile: (f: WalkedFile) => { helper?.offer(probeTarget(f)); warmDecoders(f); } });
    // Before the probes make the young generation grow (issue 15, memory flat in the number of files).
    if (walked.files.length >= SCAN_COLLECT_FROM_FILES) (await import('../util/collect-garbage.js')).capYoungGenerationOfLargeCase(walked.files.length, SCAN_COLLECT_FROM_FILES);
    findings = [...walked.findings, ...input.loaded.findings];
    files = await probeCase(root, walked, findings, options, helper, prereader);
  } finally {
    // Its memory is not held through the later stages.
    helper?.close();
  }
  const probed = await extractProbed(root, walked, files, findings, input, options);
  return prereader ? { ...probed, prereader } : probed;
}

/**
 * Starts the PDF decode workers when the walk lists the first file named .pdf, so they load pdf.js while the
 * walk finishes and the probes load, instead of after the first PDF is read (a case without one never starts
 * them); and the document reader, which a case with a PDF loads anyway, loads meanwhile on the main thread,
 * which has nothing to do until the first text comes back. Then the later stages' modules (group, classify)
 * and whatever the caller asks for (`whileDecoding`), which load anyway after the probes otherwise.
 */
function pdfDecoderWarmer(prereader: TextPrereader | undefined, whileDecoding: (() => void) | undefined): (file: WalkedFile) => void {
  let started = false;
  return (file) => {
    if (started || !/\.pdf$/i.test(file.path)) return;
    started = true;
    void import('../probe/pdf/decode.js').then((m) => m.warmPdfDecoding(), () => undefined);
    const later = (): void => {
      // The extraction stage's modules too: a case with a PDF loads them after the last probe anyway (issue 15).
      void Promise.all([
        import('../group/index.js'), import('./classify.js'),
        import('../extract/index.js'), import('../extract/ocr/cache.js'), import('../extract/ocr/user-options.js'),
      ]).catch(() => undefined);
      whileDecoding?.();
    };
    if (prereader) void prereader.load().then(later);
    else later();
  };
}

function probeHelperFor(options: ScanOptions): ProbeHelper | undefined {
  if (options.probeHelper === false) return undefined;
  // On a busy machine the second thread only competes with the first (and with V8's own threads).
  if (options.probeHelper === undefined && (availableParallelism() < 2 || (loadavg()[0] ?? 0) >= availableParallelism())) return undefined;
  return new ProbeHelper(probeOptionsOf(options), options.probeHelper ? 0 : PROBE_HELPER_MIN_FILES);
}

/** What a probe reads of the scan's options: plain values, as a message to the helper thread must be. */
function probeOptionsOf(options: ScanOptions): ProbeOptions {
  const { extractText, maxTextChars, maxTextPages } = options;
  return {
    ...(extractText !== undefined ? { extractText } : {}),
    ...(maxTextChars !== undefined ? { maxTextChars } : {}),
    ...(maxTextPages !== undefined ? { maxTextPages } : {}),
  };
}

function probeTarget(file: WalkedFile | ExpandedFile): ProbeTarget {
  return { relPath: file.path, absPath: file.absPath, size: file.size };
}

/**
 * Whether the extraction stage could find anything: text layers are in PDFs and encapsulated PDFs,
 * OCR reads PDFs and pictures. A CD of images never loads it (nor its OCR engine, crypto, workers).
 */
function mayHoldText(files: readonly FileEntry[]): boolean {
  return files.some((f) => f.family === 'pdf' || f.family === 'image' || f.family === 'tiff' || f.dicom?.kind === 'encapsulated-pdf');
}

async function extractProbed(root: string, walked: WalkResult, files: FileEntry[], findings: Finding[], input: CaseInput, options: ScanOptions): Promise<ProbedCase> {
  const progress = options.onProgress ?? (() => undefined);
  // Only the files that are not at root/path (a link made for a name that is not UTF-8, an archive's unpacked
  // file) are looked up: a map of every path, and the walk's list the closure kept alive through group and
  // classify, were a second copy of the inventory (issue 15, memory flat in the number of files).
  const caseRoot = walked.root;
  const elsewhere = new Map<string, string>();
  for (const f of walked.files) if (f.absPath !== `${caseRoot}${path.sep}${f.path}`) elsewhere.set(f.path, f.absPath);
  const absPathOf = (rel: string): string => elsewhere.get(rel) ?? path.join(caseRoot, rel);
  if (!mayHoldText(files)) return { files, findings, texts: new Map(), skippedJunk: walked.skippedJunk, absPathOf };

  const [{ createOcrEngine, extractCase }, { withOcrCache }, { defaultOcrOptions, ocrOptionsForCase }] = await Promise.all([
    import('../extract/index.js'), import('../extract/ocr/cache.js'), import('../extract/ocr/user-options.js'),
  ]);
  // Before group: identity checks and duplicates must see the text OCR read.
  progress({ phase: 'extract', done: 0, total: files.length });
  const partlyExamined = new Set(findings.filter((f) => f.code === 'PDF_PARTLY_EXAMINED').flatMap((f) => f.paths));
  const ocr = ocrOptionsForCase({ ...defaultOcrOptions(), ...options.ocr }, input.caseFile);
  // The pool is made here (lazily: no worker starts unless a file needs OCR) so the cache can sit in front of it.
  const ocrEngine = options.ocrEngine ?? (ocr.enabled ? withOcrCache(createOcrEngine({ jobs: ocr.jobs }), ocr, { caseRoot: root, onFinding: (f) => findings.push(f) }) : undefined);
  let extracted;
  try {
    extracted = await extractCase(files, {
      absPathOf, skipOcr: partlyExamined, ocr,
      ...(ocrEngine ? { ocrEngine } : {}),
      ...(options.signal ? { signal: options.signal } : {}), ...(options.maxTextPages ? { probedPages: options.maxTextPages } : {}),
    });
  } finally {
    if (!options.ocrEngine) await ocrEngine?.close();
  }
  for (const f of extracted.findings) findings.push(f);
  for (const [rel, text] of extracted.texts) options.collectText?.set(rel, text);
  return { files, findings, texts: extracted.texts, skippedJunk: walked.skippedJunk, absPathOf };
}

function scanResult(root: string, probed: ProbedCase, grouped: Pick<ScanResult, 'duplicates' | 'patients'> & { studies: ScanResult['dicom']['studies'] }): ScanResult {
  return {
    schemaVersion: SCAN_SCHEMA_VERSION,
    tool: { name: 'casepack', version: VERSION },
    root,
    summary: summarize(probed.files, probed.skippedJunk),
    files: probed.files,
    dicom: { studies: grouped.studies },
    duplicates: grouped.duplicates,
    patients: grouped.patients,
    findings: probed.findings,
  };
}

/** Group and classify probed files (written into `probed`'s entries and findings): the rest of a scan. */
export async function groupAndClassify(root: string, input: CaseInput, probed: ProbedCase, options: Pick<ScanOptions, 'onProgress' | 'today'> = {}): Promise<ScanResult> {
  const [{ groupCase }, { classifyCase }] = await Promise.all([import('../group/index.js'), import('./classify.js')]);
  const progress = options.onProgress ?? (() => undefined);
  const { files, findings, absPathOf } = probed;
  // What probing left (the walk's and probes' intermediate lists, a CD's DICOMDIR records: promoted, and
  // never collected before the scan ends) would stay under everything group and classify add (issue 15).
  // Loaded only then: node:v8 and node:vm are not a small scan's start-up.
  if (files.length >= SCAN_COLLECT_FROM_FILES) (await import('../util/collect-garbage.js')).collectGarbageOfLargeCase(files.length, SCAN_COLLECT_FROM_FILES);
  progress({ phase: 'group', done: 0, total: files.length });
  const incomplete = new Set(findings.filter((f) => INCOMPLETE_CODES.has(f.code)).flatMap((f) => f.paths));
  const grouped = await groupCase(files, { absPathOf, incomplete, ...(input.caseFile ? { caseFile: input.caseFile } : {}) });
  for (const f of grouped.findings) findings.push(f);

  const scan = scanResult(root, probed, grouped);
  if (grouped.casePatient) scan.casePatient = grouped.casePatient;
  if (input.loaded.path) scan.caseFile = { path: CASE_FILE_NAME, valid: input.loaded.caseFile !== undefined };

  progress({ phase: 'classify', done: 0, total: files.length });
  const today = options.today ?? probed.prereader?.today();
  const classified = await classifyCase(scan, {
    caseFile: input.caseFile,
    today,
    absPathOf,
    extracted: probed.texts,
    prereads: probed.prereader?.finish(),
  });
  scan.findings = sortFindings([...scan.findings, ...classified]);
  return scan;
}

/** Set once `expandArchives` has run in this process (see probeCase). */
let archivesUnpackedBefore = false;

/**
 * Probe every walked file, then unpack the archives among them (portal
 * downloads) privately and probe their files as part of the case. Walked
 * files unpacked this way are added to `walked.files`, so later stages find
 * them on disk. Findings are added to `findings` in place.
 */
async function probeCase(root: string, walked: WalkResult, findings: Finding[], options: ScanOptions, helper: ProbeHelper | undefined, prereader: TextPrereader | undefined): Promise<FileEntry[]> {
  const progress = options.onProgress ?? (() => undefined);
  const concurrency = options.concurrency ?? 16;
  let done = 0;
  let total = walked.files.length;
  const counted = <T>(output: T): T => {
    done++;
    if (done % 50 === 0 || done === total) progress({ phase: 'probe', done, total });
    return output;
  };
  // Nothing to probe (and no earlier unpacked copies to release, see below).
  if (total === 0 && !archivesUnpackedBefore) return [];
  // The probes load with the first file to probe (start-up, issue 15).
  const { probeFile } = await import('../probe/index.js');
  const probeOne = async (target: ProbeTarget): Promise<ProbeOutput> => {
    const output = counted(await probeFile(target, options));
    prereader?.offer(target.relPath, output);
    return output;
  };
  const entryOf = (walkedFile: WalkedFile | ExpandedFile, output: ProbeOutput): FileEntry => {
    const { findings: probeFindings, ...meta } = output;
    for (const f of probeFindings) findings.push(f);
    const origin = 'fromArchive' in walkedFile ? { fromArchive: walkedFile.fromArchive } : {};
    return { path: walkedFile.path, size: walkedFile.size, mtimeMs: walkedFile.mtimeMs, ...origin, ...meta };
  };

  // With a helper thread, the main thread takes batches from the back of its queue until none is left;
  // then whatever neither has probed (files the helper leaves, a small case) is probed here as before.
  const probedHere = new Map<string, ProbeOutput>();
  if (helper) {
    do {
      for (let batch = helper.takeBatch(); batch; batch = helper.takeBatch()) {
        const outputs = await mapLimit(batch, concurrency, probeOne);
        batch.forEach((target, i) => { const output = outputs[i]; if (output) probedHere.set(target.relPath, output); });
        // Lets the helper's replies in, so it is sent its next batch while this thread works on.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      await helper.settle();
    } while (helper.hasQueued());
  }
  const outputOf = (relPath: string): ProbeOutput | undefined => helper?.result(relPath) ?? probedHere.get(relPath);
  const left = walked.files.filter((f) => outputOf(f.path) === undefined);
  const leftOutputs = await mapLimit(left, concurrency, (f) => probeOne(probeTarget(f)));
  left.forEach((f, i) => { const output = leftOutputs[i]; if (output) probedHere.set(f.path, output); });
  // Findings in file order, whichever thread probed which file.
  const files = walked.files.map((f) => entryOf(f, outputOf(f.path) as ProbeOutput));
  if (options.archives === false) return files;
  // The archives' code loads with the first archive found (start-up, issue 15). Once it has unpacked
  // anything in this process, every scan goes through it: it releases an earlier scan's unpacked copies.
  if (!files.some((f) => f.archive) && !archivesUnpackedBefore) return files;
  archivesUnpackedBefore = true;

  const { expandArchives, withoutExpandedNotices } = await import('../walk/archive/index.js');
  const candidates = files.flatMap((f, i) => (f.archive && walked.files[i] ? [{ ...walked.files[i], format: f.archive.format }] : []));
  const expansion = await expandArchives([root, walked.root], candidates, options.archives);
  // Loops, not spread arguments: a case can hold more entries than a call may take.
  const kept = [...withoutExpandedNotices(findings, expansion.expanded), ...expansion.findings];
  findings.length = 0;
  for (const f of kept) findings.push(f);
  total += expansion.files.length;
  const expandedOutputs = await mapLimit(expansion.files, concurrency, (f) => probeOne(probeTarget(f)));
  expansion.files.forEach((f, i) => files.push(entryOf(f, expandedOutputs[i] as ProbeOutput)));
  for (const entry of expansion.files) walked.files.push(entry);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return files;
}

function summarize(files: readonly FileEntry[], skippedJunk: number): ScanResult['summary'] {
  const byFamily: Record<string, number> = {};
  let bytes = 0;
  for (const file of files) {
    byFamily[file.family] = (byFamily[file.family] ?? 0) + 1;
    bytes += file.size;
  }
  return { files: files.length, bytes, byFamily, skippedJunk };
}
