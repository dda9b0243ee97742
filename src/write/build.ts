import { createReadStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CaseFile } from '../casefile/schema.js';
import { loadCaseFile } from '../casefile/load.js';
import { finding } from '../findings/codes.js';
import { caseFilePath } from '../walk/archive/index.js';
import { categoryDefinition } from '../model/categories.js';
import type { CheckResult } from '../model/check.js';
import type { Finding } from '../model/finding.js';
import type { ScanResult } from '../model/scan.js';
import { planPacket, MANIFEST_JSON, MANIFEST_SHA256 } from '../plan/plan.js';
import type { CopyEntry, MergedPdfEntry, MergeSource, PacketPlan } from '../plan/schema.js';
import { scanCase } from '../scan.js';
import { makePrivateTempDir } from '../util/tempdir.js';
import { VERSION } from '../version.js';
import { checkOutputPath, openAtomicFile, OutputRefusedError } from './atomic.js';
import { buildIndexModel, type IndexInputs } from './index-model.js';
import { renderIndexPdf } from './index-pdf.js';
import { MANIFEST_SCHEMA_VERSION, sha256sumLines, type Manifest, type ManifestEntry } from './manifest-schema.js';
import { heicConverter } from './heic.js';
import { mergeGroup } from './merge.js';
import { ZipWriter } from './zip.js';

export { OutputRefusedError };

export interface BuildProgress {
  phase: 'scan' | 'merge' | 'index' | 'zip' | 'done';
  files: number;
  totalFiles: number;
  bytes: number;
  totalBytes: number;
}

export interface BuildOptions {
  /** Path of the packet ZIP to write (outside the case folder). */
  output: string;
  /** Replace an existing file at `output`. */
  force?: boolean;
  /** Encrypt with AES-256 using this password. Never take it from argv. */
  password?: string;
  /** Password to open password-protected source PDFs so they can be merged (never from argv). */
  pdfPassword?: string;
  /** Source bytes per merged PDF before `_part1`, `_part2`… (default 50 MB). */
  maxMergedBytes?: number;
  /** Reuse a scan already made (otherwise the case is scanned). */
  scan?: ScanResult;
  caseFile?: CaseFile;
  /** Checklist result and its rendered reports, packed as Checklist_Report.html/.md. */
  check?: CheckResult;
  reports?: { html: string; markdown: string };
  /** Time written into the packet; default SOURCE_DATE_EPOCH, else the newest source file's time (reproducible). */
  generatedAt?: Date;
  onProgress?: (progress: BuildProgress) => void;
}

export interface BuildResult {
  /** False when the build stopped (e.g. a source changed); no file is then at `output`. */
  written: boolean;
  output: string;
  packetBytes: number;
  plan: PacketPlan;
  manifest: Manifest | null;
  findings: Finding[];
  summary: { entries: number; mergedPdfs: number; copiedAsIs: number; leftOut: number; sourceBytes: number; encrypted: boolean; durationMs: number };
}

class SourceChangedError extends Error {
  constructor(readonly source: string) { super(`source changed: ${source}`); }
}

const DEFAULT_DATE = new Date(Date.UTC(2000, 0, 1));

function reproducibleDate(scan: ScanResult): Date {
  const epoch = process.env['SOURCE_DATE_EPOCH'];
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  const newest = scan.files.reduce((max, f) => Math.max(max, f.mtimeMs), 0);
  // Whole seconds: ZIP and PDF dates cannot hold more, and equality must survive a round trip.
  return newest > 0 ? new Date(Math.floor(newest / 1000) * 1000) : DEFAULT_DATE;
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
 * The library entry point behind `casepack build`: scan (unless given), plan,
 * merge per category into a private staging folder beside the target, write
 * the index, then stream everything into a ZIP under a temporary name and
 * rename it into place. Refusals throw OutputRefusedError before any work.
 */
export async function buildPacket(root: string, options: BuildOptions): Promise<BuildResult> {
  const started = Date.now();
  const target = await checkOutputPath(root, options.output, options.force ?? false);
  const progress = options.onProgress ?? (() => undefined);
  progress({ phase: 'scan', files: 0, totalFiles: 0, bytes: 0, totalBytes: 0 });

  let caseFile = options.caseFile;
  if (!caseFile) caseFile = (await loadCaseFile(root)).caseFile;
  const scan = options.scan ?? await scanCase(root, caseFile ? { caseFile } : {});
  const plan = planPacket(scan, options.check, { maxMergedBytes: options.maxMergedBytes, pdfPasswordGiven: options.pdfPassword !== undefined });
  const date = options.generatedAt ?? reproducibleDate(scan);
  const findings: Finding[] = [];
  const scanned = new Map(scan.files.map((f) => [f.path, f]));
  const sourceBytes = plan.entries.reduce((n, e) => n + (e.kind === 'copy' ? e.size : e.kind === 'merged-pdf' ? e.sources.reduce((m, s) => m + s.size, 0) : 0), 0);

  const assertUnchanged = async (rel: string, bytesSeen?: number): Promise<void> => {
    const known = scanned.get(rel);
    const now = await stat(caseFilePath(root, rel)).catch(() => undefined);
    // A file unpacked from an archive carries the archive entry's time, not its private copy's.
    const timeChanged = !known?.fromArchive && Math.abs((now?.mtimeMs ?? 0) - (known?.mtimeMs ?? 0)) > 1;
    if (!known || !now || now.size !== known.size || timeChanged || (bytesSeen !== undefined && bytesSeen !== known.size)) throw new SourceChangedError(rel);
  };

  const staging = await makePrivateTempDir({ parent: path.dirname(target), prefix: '.casepack-staging-' });
  const atomic = await openAtomicFile(target);
  let zip: ZipWriter | undefined;
  try {
    // 1. Merge, one group at a time (memory bounded by the size cap).
    const resolved: ResolvedEntry[] = [];
    const merged: IndexInputs['merged'] = new Map();
    const asIs: IndexInputs['asIs'] = [];
    const asIsEntry = (source: string, packetPath: string, title: string, date: string | null, category: ManifestEntry['category'], reason: string): void => {
      const what = packetPath.toLowerCase().endsWith('.pdf') ? 'This PDF' : 'This photo';
      findings.push(finding('BUILD_PDF_COPIED_AS_IS', source, { message: `${what} could not be merged (${reason}) and was copied as it is to ${packetPath}.`, details: { packetPath, reason } }));
      resolved.push({ path: packetPath, store: false, sources: [source], category, date, derivation: 'copied-as-is', file: caseFilePath(root, source), checkSource: source });
      asIs.push({ source, path: packetPath, title, date, category: category ? categoryDefinition(category).displayName : 'Other' });
    };
    let mergedDone = 0;
    const mergedTotal = plan.entries.filter((e) => e.kind === 'merged-pdf').length;
    for (const entry of plan.entries) {
      if (entry.kind === 'merged-pdf') {
        progress({ phase: 'merge', files: mergedDone++, totalFiles: mergedTotal, bytes: 0, totalBytes: sourceBytes });
        const result = await mergeGroup(entry, {
          root,
          date,
          title: mergedTitle(entry),
          onSourceRead: (source: MergeSource, bytes) => assertUnchanged(source.source, bytes.length),
          convertImage: heicConverter(staging),
          pdfPassword: options.pdfPassword,
        });
        if (result.bytes) {
          const staged = staging.resolve(`merged-${resolved.length}.pdf`);
          await writeFile(staged, result.bytes, { mode: 0o600 });
          resolved.push({ path: entry.path, store: false, sources: result.merged.map((m) => m.source.source), category: entry.category, date: entry.date, derivation: 'merged', file: staged });
          merged.set(entry.path, result.merged.map((m) => ({ source: m.source.source, pages: m.pages, title: m.source.title, date: m.source.date, start: m.source.start, category: entry.category ? categoryDefinition(entry.category).displayName : 'Other' })));
        }
        for (const failure of result.failed) {
          if (!failure.source.fallbackPath) {
            findings.push(finding('BUILD_PDF_COPIED_AS_IS', failure.source.source, { message: 'The PDF inside this DICOM file could not be merged; the DICOM file itself is in the packet with its imaging study.' }));
            continue;
          }
          const reason = failure.reason === 'needs-password' ? 'it needs a password' : failure.reason === 'damaged' ? 'it is damaged' : 'the picture could not be read or converted';
          asIsEntry(failure.source.source, failure.source.fallbackPath, failure.source.title, failure.source.date, entry.category, reason);
        }
      } else if (entry.kind === 'copy' && entry.role === 'pdf-as-is') {
        const file = scanned.get(entry.source);
        const reason = file?.pdf?.needsPassword ? 'it needs a password' : file?.pdf?.damaged ? 'it is damaged' : 'it is too large to merge within the memory bound; raise --max-pdf-mb to merge it';
        asIsEntry(entry.source, entry.path, file?.classification?.title ?? (entry.category ? categoryDefinition(entry.category).displayName : 'Document'), entry.date, entry.category, reason);
      } else if (entry.kind === 'copy') {
        resolved.push(copyEntry(entry, root));
      } else if (entry.generator === 'index-pdf' || (options.reports && (entry.generator === 'report-html' || entry.generator === 'report-markdown'))) {
        resolved.push({ path: entry.path, store: false, sources: [], category: null, date: null, derivation: 'generated' });
      }
    }

    // 2. The index, now that page counts and copied-as-is files are known.
    progress({ phase: 'index', files: 0, totalFiles: 1, bytes: 0, totalBytes: sourceBytes });
    const model = buildIndexModel({ caseName: path.basename(path.resolve(root)), scan, check: options.check, caseFile, plan, merged, asIs, generatedAt: date, tool: `casepack ${VERSION}` });
    const indexBytes = Buffer.from(await renderIndexPdf(model, date));
    for (const r of resolved) {
      if (r.derivation !== 'generated') continue;
      if (r.path.endsWith('.pdf')) r.buffer = indexBytes;
      else if (r.path.endsWith('.html')) r.buffer = Buffer.from(options.reports?.html ?? '', 'utf8');
      else if (r.path.endsWith('.md')) r.buffer = Buffer.from(options.reports?.markdown ?? '', 'utf8');
    }
    // ZIP order: index, merged PDFs, PDFs copied as they are, then folders and files, reports last.
    const rank = (r: ResolvedEntry): number => r.derivation === 'generated' ? (r.path.endsWith('.pdf') ? 0 : 4) : r.derivation === 'merged' ? 1 : r.derivation === 'copied-as-is' ? 2 : 3;
    const packed = resolved.map((r, i) => ({ r, i })).sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i).map((x) => x.r);

    // 3. The ZIP: entries in plan order, each hashed as it streams.
    zip = new ZipWriter(atomic.stream, { date, password: options.password });
    const manifestEntries: ManifestEntry[] = [];
    let bytesDone = 0;
    let filesDone = 0;
    for (const entry of packed) {
      progress({ phase: 'zip', files: filesDone, totalFiles: packed.length, bytes: bytesDone, totalBytes: sourceBytes });
      if (entry.checkSource) await assertUnchanged(entry.checkSource);
      // 1 MB reads: with the 64 KB default, per-chunk stream overhead dominated on DICOM-sized files.
      const source = entry.buffer ?? createReadStream(entry.file as string, { highWaterMark: 1024 * 1024 });
      let added;
      try {
        added = await zip.add(entry.path, source, entry.store);
      } catch (err) {
        // A source deleted or cut short while being read is a changed source, not a tool failure.
        if (entry.checkSource) await assertUnchanged(entry.checkSource);
        throw err;
      }
      const { size, sha256 } = added;
      if (entry.checkSource) await assertUnchanged(entry.checkSource, size);
      manifestEntries.push({ path: entry.path, sources: entry.sources, category: entry.category, date: entry.date, size, sha256, derivation: entry.derivation });
      bytesDone += size;
      filesDone++;
    }
    const manifest: Manifest = {
      schemaVersion: MANIFEST_SCHEMA_VERSION,
      tool: { name: 'casepack', version: VERSION },
      case: path.basename(path.resolve(root)),
      generatedAt: date.toISOString(),
      checklist: options.check ? { id: options.check.checklist.id, title: options.check.checklist.title } : null,
      entries: manifestEntries,
      leftOut: plan.leftOut,
    };
    const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8');
    const manifestHash = await zip.add(MANIFEST_JSON, manifestBytes, false);
    const sums = sha256sumLines([...manifestEntries, { path: MANIFEST_JSON, sha256: manifestHash.sha256 }]);
    await zip.add(MANIFEST_SHA256, Buffer.from(sums, 'utf8'), false);
    const packetBytes = await zip.finish();
    await atomic.commit();
    progress({ phase: 'done', files: filesDone, totalFiles: packed.length, bytes: bytesDone, totalBytes: sourceBytes });
    return {
      written: true,
      output: target,
      packetBytes,
      plan,
      manifest,
      findings,
      summary: summarize(plan, manifestEntries.length + 2, asIs.length, sourceBytes, options.password !== undefined, started),
    };
  } catch (err) {
    zip?.abort();
    await atomic.discard();
    if (err instanceof SourceChangedError) {
      findings.push(finding('BUILD_SOURCE_CHANGED', err.source));
      return { written: false, output: target, packetBytes: 0, plan, manifest: null, findings, summary: summarize(plan, 0, 0, sourceBytes, options.password !== undefined, started) };
    }
    throw err;
  } finally {
    await staging.remove();
  }
}

function copyEntry(entry: CopyEntry, root: string): ResolvedEntry {
  return { path: entry.path, store: entry.store, sources: [entry.source], category: entry.category, date: entry.date, derivation: 'copied', file: caseFilePath(root, entry.source), checkSource: entry.source };
}

function mergedTitle(entry: MergedPdfEntry): string {
  const name = entry.category ? categoryDefinition(entry.category).displayName : 'Documents';
  const range = entry.start && entry.date ? `${entry.start} to ${entry.date}` : (entry.date ?? 'undated');
  return `${name}, ${range}${entry.part ? ` (part ${entry.part})` : ''}`;
}

function summarize(plan: PacketPlan, entries: number, copiedAsIs: number, sourceBytes: number, encrypted: boolean, started: number): BuildResult['summary'] {
  return { entries, mergedPdfs: plan.entries.filter((e) => e.kind === 'merged-pdf').length, copiedAsIs, leftOut: plan.leftOut.length, sourceBytes, encrypted, durationMs: Date.now() - started };
}

