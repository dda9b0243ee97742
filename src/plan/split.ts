import { finding } from '../findings/codes.js';
import type { Finding } from '../model/finding.js';
import { formatSizeLimit } from '../util/size-limit.js';
import type { ScanResult } from '../model/scan.js';
import { planWithoutImagingFiles } from './plan.js';
import type { GeneratedEntry, PacketPlan, PlanEntry } from './schema.js';

/**
 * Packet sizes known before a byte is packed, and the packet divided into
 * parts under a size limit. Pure, like the plan: `check`, `build --dry-run`
 * and `build --split` all see the same numbers.
 *
 * The estimate counts sources at their full size: DICOM, JPEG, slide scans
 * and PDFs are already compressed and barely shrink, and uncompressed DICOM
 * that does shrink only makes a part smaller than estimated, never larger.
 */

/**
 * The generated PDFs and reports, about five times what the demo case's
 * measure (cover letter 17 KB, treatment summary 16 KB, index 22 KB, reports
 * 15 and 7 KB): fonts are subset per packet, and other scripts embed more.
 */
const GENERATED_BYTES: Readonly<Record<GeneratedEntry['generator'], number>> = {
  'cover-letter-pdf': 100_000,
  'treatment-summary-pdf': 150_000,
  'index-pdf': 100_000,
  'report-html': 100_000,
  'report-markdown': 50_000,
  'manifest-json': 2_000,
  'manifest-sha256': 200,
};
/** Per entry: ZIP local and central headers with ZIP64 extras and the data descriptor (~130 B), its manifest.json record (~370 B) and sha256sum line. */
const PER_ENTRY_BYTES = 700;
/** Index rows grow with the packet: a generous line per entry. */
const INDEX_BYTES_PER_ENTRY = 150;
/** A merged PDF adds bookmarks and page objects per source; a photo becomes an A4 page and may grow when re-encoded. */
const MERGE_BYTES_PER_SOURCE = 20_000;

/** The packet's expected size in bytes: every entry's bytes plus what the ZIP and the manifests add. */
export function estimatePacketBytes(plan: PacketPlan): number {
  return plan.entries.reduce((sum, entry) => sum + entryBytes(entry, plan.entries.length), 0);
}

/**
 * `estimatePacketBytes(planPacket(scan, undefined))`, the same number, without
 * an entry per DICOM file (`planWithoutImagingFiles`): what `check` asks.
 */
export function estimateScanPacketBytes(scan: ScanResult): number {
  const { plan, imagingFiles } = planWithoutImagingFiles(scan, undefined);
  const entries = plan.entries.length + imagingFiles.count;
  const planned = plan.entries.reduce((sum, entry) => sum + entryBytes(entry, entries), 0);
  return planned + imagingFiles.count * PER_ENTRY_BYTES + 4 * imagingFiles.pathBytes + imagingFiles.sourceBytes;
}

function entryBytes(entry: PlanEntry, entries: number): number {
  const headers = PER_ENTRY_BYTES + 4 * Buffer.byteLength(entry.path);
  if (entry.kind === 'copy') return headers + entry.size;
  if (entry.kind === 'merged-pdf') return headers + entry.sources.reduce((n, s) => n + (s.kind === 'image' ? 2 * s.size : s.size) + MERGE_BYTES_PER_SOURCE, 0);
  const perEntry = entry.generator === 'index-pdf' ? INDEX_BYTES_PER_ENTRY * entries : 0;
  return headers + GENERATED_BYTES[entry.generator] + perEntry;
}

/** PACKET_TOO_LARGE_TO_UPLOAD when the planned packet would exceed `limit` bytes. */
export function packetSizeFinding(plan: PacketPlan | number, limit: number): Finding | undefined {
  const estimate = typeof plan === 'number' ? plan : estimatePacketBytes(plan);
  if (estimate <= limit) return undefined;
  return finding('PACKET_TOO_LARGE_TO_UPLOAD', [], {
    message: `The packet will be about ${formatSizeLimit(estimate)}, over the ${formatSizeLimit(limit)} limit for sending it (upload portals and file-transfer services refuse larger files; email stops at about 25 MB).`,
    details: { estimatedBytes: estimate, limitBytes: limit },
  });
}

/** One part of a split packet: a complete plan of its own (index and manifests included). */
export interface PacketPart {
  /** 1-based. */
  number: number;
  plan: PacketPlan;
  estimatedBytes: number;
  /** What it holds, in lines a person reads in the index: documents, study folders, slides. */
  holds: string[];
}

export interface SplitPlan {
  /** One part when the packet fits: then it is written as one ordinary packet. */
  parts: PacketPart[];
  /** Every packet path (files, not folders) → the part that holds it. Generated files of every part are in part 1's list. */
  partOfEntry: Map<string, number>;
  findings: Finding[];
}

/** Entries that travel together: all documents; one study (or one of its series, or files of a series); a slide with its data; one loose file. */
interface Unit {
  kind: 'documents' | 'imaging' | 'loose';
  entries: { entry: PlanEntry; order: number }[];
  bytes: number;
  label: string;
  /** The study folder an imaging unit belongs to, when the study was divided. */
  studyFolder?: string;
}

interface OpenPart {
  units: Unit[];
  bytes: number;
}

/**
 * Divide the plan into parts of at most `limit` estimated bytes: the
 * documents (cover letter, treatment summary, merged PDFs) in part 1; imaging
 * studies and slides in the parts after it, a study whole unless it alone is
 * over the limit (then by series, and a series by its files: a finding says
 * so); loose files (pictures of scans, other files) wherever they fit first.
 * Every part carries the index and its own manifests.
 */
export function splitPlan(plan: PacketPlan, limit: number): SplitPlan {
  const entryCount = plan.entries.length;
  const generated = plan.entries.filter((e): e is GeneratedEntry => e.kind === 'generated');
  const inEveryPart = generated.filter((e) => e.generator === 'index-pdf' || e.generator === 'manifest-json' || e.generator === 'manifest-sha256');
  const firstPartBase = generated.reduce((n, e) => n + entryBytes(e, entryCount), 0);
  const otherPartBase = inEveryPart.reduce((n, e) => n + entryBytes(e, entryCount), 0);
  const findings: Finding[] = [];
  if (estimatePacketBytes(plan) <= limit) {
    return { parts: [{ number: 1, plan, estimatedBytes: estimatePacketBytes(plan), holds: [] }], partOfEntry: new Map(plan.entries.map((e) => [e.path, 1])), findings };
  }
  const units = unitsOf(plan, entryCount, limit - otherPartBase);
  const parts: OpenPart[] = [{ units: [], bytes: firstPartBase }];
  for (const unit of units) {
    const from = unit.kind === 'imaging' ? 1 : 0;
    let target = unit.kind === 'documents' ? parts[0] : parts.slice(from).find((p) => p.bytes + unit.bytes <= limit);
    if (!target) {
      target = { units: [], bytes: otherPartBase };
      parts.push(target);
    }
    target.units.push(unit);
    target.bytes += unit.bytes;
  }
  const result = parts.map((part, i) => partPlan(plan, part, i + 1, i === 0 ? generated : inEveryPart));
  for (const part of result) {
    if (part.estimatedBytes > limit) findings.push(finding('PACKET_PART_OVER_LIMIT', [], { message: `Part ${part.number} will be about ${formatSizeLimit(part.estimatedBytes)}, over the ${formatSizeLimit(limit)} limit: what it holds cannot be divided further.`, details: { part: part.number, estimatedBytes: part.estimatedBytes, limitBytes: limit } }));
  }
  findings.push(...studySplitFindings(parts, limit));
  const partOfEntry = new Map<string, number>();
  for (const part of [...result].reverse()) for (const e of part.plan.entries) partOfEntry.set(e.path, part.number);
  return { parts: result, partOfEntry, findings };
}

/** The plan's entries grouped into units, in plan order; an imaging unit over `capacity` divided by series, then by files. */
function unitsOf(plan: PacketPlan, entryCount: number, capacity: number): Unit[] {
  const documents: Unit = { kind: 'documents', entries: [], bytes: 0, label: 'documents' };
  const units: Unit[] = [documents];
  const studies = new Map<string, Unit>();
  const folderOf = new Map(plan.studies.map((s) => [s.studyInstanceUid, s.folder]));
  let lastSlide: Unit | undefined;
  plan.entries.forEach((entry, order) => {
    if (entry.kind === 'generated') return;
    const item = { entry, order };
    const bytes = entryBytes(entry, entryCount);
    let unit: Unit;
    if (entry.kind === 'merged-pdf' || entry.role === 'pdf-as-is') unit = documents;
    else if (entry.role === 'dicom' && entry.study) {
      unit = studies.get(entry.study) ?? { kind: 'imaging', entries: [], bytes: 0, label: folderOf.get(entry.study) ?? entry.path };
      if (!studies.has(entry.study)) { studies.set(entry.study, unit); units.push(unit); }
    } else if (entry.role === 'slide-data' && lastSlide) unit = lastSlide;
    else {
      unit = { kind: entry.role === 'slide' || entry.role === 'dicom' ? 'imaging' : 'loose', entries: [], bytes: 0, label: entry.path };
      units.push(unit);
      if (entry.role === 'slide') lastSlide = unit;
    }
    unit.entries.push(item);
    unit.bytes += bytes;
  });
  return units.flatMap((u) => (u.kind === 'imaging' && u.bytes > capacity && u.entries.length > 1 ? divideStudy(u, entryCount, capacity) : [u]));
}

/** A study over the limit: one unit per series (`Imaging/<study>/<NN_series>/`), and a series still over it in runs of files. */
function divideStudy(study: Unit, entryCount: number, capacity: number): Unit[] {
  const bySeries = new Map<string, Unit>();
  for (const item of study.entries) {
    const folder = item.entry.path.slice(0, item.entry.path.lastIndexOf('/') + 1);
    const unit = bySeries.get(folder) ?? { kind: 'imaging' as const, entries: [], bytes: 0, label: folder, studyFolder: study.label };
    unit.entries.push(item);
    unit.bytes += entryBytes(item.entry, entryCount);
    bySeries.set(folder, unit);
  }
  return [...bySeries.values()].flatMap((series) => (series.bytes > capacity ? divideSeries(series, entryCount, capacity) : [series]));
}

function divideSeries(series: Unit, entryCount: number, capacity: number): Unit[] {
  const runs: Unit[] = [];
  let run: Unit | undefined;
  for (const item of series.entries) {
    const bytes = entryBytes(item.entry, entryCount);
    if (!run || (run.entries.length > 0 && run.bytes + bytes > capacity)) {
      run = { ...series, entries: [], bytes: 0 };
      runs.push(run);
    }
    run.entries.push(item);
    run.bytes += bytes;
  }
  return runs.map((r) => ({ ...r, label: `${series.label} (${baseName(r.entries[0]?.entry.path)} to ${baseName(r.entries.at(-1)?.entry.path)})` }));
}

function baseName(p: string | undefined): string {
  return p === undefined ? '' : p.slice(p.lastIndexOf('/') + 1);
}

/** A part's own plan: its entries in the whole plan's order, with the generated files it carries. */
function partPlan(plan: PacketPlan, part: OpenPart, number: number, generated: readonly GeneratedEntry[]): PacketPart {
  const chosen = new Set<PlanEntry>([...part.units.flatMap((u) => u.entries.map((i) => i.entry)), ...generated]);
  const entries = plan.entries.filter((e) => chosen.has(e));
  const studyUids = new Set(entries.flatMap((e) => (e.kind === 'copy' && e.study ? [e.study] : [])));
  return {
    number,
    plan: { ...plan, entries, studies: plan.studies.filter((s) => studyUids.has(s.studyInstanceUid)), leftOut: number === 1 ? plan.leftOut : [] },
    estimatedBytes: part.bytes,
    holds: holdsOf(part.units, generated),
  };
}

/** The lines the index shows for a part: the documents first, then each study, series or slide by its packet path. */
function holdsOf(units: readonly Unit[], generated: readonly GeneratedEntry[]): string[] {
  const lines: string[] = [];
  const documents = units.find((u) => u.kind === 'documents');
  const firstPart = generated.some((g) => g.generator === 'cover-letter-pdf');
  if (firstPart) lines.push(`The cover letter, the treatment summary and ${documents?.entries.length ?? 0} document PDF${documents?.entries.length === 1 ? '' : 's'}`);
  for (const u of units) if (u.kind !== 'documents') lines.push(u.studyFolder ? `${u.label} (one series of a study spread over several parts)` : u.label);
  return lines;
}

/** PACKET_STUDY_SPLIT for each study whose series went to more than one part. */
function studySplitFindings(parts: readonly OpenPart[], limit: number): Finding[] {
  const partsOfStudy = new Map<string, Set<number>>();
  parts.forEach((part, i) => {
    for (const u of part.units) if (u.studyFolder) partsOfStudy.set(u.studyFolder, (partsOfStudy.get(u.studyFolder) ?? new Set()).add(i + 1));
  });
  return [...partsOfStudy].map(([folder, numbers]) => finding('PACKET_STUDY_SPLIT', [], {
    message: `The imaging study ${folder} is larger than the ${formatSizeLimit(limit)} limit on its own, so its series were spread over parts ${[...numbers].join(', ')}.`,
    details: { studyFolder: folder, parts: [...numbers] },
  }));
}
