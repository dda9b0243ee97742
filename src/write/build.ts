import { constants as fsConstants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CaseFile } from '../casefile/schema.js';
import { finding } from '../findings/codes.js';
import { caseSourcePath } from '../walk/source-path.js';
import { categoryDefinition } from '../model/categories.js';
import type { CheckResult } from '../model/check.js';
import type { Finding } from '../model/finding.js';
import type { FileEntry, ScanResult } from '../model/scan.js';
import { INDEX_PDF, MANIFEST_JSON, MANIFEST_SHA256 } from '../plan/plan.js';
import type { CopyEntry, LeftOut, MergedPdfEntry, MergeSource, PacketPlan } from '../plan/schema.js';
import { collectGarbageOfLargeCase } from '../util/collect-garbage.js';
import { DiskFullError, errorCode, isDiskFull } from '../util/errors.js';
import { makePrivateTempDir, type PrivateTempDir } from '../util/tempdir.js';
import { VERSION } from '../version.js';
import { openAtomicFile, OutputRefusedError, publishSidecar, removeStaleSignature } from './atomic.js';
import { foldGlyphFindings } from './glyph-finding.js';
import { buildIndexModel, letterDay, type IndexInputs, type PacketPartListing } from './index-model.js';
import type { MissingGlyphs } from './index-pdf.js';
import { manifestOfPacked, PackedManifestEntries, type ManifestSubject } from './manifest-entries.js';
import { MANIFEST_SCHEMA_VERSION, manifestJsonPieces, sha256sumPieces, type Manifest, type ManifestEntry } from './manifest-schema.js';
import type { MergedSourceResult, PacketText } from './merge.js';
import { ZIP_WINDOW, ZipWriter, type FileSource } from './zip.js';

export { OutputRefusedError };

/**
 * The modules that merge and draw the packet's PDFs: pdf-lib, fontkit, the index, the cover letter, the
 * treatment summary with its charts and the tumour-marker readers they share with the classifier (~0.3 s CPU
 * to load). Loaded on demand, not with this module, so a build's scan (and its text-extraction workers) starts
 * without waiting for them. Starting the load early, while the scan's workers read the PDFs, was measured
 * and did not pay on 2 cores: both are busy with those workers then (docs/performance.md, slice s10-f).
 */
export interface PacketRenderers {
  renderIndex: typeof import('./index-pdf.js').renderIndex;
  renderPacketDocuments: typeof import('./packet-documents.js').renderPacketDocuments;
  mergeGroupToFile: typeof import('./merge.js').mergeGroupToFile;
}

let renderers: Promise<PacketRenderers> | undefined;

/** Load the packet's PDF writers once; later calls share the first load. */
export function loadPacketRenderers(): Promise<PacketRenderers> {
  renderers ??= Promise.all([import('./index-pdf.js'), import('./packet-documents.js'), import('./merge.js')])
    .then(([index, documents, merge]) => ({ renderIndex: index.renderIndex, renderPacketDocuments: documents.renderPacketDocuments, mergeGroupToFile: merge.mergeGroupToFile }));
  return renderers;
}

export interface BuildProgress {
  phase: 'scan' | 'merge' | 'index' | 'zip' | 'done';
  files: number;
  totalFiles: number;
  bytes: number;
  totalBytes: number;
}

export interface BuildResult {
  /** False when the build stopped (e.g. a source changed); no file is then at `output`. */
  written: boolean;
  output: string;
  packetBytes: number;
  /** SHA-256 (hex) of the packet as written, also in `<output>.sha256`; null when not written. */
  packetSha256: string | null;
  plan: PacketPlan;
  manifest: Manifest | null;
  findings: Finding[];
  summary: { entries: number; mergedPdfs: number; copiedAsIs: number; leftOut: number; sourceBytes: number; encrypted: boolean; durationMs: number };
  /** The index PDF as packed, so the parts of a split packet carry the same one. */
  indexPdf?: Uint8Array;
  /** `build --split`: every part written (part 1 is `output`), and the limit they were made under. */
  split?: { limitBytes: number; parts: PacketPartResult[] };
}

/** One part of a split packet as written. */
export interface PacketPartResult {
  part: number;
  output: string;
  packetBytes: number;
  packetSha256: string | null;
  entries: number;
}

/** Everything the writer needs, decided by the pipeline (scan, case file, plan, date). */
export interface PacketInput {
  /** The case folder the sources are read from (never written). */
  root: string;
  /** Real path of the packet, already checked by `checkOutputPath`. */
  target: string;
  /** Replace a file at the target (and its `.sha256`); without it a file that appears there during the build is never replaced. */
  force?: boolean;
  scan: ScanResult;
  caseFile: CaseFile | undefined;
  plan: PacketPlan;
  /** Time written into the packet (reproducible). */
  date: Date;
  /** Checklist result and its rendered reports, packed as Checklist_Report.html/.md. */
  check?: CheckResult;
  reports?: { html: string; markdown: string };
  /** Encrypt with AES-256 using this password. */
  password?: string;
  /** Password to open password-protected source PDFs so they can be merged. */
  pdfPassword?: string;
  /** Text the extraction stage recognised (OCR), by case-relative path: laid invisibly over scanned pages and photos. */
  texts?: ReadonlyMap<string, PacketText>;
  onProgress?: (progress: BuildProgress) => void;
  /**
   * A part of a split packet: the index (and cover letter) describe `plan`,
   * the whole packet, with `parts` saying which part holds what; `bytes`, the
   * index part 1 packed, is packed again as it is by the other parts.
   */
  index?: { plan: PacketPlan; parts: PacketPartListing; bytes?: Uint8Array };
  /** When the build started (`Date.now()`), for the summary's duration. */
  started: number;
}

class SourceChangedError extends Error {
  constructor(readonly source: string) { super(`source changed: ${source}`); }
}

interface ResolvedEntry {
  path: string;
  store: boolean;
  sources: string[];
  category: ManifestEntry['category'];
  date: string | null;
  derivation: ManifestEntry['derivation'];
  /** Absolute file to stream: a staged merged PDF or a case file. */
  file?: string;
  /** Case-relative source checked against the scan before and after copying. */
  checkSource?: string;
  buffer?: Buffer;
}

/**
 * A file copied as it is, packed straight from its plan entry: at 20,000
 * files a ResolvedEntry each (with its absolute path and sources array) was
 * a second copy of the plan held through the whole ZIP.
 */
type PackedEntry = ResolvedEntry | CopyEntry;

/**
 * What the change checks compare a source with: its size and mtime as the
 * scan saw them, and its inode, device and ctime when the build began (a
 * rewrite restoring size and mtime still moves ctime; a Stats each cost ~10x
 * as much). Copied out of the scan so the ZIP step holds no scan records.
 */
interface SourceFacts {
  size: number;
  mtimeMs: number;
  fromArchive: boolean;
  /** False until the source was opened at the start of the build (then ino, dev and ctimeMs are its identity). */
  opened: boolean;
  ino: number;
  dev: number;
  ctimeMs: number;
}

const FACT_NUMBERS = 5;
const FROM_ARCHIVE = 1;
const OPENED = 2;

/**
 * Every planned source's facts, five numbers and two flags a source in typed
 * arrays (an object with boxed doubles each was ~0.1 KB a file held through
 * the ZIP step); `get` makes a SourceFacts for the one check that asks.
 */
class SourceFactsTable {
  private readonly rows = new Map<string, number>();
  private numbers = new Float64Array(FACT_NUMBERS * 64);
  private flags = new Uint8Array(64);

  add(rel: string, size: number, mtimeMs: number, fromArchive: boolean): void {
    const row = this.rows.size;
    if (row === this.flags.length) this.grow();
    this.rows.set(rel, row);
    this.numbers.set([size, mtimeMs, 0, 0, 0], row * FACT_NUMBERS);
    this.flags[row] = fromArchive ? FROM_ARCHIVE : 0;
  }

  /** The source was opened at the start of the build: its identity then. */
  opened(rel: string, ino: number, dev: number, ctimeMs: number): void {
    const row = this.rows.get(rel);
    if (row === undefined) return;
    this.numbers.set([ino, dev, ctimeMs], row * FACT_NUMBERS + 2);
    this.flags[row] = (this.flags[row] as number) | OPENED;
  }

  /** Opening it failed after all: no identity to compare. */
  notOpened(rel: string): void {
    const row = this.rows.get(rel);
    if (row !== undefined) this.flags[row] = (this.flags[row] as number) & ~OPENED;
  }

  get(rel: string): SourceFacts | undefined {
    const row = this.rows.get(rel);
    if (row === undefined) return undefined;
    const at = row * FACT_NUMBERS;
    const n = this.numbers;
    const flags = this.flags[row] as number;
    return { size: n[at] as number, mtimeMs: n[at + 1] as number, fromArchive: (flags & FROM_ARCHIVE) !== 0, opened: (flags & OPENED) !== 0, ino: n[at + 2] as number, dev: n[at + 3] as number, ctimeMs: n[at + 4] as number };
  }

  private grow(): void {
    const numbers = new Float64Array(this.numbers.length * 2);
    numbers.set(this.numbers);
    const flags = new Uint8Array(this.flags.length * 2);
    flags.set(this.flags);
    this.numbers = numbers;
    this.flags = flags;
  }
}

/** One packet being written: its input and what the steps gather along the way. */
interface Writing {
  input: Omit<PacketInput, 'scan'>;
  /**
   * The scan, until the index is drawn; then let go, so a large case's
   * per-file records (DicomInfo, classifications, paths) are not held
   * through the ZIP step when the caller keeps no other reference.
   */
  scan: ScanResult | undefined;
  findings: Finding[];
  /** Each planned source as the scan saw it and as it was when the build began. */
  sources: SourceFactsTable;
  sourceBytes: number;
  progress: (progress: BuildProgress) => void;
  resolved: PackedEntry[];
  merged: IndexInputs['merged'];
  asIs: IndexInputs['asIs'];
  indexPdf?: Uint8Array;
}

/**
 * Write the packet the pipeline planned: merge per category into a private
 * staging folder beside the target, write the index, then stream everything
 * into a ZIP under a temporary name and rename it into place. A source that
 * changes while it is read stops the build (BUILD_SOURCE_CHANGED) and leaves
 * nothing at the target.
 */
export function writePacket(input: PacketInput): Promise<BuildResult> {
  // Not async itself: its frame (and so `input`) is gone once the writing starts, and the scan can go with `w.scan`.
  const { scan, ...rest } = input;
  return writeFromScan({
    input: rest,
    scan,
    findings: [],
    sources: new SourceFactsTable(),
    sourceBytes: 0,
    progress: input.onProgress ?? (() => undefined),
    resolved: [],
    merged: new Map(),
    asIs: [],
  });
}

async function writeFromScan(w: Writing): Promise<BuildResult> {
  const { input } = w;
  const { target } = input;
  await leaveOutUnreadable(w);
  const { plan } = w.input;
  w.sourceBytes = plan.entries.reduce((n, e) => n + (e.kind === 'copy' ? e.size : e.kind === 'merged-pdf' ? e.sources.reduce((m, s) => m + s.size, 0) : 0), 0);
  const encrypted = input.password !== undefined;
  let staging: PrivateTempDir | undefined;
  let atomic: Awaited<ReturnType<typeof openAtomicFile>> | undefined;
  let zip: ZipWriter | undefined;
  try {
    staging = await makePrivateTempDir({ parent: path.dirname(target), prefix: '.casepack-staging-' });
    atomic = await openAtomicFile(target, { force: input.force });
    // 1. Merge, one group at a time (memory bounded by the size cap).
    await resolveEntries(w, staging);
    // 2. The index, now that page counts and copied-as-is files are known.
    const packed = await withGeneratedFiles(w);
    const fileCount = w.scan?.files.length ?? 0;
    // From here on only the plan and the sources' facts are read.
    w.scan = undefined;
    // Scanning, checking, planning and the index leave garbage V8 would keep through the whole ZIP step.
    collectGarbageOfLargeCase(fileCount);
    // 3. The ZIP: entries in plan order, each hashed as it streams.
    zip = new ZipWriter(atomic.stream, { date: input.date, password: input.password });
    const { manifest, packetBytes, bytesDone } = await packZip(w, zip, packed);
    await atomic.commit();
    if (input.force) await removeStaleSignature(target);
    await publishSidecar(target, zip.sha256(), input.force ?? false);
    w.progress({ phase: 'done', files: packed.length, totalFiles: packed.length, bytes: bytesDone, totalBytes: w.sourceBytes });
    const summary = summarize(plan, packed.length + 2, w.asIs.length, w.sourceBytes, encrypted, input.started);
    return { written: true, output: target, packetBytes, packetSha256: zip.sha256(), plan, manifest, findings: w.findings, summary, ...(w.indexPdf ? { indexPdf: w.indexPdf } : {}) };
  } catch (err) {
    zip?.abort();
    await atomic?.discard();
    if (err instanceof SourceChangedError) {
      w.findings.push(finding('BUILD_SOURCE_CHANGED', err.source));
      return { written: false, output: target, packetBytes: 0, packetSha256: null, plan, manifest: null, findings: w.findings, summary: summarize(plan, 0, 0, w.sourceBytes, encrypted, input.started) };
    }
    // A full disk is the tool's own failure (exit 3), said plainly; the temp file's name would mean nothing to the user.
    if (isDiskFull(err) && !(err instanceof DiskFullError)) throw new DiskFullError(`the packet ${target}`, err);
    throw err;
  } finally {
    await staging?.remove();
  }
}

/** Case-relative paths of every case file the plan reads: copies, PDFs copied as they are, merge sources. */
function plannedSources(plan: PacketPlan): string[] {
  const sources = new Set<string>();
  for (const entry of plan.entries) {
    if (entry.kind === 'copy') sources.add(entry.source);
    else if (entry.kind === 'merged-pdf') for (const s of entry.sources) sources.add(s.source);
  }
  return [...sources];
}

/**
 * Open every source before anything is written: one that cannot be read now
 * (permissions changed since the scan, a bad sector, EACCES/EIO/EISDIR) is
 * left out with the WALK_UNREADABLE finding scan gives, and listed as a
 * problem file in the index and manifest; the packet is still written. The
 * identity (inode, ctime, size, mtime) of each readable one is kept to catch
 * a rewrite later. A vanished source is left to the change checks.
 */
async function leaveOutUnreadable(w: Writing): Promise<void> {
  const unreadable = new Map<string, string>();
  // One byte read from each source proves it readable; one buffer serves them all.
  const probe = Buffer.alloc(1);
  const scanned = byPath(w.scan?.files ?? []);
  for (const rel of plannedSources(w.input.plan)) {
    const known = scanned.get(rel);
    // A source the scan does not know fails every change check (as it did when the scan was looked up then).
    if (known) w.sources.add(rel, known.size, known.mtimeMs, Boolean(known.fromArchive));
    let handle;
    try {
      // Non-blocking: a source swapped for a FIFO since the scan must not hang the build on open().
      handle = await open(caseSourcePath(w.input.root, rel), fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
      const info = await handle.stat();
      // No longer a regular file (a folder, a pipe): a changed source, which the size check stops.
      if (!info.isFile()) continue;
      w.sources.opened(rel, info.ino, info.dev, info.ctimeMs);
      await handle.read(probe, 0, 1, 0);
    } catch (err) {
      w.sources.notOpened(rel);
      if (errorCode(err) !== 'ENOENT' && errorCode(err) !== 'ENOTDIR') unreadable.set(rel, errorCode(err));
    } finally {
      await handle?.close();
    }
  }
  if (unreadable.size === 0) return;
  const leftOut: LeftOut[] = [];
  for (const [rel, reason] of [...unreadable].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const f = finding('WALK_UNREADABLE', rel, { details: { reason } });
    w.findings.push(f);
    leftOut.push({ source: rel, reason: 'problem-file', detail: f.message, codes: ['WALK_UNREADABLE'] });
  }
  w.input = { ...w.input, plan: withoutSources(w.input.plan, new Set(unreadable.keys()), leftOut) };
}

/** The plan without `gone` sources (a merged PDF left with none is dropped), and `leftOut` added to its left-out list. */
function withoutSources(plan: PacketPlan, gone: ReadonlySet<string>, leftOut: LeftOut[]): PacketPlan {
  const entries = plan.entries.flatMap((entry): PacketPlan['entries'] => {
    if (entry.kind === 'copy') return gone.has(entry.source) ? [] : [entry];
    if (entry.kind !== 'merged-pdf') return [entry];
    const sources = entry.sources.filter((s) => !gone.has(s.source));
    return sources.length === 0 ? [] : [{ ...entry, sources }];
  });
  return { ...plan, entries, leftOut: [...plan.leftOut, ...leftOut] };
}

/**
 * Throws SourceChangedError when a source is gone or differs from the scan
 * (size, mtime, bytes read) or from when the build began (inode, ctime: a
 * rewrite that keeps the size and puts the mtime back still moves the ctime,
 * which no user call can set).
 */
async function assertUnchanged(w: Writing, rel: string, bytesSeen?: number): Promise<void> {
  const known = w.sources.get(rel);
  const now = await stat(caseSourcePath(w.input.root, rel)).catch(() => undefined);
  // A file unpacked from an archive carries the archive entry's time, not its private copy's.
  const timeChanged = !known?.fromArchive && Math.abs((now?.mtimeMs ?? 0) - (known?.mtimeMs ?? 0)) > 1;
  const replaced = known?.opened === true && now !== undefined && (now.ino !== known.ino || now.dev !== known.dev || now.ctimeMs !== known.ctimeMs);
  if (!known || !now || now.size !== known.size || timeChanged || replaced || (bytesSeen !== undefined && bytesSeen !== known.size)) throw new SourceChangedError(rel);
}

/** A source that could not be merged goes into the packet as it is, with a finding that says why. */
function addAsIs(w: Writing, source: string, packetPath: string, title: string, date: string | null, category: ManifestEntry['category'], reason: string): void {
  const what = packetPath.toLowerCase().endsWith('.pdf') ? 'This PDF' : 'This photo';
  w.findings.push(finding('BUILD_PDF_COPIED_AS_IS', source, { message: `${what} could not be merged (${reason}) and was copied as it is to ${packetPath}.`, details: { packetPath, reason } }));
  w.resolved.push({ path: packetPath, store: false, sources: [source], category, date, derivation: 'copied-as-is', file: caseSourcePath(w.input.root, source), checkSource: source });
  w.asIs.push({ source, path: packetPath, title, date, category: category ? categoryDefinition(category).displayName : 'Other' });
}

/** Turn each plan entry into something to pack: merged PDFs staged, copies and generated files named. */
async function resolveEntries(w: Writing, staging: PrivateTempDir): Promise<void> {
  const { plan, reports } = w.input;
  // Only PDFs copied as they are need their scan record here: no map of every file for a CD.
  let scanned: Map<string, FileEntry> | undefined;
  let mergedDone = 0;
  const mergedTotal = plan.entries.filter((e) => e.kind === 'merged-pdf').length;
  for (const entry of plan.entries) {
    if (entry.kind === 'merged-pdf') {
      w.progress({ phase: 'merge', files: mergedDone++, totalFiles: mergedTotal, bytes: 0, totalBytes: w.sourceBytes });
      await mergeEntry(w, entry, staging);
    } else if (entry.kind === 'copy' && entry.role === 'pdf-as-is') {
      scanned ??= byPath(w.scan?.files ?? []);
      const file = scanned.get(entry.source);
      const reason = file?.pdf?.needsPassword ? 'it needs a password' : file?.pdf?.damaged ? 'it is damaged' : 'it is too large to merge within the memory bound; raise --max-pdf-mb to merge it';
      addAsIs(w, entry.source, entry.path, file?.classification?.title ?? (entry.category ? categoryDefinition(entry.category).displayName : 'Document'), entry.date, entry.category, reason);
    } else if (entry.kind === 'copy') {
      w.resolved.push(entry);
    } else if (entry.path.endsWith('.pdf') || (reports && (entry.generator === 'report-html' || entry.generator === 'report-markdown'))) {
      w.resolved.push({ path: entry.path, store: false, sources: [], category: null, date: null, derivation: 'generated' });
    }
  }
}

/** Merge one group into a staged PDF; sources that fail go in as they are (or stay with their DICOM study). */
async function mergeEntry(w: Writing, entry: MergedPdfEntry, staging: PrivateTempDir): Promise<void> {
  // Streamed to the staging file as it merges: memory holds one source at a time, not the merged PDF.
  const staged = staging.resolve(`merged-${w.resolved.length}.pdf`);
  const { mergeGroupToFile } = await loadPacketRenderers();
  const result = await mergeGroupToFile(entry, staged, {
    root: w.input.root,
    date: w.input.date,
    title: mergedTitle(entry),
    onSourceRead: (source: MergeSource, bytes) => assertUnchanged(w, source.source, bytes.length),
    pdfPassword: w.input.pdfPassword,
    texts: w.input.texts,
  });
  // The scan already flags a page it read with low confidence; the writer adds one only for text it was handed without that finding.
  const flagged = new Set((w.scan?.findings ?? []).filter((f) => f.code === 'OCR_LOW_CONFIDENCE').flatMap((f) => f.paths));
  for (const m of result.merged) if (m.lowConfidencePages.length > 0 && !flagged.has(m.source.source)) w.findings.push(lowConfidenceFinding(m, entry.path));
  if (result.merged.length > 0) {
    w.resolved.push({ path: entry.path, store: false, sources: result.merged.map((m) => m.source.source), category: entry.category, date: entry.date, derivation: 'merged', file: staged });
    w.merged.set(entry.path, result.merged.map((m) => ({ source: m.source.source, pages: m.pages, title: m.source.title, date: m.source.date, start: m.source.start, ...(m.source.fileDated ? { fileDated: m.source.fileDated } : {}), category: entry.category ? categoryDefinition(entry.category).displayName : 'Other', ocr: m.ocrPages.length > 0 ? { lowConfidencePages: m.lowConfidencePages } : undefined })));
  }
  for (const failure of result.failed) {
    if (!failure.source.fallbackPath) {
      w.findings.push(finding('BUILD_PDF_COPIED_AS_IS', failure.source.source, { message: 'The PDF inside this DICOM file could not be merged; the DICOM file itself is in the packet with its imaging study.' }));
      continue;
    }
    const reason = failure.reason === 'needs-password' ? 'it needs a password' : failure.reason === 'damaged' ? 'it is damaged' : 'the picture could not be decoded';
    addAsIs(w, failure.source.source, failure.source.fallbackPath, failure.source.title, failure.source.date, entry.category, reason);
  }
}

/** A recognised page too unsure to trust: a person compares it with the paper (or the picture) by eye. */
function lowConfidenceFinding(m: MergedSourceResult, packetPath: string): Finding {
  const pages = m.lowConfidencePages.map((i) => i + 1);
  const where = m.source.kind === 'image' ? 'this photo' : `${pages.length === 1 ? 'page' : 'pages'} ${pages.join(', ')} of this scan`;
  return finding('OCR_LOW_CONFIDENCE', m.source.source, {
    message: `The text recognised on ${where} is uncertain; its bookmark, date or category in ${packetPath} may be wrong.`,
    details: { packetPath, pages },
  });
}

/** Characters the index drew as `?`, field by field: the reader must not take `???` for the name. */
function missingGlyphsFinding(missing: MissingGlyphs[]): Finding {
  const listed = missing.slice(0, 5).map((m) => `${m.field} (${m.characters.slice(0, 10).join('')})`).join('; ');
  const more = missing.length > 5 ? `; and ${missing.length - 5} more` : '';
  // Case-relative paths only: the fields are named in the message, the index itself is no file of the case.
  return finding('FONT_MISSING_GLYPHS', [], {
    message: `The index PDF (${INDEX_PDF}) shows "?" for characters its fonts cannot draw: ${listed}${more}.`,
    details: { fields: missing.map((m) => ({ field: m.field, characters: m.characters.join('') })) },
  });
}

/** Render the index and fill in the generated files; return the entries in packing order. */
async function withGeneratedFiles(w: Writing): Promise<PackedEntry[]> {
  const { root, check, caseFile, plan, date, reports } = w.input;
  const { scan } = w;
  if (!scan) throw new Error('the index is drawn from the scan, which the writer lets go of only after it');
  w.progress({ phase: 'index', files: 0, totalFiles: 1, bytes: 0, totalBytes: w.sourceBytes });
  const { index: split } = w.input;
  // A part of a split packet describes the whole packet; the parts after the first pack part 1's index as it is.
  const inputs = { caseName: path.basename(path.resolve(root)), scan, check, caseFile, plan: split?.plan ?? plan, merged: w.merged, asIs: w.asIs, generatedAt: date, letterDate: letterDay(caseFile, new Date()), tool: `casepack ${VERSION}`, ...(split ? { parts: split.parts } : {}) };
  const { renderIndex, renderPacketDocuments } = await loadPacketRenderers();
  const index = split?.bytes ? { bytes: split.bytes, missingGlyphs: [] as MissingGlyphs[] } : await renderIndex(buildIndexModel(inputs), date);
  const documents = split?.bytes ? { bytes: new Map<string, Uint8Array>(), findings: [] } : await renderPacketDocuments(inputs);
  const indexGlyphs = index.missingGlyphs.length > 0 ? missingGlyphsFinding(index.missingGlyphs) : undefined;
  w.findings.push(...foldGlyphFindings(indexGlyphs, index.missingGlyphs.flatMap((m) => m.characters), documents.findings));
  w.indexPdf = index.bytes;
  const indexBytes = Buffer.from(index.bytes);
  for (const r of w.resolved) {
    if (isCopy(r) || r.derivation !== 'generated') continue;
    if (r.path.endsWith('.pdf')) r.buffer = documents.bytes.has(r.path) ? Buffer.from(documents.bytes.get(r.path) as Uint8Array) : indexBytes;
    else if (r.path.endsWith('.html')) r.buffer = Buffer.from(reports?.html ?? '', 'utf8');
    else if (r.path.endsWith('.md')) r.buffer = Buffer.from(reports?.markdown ?? '', 'utf8');
  }
  // ZIP order: index, merged PDFs, PDFs copied as they are, then folders and files, reports last.
  const rank = (r: PackedEntry): number => isCopy(r) ? 3 : r.derivation === 'generated' ? (r.path.endsWith('.pdf') ? 0 : 4) : r.derivation === 'merged' ? 1 : r.derivation === 'copied-as-is' ? 2 : 3;
  // Array sort is stable: equal ranks keep plan order, without a wrapper object per file.
  return w.resolved.sort((a, b) => rank(a) - rank(b));
}

/** Stream every entry into the ZIP, checking each source around its copy, then the manifest and checksums. */
async function packZip(w: Writing, zip: ZipWriter, packed: readonly PackedEntry[]): Promise<{ manifest: Manifest; packetBytes: number; bytesDone: number }> {
  const { root, check, date, plan } = w.input;
  // In packing order, so entry i is packed[i]: its size and hash are all the ZIP step adds.
  const manifestEntries = new PackedManifestEntries(packed.length, (i) => manifestSubject(packed[i] as PackedEntry));
  let bytesDone = 0;
  // Up to ZIP_WINDOW entries in flight: the next ones are read and deflated while the oldest is written.
  const inFlight: { entry: ResolvedEntry; added: Promise<{ size: number; sha256: string }> }[] = [];
  const settleOldest = async (): Promise<void> => {
    const { entry, added } = inFlight.shift() as (typeof inFlight)[number];
    const { size, sha256 } = await added;
    // A generated file's bytes are packed now; the manifest keeps the entry but not them.
    entry.buffer = undefined;
    manifestEntries.push(size, sha256);
    bytesDone += size;
    w.progress({ phase: 'zip', files: manifestEntries.length, totalFiles: packed.length, bytes: bytesDone, totalBytes: w.sourceBytes });
  };
  w.progress({ phase: 'zip', files: 0, totalFiles: packed.length, bytes: 0, totalBytes: w.sourceBytes });
  for (const planned of packed) {
    const entry = isCopy(planned) ? copyEntry(planned, root) : planned;
    const added = addEntry(w, zip, entry);
    // Awaited in order below; a failure while an earlier entry is awaited must not be an unhandled rejection.
    added.catch(() => undefined);
    inFlight.push({ entry, added });
    if (inFlight.length >= ZIP_WINDOW) await settleOldest();
  }
  while (inFlight.length) await settleOldest();
  const outline = {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    tool: { name: 'casepack', version: VERSION },
    case: path.basename(path.resolve(root)),
    generatedAt: date.toISOString(),
    checklist: check ? { id: check.checklist.id, title: check.checklist.title } : null,
  } as const;
  const manifestHash = await zip.add(MANIFEST_JSON, { kind: 'pieces', pieces: () => manifestJsonPieces({ ...outline, entries: [], leftOut: plan.leftOut }, manifestEntries) }, false);
  const count = manifestEntries.length;
  const summed = { length: count + 1, at: (i: number) => (i < count ? { path: (packed[i] as PackedEntry).path, sha256: manifestEntries.sha256(i) } : { path: MANIFEST_JSON, sha256: manifestHash.sha256 }) };
  await zip.add(MANIFEST_SHA256, { kind: 'pieces', pieces: () => sha256sumPieces(summed) }, false);
  return { manifest: manifestOfPacked(outline, manifestEntries, plan.leftOut), packetBytes: await zip.finish(), bytesDone };
}

/** What the manifest says of a packed entry, besides its size and hash. */
function manifestSubject(entry: PackedEntry): ManifestSubject {
  if (isCopy(entry)) return { path: entry.path, sources: [entry.source], category: entry.category, date: entry.date, derivation: 'copied' };
  return { path: entry.path, sources: entry.sources, category: entry.category, date: entry.date, derivation: entry.derivation };
}

async function addEntry(w: Writing, zip: ZipWriter, entry: ResolvedEntry): Promise<{ size: number; sha256: string }> {
  const open = async (): Promise<Buffer | FileSource> => {
    if (entry.checkSource) await assertUnchanged(w, entry.checkSource);
    // The writer reads files into buffers it reuses: a new buffer per read grew the C heap with every file.
    return entry.buffer ?? { kind: 'file', path: entry.file as string };
  };
  // zip.add before any await: entries take their place in the ZIP in the order they are added.
  const adding = zip.add(entry.path, open, entry.store);
  let added;
  try {
    added = await adding;
  } catch (err) {
    // A source deleted or cut short while being read is a changed source, not a tool failure.
    if (entry.checkSource) await assertUnchanged(w, entry.checkSource);
    throw err;
  }
  if (entry.checkSource) await assertUnchanged(w, entry.checkSource, added.size);
  return added;
}

/** The scan's files by case path, filled in a loop: no [path, file] pair per file to collect afterwards. */
function byPath(files: readonly FileEntry[]): Map<string, FileEntry> {
  const map = new Map<string, FileEntry>();
  for (const f of files) map.set(f.path, f);
  return map;
}

function isCopy(entry: PackedEntry): entry is CopyEntry {
  return 'kind' in entry;
}

/** A copied file as the ZIP step needs it, made only when its turn comes. */
function copyEntry(entry: CopyEntry, root: string): ResolvedEntry {
  return { path: entry.path, store: entry.store, sources: [entry.source], category: entry.category, date: entry.date, derivation: 'copied', file: caseSourcePath(root, entry.source), checkSource: entry.source };
}

function mergedTitle(entry: MergedPdfEntry): string {
  const name = entry.category ? categoryDefinition(entry.category).displayName : 'Documents';
  const range = entry.start && entry.date ? `${entry.start} to ${entry.date}` : (entry.date ?? 'undated');
  return `${name}, ${range}${entry.part ? ` (part ${entry.part})` : ''}`;
}

function summarize(plan: PacketPlan, entries: number, copiedAsIs: number, sourceBytes: number, encrypted: boolean, started: number): BuildResult['summary'] {
  return { entries, mergedPdfs: plan.entries.filter((e) => e.kind === 'merged-pdf').length, copiedAsIs, leftOut: plan.leftOut.length, sourceBytes, encrypted, durationMs: Date.now() - started };
}

