import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { CategoryId } from '../../src/model/categories.js';
import { RdaReader } from './rda.js';
import type { CorpusDocument } from './types.js';

/**
 * MTSamples (transcribed sample reports from mtsamples.com, CC0 as packaged
 * on Kaggle by Tara Boyle) read from the R package ML4LHS/clinspacy, whose
 * `data/mtsamples.rda` is the only complete copy small enough to be stored
 * in the snapshot archive (the CSV copies there are cut off at 1 MB).
 */
export const MTSAMPLES_RDA = 'data/mtsamples.rda';

export interface MtRow {
  noteId: number;
  specialty: string;
  sampleName: string;
  text: string;
}

/** The rows of `mtsamples.rda` inside a fetched snapshot (a git dir or a work tree). */
export function readMtSamples(snapshot: string): MtRow[] {
  const bz = readSnapshotFile(snapshot, MTSAMPLES_RDA);
  // R compressed it with bzip2; Node has no bzip2, the system tool does it.
  const raw = execFileSync('bzip2', ['-dc'], { input: bz, maxBuffer: 256 * 1024 * 1024 });
  const frame = new RdaReader(raw).readNamedObjects().get('mtsamples');
  if (!Array.isArray(frame) || frame.length < 5) throw new Error(`${MTSAMPLES_RDA}: no mtsamples data.frame inside`);
  const [ids, , specialties, names, texts] = frame as unknown[][];
  return (ids as number[]).map((noteId, i) => ({
    noteId,
    specialty: String((specialties as string[])[i] ?? '').trim(),
    sampleName: String((names as string[])[i] ?? '').trim(),
    text: String((texts as (string | null)[])[i] ?? ''),
  }));
}

function readSnapshotFile(snapshot: string, rel: string): Buffer {
  const plain = path.join(snapshot, rel);
  if (fs.existsSync(plain)) return fs.readFileSync(plain);
  // A bare git directory as `fetch` leaves it: read the file from HEAD.
  return execFileSync('git', ['--git-dir', snapshot, 'show', `HEAD:${rel}`], { maxBuffer: 64 * 1024 * 1024 });
}

export interface ReservedSet {
  /** Lower-cased sample names reserved under any specialty. */
  sampleNames: Set<string>;
  /** Specialty + sample name pairs as listed. */
  pairs: Set<string>;
  mtSampleNumbers: Set<string>;
  tcgaPatients: Set<string>;
}

export function normaliseName(s: string): string {
  return s.toLowerCase().replace(/\s+/g, ' ').trim();
}

export function normaliseText(s: string): string {
  return s.toLowerCase().replace(/[\s,]+/g, ' ').trim();
}

export function readReserved(tsvPath: string): ReservedSet {
  const out: ReservedSet = { sampleNames: new Set(), pairs: new Set(), mtSampleNumbers: new Set(), tcgaPatients: new Set() };
  for (const line of fs.readFileSync(tsvPath, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [source = '', id = '', label = ''] = line.split('\t');
    if (source.startsWith('TCGA')) out.tcgaPatients.add(id.trim().slice(0, 12));
    if (source !== 'MTSamples') continue;
    out.mtSampleNumbers.add(id.trim());
    // "Specialty / Sample name": specialties may themselves hold " / " (Obstetrics / Gynecology), names rarely do.
    const cut = label.lastIndexOf(' / ');
    const name = normaliseName(label.slice(cut + 3));
    out.sampleNames.add(name);
    out.pairs.add(`${normaliseName(label.slice(0, cut))}|${name}`);
  }
  return out;
}

export interface FilterCount {
  rows: number;
  byName: number;
  byText: number;
  kept: number;
  reservedNamesSeen: number;
  reservedNamesMissing: string[];
}

/**
 * Drop every row whose sample name is reserved (under any specialty) and
 * every row whose text equals a reserved row's text: MTSamples lists one
 * report under several specialties, sometimes under another name.
 */
export function dropReserved(rows: readonly MtRow[], reserved: ReservedSet): { kept: MtRow[]; count: FilterCount } {
  const reservedTexts = new Set<string>();
  const seen = new Set<string>();
  for (const r of rows) {
    const name = normaliseName(r.sampleName);
    if (reserved.sampleNames.has(name)) {
      reservedTexts.add(normaliseText(r.text));
      seen.add(name);
    }
  }
  let byName = 0;
  let byText = 0;
  const kept: MtRow[] = [];
  for (const r of rows) {
    if (reserved.sampleNames.has(normaliseName(r.sampleName))) byName++;
    else if (reservedTexts.has(normaliseText(r.text))) byText++;
    else kept.push(r);
  }
  const missing = [...reserved.sampleNames].filter((n) => !seen.has(n));
  return { kept, count: { rows: rows.length, byName, byText, kept: kept.length, reservedNamesSeen: seen.size, reservedNamesMissing: missing } };
}

/** MTSamples flattens line breaks to ",": put headings back on lines of their own, as a printout has them. */
export function restoreLines(text: string): string {
  return text
    .replace(/\s*([A-Z][A-Z0-9 &/()'-]{2,60}:)\s*,\s*/g, '\n$1 ')
    .replace(/\.\s*,\s*(?=[A-Z0-9])/g, '.\n')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

const OPERATIVE_HEADINGS = /\b(PREOPERATIVE DIAGNOSIS|POSTOPERATIVE DIAGNOSIS|PROCEDURES? PERFORMED|OPERATIONS? PERFORMED|DESCRIPTION OF (THE )?(PROCEDURE|OPERATION)|PROCEDURE IN DETAIL|ESTIMATED BLOOD LOSS)\b/;
const IMAGING_NAME = /\b(x-ray|xray|ct|cta|mri|mra|ultrasound|sonogram|mammogra|echocardiogra|doppler|scan|radiograph|pet|venogram|arteriogram|angiogram|fluoroscop|bone density)\b/i;

/** From one source document (all the specialty/name pairs it is listed under) to a category, or undefined (left out). */
export function labelFor(listings: readonly { specialty: string; sampleName: string }[], text: string): { label: CategoryId; by: string } | undefined {
  const specs = listings.map((l) => l.specialty);
  const names = listings.map((l) => l.sampleName).join(' | ');
  const has = (s: string): boolean => specs.includes(s);
  if (has('Autopsy') || /template|normal (ros|physical)|\bime\b|records review|impairment/i.test(names)) return undefined;
  if (has('Discharge Summary') || /discharge summary/i.test(names)) return { label: 'discharge-summary', by: 'specialty/name: Discharge Summary' };
  if (has('Lab Medicine - Pathology') && /patholog|path report|immunohisto/i.test(names)) return { label: 'pathology-report', by: 'Lab Medicine - Pathology, pathology name' };
  if (/\bpatholog/i.test(names) && !OPERATIVE_HEADINGS.test(text)) return { label: 'pathology-report', by: 'pathology name' };
  if (/intensity-modulated radiation|radiation therapy simulation|chemoradiotherapy/i.test(names)) return { label: 'radiotherapy-record', by: 'radiation therapy name' };
  if (OPERATIVE_HEADINGS.test(text) && (has('Surgery') || /\b(procedure|operation|operative)\b/i.test(text.slice(0, 600)))) return { label: 'operative-report', by: 'operative headings' };
  if (has('Radiology') || (IMAGING_NAME.test(names) && /\b(IMPRESSION|FINDINGS)\b/.test(text) && !OPERATIVE_HEADINGS.test(text))) return { label: 'imaging-report', by: 'Radiology / imaging name with findings' };
  if (has('Surgery') && /\b(colonoscopy|egd|endoscopy|bronchoscopy|cystoscopy|biopsy)\b/i.test(names)) return { label: 'operative-report', by: 'Surgery, procedure name' };
  const note = ['Consult - History and Phy.', 'SOAP / Chart / Progress Notes', 'Letters', 'Office Notes', 'Emergency Room Reports'];
  if (specs.some((s) => note.includes(s)) || /\b(consult|h&p|followup|follow-up|letter|soap|progress note|office visit|evaluation)\b/i.test(names)) {
    if (OPERATIVE_HEADINGS.test(text)) return undefined;
    return { label: 'clinical-summary', by: 'consult / H&P / SOAP / letter / office note' };
  }
  return undefined;
}

/** Rows grouped by their text (one source document), labelled, reserved ones already dropped. */
export function mtSamplesDocuments(rows: readonly MtRow[]): { docs: CorpusDocument[]; unlabelled: number } {
  const groups = new Map<string, MtRow[]>();
  for (const r of rows) {
    if (r.text.trim().length < 200) continue;
    const key = normaliseText(r.text);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const docs: CorpusDocument[] = [];
  let unlabelled = 0;
  for (const listings of groups.values()) {
    const first = listings[0];
    if (!first) continue;
    const label = labelFor(listings, first.text);
    if (!label) {
      unlabelled++;
      continue;
    }
    const id = `mt-${Math.min(...listings.map((l) => l.noteId))}`;
    docs.push({ id, source: 'mtsamples', group: id, label: label.label, text: restoreLines(first.text), labelledBy: label.by });
  }
  return { docs, unlabelled };
}
