import type { CategoryId } from '../../src/model/categories.js';
import type { Finding } from '../../src/model/finding.js';
import { SCAN_SCHEMA_VERSION, type FileEntry, type ScanResult, type Study } from '../../src/model/scan.js';

/**
 * Builds ScanResult objects for check and report tests, so they do not depend
 * on the classifier: each call says what the classifier would have concluded.
 */
export interface DocOptions {
  date?: string | null;
  start?: string;
  modality?: string;
  text?: string;
  family?: FileEntry['family'];
  excluded?: boolean;
  duplicateOf?: string;
  ambiguous?: string[];
}

export class ScanBuilder {
  private readonly files: FileEntry[] = [];
  private readonly studies: Study[] = [];
  private readonly findings: Finding[] = [];
  private uid = 0;

  constructor(private readonly root = '/cases/demo-case') {}

  /** A document (PDF by default) the classifier put in `category`. */
  doc(path: string, category: CategoryId, options: DocOptions = {}): this {
    const family = options.family ?? (/\.(jpe?g|png)$/i.test(path) ? 'image' : 'pdf');
    const file: FileEntry = { path, size: 1000, mtimeMs: 0, family };
    if (family === 'pdf') file.pdf = { pages: 1, encrypted: false, needsPassword: false, damaged: false, hasText: true, headerOffset: 0, textChars: options.text?.length ?? 0, ...(options.text ? { text: options.text } : {}) };
    if (family === 'image') file.image = { format: /png$/i.test(path) ? 'png' : 'jpeg' };
    const date = options.date === undefined ? null : options.date;
    file.classification = {
      category,
      confidence: 0.9,
      reasons: [{ rule: 'test', category, weight: 1 }],
      date: date === null && !options.ambiguous ? null : { date, source: 'content', confidence: 0.9, ...(options.start ? { start: options.start } : {}), ...(options.ambiguous ? { ambiguous: options.ambiguous } : {}) },
      ...(options.modality ? { modality: options.modality } : {}),
      ...(options.excluded ? { excluded: true } : {}),
    };
    if (options.duplicateOf) file.duplicateOf = options.duplicateOf;
    this.files.push(file);
    return this;
  }

  /** A DICOM study of `count` image files in `folder`, classified as imaging. */
  study(folder: string, modality: string, date: string | null, count = 3, options: { description?: string; category?: CategoryId } = {}): this {
    const studyUid = `1.2.826.0.1.3680043.8.498.${++this.uid}`;
    const seriesUid = `${studyUid}.1`;
    const category = options.category ?? 'imaging';
    const paths: string[] = [];
    for (let i = 1; i <= count; i++) {
      const path = `${folder}/IM${String(i).padStart(4, '0')}`;
      paths.push(path);
      this.files.push({
        path, size: 50_000, mtimeMs: 0, family: 'dicom',
        dicom: { studyInstanceUid: studyUid, seriesInstanceUid: seriesUid, sopInstanceUid: `${seriesUid}.${i}`, modality, hasPreamble: true, kind: 'image', ...(date ? { studyDate: date } : {}), ...(options.description ? { studyDescription: options.description } : {}) },
        classification: { category, modality, confidence: 1, reasons: [{ rule: 'dicom-modality', category, weight: 1 }], date: date ? { date, source: 'dicom-tag', confidence: 1 } : null },
      });
    }
    this.studies.push({
      studyInstanceUid: studyUid, date, modalities: [modality], series: [{ seriesInstanceUid: seriesUid, modality, instances: count, transferSyntaxes: ['1.2.840.10008.1.2.1'], kinds: ['image'], paths }],
      instances: count, ...(options.description ? { description: options.description } : {}),
      classification: { category, modality, confidence: 1, reasons: [], date: date ? { date, source: 'dicom-tag', confidence: 1 } : null },
    });
    return this;
  }

  finding(f: Finding): this {
    this.findings.push(f);
    return this;
  }

  build(): ScanResult {
    const byFamily: Record<string, number> = {};
    for (const f of this.files) byFamily[f.family] = (byFamily[f.family] ?? 0) + 1;
    return {
      schemaVersion: SCAN_SCHEMA_VERSION,
      tool: { name: 'casepack', version: 'test' },
      root: this.root,
      summary: { files: this.files.length, bytes: this.files.reduce((n, f) => n + f.size, 0), byFamily, skippedJunk: 0 },
      files: structuredClone(this.files),
      dicom: { studies: structuredClone(this.studies) },
      duplicates: [],
      patients: [],
      findings: structuredClone(this.findings),
    };
  }
}
