import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { scanCase } from '../../src/index.js';
import type { ExtractedText } from '../../src/extract/index.js';
import { TESSERACT_JS_VERSION } from '../../src/extract/ocr/engine.js';
import type { CategoryId } from '../../src/model/categories.js';
import { corpusCacheDir } from '../corpus/build.js';
import { dropReserved, normaliseText, readMtSamples, readReserved } from '../corpus/mtsamples.js';
import type { CorpusDocument } from '../corpus/types.js';
import { photographPageHard, renderPdfPages, seedFromName } from '../synth/degrade.js';
import { seededRandom } from '../synth/random.js';
import { makeReportPdf } from '../synth/report-pdf.js';
import { CONFIDENTLY_WRONG, summarise, type Outcome } from '../train/metrics.js';
import { splitHeldout } from '../train/split.js';
import { parseEvalArgs, positiveCount } from './args.js';
import { familyName, LAYOUTS, printout } from './corpus-printouts.js';
import { countCer, pooledCer, type CerCount } from './ocr/cer.js';
import { OCR_TARGETS } from './ocr/print.js';
import { defaultCacheDir, ensureDir, makeCopy, sourceText } from './ocr/variants.js';

/**
 * OCR on real documents (issue 10's independent evaluation, rebuilt on our own
 * held-out real texts): the corpus's held-out MTSamples and TCGA documents,
 * printed as hospital printouts (tools/eval/corpus-printouts), then made into
 * what a family sends (tools/synth/degrade: a 300 dpi image-only scan, every
 * fourth document a phone photo of its first page; a harder photo of those
 * too), and read by `scanCase` beside the born-digital printouts.
 * Reports; asserts nothing; nothing here is tuned on what it prints.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const DEFAULT_SNAPSHOT = '/work/.mirror/ML4LHS+clinspacy/repo';
/** Bump when the printout or the family copies change, so cached copies are made again. */
const REAL_COPY_VERSION = 1;

export interface RealOcrOptions {
  limit: number;
  jobs: number;
  cacheDir: string;
  /** Which documents also get a hard photo (`photographPageHard`, `--photo hard`): the photographed ones, all, or none (`--photo normal`). */
  hard: 'photos' | 'all' | 'none';
  /** Only one source's documents (a quick TCGA-only run), default both. */
  source?: 'mtsamples' | 'tcga';
  /** `heldout` (the default, the figures to report) or `train`: the corpus's training part, to study a gap without looking at the held-out documents. */
  part: 'heldout' | 'train';
  /** The MTSamples snapshot, to check every chosen document against the reserved list by row; skipped when absent. */
  snapshot?: string;
  reservedPath: string;
  corpusFile: string;
  onProgress?: (line: string) => void;
}

export function defaultRealOptions(): RealOcrOptions {
  return {
    limit: 60, jobs: 2, cacheDir: path.join(defaultCacheDir(), 'real'), hard: 'photos', part: 'heldout',
    snapshot: process.env.CASEPACK_MTSAMPLES ?? (fs.existsSync(DEFAULT_SNAPSHOT) ? DEFAULT_SNAPSHOT : undefined),
    reservedPath: path.resolve(ROOT, '../shared/reserved/evaluation-documents.tsv'),
    corpusFile: path.join(corpusCacheDir(), 'corpus.jsonl'),
  };
}

/** The cached corpus as `npm run train` wrote it: read, never rebuilt here (rebuilding rewrites the shared cache). */
export function readCorpusFile(file: string): CorpusDocument[] {
  if (!fs.existsSync(file)) throw new Error(`no corpus at ${file}: build it first with npm run train (docs/model.md).`);
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as CorpusDocument);
}

/** Up to `n` documents, the categories taking turns (each category's documents in a seeded order), so small categories are not crowded out. */
export function pickStratified(docs: readonly CorpusDocument[], n: number, seed = 1010): CorpusDocument[] {
  const byCategory = new Map<string, CorpusDocument[]>();
  for (const d of docs) byCategory.set(d.label, [...(byCategory.get(d.label) ?? []), d]);
  const queues = [...byCategory.keys()].sort().map((label) => {
    const r = seededRandom(seed + label.length);
    return [...byCategory.get(label)!].sort((a, b) => (a.id < b.id ? -1 : 1)).map((d) => ({ d, k: r() })).sort((a, b) => a.k - b.k).map((x) => x.d);
  });
  const picked: CorpusDocument[] = [];
  while (picked.length < n && queues.some((q) => q.length)) {
    for (const q of queues) {
      const next = q.shift();
      if (next && picked.length < n) picked.push(next);
    }
  }
  return picked;
}

/**
 * A second guard behind the corpus's own filter: no chosen document may be
 * reserved for independent evaluation (TCGA by patient barcode; MTSamples by
 * the row the document came from, its name and its text). Throws rather than
 * measure on one.
 */
function assertNotReserved(docs: readonly CorpusDocument[], options: RealOcrOptions): string {
  const reserved = readReserved(options.reservedPath);
  const tcgaHit = docs.filter((d) => d.source === 'tcga' && [...reserved.tcgaPatients].some((p) => d.id.includes(p)));
  if (tcgaHit.length) throw new Error(`reserved TCGA patients among the chosen documents: ${tcgaHit.map((d) => d.id).join(', ')}`);
  if (!options.snapshot) return 'MTSamples rows not re-checked (no snapshot); the corpus build dropped reserved rows';
  const rows = readMtSamples(options.snapshot);
  const { kept } = dropReserved(rows, reserved);
  const keptIds = new Set(kept.map((r) => r.noteId));
  const reservedTexts = new Set(rows.filter((r) => !keptIds.has(r.noteId)).map((r) => normaliseText(r.text)));
  const byId = new Map(rows.map((r) => [r.noteId, r]));
  const mt = docs.filter((d) => d.source === 'mtsamples');
  const hits = mt.filter((d) => {
    const row = byId.get(Number(d.id.replace(/^mt-/, '')));
    return !row || !keptIds.has(row.noteId) || reservedTexts.has(normaliseText(row.text));
  });
  if (hits.length) throw new Error(`reserved (or unknown) MTSamples rows among the chosen documents: ${hits.map((d) => d.id).join(', ')}`);
  return `${mt.length} MTSamples rows re-checked against the reserved list by row, name and text: none reserved`;
}

type Kind = 'scan' | 'photo';

interface Item {
  doc: CorpusDocument;
  name: string;
  kind: Kind;
  truthDate: string;
  pdf: Uint8Array;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * The printout with a known date of service in its header (MTSamples texts
 * carry none), written with the month's name so the date is not ambiguous:
 * the date figure then measures reading, not day/month order.
 */
async function printItem(doc: CorpusDocument, i: number, r: () => number): Promise<Item> {
  const spec = printout(doc, LAYOUTS[i % LAYOUTS.length] ?? 'plain');
  const year = 2019 + Math.floor(r() * 6);
  const month = Math.floor(r() * 12);
  const day = 1 + Math.floor(r() * 28);
  spec.fields = [['Date of service', `${MONTHS[month]} ${day}, ${year}`], ...(spec.fields ?? [])];
  const truthDate = `${year}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const name = familyName(r, i);
  return { doc, name, kind: i % 4 === 3 ? 'photo' : 'scan', truthDate, pdf: await makeReportPdf(spec) };
}

async function hardPhotoCopy(item: Item, dir: string): Promise<string> {
  const key = createHash('sha256').update(item.pdf).update(`photo-hard/${REAL_COPY_VERSION}`).digest('hex').slice(0, 16);
  const file = path.join(dir, `${key}.photo-hard.jpg`);
  if (!fs.existsSync(file)) {
    const [page] = await renderPdfPages(item.pdf, 300, 1);
    await writeFile(file, (await photographPageHard(page!, seedFromName(item.name, REAL_COPY_VERSION))).jpeg);
  }
  return file;
}

interface Reading {
  outcome: Outcome;
  dateRight: boolean;
  /** The document's own date was read with confidence yet is another date. */
  dateWrongSure: boolean;
  cer?: CerCount;
  pages: number;
  got: string;
}

interface FolderRun {
  readings: Map<string, Reading>;
  wallSeconds: number;
  cpuSeconds: number;
  ocrPages: number;
  /** Files read by OCR in this run, and how many of them were new to the OCR cache (the rest cost ~0). */
  ocrFiles: number;
  freshFiles: number;
  load: [number, number];
}

/** One case folder through `scanCase` (OCR on, its cache), each file scored against its document. */
/** A file of a case folder: its document, its bytes or a copy's path, and how many pages of the source its text is scored against (0: not scored). */
interface CaseFile { item: Item; from: string | Uint8Array; cerPages: number }

async function readFolder(files: Map<string, CaseFile>, options: RealOcrOptions): Promise<FolderRun> {
  const caseDir = await mkdtemp(path.join(os.tmpdir(), 'casepack-eval-ocr-real-'));
  try {
    for (const [name, { from }] of files) {
      if (typeof from === 'string') await copyFile(from, path.join(caseDir, name));
      else await writeFile(path.join(caseDir, name), from);
    }
    const texts = new Map<string, ExtractedText>();
    const ocrCache = await ensureDir(path.join(options.cacheDir, 'casepack-ocr'));
    const cachedBefore = fs.readdirSync(ocrCache).length;
    const loadBefore = os.loadavg()[0]!;
    const cpu = process.cpuUsage();
    const started = performance.now();
    const scan = await scanCase(caseDir, {
      archives: false, concurrency: 2, collectText: texts,
      ocr: { enabled: true, languages: ['eng'], jobs: options.jobs, cache: true, cacheDir: ocrCache },
    });
    const wallSeconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const readings = new Map<string, Reading>();
    let ocrPages = 0;
    let ocrFiles = 0;
    for (const f of scan.files) {
      const entry = files.get(f.path);
      if (!entry) continue;
      const c = f.classification;
      const predicted: CategoryId | undefined = !c || c.tiedWith?.length || (c.category === 'other' && c.confidence === 0) ? undefined : c.category;
      const read = texts.get(f.path);
      const pages = read?.ocr?.pages.length ?? 0;
      ocrPages += pages;
      if (read?.ocr) ocrFiles++;
      const date = c?.date ?? null;
      const reading: Reading = {
        outcome: { truth: entry.item.doc.label, predicted, confidence: c?.confidence ?? 0 },
        dateRight: date?.date === entry.item.truthDate,
        dateWrongSure: !!date?.date && date.date !== entry.item.truthDate && date.confidence >= 0.5,
        pages, got: c ? `${c.category}${c.tiedWith?.length ? `~${c.tiedWith.join('/')}` : ''} ${c.confidence.toFixed(2)}` : 'not scanned',
      };
      if (entry.cerPages > 0) reading.cer = countCer(read?.text ?? '', await sourceText(entry.item.pdf, entry.cerPages));
      readings.set(f.path, reading);
    }
    // One cache entry a file read: the new entries are the files recognised in this run.
    const freshFiles = fs.readdirSync(ocrCache).length - cachedBefore;
    return { readings, wallSeconds, cpuSeconds: (used.user + used.system) / 1e6, ocrPages, ocrFiles, freshFiles, load: [loadBefore, os.loadavg()[0]!] };
  } finally {
    await rm(caseDir, { recursive: true, force: true });
  }
}

const pct = (a: number, b: number): string => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)}%`);

function line(label: string, items: readonly Item[], born: FolderRun, run: FolderRun | undefined, nameOf: (i: Item) => string, cerTarget?: number): string {
  const n = items.length;
  const right = (r: FolderRun, i: Item, own: string): boolean => { const x = r.readings.get(own); return !!x && x.outcome.predicted === i.doc.label; };
  const bornRight = items.filter((i) => right(born, i, i.name)).length;
  const bornDate = items.filter((i) => born.readings.get(i.name)?.dateRight).length;
  if (!run) return `  ${label.padEnd(22)} ${`${pct(bornRight, n)} (${bornRight}/${n})`.padEnd(17)} ${'-'.padEnd(8)} ${`${pct(bornDate, n)} (${bornDate}/${n})`.padEnd(17)} -`;
  const got = items.filter((i) => right(run, i, nameOf(i))).length;
  const date = items.filter((i) => run.readings.get(nameOf(i))?.dateRight).length;
  const readings = items.map((i) => run.readings.get(nameOf(i))).filter((x): x is Reading => !!x);
  const abstained = readings.filter((x) => x.outcome.predicted === undefined).length;
  const sureWrong = readings.filter((x) => x.outcome.predicted !== undefined && x.outcome.predicted !== x.outcome.truth && x.outcome.confidence >= CONFIDENTLY_WRONG).length;
  const counts = readings.flatMap((x) => (x.cer ? [x.cer] : []));
  const cer = pooledCer(counts);
  const gap = (100 * (bornRight - got)) / Math.max(1, n);
  return [
    `  ${label.padEnd(22)}`,
    `${pct(got, n)} (${got}/${n})`.padEnd(17),
    `${gap.toFixed(1)}${gap <= OCR_TARGETS.categoryGapPoints ? ' ok' : ' > 5'}`.padEnd(8),
    `${pct(date, n)} (${date}/${n}; born ${bornDate})`.padEnd(24),
    `${pct(abstained, n)}`.padEnd(10),
    `${pct(sureWrong, n)}`.padEnd(10),
    `${(100 * cer).toFixed(2)}%${cerTarget === undefined ? '' : cer <= cerTarget ? ' ok' : ` > ${cerTarget * 100}%`} of ${counts.reduce((t, c) => t + c.length, 0)} chars`,
  ].join(' ');
}

function perPage(run: FolderRun): string {
  const pages = Math.max(1, run.ocrPages);
  const cached = run.ocrFiles - run.freshFiles;
  // A file OCR read nothing from has no text yet a cache entry: counts are then approximate, so say only what is sure.
  const caveat = cached > 0 ? `; ${cached} of ${run.ocrFiles} files came from the OCR cache (~0 s each), so this is not a speed: clear the cache for one` : run.freshFiles > 0 ? '; none from the OCR cache' : '';
  return `${run.ocrPages} OCR pages, ${(run.wallSeconds / pages).toFixed(2)} s wall and ${(run.cpuSeconds / pages).toFixed(2)} CPU s a page (${run.wallSeconds.toFixed(0)} s wall, ${run.cpuSeconds.toFixed(0)} CPU s; load average ${run.load[0].toFixed(1)} -> ${run.load[1].toFixed(1)}${caveat})`;
}

function worst(items: readonly Item[], run: FolderRun, nameOf: (i: Item) => string, k = 5): string {
  return items
    .map((i) => ({ i, x: run.readings.get(nameOf(i)) }))
    .filter((e) => e.x?.cer)
    .map((e) => ({ id: e.i.doc.id, cer: e.x!.cer!.errors / Math.max(1, e.x!.cer!.length) }))
    .sort((a, b) => b.cer - a.cer).slice(0, k)
    .map((w) => `${w.id} ${(100 * w.cer).toFixed(1)}%`).join('; ');
}

/** Documents the born-digital printout got right and the family copy did not: the team's next work. */
function losses(items: readonly Item[], born: FolderRun, run: FolderRun, nameOf: (i: Item) => string): string[] {
  return items.flatMap((i) => {
    const b = born.readings.get(i.name);
    const f = run.readings.get(nameOf(i));
    if (!b || !f || b.outcome.predicted !== i.doc.label || f.outcome.predicted === i.doc.label) return [];
    const cer = f.cer ? `, CER ${(100 * f.cer.errors / Math.max(1, f.cer.length)).toFixed(1)}%` : '';
    return [`    ${i.doc.id} (${i.doc.label}, ${i.name}): born-digital ${b.got}; copy ${f.got}${cer}`];
  });
}

export async function evaluateRealOcr(options: RealOcrOptions): Promise<string> {
  const all = readCorpusFile(options.corpusFile);
  const { heldout, rest } = splitHeldout(all);
  const real = (options.part === 'train' ? rest : heldout).filter((d) => d.source !== 'writer' && (!options.source || d.source === options.source));
  const chosen = pickStratified(real, options.limit);
  const guard = assertNotReserved(chosen, options);
  const r = seededRandom(2026);
  const items: Item[] = [];
  for (const [i, doc] of chosen.entries()) items.push(await printItem(doc, i, r));
  const copiesDir = await ensureDir(path.join(options.cacheDir, 'copies'));

  options.onProgress?.(`making ${items.length} family copies`);
  const bornFiles = new Map<string, CaseFile>(items.map((i) => [i.name, { item: i, from: i.pdf, cerPages: 0 }]));
  const familyName_ = (i: Item): string => (i.kind === 'photo' ? i.name.replace(/\.pdf$/i, '.jpg') : i.name);
  const familyFiles = new Map<string, CaseFile>();
  for (const i of items) {
    const copy = await makeCopy(i.pdf, i.name, i.kind === 'photo' ? 'photo' : 'scan-300', copiesDir);
    // A photo is of the first page only: its text is scored against that page.
    familyFiles.set(familyName_(i), { item: i, from: copy.file, cerPages: i.kind === 'photo' ? 1 : Infinity });
  }
  const hardItems = options.hard === 'none' ? [] : items.filter((i) => options.hard === 'all' || i.kind === 'photo');
  const hardName = (i: Item): string => i.name.replace(/\.pdf$/i, '.jpg');
  const hardFiles = new Map<string, CaseFile>();
  for (const i of hardItems) hardFiles.set(hardName(i), { item: i, from: await hardPhotoCopy(i, copiesDir), cerPages: 1 });

  options.onProgress?.('reading the born-digital printouts');
  const born = await readFolder(bornFiles, options);
  options.onProgress?.(`reading the family copies (${familyFiles.size} files) with casepack's OCR`);
  const family = await readFolder(familyFiles, options);
  const scans = items.filter((i) => i.kind === 'scan');
  const photos = items.filter((i) => i.kind === 'photo');
  let hard: FolderRun | undefined;
  if (hardItems.length) {
    options.onProgress?.(`reading ${hardItems.length} hard photos`);
    hard = await readFolder(hardFiles, options);
  }

  const categories = [...new Set(items.map((i) => i.doc.label))].sort();
  const counts = categories.map((c) => `${c} ${items.filter((i) => i.doc.label === c).length}`).join(', ');
  const sources = ['mtsamples', 'tcga'].map((s) => `${items.filter((i) => i.doc.source === s).length} ${s === 'mtsamples' ? 'MTSamples' : 'TCGA'}`).join(', ');
  const header = `  ${'copy'.padEnd(22)} ${'category'.padEnd(17)} ${'gap pts'.padEnd(8)} ${'date'.padEnd(24)} ${'abstained'.padEnd(10)} ${'sure wrong'.padEnd(10)} CER`;
  const out = [
    options.part === 'train'
      ? `OCR on real TRAINING-part documents (for studying a gap; report the held-out run's figures): ${items.length} (${sources}; ${counts}),`
      : `OCR on real held-out documents: ${items.length} (${sources}; ${counts}) from the corpus's held-out part (never trained or tuned on),`,
    `printed as ${LAYOUTS.join(', ')} printouts with a date of service;`,
    `every 4th a phone photo of page 1 (tools/synth/degrade photographPage), the rest 300 dpi image-only scans (scanCopy); read by casepack scanCase, OCR by tesseract.js ${TESSERACT_JS_VERSION} (eng), jobs ${options.jobs}.`,
    `  reserved-document guard: ${guard}`,
    header,
    line('born-digital (all)', items, born, undefined, (i) => i.name),
    line('family copies (all)', items, born, family, familyName_),
    line('scan-300', scans, born, family, familyName_, OCR_TARGETS.cerScan300),
    line('photo (page 1)', photos, born, family, familyName_, OCR_TARGETS.cerPhoto),
    ...(hard ? [line(`hard photo (${hardItems.length})`, hardItems, born, hard, hardName)] : []),
    `  gap: born-digital accuracy on the same documents minus the copy's (target <= ${OCR_TARGETS.categoryGapPoints} on scans); "sure wrong": a wrong category with confidence >= ${CONFIDENTLY_WRONG}; CER pooled, targets <= 3% scans, <= 8% photos (hard photos: no target, not tuned on)`,
    `  date: the printout's date of service found as the document's date (born: the born-digital printout's count on the same documents)`,
    `  speed, family copies: ${perPage(family)}`,
    ...(hard ? [`  speed, hard photos: ${perPage(hard)}`] : []),
    `  worst CER: scans ${worst(scans, family, familyName_)}`,
    `             photos ${worst(photos, family, familyName_)}`,
    ...(hard ? [`             hard photos ${worst(hardItems, hard, hardName)}`] : []),
    '  family copies, per category (casepack: rules and model):',
    summarise(items.flatMap((i) => { const x = family.readings.get(familyName_(i)); return x ? [x.outcome] : []; })),
    '  right born-digital, wrong as a family copy:',
    ...(losses(items, born, family, familyName_).length ? losses(items, born, family, familyName_) : ['    none']),
    ...(hard ? ['  right born-digital, wrong as a hard photo:', ...(losses(hardItems, born, hard, hardName).length ? losses(hardItems, born, hard, hardName) : ['    none'])] : []),
    `  dates missed on family copies (born-digital right): ${items.filter((i) => born.readings.get(i.name)?.dateRight && !family.readings.get(familyName_(i))?.dateRight).map((i) => `${i.doc.id} (${i.kind})`).join(', ') || 'none'}`,
  ];
  return out.join('\n');
}

const USAGE = `usage: eval:ocr -- --real [--limit N] [--jobs N] [--cache DIR] [--photo hard|hard-all|normal] [--source mtsamples|tcga] [--part heldout|train] [--mtsamples SNAPSHOT]
  OCR on the corpus's held-out real documents (MTSamples, TCGA) as scans and phone photos (docs/ocr-evaluation.md).
  --photo hard (default): the photographed documents are also read as a hard photo (tools/synth/degrade photographPageHard),
  reported on a row of their own; hard-all: every document's first page; normal: no hard photos.
  --part train: the corpus's training part instead of the held-out one, to study a gap (the held-out run gives the figures).
  Copies and OCR results are cached in DIR (default: $XDG_CACHE_HOME/casepack-eval-ocr/real).`;

export function parseRealArgs(args: readonly string[]): RealOcrOptions {
  const options = defaultRealOptions();
  const { values } = parseEvalArgs(args, USAGE, {
    real: { type: 'boolean' }, limit: { type: 'string' }, jobs: { type: 'string' }, cache: { type: 'string' },
    mtsamples: { type: 'string' }, source: { type: 'string' }, photo: { type: 'string' }, part: { type: 'string' },
  });
  if (values.limit !== undefined) options.limit = positiveCount(values.limit, USAGE);
  if (values.jobs !== undefined) options.jobs = positiveCount(values.jobs, USAGE);
  if (values.cache !== undefined) options.cacheDir = path.resolve(values.cache);
  if (values.mtsamples !== undefined) options.snapshot = path.resolve(values.mtsamples);
  if (values.source !== undefined) {
    if (values.source !== 'mtsamples' && values.source !== 'tcga') throw new Error(USAGE);
    options.source = values.source;
  }
  if (values.part !== undefined) {
    if (values.part !== 'heldout' && values.part !== 'train') throw new Error(USAGE);
    options.part = values.part;
  }
  if (values.photo !== undefined) {
    const hard = { hard: 'photos', 'hard-all': 'all', normal: 'none' } as const;
    if (!(values.photo in hard)) throw new Error(USAGE);
    options.hard = hard[values.photo as keyof typeof hard];
  }
  return options;
}

/** `npm run eval:ocr -- --real` (or `npm run eval:ocr-real`). */
export async function mainReal(args: readonly string[]): Promise<void> {
  const options = parseRealArgs(args);
  const onProgress = process.stderr.isTTY ? (l: string): void => { process.stderr.write(`\r\x1b[K${l}`); } : (l: string): void => { process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${l}\n`); };
  const report = await evaluateRealOcr({ ...options, onProgress });
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  console.log(report);
}
