import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PhysicalItemSchema } from '../../src/casefile/schema.js';
import { ItemStatusSchema } from '../../src/model/check.js';
import { DateSourceSchema } from '../../src/model/scan.js';
import { ReviewViewSchema } from '../../src/review/state.js';

/** The page's words live in one file (to translate it): every word the page asks for must be there. */
const ROOT = path.resolve(import.meta.dirname, '../..');
const strings = JSON.parse(await readFile(path.join(ROOT, 'assets/review/strings.en.json'), 'utf8')) as Record<string, string>;
const script = await readFile(path.join(ROOT, 'assets/review/review.js'), 'utf8');

describe('the review page\'s strings', () => {
  it('has every key the script names literally', () => {
    const keys = [...script.matchAll(/\bt\('([\w.-]+)'/g)].map((m) => m[1] ?? '');
    expect(keys.length).toBeGreaterThan(40);
    expect(keys.filter((k) => !(k in strings))).toEqual([]);
  });

  it('has a word for every value the page model can carry', () => {
    const reasonFrom = ReviewViewSchema.shape.documents.element.shape.reasons.element.shape.from.options;
    const families: Record<string, readonly string[]> = {
      status: ItemStatusSchema.options,
      severity: ['required', 'recommended'],
      dateSource: DateSourceSchema.options,
      physicalKind: PhysicalItemSchema.shape.kind.options,
      reason: reasonFrom,
      phase: ['scan', 'merge', 'index', 'zip', 'done'],
    };
    for (const [family, values] of Object.entries(families)) {
      expect(script, family).toContain(`\`${family}.\${`);
      for (const value of values) expect(strings[`${family}.${value}`], `${family}.${value}`).toBeTruthy();
    }
  });

  it('speaks to people, not programmers: no codes, stack words or jargon in the English', () => {
    for (const [key, text] of Object.entries(strings)) {
      expect(text, key).not.toMatch(/\b(undefined|null|exception|stack|errno|ENOENT|HTTP|JSON|override|DICOM UID)\b/i);
    }
  });
});
