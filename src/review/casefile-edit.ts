import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { CASE_FILE_BACKUP_NAME, CASE_FILE_NAME, parseCaseFile } from '../casefile/load.js';
import { lastSetting, normalizeOverridePath, overrideMatcher } from '../casefile/overrides.js';
import { SenderSchema, type CaseFile, type Override } from '../casefile/schema.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { errorCode, UsageError } from '../util/errors.js';
import { parseYamlBounded, YAML_LIMITS } from '../util/yaml.js';
import { ReviewChangeSchema, type ApplyReviewChange, type AppliedChange, type ReviewChange } from './changes.js';
import { applyToDocument, editPreservingLayout, type YamlEdit } from './yaml-layout-edit.js';

/** Why a change was not written; the message says it in plain words, and nothing in the case folder changed. */
export type CaseFileEditRefusal =
  | 'invalid-change'
  | 'path-outside-case'
  | 'case-folder-missing'
  | 'case-file-unreadable'
  | 'case-file-invalid'
  | 'result-invalid'
  | 'write-failed';

export class CaseFileEditError extends UsageError {
  override name = 'CaseFileEditError';
  constructor(readonly reason: CaseFileEditRefusal, message: string) {
    super(message);
  }
}

/** The top of a casepack.yaml the review page starts. */
export const NEW_CASE_FILE_HEADER = [
  '# casepack.yaml: what casepack cannot know from the files, and corrections of its guesses.',
  '# Started by the review page (casepack review). You can edit it by hand too: your comments are kept.',
  '',
].join('\n');

/**
 * Write one correction from the review page into the case's casepack.yaml,
 * the one place corrections live, so `scan`, `check` and `build` see them too.
 * The file is edited, not rewritten: the person's comments, order, quoting and
 * blank lines stay, and only the changed lines change. The previous file is
 * kept as casepack.yaml.bak, and the new one replaces it in one step. A change
 * that would make the file invalid, or a file that is already broken, is
 * refused with a CaseFileEditError and nothing is written. Calls for one case
 * folder run one after the other, so two quick clicks both land.
 */
export const applyReviewChange: ApplyReviewChange = async (caseDir, change) => {
  const parsed = ReviewChangeSchema.safeParse(change);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CaseFileEditError('invalid-change', `The change could not be read (${issue ? `${issue.path.join('.') || 'change'}: ${issue.message}` : 'unknown shape'}).`);
  }
  const root = path.resolve(caseDir);
  const key = await realpath(root).catch(() => root);
  return oneAtATime(key, () => applyNow(root, parsed.data));
};

const pending = new Map<string, Promise<void>>();

function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
  const before = pending.get(key) ?? Promise.resolve();
  const run = before.then(work);
  const settled = run.then(() => undefined, () => undefined);
  pending.set(key, settled);
  void settled.then(() => { if (pending.get(key) === settled) pending.delete(key); });
  return run;
}

async function applyNow(root: string, change: ReviewChange): Promise<AppliedChange> {
  const folder = await stat(root).catch(() => undefined);
  if (!folder?.isDirectory()) throw new CaseFileEditError('case-folder-missing', `The case folder ${root} does not exist (or is not a folder).`);
  const file = path.join(root, CASE_FILE_NAME);
  const previous = await readPrevious(file);
  let current: CaseFile = {};
  if (previous !== undefined) {
    const checked = parseCaseFile(previous.toString('utf8'));
    if (!checked.caseFile) {
      const why = checked.findings[0]?.message ?? 'it is not valid';
      throw new CaseFileEditError('case-file-invalid', `Nothing was saved: casepack.yaml has a mistake to fix by hand first (${why}). It was left exactly as it is.`);
    }
    current = checked.caseFile;
  }

  const edits = editsFor(change, current);
  const source = previous?.toString('utf8') ?? NEW_CASE_FILE_HEADER;
  if (edits.length === 0) return { file, backup: null, casefile: current };
  const doc = parseYamlBounded(source).doc;
  for (const edit of edits) applyToDocument(doc, edit);
  const text = editPreservingLayout(source, edits, doc);
  if (previous !== undefined && text === source) return { file, backup: null, casefile: current };

  const result = parseCaseFile(text);
  if (!result.caseFile) {
    const why = result.findings[0]?.message ?? 'it would not be valid';
    throw new CaseFileEditError('result-invalid', `This change was not saved, because casepack.yaml would then be invalid (${why}). The file was left as it was.`);
  }
  const backup = previous === undefined ? null : path.join(root, CASE_FILE_BACKUP_NAME);
  try {
    if (backup !== null && previous !== undefined) await writeFileAtomic(backup, previous);
    await writeFileAtomic(file, text);
  } catch (err) {
    throw new CaseFileEditError('write-failed', `The change could not be saved in ${file} (${errorCode(err)}): check that the case folder can be written to.`);
  }
  return { file, backup, casefile: result.caseFile };
}

async function readPrevious(file: string): Promise<Buffer | undefined> {
  try {
    const size = (await stat(file)).size;
    if (size > YAML_LIMITS.maxBytes) throw new CaseFileEditError('case-file-invalid', `Nothing was saved: casepack.yaml is too large to be a case file (${size} bytes). It was left as it is.`);
    return await readFile(file);
  } catch (err) {
    if (err instanceof CaseFileEditError) throw err;
    if (errorCode(err) === 'ENOENT') return undefined;
    throw new CaseFileEditError('case-file-unreadable', `Nothing was saved: casepack.yaml could not be read (${errorCode(err)}).`);
  }
}

/** The edits one change makes; none when the file already says it. */
export function editsFor(change: ReviewChange, current: CaseFile): YamlEdit[] {
  switch (change.kind) {
    case 'category': case 'date': case 'leave-out': case 'other-person': case 'keep-anyway': case 'reset':
      return overrideEdits(current.overrides ?? [], caseRelativePath(change.path), change);
    case 'patient':
      return mapEdits('patient', current.patient, clean(change.patient) as Record<string, unknown>);
    case 'sender':
      return mapEdits('sender', current.sender, change.sender ? clean(change.sender) as Record<string, unknown> : {}, Object.keys(SenderSchema.shape));
    case 'questions':
      return listEdit('questions', current.questions, change.questions.map((q) => q.trim()).filter((q) => q !== ''));
    case 'physical':
      return listEdit('physical', current.physical, change.physical);
  }
}

/**
 * A file's path as the case file names it: relative to the case folder, with
 * forward slashes. An absolute path or one that climbs out of the case is
 * refused: an override can only be about the case's own files.
 */
export function caseRelativePath(given: string): string {
  if (given.includes('\0')) throw refusePath(given, 'contains a NUL character');
  const slashed = given.replace(/\\/g, '/');
  if (path.posix.isAbsolute(slashed) || /^[A-Za-z]:\//.test(slashed)) throw refusePath(given, 'is absolute; give it relative to the case folder, as the page lists it');
  const normalized = normalizeOverridePath(path.posix.normalize(slashed));
  if (normalized === '..' || normalized.startsWith('../')) throw refusePath(given, 'points outside the case folder');
  if (normalized === '.' || normalized === '') throw refusePath(given, 'names the case folder itself, not a file in it');
  return normalized;
}

function refusePath(given: string, why: string): CaseFileEditError {
  return new CaseFileEditError('path-outside-case', `The file path "${given.slice(0, 200)}" ${why}. Nothing was saved.`);
}

type FileChange = Extract<ReviewChange, { path: string }>;
type OverrideField = Exclude<keyof Override, 'path'>;
/** Field order of an entry the page adds. */
const FIELD_ORDER: readonly OverrideField[] = ['category', 'date', 'modality', 'title', 'exclude', 'otherPerson', 'include', 'reason'];

/**
 * File corrections live in `overrides:`, one entry per exact path. Later
 * entries win field by field (classify/apply-overrides.ts, group/case-patient.ts),
 * so the exact entry must come after any folder or glob entry that also says
 * something about the same field: a new entry is added at the end, and an
 * existing one that a later pattern would overrule is moved to the end. Taking
 * a yes back removes the key, or says `false` when an earlier pattern would
 * otherwise still say yes. An entry left with only its path is removed.
 */
function overrideEdits(overrides: readonly Override[], target: string, change: FileChange): YamlEdit[] {
  const at = ['overrides'];
  let exact = -1;
  overrides.forEach((o, i) => { if (normalizeOverridePath(o.path) === target) exact = i; });
  if (change.kind === 'reset') return exact === -1 ? [] : [{ op: 'delete-item', path: at, index: exact }];

  const matching = overrideMatcher(overrides).matching(target);
  const others = matching.filter((m) => m.index !== exact);
  // `false` only where a pattern would still say yes; otherwise the key goes.
  const takeBack = (field: 'exclude' | 'otherPerson' | 'include'): false | undefined => (lastSetting(others, field)?.value === true ? false : undefined);
  const wanted: Partial<Record<OverrideField, unknown>> = {};
  switch (change.kind) {
    case 'category': wanted.category = change.category; break;
    case 'date': wanted.date = change.date; break;
    case 'leave-out': wanted.exclude = change.value ? true : takeBack('exclude'); break;
    case 'other-person': wanted.otherPerson = change.value ? true : takeBack('otherPerson'); break;
    case 'keep-anyway': {
      wanted.include = change.value ? true : takeBack('include');
      const reason = change.reason?.trim();
      if (!change.value) wanted.reason = undefined;
      else if (reason) wanted.reason = reason;
      break;
    }
  }

  const entry: Override = exact === -1 ? { path: target } : (overrides[exact] ?? { path: target });
  const next: Record<string, unknown> = { ...entry };
  for (const [field, value] of Object.entries(wanted)) {
    if (value === undefined) delete next[field];
    else next[field] = value;
  }
  const left = Object.keys(next).filter((k) => k !== 'path');
  if (exact === -1) {
    if (left.length === 0) return [];
    const added: Record<string, unknown> = { path: target };
    for (const field of FIELD_ORDER) if (next[field] !== undefined) added[field] = next[field];
    return [{ op: 'append', path: at, value: added }];
  }
  if (left.length === 0) return [{ op: 'delete-item', path: at, index: exact }];

  const changed = (Object.keys(wanted) as OverrideField[]).filter((field) => !isDeepStrictEqual(entry[field], next[field]));
  if (changed.length === 0) return [];
  const overruled = matching.some((m) => m.index > exact && changed.some((field) => m.override[field] !== undefined));
  const edits: YamlEdit[] = [];
  let index = exact;
  if (overruled) {
    edits.push({ op: 'move-to-end', path: at, index: exact });
    index = overrides.length - 1;
  }
  for (const field of changed) edits.push({ op: 'set', path: [...at, index, field], value: next[field] });
  return edits;
}

/** Only the fields that say something: an emptied field on the page removes it. */
function clean<T extends object>(value: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [key, v] of Object.entries(value) as [keyof T, unknown][]) {
    const text = typeof v === 'string' ? v.trim() : v;
    if (text !== undefined && text !== null && text !== '') out[key] = text as T[keyof T];
  }
  return out;
}

/**
 * `patient:` and `sender:` are edited field by field, so a comment beside an
 * unchanged field stays; nothing left removes the key.
 */
function mapEdits(key: 'patient' | 'sender', current: object | undefined, wanted: Record<string, unknown>, fields: readonly string[] = ['name', 'birthDate', 'id']): YamlEdit[] {
  if (Object.keys(wanted).length === 0) return current === undefined ? [] : [{ op: 'set', path: [key], value: undefined }];
  if (current === undefined) return [{ op: 'set', path: [key], value: wanted }];
  const now = current as Record<string, unknown>;
  return fields.filter((field) => !isDeepStrictEqual(now[field], wanted[field])).map((field) => ({ op: 'set', path: [key, field], value: wanted[field] }));
}

/** `questions:` and `physical:` are replaced whole; an empty list removes the key. */
function listEdit(key: 'questions' | 'physical', current: readonly unknown[] | undefined, wanted: readonly unknown[]): YamlEdit[] {
  if (wanted.length === 0) return current === undefined ? [] : [{ op: 'set', path: [key], value: undefined }];
  return isDeepStrictEqual(current, wanted) ? [] : [{ op: 'set', path: [key], value: wanted }];
}
