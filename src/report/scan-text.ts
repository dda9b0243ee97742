import type { Classification, FileEntry, ScanResult } from '../model/scan.js';
import { isFileDate } from '../model/scan-values.js';
import { CATEGORIES, categoryDefinition } from '../model/category-list.js';
import { formatBytes } from '../util/format.js';
import { findingLines } from './findings-text.js';
import { joinLines, PLAIN_STYLE, type TextRenderOptions, type TextStyle } from './style.js';
import { displayPersonName } from '../util/person-name.js';

export interface InventoryOptions extends TextRenderOptions {
  /** Why each file got its category and date. */
  explain?: boolean;
}

function classificationLabel(c: Classification | undefined): string {
  if (!c) return '';
  // A date of the file (metadata, name) is shown as such, never as the document's date.
  const date = c.date?.date && isFileDate(c.date) ? `date unknown (file dated ${c.date.date})` : c.date?.date ?? (c.date?.ambiguous ? `${c.date.ambiguous.join(' or ')}?` : 'undated');
  const modality = c.modality ? ` ${c.modality}` : '';
  const tied = c.tiedWith?.length ? ` (or ${c.tiedWith.map((t) => categoryDefinition(t).displayName).join(' / ')}?)` : '';
  const override = c.override ? ' (set in casepack.yaml)' : '';
  const excluded = c.excluded ? ' [excluded]' : '';
  return `${categoryDefinition(c.category).displayName}${modality}${tied}, ${date}${override}${excluded}`;
}

/** Why: confidence, every rule that fired with the words it matched, the date's source, and what a person changed. */
function explainLines(c: Classification | undefined): string[] {
  if (!c) return [];
  const lines = [`confidence ${c.confidence.toFixed(2)}${c.tiedWith?.length ? `, tied with ${c.tiedWith.join(', ')}` : ''}${c.title ? `; title "${c.title}"` : ''}`];
  for (const r of c.reasons) {
    lines.push(`${r.rule}${r.category ? ` → ${r.category}` : ''} (${r.weight >= 0 ? '+' : ''}${r.weight})${r.matched?.length ? `: ${r.matched.map((m) => `"${m}"`).join(', ')}` : ''}`);
  }
  if (c.date) {
    const range = c.date.start ? ` (series from ${c.date.start})` : '';
    lines.push(`date ${c.date.date ?? (c.date.ambiguous ? `${c.date.ambiguous.join(' or ')}?` : 'none')}${range} from ${c.date.source}${c.date.kind ? ` (${c.date.kind})` : ''}, confidence ${c.date.confidence.toFixed(2)}${c.date.evidence ? `: "${c.date.evidence}"` : ''}`);
  }
  if (c.override) {
    const p = c.override.previous;
    lines.push(`casepack.yaml (${c.override.pattern}) set ${c.override.fields.join(', ')}; casepack's own guess was ${p.category}${p.modality ? ` ${p.modality}` : ''}, ${p.date ?? 'undated'}`);
  }
  return lines;
}

/** Where the text the category and date were read from came from: a text layer, or OCR and how sure it was. */
export function textSourceLine(source: FileEntry['textSource']): string | undefined {
  if (!source) return undefined;
  if (source.source === 'text-layer') return 'text from the text layer';
  const low = source.lowConfidencePages?.length ? `; low confidence on page ${source.lowConfidencePages.map((p) => p + 1).join(', ')}: check it` : '';
  return `text read by OCR (${source.engine ?? 'ocr'} ${source.engineVersion ?? ''}, ${(source.languages ?? []).join('+') || 'no language'}), ${source.pagesRead ?? 0} page${source.pagesRead === 1 ? '' : 's'}, mean word confidence ${source.meanConfidence ?? 0}%${low}`.replace(' ,', ',');
}

function summaryLines(scan: ScanResult, c: TextStyle): string[] {
  const lines = [c.bold(`Case: ${scan.root}`)];
  const famSummary = Object.entries(scan.summary.byFamily).sort().map(([k, v]) => `${v} ${k}`).join(', ');
  lines.push(`${scan.summary.files} files, ${formatBytes(scan.summary.bytes)}${famSummary ? ` (${famSummary})` : ''}${scan.summary.skippedJunk ? `; ${scan.summary.skippedJunk} system files skipped` : ''}`);
  const byCategory = scan.summary.byCategory ?? {};
  // In packet reading order, so the line reads like the packet's contents.
  const catSummary = CATEGORIES.filter((cat) => byCategory[cat.id]).map((cat) => `${byCategory[cat.id]} ${cat.displayName.toLowerCase()}`).join(', ');
  if (catSummary) lines.push(c.dim(`By category: ${catSummary}`));
  if (scan.patients.length > 0) {
    lines.push('', c.bold('Patient'));
    for (const p of scan.patients) lines.push(`  ${p.name ? displayPersonName(p.name) : '(no name)'}${p.patientId ? `  ID ${p.patientId}` : ''}${p.birthDate ? `  born ${p.birthDate}` : ''}  — ${p.fileCount} file(s)`);
  }
  return lines;
}

function studyLines(scan: ScanResult, c: TextStyle, explain: boolean): string[] {
  if (scan.dicom.studies.length === 0) return [];
  const lines = ['', c.bold(`Imaging studies (DICOM): ${scan.dicom.studies.length}`)];
  for (const study of scan.dicom.studies) {
    const sc = study.classification;
    const kind = sc && (sc.category !== 'imaging' || sc.modality === 'PET_CT' || sc.override) ? `  [${classificationLabel(sc)}]` : '';
    lines.push(`  ${study.date ?? 'undated'}  ${study.modalities.join('/') || '?'}  ${study.description ?? '(no description)'}  — ${study.series.length} series, ${study.instances} images${kind}`);
    if (explain) for (const l of explainLines(sc)) lines.push(c.dim(`      ${l}`));
    for (const s of study.series) {
      lines.push(c.dim(`      ${s.modality ?? '?'}  #${s.seriesNumber ?? '-'} ${s.description ?? '(no description)'}  ${s.instances} file(s)`));
    }
  }
  return lines;
}

const FILE_SECTIONS: ReadonlyArray<[string, (f: FileEntry) => boolean]> = [
  ['Slide scans', (f) => (f.family === 'slide' && f.slide?.container !== 'ets') || f.dicom?.kind === 'slide-microscopy'],
  ['Other DICOM objects (reports, plans, presentation states)', (f) => f.family === 'dicom' && f.dicom !== undefined && !['image', 'slide-microscopy', 'secondary-capture'].includes(f.dicom.kind)],
  ['PDF documents', (f) => f.family === 'pdf'],
  ['Images (photos, screenshots)', (f) => f.family === 'image'],
  ['Other files', (f) => !['dicom', 'slide', 'pdf', 'image'].includes(f.family)],
];

function fileSectionLines(scan: ScanResult, c: TextStyle, explain: boolean): string[] {
  const lines: string[] = [];
  for (const [title, pick] of FILE_SECTIONS) {
    const picked = scan.files.filter(pick);
    if (picked.length === 0) continue;
    lines.push('', c.bold(`${title}: ${picked.length}`));
    for (const f of picked) {
      const label = classificationLabel(f.classification);
      lines.push(`  ${f.path}${label ? c.dim(`  — ${label}`) : c.dim(`  — ${f.family}`)}`);
      if (!explain) continue;
      const source = textSourceLine(f.textSource);
      for (const l of [...(source ? [source] : []), ...explainLines(f.classification)]) lines.push(c.dim(`      ${l}`));
    }
  }
  return lines;
}

function scanFindingLines(scan: ScanResult, c: TextStyle): string[] {
  if (scan.findings.length === 0) return ['', c.green('No problems found.')];
  const errors = scan.findings.filter((f) => f.severity === 'error').length;
  const warnings = scan.findings.filter((f) => f.severity === 'warning').length;
  return [
    '',
    c.bold(`Findings: ${errors} error(s), ${warnings} warning(s), ${scan.findings.length - errors - warnings} note(s)`),
    ...findingLines(scan.findings, { style: c }),
  ];
}

/** The readable inventory of `casepack scan`: grouped by kind, then the findings. */
export function renderInventory(scan: ScanResult, options: InventoryOptions = {}): string {
  const style = options.style ?? PLAIN_STYLE;
  const explain = options.explain ?? false;
  return joinLines([
    ...summaryLines(scan, style),
    ...studyLines(scan, style, explain),
    ...fileSectionLines(scan, style, explain),
    ...scanFindingLines(scan, style),
  ]);
}
