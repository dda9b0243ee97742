import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ReservedSet } from './mtsamples.js';
import type { CorpusDocument } from './types.js';

/**
 * Real TCGA pathology reports (The Cancer Genome Atlas; de-identified,
 * open-access "Pathology Report" files of the GDC) as text: the only real
 * pathology text the corpus has. Read from one of
 *
 * - a folder of `TCGA-XX-XXXX.<uuid>.txt` texts (the prepared cache,
 *   `<corpus cache>/tcga-transcripts`, or any copy of them);
 * - a snapshot of github:ftucos/TCGA-pathology_report_parsing_with_LLM (a
 *   work tree or the bare git directory `fetch` leaves): its page transcripts
 *   `processed/pathology_report_transcript/*.txt` when present, otherwise its
 *   PDFs `data/pathology_report/<uuid>/*.PDF`, read with poppler's
 *   `pdftotext` and, for scans without a text layer, `pdftoppm` + the system
 *   `tesseract` (both installed as Debian packages; no network).
 */
export const TCGA_SNAPSHOT_TRANSCRIPTS = 'processed/pathology_report_transcript';
export const TCGA_SNAPSHOT_PDFS = 'data/pathology_report';

export const TCGA_HOW_TO = `Real pathology reports (TCGA) are optional: pass --tcga DIR (or CASEPACK_TCGA=DIR), DIR being a folder of
TCGA-XX-XXXX.<uuid>.txt report texts or a snapshot of github:ftucos/TCGA-pathology_report_parsing_with_LLM
(fetch it with the fetch tool); the default is <corpus cache>/tcga-transcripts when it exists (docs/model.md).`;

/** Report texts shorter than this are cover sheets or empty scans, not reports. */
const MIN_REPORT_CHARS = 200;
/** A TCGA file name starts with the patient barcode: TCGA, tissue source site, participant. */
const BARCODE = /^(TCGA-[A-Z0-9]{2}-[A-Z0-9]{4})/i;

export interface TcgaReport {
  /** File name without extension, e.g. TCGA-2F-A9KO.FA1D30C7-... */
  name: string;
  text: string;
}

export interface TcgaCount {
  source: string;
  reports: number;
  patients: number;
  droppedReserved: number;
  droppedReservedPatients: number;
  droppedShort: number;
  droppedNoBarcode: number;
  kept: number;
}

function isGitDir(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'HEAD')) && fs.existsSync(path.join(dir, 'objects'));
}

function gitFiles(gitDir: string, under: string): string[] {
  try {
    return execFileSync('git', ['--git-dir', gitDir, 'ls-tree', '-r', '--name-only', 'HEAD', under], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

function gitShow(gitDir: string, rel: string): Buffer {
  return execFileSync('git', ['--git-dir', gitDir, 'show', `HEAD:${rel}`], { maxBuffer: 64 * 1024 * 1024 });
}

function walkFiles(dir: string, ext: RegExp): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walkFiles(full, ext));
    else if (ext.test(entry.name)) out.push(full);
  }
  return out.sort();
}

const stem = (file: string): string => path.basename(file).replace(/\.(txt|pdf)$/i, '');

/** Text of a PDF: its text layer, else OCR of its pages (tesseract, 200 dpi grey), cached by name. */
export function pdfText(pdf: Buffer, name: string, cacheDir: string): string {
  const cached = path.join(cacheDir, `${name}.txt`);
  if (fs.existsSync(cached)) return fs.readFileSync(cached, 'utf8');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'casepack-tcga-'));
  try {
    const file = path.join(tmp, 'report.pdf');
    fs.writeFileSync(file, pdf);
    let text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (text.replace(/\s/g, '').length < MIN_REPORT_CHARS) {
      // TCGA reports are mostly scans: no text layer, so read the page images.
      execFileSync('pdftoppm', ['-r', '200', '-gray', '-png', file, path.join(tmp, 'page')]);
      text = walkFiles(tmp, /^page.*\.png$/).map((png) => execFileSync('tesseract', [png, '-', '-l', 'eng'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })).join('\n');
    }
    fs.mkdirSync(cacheDir, { recursive: true });
    fs.writeFileSync(cached, text);
    return text;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Every report text the source holds (see the module comment for the forms a source can take). */
export function readTcgaReports(source: string, ocrCacheDir: string): TcgaReport[] {
  if (isGitDir(source)) {
    const transcripts = gitFiles(source, TCGA_SNAPSHOT_TRANSCRIPTS).filter((f) => f.endsWith('.txt'));
    if (transcripts.length > 0) return transcripts.map((f) => ({ name: stem(f), text: gitShow(source, f).toString('utf8') }));
    return gitFiles(source, TCGA_SNAPSHOT_PDFS).filter((f) => /\.pdf$/i.test(f)).map((f) => ({ name: stem(f), text: pdfText(gitShow(source, f), stem(f), ocrCacheDir) }));
  }
  const inSnapshot = path.join(source, TCGA_SNAPSHOT_TRANSCRIPTS);
  const texts = walkFiles(fs.existsSync(inSnapshot) ? inSnapshot : source, /\.txt$/i);
  if (texts.length > 0) return texts.map((f) => ({ name: stem(f), text: fs.readFileSync(f, 'utf8') }));
  return walkFiles(source, /\.pdf$/i).map((f) => ({ name: stem(f), text: pdfText(fs.readFileSync(f), stem(f), ocrCacheDir) }));
}

/** The patient barcode of a TCGA file name (its first 12 characters), or undefined. */
export function patientOf(name: string): string | undefined {
  return BARCODE.exec(name)?.[1]?.toUpperCase();
}

/**
 * Reports to corpus documents, labelled pathology-report. Every report of a
 * reserved patient is dropped; a patient's reports share one group, so they
 * always fall on the same side of every split.
 */
export function tcgaDocuments(reports: readonly TcgaReport[], reserved: ReservedSet, source: string): { docs: CorpusDocument[]; count: TcgaCount } {
  const count: TcgaCount = { source, reports: reports.length, patients: 0, droppedReserved: 0, droppedReservedPatients: 0, droppedShort: 0, droppedNoBarcode: 0, kept: 0 };
  const reservedSeen = new Set<string>();
  const patients = new Set<string>();
  const docs: CorpusDocument[] = [];
  for (const r of [...reports].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const patient = patientOf(r.name);
    if (!patient) count.droppedNoBarcode++;
    else if (reserved.tcgaPatients.has(patient)) {
      count.droppedReserved++;
      reservedSeen.add(patient);
    } else if (r.text.replace(/\s/g, '').length < MIN_REPORT_CHARS) count.droppedShort++;
    else {
      patients.add(patient);
      docs.push({ id: `tcga-${r.name}`, source: 'tcga', group: `tcga-${patient}`, label: 'pathology-report', text: r.text.trim(), labelledBy: 'TCGA pathology report' });
    }
  }
  count.droppedReservedPatients = reservedSeen.size;
  count.patients = patients.size;
  count.kept = docs.length;
  return { docs, count };
}
