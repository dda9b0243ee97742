import type { Document, LineCounter } from 'yaml';
import type { z } from 'zod';
import { didYouMean } from '../util/did-you-mean.js';
import { yamlOffsetOf } from '../util/yaml.js';

/**
 * zod's issues turned into what a person fixing a settings file needs: where
 * (file, line, column), which field, what is wrong in words, what is expected
 * in words (never a regex), and the key they probably meant. Used for
 * casepack.yaml and the user config alike.
 */
export interface SettingsProblem {
  /** The file as the user knows it (`casepack.yaml`, or the config's path). */
  file: string;
  line?: number;
  column?: number;
  /** `overrides[1].category`; empty at the top level. */
  field: string;
  /** What is wrong and what to write instead, in plain words. */
  message: string;
  /** The key or value they probably meant, when one is close. */
  suggestion?: string;
}

/** Patterns the schemas use without a message of their own, said in words. Keyed by the regex's source. */
const PATTERN_WORDS: Readonly<Record<string, string>> = {
  '^\\d{4}-\\d{2}-\\d{2}$': 'a date as YYYY-MM-DD, e.g. 2025-09-12',
  '^\\d{4}-\\d{2}(?:-\\d{2})?$': 'a date as YYYY-MM-DD, e.g. 2025-09-12, or YYYY-MM when only the month is known',
};

/** What a zod type holds, in words for someone editing YAML. */
const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'yes or no (true or false)',
  array: 'a list (lines starting with "- " under it)',
  object: 'a group of fields (indented "name: value" lines under it)',
  record: 'a group of "name: value" lines under it',
};

/** zod's own wording starts so; a schema's own message (`.regex(re, 'a date as…')`) does not, and is used as it is. */
const ZOD_DEFAULT_MESSAGE = /^(?:Invalid (?:input|string|option|key|element|value)|Too (?:small|big)|Unrecognized key|Expected|Required)/;

/** One problem per zod issue, located in the YAML document it came from. */
export function describeIssues(file: string, issues: readonly z.core.$ZodIssue[], context: { doc: Document; lineCounter: LineCounter; schema: z.ZodType; data: unknown }): SettingsProblem[] {
  const out: SettingsProblem[] = [];
  for (const issue of issues) {
    const base = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    if (issue.code === 'unrecognized_keys') {
      // One problem per unknown key, each at the key itself, each with its likely meaning.
      const known = keysAt(context.schema, base);
      for (const key of issue.keys) {
        const at = [...base, key];
        const suggestion = known ? didYouMean(key, known) : undefined;
        const where = base.length ? `under ${formatField(base)}` : `in ${file}`;
        const message = suggestion
          ? `"${key}" is not a setting ${where}; did you mean \`${suggestion}\`?`
          : `"${key}" is not a setting ${where}${known?.length ? `; the settings here are ${listWords(known)}` : ''}.`;
        out.push(located(file, at, context, { field: formatField(at), message, ...(suggestion ? { suggestion } : {}) }, 'key'));
      }
      continue;
    }
    const value = valueAt(context.data, base);
    const { message, suggestion } = explain(issue, value, formatWordsAt(context.schema, base));
    out.push(located(file, base, context, { field: formatField(base), message, ...(suggestion ? { suggestion } : {}) }, 'value'));
  }
  return out;
}

function explain(issue: z.core.$ZodIssue, value: unknown, formatWords: string | undefined): { message: string; suggestion?: string } {
  const own = !ZOD_DEFAULT_MESSAGE.test(issue.message) ? issue.message : undefined;
  switch (issue.code) {
    case 'invalid_type': {
      // A date written as 2025 is "a date as YYYY-MM-DD", not just "text".
      const expected = (issue.expected === 'string' ? formatWords : undefined) ?? TYPE_WORDS[issue.expected] ?? issue.expected;
      if (value === undefined) return { message: `is missing: it is needed here, as ${expected}.` };
      return { message: `should be ${expected}, not ${describeValue(value)}.` };
    }
    case 'invalid_value': {
      const allowed = issue.values.map(String);
      const suggestion = typeof value === 'string' ? didYouMean(value, allowed) : undefined;
      const choice = allowed.length === 1 ? allowed[0] as string : `one of ${listWords(allowed)}`;
      return { message: `${describeValue(value)} is not allowed here; write ${choice}${suggestion ? `. Did you mean \`${suggestion}\`?` : '.'}`, ...(suggestion ? { suggestion } : {}) };
    }
    case 'invalid_format': {
      const pattern = 'pattern' in issue && typeof issue.pattern === 'string' ? issue.pattern.replace(/^\/|\/[a-z]*$/g, '') : undefined;
      const words = own ?? (pattern ? PATTERN_WORDS[pattern] : undefined) ?? (issue.format !== 'regex' ? `a valid ${issue.format}` : 'in the form docs/casefile.md shows');
      return { message: `should be ${words}, not ${describeValue(value)}.` };
    }
    case 'too_small': {
      if (own) return { message: `should be ${own}.` };
      const min = Number(issue.minimum);
      if (issue.origin === 'array' || issue.origin === 'set') return { message: min <= 1 ? 'is empty: give at least one entry, or leave the setting out.' : `needs at least ${min} entries.` };
      if (issue.origin === 'string') return { message: min <= 1 ? 'is empty: write something, or leave the setting out.' : `needs at least ${min} characters.` };
      return { message: `should be ${issue.inclusive ? 'at least' : 'more than'} ${min}, not ${describeValue(value)}.` };
    }
    case 'too_big': {
      if (own) return { message: `should be ${own}.` };
      const max = Number(issue.maximum);
      if (issue.origin === 'array' || issue.origin === 'set') return { message: `has too many entries (at most ${max}).` };
      if (issue.origin === 'string') return { message: `is too long (at most ${max} characters).` };
      return { message: `should be ${issue.inclusive ? 'at most' : 'less than'} ${max}, not ${describeValue(value)}.` };
    }
    case 'not_multiple_of':
      return { message: `should be a multiple of ${String(issue.divisor)}, not ${describeValue(value)}.` };
    case 'invalid_union':
      return { message: `${describeValue(value)} does not fit any of the forms this setting takes (see docs/casefile.md).` };
    case 'invalid_key':
      return { message: `has a name that is not allowed${own ? `: ${own}` : ''}.` };
    case 'invalid_element':
      return { message: `has an entry that is not allowed${own ? `: ${own}` : ''}.` };
    default:
      return { message: own ? `should be ${own}.` : `${describeValue(value)} is not valid here.` };
  }
}

/** How the value looks to the person who wrote it. */
function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a group of fields';
  if (typeof value === 'string') return `"${value.length > 60 ? `${value.slice(0, 57)}…` : value}"`;
  if (value instanceof Date) return `the date ${value.toISOString().slice(0, 10)} (put dates in quotes)`;
  return String(value as number | boolean);
}

function listWords(words: readonly string[]): string {
  const shown = words.slice(0, 12);
  const more = words.length > shown.length ? `, … (${words.length - shown.length} more)` : '';
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} or ${shown.at(-1) as string}${more}`;
}

/** `overrides[2].category` */
export function formatField(parts: ReadonlyArray<string | number>): string {
  return parts.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** `casepack.yaml, line 3, column 12, field dateOrder: …` — the one line a person reads. */
export function formatProblem(problem: SettingsProblem): string {
  const where = [problem.file, problem.line ? `line ${problem.line}` : undefined, problem.line && problem.column ? `column ${problem.column}` : undefined].filter(Boolean).join(', ');
  return `${where}${problem.field ? `, field ${problem.field}` : ''}: ${problem.message}`;
}

function valueAt(data: unknown, parts: ReadonlyArray<string | number>): unknown {
  let node = data;
  for (const part of parts) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  return node;
}

/**
 * The setting names a schema allows at `parts` (for "did you mean"), through
 * optional, nullable, default, arrays and records; undefined when it is not
 * an object there.
 */
export function keysAt(schema: z.ZodType, parts: ReadonlyArray<string | number>): string[] | undefined {
  const node = schemaAt(schema, parts);
  if (!node) return undefined;
  const def = defOf(node);
  return def.type === 'object' ? Object.keys(def.shape as object) : undefined;
}

/** The expected format of a text setting in words: its pattern's own message, or the words for a known pattern. */
function formatWordsAt(schema: z.ZodType, parts: ReadonlyArray<string | number>): string | undefined {
  const node = schemaAt(schema, parts);
  const checks = node ? (defOf(node).checks as Array<{ _zod: { def: { format?: string; pattern?: RegExp; error?: (issue: object) => unknown } } }> | undefined) : undefined;
  for (const check of checks ?? []) {
    const def = check._zod.def;
    if (def.format !== 'regex' || !def.pattern) continue;
    const own = def.error?.({});
    const text = typeof own === 'string' ? own : own && typeof own === 'object' && 'message' in own ? String((own as { message: unknown }).message) : undefined;
    return text ?? PATTERN_WORDS[def.pattern.source];
  }
  return undefined;
}

function schemaAt(schema: z.ZodType, parts: ReadonlyArray<string | number>): z.ZodType | undefined {
  let node: z.ZodType | undefined = unwrap(schema);
  for (const part of parts) {
    if (!node) return undefined;
    const def = defOf(node);
    if (def.type === 'object' && typeof part === 'string') node = (def.shape as Record<string, z.ZodType>)[part];
    else if (def.type === 'array' && typeof part === 'number') node = def.element as z.ZodType;
    else if (def.type === 'record') node = def.valueType as z.ZodType;
    else return undefined;
    node = node ? unwrap(node) : undefined;
  }
  return node;
}

function defOf(schema: z.ZodType): Record<string, unknown> & { type: string } {
  return (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let node = schema;
  for (let i = 0; i < 16; i++) {
    const def = defOf(node);
    if (['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'].includes(def.type)) node = def.innerType as z.ZodType;
    else if (def.type === 'pipe') node = def.in as z.ZodType;
    else break;
  }
  return node;
}

/** The problem at the node for `parts` (a key: the key; a value: the value), or at its nearest ancestor. */
function located(file: string, parts: ReadonlyArray<string | number>, context: { doc: Document; lineCounter: LineCounter }, problem: Omit<SettingsProblem, 'file'>, target: 'key' | 'value'): SettingsProblem {
  const offset = yamlOffsetOf(context.doc, parts, 'key', target === 'key' ? 'key' : 'node');
  if (offset === undefined) return { file, ...problem };
  const { line, col } = context.lineCounter.linePos(offset);
  return { file, line, column: col, ...problem };
}

