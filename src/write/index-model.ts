import { categoryDefinition } from '../model/categories.js';
import type { CheckResult } from '../model/check.js';
import { readableTextOf, type ResultKind, type ScanResult } from '../model/scan.js';
import { quotedResultPhrase } from '../check/completeness.js';
import { joinWords } from '../check/wording.js';
import type { CaseFile } from '../casefile/schema.js';
import { problemFiles } from '../plan/left-out.js';
import type { PacketPlan } from '../plan/schema.js';
import { displayPersonName } from '../util/person-name.js';
import { physicalLine, type PhysicalLine } from './packet-facts.js';

/** What 00_Index.pdf says, gathered first so the PDF drawing code only draws. */
export interface IndexModel {
  caseName: string;
  patient: { name?: string; birthDate?: string; id?: string; source: 'case file' | 'DICOM' | 'assumed' | 'unknown' };
  questions: string[];
  diagnosis?: string;
  timeline: TimelineRow[];
  /** The documents to read before the index (cover letter, treatment summary), in packet order. */
  readFirst?: { path: string; what: string }[];
  /** Physical material sent apart from the packet (casepack.yaml `physical:`). */
  physical?: PhysicalLine[];
  missing: { title: string; severity: 'required' | 'recommended'; status: string; detail?: string; request?: string }[];
  /** casepack.yaml `requests:` still outstanding: what was asked of whom, when, and how long it has waited. */
  requested?: RequestedLine[];
  checklist: { id: string; title: string } | null;
  leftOut: number;
  /** Problem files (empty, damaged, cut short, refused archives): left out, or under Problems/ when asked for. */
  problems?: { source: string; problem: string; packetPath?: string }[];
  /** Images left out because a higher-fidelity encoding of the same image is packed: "source: detail". */
  otherEncodings?: string[];
  /** Another person's files left out: one line per document, one per DICOM study. */
  otherPerson?: { source: string; detail: string }[];
  /** Another person's files packed because casepack.yaml says so. */
  keptOnPurpose?: { source: string; reason: string }[];
  copiedAsIs: string[];
  /** A packet split into parts (`build --split`): each part's file name and what it holds; every part carries this same index. */
  parts?: PacketPartListing['files'];
  generatedAt: string;
  tool: string;
}

/** One request still owed, as the index says it. */
export interface RequestedLine {
  department: string;
  /** The things still owed ("the pathology slides or whole-slide scans"); those received since are left out. */
  items: string[];
  /** Received since, for a request partly answered. */
  received: string[];
  sent: string;
  businessDays: number;
  overdue: boolean;
}

export interface TimelineRow {
  date: string | null;
  category: string;
  title: string;
  /**
   * What a reviewer should know about the document before relying on it: "letter, quotes the KRAS result;
   * not the lab's own report", "incomplete: no VAF".
   */
  note?: string;
  /** "3 pages", "4 series, 312 images". */
  extent: string;
  packetPath: string;
  /** The parts that hold it, when the packet is split ("part 2", "parts 2, 3"). */
  part?: string;
}

/** Which part holds what, for the index of a split packet. */
export interface PacketPartListing {
  files: { name: string; holds: string[] }[];
  /** Packet path of every file → its part. */
  partOfEntry: ReadonlyMap<string, number>;
}

export interface IndexInputs {
  caseName: string;
  scan: ScanResult;
  check: CheckResult | undefined;
  caseFile: CaseFile | undefined;
  plan: PacketPlan;
  /** Merged PDF path → per-source page counts as written. */
  merged: Map<string, { source: string; pages: number; title: string; date: string | null; start?: string; fileDated?: string; category: string; ocr?: { lowConfidencePages: number[] } }[]>;
  /** Sources copied as they are (planned or after a failed merge), with their packet path. */
  asIs: { source: string; path: string; title: string; date: string | null; category: string }[];
  generatedAt: Date;
  /**
   * The day the cover letter is dated, YYYY-MM-DD: casepack.yaml `asOf`, else
   * the day of the build (`letterDay`). Never `generatedAt`, which is the
   * newest file's time so that packets are reproducible.
   */
  letterDate?: string;
  tool: string;
  /** Set when the packet is split into parts. */
  parts?: PacketPartListing;
}

/** casepack.yaml `asOf`, else SOURCE_DATE_EPOCH's day when set (reproducible builds), else today. */
export function letterDay(caseFile: CaseFile | undefined, now: Date, env: NodeJS.ProcessEnv = process.env): string {
  if (caseFile?.asOf) return caseFile.asOf;
  const epoch = env['SOURCE_DATE_EPOCH'];
  const day = epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : now;
  return day.toISOString().slice(0, 10);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A whole DICOM study is one line ("CD/IM0001 and 299 more files of its study"), a document its own. */
function perStudy(scan: ScanResult, items: { source: string; text: string }[]): { source: string; text: string }[] {
  const files = new Map(scan.files.map((f) => [f.path, f]));
  const byStudy = new Map<string, { source: string; text: string; count: number }>();
  const out: { source: string; text: string; count: number }[] = [];
  for (const item of items) {
    const study = files.get(item.source)?.dicom?.studyInstanceUid;
    const known = study ? byStudy.get(study) : undefined;
    if (known) { known.count++; continue; }
    const line = { ...item, count: 1 };
    if (study) byStudy.set(study, line);
    out.push(line);
  }
  return out.map((l) => ({ source: l.count > 1 ? `${l.source} and ${plural(l.count - 1, 'more file')} of its imaging study` : l.source, text: l.text }));
}

export function patientOf(scan: ScanResult, caseFile: CaseFile | undefined): IndexModel['patient'] {
  if (caseFile?.patient?.name) return { name: caseFile.patient.name, birthDate: caseFile.patient.birthDate, id: caseFile.patient.id, source: 'case file' };
  // Nobody is assumed when no identity has a majority: the index must not print a stranger as the patient.
  const assumed = scan.casePatient?.source === 'assumed' ? scan.casePatient : undefined;
  if (assumed) return { name: assumed.name ? displayPersonName(assumed.name) : undefined, birthDate: assumed.birthDate, id: assumed.patientId, source: 'assumed' };
  const dicomPatient = scan.patients.length === 1 ? scan.patients[0] : undefined;
  return dicomPatient ? { name: dicomPatient.name ? displayPersonName(dicomPatient.name) : undefined, birthDate: dicomPatient.birthDate, id: dicomPatient.patientId, source: 'DICOM' } : { source: 'unknown' };
}

/** " (text recognised by OCR; page 2: low confidence, check by eye)" after the title of a merged scan or photo: the title column is the wide one. */
function ocrMark(ocr: { lowConfidencePages: number[] } | undefined): string {
  if (!ocr) return '';
  const low = ocr.lowConfidencePages.map((i) => i + 1);
  const check = low.length === 0 ? '' : `; ${low.length === 1 ? 'page' : 'pages'} ${low.join(', ')}: low confidence, check by eye`;
  return ` (text recognised by OCR${check})`;
}

const READ_FIRST: Partial<Record<string, string>> = {
  'cover-letter-pdf': 'Cover letter: who asks, the questions, what is enclosed and what comes separately',
  'treatment-summary-pdf': 'Treatment summary: the course of the illness on one page, with a timeline chart',
};

export function buildIndexModel(input: IndexInputs): IndexModel {
  const { scan, check, caseFile, plan } = input;
  const patient = patientOf(scan, caseFile);
  const packetPathOf = new Map(plan.entries.flatMap((e) => (e.kind === 'copy' ? [[e.source, e.path] as const] : e.kind === 'merged-pdf' ? e.sources.map((s) => [s.source, e.path] as const) : [])));
  const otherPerson = perStudy(scan, plan.leftOut.filter((l) => l.reason === 'other-person').map((l) => ({ source: l.source, text: l.detail ?? 'belongs to another person' })));
  const kept = perStudy(scan, scan.files.filter((f) => f.identity?.otherPerson && f.identity.keptOnPurpose !== undefined && packetPathOf.has(f.path))
    .map((f) => ({ source: f.path, text: `${f.identity?.keptOnPurpose ?? ''} (in the packet as ${packetPathOf.get(f.path) ?? ''})` })));

  const notes = documentNotes(scan, check);
  const rows: TimelineRow[] = [];
  for (const [packetPath, sources] of input.merged) {
    // A file's own date (metadata, name) is no clinical date: the row stays undated and says what the file carries.
    for (const s of sources) rows.push(noted({ date: s.start && s.date ? `${s.start} to ${s.date}` : s.date, category: s.category, title: `${s.title}${s.fileDated ? ` (date unknown; file dated ${s.fileDated})` : ''}${ocrMark(s.ocr)}`, extent: plural(s.pages, 'page'), packetPath }, notes.get(s.source)));
  }
  for (const a of input.asIs) rows.push(noted({ date: a.date, category: a.category, title: a.title, extent: 'as it is', packetPath: a.path }, notes.get(a.source)));
  for (const study of plan.studies) {
    const images = study.series.reduce((n, s) => n + s.images, 0);
    rows.push({
      date: study.date,
      category: categoryDefinition(study.category).displayName,
      title: [study.modality, study.description].filter(Boolean).join(' · '),
      extent: `${study.series.length} series, ${plural(images, 'image')}`,
      packetPath: study.folder,
    });
  }
  const files = new Map(scan.files.map((f) => [f.path, f]));
  for (const entry of plan.entries) {
    if (entry.kind !== 'copy' || entry.role === 'dicom' || entry.role === 'slide-data' || entry.role === 'pdf-as-is' || entry.role === 'problem') continue;
    const file = files.get(entry.source);
    rows.push(noted({
      date: entry.date,
      category: entry.category ? categoryDefinition(entry.category).displayName : 'Other',
      title: file?.classification?.title ?? (entry.role === 'slide' ? 'Slide scan' : entry.role === 'picture' ? 'Picture' : 'File'),
      extent: entry.role === 'slide' ? 'slide scan' : entry.role === 'picture' ? 'picture' : 'file',
      packetPath: entry.path,
    }, notes.get(entry.source)));
  }
  // Chronological; undated at the end, never given a made-up date.
  rows.sort((a, b) => (a.date ?? '9999') < (b.date ?? '9999') ? -1 : (a.date ?? '9999') > (b.date ?? '9999') ? 1 : a.packetPath < b.packetPath ? -1 : a.packetPath > b.packetPath ? 1 : 0);

  if (input.parts) for (const row of rows) row.part = partsLabel(row.packetPath, input.parts.partOfEntry);

  const missing = (check?.items ?? [])
    .filter((i) => i.status === 'missing' || i.status === 'partial')
    // What blocks the review first; the checklist's own order within each group.
    .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'required' ? -1 : 1))
    .map((i) => ({ title: i.title, severity: i.severity, status: i.status, detail: i.detail, request: i.request ? `${i.request.letter === false ? 'To be provided by the family' : i.request.department}: ${i.request.wording}` : undefined }));

  const requested = requestedLines(check);
  return {
    caseName: input.caseName,
    patient,
    questions: caseFile?.questions ?? [],
    diagnosis: caseFile?.diagnosis,
    timeline: rows,
    readFirst: plan.entries.flatMap((e) => (e.kind === 'generated' && READ_FIRST[e.generator] ? [{ path: e.path, what: READ_FIRST[e.generator] as string }] : [])),
    physical: (caseFile?.physical ?? []).map(physicalLine),
    missing,
    ...(requested.length ? { requested } : {}),
    checklist: check ? { id: check.checklist.id, title: check.checklist.title } : null,
    leftOut: plan.leftOut.length,
    problems: problemList(scan, plan),
    otherEncodings: plan.leftOut.filter((l) => l.reason === 'same-image-other-encoding').map((l) => `${l.source}: ${l.detail ?? ''}`),
    otherPerson: otherPerson.map((o) => ({ source: o.source, detail: o.text })),
    keptOnPurpose: kept.map((k) => ({ source: k.source, reason: k.text })),
    copiedAsIs: input.asIs.map((a) => a.path),
    ...(input.parts ? { parts: input.parts.files } : {}),
    generatedAt: input.generatedAt.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC'),
    tool: input.tool,
  };
}

function noted(row: TimelineRow, note: string | undefined): TimelineRow {
  return note ? { ...row, note } : row;
}

/** "no VAF" from "the list of variants with their genes and variant allele fractions (VAF)"; "no tumour grade" from "the tumour grade". */
export function shortMissing(label: string): string {
  const abbreviation = /\(([A-Z][A-Z0-9-]{1,7})\)/.exec(label)?.[1];
  if (abbreviation) return `no ${abbreviation}`;
  return `no ${label.replace(/\s*\([^)]*\)/g, '').replace(/^(the|a|an)\s+/i, '').trim()}`;
}

const MENTION_ORDER: readonly ResultKind[] = ['molecular', 'imaging', 'pathology'];
const SUMMARY_NOUN: Partial<Record<string, string>> = { 'discharge-summary': 'discharge summary' };

/**
 * A note for each document a reviewer should not take at face value: a letter or note that quotes a result
 * (it is not the department's own report), and a report the check found incomplete, with what it lacks.
 */
function documentNotes(scan: ScanResult, check: CheckResult | undefined): Map<string, string> {
  const notes = new Map<string, string>();
  const incomplete = new Map<string, Set<string>>();
  for (const item of check?.items ?? []) {
    for (const gap of item.incomplete ?? []) {
      const set = incomplete.get(gap.document) ?? new Set<string>();
      for (const part of gap.missing) set.add(shortMissing(part.label));
      incomplete.set(gap.document, set);
    }
  }
  for (const file of scan.files) {
    const source = file.classification?.source;
    if (source?.kind === 'summary' && source.mentions?.length) {
      // A biopsy "showed a KRAS mutation": the molecular result is the specific one, so it names the letter.
      const kind = MENTION_ORDER.find((k) => source.mentions?.includes(k));
      const result = quotedResultPhrase(kind, [readableTextOf(file) ?? ''], 'a result');
      const noun = SUMMARY_NOUN[file.classification?.category ?? ''] ?? (/\bdear\b/i.test(readableTextOf(file) ?? '') ? 'letter' : 'note');
      const whose = source.mentions.includes('molecular') || source.mentions.includes('pathology') ? "the lab's" : "the department's";
      notes.set(file.path, `${noun}, quotes ${result}; not ${whose} own report`);
    }
    const lacks = incomplete.get(file.path);
    if (lacks) notes.set(file.path, [notes.get(file.path), `incomplete: ${joinWords([...lacks])}`].filter(Boolean).join('; '));
  }
  return notes;
}

/** casepack.yaml requests still owed, oldest first, each with what is still outstanding. */
function requestedLines(check: CheckResult | undefined): RequestedLine[] {
  return (check?.requests ?? []).filter((r) => r.state !== 'received').map((r) => ({
    department: r.department,
    items: r.items.filter((i) => i.status === 'outstanding' || i.status === 'partial' || i.status === 'unmatched').map((i) => i.title ?? i.asked),
    received: r.items.filter((i) => i.status === 'received').map((i) => i.title ?? i.asked),
    sent: r.sent,
    businessDays: r.businessDays,
    overdue: r.state === 'overdue',
  }));
}

/** Problem files as the plan placed them: left out (the default) or packed under Problems/. */
function problemList(scan: ScanResult, plan: PacketPlan): NonNullable<IndexModel['problems']> {
  const known = problemFiles(scan);
  const left = plan.leftOut.filter((l) => l.reason === 'problem-file').map((l) => ({ source: l.source, problem: l.detail ?? '' }));
  const packed = plan.entries.flatMap((e) => (e.kind === 'copy' && e.role === 'problem' ? [{ source: e.source, problem: known.get(e.source)?.problem ?? '', packetPath: e.path }] : []));
  return [...left, ...packed].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
}

/** "part 2" for a file, "parts 2, 3" for a study folder whose series went to two parts. */
function partsLabel(packetPath: string, partOfEntry: ReadonlyMap<string, number>): string | undefined {
  const exact = partOfEntry.get(packetPath);
  if (exact !== undefined) return `part ${exact}`;
  const folder = packetPath.endsWith('/') ? packetPath : `${packetPath}/`;
  const numbers = [...new Set([...partOfEntry].filter(([p]) => p.startsWith(folder)).map(([, n]) => n))].sort((a, b) => a - b);
  if (numbers.length === 0) return undefined;
  return `${numbers.length === 1 ? 'part' : 'parts'} ${numbers.join(', ')}`;
}
