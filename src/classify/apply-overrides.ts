import { overrideMatcher } from '../casefile/overrides.js';
import type { Override } from '../casefile/schema.js';
import { CASE_FILE_NAME } from '../casefile/names.js';
import { finding } from '../findings/codes.js';
import type { CategoryId } from '../model/categories.js';
import type { Finding } from '../model/finding.js';
import type { Classification, ClinicalDate, FileEntry, Study } from '../model/scan.js';
import { MODALITY_CATEGORIES } from './modality-categories.js';

/** A finding held back until overrides are known: a person's answer makes it moot. */
export interface PendingFinding {
  /** `language`: DOCUMENT_NOT_ENGLISH, which no category or date override answers. */
  about: 'category' | 'date' | 'language';
  finding: Finding;
}

interface Classified { classification: Classification; pending: PendingFinding[] }

type OverrideField = NonNullable<Classification['override']>['fields'][number];

export interface OverrideInput {
  files: readonly FileEntry[];
  perFile: Map<string, Classified>;
  studies: ReadonlyArray<{ study: Study; paths: string[]; classified: Classified }>;
  overrides: readonly Override[];
  /** The date again under a category a person set (labs want the collection date, not the report date). */
  redate: (file: FileEntry, category: CategoryId) => { date: ClinicalDate | null; pending: PendingFinding[] };
}

/**
 * Apply casepack.yaml overrides to files and studies. For each field the last
 * matching override wins; the classification keeps the tool's own guess in
 * `override.previous`, so the scan shows where a person changed it.
 * Returns all findings that still stand, and OVERRIDE_UNUSED for patterns
 * that matched nothing (a typo would otherwise silently do nothing).
 */
export function applyOverrides(input: OverrideInput): Finding[] {
  const matcher = overrideMatcher(input.overrides);
  const findings: Finding[] = [];

  for (const file of input.files) {
    const classified = input.perFile.get(file.path);
    if (!classified) continue;
    const matches = matcher.matching(file.path);
    const redate = file.dicom || file.slide ? undefined : (category: CategoryId) => input.redate(file, category);
    findings.push(...applyTo(classified, matches.map((m) => m.override), redate));
  }

  for (const { paths, classified } of input.studies) {
    // No override, no question (a set per file of a 20,000-file study was garbage the scan's peak carried).
    if (input.overrides.length === 0) { findings.push(...applyTo(classified, [], undefined)); continue; }
    // A study is overridden by a pattern that covers every one of its files (`CD1`, `CD1/**`).
    const perPath = paths.map((p) => new Set(matcher.matching(p).map((m) => m.index)));
    const common = input.overrides.map((o, i) => ({ o, i })).filter(({ i }) => perPath.length > 0 && perPath.every((s) => s.has(i))).map(({ o }) => o);
    findings.push(...applyTo(classified, common, undefined));
  }

  for (const index of matcher.unused()) {
    const pattern = input.overrides[index]?.path ?? '';
    findings.push(finding('OVERRIDE_UNUSED', CASE_FILE_NAME, { message: `The override for "${pattern}" (overrides[${index}]) in casepack.yaml matches no file.`, details: { index, path: pattern } }));
  }
  return findings;
}

function applyTo(classified: Classified, overrides: readonly Override[], redate: ((category: CategoryId) => { date: ClinicalDate | null; pending: PendingFinding[] }) | undefined): Finding[] {
  if (overrides.length === 0) return classified.pending.map((p) => p.finding);
  // A file's classification has every key, undefined where it has no value (classify/index.ts); an override
  // adds keys after the ones the file has, as it always did (the JSON's key order), so it works on a copy
  // of the ones with values.
  const c = classified.classification = withValuesOnly(classified.classification);

  const previous: NonNullable<Classification['override']>['previous'] = { category: c.category, date: c.date?.date ?? null };
  if (c.modality) previous.modality = c.modality;
  const fields = new Set<OverrideField>();
  const patterns: string[] = [];
  let pending = classified.pending;

  for (const o of overrides) {
    let used = false;
    if (o.category !== undefined) { c.category = o.category; fields.add('category'); used = true; }
    if (o.date !== undefined) { c.date = { date: o.date, source: 'override', confidence: 1, kind: 'override', evidence: `casepack.yaml: ${o.path}` }; fields.add('date'); used = true; }
    if (o.modality !== undefined) { c.modality = o.modality; fields.add('modality'); used = true; }
    if (o.title !== undefined) { c.title = o.title; fields.add('title'); used = true; }
    if (o.exclude !== undefined) { c.excluded = o.exclude; fields.add('exclude'); used = true; }
    if (used && !patterns.includes(o.path)) patterns.push(o.path);
  }
  if (fields.size === 0) return pending.map((p) => p.finding);

  if (fields.has('category')) {
    c.confidence = 1;
    delete c.tiedWith;
    c.reasons = [{ rule: 'override.category', category: c.category, weight: 0, matched: patterns }, ...c.reasons];
    if (!fields.has('modality') && !MODALITY_CATEGORIES.has(c.category)) delete c.modality;
    pending = pending.filter((p) => p.about !== 'category');
    if (!fields.has('date') && redate && c.category !== previous.category) {
      const again = redate(c.category);
      c.date = again.date;
      pending = [...pending.filter((p) => p.about !== 'date'), ...again.pending];
    }
  }
  if (fields.has('date')) pending = pending.filter((p) => p.about !== 'date');
  if (c.excluded) pending = [];
  c.override = { pattern: patterns.join(', '), fields: [...fields], previous };
  return pending.map((p) => p.finding);
}

function withValuesOnly(c: Classification): Classification {
  const copy: Partial<Classification> = {};
  for (const [key, value] of Object.entries(c) as [keyof Classification, never][]) if (value !== undefined) copy[key] = value;
  return copy as Classification;
}
