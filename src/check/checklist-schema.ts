import { readdir, readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CategoryIdSchema } from '../model/categories.js';
import { PhysicalItemSchema } from '../casefile/schema.js';
import { UsageError } from '../util/errors.js';
import { parseYamlBounded, YAML_LIMITS, yamlLineOf, yamlToDataBounded, YamlLimitError } from '../util/yaml.js';
import { packagePath } from '../util/package-root.js';

/**
 * The checklist format (checklists/*.yaml and users' own files). The zod
 * schema is the single source of truth: docs/checklists.md describes it and
 * `casepack checklists validate` reports its errors with line and field path.
 */

export const PhysicalKindSchema = PhysicalItemSchema.shape.kind;

/** Placeholders a request's wording may use; each must sit inside an optional `[...]` segment. */
export const WORDING_PLACEHOLDERS = ['dates', 'modality', 'people'] as const;

/** casepack.yaml fields a person states instead of sending a file (`stated:`): the question for the reviewer, the allergies. */
export const STATED_FIELDS = ['questions', 'allergies', 'diagnosis', 'treatments'] as const;

/** Kinds of date a document must state in its own text (`datedInText:`): when the tissue was taken. */
export const TEXT_DATE_KINDS = ['procedure', 'collection', 'operation', 'received', 'exam'] as const;

/**
 * Named built-in detectors a completeness part may use where a pattern cannot say it: `dicom-rt-plan` (the
 * document is a DICOM RT Plan, which holds the prescription, fractions and target by construction),
 * `date-in-text` (the document states a procedure, collection, operation or exam date in its own text).
 */
export const COMPLETENESS_DETECTORS = ['dicom-rt-plan', 'date-in-text'] as const;

function compiles(pattern: string): boolean {
  try { new RegExp(pattern, 'i'); return true; } catch { return false; }
}
const PatternSchema = z.string().min(1).refine(compiles, 'not a valid regular expression');

/** One part a complete document of this type holds ("variant calls with genes and VAF"). */
export const CompletenessPartSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'part ids are lower-case words joined by hyphens'),
  /** What is missing, in the words a request uses: "the variant allele fraction (VAF) of each variant". */
  label: z.string().min(1),
  /** Regular expressions (case-insensitive) over the document's text; any one found means the part is there. */
  anyOf: z.array(PatternSchema).min(1).optional(),
  /** Named built-in detectors, any one of which means the part is there. */
  detectors: z.array(z.enum(COMPLETENESS_DETECTORS)).min(1).optional(),
  /** The part is asked of a document only when one of these patterns is found in it (margins: a resection). */
  appliesIf: z.array(PatternSchema).min(1).optional(),
}).strict().refine((part) => part.anyOf !== undefined || part.detectors !== undefined, { message: 'a part needs anyOf patterns or detectors', path: ['anyOf'] });
export type CompletenessPart = z.infer<typeof CompletenessPartSchema>;

const FactNameSchema = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, 'fact names are camelCase words, e.g. surgery, radiotherapy');

/** What a set of documents must look like to count. */
export const CriteriaSchema = z.object({
  /** Short name of this alternative, shown in the report ("whole-slide scans"). */
  label: z.string().min(1).optional(),
  /** Document categories that count (src/model/categories.ts). */
  categories: z.array(CategoryIdSchema).min(1).optional(),
  /** Modalities that count (CT, MR, PT, US, EUS…); matched case-insensitively; PT also matches PET-CT. */
  modality: z.array(z.string().min(1)).min(1).optional(),
  /** `dicom`: only DICOM files count (JPEG/PNG pictures of scans raise IMAGING_NOT_DICOM). */
  form: z.enum(['any', 'dicom']).default('any'),
  /** At least one of these words must appear in the document's text (e.g. CA 19-9). Case-insensitive. */
  mentions: z.array(z.string().min(1)).min(1).optional(),
  /** How many documents (a DICOM study counts once) are needed. */
  minCount: z.number().int().positive().default(1),
  /** How many scans on different dates are needed: the latest plus priors for comparison. */
  minStudies: z.number().int().positive().optional(),
  /** How many distinct dates the values must span (a series over time: CA 19-9 trend). */
  minDates: z.number().int().positive().optional(),
  /** The newest document must be at most this many days older than the case's as-of date. */
  maxAgeDays: z.number().int().positive().optional(),
  /**
   * One for each document of these categories, dated within `withinDays` (and of the
   * same modality when both are known): a report for every scan, DICOM for every
   * reported scan. The ones without a match are named in the report and the request.
   */
  forEach: z.object({
    categories: z.array(CategoryIdSchema).min(1),
    withinDays: z.number().int().min(0).default(3),
    /** What is still missing for each, in plain words: "a report", "the DICOM files". */
    label: z.string().min(1),
  }).strict().optional(),
  /**
   * The language the documents must be written in (ISO 639-1, `en`): a document detected in another
   * language never counts, whatever its category (an override included); one whose language could not
   * be told (`und`, too little text) is given the benefit of the doubt.
   */
  language: z.string().regex(/^[a-z]{2}$/, 'an ISO 639-1 language code, e.g. en').optional(),
  /** Physical material a person attests in casepack.yaml (`physical:`) instead of files. */
  physical: z.array(PhysicalKindSchema).min(1).optional(),
  /** casepack.yaml fields that satisfy it when stated (non-empty): `questions`, `allergies`… */
  stated: z.array(z.enum(STATED_FIELDS)).min(1).optional(),
  /**
   * The documents must state a date of one of these kinds in their own text (a pathology report's
   * procedure or collection date); a date from the file's timestamp or name never counts.
   */
  datedInText: z.array(z.enum(TEXT_DATE_KINDS)).min(1).optional(),
  /** One document naming each person in casepack.yaml `attendants:` (their passports); `{people}` names those still missing. */
  perAttendant: z.boolean().optional(),
  /**
   * Only the laboratory's or department's own report counts, never a letter or note that quotes its result
   * (classification.source); when only a summary is found, the report says so and asks for the full report.
   */
  primary: z.boolean().optional(),
  /** The parts a complete document of this type holds; a document lacking some is "there, incomplete". */
  complete: z.array(CompletenessPartSchema).min(1).optional(),
}).strict();
export type Criteria = z.infer<typeof CriteriaSchema>;

const RequestSchema = z.object({
  /** Who to ask: "Radiology", "Pathology", "Treating oncologist". */
  department: z.string().min(1),
  /**
   * The exact words to use. `[…]` segments are kept only when their
   * placeholders are known: "the CT scan[ of {dates}]".
   */
  wording: z.string().min(1),
  /**
   * false: the family provides it themselves (a passport copy, the question for the reviewer), so no
   * request letter is written to a department; it is listed as a to-do instead.
   */
  letter: z.boolean().default(true),
}).strict();

const ItemBaseSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'item ids are lower-case words joined by hyphens'),
  title: z.string().min(1),
  severity: z.enum(['required', 'recommended']),
  /** Why the reviewer needs it, in words a family member understands. */
  why: z.string().min(1),
  request: RequestSchema,
  /** Facts from casepack.yaml that must hold for the item to apply: `{ surgery: true }`. */
  when: z.record(FactNameSchema, z.boolean()).optional(),
  /** Categories whose dates fill `{dates}` in the request ("slides from the biopsy of 12 September 2025"). */
  related: z.array(CategoryIdSchema).optional(),
  /** Alternatives: the item is met when any one is met. */
  anyOf: z.array(CriteriaSchema).min(2).optional(),
});

export const ChecklistItemSchema = ItemBaseSchema.extend(CriteriaSchema.omit({ label: true }).shape).strict().superRefine((item, ctx) => {
  const ownCriteria = item.categories !== undefined || item.physical !== undefined || item.stated !== undefined;
  if (item.anyOf && ownCriteria) {
    ctx.addIssue({ code: 'custom', message: 'use either anyOf or categories/physical on the item, not both', path: ['anyOf'] });
  }
  if (item.anyOf) {
    // These would be silently ignored next to anyOf: each alternative carries its own.
    for (const key of ['modality', 'mentions', 'minStudies', 'minDates', 'maxAgeDays', 'forEach', 'language', 'datedInText', 'perAttendant', 'primary', 'complete'] as const) {
      if (item[key] !== undefined) ctx.addIssue({ code: 'custom', message: `with anyOf, put ${key} inside each alternative`, path: [key] });
    }
    if (item.form !== 'any' || item.minCount !== 1) ctx.addIssue({ code: 'custom', message: 'with anyOf, put form and minCount inside each alternative', path: ['anyOf'] });
  }
  if (!item.anyOf && !ownCriteria) {
    ctx.addIssue({ code: 'custom', message: 'an item needs categories, physical, stated or anyOf to say what satisfies it', path: ['categories'] });
  }
  for (const [index, alt] of (item.anyOf ?? []).entries()) {
    if (alt.categories === undefined && alt.physical === undefined && alt.stated === undefined) {
      ctx.addIssue({ code: 'custom', message: 'each alternative needs categories, physical or stated', path: ['anyOf', index] });
    }
  }
  const placeholders = [...item.request.wording.matchAll(/\{([^}]*)\}/g)].map((m) => m[1] ?? '');
  for (const name of placeholders) {
    if (!(WORDING_PLACEHOLDERS as readonly string[]).includes(name)) {
      ctx.addIssue({ code: 'custom', message: `unknown placeholder {${name}}; use ${WORDING_PLACEHOLDERS.map((p) => `{${p}}`).join(' or ')}`, path: ['request', 'wording'] });
    }
  }
  if (/\{[^}]*\}/.test(item.request.wording.replace(/\[[^\]]*\]/g, ''))) {
    ctx.addIssue({ code: 'custom', message: 'put each {placeholder} inside an optional [ … ] segment, so the wording still reads well when the value is unknown', path: ['request', 'wording'] });
  }
});
export type ChecklistItem = z.infer<typeof ChecklistItemSchema>;

export const ChecklistSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'checklist ids are lower-case words joined by hyphens'),
  title: z.string().min(1),
  description: z.string().optional(),
  /** Where the content comes from (guidance, practice), shown in the report. */
  sources: z.array(z.string()).optional(),
  /** Another checklist (built-in id or a path relative to this file) whose items come first. */
  extends: z.string().min(1).optional(),
  /** Item ids inherited from `extends` that this checklist drops. */
  remove: z.array(z.string()).optional(),
  items: z.array(ChecklistItemSchema),
}).strict().superRefine((list, ctx) => {
  const seen = new Set<string>();
  for (const [index, item] of list.items.entries()) {
    if (seen.has(item.id)) ctx.addIssue({ code: 'custom', message: `item id "${item.id}" is used twice`, path: ['items', index, 'id'] });
    seen.add(item.id);
  }
  if (!list.extends && list.items.length === 0) ctx.addIssue({ code: 'custom', message: 'a checklist needs at least one item', path: ['items'] });
});
export type Checklist = z.infer<typeof ChecklistSchema>;

/** A checklist with `extends` applied: the item list the check evaluates. */
export interface ResolvedChecklist {
  id: string;
  title: string;
  description?: string;
  sources: string[];
  /** `builtin:<id>` or the file path it was read from. */
  source: string;
  /** The chain of checklists merged, base first. */
  lineage: string[];
  items: ChecklistItem[];
}

/** A bad checklist: a configuration error (exit 2), never "the case is incomplete". */
export class ChecklistError extends UsageError {
  constructor(message: string, readonly file: string, readonly line?: number, readonly fieldPath?: string) {
    super(message);
    this.name = 'ChecklistError';
  }
}

/** checklists/ at the package root: the same from src/check (tests) and dist/check (installed). */
export const BUILTIN_DIR = packagePath('checklists');

export interface BuiltinChecklistInfo {
  id: string;
  title: string;
  description?: string;
  extends?: string;
  items: number;
}

export async function listBuiltinChecklists(): Promise<BuiltinChecklistInfo[]> {
  const names = (await readdir(BUILTIN_DIR)).filter((n) => n.endsWith('.yaml')).sort();
  const out: BuiltinChecklistInfo[] = [];
  for (const name of names) {
    const resolved = await loadChecklist(name.slice(0, -'.yaml'.length));
    const own = await parseChecklistFile(path.join(BUILTIN_DIR, name));
    const info: BuiltinChecklistInfo = { id: resolved.id, title: resolved.title, items: resolved.items.length };
    if (resolved.description) info.description = resolved.description;
    if (own.extends) info.extends = own.extends;
    out.push(info);
  }
  return out;
}

function builtinPath(id: string): string | undefined {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) return undefined;
  const file = path.join(BUILTIN_DIR, `${id}.yaml`);
  return existsSync(file) ? file : undefined;
}

/**
 * A built-in id (`general`) or a path to a YAML file; `extends` is resolved
 * (built-in id, or a path relative to the extending file). Throws ChecklistError.
 */
export async function loadChecklist(idOrPath: string, baseDir = process.cwd()): Promise<ResolvedChecklist> {
  return resolve(idOrPath, baseDir, []);
}

async function resolve(ref: string, baseDir: string, chain: string[]): Promise<ResolvedChecklist> {
  const looksLikePath = /[\\/]|\.ya?ml$/i.test(ref);
  const builtin = looksLikePath ? undefined : builtinPath(ref);
  const file = builtin ?? path.resolve(baseDir, ref);
  if (!builtin && !looksLikePath) {
    throw new ChecklistError(`no built-in checklist "${ref}" (run \`casepack checklists\` to list them, or give a path to a .yaml file)`, ref);
  }
  if (chain.includes(file)) throw new ChecklistError(`checklists extend each other in a loop: ${[...chain, file].map((f) => path.basename(f)).join(' → ')}`, file);
  const list = await parseChecklistFile(file);
  const source = builtin ? `builtin:${list.id}` : file;
  if (!list.extends) {
    const own: ResolvedChecklist = { id: list.id, title: list.title, sources: list.sources ?? [], source, lineage: [list.id], items: list.items };
    if (list.description) own.description = list.description;
    if (list.remove?.length) throw new ChecklistError('`remove` only makes sense together with `extends`', file, undefined, 'remove');
    return own;
  }
  const base = await resolve(list.extends, path.dirname(file), [...chain, file]);
  for (const id of list.remove ?? []) {
    if (!base.items.some((i) => i.id === id)) throw new ChecklistError(`remove: "${id}" is not an item of ${base.id}`, file, undefined, 'remove');
  }
  const ownIds = new Set(list.items.map((i) => i.id));
  // An item with the same id as an inherited one replaces it in place, so order stays the base's.
  const items = base.items.filter((i) => !(list.remove ?? []).includes(i.id)).map((i) => ownIds.has(i.id) ? list.items.find((o) => o.id === i.id) ?? i : i);
  for (const item of list.items) if (!base.items.some((i) => i.id === item.id)) items.push(item);
  const resolved: ResolvedChecklist = {
    id: list.id,
    title: list.title,
    sources: [...base.sources, ...(list.sources ?? [])],
    source,
    lineage: [...base.lineage, list.id],
    items,
  };
  const description = list.description ?? base.description;
  if (description) resolved.description = description;
  return resolved;
}

/** Read and validate one file (no `extends` resolution). Throws ChecklistError with line and field path. */
export async function parseChecklistFile(file: string): Promise<Checklist> {
  let text: string;
  try {
    // A huge file is refused before it is read into memory.
    const size = (await stat(file)).size;
    if (size > YAML_LIMITS.maxBytes) throw new ChecklistError(`${path.basename(file)}: refused: the file is too large for a checklist (${size} bytes, at most ${YAML_LIMITS.maxBytes})`, file);
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (err instanceof ChecklistError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new ChecklistError(code === 'ENOENT' ? `checklist file not found: ${file}` : `checklist file could not be read (${code ?? 'error'}): ${file}`, file);
  }
  return parseChecklistText(text, file);
}

export function parseChecklistText(text: string, file: string): Checklist {
  try {
    return parseBoundedChecklist(text, file);
  } catch (err) {
    if (err instanceof YamlLimitError) throw new ChecklistError(`${path.basename(file)}: refused: ${err.message}`, file);
    throw err;
  }
}

function parseBoundedChecklist(text: string, file: string): Checklist {
  const { doc, lineCounter } = parseYamlBounded(text);
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = lineCounter.linePos(yamlError.pos[0]).line;
    throw new ChecklistError(`${path.basename(file)}:${line}: not valid YAML: ${yamlError.message.split('\n')[0]}`, file, line);
  }
  const parsed = ChecklistSchema.safeParse(yamlToDataBounded(doc));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (!issue) throw new ChecklistError(`${path.basename(file)}: not a valid checklist`, file);
  // An unknown key is reported on its parent object: point at the key itself.
  const issuePath = [...issue.path] as (string | number)[];
  if (issue.code === 'unrecognized_keys' && issue.keys[0]) issuePath.push(issue.keys[0]);
  const fieldPath = issuePath.map(String);
  const line = yamlLineOf(doc, issuePath, lineCounter, 'first-entry');
  const where = fieldPath.length ? fieldPath.join('.') : '(top level)';
  throw new ChecklistError(`${path.basename(file)}${line ? `:${line}` : ''}: ${where}: ${issue.message}`, file, line, where);
}

