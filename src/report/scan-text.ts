import type { FileEntry, ScanResult } from '../model/scan.js';
import { categoryDefinition } from '../model/categories.js';
import { formatBytes, type Output } from '../cli/output.js';

export interface InventoryOptions {
  explain?: boolean;
}

function classificationLabel(file: FileEntry): string {
  const c = file.classification;
  if (!c) return '';
  const date = c.date?.date ?? (c.date?.ambiguous ? `${c.date.ambiguous.join(' or ')}?` : 'undated');
  const modality = c.modality ? ` ${c.modality}` : '';
  const override = c.override ? ' (set in casepack.yaml)' : '';
  return `${categoryDefinition(c.category).displayName}${modality}, ${date}${override}`;
}

function explainLines(file: FileEntry): string[] {
  const c = file.classification;
  if (!c) return [];
  const lines = [`confidence ${c.confidence.toFixed(2)}${c.tiedWith?.length ? `, tied with ${c.tiedWith.join(', ')}` : ''}`];
  for (const r of c.reasons) {
    lines.push(`${r.rule}${r.category ? ` → ${r.category}` : ''} (${r.weight >= 0 ? '+' : ''}${r.weight})${r.matched?.length ? `: ${r.matched.map((m) => `"${m}"`).join(', ')}` : ''}`);
  }
  if (c.date) lines.push(`date ${c.date.date ?? 'none'} from ${c.date.source}${c.date.kind ? ` (${c.date.kind})` : ''}${c.date.evidence ? `: "${c.date.evidence}"` : ''}`);
  return lines;
}

/** The readable inventory of `casepack scan`: grouped by kind, then the findings. */
export function printInventory(out: Output, scan: ScanResult, options: InventoryOptions = {}): void {
  const { c } = out;
  out.line(c.bold(`Case: ${scan.root}`));
  const famSummary = Object.entries(scan.summary.byFamily).sort().map(([k, v]) => `${v} ${k}`).join(', ');
  out.line(`${scan.summary.files} files, ${formatBytes(scan.summary.bytes)}${famSummary ? ` (${famSummary})` : ''}${scan.summary.skippedJunk ? `; ${scan.summary.skippedJunk} system files skipped` : ''}`);

  if (scan.patients.length > 0) {
    out.line();
    out.line(c.bold('Patient'));
    for (const p of scan.patients) out.line(`  ${p.name ?? '(no name)'}${p.patientId ? `  ID ${p.patientId}` : ''}${p.birthDate ? `  born ${p.birthDate}` : ''}  — ${p.fileCount} file(s)`);
  }

  if (scan.dicom.studies.length > 0) {
    out.line();
    out.line(c.bold(`Imaging studies (DICOM): ${scan.dicom.studies.length}`));
    for (const study of scan.dicom.studies) {
      out.line(`  ${study.date ?? 'undated'}  ${study.modalities.join('/') || '?'}  ${study.description ?? '(no description)'}  — ${study.series.length} series, ${study.instances} images`);
      for (const s of study.series) {
        out.line(c.dim(`      ${s.modality ?? '?'}  #${s.seriesNumber ?? '-'} ${s.description ?? '(no description)'}  ${s.instances} file(s)`));
      }
    }
  }

  const sections: Array<[string, (f: FileEntry) => boolean]> = [
    ['Slide scans', (f) => f.family === 'slide' || f.dicom?.kind === 'slide-microscopy'],
    ['Other DICOM objects (reports, plans, presentation states)', (f) => f.family === 'dicom' && f.dicom !== undefined && !['image', 'slide-microscopy', 'secondary-capture'].includes(f.dicom.kind)],
    ['PDF documents', (f) => f.family === 'pdf'],
    ['Images (photos, screenshots)', (f) => f.family === 'image'],
    ['Other files', (f) => !['dicom', 'slide', 'pdf', 'image'].includes(f.family)],
  ];
  for (const [title, pick] of sections) {
    const picked = scan.files.filter(pick);
    if (picked.length === 0) continue;
    out.line();
    out.line(c.bold(`${title}: ${picked.length}`));
    for (const f of picked) {
      const label = classificationLabel(f);
      out.line(`  ${f.path}${label ? c.dim(`  — ${label}`) : c.dim(`  — ${f.family}`)}`);
      if (options.explain) for (const l of explainLines(f)) out.line(c.dim(`      ${l}`));
    }
  }

  out.line();
  if (scan.findings.length === 0) {
    out.line(c.green('No problems found.'));
  } else {
    const errors = scan.findings.filter((f) => f.severity === 'error').length;
    const warnings = scan.findings.filter((f) => f.severity === 'warning').length;
    out.line(c.bold(`Findings: ${errors} error(s), ${warnings} warning(s), ${scan.findings.length - errors - warnings} note(s)`));
    out.printFindings(scan.findings);
  }
}
