import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { classifyDocumentText } from '../../src/classify/document.js';
import { scanCase } from '../../src/index.js';
import type { CategoryId } from '../../src/model/categories.js';
import type { Reason } from '../../src/model/scan.js';
import { buildCorpus } from '../corpus/build.js';
import type { CorpusDocument } from '../corpus/types.js';
import { seededRandom } from '../synth/random.js';
import { makeReportPdf, type ReportSpec, type ReportStyle } from '../synth/report-pdf.js';
import { reliabilityTable, summarise, type Outcome } from '../train/metrics.js';
import { splitHeldout } from '../train/split.js';

/**
 * The classifier on real text it never saw: the held-out part of the corpus
 * (MTSamples reports and TCGA pathology reports: real documents, not our
 * writers), printed as
 * ordinary hospital printouts (plain, letterhead, two-column patient header,
 * typewriter) under names families give files, and read by `scanCase` as a
 * user's folder. Rules alone (text level) are printed beside, for before/after.
 */
export const LAYOUTS = ['plain', 'letterhead', 'patient-header', 'typewriter'] as const;
const FAMILY_NAMES = ['scan', 'from hospital', 'Mum docs', 'report', 'letter from Dr Lee', 'IMG_', 'document', 'Dad appointment papers', 'hospital printout', 'file', 'copy of notes', 'doc'];

export function familyName(r: () => number, i: number): string {
  const stem = FAMILY_NAMES[Math.floor(r() * FAMILY_NAMES.length)] ?? 'scan';
  return `${stem}${stem.endsWith('_') ? 2000 + i : ` ${i + 1}`}.pdf`;
}

function sectionsOf(text: string): ReportSpec['sections'] {
  const sections: ReportSpec['sections'] = [];
  for (const line of text.split('\n')) {
    const m = /^([A-Z][A-Z0-9 &/()'-]{2,60}):\s*(.*)$/.exec(line);
    if (m?.[1]) sections.push({ heading: m[1], blocks: m[2] ? [m[2]] : [] });
    else if (line.trim()) (sections.at(-1) ?? (sections[sections.length] = { blocks: [] })).blocks.push(line);
  }
  return sections;
}

export function printout(doc: CorpusDocument, layout: (typeof LAYOUTS)[number]): ReportSpec {
  const style: ReportStyle = layout === 'typewriter' ? 'typewriter' : layout === 'letterhead' ? 'modern' : 'classic';
  const spec: ReportSpec = { title: '', sections: sectionsOf(doc.text), style, metadata: { creationDate: null } };
  if (layout === 'letterhead' || layout === 'patient-header') spec.letterhead = { institution: 'Riverside General Hospital', department: 'Health Information Services', lines: ['400 Hospital Drive, Springfield', 'Tel 555-0100  Fax 555-0101'] };
  if (layout === 'patient-header') spec.fields = [['Patient', 'Jane Doe'], ['MRN', '00412345'], ['DOB', '04/12/1961'], ['Printed', '11/02/2025'], ['Location', 'Outpatients'], ['Attending', 'Dr R. Patel']];
  return spec;
}

/** What was said and the four reasons that weighed most, for a miss in the training part. */
function describeVerdict(c: { category?: CategoryId | undefined; confidence: number; tiedWith?: CategoryId[] | undefined; reasons: readonly Reason[] }): string {
  const reasons = [...c.reasons].sort((a, b) => b.weight - a.weight).slice(0, 4).map((x) => `${x.rule}(${x.weight})${x.matched?.length ? ` [${x.matched.slice(0, 4).join(', ')}]` : ''}`).join('; ');
  return `${c.category ?? 'other'} ${c.confidence.toFixed(2)}${c.tiedWith?.length ? ` (tied with ${c.tiedWith.join(', ')})` : ''}: ${reasons}`;
}

export interface PrintoutOptions {
  /**
   * `heldout` (the default) measures; `train` prints the corpus's training part, the one place to look at misses
   * while tuning the rules and their combination with the model (the model has seen these texts, so its votes run
   * higher than on new ones: a place to find rule gaps, not a figure to report).
   */
  part?: 'heldout' | 'train';
  /** Only documents labelled this category. */
  category?: CategoryId;
  limit?: number;
}

export async function evaluateCorpusPrintouts(snapshot: string | undefined, options: PrintoutOptions = {}): Promise<string> {
  const part = options.part ?? 'heldout';
  const split = splitHeldout(buildCorpus(snapshot).documents);
  const real = (part === 'train' ? split.rest : split.heldout)
    .filter((d) => d.source !== 'writer' && (!options.category || d.label === options.category)).slice(0, options.limit ?? Infinity);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casepack-corpus-printouts-'));
  const r = seededRandom(2026);
  const truth = new Map<string, CategoryId>();
  const sourceOf = new Map<string, CorpusDocument['source']>();
  const rulesAlone: (Outcome & { source?: string })[] = [];
  const rulesMisses: string[] = [];
  for (const [i, doc] of real.entries()) {
    const name = familyName(r, i);
    fs.writeFileSync(path.join(dir, name), await makeReportPdf(printout(doc, LAYOUTS[i % LAYOUTS.length] ?? 'plain')));
    truth.set(name, doc.label);
    sourceOf.set(name, doc.source);
    const v = classifyDocumentText(doc.text, name, { model: false });
    const predicted = v.tiedWith.length > 0 ? undefined : v.category;
    rulesAlone.push({ truth: doc.label, predicted, confidence: v.confidence, source: doc.source });
    if (predicted !== doc.label) rulesMisses.push(`  ${name} expected ${doc.label}, got ${describeVerdict(v)}`);
  }
  const started = performance.now();
  const scan = await scanCase(dir, { archives: false, concurrency: 2, ocr: { enabled: false } });
  const seconds = (performance.now() - started) / 1000;
  const combined: (Outcome & { source?: string })[] = [];
  const misses: string[] = [];
  for (const f of scan.files) {
    const t = truth.get(f.path);
    if (!t || !f.classification) continue;
    const c = f.classification;
    const predicted = c.tiedWith?.length ? undefined : c.category === 'other' && c.confidence === 0 ? undefined : c.category;
    combined.push({ truth: t, predicted, confidence: c.confidence, source: sourceOf.get(f.path) });
    if (predicted !== t) misses.push(`  ${f.path} expected ${t}, got ${describeVerdict(c)}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  const tcga = (o: { source?: string }): boolean => o.source === 'tcga';
  const mtCount = real.filter((d) => d.source === 'mtsamples').length;
  if (part === 'train') {
    return [`Training part of the corpus (${real.length} real documents${options.category ? ` labelled ${options.category}` : ''}; the model has seen them), printed as for the held-out figures:`,
      summarise(combined), `Misses (${misses.length}):`, ...misses, 'Rules alone:', summarise(rulesAlone), `Misses of the rules alone (${rulesMisses.length}):`, ...rulesMisses].join('\n');
  }
  return [
    `Real held-out documents (${mtCount} MTSamples reports and ${real.length - mtCount} TCGA pathology reports from the corpus's held-out part, never trained or tuned on; printed as PDFs: ${LAYOUTS.join(', ')}; family-style file names; read by scanCase, no OCR needed), ${(1000 * seconds / Math.max(1, real.length)).toFixed(1)} ms a document end to end:`,
    'Rules and model (casepack today): uncertain (CATEGORY_UNCERTAIN) and unclassified count as abstained',
    summarise(combined),
    reliabilityTable(combined),
    'TCGA pathology reports alone (rules and model):',
    summarise(combined.filter(tcga)),
    'Rules alone on the same texts (before):',
    summarise(rulesAlone),
    'TCGA pathology reports alone (rules alone):',
    summarise(rulesAlone.filter(tcga)),
  ].join('\n');
}
